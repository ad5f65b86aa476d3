"""The public portal under /public/: no account, readable without JavaScript."""

from django.urls import path

from fazhi.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:code>/", views.town, name="town"),
    path("<str:code>/enforcement/", views.enforcement, name="enforcement"),
    path("<str:code>/decisions/", views.decisions, name="decisions"),
    path("<str:code>/disclosure/", views.disclosure, name="disclosure"),
    path("<str:code>/legal/", views.legal_services, name="legal"),
    path("<str:code>/advisers/<int:pk>/photo/", views.adviser_photo, name="adviser_photo"),
    path("<str:code>/major-decisions/", views.major_decisions, name="major_decisions"),
    path("<str:code>/major-decisions/<int:pk>/", views.major_decision, name="major_decision"),
    path(
        "<str:code>/major-decisions/<int:pk>/comment/",
        views.major_decision_comment,
        name="major_decision_comment",
    ),
    path("<str:code>/figures/", views.figures_page, name="figures"),
    path("<str:code>/reports/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]
