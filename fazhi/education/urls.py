from fazhi.education import views

app_name = "education"

urlpatterns = [*views.urlpatterns]
