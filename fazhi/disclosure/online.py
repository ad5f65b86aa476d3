"""网上申请: a member of the public submits a 政府信息公开申请 without an account, gets a tracking
code, follows the request's statutory clock with it and, after the reply, rates it.

The request enters the staff register at its first state (办理中, channel 互联网渠道) with its
reply and correction-notice clocks started, exactly as one registered at the counter; it is
never shown on a public page, and the tracking page shows the clock and the reply only, never
the applicant's personal data. The shared mechanism (codes, rate limits, the offline challenge)
is `fazhi.core.intake`.
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
from fazhi.disclosure import rules
from fazhi.disclosure.forms import RECEIPT_RULES
from fazhi.disclosure.models import ApplicantType, Channel, Rating, Request

SCOPE = "disclosure"
NO_NAME = gettext_lazy(
    "政府信息公开申请应当写明申请人的姓名或者名称（政府信息公开条例第二十九条），匿名申请无法受理；"
    "如只想反映问题，可通过网上信访提交。"
)


class TownChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class OnlineRequestForm(intake.ChallengeMixin, forms.ModelForm):
    """The public form: what 第二十九条 asks for, the information sought, the form and delivery."""

    region = TownChoice(label=gettext_lazy("向哪个乡镇（街道）申请"), queryset=Region.objects.none())
    files = attachments.AttachmentField(
        multiple=True, required=False, label=gettext_lazy("附件（身份证明等，可不传）")
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
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(kind=RegionKind.TOWN).order_by("code")
        self.fields["applicant_name"].error_messages["required"] = NO_NAME
        self.fields["identity_proof"].error_messages["required"] = _(
            "请填写身份证明（证件名称及号码）（政府信息公开条例第二十九条）"
        )
        self.fields["phone"].required = True
        self.fields["phone"].error_messages["required"] = _(
            "请填写联系电话，以便告知补正、收费或答复（政府信息公开条例第二十九条）"
        )
        self.fields["description"].error_messages["required"] = _(
            "请写明所需政府信息的名称、文号或者便于查询的其他特征性描述（政府信息公开条例第二十九条）"
        )
        self.add_challenge()

    def clean_applicant_name(self):
        name = (self.cleaned_data.get("applicant_name") or "").strip()
        if name in {"匿名", "无名", "不详", "无", "-"}:
            raise forms.ValidationError(NO_NAME)
        return name

    def clean(self):
        data = super().clean()
        if data.get("applicant_type") and data["applicant_type"] != ApplicantType.NATURAL:
            if not data.get("representative"):
                self.add_error(
                    "representative", _("法人或其他组织申请的，应填写法定代表人或联系人（条例第二十九条）")
                )
        return data


def submit(form: OnlineRequestForm) -> tuple[Request, str]:
    """Register a valid public form: the request at its first state, its clocks, its files; the
    tracking code returned once (only its digest is kept). All or nothing."""
    from fazhi.disclosure.workflow import start_clocks

    code = intake.new_code()
    today = timezone.localdate()
    with transaction.atomic():
        req = form.save(commit=False)
        req.channel = Channel.ONLINE
        req.submitted_on = req.received_on = today
        req.received_note = (_("网上申请，提交即确认收到；") + str(RECEIPT_RULES[Channel.ONLINE]))[:200]
        req.tracking_digest = intake.digest(code)
        req.full_clean(exclude=["number", "sequence", "year"])
        req.save()
        start_clocks(req)
        for file in form.cleaned_data.get("files") or []:
            attachments.attach(file, owner=req, user=None, caption=_("网上申请附件"))
    return req, code


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = OnlineRequestForm(request.POST or None, request.FILES or None)
    refused = None
    if request.method == "POST":
        refused = intake.refusal(request, SCOPE, pii.normalize_mobile(request.POST.get("phone", "")))
        if refused is None and form.is_valid() and form.check_challenge():
            req, code = submit(form)
            intake.count_submission(request, SCOPE, req.phone)
            return render(
                request,
                "disclosure/public/submitted.html",
                {"title": _("申请已提交"), "code": code, "received_on": req.received_on},
            )
        form.renew_challenge()
    return render(
        request,
        "disclosure/public/apply.html",
        {"title": _("网上申请政府信息公开"), "form": form, "refused": refused, "submit_label": _("提交申请")},
        status=429 if refused else (400 if form.errors else 200),
    )


# --- tracking ---------------------------------------------------------------------------------


class RateForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=20)
    rating = forms.ChoiceField(
        label=gettext_lazy("您对答复的评价"), choices=Rating.choices, widget=forms.RadioSelect
    )


def rating_open(req: Request, today=None) -> bool:
    """After the reply, not yet rated, within the window of `rules.RATING_DAYS` from the reply."""
    today = today or timezone.localdate()
    if not req.is_closed or req.rating or not req.replied_on:
        return False
    return (today - req.replied_on).days <= rules.rating_days(req.region, req.replied_on)


def _view(req: Request) -> dict:
    """What the tracking page shows: the clock and, after the reply, the reply. No personal data."""
    from fazhi.disclosure.workflow import REPLY

    clock = (
        Deadline.objects.filter(
            content_type__app_label="disclosure",
            content_type__model="request",
            object_id=str(req.pk),
            code=REPLY.code,
        )
        .prefetch_related("extensions", "pauses")
        .first()
    )
    return {
        "req": req,
        "clock": clock,
        "extensions": list(clock.extensions.all()) if clock else [],
        "pauses": list(clock.pauses.all()) if clock else [],
        "rating_open": rating_open(req),
        "rating_days": rules.rating_days(req.region, req.replied_on),
    }


def _lookup(request, code: str):
    """The request of `code`, counting wrong codes against the address (no enumeration)."""
    address = intake.client_address(request)
    if intake.over_limit("lookup", SCOPE, address):
        return None, _("查询过于频繁，请一小时后再试。")
    req = intake.find(Request.objects.select_related("region"), code)
    if req is None:
        intake.hit("lookup", SCOPE, address)
        return None, _("没有找到这个查询码对应的申请。请核对查询码（不区分大小写，可不输入短横线）。")
    return req, None


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    context = {"title": _("查询政府信息公开申请"), "form": intake.TrackForm(), "rate_form": None}
    status = 200
    if request.method == "POST":
        rating = "rating" in request.POST
        form = (RateForm if rating else intake.TrackForm)(request.POST)
        if form.is_valid():
            req, problem = _lookup(request, form.cleaned_data["code"])
            if problem:
                context["problem"], status = problem, 404
            else:
                if rating:
                    problem = rate(req, form.cleaned_data["rating"])
                    if problem:
                        context["problem"], status = problem, 400
                    else:
                        context["rated"] = True
                    req.refresh_from_db()
                context.update(_view(req))
                context["code"] = form.cleaned_data["code"]
                if context["rating_open"]:
                    context["rate_form"] = RateForm(initial={"code": form.cleaned_data["code"]})
        else:
            context["problem"], status = _("请输入查询码。"), 400
    return render(request, "disclosure/public/track.html", context, status=status)


def rate(req: Request, rating: str) -> str | None:
    """The applicant's rating (ledgered as a change of the request by the anonymous actor)."""
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=req.pk)
        if locked.rating:
            return _("您已评价过此申请。")
        if not rating_open(locked):
            return _("答复之日起%(days)s日内可以评价，现已超过评价期限或尚未答复。") % {
                "days": rules.rating_days(locked.region, locked.replied_on)
            }
        locked.rating, locked.rated_on = rating, timezone.localdate()
        # The one change a closed request takes after its reply: the applicant's rating.
        with frozen.permitting(locked):
            locked.save(update_fields=["rating", "rated_on"])
    return None
