"""The petitions pages: the overview (the 2016→now trend by level, matters due soon), the
matter register (filters, masked export), registering a matter (also from a grid event),
the matter page (petitioners, registrations, reviews, 包案, the clocks, the next steps on core's
step pages, the notices as .docx), leader receptions, 包案 records and the 三无 checklist."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, figures, links, pii, roles
from fazhi.core.documents import docx_response
from fazhi.core.exports import Column, export_response
from fazhi.core.scoping import ensure_writable
from fazhi.core.timeline import timeline
from fazhi.core.views.base import paginate, requires, visible_or_404, writable_or_404
from fazhi.core.views.steps import StepPages
from fazhi.petitions import actions, documents, metrics, rules, workflow
from fazhi.petitions.filters import CaseFilterSet, MatterFilterSet, ReceptionFilterSet
from fazhi.petitions.forms import (
    CaseForm,
    CaseProgressForm,
    MatterForm,
    PetitionerForm,
    ReceptionForm,
    RegistrationForm,
    StandingForm,
)
from fazhi.petitions.models import Case, Matter, Reception, Standing

S = Matter.State
TONES = {
    S.REGISTERED: "info",
    S.ACCEPTED: "warn",
    S.REVIEWING: "warn",
    S.RE_REVIEWING: "warn",
    S.RETURNED: "muted",
    S.NOT_ACCEPTED: "muted",
    S.NOT_AGAIN: "muted",
}
CRUMBS = [("petitions:index", gettext_lazy("信访"))]
TREND_FIRST_YEAR = 2016


def _crumbs():
    return [(reverse(name), label) for name, label in CRUMBS]


def _names(matter, user) -> str:
    full = pii.may_see_full(user, matter)
    return "、".join(p.name if full else pii.masked(p, "name") for p in matter.petitioners.all())


def _with_clocks(matters) -> None:
    found = deadlines.open_for(matters)
    today = timezone.localdate()
    for matter in matters:
        clocks = found.get(str(matter.pk), [])
        matter.clock = clocks[0] if clocks else None
        matter.clock_standing = deadlines.standing(matter.clock, today) if matter.clock else None
        matter.tone = TONES.get(matter.state, "ok")


# --- overview -----------------------------------------------------------------------------------


@requires(roles.PETITION_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    this_year = timezone.localdate().year
    years = list(range(TREND_FIRST_YEAR, this_year + 1))
    periods = [figures.Period.year(y) for y in years]
    codes = [*metrics.TREND, "petitions.abnormal", "petitions.received", "petitions.receptions"]
    values = figures.evaluate(codes, user, periods)
    rows = []
    for code in codes:
        figure = figures.get(code)
        rows.append({"label": figure.caption, "values": [values.get(code, p) for p in periods]})
    open_matters = list(
        Matter.objects.visible_to(user)
        .filter(state__in=(S.REGISTERED, S.ACCEPTED, S.REVIEWING, S.RE_REVIEWING))
        .select_related("region")
        .prefetch_related("petitioners")
        .order_by("received_on")[:200]
    )
    _with_clocks(open_matters)
    open_matters.sort(key=lambda m: m.clock.due_on if m.clock else dt.date.max)
    for matter in open_matters:
        matter.names = _names(matter, user)
    return render(
        request,
        "petitions/index.html",
        {
            "title": _("信访工作"),
            "years": years,
            "rows": rows,
            "open_matters": open_matters[:10],
            "can_handle": user.can(roles.PETITION_HANDLE),
            "can_receive": user.can(roles.PETITION_RECEIVE),
        },
    )


# --- matters ------------------------------------------------------------------------------------


def _filtered(request) -> MatterFilterSet:
    qs = (
        Matter.objects.visible_to(request.user)
        .select_related("region", "lead")
        .prefetch_related("petitioners", "registrations")
        .order_by("-received_on", "-id")
    )
    return MatterFilterSet.from_request(request, qs)


MATTER_COLUMNS = [
    Column(gettext_lazy("编号"), "number"),
    Column(gettext_lazy("收到日期"), "received_on"),
    Column(gettext_lazy("信访形式"), "get_form_display"),
    Column(gettext_lazy("来源"), "get_source_display"),
    Column(gettext_lazy("转送、交办机关"), "sender"),
    Column(gettext_lazy("国家信访信息系统编号"), "national_number"),
    Column(
        gettext_lazy("信访人"),
        lambda m: "、".join(p.name for p in m.petitioners.all()),
        pii=pii.NAME,
        masked=lambda m: "、".join(pii.masked(p, "name") for p in m.petitioners.all()),
    ),
    Column(gettext_lazy("事由"), "title"),
    Column(gettext_lazy("信访类别"), "get_kind_display"),
    Column(gettext_lazy("内容分类"), "get_category_display"),
    Column(gettext_lazy("来访人数"), "persons"),
    Column(gettext_lazy("最高登记层级"), "highest_level"),
    Column(gettext_lazy("责任单位"), "responsible_unit"),
    Column(gettext_lazy("受理日期"), "accepted_on"),
    Column(gettext_lazy("办理期限"), "handle_due_on"),
    Column(gettext_lazy("答复日期"), "answered_on"),
    Column(gettext_lazy("评价"), "get_satisfaction_display"),
    Column(gettext_lazy("状态"), "get_state_display"),
]


@requires(roles.PETITION_VIEW)
def matter_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = paginate(request, filterset.qs)
    matters = list(page.object_list)
    _with_clocks(matters)
    for matter in matters:
        matter.names = _names(matter, request.user)
    query = request.GET.urlencode()
    return render(
        request,
        "petitions/matter_list.html",
        {
            "title": _("信访事项"),
            "page_obj": page,
            "object_list": matters,
            "filter_form": filterset.form,
            "export_url": reverse("petitions:matter_export") + (f"?{query}" if query else ""),
            "can_register": request.user.can(roles.PETITION_HANDLE),
        },
    )


@requires(roles.PETITION_VIEW)
def matter_export(request: HttpRequest) -> HttpResponse:
    return export_response(_("信访事项"), MATTER_COLUMNS, _filtered(request).qs, request.user)


@requires(roles.PETITION_HANDLE)
def matter_create(request: HttpRequest) -> HttpResponse:
    source = links.source_from(request, actions.SOURCES)
    form = MatterForm(request.POST or None, user=request.user, source_record=source)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            matter = form.save(commit=False)
            if source is not None:
                matter.received_on = timezone.localdate()  # the conversion day
            workflow.intake(matter, form.petitioners(), request.user)
            ensure_writable(matter, request.user, roles.PETITION_HANDLE)
            if source is not None:
                links.link(source, matter, user=request.user)
        messages.success(request, _("已登记信访事项 %(number)s。") % {"number": matter.number})
        if matter.possible_repeat:
            messages.warning(
                request,
                _("疑似重复信访：同一信访人曾提出相近诉求（%(number)s），请核实。")
                % {"number": matter.repeat_of.number},
            )
        return redirect("petitions:matter_detail", pk=matter.pk)
    return render(
        request,
        "petitions/form.html",
        {
            "title": _("登记信访事项"),
            "form": form,
            "source": source,
            "cancel_url": reverse("petitions:matter_list"),
            "submit_label": _("登记"),
            "crumbs": _crumbs(),
        },
        status=400 if form.errors else 200,
    )


def _matter(request, pk) -> Matter:
    return visible_or_404(
        Matter, request.user, pk, related=("region", "registered_by", "lead", "handler", "repeat_of")
    )


MATTER_STEPS = StepPages(
    record=lambda request, pk: _matter(request, pk),
    workflow=workflow.MATTER,
    record_url="petitions:matter_detail",
    step_url="petitions:matter_step",
    crumbs=lambda matter: _crumbs(),
    acting=(roles.PETITION_HANDLE, roles.PETITION_APPROVE),
    heading=lambda matter: f"{matter.number} {matter.title}",
    crumbs_template="petitions/_crumbs.html",
)
matter_step = requires(roles.PETITION_VIEW)(MATTER_STEPS.view)


@requires(roles.PETITION_VIEW)
def matter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    matter = _matter(request, pk)
    full = pii.may_see_full(user, matter)
    petitioners = list(matter.petitioners.all())
    for person in petitioners:
        person.name_shown = person.name if full else pii.masked(person, "name")
    open_deadlines = list(deadlines.open_deadlines(matter).order_by("due_on"))
    today = timezone.localdate()
    for deadline in open_deadlines:
        deadline.standing = deadlines.standing(deadline, today)
    can_handle = user.can(roles.PETITION_HANDLE, region=matter.region) and matter.state != S.FINAL
    docs = [(kind, documents.KINDS[kind]) for kind in documents.available(matter)]
    representatives = sum(1 for p in petitioners if p.representative)
    return render(
        request,
        "petitions/matter_detail.html",
        {
            "title": matter.number,
            "matter": matter,
            "status": matter.get_state_display(),
            "status_tone": TONES.get(matter.state, "ok"),
            "petitioners": petitioners,
            "too_many": representatives > rules.MAX_REPRESENTATIVES,
            "registrations": matter.registrations.all(),
            "reviews": matter.reviews.all(),
            "cases": matter.cases.select_related("leader").prefetch_related("notes"),
            "open_deadlines": open_deadlines,
            "documents": docs,
            "steps": MATTER_STEPS.panel(matter, user),
            "can_handle": can_handle,
            "links": links.links_of(matter, user),
            "timeline": timeline(matter, user=user),
            "timeline_title": _("办理经过"),
            "crumbs": _crumbs(),
        },
    )


def _part_form(request, pk, form_class, title, permission=roles.PETITION_HANDLE) -> HttpResponse:
    matter = writable_or_404(Matter, request.user, permission, pk, related=("region",))
    if matter.state == S.FINAL:
        raise PermissionDenied(_("该信访事项已复核终结，不能修改。"))
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            obj.matter = matter
            obj.region = matter.region
            obj.is_sample = matter.is_sample
            obj.full_clean()
            obj.save()
            ensure_writable(obj, request.user, permission)
        messages.success(request, _("已保存。"))
        return redirect("petitions:matter_detail", pk=matter.pk)
    return render(
        request,
        "petitions/form.html",
        {
            "title": title,
            "form": form,
            "cancel_url": reverse("petitions:matter_detail", args=[matter.pk]),
            "crumbs": [*_crumbs(), (reverse("petitions:matter_detail", args=[matter.pk]), matter.number)],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.PETITION_HANDLE)
def petitioner_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_form(request, pk, PetitionerForm, _("添加信访人"))


@requires(roles.PETITION_HANDLE)
def registration_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _part_form(request, pk, RegistrationForm, _("登记各级登记记录"))


@requires(roles.PETITION_VIEW)
def matter_document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    matter = _matter(request, pk)
    if kind not in documents.KINDS:
        raise Http404
    try:
        doc, filename = documents.document(matter, kind, request.user)
    except documents.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("petitions:matter_detail", pk=matter.pk)
    return docx_response(doc, filename, record=matter, user=request.user, person=matter.petitioners.first())


# --- 包案 ---------------------------------------------------------------------------------------


@requires(roles.PETITION_HANDLE)
def case_create(request: HttpRequest, pk: int) -> HttpResponse:
    matter = writable_or_404(Matter, request.user, roles.PETITION_HANDLE, pk, related=("region",))
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            case = form.save(commit=False)
            case.matter = matter
            case.region = matter.region
            case.is_sample = matter.is_sample
            case.save()
            if matter.lead_id is None:
                Matter.objects.filter(pk=matter.pk).update(lead=case.leader)
            ensure_writable(case, request.user, roles.PETITION_HANDLE)
        messages.success(request, _("已登记包案。"))
        return redirect("petitions:matter_detail", pk=matter.pk)
    return render(
        request,
        "petitions/form.html",
        {
            "title": _("登记包案"),
            "form": form,
            "cancel_url": reverse("petitions:matter_detail", args=[matter.pk]),
            "crumbs": [*_crumbs(), (reverse("petitions:matter_detail", args=[matter.pk]), matter.number)],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.PETITION_RECEIVE, roles.PETITION_HANDLE)
def case_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A progress note and outcome: the 包案领导 themself, or the petition office."""
    case = visible_or_404(Case, request.user, pk, related=("matter", "region", "leader"))
    user = request.user
    if not (
        user.can(roles.PETITION_HANDLE, region=case.region)
        or (case.leader_id == user.pk and user.can(roles.PETITION_RECEIVE, region=case.region))
    ):
        raise PermissionDenied(_("只有包案领导或信访办可以记录包案进展。"))
    form = CaseProgressForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            case = form.save(commit=False)
            case.full_clean()
            case.save()
            form.note(case).save()
        messages.success(request, _("已记录包案进展。"))
        return redirect("petitions:matter_detail", pk=case.matter_id)
    return render(
        request,
        "petitions/form.html",
        {
            "title": _("记录包案进展"),
            "form": form,
            "cancel_url": reverse("petitions:matter_detail", args=[case.matter_id]),
            "crumbs": [
                *_crumbs(),
                (reverse("petitions:matter_detail", args=[case.matter_id]), case.matter.number),
            ],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.PETITION_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    qs = Case.objects.visible_to(request.user).select_related("matter", "leader", "region")
    filterset = CaseFilterSet.from_request(request, qs.order_by("target_on", "id"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "petitions/case_list.html",
        {
            "title": _("包案"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
        },
    )


# --- receptions ---------------------------------------------------------------------------------


@requires(roles.PETITION_VIEW)
def reception_list(request: HttpRequest) -> HttpResponse:
    qs = Reception.objects.visible_to(request.user).select_related("leader", "region")
    filterset = ReceptionFilterSet.from_request(request, qs.order_by("-held_on", "-id"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "petitions/reception_list.html",
        {
            "title": _("领导接访下访"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_record": request.user.can(roles.PETITION_RECEIVE),
        },
    )


@requires(roles.PETITION_RECEIVE)
def reception_create(request: HttpRequest) -> HttpResponse:
    form = ReceptionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            reception = form.save(commit=False)
            reception.leader = request.user
            reception.save()
            form.save_m2m()
            ensure_writable(reception, request.user, roles.PETITION_RECEIVE)
        messages.success(request, _("已记录接访。"))
        return redirect("petitions:reception_list")
    return render(
        request,
        "petitions/form.html",
        {
            "title": _("记录接访下访"),
            "form": form,
            "cancel_url": reverse("petitions:reception_list"),
            "crumbs": [*_crumbs(), (reverse("petitions:reception_list"), _("领导接访下访"))],
        },
        status=400 if form.errors else 200,
    )


# --- 三无 ---------------------------------------------------------------------------------------


@requires(roles.PETITION_VIEW)
def standing_list(request: HttpRequest) -> HttpResponse:
    qs = (
        Standing.objects.visible_to(request.user)
        .select_related("region", "recorded_by")
        .order_by("-year", "item")
    )
    page = paginate(request, qs)
    return render(
        request,
        "petitions/standing_list.html",
        {
            "title": _("“三无”创建"),
            "page_obj": page,
            "object_list": page.object_list,
            "can_record": request.user.can(roles.PETITION_HANDLE),
        },
    )


@requires(roles.PETITION_HANDLE)
def standing_create(request: HttpRequest) -> HttpResponse:
    form = StandingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            standing = form.save(commit=False)
            standing.recorded_by = request.user
            standing.save()
            ensure_writable(standing, request.user, roles.PETITION_HANDLE)
        messages.success(request, _("已记录。"))
        return redirect("petitions:standing_list")
    return render(
        request,
        "petitions/form.html",
        {
            "title": _("记录“三无”创建事项"),
            "form": form,
            "cancel_url": reverse("petitions:standing_list"),
            "crumbs": [*_crumbs(), (reverse("petitions:standing_list"), _("“三无”创建"))],
        },
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("", index, name="index"),
    path("matters/", matter_list, name="matter_list"),
    path("matters/export/", matter_export, name="matter_export"),
    path("matters/new/", matter_create, name="matter_create"),
    path("matters/<int:pk>/", matter_detail, name="matter_detail"),
    path("matters/<int:pk>/steps/<slug:name>/", matter_step, name="matter_step"),
    path("matters/<int:pk>/petitioners/new/", petitioner_create, name="petitioner_create"),
    path("matters/<int:pk>/registrations/new/", registration_create, name="registration_create"),
    path("matters/<int:pk>/cases/new/", case_create, name="case_create"),
    path("matters/<int:pk>/documents/<slug:kind>.docx", matter_document, name="matter_document"),
    path("cases/", case_list, name="case_list"),
    path("cases/<int:pk>/progress/", case_progress, name="case_progress"),
    path("receptions/", reception_list, name="reception_list"),
    path("receptions/new/", reception_create, name="reception_create"),
    path("standings/", standing_list, name="standing_list"),
    path("standings/new/", standing_create, name="standing_create"),
]
