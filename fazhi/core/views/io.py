from django.urls import path

from fazhi.core.views.base import home

# Placeholder route until this area's pages land.
urlpatterns = [
    path("imports/", home, name="import_list"),
]
