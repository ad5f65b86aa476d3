"""网上信访 (form 信息网络): a petitioner submits without an account and gets a 查询码; the matter is
registered through the one door (`workflow.intake`: number, the town's registration, the 15-day
clock) and lands in the 信访办's register; the public tracking page shows exactly the items of the
网上信访 rules — 登记, 转交, 受理/不予受理告知 and date, 延期告知 and date, 处理意见书 and date — never
staff notes or staff names; after the 处理意见 the petitioner rates it within a window (a rule).

An anonymous petition is accepted and told it gets no written notice (信访工作条例 第二十二条 needs
the petitioner's address to tell them in writing). The shared mechanism is `fazhi.core.intake`.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from fazhi.core import attachments, frozen, intake, pii
from fazhi.core.models import Deadline, Region, RegionKind
from fazhi.core.pii import IdNumberFormField, MobileFormField
from fazhi.petitions import rules
from fazhi.petitions.models import Matter, Petitioner

SCOPE = "petitions"
S = Matter.State
# Matters whose 处理意见 the petitioner may rate: answered by the town (申诉求决类 and 建议意见类
# matters it handled itself); not accepted, returned, routed into a legal procedure or
# transferred to 纪检监察 are outside the rating scope.
RATED_STATES = (S.ANSWERED, S.RATED, S.CONCLUDED, S.REVIEWING, S.REVIEWED, S.RE_REVIEWING, S.FINAL)
ONLINE_QUERY_NOTE = gettext_lazy("网上查询码已发给信访人")


class TownChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OnlinePetitionForm(intake.ChallengeMixin, forms.ModelForm):
    region = TownChoice(label=gettext_lazy("向哪个乡镇（街道）反映"), queryset=Region.objects.none())
    anonymous = forms.BooleanField(
        label=gettext_lazy("匿名反映（不填写个人信息；将不会收到书面告知和处理意见书）"), required=False
    )
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=100, required=False)
    id_number = IdNumberFormField(label=gettext_lazy("身份证号码"), required=False)
    phone = MobileFormField(label=gettext_lazy("联系电话"), required=False)
    address = forms.CharField(label=gettext_lazy("通信地址"), max_length=200, required=False)
    files = attachments.AttachmentField(multiple=True, required=False, label=gettext_lazy("附件（可不传）"))

    class Meta:
        model = Matter
        fields = ["region", "title", "content", "requests", "kind", "category"]
        labels = {"title": gettext_lazy("事由（一句话概括）"), "kind": gettext_lazy("反映的类别")}
        widgets = {
            "content": forms.Textarea(attrs={"rows": 5}),
            "requests": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = [
        "region",
        "anonymous",
        "name",
        "id_number",
        "phone",
        "address",
        "title",
        "content",
        "requests",
        "kind",
        "category",
        "files",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(kind=RegionKind.TOWN).order_by("code")
        self.order_fields(self.field_order)
        self.add_challenge()

    def clean(self):
        data = super().clean()
        if data.get("anonymous"):
            for name in ("name", "id_number", "phone", "address"):
                data[name] = ""
            return data
        if not data.get("name"):
            self.add_error(
                "name", _("请填写姓名，或勾选“匿名反映”（匿名的不能收到书面告知，信访工作条例第二十二条）")
            )
        if not (data.get("phone") or data.get("address")):
            self.add_error(
                "address",
                _("请填写联系电话或通信地址，以便书面告知是否受理和答复（信访工作条例第二十二条）"),
            )
        return data


def submit(form: OnlinePetitionForm) -> tuple[Matter, str]:
    from fazhi.petitions.workflow import intake as register

    code = intake.new_code()
    data = form.cleaned_data
    with transaction.atomic():
        matter = form.save(commit=False)
        matter.received_on = timezone.localdate()
        matter.form = Matter.Form.ONLINE
        matter.source = Matter.Source.OWN
        matter.tracking_digest = intake.digest(code)
        matter.query_code = str(ONLINE_QUERY_NOTE)
        people = []
        if not data.get("anonymous"):
            people = [
                Petitioner(
                    name=data["name"],
                    id_number=data.get("id_number", ""),
                    phone=data.get("phone", ""),
                    address=data.get("address", ""),
                )
            ]
        register(matter, people, user=None)
        for file in data.get("files") or []:
            attachments.attach(file, owner=matter, user=None, caption=_("网上信访附件"))
    return matter, code


@require_http_methods(["GET", "POST"])
def submit_view(request: HttpRequest) -> HttpResponse:
    form = OnlinePetitionForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST":
        phone = "" if request.POST.get("anonymous") else pii.normalize_mobile(request.POST.get("phone", ""))
        refused = intake.refusal(request, SCOPE, phone)
        if refused is None and form.is_valid() and form.check_challenge():
            matter, code = submit(form)
            intake.count_submission(request, SCOPE, phone)
            return render(
                request,
                "petitions/public/submitted.html",
                {
                    "title": _("信访事项已提交"),
                    "code": code,
                    "anonymous": bool(form.cleaned_data.get("anonymous")),
                    "received_on": matter.received_on,
                },
            )
        form.renew_challenge()
    return render(
        request,
        "petitions/public/submit.html",
        {"title": _("网上信访"), "form": form, "refused": refused, "submit_label": _("提交信访事项")},
        status=429 if refused else (400 if form.errors else 200),
    )


# --- tracking -----------------------------------------------------------------------------------


class RateForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    satisfaction = forms.ChoiceField(
        label=gettext_lazy("您对处理意见的评价"),
        choices=[c for c in Matter.Satisfaction.choices if c[0]],
        widget=forms.RadioSelect,
    )


def rating_open(matter: Matter, today=None) -> bool:
    """A matter the town answered with a 处理意见, not yet rated, within the window of the rule."""
    today = today or timezone.localdate()
    if matter.state not in RATED_STATES or not matter.answered_on or matter.satisfaction:
        return False
    return (today - matter.answered_on).days <= rules.rating_days(matter.region, matter.answered_on)


def items(matter: Matter) -> list[tuple[str, object, str]]:
    """The public items of the 网上信访 rules, each (label, date, text)."""
    from fazhi.petitions.workflow import HANDLE

    shown: list[tuple[str, object, str]] = [(_("登记"), matter.received_on, matter.number)]
    if matter.state == S.RETURNED:
        shown.append((_("转交"), matter.decided_on, _("经审查不属于本机关职责范围，已退回转送机关")))
    elif matter.state == S.TRANSFERRED:
        shown.append((_("转交"), matter.decided_on or matter.handled_on, _("已移交纪检监察机关依规处理")))
    elif matter.state == S.ROUTED:
        shown.append((_("转交"), matter.handled_on or matter.decided_on, _("已导入法定途径办理")))
    if matter.accepted_on:
        text = _("已受理")
        if matter.responsible_unit:
            text = _("已受理，由%(unit)s办理") % {"unit": matter.responsible_unit}
        shown.append((_("受理告知"), matter.accepted_on, text))
    elif matter.state == S.NOT_ACCEPTED:
        shown.append((_("不予受理告知"), matter.decided_on, _("不予受理")))
    elif matter.state == S.NOT_AGAIN:
        shown.append((_("不予受理告知"), matter.decided_on, _("不再受理")))
    if matter.extended:
        clock = Deadline.objects.filter(
            content_type__app_label="petitions",
            content_type__model="matter",
            object_id=str(matter.pk),
            code=HANDLE.code,
        ).first()
        extension = clock.extensions.order_by("created_at").first() if clock else None
        shown.append(
            (
                _("延期告知"),
                timezone.localdate(extension.created_at) if extension else None,
                _("办理期限延长至%(day)s") % {"day": f"{clock.due_on:%Y-%m-%d}"} if clock else "",
            )
        )
    if matter.answered_on:
        shown.append((_("处理意见书"), matter.answered_on, matter.decision))
    return shown


def _lookup(request, code: str):
    address = intake.client_address(request)
    if intake.over_limit("lookup", SCOPE, address):
        return None, _("查询过于频繁，请一小时后再试。")
    matter = intake.find(Matter.objects.select_related("region"), code)
    if matter is None:
        intake.hit("lookup", SCOPE, address)
        return None, _("没有找到这个查询码对应的信访事项。请核对查询码（不区分大小写，可不输入短横线）。")
    return matter, None


def rate(matter: Matter, satisfaction: str) -> str | None:
    with transaction.atomic():
        locked = Matter.objects.select_for_update().get(pk=matter.pk)
        if locked.satisfaction:
            return _("您已评价过此信访事项。")
        if not rating_open(locked):
            return _("处理意见书送达之日起%(days)s日内可以评价，现已超过评价期限或不在评价范围。") % {
                "days": rules.rating_days(locked.region, locked.answered_on)
            }
        locked.satisfaction, locked.rated_on = satisfaction, timezone.localdate()
        with frozen.permitting(locked):
            locked.save(update_fields=["satisfaction", "rated_on"])
    return None


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    context = {"title": _("网上信访查询"), "form": intake.TrackForm(), "rate_form": None}
    status = 200
    if request.method == "POST":
        rating = "satisfaction" in request.POST
        form = (RateForm if rating else intake.TrackForm)(request.POST)
        if form.is_valid():
            matter, problem = _lookup(request, form.cleaned_data["code"])
            if problem:
                context["problem"], status = problem, 404
            else:
                if rating:
                    problem = rate(matter, form.cleaned_data["satisfaction"])
                    if problem:
                        context["problem"], status = problem, 400
                    else:
                        context["rated"] = True
                    matter.refresh_from_db()
                context.update(
                    {
                        "matter": matter,
                        "items": items(matter),
                        "rating_open": rating_open(matter),
                        "rating_days": rules.rating_days(matter.region, matter.answered_on),
                    }
                )
                if context["rating_open"]:
                    context["rate_form"] = RateForm(initial={"code": form.cleaned_data["code"]})
        else:
            context["problem"], status = _("请输入查询码。"), 400
    return render(request, "petitions/public/track.html", context, status=status)
