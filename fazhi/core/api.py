"""Shared REST API pieces: the scoped base viewset and serializer, the error handler, and the
kit every app's API is declared with:

- `OpenDeadlinesField` / `AttachmentsField`: a record's open deadlines (due, days left, warning
  or overdue, paused, rule, explain URL) and its files (name, size, type, digest, download URL),
  read where the owner's model is readable (`OwnedQuerySet`) and loaded for a whole page of a
  list in one query per kind (`PageListSerializer`, the list class of every ScopedSerializer);
- `WorkflowStepsMixin`: `GET {id}/steps/` (each next step, allowed or refused with its reason,
  code, field and article) and `POST {id}/steps/{name}/` (fired through `Workflow.fire`: 409
  with the refusal, 403 without the step's role over the record's region);
- `AttachmentsMixin`: `POST {id}/attachments/` (multipart `file`, optional `caption`) through
  `attachments.attach` — content-addressed, size and type checked, digest in the ledger; 403
  outside the writable scope, 400 naming the file and the reason, nothing stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.core import attachments, deadlines, pii, security
from fazhi.core.ledger import acting_as
from fazhi.core.models import Attachment, Deadline
from fazhi.core.scoping import ensure_writable, narrow_choices
from fazhi.core.workflow import Option, TransitionRefused, Workflow


class ScopedPermission(permissions.BasePermission):
    """Reading needs the model's read permission (somewhere: the queryset keeps what the user
    may read); writing needs the viewset's `write_permission` over the record's region. Steps
    of a workflow (`workflow_actions`) are checked by the workflow itself (its roles over the
    record's region), so they need only the read permission here."""

    message = _("您没有执行此操作的权限")

    def _read_permission(self, view) -> str:
        return view.get_queryset().model.read_permission

    def _writing(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return False
        checked_by_workflow = (*getattr(view, "workflow_actions", ()), *getattr(view, "step_actions", ()))
        return getattr(view, "action", "") not in checked_by_workflow

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


# --- a record's open deadlines and files, loaded once per page -------------------------------------


def _absolute(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


def _reader(context):
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    return user


class DeadlineBriefSerializer(serializers.ModelSerializer):
    """An open deadline as a record shows it: the rule, the due day (and moment, for working
    hours), days left, how it stands (ok, warning, overdue, paused) and where the computation
    is explained."""

    days_left = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField()
    standing = serializers.SerializerMethodField()
    paused = serializers.SerializerMethodField()
    explain_url = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "code",
            "label",
            "rule",
            "starts_on",
            "days",
            "unit",
            "working_days",
            "due_on",
            "due_at",
            "days_left",
            "level",
            "standing",
            "paused",
            "calendar_note",
            "explain_url",
        ]

    def get_days_left(self, obj) -> int:
        return deadlines.days_left(obj)

    def get_level(self, obj) -> str:
        """ok, warning (yellow), overdue (red) or paused."""
        return deadlines.standing(obj).level

    def get_standing(self, obj) -> str:
        return str(deadlines.standing(obj).text)

    def get_paused(self, obj) -> bool:
        return obj.paused_since is not None

    def get_explain_url(self, obj) -> str:
        return _absolute(self.context, reverse("core:deadline_explain", args=[obj.pk]))


class AttachmentBriefSerializer(serializers.ModelSerializer):
    """A stored file as a record shows it, with the URL that downloads it through the API."""

    name = serializers.CharField(source="original_name", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "name",
            "caption",
            "content_type",
            "size",
            "digest",
            "algorithm",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj) -> str:
        return _absolute(self.context, reverse("attachment-download", args=[obj.pk]))


class PageField(serializers.Field):
    """A read-only field whose rows belong to the record through a generic key (deadlines,
    files). A subclass defines `load(records, user) -> {str(record pk): [rows]}` for records of
    one model, in one query; for a list, `PageListSerializer` calls it once with the whole page,
    a single record loads its own."""

    rows_serializer: type[serializers.Serializer]

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)
        self.page: dict[str, list] | None = None

    def to_representation(self, obj):
        found = self.page if self.page is not None else self.load([obj], _reader(self.context))
        rows = found.get(str(obj.pk), [])
        return self.rows_serializer(rows, many=True, context=self.context).data


@extend_schema_field(DeadlineBriefSerializer(many=True))
class OpenDeadlinesField(PageField):
    """The record's open deadlines the reader may read, soonest first."""

    rows_serializer = DeadlineBriefSerializer

    def load(self, records, user):
        found: dict[str, list] = {}
        if records:
            rows = Deadline.objects.visible_to(user).filter(
                content_type=ContentType.objects.get_for_model(records[0]),
                object_id__in=[str(r.pk) for r in records],
                status=Deadline.Status.OPEN,
            )
            for deadline in rows.order_by("due_on", "id"):
                found.setdefault(deadline.object_id, []).append(deadline)
        return found


@extend_schema_field(AttachmentBriefSerializer(many=True))
class AttachmentsField(PageField):
    """The record's files the reader may read, newest first."""

    rows_serializer = AttachmentBriefSerializer

    def load(self, records, user):
        return attachments.for_owners(records, user)


class PageListSerializer(serializers.ListSerializer):
    """A page of records: each `PageField` of the child loads its rows for the whole page in one
    query (not one per record)."""

    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        page_fields = [f for f in self.child.fields.values() if isinstance(f, PageField)]
        user = _reader(self.context)
        for field in page_fields:
            field.page = field.load(items, user)
        try:
            return super().to_representation(items)
        finally:
            for field in page_fields:
                field.page = None


class ScopedSerializer(serializers.ModelSerializer):
    """Related choices limited to what the user may use when writing under the viewset's
    `write_permission` (another town's body, party or region is "not found"); the model's
    clean() runs, its errors reported against their fields. Every personal-information field
    of the model (`pii.pii_fields_of`) is answered masked unless the user may see the record's
    personal information in full (`pii.may_see_full`: VIEW_PII over its region). A list of them
    is a `PageListSerializer` unless the serializer names its own."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        meta = getattr(cls, "Meta", None)
        if meta is not None and not hasattr(meta, "list_serializer_class"):
            meta.list_serializer_class = PageListSerializer

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


# --- workflow steps and uploads on a record's endpoint ----------------------------------------------


class StepOptionSerializer(serializers.Serializer):
    """A next step as offered to the user (the schema of `GET {id}/steps/`)."""

    name = serializers.CharField()
    label = serializers.CharField()
    allowed = serializers.BooleanField()
    reason = serializers.CharField(
        allow_null=True, help_text="why it is refused (Chinese), null when allowed"
    )
    code = serializers.CharField(allow_null=True, help_text="the refusal's stable code")
    field = serializers.CharField(allow_null=True, help_text="the field the refusal concerns")
    article = serializers.CharField(allow_blank=True, help_text="the article of law it enforces")
    style = serializers.CharField()
    fields = serializers.ListField(child=serializers.CharField(), help_text="the step's input fields")


class StepFiredSerializer(serializers.Serializer):
    """The answer of `POST {id}/steps/{step}/`: the record after the step and its ledger entry."""

    record = serializers.DictField()
    ledger_entry = serializers.IntegerField()


def step_option(option: Option) -> dict:
    reason = option.reason
    transition = option.transition
    return {
        "name": transition.name,
        "label": str(transition.label),
        "allowed": option.allowed,
        "reason": None if reason is None else str(reason),
        "code": getattr(reason, "code", None),
        "field": getattr(reason, "field", None),
        "article": getattr(reason, "article", ""),
        "style": transition.style,
        "fields": list(transition.form.base_fields) if transition.form else [],
    }


class WorkflowStepsMixin:
    """A record's workflow steps on its viewset: `GET {id}/steps/` lists each next step, allowed
    or refused with its reason, code, field and article; `POST {id}/steps/{step}/` fires one
    through `Workflow.fire` with the request's body as the step's input (cleaned by the step's
    form). A refusal is 409 `{"detail", "code", "article", "data": {field: [reason]}}`, bad input
    400 naming the field, no role for the step over the record's region 403, a record out of
    the reader's scope 404 (`exception_handler`). The workflow checks the roles itself, so the
    viewset's `write_permission` is not asked for (`step_actions`).

    Declare `workflows`; override `offered_steps` to leave out steps that do not apply to a
    record, `fire` to go through the app's own door."""

    workflows: Sequence[Workflow] = ()
    step_actions = ("steps", "fire_step")

    def offered_steps(self, obj, user) -> list[Option]:
        return [option for flow in self.workflows for option in flow.options(obj, user)]

    def fire(self, obj, name: str, user, data: dict):
        for flow in self.workflows:
            if name in flow:
                return flow.fire(obj, name, user, data)
        raise exceptions.NotFound(_("未知的操作：%(name)s") % {"name": name})

    @extend_schema(responses=StepOptionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], pagination_class=None)
    def steps(self, request, pk=None):
        """The next steps of this record: each allowed, or refused with the reason (Chinese,
        citing the article), its stable code, the field it concerns and the article."""
        record = self.get_object()
        return Response([step_option(o) for o in self.offered_steps(record, request.user)])

    @extend_schema(
        request={"application/json": OpenApiTypes.OBJECT},
        responses=StepFiredSerializer,
        parameters=[OpenApiParameter("step", str, OpenApiParameter.PATH, description="the step's name")],
        filters=False,
    )
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[a-z0-9_]+)", url_name="step")
    def fire_step(self, request, pk=None, step=None):
        """Take step `step` with the body as its input (the step's form fields). 200 with the
        record and the ledger entry; 409 `{"detail", "code", "article", "data": {field:
        [reason]}}` when the law refuses it, 400 naming the field for bad input, 403 without the
        step's role over the record's region, 404 for an unknown step."""
        record = self.get_object()
        if not hasattr(request.data, "items"):
            return Response({"non_field_errors": [_("应为对象（字段名: 值）")]}, status=400)
        # keys starting with "_" are the workflow's own (what a step carries internally)
        data = {k: v for k, v in _items(request.data) if not str(k).startswith("_")}
        entry = self.fire(record, step, request.user, data)
        fresh = self.get_queryset().filter(pk=record.pk).first() or record
        return Response({"record": self.get_serializer(fresh).data, "ledger_entry": entry.pk})


