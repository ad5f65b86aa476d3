"""Public submissions and tracking under /public/disclosure/ (no account)."""

from django.urls import path

from fazhi.disclosure import online

app_name = "disclosure_public"

urlpatterns: list = [
    path("apply/", online.apply, name="apply"),
    path("track/", online.track, name="track"),
]
