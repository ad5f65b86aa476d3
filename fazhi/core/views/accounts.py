from django.urls import path

from fazhi.core.views.base import home

# Placeholder route until this area's pages land.
urlpatterns = [
    path("users/", home, name="user_list"),
    path("regions/", home, name="region_list"),
]
