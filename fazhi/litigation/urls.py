app_name = "litigation"

urlpatterns: list = []
