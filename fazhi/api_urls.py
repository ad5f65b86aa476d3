"""The REST API under /api/v1/: each app registers its viewsets on the one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fazhi.core.api import ObtainToken
from fazhi.core.api_views import register as register_core
from fazhi.enforcement.api import register as register_enforcement

router = DefaultRouter()
register_core(router)
register_enforcement(router)

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("", include(router.urls)),
]
