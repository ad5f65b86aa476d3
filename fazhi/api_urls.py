"""The REST API under /api/v1/: each app registers its viewsets on the one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fazhi.core.api import ObtainToken
from fazhi.core.api_views import register as register_core
from fazhi.enforcement.api import register as register_enforcement
from fazhi.grid.api import register as register_grid
from fazhi.mediation.api import register as register_mediation

router = DefaultRouter()
register_core(router)
register_enforcement(router)
register_grid(router)
register_mediation(router)

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("", include(router.urls)),
]
