"""The mediation pages: the dispute list (filters, export), registering a dispute, the dispute
page (parties, sessions, agreement, follow-ups, the next steps on core's step pages, the
timeline), adding a party or a session record, the 调解协议书 .docx, and the screening register."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, links, pii, roles
from fazhi.core.documents import docx_response
from fazhi.core.exports import Column, export_response
from fazhi.core.scoping import ensure_writable
from fazhi.core.timeline import timeline
from fazhi.core.views.base import paginate, requires, visible_or_404, writable_or_404
from fazhi.core.views.steps import StepPages
from fazhi.mediation import conversion, documents, workflow
from fazhi.mediation.filters import DisputeFilterSet, ScreeningFilterSet
from fazhi.mediation.forms import DisputeForm, PartyForm, ScreeningForm, SessionForm
from fazhi.mediation.models import Dispute, DisputeParty, Screening

S = Dispute.State
TONES = {
    S.REGISTERED: "info",
    S.ACCEPTED: "info",
    S.INVESTIGATING: "info",
    S.MEDIATING: "warn",
    S.SUCCEEDED: "ok",
    S.PERFORMING: "ok",
    S.FOLLOWED_UP: "ok",
    S.CLOSED: "ok",
    S.ARCHIVED: "ok",
    S.ENDED: "danger",
    S.FAILED: "danger",
    S.DECLINED: "danger",
}
CRUMBS = [("mediation:dispute_list", gettext_lazy("矛盾纠纷"))]


def _crumbs():
    return [(reverse(name), label) for name, label in CRUMBS]


def _applicants(dispute, user) -> str:
    """The parties' names (the prefetched `parties`), masked for a reader without VIEW_PII."""
    full = pii.may_see_full(user, dispute)
    return "、".join(p.name if full else pii.masked(p, "name") for p in dispute.parties.all())


def _filtered(request) -> DisputeFilterSet:
    qs = (
        Dispute.objects.visible_to(request.user)
        .select_related("committee", "region")
        .prefetch_related("parties")
        .order_by("-registered_on", "-id")
    )
    return DisputeFilterSet.from_request(request, qs)


DISPUTE_COLUMNS = [
    Column(gettext_lazy("卷号"), "number"),
    Column(gettext_lazy("纠纷名称"), "title"),
    Column(gettext_lazy("纠纷类型"), "get_dispute_type_display"),
    Column(gettext_lazy("案件来源"), "get_source_display"),
    Column(gettext_lazy("调解类别"), "get_kind_display"),
    Column(
        gettext_lazy("当事人"),
        lambda d: "、".join(p.name for p in d.parties.all()),
        pii=pii.NAME,
        masked=lambda d: "、".join(pii.masked(p, "name") for p in d.parties.all()),
    ),
    Column(gettext_lazy("涉及金额（元）"), "amount"),
    Column(gettext_lazy("调解组织"), "committee.name"),
    Column(gettext_lazy("登记日期"), "registered_on"),
    Column(gettext_lazy("受理日期"), "accepted_on"),
    Column(gettext_lazy("状态"), "get_state_display"),
]


