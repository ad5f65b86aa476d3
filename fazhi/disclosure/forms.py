"""The disclosure app's forms: registering a request (the day it counts as received, 条例
第三十一条), a 复议/诉讼 case, a yearly register row. Step inputs are in `workflow.py`."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind
from fazhi.core.scoping import ensure_writable
from fazhi.core.widgets import DateInput
from fazhi.disclosure.models import (
    CatalogueItem,
    Channel,
    Publication,
    PublicChannel,
    Request,
    YearlyFigure,
)


class TownField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def towns_for(user, permission: str = roles.DISCLOSURE_HANDLE):
    """The towns where `user` may act under `permission` (a request is the town's)."""
    return Region.objects.writable_by(user, permission).filter(kind=RegionKind.TOWN).order_by("path")


# 条例 第三十一条: the day a request counts as received, by channel.
RECEIPT_RULES = {
    Channel.IN_PERSON: _("当面提交的，以提交之日为收到申请之日（条例第三十一条第（一）项）"),
    Channel.REGISTERED_MAIL: _(
        "以邮寄方式提交的，以行政机关签收之日为收到申请之日（条例第三十一条第（二）项）"
    ),
    Channel.ORDINARY_MAIL: _(
        "以平常信函等无需签收的邮寄方式提交的，以政府信息公开工作机构与申请人确认之日为收到申请之日（条例第三十一条第（二）项）"
    ),
    Channel.ONLINE: _("通过互联网渠道提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）"),
    Channel.FAX: _("以传真方式提交的，以双方确认之日为收到申请之日（条例第三十一条第（三）项）"),
}


class RequestForm(forms.ModelForm):
    """登记政府信息公开申请 (条例 第二十九条: name, proof of identity, contact; description; form)."""

    region = TownField(label=_("受理机关（乡镇）"), queryset=Region.objects.none())
    received_on = forms.DateField(
        label=_("收到申请日期"),
        required=False,
        widget=DateInput,
        help_text=_("当面提交的可不填（即提交日期）；邮寄的填签收日期，平常信函、网络、传真的填双方确认日期"),
    )

    class Meta:
        model = Request
        fields = [
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
        ]
        widgets = {"submitted_on": DateInput, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        towns = towns_for(user)
        self.fields["region"].queryset = towns
        if towns.count() == 1:
            self.fields["region"].initial = towns.first()
        self.fields["submitted_on"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        channel, submitted, received = data.get("channel"), data.get("submitted_on"), data.get("received_on")
        if channel == Channel.IN_PERSON and submitted:
            if received and received != submitted:
                self.add_error("received_on", _g("当面提交的，收到申请日期即提交日期（条例第三十一条）"))
            data["received_on"] = submitted
        elif channel and not received:
            self.add_error("received_on", str(RECEIPT_RULES[channel]))
        if (
            data.get("applicant_type")
            and data.get("applicant_type") != "natural"
            and not data.get("representative")
        ):
            self.add_error(
                "representative", _g("法人或其他组织申请的，应填写法定代表人或联系人（条例第二十九条）")
            )
        if not (data.get("phone") or data.get("address") or data.get("email")):
            self.add_error("phone", _g("申请应包括申请人的联系方式（条例第二十九条）"))
        return data

    def _post_clean(self):
        if self.cleaned_data.get("received_on"):
            self.instance.received_on = self.cleaned_data["received_on"]
        super()._post_clean()


def register_request(form: RequestForm, user) -> Request:
    """Save a valid RequestForm as `user` (DISCLOSURE_HANDLE over the town): numbered, with its
    reply and correction-notice clocks started from the day received; all or nothing."""
    from fazhi.disclosure.workflow import start_clocks

    with transaction.atomic():
        req = form.save(commit=False)
        req.received_note = str(RECEIPT_RULES[req.channel])[:200]
        if user is not None and getattr(user, "is_authenticated", False):
            req.registered_by = user
        req.save()
        ensure_writable(req, user, roles.DISCLOSURE_HANDLE)
        start_clocks(req)
    return req


class YearlyFigureForm(forms.ModelForm):
    region = TownField(label=_("乡镇"), queryset=Region.objects.none())

    class Meta:
        model = YearlyFigure
        fields = ["region", "year", "item", "value", "source"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = towns_for(user)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year < 2008 or year > timezone.localdate().year:
            raise ValidationError(_g("年度应在2008年（条例施行）至今年之间"))
        return year


class PublicationForm(forms.ModelForm):
    region = TownField(label=_("乡镇"), queryset=Region.objects.none())

    class Meta:
        model = Publication
        fields = [
            "region",
            "kind",
            "item",
            "title",
            "document_number",
            "made_on",
            "time_limit_days",
            "content",
        ]
        widgets = {"made_on": DateInput, "content": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "time_limit_days": _("选择目录事项的，按事项的公开时限；否则按此填写（默认20个工作日）")
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        towns = towns_for(user)
        self.fields["region"].queryset = towns
        if towns.count() == 1:
            self.fields["region"].initial = towns.first()
        self.fields["item"].queryset = CatalogueItem.objects.writable_by(
            user, roles.DISCLOSURE_HANDLE
        ).filter(active=True)
        self.fields["made_on"].initial = timezone.localdate


class ChannelForm(forms.Form):
    channel = forms.ChoiceField(label=_("公开渠道"), choices=PublicChannel.choices)
    published_on = forms.DateField(label=_("公开日期"), widget=DateInput, initial=timezone.localdate)
    place = forms.CharField(label=_("网址或位置"), max_length=200, required=False)


class CatalogueItemForm(forms.ModelForm):
    region = TownField(label=_("乡镇"), queryset=Region.objects.none())

    class Meta:
        model = CatalogueItem
        fields = [
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
        widgets = {"content": forms.Textarea(attrs={"rows": 2}), "basis": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = towns_for(user)
