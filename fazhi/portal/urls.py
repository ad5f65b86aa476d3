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
    path("<str:code>/figures/", views.figures_page, name="figures"),
    path("<str:code>/reports/<int:pk>/<str:fmt>/", views.report_download, name="report_download"),
]
