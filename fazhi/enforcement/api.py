"""REST API under /api/v1/enforcement/: bodies, officers, certificates, powers and discretion
levels, parties, cases (their open deadlines, and their steps through core's
`WorkflowStepsMixin`), evidence (its files, uploaded through core's `AttachmentsMixin`),
rectification orders (their follow-up check through the same mixin) and campaigns. Scoped like the web UI: every queryset and every related
choice goes through `visible_to(user)`; a refusal of the law is 409 with the article, bad input
400 naming the field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from fazhi.core import pii, roles
from fazhi.core.api import (
    AttachmentsField,
    AttachmentsMixin,
    OpenDeadlinesField,
    ScopedModelViewSet,
    ScopedSerializer,
    WorkflowStepsMixin,
)
from fazhi.enforcement import phones, rules, workflow
from fazhi.enforcement.filters import (
    CampaignActionFilterSet,
    CampaignFilterSet,
    CaseFilterSet,
    OfficerFilterSet,
    OrderFilterSet,
    PowerFilterSet,
)
from fazhi.enforcement.models import (
    BasisVersion,
    Campaign,
    CampaignAction,
    Case,
    CaseOfficer,
    CaseState,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Evidence,
    Hearing,
    Instalment,
    LegalReview,
    Officer,
    OfficerTraining,
    Party,
    PenaltyKind,
    Power,
    RectificationOrder,
)

WRITE_METHODS = ["get", "post", "put", "patch", "head", "options"]  # records are not deleted


class EnforcementViewSet(ScopedModelViewSet):
    write_permission = roles.CASE_HANDLE
    workflow_actions: tuple[str, ...] = ()
    http_method_names = WRITE_METHODS
    ordering = "-id"


# --- serializers --------------------------------------------------------------------------------


def _can_see_pii(context, obj) -> bool:
    """May the API user see `obj`'s personal information in full (VIEW_PII over its region)?"""
    return pii.may_see_full(context.get("user"), obj)


class BodySerializer(ScopedSerializer):
    class Meta:
        model = EnforcementBody
        fields = [
            "id",
            "region",
            "name",
            "kind",
            "legal_basis",
            "case_prefix",
            "order_prefix",
            "address",
            "phone",
            "complaint_channel",
            "is_sample",
        ]
        read_only_fields = ["is_sample"]


class CertificateSerializer(ScopedSerializer):
    valid_today = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "officer",
            "number",
            "issuing_authority",
            "valid_from",
            "valid_until",
            "status",
            "status_changed_on",
            "valid_today",
        ]

    def get_valid_today(self, obj) -> bool:
        return obj.is_valid_on(timezone.localdate())


class TrainingSerializer(ScopedSerializer):
    class Meta:
        model = OfficerTraining
        fields = ["id", "officer", "year", "hours", "note"]


class OfficerSerializer(ScopedSerializer):
    certificates = CertificateSerializer(many=True, read_only=True)
    trainings = TrainingSerializer(many=True, read_only=True)

    class Meta:
        model = Officer
        fields = [
            "id",
            "name",
            "body",
            "user",
            "position",
            "active",
            "review_duty_since",
            "legal_qualification",
            "region",
            "certificates",
            "trainings",
        ]
        read_only_fields = ["region"]


class LevelSerializer(ScopedSerializer):
    class Meta:
        model = DiscretionLevel
        fields = ["id", "power", "level", "fine_min", "fine_max", "description", "penalties"]


