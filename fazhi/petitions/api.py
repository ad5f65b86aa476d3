"""The petitions app's REST API (registered in fazhi/api_urls.py): matters with their
petitioners (masked), registrations, open deadlines and workflow steps
(`petitions/matters/{id}/steps/`); registrations; leader receptions; 包案 records."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from fazhi.core import roles
from fazhi.core.api import OpenDeadlinesField, ScopedModelViewSet, ScopedSerializer, WorkflowStepsMixin
from fazhi.petitions import workflow
from fazhi.petitions.filters import CaseFilterSet, MatterFilterSet, ReceptionFilterSet
from fazhi.petitions.models import Case, Matter, Petitioner, Reception, Registration

READ_AND_CREATE = ["get", "post", "head", "options"]  # matters change by steps, not PUT


class PetitionerSerializer(ScopedSerializer):
    class Meta:
        model = Petitioner
        fields = ["id", "name", "id_number", "phone", "address", "representative"]


class RegistrationBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Registration
        fields = ["id", "level", "registered_on", "body", "abnormal"]
        read_only_fields = fields


class MatterSerializer(ScopedSerializer):
    petitioners = PetitionerSerializer(many=True)
    registrations = RegistrationBriefSerializer(many=True, read_only=True)
    open_deadlines = OpenDeadlinesField()

    class Meta:
        model = Matter
        fields = [
            "id",
            "number",
            "region",
            "received_on",
            "form",
            "source",
            "sender",
            "sender_reference",
            "sender_deadline",
            "national_number",
            "title",
            "content",
            "requests",
            "kind",
            "category",
            "persons",
            "collective",
            "responsible_unit",
            "lead",
            "possible_repeat",
            "repeat_of",
            "same_facts",
            "state",
            "accept_due_on",
            "object_due_on",
            "decided_on",
            "accepted_on",
            "handle_due_on",
            "extended",
            "handled_on",
            "routed_to",
            "answered_on",
            "report_sent_on",
            "satisfaction",
            "concluded_on",
            "petitioners",
            "registrations",
            "open_deadlines",
        ]
        read_only_fields = [
            "number",
            "collective",
            "possible_repeat",
            "repeat_of",
            "same_facts",
            "state",
            "accept_due_on",
            "object_due_on",
            "decided_on",
            "accepted_on",
            "handle_due_on",
            "extended",
            "handled_on",
            "routed_to",
            "answered_on",
            "report_sent_on",
            "satisfaction",
            "concluded_on",
        ]

    def validate_petitioners(self, value):
        if not value:
            raise serializers.ValidationError("至少登记一名信访人")
        return value

    def validate(self, attrs):
        people = attrs.pop("petitioners", None)
        attrs = super().validate(attrs)
        if people is not None:
            attrs["petitioners"] = people
        return attrs

    def create(self, validated_data):
        people = [Petitioner(**row) for row in validated_data.pop("petitioners")]
        matter = Matter(**validated_data)
        return workflow.intake(matter, people, self.context.get("user"))


class RegistrationSerializer(ScopedSerializer):
    class Meta:
        model = Registration
        fields = ["id", "matter", "level", "registered_on", "body", "abnormal", "counted"]
        read_only_fields = ["counted"]

    def create(self, validated_data):
        validated_data["region"] = validated_data["matter"].region
        return super().create(validated_data)


class ReceptionSerializer(ScopedSerializer):
    class Meta:
        model = Reception
        fields = [
            "id",
            "region",
            "leader",
            "kind",
            "held_on",
            "place",
            "batches",
            "persons",
            "settled",
            "handed_on",
            "note",
        ]
        read_only_fields = ["leader"]


@extend_schema_serializer(component_name="PetitionCase")  # enforcement's Case is "Case"
class CaseSerializer(ScopedSerializer):
    class Meta:
        model = Case
        fields = [
            "id",
            "matter",
            "leader",
            "handler",
            "plan",
            "target_on",
            "outcome",
            "outcome_on",
            "statement_signed",
        ]

    def create(self, validated_data):
        validated_data["region"] = validated_data["matter"].region
        return super().create(validated_data)


class MatterViewSet(WorkflowStepsMixin, ScopedModelViewSet):
    """Matters: registered here (`petitions.handle` over the place: numbered, clocks started),
    taken through `steps/` (信访办; the extension by a 镇领导)."""

    queryset = Matter.objects.select_related("region").prefetch_related("petitioners", "registrations")
    serializer_class = MatterSerializer
    filterset_class = MatterFilterSet
    write_permission = roles.PETITION_HANDLE
    workflows = (workflow.MATTER,)
    http_method_names = READ_AND_CREATE
    ordering = "-id"

    def perform_create(self, serializer):
        super().perform_create(serializer, registered_by=self.request.user)


class RegistrationViewSet(ScopedModelViewSet):
    queryset = Registration.objects.select_related("matter", "region")
    serializer_class = RegistrationSerializer
    write_permission = roles.PETITION_HANDLE
    http_method_names = READ_AND_CREATE
    ordering = "-id"


class ReceptionViewSet(ScopedModelViewSet):
    """A leader records their own receptions (`petitions.receive`)."""

    queryset = Reception.objects.select_related("leader", "region")
    serializer_class = ReceptionSerializer
    filterset_class = ReceptionFilterSet
    write_permission = roles.PETITION_RECEIVE
    http_method_names = READ_AND_CREATE
    ordering = "-id"

    def perform_create(self, serializer):
        super().perform_create(serializer, leader=self.request.user)


class CaseViewSet(ScopedModelViewSet):
    queryset = Case.objects.select_related("matter", "leader", "region")
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    write_permission = roles.PETITION_HANDLE
    http_method_names = READ_AND_CREATE
    ordering = "-id"


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("petitions/matters", MatterViewSet, basename="petitions-matter")
    router.register("petitions/registrations", RegistrationViewSet, basename="petitions-registration")
    router.register("petitions/receptions", ReceptionViewSet, basename="petitions-reception")
    router.register("petitions/cases", CaseViewSet, basename="petitions-case")
