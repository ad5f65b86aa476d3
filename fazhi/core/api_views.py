from __future__ import annotations

from rest_framework import serializers

from fazhi.core.api import ScopedReadOnlyViewSet
from fazhi.core.models import Deadline, Region


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


def register(router) -> None:
    router.register("regions", RegionViewSet, basename="region")
    router.register("deadlines", DeadlineViewSet, basename="deadline")
