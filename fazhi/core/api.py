"""Shared REST API pieces: the scoped base viewset and the error handler."""

from __future__ import annotations

from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.core.ledger import acting_as
from fazhi.core.workflow import TransitionRefused


class ScopedViewSetMixin:
    """Every API queryset goes through visible_to(request.user); the actor of ledger entries
    is the authenticated API user (token or session)."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._acting = acting_as(request.user, "api")
        self._acting.__enter__()

    def finalize_response(self, request, response, *args, **kwargs):
        acting = getattr(self, "_acting", None)
        if acting is not None:
            acting.__exit__(None, None, None)
            self._acting = None
        return super().finalize_response(request, response, *args, **kwargs)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


def exception_handler(exc, context):
    if isinstance(exc, TransitionRefused):
        return Response({"detail": exc.reason, "code": "transition_refused"}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
