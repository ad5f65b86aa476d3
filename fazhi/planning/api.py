"""The planning app's REST API (registered in fazhi/api_urls.py): the work plans (with the
document through `plans/{id}/attachments/`), their tasks, progress reports (the task's
responsible leader or the 党政办) and the first responsible persons' duties."""

from __future__ import annotations

from django.db import transaction
from rest_framework import exceptions, serializers

from fazhi.core import roles
from fazhi.core.api import AttachmentsField, AttachmentsMixin, ScopedModelViewSet, ScopedSerializer
from fazhi.core.scoping import ensure_writable
from fazhi.planning.filters import DutyFilterSet, PlanFilterSet, TaskFilterSet
from fazhi.planning.forms import people_for
from fazhi.planning.models import Duty, Progress, Task, WorkPlan
from fazhi.planning.views import may_report

WRITE = ["get", "post", "patch", "head", "options"]
CREATE = ["get", "post", "head", "options"]


class PlanSerializer(ScopedSerializer):
    files = AttachmentsField()

    class Meta:
        model = WorkPlan
        fields = [
            "id",
            "region",
            "year",
            "title",
            "document_number",
            "adopted_on",
            "on_agenda",
            "agenda_note",
            "content",
            "files",
        ]


class TaskSerializer(ScopedSerializer):
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "number",
            "title",
            "unit",
            "leader",
            "deadline",
            "status",
            "done_on",
            "is_late",
        ]
        read_only_fields = ["status", "done_on"]  # set by a progress report that says it is done

    def get_fields(self):
        fields = super().get_fields()
        user = self.context.get("user")
        if user is not None and user.is_authenticated:
            fields["leader"].queryset = people_for(user)
        return fields

    def create(self, validated_data):
        validated_data["region"] = validated_data["plan"].region
        return super().create(validated_data)


class ProgressSerializer(ScopedSerializer):
    done_on = serializers.DateField(required=False, write_only=True, help_text="任务已完成时的完成日期")

    class Meta:
        model = Progress
        fields = ["id", "task", "reported_on", "note", "reported_by", "done_on"]
        read_only_fields = ["reported_by"]


class DutySerializer(ScopedSerializer):
    class Meta:
        model = Duty
        fields = ["id", "region", "person", "kind", "done_on", "title", "text"]

    def get_fields(self):
        fields = super().get_fields()
        user = self.context.get("user")
        if user is not None and user.is_authenticated:
            fields["person"].queryset = people_for(user)
        return fields


class PlanViewSet(AttachmentsMixin, ScopedModelViewSet):
    queryset = WorkPlan.objects.select_related("region")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    write_permission = roles.PLAN_MANAGE
    http_method_names = WRITE
    ordering = "-id"


class TaskViewSet(ScopedModelViewSet):
    queryset = Task.objects.select_related("plan", "region", "leader")
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    write_permission = roles.PLAN_MANAGE
    http_method_names = WRITE
    ordering = "-id"


class ProgressViewSet(ScopedModelViewSet):
    """Progress on a task: by its responsible leader (planning.report) or the 党政办."""

    queryset = Progress.objects.select_related("task", "region")
    serializer_class = ProgressSerializer
    write_permission = roles.PLAN_REPORT
    http_method_names = CREATE
    ordering = "-id"

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        user = self.request.user
        if "task" in getattr(serializer, "fields", {}):
            serializer.fields["task"].queryset = Task.objects.visible_to(user).select_related(
                "leader", "region"
            )
        return serializer

    def perform_create(self, serializer):
        task = serializer.validated_data["task"]
        if not may_report(self.request.user, task):
            raise exceptions.PermissionDenied("只有该任务的责任领导或党政办可以填报进展")
        done_on = serializer.validated_data.pop("done_on", None)
        with transaction.atomic():
            progress = serializer.save(region=task.region, reported_by=self.request.user)
            ensure_writable(progress, self.request.user, roles.PLAN_REPORT)
            if done_on is not None:
                task.status, task.done_on = Task.Status.DONE, done_on
                task.save()


class DutyViewSet(ScopedModelViewSet):
    queryset = Duty.objects.select_related("region", "person")
    serializer_class = DutySerializer
    filterset_class = DutyFilterSet
    write_permission = roles.PLAN_MANAGE
    http_method_names = CREATE
    ordering = "-id"


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("planning/plans", PlanViewSet, basename="planning-plan")
    router.register("planning/tasks", TaskViewSet, basename="planning-task")
    router.register("planning/progress", ProgressViewSet, basename="planning-progress")
    router.register("planning/duties", DutyViewSet, basename="planning-duty")
