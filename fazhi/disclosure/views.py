"""The disclosure pages: the landing page, the request register (list, export, registering a
request, its page with the clocks and how each due date was computed, the steps, the reply
.docx), the template's tables for a year (年度报告数据) and the yearly register of table 二's
counts. 复议/诉讼 about disclosure are in the one register (the litigation app): the request's page
offers to register one from it and lists those linked to it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, figures, links, pii, roles
from fazhi.core import rules as core_rules
from fazhi.core.documents import docx_response
from fazhi.core.exports import Column, export_response
from fazhi.core.models import Region, RegionKind
from fazhi.core.scoping import ensure_writable
from fazhi.core.timeline import timeline
from fazhi.core.views.base import paginate, requires, visible_or_404
from fazhi.core.views.steps import StepPages
from fazhi.disclosure import documents, metrics, proactive, rules, workflow
from fazhi.disclosure.filters import (
    OPEN_STATES,
    CatalogueFilterSet,
    PublicationFilterSet,
    RequestFilterSet,
    YearlyFigureFilterSet,
)
from fazhi.disclosure.forms import (
    CatalogueItemForm,
    ChannelForm,
    PublicationForm,
    RequestForm,
    YearlyFigureForm,
    register_request,
)
from fazhi.disclosure.models import CatalogueItem, Outcome, Publication, Request, YearlyFigure

S = Request.State
TONES = {S.RECEIVED: "info", S.CORRECTION: "warn", S.CONSULTING: "warn", S.FEE: "warn", S.CLOSED: "ok"}
CRUMBS = [("disclosure:request_list", gettext_lazy("依申请公开"))]


def _crumbs():
    return [(reverse(name), label) for name, label in CRUMBS]


def _name(req, user) -> str:
    return req.applicant_name if pii.may_see_full(user, req) else pii.masked(req, "applicant_name")


# --- landing -------------------------------------------------------------------------------------


@requires(roles.DISCLOSURE_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    open_requests = list(
        Request.objects.visible_to(user).filter(state__in=OPEN_STATES).select_related("region")[:200]
    )
    clocks = deadlines.open_for(open_requests)
    today = timezone.localdate()
    rows = []
    for req in open_requests:
        reply = next((d for d in clocks.get(str(req.pk), []) if d.code == workflow.REPLY.code), None)
        standing = deadlines.standing(reply, today) if reply else None
        rows.append((reply.due_on if reply else dt.date.max, req, reply, standing))
    rows.sort(key=lambda r: (r[0], r[1].pk))
    for _due, req, _reply, _standing in rows:
        req.name_shown = _name(req, user)
    year = today.year
    codes = [metrics.t3("1"), metrics.t3("2"), metrics.t3("3_7"), metrics.t3("4")]
    values = figures.evaluate(codes, user, [figures.Period.year(year)])
    return render(
        request,
        "disclosure/index.html",
        {
            "title": _("政务公开"),
            "open_rows": [(req, reply, standing) for _d, req, reply, standing in rows[:20]],
            "open_count": len(rows),
            "year": year,
            "summary": [values.get(code) for code in codes],
            "can_handle": user.can(roles.DISCLOSURE_HANDLE),
            "late_items": Publication.objects.visible_to(user)
            .filter(first_published_on__isnull=True, due_on__lt=today)
            .count(),
            "due_items": Publication.objects.visible_to(user)
            .filter(first_published_on__isnull=True, due_on__gte=today)
            .count(),
            "towns": _town_status(user),
            "crumbs": [],
        },
    )


def _town_status(user) -> list[dict]:
    """Per town: the staff directory's standing, the 指南 and 目录 with their update dates."""
    found = []
    for town in Region.objects.visible_to(user).filter(kind=RegionKind.TOWN).order_by("path"):
        found.append(
            {
                "town": town,
                "directory": proactive.directory_status(town),
                "guide": proactive.latest(town, Publication.Kind.GUIDE),
                "index": proactive.latest(town, Publication.Kind.INDEX),
            }
        )
    return found


# --- requests ------------------------------------------------------------------------------------