def _items(data):
    """A request body's fields: lists stay lists (a multipart body repeats a field)."""
    if hasattr(data, "lists"):
        return [(k, v if len(v) > 1 else v[0]) for k, v in data.lists()]
    return data.items()


class UploadSerializer(serializers.Serializer):
    """The body of `POST {id}/attachments/` (the schema)."""

    file = serializers.FileField()
    caption = serializers.CharField(required=False, allow_blank=True, max_length=200)


class AttachmentsMixin:
    """Files uploaded to a record over the API: `POST {id}/attachments/` with a multipart `file`
    (and an optional `caption`) goes through `attachments.attach`, the function the web forms
    use: checked (size, type sniffed against the name, no programs), stored content-addressed,
    its digest in the ledger entry. 201 with the stored file; 400 naming the file and why,
    nothing stored; 403 outside the scope where the user holds `attachment_permission` (the
    viewset's `write_permission` unless set); 409 on a closed record."""

    attachment_permission: str = ""

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={201: AttachmentBriefSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        """Upload a file (multipart `file`, optional `caption`) to this record: 201 with the
        stored file (digest, download URL); 400 naming the file and why, nothing stored."""
        owner = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            return Response({"file": [_("请选择要上传的文件")]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            with transaction.atomic():
                stored = attachments.attach(
                    upload,
                    owner=owner,
                    user=request.user,
                    caption=str(request.data.get("caption") or ""),
                    permission=self.attachment_permission or self.write_permission,
                )
        except DjangoValidationError as error:
            return Response({"file": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from None
        answer = AttachmentBriefSerializer(stored, context=self.get_serializer_context()).data
        return Response(answer, status=status.HTTP_201_CREATED)


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


class RevokeToken(APIView):
    """POST with the token itself (a device signing out, a system rotating its key): the token
    in use is revoked at once; other tokens of the account stay. 401 without a token."""

    permission_classes = (permissions.IsAuthenticated,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request, *args, **kwargs):
        from fazhi.core import tokens
        from fazhi.core.models import ApiToken

        if not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated(_("请以要撤销的令牌调用（请求头 Authorization: Token …）"))
        tokens.revoke(request.auth, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRequestSerializer(AuthTokenSerializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=100, label="用途（设备或系统）")
    days = serializers.IntegerField(required=False, min_value=1, label="有效天数")


class TokenAnswerSerializer(serializers.Serializer):
    token = serializers.CharField(label="令牌（只显示这一次）")
    id = serializers.IntegerField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class ObtainToken(APIView):
    """POST username and password (and optionally `name`, the device or system it is for, and
    `days` of validity) for a new API token: the key is in the answer once and never again.
    Accounts that sign in with a second factor get no token here (a password alone must not open
    what the login page guards: they issue one on their account page after signing in), and
    accounts whose password must be changed are sent to change it first."""

    authentication_classes = ()
    permission_classes = ()
    parser_classes = (FormParser, MultiPartParser, JSONParser)
    serializer_class = TokenRequestSerializer

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenAnswerSerializer})
    def post(self, request, *args, **kwargs):
        serializer = self.serializer_class(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if security.two_factor_device(user) is not None or security.two_factor_required(user):
            raise exceptions.PermissionDenied(
                _(
                    "使用双因素认证的账户不能通过口令申请接口令牌，请在网页端登录后于“我的账户—接口令牌”中签发。"
                )
            )
        reason = security.password_change_reason(user)
        if reason:
            raise exceptions.PermissionDenied(reason)
        from fazhi.core import tokens

        try:
            data = serializer.validated_data
            token, key = tokens.issue(user, data.get("name", ""), data.get("days"))
        except DjangoValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        return Response({"token": key, "id": token.pk, "name": token.name, "expires_at": token.expires_at})
