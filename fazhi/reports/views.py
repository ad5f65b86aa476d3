"""The reports pages: the dashboard (a town's, or the county's towns side by side) as the app's
landing page, the records behind any value, the annual reports (list, new draft, the preview
with its figures linked to their records, sections and problems edited with live placeholders,
the steps, the outputs, where live figures now differ from the frozen ones)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import figures, roles
from fazhi.core.documents import content_disposition
from fazhi.core.models import Region, RegionKind
from fazhi.core.scoping import ensure_writable, paths_q
from fazhi.core.views.base import paginate, requires, visible_or_404, writable_or_404
from fazhi.core.views.steps import StepPages
from fazhi.reports import compose, dashboards, drafting, outputs, workflow
from fazhi.reports.forms import ProblemForm, ReportForm, SectionForm
from fazhi.reports.models import Problem, Report, Section

S = Report.State
TONES = {
    S.DRAFT: "info",
    S.REVIEW: "warn",
    S.DELIBERATION: "warn",
    S.APPROVAL: "warn",
    S.APPROVED: "ok",
    S.SUBMITTED: "ok",
    S.CLEARED: "ok",
    S.PUBLISHED: "ok",
}


def _crumbs():
    return [(reverse("reports:report_list"), _("年度报告"))]


# --- the dashboard ----------------------------------------------------------------------------


def _scope(request) -> Region:
    """The region the dashboard shows: ?region= (a code the viewer may read reports in), else
    the highest region where the viewer holds reports.view."""
    allowed = Region.objects.filter(paths_q(request.user, "path", roles.REPORT_VIEW))
    code = request.GET.get("region")
    if code:
        found = allowed.filter(code=code).first()
        if found is None:
            raise Http404(_("没有该区划或无权查看"))
        return found
    found = allowed.order_by("depth", "code").first()
    if found is None:
        raise PermissionDenied(_("您没有查看统计的区划"))
    return found


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@requires(roles.REPORT_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    region = _scope(request)
    year = _year(request)
    context = {
        "title": _("%(region)s统计概况") % {"region": region.name},
        "region": region,
        "year": year,
        "last_year": year - 1,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 8, -1)),
        "scopes": Region.objects.filter(paths_q(request.user, "path", roles.REPORT_VIEW))
        .filter(kind__in=[RegionKind.COUNTY, RegionKind.TOWN])
        .order_by("path"),
    }
    if region.kind == RegionKind.COUNTY:
        context.update(dashboards.county(request.user, region, year, request.GET.getlist("rank")))
        return render(request, "reports/county.html", context)
    if region.kind != RegionKind.TOWN:
        region = Region.objects.get(pk=region.pk).parent if region.parent_id else region
    context.update(dashboards.town(request.user, region, year))
    return render(request, "reports/town.html", context)


@requires(roles.VIEW_RECORDS)
def records(request: HttpRequest) -> HttpResponse:
    """The records behind one value (?code=&year=&region=), as the viewer may read them."""
    code = request.GET.get("code", "")
    try:
        figure = figures.get(code)
    except KeyError:
        raise Http404(_("没有该统计指标")) from None
    if not figure.readable_by(request.user):
        raise PermissionDenied(_("您无权查看该指标的记录"))
    year = _year(request)
    region = None
    if request.GET.get("region"):
        region = get_object_or_404(Region, code=request.GET["region"])
    period = figures.Period.year(year)
    base = figures.get(figure.numerator) if figure.kind == figures.RATE else figure
    if base.kind == figures.TOTAL:  # several apps' records: each part opens its own
        value = figures.evaluate([code], request.user, [period], within=region)[code]
        total = value if figure.kind == figures.TOTAL else value.numerator
        query = {"year": year, **({"region": region.code} if region else {})}
        parts = [
            {"value": part, "url": reverse("reports:records") + "?" + urlencode({"code": part.code, **query})}
            for part in total.parts or []
        ]
        return render(
            request,
            "reports/records.html",
            {
                "title": _("%(label)s：%(year)s年的记录") % {"label": figure.label, "year": year},
                "figure": figure,
                "base": base,
                "value": value,
                "region": region,
                "year": year,
                "parts": parts,
                "crumbs": [(reverse("reports:index"), _("统计概况"))],
            },
        )
    qs = figures.records(code, request.user, period, within=region).select_related("region").order_by("-pk")
    value = figures.evaluate([code], request.user, [period], within=region)[code]
    page = paginate(request, qs)
    kind = base.model._meta.verbose_name
    for record in page:
        record.dated = getattr(record, base.date_field, None)
        # never str(record): a record's name may be a person's (the app's own page masks it)
        record.shown = getattr(record, "number", "") or f"{kind} #{record.pk}"
        try:
            record.url = record.get_absolute_url()
        except (AttributeError, NoReverseMatch):  # a record without a page of its own
            record.url = ""
    try:
        list_url = value.url
    except NoReverseMatch:  # the figure's list is not installed
        list_url = ""
    return render(
        request,
        "reports/records.html",
        {
            "title": _("%(label)s：%(year)s年的记录") % {"label": figure.label, "year": year},
            "figure": figure,
            "base": base,
            "value": value,
            "region": region,
            "year": year,
            "page_obj": page,
            "object_list": page.object_list,
            "list_url": list_url,
            "date_label": base.model._meta.get_field(base.date_field).verbose_name,
            "crumbs": [(reverse("reports:index"), _("统计概况"))],
        },
    )


# --- reports ------------------------------------------------------------------------------------


@requires(roles.REPORT_VIEW)
def report_list(request: HttpRequest) -> HttpResponse:
    qs = Report.objects.visible_to(request.user).select_related("region").order_by("-year", "region__path")
    page = paginate(request, qs)
    for report in page:
        report.tone = TONES.get(report.state, "info")
    return render(
        request,
        "reports/report_list.html",
        {
            "title": _("法治政府建设年度报告"),
            "page_obj": page,
            "object_list": page.object_list,
            "can_draft": request.user.can(roles.REPORT_DRAFT),
        },
    )


@requires(roles.REPORT_DRAFT)
def report_create(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            report = drafting.create_report(
                form.cleaned_data["region"],
                form.cleaned_data["year"],
                request.user,
                form.cleaned_data["outline"],
                kind=form.cleaned_data["kind"],
            )
        except drafting.DraftRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("已生成报告初稿：数字取自统计指标，请逐节修改。"))
            return redirect("reports:report_detail", pk=report.pk)
    if form.errors:
        status = 400
    return render(
        request,
        "reports/form.html",
        {
            "title": _("起草年度报告"),
            "form": form,
            "submit_label": _("生成初稿"),
            "cancel_url": reverse("reports:report_list"),
            "crumbs": _crumbs(),
        },
        status=status,
    )


def _report(request, pk) -> Report:
    return visible_or_404(Report, request.user, pk, related=("region", "drafted_by"))


REPORT_STEPS = StepPages(
    record=lambda request, pk: _report(request, pk),
    workflow=workflow.REPORT,
    record_url="reports:report_detail",
    step_url="reports:report_step",
    crumbs=lambda report: _crumbs(),
    acting=(roles.REPORT_DRAFT, roles.REPORT_REVIEW, roles.REPORT_APPROVE),
    heading=lambda report: report.title,
)
report_step = requires(roles.REPORT_VIEW)(REPORT_STEPS.view)


def _linked(composed, user, region):
    """Hide the links of values whose records the viewer may not open (a number only)."""
    readable = {f.code for f in dashboards.readable(user)}
    for block in composed.blocks:
        for segment in block.all_segments():
            if segment.code and segment.code not in readable:
                segment.url = ""
            elif segment.code:
                segment.url = dashboards.records_url(segment.code, _segment_year(composed, segment), region)
    return composed


def _segment_year(composed, segment):
    years = [shown.year for shown in composed.used if shown.code == segment.code]
    return segment.year or (years[0] if years else None)


@requires(roles.REPORT_VIEW)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = _report(request, pk)
    composed = compose.compose(report)
    can_edit = (
        report.editable
        and user.can(roles.REPORT_DRAFT, region=report.region)
        and workflow.may_draft(user, report.region)
    )
    return render(
        request,
        "reports/report_detail.html",
        {
            "title": report.title,
            "report": report,
            "composed": _linked(composed, user, report.region),
            "status": report.get_state_display(),
            "status_tone": TONES.get(report.state, "info"),
            "sections": report.sections.all(),
            "problems": report.problems.all(),
            "can_edit": can_edit,
            "steps": REPORT_STEPS.panel(report, user),
            "formats": outputs.formats_of(report),
            "crumbs": _crumbs(),
        },
    )


def _editable(request, pk) -> Report:
    report = writable_or_404(Report, request.user, roles.REPORT_DRAFT, pk, related=("region",))
    if not workflow.may_draft(request.user, report.region):
        raise PermissionDenied(_("本镇年度报告由党政办起草"))
    if not report.editable:
        raise PermissionDenied(_("报告已提交，退回修改后方可编辑"))
    return report


def _part_form(request, report, form, title, *, saved_message=None) -> HttpResponse | None:
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            part = form.save(commit=False)
            part.report = report
            part.region = report.region
            part.is_sample = report.is_sample
            part.save()
            ensure_writable(part, request.user, roles.REPORT_DRAFT)
        messages.success(request, saved_message or _("已保存。"))
        return redirect("reports:report_detail", pk=report.pk)
    return render(
        request,
        "reports/form.html",
        {
            "title": title,
            "form": form,
            "cancel_url": reverse("reports:report_detail", args=[report.pk]),
            "crumbs": [*_crumbs(), (reverse("reports:report_detail", args=[report.pk]), report.title)],
            "codes": dashboards.readable(request.user) if isinstance(form, SectionForm) else None,
        },
        status=400 if form.errors else 200,
    )


@requires(roles.REPORT_DRAFT)
def section_edit(request: HttpRequest, pk: int, section_pk: int) -> HttpResponse:
    report = _editable(request, pk)
    section = get_object_or_404(Section, pk=section_pk, report=report)
    form = SectionForm(request.POST or None, instance=section)
    return _part_form(request, report, form, _("修改章节：%(heading)s") % {"heading": section})


@requires(roles.REPORT_DRAFT)
def section_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    form = SectionForm(request.POST or None, initial={"level": 2, "item": 5})
    if request.method == "POST" and form.is_valid():
        last = report.sections.order_by("-order").values_list("order", flat=True).first() or 0
        form.instance.order = last + 10
    return _part_form(request, report, form, _("添加章节"))


@requires(roles.REPORT_DRAFT)
def problem_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    form = ProblemForm(request.POST or None, initial={"order": (report.problems.count() + 1) * 10})
    return _part_form(request, report, form, _("添加存在的问题"))


@requires(roles.REPORT_DRAFT)
def problem_edit(request: HttpRequest, pk: int, problem_pk: int) -> HttpResponse:
    report = _editable(request, pk)
    problem = get_object_or_404(Problem, pk=problem_pk, report=report)
    if request.method == "POST" and request.POST.get("delete"):
        problem.delete()
        messages.success(request, _("已删除。"))
        return redirect("reports:report_detail", pk=report.pk)
    form = ProblemForm(request.POST or None, instance=problem)
    return _part_form(request, report, form, _("修改存在的问题"))


@requires(roles.REPORT_DRAFT)
def drop_pending(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("reports:report_detail", pk=pk)
    report = _editable(request, pk)
    with transaction.atomic():
        changed = compose.drop_pending(report)
    messages.success(request, _("已删去 %(n)s 处待数据语句。") % {"n": changed})
    return redirect("reports:report_detail", pk=report.pk)


@requires(roles.REPORT_VIEW)
def report_output(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    if fmt not in outputs.formats_of(report):
        raise Http404(fmt)
    try:
        content, content_type, filename = outputs.render(report, fmt)
    except outputs.OutputUnavailable as missing:
        messages.error(request, str(missing))
        return redirect("reports:report_detail", pk=report.pk)
    from fazhi.core import ledger

    ledger.record(
        "document.export",
        report,
        data={"title": report.title, "format": fmt, "filename": filename},
        digests=[ledger.digest(content)],
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@requires(roles.REPORT_VIEW)
def report_differences(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    found = compose.differences(report) if report.frozen_figures else []
    return render(
        request,
        "reports/differences.html",
        {
            "title": _("冻结指标与当前数据的差异"),
            "report": report,
            "differences": found,
            "frozen": report.frozen_figures,
            "crumbs": [*_crumbs(), (reverse("reports:report_detail", args=[report.pk]), report.title)],
        },
    )


INDEX_LABEL = gettext_lazy("统计概况")

urlpatterns = [
    path("", index, name="index"),
    path("records/", records, name="records"),
    path("annual/", report_list, name="report_list"),
    path("annual/new/", report_create, name="report_create"),
    path("annual/<int:pk>/", report_detail, name="report_detail"),
    path("annual/<int:pk>/steps/<slug:name>/", report_step, name="report_step"),
    path("annual/<int:pk>/sections/new/", section_create, name="section_create"),
    path("annual/<int:pk>/sections/<int:section_pk>/", section_edit, name="section_edit"),
    path("annual/<int:pk>/problems/new/", problem_create, name="problem_create"),
    path("annual/<int:pk>/problems/<int:problem_pk>/", problem_edit, name="problem_edit"),
    path("annual/<int:pk>/drop-pending/", drop_pending, name="drop_pending"),
    path("annual/<int:pk>/differences/", report_differences, name="report_differences"),
    path("annual/<int:pk>/report.<str:fmt>", report_output, name="report_output"),
]
