"""The legal app's record forms (the steps' input forms are in `workflow.py`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import attachments, roles
from fazhi.core.models import Region, RegionKind
from fazhi.core.widgets import DateInput
from fazhi.legal.models import (
    Adviser,
    Catalogue,
    CatalogueEntry,
    Contract,
    Decision,
    Engagement,
    LegalLiterate,
    NormativeDocument,
    PublicComment,
)


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


def writable_regions(user, permission: str, kinds=(RegionKind.TOWN, RegionKind.VILLAGE)):
    return Region.objects.writable_by(user, permission).filter(kind__in=kinds).order_by("path")


class _Scoped(forms.ModelForm):
    permission = roles.LEGAL_MANAGE
    region_kinds = (RegionKind.TOWN, RegionKind.VILLAGE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "region" in self.fields:
            self.fields["region"] = RegionChoiceField(
                label=self.fields["region"].label,
                queryset=writable_regions(user, self.permission, self.region_kinds),
            )
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput()


class AdviserForm(_Scoped):
    photo_file = attachments.AttachmentField(
        label=_("公示牌照片（JPEG 或 PNG；保存时去除拍摄位置等元数据）"),
        accept="image/jpeg,image/png",
        required=False,
    )

    class Meta:
        model = Adviser
        fields = [
            "region",
            "name",
            "user",
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
        labels = {"region": _("服务区划（镇或村）")}
        widgets = {"spot_check": forms.Textarea(attrs={"rows": 2})}

    def clean_photo_file(self):
        """The photo without its metadata (refused here when it is not a whole JPEG or PNG)."""
        from fazhi.legal import photos

        upload = self.cleaned_data.get("photo_file")
        return photos.stripped(upload) if upload else None

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        from fazhi.core.models import Membership, User
        from fazhi.core.scoping import regions_q

        # the advisers' accounts of the towns where the user manages legal work (not the county's)
        paths = user.permission_paths(roles.LEGAL_MANAGE)
        advisers = Membership.objects.filter(regions_q(paths, "region__path"), role="legal_adviser").values(
            "user"
        )
        self.fields["user"].queryset = User.objects.filter(pk__in=advisers, is_active=True).order_by(
            "username"
        )


class LiterateForm(_Scoped):
    region_kinds = (RegionKind.VILLAGE,)

    class Meta:
        model = LegalLiterate
        fields = ["region", "name", "since", "until", "note"]
        labels = {"region": _("村（社区）")}


class EngagementForm(_Scoped):
    """A service-log entry: an adviser logs their own work; the judicial office anyone's."""

    permission = roles.LEGAL_OPINION

    class Meta:
        model = Engagement
        fields = [
            "adviser",
            "kind",
            "day",
            "hours",
            "place",
            "subject",
            "people",
            "decision",
            "contract",
            "normative",
            "opinion",
        ]
        widgets = {"opinion": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        own = Adviser.objects.filter(user=user)
        if user.can(roles.LEGAL_MANAGE):
            own = Adviser.objects.writable_by(user, roles.LEGAL_MANAGE) | own
        self.fields["adviser"].queryset = own.distinct().select_related("region").order_by("region__path")
        self.fields["day"].initial = timezone.localdate
        # the records an engagement may concern: those the user reads (an adviser: assigned ones)
        self.fields["decision"].queryset = Decision.objects.visible_to(user).order_by("-started_on")
        self.fields["contract"].queryset = Contract.objects.visible_to(user).order_by("-id")
        self.fields["normative"].queryset = NormativeDocument.objects.visible_to(user).order_by("-id")


class CatalogueForm(_Scoped):
    region_kinds = (RegionKind.TOWN,)

    class Meta:
        model = Catalogue
        fields = ["region", "year", "title", "party_consent", "party_consent_on", "published_on"]
        labels = {"region": _("决策机关所在乡镇")}


class EntryForm(forms.ModelForm):
    class Meta:
        model = CatalogueEntry
        fields = [
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
        ]
        widgets = {
            "planned_by": DateInput,
            "added_on": DateInput,
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class DecisionForm(_Scoped):
    permission = roles.LEGAL_DRAFT
    region_kinds = (RegionKind.TOWN,)

    class Meta:
        model = Decision
        fields = ["entry", "region", "title", "undertaker", "started_on"]
        labels = {"region": _("决策机关所在乡镇")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["entry"].queryset = (
            CatalogueEntry.objects.visible_to(user)
            .filter(catalogue__published_on__isnull=False)
            .select_related("catalogue")
            .order_by("-catalogue__year", "id")
        )
        self.fields["started_on"].initial = timezone.localdate


class CommentForm(forms.ModelForm):
    class Meta:
        model = PublicComment
        fields = ["received_on", "commenter", "content", "answer", "reason"]
        widgets = {
            "received_on": DateInput,
            "content": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ContractForm(_Scoped):
    permission = roles.LEGAL_DRAFT

    class Meta:
        model = Contract
        fields = [
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
        ]
        labels = {"region": _("合同所属区划（镇或村）")}
        widgets = {
            "draft": forms.Textarea(attrs={"rows": 3}),
            "standing_evidence": forms.Textarea(attrs={"rows": 2}),
        }


class NormativeForm(_Scoped):
    permission = roles.LEGAL_DRAFT
    region_kinds = (RegionKind.TOWN,)

    class Meta:
        model = NormativeDocument
        fields = ["region", "title", "drafting_unit"]
        labels = {"region": _("制定机关所在乡镇")}