class BasisVersionSerializer(ScopedSerializer):
    """A version of a power's legal basis (行政处罚法 第三十七条): listed and added under its power
    (`?power=`), edited only while no decision applies it."""

    class Meta:
        model = BasisVersion
        fields = [
            "id",
            "power",
            "label",
            "effective_from",
            "law",
            "article",
            "basis_text",
            "penalty_kinds",
            "fine_min",
            "fine_max",
            "no_offence",
        ]
        validators = []  # one version a day per power: checked in validate(), on its field

    def validate_penalty_kinds(self, value):
        allowed = {k for k in PenaltyKind.values if k != PenaltyKind.DETENTION}
        wrong = [k for k in value or [] if k not in allowed]
        if wrong:
            raise serializers.ValidationError(
                _("不是乡镇可适用的处罚种类：%(kinds)s") % {"kinds": "、".join(wrong)}
            )
        return list(value or [])

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance
        if instance is not None:
            used = Case.objects.filter(basis_version=instance).first()
            if used is not None:
                raise serializers.ValidationError(
                    {
                        "effective_from": _(
                            "%(art)s：案件%(case)s的处罚决定已适用该依据版本，不能修改；依据修改的，请新增版本"
                        )
                        % {"art": rules.ART[37], "case": used.number or used.cause}
                    }
                )
        power = attrs.get("power") or (instance.power if instance else None)
        day = attrs.get("effective_from") or (instance.effective_from if instance else None)
        if power is not None and day is not None:
            taken = BasisVersion.objects.filter(power=power, effective_from=day)
            if instance is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                raise serializers.ValidationError({"effective_from": _("该处罚事项已有同一天施行的依据版本")})
        low = attrs.get("fine_min", instance.fine_min if instance else None)
        high = attrs.get("fine_max", instance.fine_max if instance else None)
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"fine_max": _("罚款上限不能低于下限")})
        return attrs


class PowerSerializer(ScopedSerializer):
    levels = LevelSerializer(many=True, read_only=True)

    class Meta:
        model = Power
        fields = [
            "id",
            "body",
            "code",
            "name",
            "law",
            "article",
            "basis_text",
            "penalties",
            "penalty_kinds",
            "fine_min",
            "fine_max",
            "in_review_catalogue",
            "devolved",
            "active",
            "region",
            "levels",
        ]
        read_only_fields = ["region"]


class PartySerializer(ScopedSerializer):
    """Identity numbers and phone numbers are write-only here and shown masked; the full value
    comes from `parties/{id}/reveal/`, which is ledgered."""

    id_number = serializers.CharField(write_only=True, required=False, allow_blank=True)
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True)
    id_number_masked = serializers.SerializerMethodField()
    phone_masked = serializers.SerializerMethodField()

    class Meta:
        model = Party
        fields = [
            "id",
            "region",
            "kind",
            "name",
            "id_number",
            "id_number_masked",
            "credit_code",
            "legal_representative",
            "address",
            "phone",
            "phone_masked",
        ]
        extra_kwargs = {"credit_code": {"required": False}}

    def get_id_number_masked(self, obj) -> str:
        return pii.mask_id_number(obj.id_number) if obj.id_number else ""

    def get_phone_masked(self, obj) -> str:
        return pii.mask_mobile(obj.phone) if obj.phone else ""

    def validate_id_number(self, value):
        if value:
            try:
                pii.validate_id_number(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None
        return pii.normalize_id_number(value)

    def validate_phone(self, value):
        if value:
            try:
                phones.validate_phone(value)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from None
        return phones.normalize_phone(value)


class CaseOfficerSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="officer.name", read_only=True)
    certificate = serializers.SerializerMethodField()

    class Meta:
        model = CaseOfficer
        fields = [
            "officer",
            "name",
            "certificate",
            "added_on",
            "withdrawn",
            "withdrawal_reason",
            "withdrawn_on",
        ]

    def get_certificate(self, obj) -> str:
        # The officer's current certificate (Officer.current_certificate: latest valid_until first,
        # the model's ordering), read from the certificates the case list prefetches.
        certificates = obj.officer.certificates.all()
        return certificates[0].number if certificates else ""


class ReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalReview
        fields = ["id", "reviewer", "opinion", "passed", "reviewed_on"]


