"""The grid app's REST API (registered in fazhi/api_urls.py), under /api/v1/grid/:

- `grid/events`: scoped like the pages (a grid worker's token sees their grid only); `POST`
  reports through `workflow.report` (the 受理 clock starts); the loop's steps through core's
  `WorkflowStepsMixin` (`GET {id}/steps/`, `POST {id}/steps/{step}/`); photos through
  `AttachmentsMixin` (`POST {id}/attachments/`); each event's open clocks and files. Events are
  not edited or deleted: what changes after the report is a step's.
- `grid/categories`: the two-level category tree (read only, for whoever reads grid events).
- `grid/patrols`: patrol logs, logged through `workflow.log_patrol`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response

from fazhi.core import roles
from fazhi.core.api import (
    AttachmentsField,
    AttachmentsMixin,
    OpenDeadlinesField,
    ScopedModelViewSet,
    ScopedSerializer,
    WorkflowStepsMixin,
)
from fazhi.core.models import Region, RegionKind
from fazhi.grid import workflow
from fazhi.grid.filters import EventFilterSet, PatrolFilterSet
from fazhi.grid.models import Event, EventCategory, PatrolLog

CREATE_ONLY = ["get", "post", "head", "options"]  # events and patrols are not edited or deleted here


def _grids():
    return Region.objects.filter(kind=RegionKind.GRID)


def _as_drf(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


class EventSerializer(ScopedSerializer):
    # optional with coordinates: the event falls into the grid whose boundary holds the point
    region = serializers.PrimaryKeyRelatedField(queryset=_grids(), label="网格", required=False)
    category_name = serializers.CharField(source="category.__str__", read_only=True)
    dispatched_to_name = serializers.CharField(source="dispatched_label", read_only=True)
    solved = serializers.BooleanField(read_only=True)
    open_deadlines = OpenDeadlinesField()
    attachments = AttachmentsField()
    client_key = serializers.CharField(
        required=False, allow_blank=True, max_length=64, write_only=True, label="上报标识（离线草稿的幂等键）"
    )

    def validate_source(self, value):
        if value == Event.Source.OPEN311:
            raise serializers.ValidationError(_("“Open311”来源只用于接入系统经 /open311/v2/ 提交的事件"))
        return value

    class Meta:
        model = Event
        fields = [
            "id",
            "region",
            "category",
            "category_name",
            "source",
            "description",
            "latitude",
            "longitude",
            "address",
            "urgency",
            "citizen_name",
            "citizen_phone",
            "reported_at",
            "captured_at",
            "client_key",
            "reporter",
            "state",
            "accepted_at",
            "dismiss_reason",
            "dismiss_note",
            "dispatched_at",
            "dispatched_to",
            "dispatched_office",
            "dispatched_to_name",
            "dispatched_by",
            "returned_from",
            "return_reason",
            "returned_at",
            "return_count",
            "resolved_at",
            "resolution_kind",
            "resolution",
            "solved",
            "checked_at",
            "check_note",
            "rework_count",
            "satisfaction",
            "satisfaction_comment",
            "followed_up_at",
            "archived_at",
            "suspension_status",
            "suspension_reason",
            "suspended_at",
            "resumed_at",
            "is_legacy",
            "legacy_reason",
            "leapfrog_to",
            "leapfrog_reason",
            "leapfrogged_at",
            "instruction",
            "instructed_at",
            "open_deadlines",
            "attachments",
        ]
        # (reporter, client_key) is unique, but a report without a key is fine and a retry with one
        # returns the first event (EventViewSet.create): no generated unique-together validator
        validators = []
        # after the report, every change is a step's (events/{id}/steps/)
        read_only_fields = [
            "reported_at",
            "reporter",
            "state",
            "accepted_at",
            "dismiss_reason",
            "dismiss_note",
            "dispatched_at",
            "dispatched_to",
            "dispatched_office",
            "dispatched_by",
            "returned_from",
            "return_reason",
            "returned_at",
            "return_count",
            "resolved_at",
            "resolution_kind",
            "resolution",
            "checked_at",
            "check_note",
            "rework_count",
            "satisfaction",
            "satisfaction_comment",
            "followed_up_at",
            "archived_at",
            "suspension_status",
            "suspension_reason",
            "suspended_at",
            "resumed_at",
            "is_legacy",
            "legacy_reason",
            "leapfrog_to",
            "leapfrog_reason",
            "leapfrogged_at",
            "instruction",
            "instructed_at",
        ]


class EventViewSet(WorkflowStepsMixin, AttachmentsMixin, ScopedModelViewSet):
    """Grid events. `POST` reports one (as `workflow.report`: grid.report over its grid); the
    steps of the loop through `steps/`; photos through `attachments/`."""

    queryset = Event.objects.select_related("category", "category__parent", "region", "dispatched_to")
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    write_permission = roles.GRID_REPORT
    workflows = (workflow.EVENT,)
    http_method_names = CREATE_ONLY

    def create(self, request, *args, **kwargs):
        """上报, idempotent on `client_key`: a retry of a draft already received answers 200 with
        the first event (and creates nothing); a new report answers 201."""
        first = workflow.already_reported(request.user, str(request.data.get("client_key", "")).strip())
        if first is not None:
            return Response(self.get_serializer(first).data, status=status.HTTP_200_OK)
        response = super().create(request, *args, **kwargs)
        if not getattr(self, "_created", True):
            response.status_code = status.HTTP_200_OK
        return response

    def perform_create(self, serializer):
        try:
            serializer.instance, self._created = workflow.report_once(
                self.request.user, dict(serializer.validated_data)
            )
        except DjangoValidationError as error:
            raise _as_drf(error) from None


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = EventCategory
        fields = [
            "id",
            "code",
            "name",
            "parent",
            "handling_unit",
            "is_public",
            "is_active",
            "accept_hours",
            "handle_days",
            "check_days",
        ]


class ReadsGridEvents(permissions.BasePermission):
    """The category tree is the county's: whoever reads grid events somewhere reads it."""

    message = "您没有查看网格事件的权限"

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.can(roles.GRID_VIEW))


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Event categories (大类 with `parent` empty, 小类 under one)."""

    queryset = EventCategory.objects.filter(is_active=True).order_by("order", "code")
    serializer_class = CategorySerializer
    permission_classes = [ReadsGridEvents]
    pagination_class = None


class PatrolSerializer(ScopedSerializer):
    region = serializers.PrimaryKeyRelatedField(queryset=_grids(), label="网格")

    class Meta:
        model = PatrolLog
        fields = ["id", "region", "day", "households_visited", "notes", "worker"]
        read_only_fields = ["worker"]


class PatrolViewSet(ScopedModelViewSet):
    queryset = PatrolLog.objects.select_related("region", "worker")
    serializer_class = PatrolSerializer
    filterset_class = PatrolFilterSet
    write_permission = roles.GRID_REPORT
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        try:
            serializer.instance = workflow.log_patrol(self.request.user, dict(serializer.validated_data))
        except DjangoValidationError as error:
            raise _as_drf(error) from None


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("grid/events", EventViewSet, basename="grid-event")
    router.register("grid/categories", CategoryViewSet, basename="grid-category")
    router.register("grid/patrols", PatrolViewSet, basename="grid-patrol")
