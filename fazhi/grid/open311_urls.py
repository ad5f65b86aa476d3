"""Open311 GeoReport v2 under /open311/v2/ (fazhi.grid.open311): JSON or XML by the suffix."""

from django.urls import path, re_path

from fazhi.grid import open311 as v

app_name = "open311"

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    path("", v.discovery, name="discovery"),
    re_path(r"^discovery" + FMT, v.discovery, name="discovery_format"),
    re_path(r"^services" + FMT, v.services, name="services"),
    re_path(r"^services/(?P<code>[0-9A-Za-z_-]{1,20})" + FMT, v.service_definition, name="service"),
    re_path(r"^requests" + FMT, v.requests_view, name="requests"),
    re_path(r"^requests/(?P<pk>[0-9]{1,11})" + FMT, v.request_detail, name="request"),
]
