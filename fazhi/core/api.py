"""Shared REST API pieces: the scoped base viewset and the error handler."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.core import ledger, pii, security
from fazhi.core.ledger import acting_as
from fazhi.core.scoping import ensure_writable, narrow_choices
from fazhi.core.workflow import TransitionRefused


class ScopedPermission(permissions.BasePermission):
    """Reading needs the model's read permission (somewhere: the queryset keeps what the user
    may read); writing needs the viewset's `write_permission` over the record's region. Steps
    of a workflow (`workflow_actions`) are checked by the workflow itself (its roles over the
    record's region), so they need only the read permission here."""

    message = _("您没有执行此操作的权限")

    def _read_permission(self, view) -> str:
        return view.get_queryset().model.read_permission

    def _writing(self, request, view) -> bool:
        return request.method not in permissions.SAFE_METHODS and getattr(view, "action", "") not in getattr(
            view, "workflow_actions", ()
        )

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated and user.can(self._read_permission(view))):
            return False
        return not self._writing(request, view) or user.can(view.write_permission)

    def has_object_permission(self, request, view, obj):
        if not self._writing(request, view):
            return True
        return request.user.can(view.write_permission, region=obj.region)


class ScopedViewSetMixin:
    """Every API queryset goes through visible_to(request.user); the actor of ledger entries
    is the authenticated API user (token or session). A write runs in one transaction and must
    leave the record in the user's writable scope (`write_permission`), or it rolls back (403)."""

    write_permission: str = ""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}

    def perform_create(self, serializer, **extra):
        with transaction.atomic():
            instance = serializer.save(**extra)
            ensure_writable(instance, self.request.user, self.write_permission)

    def perform_update(self, serializer, **extra):
        with transaction.atomic():
            instance = serializer.save(**extra)
            ensure_writable(instance, self.request.user, self.write_permission)

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
    permission_classes = [ScopedPermission]


class ScopedSerializer(serializers.ModelSerializer):
    """Related choices limited to what the user may use when writing under the viewset's
    `write_permission` (another town's body, party or region is "not found"); the model's
    clean() runs, its errors reported against their fields. Every personal-information field
    of the model (`pii.pii_fields_of`) is answered masked unless the user may see the record's
    personal information in full (`pii.may_see_full`: VIEW_PII over its region)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        fields = pii.pii_fields_of(type(instance))
        shown = [name for name in fields if isinstance(data.get(name), str) and data[name]]
        if shown and not pii.may_see_full(self.context.get("user"), instance):
            for name in shown:
                if (
                    fields[name] == pii.NAME
                    and name == "name"
                    and getattr(instance, "is_citizen", None) is False
                ):
                    continue  # an organization's name is not personal information
                data[name] = pii.mask(fields[name], data[name])
        return data

    def get_fields(self):
        fields = super().get_fields()
        user = self.context.get("user")
        view = self.context.get("view")
        if user is not None:
            narrow_choices(fields, user, getattr(view, "write_permission", "") or "")
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance or self.Meta.model()
        # A scratch copy (its own ModelState, so the instance's related-object cache is untouched)
        scratch = type(instance)()
        scratch.__dict__.update({k: v for k, v in instance.__dict__.items() if not k.startswith("_")})
        scratch._state.adding, scratch._state.db = instance._state.adding, instance._state.db
        for name, value in attrs.items():
            if not isinstance(self.fields.get(name), serializers.ManyRelatedField):
                setattr(scratch, name, value)
        region_from = getattr(scratch, "region_from", "")
        if not scratch.region_id and region_from:
            parent = getattr(scratch, region_from, None)
            if parent is not None:
                scratch.region_id = parent.region_id
        try:
            scratch.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
            ) from None
        return attrs


def exception_handler(exc, context):
    """A refused step is 409 {"detail", "code", "article", "data": {field: [reason]}}: 403 when
    the user holds no role for it over the record's region, 400 when its input does not clean
    (every field's errors) or the step is unknown; a change of a closed record is 409
    "frozen"."""
    from fazhi.core.frozen import RecordFrozen

    if isinstance(exc, TransitionRefused):
        if exc.forbidden:
            return Response({"detail": exc.reason, "code": exc.code}, status=status.HTTP_403_FORBIDDEN)
        if exc.code in ("invalid", "unknown"):
            answer = exc.as_dict()
            if exc.code == "unknown":  # the step's name itself
                answer = {**answer, **answer.pop("data")}
            return Response(answer, status=status.HTTP_400_BAD_REQUEST)
        return Response(exc.as_dict(), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RecordFrozen):
        return Response({"detail": exc.reason, "code": exc.code}, status=status.HTTP_409_CONFLICT)
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
