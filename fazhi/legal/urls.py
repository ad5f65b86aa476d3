from fazhi.legal import views

app_name = "legal"

urlpatterns = [*views.urlpatterns]
