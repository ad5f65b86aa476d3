"""The legal app's REST API (registered in fazhi/api_urls.py), scoped and guarded like the pages:
legal/advisers, legal/engagements (an adviser logs their own work), legal/catalogues and
legal/catalogue-entries, legal/decisions with their steps (`legal/decisions/{id}/steps/`),
legal/comments, legal/contracts with steps, legal/normative-documents with steps, and
legal/coverage (一村一法律顾问 of the reader's towns). A record's state and what the steps record
are read-only: they change only through the steps."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from fazhi.core import roles
from fazhi.core.api import OpenDeadlinesField, ScopedModelViewSet, ScopedSerializer, WorkflowStepsMixin
from fazhi.legal import workflow
from fazhi.legal.filters import (
    AdviserFilterSet,
    ContractFilterSet,
    DecisionFilterSet,
    EngagementFilterSet,
    NormativeFilterSet,
)
from fazhi.legal.models import (
    Adviser,
    Catalogue,
    CatalogueEntry,
    Contract,
    Decision,
    Engagement,
    NormativeDocument,
    PublicComment,
    coverage,
)

READ_AND_CREATE = ["get", "post", "head", "options"]
READ_WRITE = ["get", "post", "patch", "head", "options"]


class AdviserSerializer(ScopedSerializer):
    class Meta:
        model = Adviser
        fields = [
            "id",
            "region",
            "user",
            "name",
            "firm",
            "licence_number",
            "phone",
            "senior",
            "contract_start",
            "contract_end",
            "fee",
            "duty_days_month",
            "lectures_quarter",
            "service_time",
            "service_place",
            "rating",
            "spot_check",
        ]


class EngagementSerializer(ScopedSerializer):
    class Meta:
        model = Engagement
        fields = [
            "id",
            "adviser",
            "region",
            "kind",
            "day",
            "hours",
            "place",
            "subject",
            "people",
            "opinion",
            "decision",
            "contract",
            "normative",
        ]
        read_only_fields = ["region"]


class CatalogueSerializer(ScopedSerializer):
    class Meta:
        model = Catalogue
        fields = ["id", "region", "year", "title", "party_consent", "party_consent_on", "published_on"]


class EntrySerializer(ScopedSerializer):
    procedures = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = CatalogueEntry
        fields = [
            "id",
            "catalogue",
            "name",
            "decider",
            "undertaker",
            "legal_basis",
            "needs_participation",
            "needs_hearing",
            "needs_experts",
            "needs_risk",
            "needs_competition",
            "planned_by",
            "added_on",
            "adjustment",
            "procedures",
        ]

    def create(self, validated_data):
        validated_data["region"] = validated_data["catalogue"].region
        return super().create(validated_data)


DECISION_STEP_FIELDS = [
    "state",
    "draft",
    "drafted_on",
    "comment_published_on",
    "comment_channels",
    "comment_how",
    "comment_until",
    "comment_short_reason",
    "comment_closed_on",
    "hearing_on",
    "hearing_report",
    "expert_opinion",
    "expert_on",
    "risk_report",
    "risk_level",
    "risk_on",
    "competition_review",
    "competition_on",
    "review_submitted_on",
    "review_due_on",
    "review_short_reason",
    "review_opinion",
    "reviewed_on",
    "review_outcome",
    "reviewer",
    "meeting_type",
    "meeting_on",
    "attendees",
    "resolution",
    "minutes",
    "reported_on",
    "published_on",
    "publication_channel",
    "uptake_note",
    "evaluation",
    "stopped_reason",
    "archived_on",
]


class DecisionSerializer(ScopedSerializer):
    class Meta:
        model = Decision
        fields = ["id", "entry", "region", "title", "undertaker", "started_on", *DECISION_STEP_FIELDS]
        read_only_fields = DECISION_STEP_FIELDS


class CommentSerializer(ScopedSerializer):
    class Meta:
        model = PublicComment
        fields = ["id", "decision", "received_on", "commenter", "content", "answer", "reason"]

    def create(self, validated_data):
        validated_data["region"] = validated_data["decision"].region
        return super().create(validated_data)


CONTRACT_STEP_FIELDS = [
    "state",
    "submitted_on",
    "review_opinion",
    "reviewed_on",
    "review_outcome",
    "reviewer",
    "signed_on",
    "filed_on",
    "done_on",
]


class ContractSerializer(ScopedSerializer):
    open_deadlines = OpenDeadlinesField()

    class Meta:
        model = Contract
        fields = [
            "id",
            "region",
            "title",
            "undertaker",
            "counterparty",
            "credit_code",
            "standing_evidence",
            "amount",
            "term_start",
            "term_end",
            "public_funds",
            "exclusion",
            "draft",
            *CONTRACT_STEP_FIELDS,
            "open_deadlines",
        ]
        read_only_fields = CONTRACT_STEP_FIELDS


NORMATIVE_STEP_FIELDS = [
    "number",
    "state",
    "submitted_on",
    "review_opinion",
    "reviewed_on",
    "review_outcome",
    "reviewer",
    "deliberated_on",
    "issued_on",
    "published_on",
    "valid_until",
    "repealed_on",
    "repeal_reason",
]


class NormativeSerializer(ScopedSerializer):
    standing = serializers.SerializerMethodField()
    open_deadlines = OpenDeadlinesField()

    class Meta:
        model = NormativeDocument
        fields = [
            "id",
            "region",
            "title",
            "drafting_unit",
            *NORMATIVE_STEP_FIELDS,
            "standing",
            "open_deadlines",
        ]
        read_only_fields = NORMATIVE_STEP_FIELDS

    def get_standing(self, obj) -> str:
        return obj.standing()


class AdviserViewSet(ScopedModelViewSet):
    """Advisers (the judicial office registers them; an adviser reads their own)."""

    queryset = Adviser.objects.select_related("region")
    serializer_class = AdviserSerializer
    filterset_class = AdviserFilterSet
    write_permission = roles.LEGAL_MANAGE
    http_method_names = READ_AND_CREATE
    ordering = "id"


class EngagementViewSet(ScopedModelViewSet):
    """The service log: an adviser logs their own engagements."""

    queryset = Engagement.objects.select_related("adviser", "region")
    serializer_class = EngagementSerializer
    filterset_class = EngagementFilterSet
    write_permission = roles.LEGAL_OPINION
    http_method_names = READ_AND_CREATE
    ordering = "-id"

    def perform_create(self, serializer):
        adviser = serializer.validated_data["adviser"]
        if adviser.user_id != self.request.user.pk:
            raise PermissionDenied(_("只能登记本人的服务日志。"))
        super().perform_create(serializer, logged_by=self.request.user)


class CatalogueViewSet(ScopedModelViewSet):
    queryset = Catalogue.objects.select_related("region")
    serializer_class = CatalogueSerializer
    write_permission = roles.LEGAL_MANAGE
    http_method_names = READ_AND_CREATE
    ordering = "-year"


class EntryViewSet(ScopedModelViewSet):
    queryset = CatalogueEntry.objects.select_related("catalogue", "region")
    serializer_class = EntrySerializer
    write_permission = roles.LEGAL_MANAGE
    http_method_names = READ_AND_CREATE
    ordering = "id"


class DecisionViewSet(WorkflowStepsMixin, ScopedModelViewSet):
    """Major decisions: started here (`legal.draft`, an entry of a published catalogue), carried
    through `steps/`."""

    queryset = Decision.objects.select_related("entry", "region")
    serializer_class = DecisionSerializer
    filterset_class = DecisionFilterSet
    write_permission = roles.LEGAL_DRAFT
    workflows = (workflow.DECISION,)
    http_method_names = READ_AND_CREATE
    ordering = "-id"

    def perform_create(self, serializer):
        super().perform_create(serializer, started_by=self.request.user)


class CommentViewSet(ScopedModelViewSet):
    queryset = PublicComment.objects.select_related("decision", "region")
    serializer_class = CommentSerializer
    write_permission = roles.LEGAL_DRAFT
    http_method_names = READ_WRITE
    ordering = "id"


class ContractViewSet(WorkflowStepsMixin, ScopedModelViewSet):
    queryset = Contract.objects.select_related("region")
    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet
    write_permission = roles.LEGAL_DRAFT
    workflows = (workflow.CONTRACT,)
    http_method_names = READ_AND_CREATE
    ordering = "-id"


class NormativeViewSet(WorkflowStepsMixin, ScopedModelViewSet):
    queryset = NormativeDocument.objects.select_related("region")
    serializer_class = NormativeSerializer
    filterset_class = NormativeFilterSet
    write_permission = roles.LEGAL_DRAFT
    workflows = (workflow.NORMATIVE,)
    http_method_names = READ_AND_CREATE
    ordering = "-id"


class CoverageSerializer(serializers.Serializer):
    town = serializers.CharField()
    total = serializers.IntegerField()
    covered = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    lacking = serializers.ListField(child=serializers.CharField())


class CoverageViewSet(viewsets.ViewSet):
    """一村一法律顾问: for each town the reader reads legal work of, the villages with a current
    adviser, of all, and those lacking one."""

    permission_classes = [IsAuthenticated]
    serializer_class = CoverageSerializer

    def list(self, request):
        from fazhi.legal.views import _towns

        if not request.user.can(roles.LEGAL_VIEW):
            raise PermissionDenied(_("您的角色无权访问此页面。"))
        rows = []
        for town in _towns(request.user):
            c = coverage(town, user=request.user)
            rows.append(
                {
                    "town": town.name,
                    "total": c["total"],
                    "covered": c["covered"],
                    "rate": c["rate"],
                    "lacking": [v.name for v in c["lacking"]],
                }
            )
        return Response(CoverageSerializer(rows, many=True).data)


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("legal/advisers", AdviserViewSet, basename="legal-adviser")
    router.register("legal/engagements", EngagementViewSet, basename="legal-engagement")
    router.register("legal/catalogues", CatalogueViewSet, basename="legal-catalogue")
    router.register("legal/catalogue-entries", EntryViewSet, basename="legal-entry")
    router.register("legal/decisions", DecisionViewSet, basename="legal-decision")
    router.register("legal/comments", CommentViewSet, basename="legal-comment")
    router.register("legal/contracts", ContractViewSet, basename="legal-contract")
    router.register("legal/normative-documents", NormativeViewSet, basename="legal-normative")
    router.register("legal/coverage", CoverageViewSet, basename="legal-coverage")