class InstalmentSerializer(serializers.ModelSerializer):
    """分期缴纳 (第六十六条第二款): read here, written by the steps approve_instalments and
    record_instalment."""

    class Meta:
        model = Instalment
        fields = ["seq", "amount", "due_on", "paid_on", "amount_paid", "surcharge"]


class HearingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Hearing
        fields = ["id", "chair", "notice_on", "scheduled_on", "place", "public", "held_on", "record"]


# Fields fixed once a case is filed: who, what, under which power.
LOCKED_AFTER_FILING = ("body", "party", "power", "procedure", "act_date", "act_end_date", "region")


class CaseSerializer(ScopedSerializer):
    party_name = serializers.SerializerMethodField()
    case_officers = CaseOfficerSerializer(many=True, read_only=True)
    legal_reviews = ReviewSerializer(many=True, read_only=True)
    hearings = HearingSerializer(many=True, read_only=True)
    instalments = InstalmentSerializer(many=True, read_only=True)
    open_deadlines = OpenDeadlinesField()
    review_grounds = serializers.SerializerMethodField()
    hearing_grounds = serializers.SerializerMethodField()

    class Meta:
        model = Case
        read_only_fields = [
            "number",
            "year",
            "sequence",
            "state",
            "discretion_level",
            "filed_on",
            "notified_on",
            "intended_penalties",
            "intended_fine",
            "intended_other",
            "confiscation_value",
            "other_hearing_basis",
            "statement_received",
            "statement",
            "statement_on",
            "statement_waived",
            "hearing_requested",
            "hearing_requested_on",
            "hearing_waived",
            "decision_kind",
            "decided_on",
            "decided_penalties",
            "decided_fine",
            "decided_other",
            "decision_reason",
            "fine_outside_range_reason",
            "collective_discussion",
            "collective_discussion_on",
            "collective_discussion_minutes",
            "decision_period",
            "decision_due_on",
            "extension_approved_by",
            "extension_reason",
            "served_on",
            "party_present",
            "service_method",
            "fine_due_on",
            "paid_on",
            "amount_paid",
            "surcharge",
            "compulsory_execution_applied_on",
            "compulsory_execution_court",
            "closed_on",
            "archived_on",
            "publicity",
            "published_on",
            "changed_on",
            "withdrawn_on",
            "withdrawal_reason",
            "is_sample",
            "created_at",
        ]
        fields = [
            "id",
            "body",
            "region",
            "cause",
            "party",
            "party_name",
            "source",
            "source_reference",
            "power",
            "procedure",
            "facts",
            "place",
            "act_date",
            "act_end_date",
            "discovered_on",
            "harm_to_life_health_finance",
            "involves_major_public_interest",
            "is_complex",
            "other_review_basis",
            *read_only_fields,
            "review_grounds",
            "hearing_grounds",
            "case_officers",
            "legal_reviews",
            "hearings",
            "instalments",
            "open_deadlines",
        ]

    def get_party_name(self, obj) -> str:
        return obj.party.name if _can_see_pii(self.context, obj) else obj.party.public_name

    def get_review_grounds(self, obj) -> list[str]:
        """Why the decision needs a legal review (行政处罚法 第五十八条); empty: it does not."""
        return workflow.review_grounds(obj)

    def get_hearing_grounds(self, obj) -> list[str]:
        """Why the intended penalty gives a right to a hearing (第六十三条); empty: it does not."""
        return workflow.hearing_grounds(obj) if obj.notified_on else []

    def validate(self, attrs):
        case = self.instance
        power = attrs.get("power")
        if power is not None and not power.active and (case is None or power.pk != case.power_id):
            raise serializers.ValidationError(
                {"power": [_("行政处罚法第三十八条：该处罚事项在权责清单中已标记为无效，不能据以立案")]}
            )
        if case is not None:
            if case.is_closed or case.state in workflow.DECIDED_STATES:
                raise serializers.ValidationError({"state": [_("已作出决定的案件不能修改")]})
            if case.state != CaseState.DRAFT:
                for name in LOCKED_AFTER_FILING:
                    if name in attrs and attrs[name] != getattr(case, name):
                        raise serializers.ValidationError({name: [_("立案后不能修改此项")]})
        return super().validate(attrs)


