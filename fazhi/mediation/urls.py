from fazhi.mediation import views

app_name = "mediation"

urlpatterns = [*views.urlpatterns]
