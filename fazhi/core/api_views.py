"""Core's API: regions, deadlines, the files attached to records and, for the auditor, the ledger."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, renderers, serializers, viewsets
from rest_framework.decorators import action

from fazhi.core import attachments, audit, roles
from fazhi.core.api import AttachmentBriefSerializer, ScopedReadOnlyViewSet, ScopedViewSetMixin
from fazhi.core.models import Attachment, Deadline, LedgerEntry, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "kind", "parent", "path", "households", "population"]


class RegionViewSet(ScopedReadOnlyViewSet):
    """Regions the user may see: their own subtrees (and the ancestors are not listed)."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_fields = ["kind", "parent"]
    ordering = "path"

    def get_queryset(self):
        return Region.objects.visible_to(self.request.user).order_by("path")


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = [
            "id",
            "object_repr",
            "code",
            "label",
            "rule",
            "starts_on",
            "days",
            "working_days",
            "due_on",
            "calendar_note",
            "status",
            "met_at",
            "met_late",
        ]


class DeadlineViewSet(ScopedReadOnlyViewSet):
    queryset = Deadline.objects.all()
    serializer_class = DeadlineSerializer
    filterset_fields = ["status", "code"]
    ordering = "due_on"


class AnyContentRenderer(renderers.BaseRenderer):
    """Lets a client that asks for the file's own type (Accept: image/jpeg) get it: the answer
    is the file itself, not data for a renderer."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class AttachmentViewSet(ScopedViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A file attached to a record, read where its record is readable (another town's file is
    404): `GET attachments/{id}/` describes it, `GET attachments/{id}/download/` serves it
    (`?download=1`: as a download even when a browser could show it). Files are uploaded to
    their record's endpoint (`POST …/{id}/attachments/`, `core.api.AttachmentsMixin`)."""

    queryset = Attachment.objects.all()
    serializer_class = AttachmentBriefSerializer

    @extend_schema(
        responses={(200, "*/*"): OpenApiTypes.BINARY},
        parameters=[OpenApiParameter("download", bool, description="always as a download")],
    )
    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, AnyContentRenderer])
    def download(self, request, pk=None):
        """The stored file itself (shown inline when a browser can, sandboxed)."""
        return attachments.serve(self.get_object(), download=request.query_params.get("download") == "1")


class IsAuditor(permissions.BasePermission):
    """The audit trail is the auditor's (三员分立): no domain role and no other administrator."""

    message = _("只有审计管理员可以查阅审计日志")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.can(roles.AUDIT))


class LedgerEntrySerializer(serializers.ModelSerializer):
    """An entry as the auditor's page shows it: personal information in its content masked."""

    object_repr = serializers.SerializerMethodField()
    data = serializers.SerializerMethodField()

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "at",
            "actor_id",
            "actor_name",
            "source",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "region_path",
            "data",
            "digests",
            "operation",
            "chain",
            "seq",
            "algorithm",
            "hash",
        ]

    def get_object_repr(self, entry) -> str:
        return audit.masked_repr(entry)

    def get_data(self, entry) -> dict:
        return audit.masked_data(entry)


class LedgerEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The ledger for the auditor (and another system holding the auditor's token): search by
    actor, action (a trailing * for a prefix), object type and id, dates — the audit page's
    filters — newest first, by cursor. E.g. `?object_type=grid.event&object_id=12`."""

    queryset = LedgerEntry.objects.all()
    serializer_class = LedgerEntrySerializer
    permission_classes = [IsAuditor]
    filterset_class = audit.LedgerFilter
    ordering = "-id"


def register(router) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("deadlines", DeadlineViewSet, basename="deadline")
    router.register("attachments", AttachmentViewSet, basename="attachment")
    router.register("audit/entries", LedgerEntryViewSet, basename="audit-entry")
