"""Forms of the enforcement pages: registers (bodies, officers, certificates, powers), filing a
case, evidence, rectification orders, and campaigns. The lists' filters are FilterSets (`filters.py`).

The input of each workflow step is collected by the step forms in `forms.py`; what the law
forbids is refused by the workflow's guards (`workflow.py`), not here. These forms check
types, required fields and identity numbers, and narrow every choice to what the user may see
(`visible_to`). Each error names its field (the form layout shows the field's label with it).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.attachments import ACCEPT_MEDIA, AttachmentField
from fazhi.core.models import Region, RegionKind, User
from fazhi.core.pii import CreditCodeFormField, IdNumberFormField, MobileFormField
from fazhi.core.widgets import DateInput
from fazhi.enforcement.models import (
    Campaign,
    CampaignAction,
    Case,
    CaseState,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Evidence,
    Officer,
    Party,
    Power,
    RectificationOrder,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if isinstance(value, dt.datetime):
            return (
                timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
                if timezone.is_aware(value)
                else (value.strftime("%Y-%m-%dT%H:%M"))
            )
        return super().format_value(value)


def date_field(label, required=True, help_text="", initial=None):
    return forms.DateField(
        label=label, required=required, widget=DateInput, help_text=help_text, initial=initial
    )


def _region_label(region: Region) -> str:
    indent = "\u3000" * max(region.depth - 1, 0)
    return f"{indent}{region.name}"


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _region_label(obj)


def regions_under(
    user, root: Region | None, kinds=(RegionKind.TOWN, RegionKind.VILLAGE, RegionKind.GRID), permission=None
):
    """Regions the user may see (or, with `permission`, place a record in), under `root` when
    given, in tree order."""
    qs = Region.objects.writable_by(user, permission) if permission else Region.objects.visible_to(user)
    qs = qs.filter(kind__in=kinds)
    if root is not None:
        qs = qs.filter(path__startswith=root.path)
    return qs.order_by("path")


class VisibleFormMixin:
    """Narrows the body / power / officer / region choices to what `user` may use when writing
    under the form's `write_permission` (in the regions where a role of theirs carries it)."""

    write_permission = roles.CASE_HANDLE

    def narrow(self, user):
        fields = self.fields
        perm = self.write_permission
        if "body" in fields:
            fields["body"].queryset = EnforcementBody.objects.writable_by(user, perm).order_by("name")
            if fields["body"].queryset.count() == 1 and not self.is_bound:
                fields["body"].initial = fields["body"].queryset.first().pk
        if "power" in fields:
            fields["power"].queryset = (
                Power.objects.writable_by(user, perm)
                .filter(active=True)
                .select_related("body")
                .order_by("code")
            )
        if "officers" in fields:
            fields["officers"].queryset = (
                Officer.objects.writable_by(user, perm)
                .filter(active=True)
                .select_related("body")
                .order_by("name")
            )
        if "region" in fields:
            fields["region"].queryset = regions_under(user, None, permission=perm)


# --- registers ----------------------------------------------------------------------------------


class BodyForm(VisibleFormMixin, forms.ModelForm):
    write_permission = roles.ENFORCEMENT_MANAGE

    region = RegionChoiceField(label=_("所属区划"), queryset=Region.objects.none())

    class Meta:
        model = EnforcementBody
        fields = [
            "name",
            "kind",
            "region",
            "legal_basis",
            "case_prefix",
            "order_prefix",
            "address",
            "phone",
            "complaint_channel",
        ]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_under(
            user, None, kinds=(RegionKind.COUNTY, RegionKind.TOWN), permission=self.write_permission
        )


