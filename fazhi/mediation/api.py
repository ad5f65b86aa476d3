"""The mediation app's REST API (registered in fazhi/api_urls.py): disputes with their parties,
open deadlines and workflow steps (`mediation/disputes/{id}/steps/`), session records, and the
agreements (written by the step 调解成功, read here)."""

from __future__ import annotations

from rest_framework import serializers

from fazhi.core import roles
from fazhi.core.api import OpenDeadlinesField, ScopedModelViewSet, ScopedSerializer, WorkflowStepsMixin
from fazhi.mediation import workflow
from fazhi.mediation.filters import DisputeFilterSet
from fazhi.mediation.forms import committees_for
from fazhi.mediation.models import Agreement, Committee, Dispute, DisputeParty, Session

READ_AND_CREATE = ["get", "post", "head", "options"]  # records are changed by steps, not PUT
READ_ONLY = ["get", "head", "options"]


class DisputePartySerializer(ScopedSerializer):
    class Meta:
        model = DisputeParty
        fields = [
            "id",
            "role",
            "name",
            "sex",
            "ethnicity",
            "age",
            "occupation",
            "phone",
            "address",
            "id_number",
            "agent",
            "consent",
            "consent_on",
        ]
        read_only_fields = fields


class DisputeSerializer(ScopedSerializer):
    parties = DisputePartySerializer(many=True, read_only=True)
    open_deadlines = OpenDeadlinesField()

    class Meta:
        model = Dispute
        fields = [
            "id",
            "number",
            "committee",
            "region",
            "title",
            "summary",
            "dispute_type",
            "amount",
            "source",
            "referred_by",
            "referral_reference",
            "kind",
            "registered_on",
            "state",
            "accepted_on",
            "ended_on",
            "end_reason",
            "routes_told",
            "closed_on",
            "parties",
            "open_deadlines",
        ]
        # the state and what the steps record are written by DISPUTE's steps only
        read_only_fields = [
            "number",
            "state",
            "accepted_on",
            "ended_on",
            "end_reason",
            "routes_told",
            "closed_on",
        ]

    def get_fields(self):
        fields = super().get_fields()
        user = self.context.get("user")
        if user is not None and user.is_authenticated and "committee" in fields:
            # a registrar registers for the committee above their grid or village
            fields["committee"].queryset = committees_for(user, roles.DISPUTE_REGISTER)
        return fields


class SessionSerializer(ScopedSerializer):
    class Meta:
        model = Session
        fields = ["id", "dispute", "held_at", "place", "participants", "parties_present", "record"]

    def validate(self, attrs):
        dispute = attrs.get("dispute")
        present = attrs.get("parties_present") or []
        if dispute is not None and any(p.dispute_id != dispute.pk for p in present):
            raise serializers.ValidationError({"parties_present": ["到场当事人应为本纠纷的当事人"]})
        return super().validate(attrs)

    def create(self, validated_data):
        validated_data["region"] = validated_data["dispute"].region
        return super().create(validated_data)


class AgreementSerializer(ScopedSerializer):
    class Meta:
        model = Agreement
        fields = [
            "id",
            "dispute",
            "form",
            "facts",
            "content",
            "performance_terms",
            "signed_on",
            "copies",
            "performed",
            "performance_note",
            "confirmation",
            "confirmation_applied_on",
            "confirmation_court",
        ]
        read_only_fields = fields


class DisputeViewSet(WorkflowStepsMixin, ScopedModelViewSet):
    """Disputes: registered here (`mediation.register` over the place), mediated through
    `steps/` (the 人民调解员 over the dispute's region)."""

    queryset = Dispute.objects.select_related("committee", "region").prefetch_related("parties")
    serializer_class = DisputeSerializer
    filterset_class = DisputeFilterSet
    write_permission = roles.DISPUTE_REGISTER
    workflows = (workflow.DISPUTE,)
    http_method_names = READ_AND_CREATE
    ordering = "-id"

    def perform_create(self, serializer):
        super().perform_create(serializer, registered_by=self.request.user)


class SessionViewSet(ScopedModelViewSet):
    """Session records (人民调解记录) of a dispute, by its mediators."""

    queryset = Session.objects.select_related("dispute", "region")
    serializer_class = SessionSerializer
    write_permission = roles.MEDIATE
    http_method_names = READ_AND_CREATE
    ordering = "-id"


class AgreementViewSet(ScopedModelViewSet):
    """Agreements, as the step 调解成功 wrote them."""

    queryset = Agreement.objects.select_related("dispute", "region")
    serializer_class = AgreementSerializer
    write_permission = roles.MEDIATE
    http_method_names = READ_ONLY
    ordering = "-id"


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("mediation/disputes", DisputeViewSet, basename="mediation-dispute")
    router.register("mediation/sessions", SessionViewSet, basename="mediation-session")
    router.register("mediation/agreements", AgreementViewSet, basename="mediation-agreement")


__all__ = ["Committee", "register"]
