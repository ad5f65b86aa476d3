"""The REST API under /api/v1/: each app registers its viewsets on the one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from fazhi.core.api_views import register as register_core

router = DefaultRouter()
register_core(router)

urlpatterns = [
    path("", include(router.urls)),
]
