from fazhi.disclosure import views

app_name = "disclosure"

urlpatterns = [*views.urlpatterns]