def _filtered(request) -> RequestFilterSet:
    qs = Request.objects.visible_to(request.user).select_related("region").order_by("-received_on", "-id")
    return RequestFilterSet.from_request(request, qs)


REQUEST_COLUMNS = [
    Column(gettext_lazy("申请编号"), "number"),
    Column(gettext_lazy("申请人类型"), "get_applicant_type_display"),
    Column(
        gettext_lazy("申请人"),
        "applicant_name",
        pii=pii.NAME,
        masked=lambda r: pii.masked(r, "applicant_name"),
    ),
    Column(gettext_lazy("申请内容"), "description"),
    Column(gettext_lazy("申请方式"), "get_channel_display"),
    Column(gettext_lazy("收到申请日期"), "received_on"),
    Column(gettext_lazy("状态"), "get_state_display"),
    Column(gettext_lazy("办理结果"), "get_outcome_display"),
    Column(gettext_lazy("答复日期"), "replied_on"),
    Column(gettext_lazy("信息处理费（元）"), "fee_amount"),
]


@requires(roles.DISCLOSURE_VIEW)
def request_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = paginate(request, filterset.qs)
    clocks = deadlines.open_for(page.object_list)
    today = timezone.localdate()
    for req in page:
        req.name_shown = _name(req, request.user)
        req.tone = TONES.get(req.state, "info")
        reply = next((d for d in clocks.get(str(req.pk), []) if d.code == workflow.REPLY.code), None)
        req.reply_standing = deadlines.standing(reply, today) if reply else None
        req.reply_due = reply.due_on if reply else None
    query = request.GET.urlencode()
    return render(
        request,
        "disclosure/request_list.html",
        {
            "title": _("政府信息公开申请"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("disclosure:request_export") + (f"?{query}" if query else ""),
            "can_register": request.user.can(roles.DISCLOSURE_HANDLE),
        },
    )


@requires(roles.DISCLOSURE_VIEW)
def request_export(request: HttpRequest) -> HttpResponse:
    return export_response(_("政府信息公开申请"), REQUEST_COLUMNS, _filtered(request).qs, request.user)


@requires(roles.DISCLOSURE_HANDLE)
def request_create(request: HttpRequest) -> HttpResponse:
    form = RequestForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        req = register_request(form, request.user)
        messages.success(request, _("已登记政府信息公开申请 %(number)s。") % {"number": req.number})
        return redirect("disclosure:request_detail", pk=req.pk)
    return render(
        request,
        "disclosure/form.html",
        {
            "title": _("登记政府信息公开申请"),
            "form": form,
            "cancel_url": reverse("disclosure:request_list"),
            "submit_label": _("登记"),
            "crumbs": _crumbs(),
        },
        status=400 if form.errors else 200,
    )


def _request(request, pk) -> Request:
    return visible_or_404(Request, request.user, pk, related=("region", "registered_by"))


REQUEST_STEPS = StepPages(
    record=lambda request, pk: _request(request, pk),
    workflow=workflow.REQUEST,
    record_url="disclosure:request_detail",
    step_url="disclosure:request_step",
    crumbs=lambda req: _crumbs(),
    acting=(roles.DISCLOSURE_HANDLE, roles.DISCLOSURE_APPROVE),
    heading=lambda req: f"{req.number}",
    crumbs_template="disclosure/_crumbs.html",
)
request_step = requires(roles.DISCLOSURE_VIEW)(REQUEST_STEPS.view)


@requires(roles.DISCLOSURE_VIEW)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    req = _request(request, pk)
    full = pii.may_see_full(user, req)
    req.name_shown = req.applicant_name if full else pii.masked(req, "applicant_name")
    req.representative_shown = req.representative if full else pii.masked(req, "representative")
    req.address_shown = req.address if full else pii.masked(req, "address")
    req.proof_shown = req.identity_proof if full else pii.masked(req, "identity_proof")
    from fazhi.core.models import Deadline

    clocks = list(
        Deadline.objects.filter(
            content_type__app_label="disclosure", content_type__model="request", object_id=str(req.pk)
        )
        .prefetch_related("pauses", "extensions")
        .order_by("starts_on", "id")
    )
    today = timezone.localdate()
    for deadline in clocks:
        deadline.standing = deadlines.standing(deadline, today)
    return render(
        request,
        "disclosure/request_detail.html",
        {
            "title": req.number,
            "req": req,
            "status": req.get_state_display(),
            "status_tone": TONES.get(req.state, "info"),
            "clocks": clocks,
            "steps": REQUEST_STEPS.panel(req, user),
            "linked": links.links_of(req, user),
            "record_actions": links.actions_for(req, user),
            "timeline": timeline(req, user=user),
            "timeline_title": _("办理经过"),
            "crumbs": _crumbs(),
        },
    )


@requires(roles.DISCLOSURE_VIEW)
def request_document(request: HttpRequest, pk: int) -> HttpResponse:
    req = _request(request, pk)
    try:
        doc, filename = documents.reply_document(req, request.user)
    except documents.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("disclosure:request_detail", pk=req.pk)
    return docx_response(doc, filename, record=req, user=request.user, person=req)


# --- the template's tables -------------------------------------------------------------------------


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year - 1
    return min(max(year, 2008), timezone.localdate().year)


@requires(roles.DISCLOSURE_VIEW)
def annual(request: HttpRequest) -> HttpResponse:
    """The figures of the year's national template: tables 二, 三, 四 and section 六, each value
    opening its records, and the check of table 三."""
    year = _year(request)
    period = figures.Period.year(year)
    user = request.user
    t3_codes = [metrics.t3(row[0], col[0]) for row in metrics.ROWS for col in metrics.COLUMNS]
    t4_codes = [metrics.t4(n) for n in range(1, 16)]
    own_t2 = [code for code, _unit in metrics.T2_ITEMS.values()]
    fee_codes = [metrics.FEE_NOTICES, metrics.FEE_CHARGED, metrics.FEE_COLLECTED]
    checks = [metrics.CHECK_OPEN, metrics.CHECK_LATE]
    legal = {key: metrics.first_registered(codes) for key, codes in metrics.NORMATIVE_CODES.items()}
    enforcement = {key: metrics.first_registered(codes) for key, codes in metrics.ENFORCEMENT_CODES.items()}
    extra = [c for c in [*legal.values(), *enforcement.values()] if c]
    values = figures.evaluate([*t3_codes, *t4_codes, *own_t2, *fee_codes, *checks, *extra], user, [period])

    def cell(code):
        if not code:
            return None
        return values.get(code, period)

    table3 = []
    for row in metrics.ROWS:
        table3.append((row[1], [cell(metrics.t3(row[0], col[0])) for col in metrics.COLUMNS]))
    left = sum(cell(metrics.t3(r, "3")).value for r in ("1", "2"))
    right = sum(cell(metrics.t3(r, "3")).value for r in ("3_7", "4"))
    offending = cell(metrics.CHECK_OPEN).value + cell(metrics.CHECK_LATE).value
    table2 = [
        (_("第二十条第（一）项 行政规范性文件：本年制发件数"), cell(legal["made"])),
        (_("第二十条第（一）项 行政规范性文件：本年废止件数"), cell(legal["repealed"])),
        (_("第二十条第（一）项 行政规范性文件：现行有效件数"), cell(legal["in_force"])),
        (_("第二十条第（五）项 行政许可：本年处理决定数量"), cell("disclosure.t2.permits")),
        (
            _("第二十条第（六）项 行政处罚：本年处理决定数量"),
            cell(enforcement["punishments"] or "disclosure.t2.punishments_entered"),
        ),
        (
            _("第二十条第（六）项 行政强制：本年处理决定数量"),
            cell(enforcement["compulsions"] or "disclosure.t2.compulsions_entered"),
        ),
        (_("第二十条第（八）项 行政事业性收费：本年收费金额（万元）"), cell("disclosure.t2.fees")),
    ]
    town = Region.objects.visible_to(user).filter(kind=RegionKind.TOWN).order_by("path").first()
    due = core_rules.in_force(rules.REPORT_DUE, town, dt.date(year + 1, 1, 1))
    try:
        report_due = dt.date(year + 1, int(due.value["month"]), int(due.value["day"]))
    except (KeyError, TypeError, ValueError):
        report_due = dt.date(year + 1, 1, 31)
    return render(
        request,
        "disclosure/annual.html",
        {
            "title": _("%(year)s年政府信息公开工作年度报告数据") % {"year": year},
            "year": year,
            "years": list(range(timezone.localdate().year, 2015, -1)),
            "columns": [c[1] for c in metrics.COLUMNS],
            "table3": table3,
            "check_ok": left == right and offending == 0,
            "check_left": left,
            "check_right": right,
            "check_cells": [cell(metrics.CHECK_OPEN), cell(metrics.CHECK_LATE)],
            "table2": table2,
            "table4": [cell(c) for c in t4_codes],
            "fees": [cell(c) for c in fee_codes],
            "report_due": report_due,
            "report_due_source": due.citation,
            "crumbs": [],
        },
    )


# --- 复议/诉讼 and the yearly register -------------------------------------------------------------


def _simple_create(request, form_class, title, list_url, message, **extra) -> HttpResponse:
    form = form_class(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            for name, value in extra.items():
                setattr(obj, name, value)
            obj.save()
            ensure_writable(obj, request.user, roles.DISCLOSURE_HANDLE)
        messages.success(request, message)
        return redirect(list_url)
    return render(
        request,
        "disclosure/form.html",
        {"title": title, "form": form, "cancel_url": reverse(list_url), "crumbs": []},
        status=400 if form.errors else 200,
    )


@requires(roles.DISCLOSURE_VIEW)
def yearly_list(request: HttpRequest) -> HttpResponse:
    qs = YearlyFigure.objects.visible_to(request.user).select_related("region", "entered_by")
    filterset = YearlyFigureFilterSet.from_request(request, qs.order_by("-year", "item"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "disclosure/yearly_list.html",
        {
            "title": _("主动公开年度数据"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_register": request.user.can(roles.DISCLOSURE_HANDLE),
        },
    )


@requires(roles.DISCLOSURE_HANDLE)
def yearly_create(request: HttpRequest) -> HttpResponse:
    return _simple_create(
        request,
        YearlyFigureForm,
        _("填报主动公开年度数据"),
        "disclosure:yearly_list",
        _("已填报。"),
        entered_by=request.user,
    )


# --- proactive disclosure -------------------------------------------------------------------------


@requires(roles.DISCLOSURE_VIEW)
def catalogue_list(request: HttpRequest) -> HttpResponse:
    qs = CatalogueItem.objects.visible_to(request.user).select_related("region")
    filterset = CatalogueFilterSet.from_request(request, qs.order_by("region__path", "domain", "code"))
    page = paginate(request, filterset.qs)
    return render(
        request,
        "disclosure/catalogue_list.html",
        {
            "title": _("基层政务公开标准目录"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_register": request.user.can(roles.DISCLOSURE_HANDLE),
        },
    )


@requires(roles.DISCLOSURE_HANDLE)
def catalogue_create(request: HttpRequest) -> HttpResponse:
    return _simple_create(
        request, CatalogueItemForm, _("新增目录事项"), "disclosure:catalogue_list", _("已保存。")
    )


def _publications(request):
    qs = Publication.objects.visible_to(request.user).select_related("region", "item")
    return PublicationFilterSet.from_request(request, qs.order_by("-made_on", "-id"))


def _publication_tone(pub, today):
    if pub.first_published_on:
        return ("warn", _("逾期公开")) if pub.late else ("ok", _("已公开"))
    if pub.due_on and pub.due_on < today:
        return "danger", _("逾期未公开")
    return "info", _("待公开")


@requires(roles.DISCLOSURE_VIEW)
def publication_list(request: HttpRequest) -> HttpResponse:
    filterset = _publications(request)
    page = paginate(request, filterset.qs)
    today = timezone.localdate()
    for pub in page:
        pub.tone, pub.standing = _publication_tone(pub, today)
    return render(
        request,
        "disclosure/publication_list.html",
        {
            "title": _("主动公开信息"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_register": request.user.can(roles.DISCLOSURE_HANDLE),
        },
    )


@requires(roles.DISCLOSURE_HANDLE)
def publication_create(request: HttpRequest) -> HttpResponse:
    form = PublicationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        pub = proactive.save_publication(form.save(commit=False), request.user)
        messages.success(request, _("已登记，应于%(due)s前公开。") % {"due": pub.due_on})
        return redirect("disclosure:publication_detail", pk=pub.pk)
    return render(
        request,
        "disclosure/form.html",
        {
            "title": _("登记主动公开信息"),
            "form": form,
            "cancel_url": reverse("disclosure:publication_list"),
            "crumbs": [],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.DISCLOSURE_VIEW)
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pub = visible_or_404(Publication, request.user, pk, related=("region", "item"))
    can_handle = request.user.can(roles.DISCLOSURE_HANDLE, region=pub.region)
    form = ChannelForm(request.POST or None) if can_handle else None
    status = 200
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied(_("您在该记录所属区划没有修改权限。"))
        if form.is_valid():
            try:
                proactive.add_channel(
                    pub,
                    form.cleaned_data["channel"],
                    form.cleaned_data["published_on"],
                    form.cleaned_data["place"],
                    request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("已记录公开渠道。"))
                return redirect("disclosure:publication_detail", pk=pub.pk)
        status = 400
    pub.tone, pub.standing = _publication_tone(pub, timezone.localdate())
    return render(
        request,
        "disclosure/publication_detail.html",
        {
            "title": pub.title,
            "pub": pub,
            "status": pub.standing,
            "status_tone": pub.tone,
            "channels": pub.channels.all(),
            "form": form,
            "clocks": deadlines.open_deadlines(pub),
            "crumbs": [(reverse("disclosure:publication_list"), _("主动公开信息"))],
        },
        status=status,
    )


@requires(roles.DISCLOSURE_VIEW)
def directory(request: HttpRequest) -> HttpResponse:
    """The staff directory as the register holds it today, and whether the published one is current."""
    towns = [r for r in Region.objects.visible_to(request.user).filter(kind=RegionKind.TOWN).order_by("path")]
    chosen = next((t for t in towns if str(t.pk) == request.GET.get("town")), towns[0] if towns else None)
    can_publish = chosen is not None and request.user.can(roles.DISCLOSURE_HANDLE, region=chosen)
    if request.method == "POST":
        chosen = next((t for t in towns if str(t.pk) == request.POST.get("town")), None)
        if chosen is None or not request.user.can(roles.DISCLOSURE_HANDLE, region=chosen):
            raise PermissionDenied(_("您在该乡镇没有发布工作人员名录的权限。"))
        proactive.publish_directory(chosen, request.user)
        messages.success(request, _("已发布工作人员名录。"))
        return redirect(reverse("disclosure:directory") + f"?town={chosen.pk}")
    return render(
        request,
        "disclosure/directory.html",
        {
            "title": _("工作人员名录"),
            "towns": towns,
            "town": chosen,
            "rows": proactive.directory_rows(chosen) if chosen else [],
            "status": proactive.directory_status(chosen) if chosen else None,
            "can_publish": can_publish,
            "crumbs": [],
        },
    )


urlpatterns = [
    path("", index, name="index"),
    path("requests/", request_list, name="request_list"),
    path("requests/export/", request_export, name="request_export"),
    path("requests/new/", request_create, name="request_create"),
    path("requests/<int:pk>/", request_detail, name="request_detail"),
    path("requests/<int:pk>/steps/<slug:name>/", request_step, name="request_step"),
    path("requests/<int:pk>/reply.docx", request_document, name="request_document"),
    path("annual/", annual, name="annual"),
    path("yearly/", yearly_list, name="yearly_list"),
    path("yearly/new/", yearly_create, name="yearly_create"),
    path("catalogue/", catalogue_list, name="catalogue_list"),
    path("catalogue/new/", catalogue_create, name="catalogue_create"),
    path("publications/", publication_list, name="publication_list"),
    path("publications/new/", publication_create, name="publication_create"),
    path("publications/<int:pk>/", publication_detail, name="publication_detail"),
    path("directory/", directory, name="directory"),
]

__all__ = ["Outcome", "urlpatterns"]
