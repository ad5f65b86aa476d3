from django.urls import path

from fazhi.core import views

app_name = "core"

urlpatterns = [
    path("deadlines/", views.home, name="deadlines"),
    path("regions/", views.home, name="region_list"),
    path("imports/", views.home, name="import_list"),
    path("users/", views.home, name="user_list"),
    path("calendar/", views.home, name="calendar"),
    path("audit/", views.home, name="audit"),
]
