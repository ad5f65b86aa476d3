from fazhi.grid.views import urlpatterns as urlpatterns  # noqa: PLC0414

app_name = "grid"
