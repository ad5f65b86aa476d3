"""Shared REST API pieces: the scoped base viewset and the error handler."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.core import ledger, security
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


class ObtainToken(ObtainAuthToken):
    """POST username and password for an API token. Accounts that sign in with a second
    factor get no token (a password alone must not open what the login page guards), and
    accounts whose password must be changed are sent to change it first."""

    def post(self, request, *args, **kwargs):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if security.two_factor_device(user) is not None or security.two_factor_required(user):
            raise exceptions.PermissionDenied(
                _("使用双因素认证的账户不能通过口令申请接口令牌，请在网页端登录。")
            )
        reason = security.password_change_reason(user)
        if reason:
            raise exceptions.PermissionDenied(reason)
        token, _created = Token.objects.get_or_create(user=user)
        ledger.record("api.token", user, data={"username": user.get_username()}, actor=user, source="api")
        return Response({"token": token.key})