class EvidenceSerializer(ScopedSerializer):
    attachments = AttachmentsField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "case",
            "kind",
            "description",
            "collected_by",
            "collected_at",
            "place",
            "from_body_camera",
            "attachments",
        ]
        read_only_fields = ["collected_by"]

    def validate_case(self, case):
        if case.state == CaseState.ARCHIVED:
            raise serializers.ValidationError(_("案件已归档，不能再添加或修改证据"))
        if case.state == CaseState.REVOKED:
            raise serializers.ValidationError(_("案件已撤销立案，不能再添加或修改证据"))
        return case


ORDER_CHECK_FIELDS = ("checked_on", "result", "check_note")


class RectificationOrderSerializer(ScopedSerializer):
    party_name = serializers.SerializerMethodField()

    class Meta:
        model = RectificationOrder
        fields = [
            "id",
            "body",
            "region",
            "number",
            "party",
            "party_name",
            "case",
            "issued_on",
            "deadline",
            "requirement",
            "issued_by",
            "checked_on",
            "result",
            "check_note",
        ]
        # the check is recorded by ORDER's steps (rectification-orders/{id}/steps/), not written
        read_only_fields = ["number", "case", "issued_by", *ORDER_CHECK_FIELDS]

    def get_party_name(self, obj) -> str:
        return obj.party.name if _can_see_pii(self.context, obj) else obj.party.public_name

    def validate(self, attrs):
        """A body that would change the check is refused on its field, not silently ignored: the
        result is a workflow's state (`workflow.ORDER`), recorded by its steps only."""
        given = getattr(self, "initial_data", None) or {}
        errors = {}
        for name in ORDER_CHECK_FIELDS:
            if name not in given:
                continue
            current = getattr(self.instance, name, None) if self.instance is not None else None
            if str(given[name] or "") != str(current or ""):  # as the record shows it (dates ISO)
                errors[name] = [
                    _("复查情况只能通过复查步骤记录（steps/record_rectified/ 或 steps/record_overdue/）")
                ]
        if errors:
            raise serializers.ValidationError(errors)
        return super().validate(attrs)


class CampaignActionSerializer(ScopedSerializer):
    class Meta:
        model = CampaignAction
        fields = [
            "id",
            "campaign",
            "region",
            "acted_on",
            "places",
            "participating_units",
            "joint",
            "people_count",
            "findings",
            "seizures",
            "demolished_area_m2",
            "demolished_count",
            "straw_burning_stops",
            "materials_handed_out",
            "notes",
        ]
        extra_kwargs = {"region": {"required": False}}


class CampaignSerializer(ScopedSerializer):
    actions = CampaignActionSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "kind",
            "region",
            "body",
            "starts_on",
            "ends_on",
            "joint_units",
            "description",
            "actions",
        ]


# --- viewsets -----------------------------------------------------------------------------------


class BodyViewSet(EnforcementViewSet):
    queryset = EnforcementBody.objects.all()
    serializer_class = BodySerializer
    write_permission = roles.ENFORCEMENT_MANAGE
    filterset_fields = ["kind", "region"]


class OfficerViewSet(EnforcementViewSet):
    queryset = Officer.objects.select_related("body").prefetch_related("certificates", "trainings")
    serializer_class = OfficerSerializer
    write_permission = roles.ENFORCEMENT_MANAGE
    filterset_class = OfficerFilterSet


class CertificateViewSet(EnforcementViewSet):
    queryset = Certificate.objects.all()
    serializer_class = CertificateSerializer
    write_permission = roles.ENFORCEMENT_MANAGE
    filterset_fields = ["officer", "status"]


class TrainingViewSet(EnforcementViewSet):
    queryset = OfficerTraining.objects.all()
    serializer_class = TrainingSerializer
    write_permission = roles.ENFORCEMENT_MANAGE
    filterset_fields = ["officer", "year"]