class OfficerForm(VisibleFormMixin, forms.ModelForm):
    write_permission = roles.ENFORCEMENT_MANAGE

    class Meta:
        model = Officer
        fields = ["name", "body", "position", "user", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow(user)
        # Accounts of enforcement officers within the user's regions (an officer may have none).
        paths = user.scope_paths
        in_scope = Q(pk__in=[])
        for path in paths:
            in_scope |= Q(memberships__region__path__startswith=path)
        self.fields["user"].queryset = (
            User.objects.filter(in_scope, is_active=True, memberships__role="enforcement_officer")
            .distinct()
            .order_by("full_name", "username")
        )
        self.fields["user"].required = False


class CertificateForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["number", "issuing_authority", "valid_from", "valid_until", "status", "status_changed_on"]
        widgets = {"valid_from": DateInput, "valid_until": DateInput, "status_changed_on": DateInput}


class PowerForm(VisibleFormMixin, forms.ModelForm):
    write_permission = roles.ENFORCEMENT_MANAGE

    class Meta:
        model = Power
        fields = [
            "body",
            "code",
            "name",
            "law",
            "article",
            "basis_text",
            "penalties",
            "in_review_catalogue",
            "devolved",
            "active",
        ]
        widgets = {"basis_text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow(user)


class DiscretionLevelForm(forms.ModelForm):
    class Meta:
        model = DiscretionLevel
        fields = ["level", "fine_min", "fine_max", "description", "penalties"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, power, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.power = power

    def clean_level(self):
        level = self.cleaned_data["level"]
        taken = DiscretionLevel.objects.filter(power=self.instance.power, level=level)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("该处罚事项已有这一裁量等级，请修改原有等级"))
        return level


# --- the party ------------------------------------------------------------------------------------


class PartyFieldsMixin(forms.Form):
    """The party of a case or order: a citizen with an identity number, or an organization with
    its unified social credit code (each checked: GB 11643 / GB 32100)."""

    party_kind = forms.ChoiceField(
        label=_("当事人类型"),
        choices=Party.Kind.choices,
        initial=Party.Kind.CITIZEN,
        widget=forms.RadioSelect,
    )
    party_name = forms.CharField(label=_("当事人姓名或名称"), max_length=100)
    party_id_number = IdNumberFormField(
        label=_("身份证号码"), required=False, max_length=18, help_text=_("当事人为公民的必填")
    )
    party_credit_code = CreditCodeFormField(
        label=_("统一社会信用代码"),
        required=False,
        max_length=18,
        help_text=_("当事人为法人或其他组织的必填"),
    )
    party_legal_representative = forms.CharField(
        label=_("法定代表人（负责人）"), required=False, max_length=50
    )
    party_address = forms.CharField(label=_("住址或住所"), required=False, max_length=200)
    party_phone = MobileFormField(label=_("联系电话"), required=False, max_length=11)

    def clean_party(self, cleaned):
        kind = cleaned.get("party_kind")
        if (
            kind == Party.Kind.CITIZEN
            and not cleaned.get("party_id_number")
            and "party_id_number" not in self.errors
        ):
            self.add_error("party_id_number", _("当事人为公民的，应填写身份证号码"))
        if (
            kind == Party.Kind.ORGANIZATION
            and not cleaned.get("party_credit_code")
            and "party_credit_code" not in self.errors
        ):
            self.add_error("party_credit_code", _("当事人为法人或其他组织的，应填写统一社会信用代码"))

    def party(self, user, region: Region) -> Party:
        """The party: the one already on record with this identity number or credit code (within
        what the user may see), or a new one (unsaved)."""
        data = self.cleaned_data
        citizen = data["party_kind"] == Party.Kind.CITIZEN
        lookup = (
            {"id_number": data["party_id_number"]} if citizen else {"credit_code": data["party_credit_code"]}
        )
        existing = (
            Party.objects.writable_by(user, roles.CASE_HANDLE)
            .filter(kind=data["party_kind"], **lookup)
            .first()
        )
        if existing is not None:
            return existing
        return Party(
            region=region,
            kind=data["party_kind"],
            name=data["party_name"].strip(),
            id_number=data["party_id_number"] if citizen else "",
            credit_code="" if citizen else data["party_credit_code"],
            legal_representative="" if citizen else data["party_legal_representative"],
            address=data["party_address"],
            phone=data["party_phone"],
        )


# --- filing a case --------------------------------------------------------------------------------


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        certificate = obj.current_certificate
        if certificate is None:
            return _("%(name)s（无执法证）") % {"name": obj.name}
        return _("%(name)s（执法证 %(number)s，有效期至 %(until)s）") % {
            "name": obj.name,
            "number": certificate.number,
            "until": certificate.valid_until.isoformat(),
        }


class CaseFileForm(VisibleFormMixin, PartyFieldsMixin):
    """立案: the case, its party, the power applied and at least two certified officers."""

    body = forms.ModelChoiceField(label=_("执法主体"), queryset=EnforcementBody.objects.none())
    cause = forms.CharField(label=_("案由"), max_length=200, help_text=_("如：张某某非法采砂案"))
    source = forms.ChoiceField(label=_("案件来源"), choices=Case.Source.choices, initial=Case.Source.PATROL)
    source_reference = forms.CharField(label=_("来源编号"), required=False, max_length=100)
    procedure = forms.ChoiceField(
        label=_("程序"),
        choices=Case.Procedure.choices,
        initial=Case.Procedure.GENERAL,
        help_text=_(
            "简易程序仅适用于警告或对公民200元、对法人或其他组织3000元以下罚款（行政处罚法第五十一条），当场决定"
        ),
    )
    power = forms.ModelChoiceField(label=_("处罚事项（权责清单）"), queryset=Power.objects.none())
    discretion_level = forms.ModelChoiceField(
        label=_("裁量等级"),
        queryset=DiscretionLevel.objects.none(),
        required=False,
        help_text=_("可在事先告知时再确定"),
    )
    region = RegionChoiceField(label=_("违法行为所在村（网格）"), queryset=Region.objects.none())
    place = forms.CharField(label=_("违法地点"), required=False, max_length=200)
    act_date = date_field(_("违法行为发生日期"))
    act_end_date = date_field(_("连续或继续状态终了日期"), required=False)
    discovered_on = date_field(_("发现日期"), required=False)
    harm_to_life_health_finance = forms.BooleanField(
        label=_("涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）"), required=False
    )
    facts = forms.CharField(label=_("违法事实"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    officers = OfficerChoiceField(
        label=_("执法人员"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不得少于两人，均须持有有效执法证（行政处罚法第四十二条）"),
    )
    filed_on = date_field(_("立案日期"), required=False, help_text=_("不填为今天"))

    field_order = [
        "body",
        "cause",
        "source",
        "source_reference",
        "procedure",
        "party_kind",
        "party_name",
        "party_id_number",
        "party_credit_code",
        "party_legal_representative",
        "party_address",
        "party_phone",
        "power",
        "discretion_level",
        "region",
        "place",
        "act_date",
        "act_end_date",
        "discovered_on",
        "harm_to_life_health_finance",
        "facts",
        "officers",
        "filed_on",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.narrow(user)
        self.fields["discretion_level"].queryset = DiscretionLevel.objects.writable_by(
            user, self.write_permission
        ).select_related("power")
        self.fields["discretion_level"].label_from_instance = lambda level: (
            f"{level.power.name} · {level.get_level_display()}（{level.range_text}）"
        )
        self.fields["region"].queryset = regions_under(
            user, None, kinds=(RegionKind.VILLAGE, RegionKind.GRID), permission=self.write_permission
        )
        self.fields["region"].label_from_instance = _region_label

    def clean(self):
        cleaned = super().clean()
        self.clean_party(cleaned)
        body, power, level = cleaned.get("body"), cleaned.get("power"), cleaned.get("discretion_level")
        region = cleaned.get("region")
        if body and power and power.body_id != body.pk:
            self.add_error("power", _("该处罚事项不属于所选执法主体的权责清单"))
        if power and level and level.power_id != power.pk:
            self.add_error("discretion_level", _("裁量等级不属于所选处罚事项"))
        if body and region and not region.path.startswith(body.region.path):
            self.add_error("region", _("所选村（网格）不在该执法主体的管辖区划内"))
        officers = cleaned.get("officers") or []
        if body and any(o.body_id != body.pk for o in officers):
            self.add_error("officers", _("执法人员应为所选执法主体的人员"))
        act_date, act_end = cleaned.get("act_date"), cleaned.get("act_end_date")
        if act_date and act_end and act_end < act_date:
            self.add_error("act_end_date", _("终了日期不能早于违法行为发生日期"))
        if act_date and act_date > timezone.localdate():
            self.add_error("act_date", _("违法行为发生日期不能晚于今天"))
        return cleaned

    def case(self, party: Party) -> Case:
        data = self.cleaned_data
        return Case(
            body=data["body"],
            region=data["region"],
            party=party,
            cause=data["cause"].strip(),
            source=data["source"],
            source_reference=data["source_reference"],
            procedure=data["procedure"],
            power=data["power"],
            discretion_level=data["discretion_level"],
            place=data["place"],
            act_date=data["act_date"],
            act_end_date=data["act_end_date"],
            discovered_on=data["discovered_on"],
            harm_to_life_health_finance=data["harm_to_life_health_finance"],
            facts=data["facts"],
        )


class AddOfficerForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("执法人员"), queryset=Officer.objects.none())
    on = date_field(_("加入日期"), required=False)

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        on_case = case.case_officers.values("officer_id")
        self.fields["officer"].queryset = (
            Officer.objects.visible_to(user).filter(body_id=case.body_id, active=True).exclude(pk__in=on_case)
        )


class WithdrawOfficerForm(forms.Form):
    reason = forms.CharField(label=_("回避理由"), max_length=300)
    on = date_field(_("回避日期"), required=False)


# --- evidence -------------------------------------------------------------------------------------


class EvidenceForm(forms.ModelForm):
    """证据, uploaded from a phone: photos, video and audio from the camera or recorder."""

    files = AttachmentField(
        label=_("从相册或文件中选择（可多选）"), multiple=True, required=False, accept=ACCEPT_MEDIA
    )
    camera = AttachmentField(
        label=_("现场拍摄或录制"), required=False, accept=ACCEPT_MEDIA, capture="environment"
    )

    class Meta:
        model = Evidence
        fields = ["kind", "description", "place", "collected_at", "from_body_camera"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "collected_at": DateTimeInput,
        }

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.case = case
        self.fields["collected_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if not self.is_bound:
            self.fields["collected_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
            self.fields["place"].initial = case.place

    def clean_collected_at(self):
        value = self.cleaned_data["collected_at"]
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise forms.ValidationError(_("收集时间不能晚于现在"))
        return value

    def uploads(self) -> list:
        files = list(self.cleaned_data.get("files") or [])
        if self.cleaned_data.get("camera"):
            files.append(self.cleaned_data["camera"])
        return files


# --- rectification orders -------------------------------------------------------------------------


class OrderForm(VisibleFormMixin, PartyFieldsMixin):
    """责令改正通知书: to a party, with a deadline; with or without a case."""

    body = forms.ModelChoiceField(label=_("执法主体"), queryset=EnforcementBody.objects.none())
    region = RegionChoiceField(label=_("所在村（网格）"), queryset=Region.objects.none())
    issued_on = date_field(_("下达日期"), initial=timezone.localdate)
    deadline = date_field(_("整改期限"))
    requirement = forms.CharField(label=_("整改要求"), widget=forms.Textarea(attrs={"rows": 4}))
    case = forms.ModelChoiceField(label=_("关联案件"), queryset=Case.objects.none(), required=False)

    field_order = [
        "body",
        "party_kind",
        "party_name",
        "party_id_number",
        "party_credit_code",
        "party_legal_representative",
        "party_address",
        "party_phone",
        "region",
        "issued_on",
        "deadline",
        "requirement",
        "case",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow(user)
        self.fields["region"].queryset = regions_under(
            user, None, kinds=(RegionKind.VILLAGE, RegionKind.GRID), permission=self.write_permission
        )
        # Cases still being handled (an order issued in the course of one).
        self.fields["case"].queryset = (
            Case.objects.writable_by(user, self.write_permission)
            .exclude(state__in=[CaseState.DRAFT, CaseState.CLOSED, CaseState.ARCHIVED])
            .order_by("-id")
        )

    def clean(self):
        cleaned = super().clean()
        self.clean_party(cleaned)
        issued, deadline = cleaned.get("issued_on"), cleaned.get("deadline")
        if issued and deadline and deadline < issued:
            self.add_error("deadline", _("整改期限不能早于下达日期"))
        body, region = cleaned.get("body"), cleaned.get("region")
        if body and region and not region.path.startswith(body.region.path):
            self.add_error("region", _("所选村（网格）不在该执法主体的管辖区划内"))
        return cleaned


class OrderCheckForm(forms.Form):
    checked_on = date_field(_("复查日期"), initial=timezone.localdate)
    result = forms.ChoiceField(
        label=_("复查结果"),
        choices=[
            (RectificationOrder.Result.COMPLETED, _("整改完成")),
            (RectificationOrder.Result.OVERDUE, _("逾期未改")),
        ],
        widget=forms.RadioSelect,
    )
    check_note = forms.CharField(
        label=_("复查情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, order: RectificationOrder, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order

    def clean_checked_on(self):
        day = self.cleaned_data["checked_on"]
        if day < self.order.issued_on:
            raise forms.ValidationError(
                _("复查日期不能早于下达日期（%(day)s）") % {"day": self.order.issued_on}
            )
        if day > timezone.localdate():
            raise forms.ValidationError(_("复查日期不能晚于今天"))
        return day

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("checked_on")
        if cleaned.get("result") == RectificationOrder.Result.OVERDUE and day and day <= self.order.deadline:
            self.add_error(
                "result",
                _("整改期限（%(day)s）尚未届满，不能认定逾期未改") % {"day": self.order.deadline.isoformat()},
            )
        return cleaned


class OrderFileCaseForm(VisibleFormMixin, forms.Form):
    """逾期未改 → 立案 in one step: the power applied and the officers."""

    power = forms.ModelChoiceField(label=_("处罚事项（权责清单）"), queryset=Power.objects.none())
    officers = OfficerChoiceField(
        label=_("执法人员"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不得少于两人，均须持有有效执法证（行政处罚法第四十二条）"),
    )
    cause = forms.CharField(
        label=_("案由"), max_length=200, required=False, help_text=_("不填则按整改要求生成")
    )
    filed_on = date_field(_("立案日期"), required=False, help_text=_("不填为今天"))

    def __init__(self, *args, user, order: RectificationOrder, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.narrow(user)
        self.fields["power"].queryset = self.fields["power"].queryset.filter(body_id=order.body_id)
        self.fields["officers"].queryset = self.fields["officers"].queryset.filter(body_id=order.body_id)


# --- campaigns ------------------------------------------------------------------------------------


class CampaignForm(VisibleFormMixin, forms.ModelForm):
    region = RegionChoiceField(label=_("所属区划"), queryset=Region.objects.none())

    class Meta:
        model = Campaign
        fields = ["name", "kind", "body", "region", "starts_on", "ends_on", "joint_units", "description"]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow(user)
        self.fields["region"].queryset = regions_under(
            user, None, kinds=(RegionKind.TOWN, RegionKind.VILLAGE), permission=self.write_permission
        )
        self.fields["region"].label_from_instance = _region_label


class CampaignActionForm(forms.ModelForm):
    class Meta:
        model = CampaignAction
        fields = [
            "acted_on",
            "places",
            "participating_units",
            "joint",
            "people_count",
            "findings",
            "seizures",
            "demolished_count",
            "demolished_area_m2",
            "straw_burning_stops",
            "materials_handed_out",
            "notes",
        ]
        widgets = {
            "acted_on": DateInput,
            "findings": forms.Textarea(attrs={"rows": 2}),
            "seizures": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        if not self.is_bound:
            self.fields["acted_on"].initial = timezone.localdate()

    def clean_acted_on(self):
        day = self.cleaned_data["acted_on"]
        campaign = self.instance.campaign
        if day < campaign.starts_on:
            raise forms.ValidationError(
                _("行动日期不能早于专项整治开始日期（%(day)s）") % {"day": campaign.starts_on}
            )
        if campaign.ends_on and day > campaign.ends_on:
            raise forms.ValidationError(
                _("行动日期不能晚于专项整治结束日期（%(day)s）") % {"day": campaign.ends_on}
            )
        return day
