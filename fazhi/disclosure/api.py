"""The disclosure app's REST API (registered in fazhi/api_urls.py): requests with their open
deadlines and workflow steps (`disclosure/requests/{id}/steps/`), the yearly register of table 二 (`disclosure/yearly-figures/`) and
the proactive catalogue and items (`disclosure/items/`)."""

from __future__ import annotations

from django.db import transaction
from rest_framework import serializers

from fazhi.core import roles
from fazhi.core.api import OpenDeadlinesField, ScopedModelViewSet, ScopedSerializer, WorkflowStepsMixin
from fazhi.core.scoping import ensure_writable
from fazhi.disclosure import workflow
from fazhi.disclosure.filters import (
    CatalogueFilterSet,
    PublicationFilterSet,
    RequestFilterSet,
    YearlyFigureFilterSet,
)
from fazhi.disclosure.forms import RECEIPT_RULES
from fazhi.disclosure.models import (
    CatalogueItem,
    Channel,
    Publication,
    PublicationChannel,
    Request,
    YearlyFigure,
)

READ_AND_CREATE = ["get", "post", "head", "options"]  # requests change by steps, not PUT


class RequestSerializer(ScopedSerializer):
    open_deadlines = OpenDeadlinesField()
    received_on = serializers.DateField(required=False)

    class Meta:
        model = Request
        fields = [
            "id",
            "number",
            "region",
            "applicant_type",
            "applicant_name",
            "identity_proof",
            "representative",
            "phone",
            "address",
            "email",
            "description",
            "purpose",
            "form_wanted",
            "delivery",
            "channel",
            "submitted_on",
            "received_on",
            "received_note",
            "state",
            "correction_asked_on",
            "corrected_on",
            "third_party",
            "consulted_on",
            "third_party_answered_on",
            "fee_amount",
            "fee_notice_on",
            "fee_paid_on",
            "fee_paid",
            "outcome",
            "reply",
            "reasons",
            "replied_on",
            "closed_on",
            "year",
            "closed_year",
            "carried_on",
            "open_deadlines",
        ]
        # the state and what the steps record are written by REQUEST's steps only
        read_only_fields = [
            "number",
            "received_note",
            "state",
            "correction_asked_on",
            "corrected_on",
            "third_party",
            "consulted_on",
            "third_party_answered_on",
            "fee_amount",
            "fee_notice_on",
            "fee_paid_on",
            "fee_paid",
            "outcome",
            "reply",
            "reasons",
            "replied_on",
            "closed_on",
            "year",
            "closed_year",
            "carried_on",
        ]

    def validate(self, attrs):
        """条例 第三十一条: in person, the day handed in; otherwise the day given (signed for, or
        confirmed by both sides). 第二十九条: a contact."""
        channel, submitted = attrs.get("channel"), attrs.get("submitted_on")
        if channel == Channel.IN_PERSON and submitted:
            if attrs.get("received_on") and attrs["received_on"] != submitted:
                raise serializers.ValidationError(
                    {"received_on": ["当面提交的，收到申请日期即提交日期（条例第三十一条）"]}
                )
            attrs["received_on"] = submitted
        elif channel and not attrs.get("received_on"):
            raise serializers.ValidationError({"received_on": [str(RECEIPT_RULES[channel])]})
        if not (attrs.get("phone") or attrs.get("address") or attrs.get("email")):
            raise serializers.ValidationError({"phone": ["申请应包括申请人的联系方式（条例第二十九条）"]})
        return super().validate(attrs)


class RequestViewSet(WorkflowStepsMixin, ScopedModelViewSet):
    """Requests: registered here (`disclosure.handle` over the town, 党政办), handled through
    `steps/` (the 党政办; the extension by the head of the disclosure office)."""

    queryset = Request.objects.select_related("region")
    serializer_class = RequestSerializer
    filterset_class = RequestFilterSet
    write_permission = roles.DISCLOSURE_HANDLE
    workflows = (workflow.REQUEST,)
    http_method_names = READ_AND_CREATE
    ordering = "-id"

    def perform_create(self, serializer):
        with transaction.atomic():
            req = serializer.save(
                registered_by=self.request.user,
                received_note=str(RECEIPT_RULES[serializer.validated_data["channel"]])[:200],
            )
            ensure_writable(req, self.request.user, self.write_permission)
            workflow.start_clocks(req)


class YearlyFigureSerializer(ScopedSerializer):
    class Meta:
        model = YearlyFigure
        fields = ["id", "region", "year", "item", "value", "source"]


class YearlyFigureViewSet(ScopedModelViewSet):
    """The yearly counts of table 二 kept here (行政许可, 行政事业性收费 …)."""

    queryset = YearlyFigure.objects.select_related("region")
    serializer_class = YearlyFigureSerializer
    filterset_class = YearlyFigureFilterSet
    write_permission = roles.DISCLOSURE_HANDLE
    http_method_names = READ_AND_CREATE
    ordering = "-id"

    def perform_create(self, serializer):
        super().perform_create(serializer, entered_by=self.request.user)


class CatalogueItemSerializer(ScopedSerializer):
    class Meta:
        model = CatalogueItem
        fields = [
            "id",
            "region",
            "domain",
            "code",
            "level1",
            "level2",
            "content",
            "basis",
            "time_limit_days",
            "time_limit_text",
            "publisher",
            "channels",
            "audience",
            "mode",
            "level",
            "active",
        ]


class CatalogueItemViewSet(ScopedModelViewSet):
    """The town's 基层政务公开标准目录 (also imported from Excel: register `disclosure-catalogue`)."""

    queryset = CatalogueItem.objects.select_related("region")
    serializer_class = CatalogueItemSerializer
    filterset_class = CatalogueFilterSet
    write_permission = roles.DISCLOSURE_HANDLE
    http_method_names = READ_AND_CREATE
    ordering = "-id"


class PublicationChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicationChannel
        fields = ["channel", "published_on", "place"]


class PublicationSerializer(ScopedSerializer):
    channels = PublicationChannelSerializer(many=True, read_only=True)
    open_deadlines = OpenDeadlinesField()

    class Meta:
        model = Publication
        fields = [
            "id",
            "region",
            "kind",
            "item",
            "title",
            "document_number",
            "made_on",
            "time_limit_days",
            "due_on",
            "first_published_on",
            "late",
            "content",
            "channels",
            "open_deadlines",
        ]
        read_only_fields = ["due_on", "first_published_on", "late"]


class PublicationViewSet(ScopedModelViewSet):
    """Proactive items (主动公开信息): registered here with their due day (条例 第二十六条); each
    publication on a channel through the item's page."""

    queryset = Publication.objects.select_related("region", "item").prefetch_related("channels")
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilterSet
    write_permission = roles.DISCLOSURE_HANDLE
    http_method_names = READ_AND_CREATE
    ordering = "-id"

    def perform_create(self, serializer):
        from fazhi.disclosure import proactive

        with transaction.atomic():
            publication = Publication(**serializer.validated_data)
            serializer.instance = proactive.save_publication(publication, self.request.user)


def register(router) -> None:
    """Register the app's viewsets on the one router."""
    router.register("disclosure/requests", RequestViewSet, basename="disclosure-request")
    router.register("disclosure/yearly-figures", YearlyFigureViewSet, basename="disclosure-yearlyfigure")
    router.register("disclosure/catalogue", CatalogueItemViewSet, basename="disclosure-catalogueitem")
    router.register("disclosure/items", PublicationViewSet, basename="disclosure-publication")