class PowerViewSet(EnforcementViewSet):
    queryset = Power.objects.select_related("body").prefetch_related("levels")
    serializer_class = PowerSerializer
    write_permission = roles.ENFORCEMENT_MANAGE
    filterset_class = PowerFilterSet


class BasisVersionViewSet(EnforcementViewSet):
    queryset = BasisVersion.objects.select_related("power")
    serializer_class = BasisVersionSerializer
    write_permission = roles.ENFORCEMENT_MANAGE
    filterset_fields = ["power"]


class LevelViewSet(EnforcementViewSet):
    queryset = DiscretionLevel.objects.all()
    serializer_class = LevelSerializer
    write_permission = roles.ENFORCEMENT_MANAGE
    filterset_fields = ["power", "level"]


class PartyViewSet(EnforcementViewSet):
    queryset = Party.objects.select_related("region")
    serializer_class = PartySerializer
    filterset_fields = ["kind"]

    @action(detail=True, methods=["get"])
    def reveal(self, request, pk=None):
        """The full identity number or phone of a party (ledgered; masked without VIEW_PII)."""
        field = request.query_params.get("field", "id_number")
        if field not in ("id_number", "phone"):
            return Response({"field": [_("只能查看身份证号码或联系电话")]}, status=400)
        party = self.get_object()
        return Response({"field": field, "value": pii.reveal(request.user, party, field)})


def _date_from(request, key):
    value = request.data.get(key)
    if not value:
        return None
    try:
        return serializers.DateField().to_internal_value(value)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({key: error.detail}) from None


class CaseViewSet(WorkflowStepsMixin, EnforcementViewSet):
    """Cases. Steps (core's `WorkflowStepsMixin`): `GET cases/{id}/steps/` lists the steps open
    now (allowed, or refused with the reason); `POST cases/{id}/steps/{step}/` with the step's
    input fires one."""

    queryset = Case.objects.select_related("party", "power", "body", "region").prefetch_related(
        Prefetch(
            "case_officers",
            queryset=CaseOfficer.objects.select_related("officer").prefetch_related(
                Prefetch("officer__certificates", queryset=Certificate.objects.order_by("-valid_until"))
            ),
        ),
        "legal_reviews",
        "hearings",
        "instalments",
    )
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet  # the case list's parameters
    workflows = workflow.CASE_WORKFLOWS
    workflow_actions = ("add_officer", "withdraw_officer")  # checked by the workflow module

    def offered_steps(self, obj, user):
        return workflow.options(obj, user)  # leaves out the other procedure's steps

    def _officer_from(self, request):
        officer = Officer.objects.visible_to(request.user).filter(pk=request.data.get("officer")).first()
        if officer is None:
            raise serializers.ValidationError({"officer": [_("执法人员不存在或不在您的管辖范围内")]})
        return officer

    @action(detail=True, methods=["post"], url_path="add-officer")
    def add_officer(self, request, pk=None):
        case = self.get_object()
        workflow.add_officer(case, self._officer_from(request), request.user, on=_date_from(request, "on"))
        return Response(self.get_serializer(Case.objects.get(pk=case.pk)).data)

    @action(detail=True, methods=["post"], url_path="withdraw-officer")
    def withdraw_officer(self, request, pk=None):
        case = self.get_object()
        workflow.withdraw_officer(
            case,
            self._officer_from(request),
            request.user,
            reason=str(request.data.get("reason") or ""),
            on=_date_from(request, "on"),
        )
        return Response(self.get_serializer(Case.objects.get(pk=case.pk)).data)


class EvidenceViewSet(AttachmentsMixin, EnforcementViewSet):
    """Evidence; its files (photos, recordings, body-camera video) are uploaded with
    `POST evidence/{id}/attachments/` (core's `AttachmentsMixin`, by the case's officers)."""

    queryset = Evidence.objects.select_related("case", "region")
    serializer_class = EvidenceSerializer
    filterset_fields = ["case", "kind"]

    def perform_create(self, serializer):
        super().perform_create(serializer, collected_by=self.request.user)


