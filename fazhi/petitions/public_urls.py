"""Public submissions and tracking under /public/petitions/ (no account)."""

from django.urls import path

from fazhi.petitions import online

app_name = "petitions_public"

urlpatterns: list = [
    path("submit/", online.submit_view, name="submit"),
    path("track/", online.track, name="track"),
]
