from fazhi.planning import views

app_name = "planning"

urlpatterns = [*views.urlpatterns]