class RectificationOrderViewSet(WorkflowStepsMixin, EnforcementViewSet):
    """Rectification orders. The follow-up check through core's `WorkflowStepsMixin`: `GET
    rectification-orders/{id}/steps/`, `POST …/steps/record_rectified/` or `record_overdue/` with
    `checked_on` and `check_note`; the check's fields are not written by PUT or PATCH (400 on the
    field). `POST …/file-case/` files a case from an order not complied with."""

    queryset = RectificationOrder.objects.select_related("party", "body", "region")
    serializer_class = RectificationOrderSerializer
    filterset_class = OrderFilterSet
    workflows = (workflow.ORDER,)
    workflow_actions = ("file_case",)

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer, issued_by=self.request.user)
            workflow.follow_order_deadline(serializer.instance)  # 责令改正期限, from its issue

    def perform_update(self, serializer):
        with transaction.atomic():
            super().perform_update(serializer)
            workflow.follow_order_deadline(serializer.instance)  # a moved deadline, while unchecked

    @action(detail=True, methods=["post"], url_path="file-case")
    def file_case(self, request, pk=None):
        """File a case from this order in one step: {"power": id, "officers": [ids], "cause": …}."""
        order = self.get_object()
        power = Power.objects.visible_to(request.user).filter(pk=request.data.get("power")).first()
        if power is None:
            return Response({"power": [_("处罚事项不存在或不在您的管辖范围内")]}, status=400)
        ids = request.data.get("officers") or []
        officers = list(Officer.objects.visible_to(request.user).filter(pk__in=ids))
        if len(officers) != len(set(ids)):
            return Response({"officers": [_("有执法人员不存在或不在您的管辖范围内")]}, status=400)
        case = workflow.file_case_from_order(
            order,
            request.user,
            power=power,
            officers=officers,
            cause=str(request.data.get("cause") or ""),
            filed_on=_date_from(request, "filed_on"),
        )
        return Response(CaseSerializer(case, context=self.get_serializer_context()).data, status=201)


class CampaignViewSet(EnforcementViewSet):
    queryset = Campaign.objects.prefetch_related("actions")
    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet


class CampaignActionViewSet(EnforcementViewSet):
    queryset = CampaignAction.objects.select_related("campaign")
    serializer_class = CampaignActionSerializer
    filterset_class = CampaignActionFilterSet


def register(router) -> None:
    prefix = "enforcement"
    router.register(f"{prefix}/bodies", BodyViewSet, basename="enforcement-body")
    router.register(f"{prefix}/officers", OfficerViewSet, basename="enforcement-officer")
    router.register(f"{prefix}/certificates", CertificateViewSet, basename="enforcement-certificate")
    router.register(f"{prefix}/trainings", TrainingViewSet, basename="enforcement-training")
    router.register(f"{prefix}/powers", PowerViewSet, basename="enforcement-power")
    router.register(f"{prefix}/discretion-levels", LevelViewSet, basename="enforcement-level")
    router.register(f"{prefix}/basis-versions", BasisVersionViewSet, basename="enforcement-basis-version")
    router.register(f"{prefix}/parties", PartyViewSet, basename="enforcement-party")
    router.register(f"{prefix}/cases", CaseViewSet, basename="enforcement-case")
    router.register(f"{prefix}/evidence", EvidenceViewSet, basename="enforcement-evidence")
    router.register(
        f"{prefix}/rectification-orders", RectificationOrderViewSet, basename="enforcement-rectification"
    )
    router.register(f"{prefix}/campaigns", CampaignViewSet, basename="enforcement-campaign")
    router.register(
        f"{prefix}/campaign-actions", CampaignActionViewSet, basename="enforcement-campaign-action"
    )