@requires(roles.DISPUTE_VIEW)
def dispute_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = paginate(request, filterset.qs)
    for dispute in page:
        dispute.parties_shown = _applicants(dispute, request.user)
        dispute.tone = TONES.get(dispute.state, "info")
    query = request.GET.urlencode()
    return render(
        request,
        "mediation/dispute_list.html",
        {
            "title": _("矛盾纠纷"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("mediation:dispute_export") + (f"?{query}" if query else ""),
            "can_register": request.user.can(roles.DISPUTE_REGISTER),
        },
    )


@requires(roles.DISPUTE_VIEW)
def dispute_export(request: HttpRequest) -> HttpResponse:
    return export_response(_("矛盾纠纷"), DISPUTE_COLUMNS, _filtered(request).qs, request.user)


@requires(roles.DISPUTE_REGISTER)
def dispute_create(request: HttpRequest) -> HttpResponse:
    """登记矛盾纠纷, or (with `?from=`) register it from another record in one step: the form
    starts from that record and saving links the two (fazhi.mediation.conversion)."""
    user = request.user
    source = None
    if request.POST.get(links.SOURCE_PARAM) or request.GET.get(links.SOURCE_PARAM):
        source = links.source_from(request, allowed=conversion.SOURCES)
        if source is None:
            raise Http404(_("未找到可转为矛盾纠纷的来源记录。"))
        if not user.can(roles.DISPUTE_REGISTER, region=source.region):
            raise PermissionDenied(_("您在该记录所属区划没有登记矛盾纠纷的权限。"))
        first = conversion.converted(source)
        if first is not None:
            messages.info(request, _("该记录已转为矛盾纠纷 %(number)s，未重复登记。") % {"number": first})
            return redirect("mediation:dispute_detail", pk=first.pk)
    form = DisputeForm(request.POST or None, user=user)
    if source is not None and request.method != "POST":
        form = DisputeForm(
            user=user, initial=conversion.initial_from(source, user, form.fields["committee"].queryset)
        )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            dispute = form.save(commit=False)
            dispute.registered_by = user
            dispute.save()
            for party in form.parties(dispute):
                party.full_clean()
                party.save()
            if user.has_role("mediator", region=dispute.region):
                dispute.mediators.add(user)
            ensure_writable(dispute, user, roles.DISPUTE_REGISTER)
            if source is not None:
                links.link(source, dispute, user=user)
        messages.success(request, _("已登记矛盾纠纷 %(number)s。") % {"number": dispute.number})
        return redirect("mediation:dispute_detail", pk=dispute.pk)
    return render(
        request,
        "mediation/dispute_form.html",
        {
            "title": _("登记矛盾纠纷") if source is None else _("转为矛盾纠纷调解"),
            "form": form,
            "source": source,
            "source_token": links.source_token(source) if source is not None else "",
            "cancel_url": source.get_absolute_url()
            if source is not None
            else reverse("mediation:dispute_list"),
            "submit_label": _("登记"),
            "crumbs": _crumbs(),
        },
        status=400 if form.errors else 200,
    )


def _dispute(request, pk) -> Dispute:
    return visible_or_404(Dispute, request.user, pk, related=("committee", "region", "registered_by"))


DISPUTE_STEPS = StepPages(
    record=lambda request, pk: _dispute(request, pk),
    workflow=workflow.DISPUTE,
    record_url="mediation:dispute_detail",
    step_url="mediation:dispute_step",
    crumbs=lambda dispute: _crumbs(),
    acting=(roles.MEDIATE,),
    heading=lambda dispute: f"{dispute.number} {dispute.title}",
    crumbs_template="mediation/_crumbs.html",
)
dispute_step = requires(roles.DISPUTE_VIEW)(DISPUTE_STEPS.view)


@requires(roles.DISPUTE_VIEW)
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    dispute = _dispute(request, pk)
    full = pii.may_see_full(user, dispute)
    parties = list(dispute.parties.all())
    for party in parties:
        party.name_shown = party.name if full else pii.masked(party, "name")
        party.agent_shown = party.agent if full else pii.masked(party, "agent")
        party.address_shown = party.address if full else pii.masked(party, "address")
    open_deadlines = list(deadlines.open_deadlines(dispute).order_by("due_on"))
    today = timezone.localdate()
    for deadline in open_deadlines:
        deadline.standing = deadlines.standing(deadline, today)
    can_mediate = user.can(roles.MEDIATE, region=dispute.region)
    return render(
        request,
        "mediation/dispute_detail.html",
        {
            "title": dispute.number,
            "dispute": dispute,
            "status": dispute.get_state_display(),
            "status_tone": TONES.get(dispute.state, "info"),
            "parties": parties,
            "sessions": dispute.sessions.prefetch_related("parties_present", "mediators"),
            "agreement": getattr(dispute, "agreement", None),
            "follow_ups": dispute.follow_ups.select_related("visited_by"),
            "mediators": "、".join(u.full_name or u.username for u in dispute.mediators.all()),
            "open_deadlines": open_deadlines,
            "steps": DISPUTE_STEPS.panel(dispute, user),
            "can_mediate": can_mediate and dispute.state != S.ARCHIVED,
            "timeline": timeline(dispute, user=user),
            "timeline_title": _("调解经过"),
            "crumbs": _crumbs(),
        },
    )


def _part_form(request, pk, form_class, title, kwargs) -> HttpResponse:
    dispute = writable_or_404(Dispute, request.user, roles.MEDIATE, pk, related=("region", "committee"))
    form = form_class(request.POST or None, **kwargs(dispute))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            obj.dispute = dispute
            obj.region = dispute.region
            obj.save()
            form.save_m2m()
            ensure_writable(obj, request.user, roles.MEDIATE)
        messages.success(request, _("已保存。"))
        return redirect("mediation:dispute_detail", pk=dispute.pk)
    return render(
        request,
        "mediation/form.html",
        {
            "title": title,
            "form": form,
            "cancel_url": reverse("mediation:dispute_detail", args=[dispute.pk]),
            "crumbs": [*_crumbs(), (reverse("mediation:dispute_detail", args=[dispute.pk]), dispute.number)],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.MEDIATE)
def party_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_form(request, pk, PartyForm, _("添加当事人"), lambda d: {})


@requires(roles.MEDIATE)
def party_edit(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    dispute = writable_or_404(Dispute, request.user, roles.MEDIATE, pk)
    party = visible_or_404(DisputeParty, request.user, party_pk)
    if party.dispute_id != dispute.pk:
        raise PermissionDenied(_("该当事人不属于此纠纷。"))
    return _part_form(request, pk, PartyForm, _("修改当事人"), lambda d: {"instance": party})


@requires(roles.MEDIATE)
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_form(request, pk, SessionForm, _("记录调解情况"), lambda d: {"dispute": d})


@requires(roles.DISPUTE_VIEW)
def agreement_document(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = _dispute(request, pk)
    try:
        doc, filename = documents.agreement_document(dispute, request.user)
    except documents.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("mediation:dispute_detail", pk=dispute.pk)
    person = dispute.parties.first()
    return docx_response(doc, filename, record=dispute, user=request.user, person=person)


# --- the screening register ----------------------------------------------------------------------


@requires(roles.DISPUTE_VIEW)
def screening_list(request: HttpRequest) -> HttpResponse:
    qs = Screening.objects.visible_to(request.user).select_related("region", "screened_by")
    filterset = ScreeningFilterSet.from_request(request, qs.order_by("-screened_on", "-id"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "mediation/screening_list.html",
        {
            "title": _("矛盾纠纷排查登记"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_register": request.user.can(roles.DISPUTE_REGISTER),
        },
    )


@requires(roles.DISPUTE_REGISTER)
def screening_create(request: HttpRequest) -> HttpResponse:
    form = ScreeningForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            screening = form.save(commit=False)
            screening.screened_by = request.user
            screening.save()
            ensure_writable(screening, request.user, roles.DISPUTE_REGISTER)
        messages.success(request, _("已登记排查情况。"))
        return redirect("mediation:screening_list")
    return render(
        request,
        "mediation/form.html",
        {
            "title": _("登记排查情况"),
            "form": form,
            "cancel_url": reverse("mediation:screening_list"),
            "crumbs": [(reverse("mediation:screening_list"), _("排查登记"))],
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("disputes/", dispute_list, name="dispute_list"),
    path("disputes/export/", dispute_export, name="dispute_export"),
    path("disputes/new/", dispute_create, name="dispute_create"),
    path("disputes/<int:pk>/", dispute_detail, name="dispute_detail"),
    path("disputes/<int:pk>/steps/<slug:name>/", dispute_step, name="dispute_step"),
    path("disputes/<int:pk>/parties/new/", party_create, name="party_create"),
    path("disputes/<int:pk>/parties/<int:party_pk>/", party_edit, name="party_edit"),
    path("disputes/<int:pk>/sessions/new/", session_create, name="session_create"),
    path("disputes/<int:pk>/agreement.docx", agreement_document, name="agreement_document"),
    path("screenings/", screening_list, name="screening_list"),
    path("screenings/new/", screening_create, name="screening_create"),
]
