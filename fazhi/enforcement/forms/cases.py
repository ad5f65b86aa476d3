"""Forms of the case pages: the party (found or entered), filing a case, officers joining and
withdrawing, and evidence. The input of each workflow step is collected by the step forms
(`steps.py`); what the law forbids is refused by the workflow's guards
(`fazhi.enforcement.workflow`), not here. These forms check types, required fields and identity
numbers, and narrow every choice to what the user may see (`visible_to`). Each error names its
field (the form layout shows the field's label with it)."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.attachments import ACCEPT_MEDIA, AttachmentField
from fazhi.core.models import Region, RegionKind
from fazhi.core.pii import CreditCodeFormField, IdNumberFormField
from fazhi.enforcement.forms.common import (
    DateTimeInput,
    RegionChoiceField,
    VisibleFormMixin,
    date_field,
    region_label,
    regions_under,
)
from fazhi.enforcement.models import (
    Case,
    DiscretionLevel,
    EnforcementBody,
    Evidence,
    Officer,
    Party,
    Power,
)
from fazhi.enforcement.phones import PhoneFormField

# 违法事实: a length the documents can carry (a filing form, a notice and a decision quote it).
FACTS_MAX_LENGTH = 2000

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
    party_phone = PhoneFormField(
        label=_("联系电话"), required=False, max_length=20, help_text=_("手机号码，或带区号的固定电话")
    )

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


class LevelSelect(forms.Select):
    """Each discretion level's option carries its power (data-power), so that the page offers
    only the chosen power's levels (static/enforcement/filing.js)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-power"] = str(instance.power_id)
        return option


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
        widget=LevelSelect,
        help_text=_("所选处罚事项的裁量等级；可在事先告知时再确定"),
    )
    region = RegionChoiceField(label=_("违法行为所在村（网格）"), queryset=Region.objects.none())
    place = forms.CharField(label=_("违法地点"), required=False, max_length=200)
    act_date = date_field(_("违法行为发生日期"))
    act_end_date = date_field(_("连续或继续状态终了日期"), required=False)
    discovered_on = date_field(_("发现日期"), required=False)
    harm_to_life_health_finance = forms.BooleanField(
        label=_("涉及公民生命健康安全、金融安全且有危害后果（追责期限五年）"), required=False
    )
    facts = forms.CharField(
        label=_("违法事实"),
        required=False,
        max_length=FACTS_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("不超过%(n)s字") % {"n": FACTS_MAX_LENGTH},
    )
    officers = OfficerChoiceField(
        label=_("执法人员"),
        queryset=Officer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不得少于两人，均须持有有效执法证（行政处罚法第四十二条）"),
    )
    filed_on = date_field(_("立案日期"), required=False, help_text=_("不填为今天"))
    # one token per form shown: the same form submitted twice files one case
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

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
        if not self.is_bound:
            self.fields["form_token"].initial = uuid.uuid4().hex
        self.fields["discretion_level"].queryset = DiscretionLevel.objects.writable_by(
            user, self.write_permission
        ).select_related("power")
        self.fields["discretion_level"].label_from_instance = lambda level: (
            f"{level.power.name} · {level.get_level_display()}（{level.range_text}）"
        )
        self.fields["region"].queryset = regions_under(
            user, None, kinds=(RegionKind.VILLAGE, RegionKind.GRID), permission=self.write_permission
        )
        self.fields["region"].label_from_instance = region_label

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
            form_token=data.get("form_token") or "",
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
