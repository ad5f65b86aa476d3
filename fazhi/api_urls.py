"""The REST API under /api/v1/: each app registers its viewsets on the one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fazhi.core.api import ObtainToken, RevokeToken
from fazhi.core.api_views import register as register_core
from fazhi.disclosure.api import register as register_disclosure
from fazhi.education.api import register as register_education
from fazhi.enforcement.api import register as register_enforcement
from fazhi.grid.api import register as register_grid
from fazhi.legal.api import register as register_legal
from fazhi.litigation.api import register as register_litigation
from fazhi.mediation.api import register as register_mediation
from fazhi.petitions.api import register as register_petitions
from fazhi.planning.api import register as register_planning
from fazhi.reports.api import register as register_reports

router = DefaultRouter()
register_core(router)
register_enforcement(router)
register_grid(router)
register_mediation(router)
register_litigation(router)
register_petitions(router)
register_legal(router)
register_disclosure(router)
register_education(router)
register_planning(router)
register_reports(router)

urlpatterns = [
    path("auth/token/", ObtainToken.as_view(), name="api-token"),
    path("auth/token/revoke/", RevokeToken.as_view(), name="api-token-revoke"),
    path("", include(router.urls)),
]
