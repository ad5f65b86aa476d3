"""The legal pages: the landing page (coverage and the year's figures), advisers and their
service log (per month against the contract's terms), the 法律明白人 register, the decision
catalogue, major decisions with their steps and public comments, contract review and the
normative-document register. Everything is read through `visible_to(user)`: an adviser sees
what is assigned to them and their own log."""

from __future__ import annotations

import datetime as dt
import tempfile

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, figures, links, pii, roles
from fazhi.core.documents import docx_response
from fazhi.core.exports import Column, export_response
from fazhi.core.models import Region, RegionKind
from fazhi.core.models.links import RecordLink
from fazhi.core.scoping import ensure_writable, regions_q
from fazhi.core.timeline import timeline
from fazhi.core.views.base import paginate, requires, save_in_scope, visible_or_404, writable_or_404
from fazhi.core.views.steps import StepPages
from fazhi.legal import archive, documents, metrics, photos, workflow
from fazhi.legal.actions import SOURCES
from fazhi.legal.filters import (
    AdviserFilterSet,
    ContractFilterSet,
    DecisionFilterSet,
    EngagementFilterSet,
    NormativeFilterSet,
)
from fazhi.legal.forms import (
    AdviserForm,
    CatalogueForm,
    CommentForm,
    ContractForm,
    DecisionForm,
    EngagementForm,
    EntryForm,
    LiterateForm,
    NormativeForm,
)
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
    coverage,
)

K = Engagement.Kind
TONES = {
    "archived": "ok",
    "published": "ok",
    "executing": "ok",
    "signed": "ok",
    "filed": "ok",
    "done": "ok",
    "issued": "ok",
    "approved": "ok",
    "reviewed": "ok",
    "decided": "ok",
    "reported": "ok",
    "rejected": "danger",
    "refused": "danger",
    "repealed": "danger",
    "stopped": "danger",
    "in_review": "warn",
    "consulting": "warn",
    "postponed": "warn",
}


def _crumbs(name, label):
    return [(reverse(name), label)]


def _form_page(request, form, title, cancel_url, crumbs=(), submit_label=None):
    return render(
        request,
        "legal/form.html",
        {
            "title": title,
            "form": form,
            "cancel_url": cancel_url,
            "crumbs": list(crumbs),
            "submit_label": submit_label,
        },
        status=400 if form.errors else 200,
    )


def _towns(user):
    """The towns the user reads legal work of (for coverage): under their legal.view memberships."""
    from fazhi.legal.models import reader_paths

    return Region.objects.filter(
        regions_q(reader_paths(user, roles.LEGAL_VIEW), "path"), kind=RegionKind.TOWN
    ).order_by("path")


# --- landing page -------------------------------------------------------------------------------------


INDEX_FIGURES = [
    metrics.DUTY_DAYS,
    metrics.VISITS,
    metrics.CONSULTATIONS,
    metrics.CONSULTED,
    metrics.LECTURES,
    metrics.ADVISER_REVIEWS,
    metrics.DECISION_REVIEWS,
    metrics.CONTRACTS_REVIEWED,
    metrics.CONTRACT_AMOUNT,
    metrics.COMMENTS,
    metrics.ADOPTION_RATE,
    metrics.NORMATIVE_ISSUED,
    metrics.NORMATIVE_REPEALED,
    metrics.NORMATIVE_IN_FORCE,
]


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@requires(roles.LEGAL_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    period = figures.Period.year(year)
    values = figures.evaluate(INDEX_FIGURES, user, [period])
    shown = [values.get(code, period) for code in INDEX_FIGURES]
    towns = list(_towns(user)) if not user.can(roles.LEGAL_OPINION) else []
    return render(
        request,
        "legal/index.html",
        {
            "title": _("法律顾问与重大行政决策"),
            "year": year,
            "values": shown,
            "coverages": [(town, coverage(town, user=user)) for town in towns],
            "is_adviser": user.can(roles.LEGAL_OPINION),
            "own_advisers": Adviser.objects.filter(user=user).select_related("region")
            if user.can(roles.LEGAL_OPINION)
            else [],
            "assigned": {
                "decisions": Decision.objects.visible_to(user).exclude(state=Decision.State.ARCHIVED)[:10],
                "contracts": Contract.objects.visible_to(user).exclude(state=Contract.State.DONE)[:10],
                "normative": NormativeDocument.objects.visible_to(user).filter(issued_on__isnull=True)[:10],
            },
        },
    )


# --- advisers -----------------------------------------------------------------------------------------------

ADVISER_COLUMNS = [
    Column(gettext_lazy("服务区划"), "region.name"),
    Column(gettext_lazy("姓名"), "name"),
    Column(gettext_lazy("执业机构"), "firm"),
    Column(gettext_lazy("执业证号"), "licence_number"),
    Column(gettext_lazy("联系电话"), "phone"),
    Column(gettext_lazy("聘期起"), "contract_start"),
    Column(gettext_lazy("聘期止"), "contract_end"),
    Column(gettext_lazy("年服务费（元）"), "fee"),
    Column(gettext_lazy("服务时间"), "service_time"),
    Column(gettext_lazy("服务地点"), "service_place"),
]


def _advisers(request):
    qs = Adviser.objects.visible_to(request.user).select_related("region", "user")
    return AdviserFilterSet.from_request(request, qs.order_by("region__path", "-contract_end"))


@requires(roles.LEGAL_VIEW)
def adviser_list(request):
    filterset = _advisers(request)
    page = paginate(request, filterset.qs)
    today = timezone.localdate()
    for adviser in page:
        adviser.current = adviser.is_current(today)
    query = request.GET.urlencode()
    return render(
        request,
        "legal/adviser_list.html",
        {
            "title": _("法律顾问"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("legal:adviser_export") + (f"?{query}" if query else ""),
            "can_manage": request.user.can(roles.LEGAL_MANAGE),
        },
    )


@requires(roles.LEGAL_VIEW)
def adviser_export(request):
    return export_response(_("法律顾问"), ADVISER_COLUMNS, _advisers(request).qs, request.user)


def terms_table(adviser: Adviser, year: int) -> list[dict]:
    """Per month of `year`: the adviser's duty days, visits, consultations, lectures and reviews
    (one aggregate query grouped by month), against the contract's duty days."""
    counts = {
        row["month"].month if hasattr(row["month"], "month") else int(str(row["month"])[5:7]): row
        for row in Engagement.objects.filter(adviser=adviser, day__year=year)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            duty=Count("pk", filter=Q(kind=K.DUTY)),
            visits=Count("pk", filter=Q(kind=K.VISIT)),
            consultations=Count("pk", filter=Q(kind=K.CONSULTATION)),
            people=Sum("people", filter=Q(kind=K.CONSULTATION)),
            lectures=Count("pk", filter=Q(kind=K.LECTURE)),
            reviews=Count("pk", filter=Q(kind__in=Engagement.REVIEW_KINDS)),
        )
        .order_by("month")
    }
    rows = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        if first > timezone.localdate():
            break
        in_contract = adviser.contract_start <= first.replace(day=28) and adviser.contract_end >= first
        row = counts.get(month, {})
        duty = row.get("duty", 0)
        rows.append(
            {
                "month": month,
                "duty": duty,
                "visits": row.get("visits", 0),
                "consultations": row.get("consultations", 0),
                "people": row.get("people") or 0,
                "lectures": row.get("lectures", 0),
                "reviews": row.get("reviews", 0),
                "short": in_contract and duty < adviser.duty_days_month,
            }
        )
    return rows


@requires(roles.LEGAL_VIEW)
def adviser_detail(request, pk):
    adviser = visible_or_404(Adviser, request.user, pk, related=("region", "user"))
    year = _year(request)
    return render(
        request,
        "legal/adviser_detail.html",
        {
            "title": str(adviser),
            "adviser": adviser,
            "year": year,
            "terms": terms_table(adviser, year),
            "engagements": adviser.engagements.select_related("decision", "contract", "normative")[:20],
            "can_manage": request.user.can(roles.LEGAL_MANAGE, region=adviser.region),
            "can_log": adviser.user_id == request.user.pk
            or request.user.can(roles.LEGAL_MANAGE, region=adviser.region),
            "crumbs": _crumbs("legal:adviser_list", _("法律顾问")),
        },
    )


@requires(roles.LEGAL_MANAGE)
def adviser_create(request):
    return _adviser_form(request, None)


@requires(roles.LEGAL_MANAGE)
def adviser_edit(request, pk):
    adviser = writable_or_404(Adviser, request.user, roles.LEGAL_MANAGE, pk)
    return _adviser_form(request, adviser)


def _adviser_form(request, adviser):
    form = AdviserForm(request.POST or None, request.FILES or None, instance=adviser, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = save_in_scope(form, request.user, roles.LEGAL_MANAGE)
            if form.cleaned_data.get("photo_file"):
                photos.attach_photo(obj, form.cleaned_data["photo_file"], request.user)
        messages.success(request, _("已保存法律顾问信息。"))
        return redirect("legal:adviser_detail", pk=obj.pk)
    return _form_page(
        request,
        form,
        _("法律顾问"),
        reverse("legal:adviser_list"),
        _crumbs("legal:adviser_list", _("法律顾问")),
    )


# --- the service log -------------------------------------------------------------------------------------

ENGAGEMENT_COLUMNS = [
    Column(gettext_lazy("日期"), "day"),
    Column(gettext_lazy("法律顾问"), "adviser.name"),
    Column(gettext_lazy("服务类型"), "get_kind_display"),
    Column(gettext_lazy("事项"), "subject"),
    Column(gettext_lazy("地点"), "place"),
    Column(gettext_lazy("时长（小时）"), "hours"),
    Column(gettext_lazy("人数"), "people"),
    Column(gettext_lazy("所属区划"), "region.name"),
]


def _engagements(request):
    qs = Engagement.objects.visible_to(request.user).select_related(
        "adviser", "region", "decision", "contract", "normative"
    )
    return EngagementFilterSet.from_request(request, qs.order_by("-day", "-id"))


@requires(roles.LEGAL_VIEW)
def engagement_list(request):
    filterset = _engagements(request)
    page = paginate(request, filterset.qs)
    query = request.GET.urlencode()
    return render(
        request,
        "legal/engagement_list.html",
        {
            "title": _("法律顾问服务日志"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("legal:engagement_export") + (f"?{query}" if query else ""),
            "can_log": request.user.can(roles.LEGAL_OPINION) or request.user.can(roles.LEGAL_MANAGE),
        },
    )


@requires(roles.LEGAL_VIEW)
def engagement_export(request):
    return export_response(_("法律顾问服务日志"), ENGAGEMENT_COLUMNS, _engagements(request).qs, request.user)


@requires(roles.LEGAL_OPINION, roles.LEGAL_MANAGE)
def engagement_create(request):
    initial = {}
    for name in ("decision", "contract", "normative", "kind"):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    source = links.source_from(request, allowed=tuple(SOURCES))
    if source is not None:  # from a dispute's or a petition matter's page
        initial.setdefault("kind", SOURCES[source._meta.label_lower])
        initial.setdefault("subject", f"{source} {getattr(source, 'title', '')}".strip()[:200])
    form = EngagementForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            engagement = form.save(commit=False)
            engagement.logged_by = request.user
            engagement.save()
            adviser = engagement.adviser
            if adviser.user_id != request.user.pk and not request.user.can(
                roles.LEGAL_MANAGE, region=adviser.region
            ):
                raise PermissionDenied(_("只能登记本人的服务日志，或在该顾问服务区划有管理权限。"))
            if source is not None:
                links.link(source, engagement, kind=RecordLink.Kind.RELATED, user=request.user)
        messages.success(request, _("已登记服务日志。"))
        if source is not None and hasattr(source, "get_absolute_url"):
            return redirect(source.get_absolute_url())
        target = engagement.concerns()
        return redirect(target.get_absolute_url() if target is not None else reverse("legal:engagement_list"))
    return _form_page(
        request,
        form,
        _("登记法律顾问服务"),
        reverse("legal:engagement_list"),
        _crumbs("legal:engagement_list", _("服务日志")),
    )


# --- 法律明白人 -----------------------------------------------------------------------------------------------


@requires(roles.LEGAL_VIEW)
def literate_list(request):
    qs = (
        LegalLiterate.objects.visible_to(request.user)
        .select_related("region")
        .order_by("region__path", "name")
    )
    page = paginate(request, qs)
    return render(
        request,
        "legal/literate_list.html",
        {
            "title": _("法律明白人"),
            "page_obj": page,
            "object_list": page.object_list,
            "can_manage": request.user.can(roles.LEGAL_MANAGE),
        },
    )


@requires(roles.LEGAL_MANAGE)
def literate_create(request):
    form = LiterateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        save_in_scope(form, request.user, roles.LEGAL_MANAGE)
        messages.success(request, _("已登记法律明白人。"))
        return redirect("legal:literate_list")
    return _form_page(
        request,
        form,
        _("登记法律明白人"),
        reverse("legal:literate_list"),
        _crumbs("legal:literate_list", _("法律明白人")),
    )


# --- the catalogue -------------------------------------------------------------------------------------------


@requires(roles.LEGAL_VIEW)
def catalogue_list(request):
    qs = (
        Catalogue.objects.visible_to(request.user)
        .select_related("region")
        .annotate(n=Count("entries"))
        .order_by("-year")
    )
    page = paginate(request, qs)
    return render(
        request,
        "legal/catalogue_list.html",
        {
            "title": _("重大行政决策事项目录"),
            "page_obj": page,
            "object_list": page.object_list,
            "can_manage": request.user.can(roles.LEGAL_MANAGE),
            "export_url": reverse("legal:catalogue_export"),
        },
    )


CATALOGUE_COLUMNS = [
    Column(gettext_lazy("年度"), "catalogue.year"),
    Column(gettext_lazy("事项名称"), "name"),
    Column(gettext_lazy("决策主体"), "decider"),
    Column(gettext_lazy("承办单位"), "undertaker"),
    Column(gettext_lazy("法律依据"), "legal_basis"),
    Column(gettext_lazy("应履行的程序"), lambda e: "、".join(e.procedures())),
    Column(gettext_lazy("计划完成时间"), "planned_by"),
    Column(gettext_lazy("增补或调整及其批准"), "adjustment"),
    Column(gettext_lazy("目录公布日期"), "catalogue.published_on"),
]


@requires(roles.LEGAL_VIEW)
def catalogue_export(request):
    qs = (
        CatalogueEntry.objects.visible_to(request.user)
        .select_related("catalogue")
        .order_by("-catalogue__year", "id")
    )
    return export_response(_("重大行政决策事项目录"), CATALOGUE_COLUMNS, qs, request.user)


@requires(roles.LEGAL_VIEW)
def catalogue_detail(request, pk):
    catalogue = visible_or_404(Catalogue, request.user, pk, related=("region",))
    entries = list(catalogue.entries.annotate(n=Count("decisions")))
    return render(
        request,
        "legal/catalogue_detail.html",
        {
            "title": catalogue.title,
            "catalogue": catalogue,
            "entries": entries,
            "can_manage": request.user.can(roles.LEGAL_MANAGE, region=catalogue.region),
            "crumbs": _crumbs("legal:catalogue_list", _("决策事项目录")),
        },
    )


@requires(roles.LEGAL_MANAGE)
def catalogue_create(request):
    form = CatalogueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = save_in_scope(form, request.user, roles.LEGAL_MANAGE)
        return redirect("legal:catalogue_detail", pk=obj.pk)
    return _form_page(
        request,
        form,
        _("新建决策事项目录"),
        reverse("legal:catalogue_list"),
        _crumbs("legal:catalogue_list", _("决策事项目录")),
    )


@requires(roles.LEGAL_MANAGE)
def catalogue_edit(request, pk):
    catalogue = writable_or_404(Catalogue, request.user, roles.LEGAL_MANAGE, pk)
    form = CatalogueForm(request.POST or None, instance=catalogue, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = save_in_scope(form, request.user, roles.LEGAL_MANAGE)
        return redirect("legal:catalogue_detail", pk=obj.pk)
    return _form_page(
        request,
        form,
        _("修改决策事项目录"),
        catalogue.get_absolute_url(),
        _crumbs("legal:catalogue_list", _("决策事项目录")),
    )


@requires(roles.LEGAL_MANAGE)
def entry_create(request, pk):
    catalogue = writable_or_404(Catalogue, request.user, roles.LEGAL_MANAGE, pk)
    form = EntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            entry = form.save(commit=False)
            entry.catalogue = catalogue
            entry.region = catalogue.region
            entry.save()
            ensure_writable(entry, request.user, roles.LEGAL_MANAGE)
        return redirect("legal:catalogue_detail", pk=catalogue.pk)
    return _form_page(
        request,
        form,
        _("添加决策事项"),
        catalogue.get_absolute_url(),
        _crumbs("legal:catalogue_list", _("决策事项目录")),
    )


# --- decisions -----------------------------------------------------------------------------------------------

DECISION_COLUMNS = [
    Column(gettext_lazy("决策名称"), "title"),
    Column(gettext_lazy("目录事项"), "entry.name"),
    Column(gettext_lazy("承办单位"), "undertaker"),
    Column(gettext_lazy("启动日期"), "started_on"),
    Column(gettext_lazy("送审日期"), "review_submitted_on"),
    Column(gettext_lazy("审查意见日期"), "reviewed_on"),
    Column(gettext_lazy("审查结论"), "get_review_outcome_display"),
    Column(gettext_lazy("会议日期"), "meeting_on"),
    Column(gettext_lazy("公布日期"), "published_on"),
    Column(gettext_lazy("状态"), "get_state_display"),
]


def _decisions(request):
    qs = Decision.objects.visible_to(request.user).select_related("entry", "region")
    return DecisionFilterSet.from_request(request, qs.order_by("-started_on", "-id"))


@requires(roles.LEGAL_VIEW)
def decision_list(request):
    filterset = _decisions(request)
    page = paginate(request, filterset.qs)
    for d in page:
        d.tone = TONES.get(d.state, "info")
    query = request.GET.urlencode()
    return render(
        request,
        "legal/decision_list.html",
        {
            "title": _("重大行政决策"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("legal:decision_export") + (f"?{query}" if query else ""),
            "can_draft": request.user.can(roles.LEGAL_DRAFT),
        },
    )


@requires(roles.LEGAL_VIEW)
def decision_export(request):
    return export_response(_("重大行政决策"), DECISION_COLUMNS, _decisions(request).qs, request.user)


@requires(roles.LEGAL_DRAFT)
def decision_create(request):
    form = DecisionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            decision = form.save(commit=False)
            decision.started_by = request.user
            decision.save()
            ensure_writable(decision, request.user, roles.LEGAL_DRAFT)
        messages.success(request, _("已启动重大行政决策。"))
        return redirect("legal:decision_detail", pk=decision.pk)
    return _form_page(
        request,
        form,
        _("启动重大行政决策"),
        reverse("legal:decision_list"),
        _crumbs("legal:decision_list", _("重大行政决策")),
    )


def _decision(request, pk):
    return visible_or_404(Decision, request.user, pk, related=("entry__catalogue", "region", "reviewer"))


DECISION_STEPS = StepPages(
    record=_decision,
    workflow=workflow.DECISION,
    record_url="legal:decision_detail",
    step_url="legal:decision_step",
    crumbs=lambda d: _crumbs("legal:decision_list", _("重大行政决策")),
    acting=(roles.LEGAL_DRAFT, roles.LEGAL_REVIEW, roles.LEGAL_DECIDE),
    heading=lambda d: d.title,
    crumbs_template="legal/_crumbs.html",
)
decision_step = requires(roles.LEGAL_VIEW)(DECISION_STEPS.view)


def _open_deadlines(record):
    today = timezone.localdate()
    found = list(deadlines.open_deadlines(record).order_by("due_on"))
    for d in found:
        d.standing = deadlines.standing(d, today)
    return found


def _opinions(record, user):
    return record.engagements.select_related("adviser").order_by("day", "id")


@requires(roles.LEGAL_VIEW)
def decision_detail(request, pk):
    user = request.user
    decision = _decision(request, pk)
    full = pii.may_see_full(user, decision)
    comments = list(decision.comments.all())
    for c in comments:
        c.commenter_shown = c.commenter if full else pii.masked(c, "commenter")
    entry = decision.entry
    return render(
        request,
        "legal/decision_detail.html",
        {
            "title": decision.title,
            "decision": decision,
            "entry": entry,
            "status": decision.get_state_display(),
            "status_tone": TONES.get(decision.state, "info"),
            "comments": comments,
            "opinions": _opinions(decision, user),
            "missing": workflow.missing_materials(decision),
            "steps": DECISION_STEPS.panel(decision, user),
            "can_comment": user.can(roles.LEGAL_DRAFT, region=decision.region)
            and decision.state != Decision.State.ARCHIVED,
            "can_assign": user.can(roles.LEGAL_MANAGE, region=decision.region),
            "can_log": user.can(roles.LEGAL_OPINION) or user.can(roles.LEGAL_MANAGE),
            "timeline": timeline(decision, user=user),
            "timeline_title": _("决策过程"),
            "crumbs": _crumbs("legal:decision_list", _("重大行政决策")),
        },
    )


@requires(roles.LEGAL_DRAFT)
def comment_create(request, pk):
    decision = writable_or_404(Decision, request.user, roles.LEGAL_DRAFT, pk)
    return _comment_form(request, decision, None)


@requires(roles.LEGAL_DRAFT)
def comment_edit(request, pk, comment_pk):
    decision = writable_or_404(Decision, request.user, roles.LEGAL_DRAFT, pk)
    comment = visible_or_404(PublicComment, request.user, comment_pk)
    if comment.decision_id != decision.pk:
        raise PermissionDenied(_("该意见不属于此决策。"))
    return _comment_form(request, decision, comment)


def _comment_form(request, decision, comment):
    form = CommentForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            obj.decision = decision
            obj.region = decision.region
            obj.full_clean()
            obj.save()
            ensure_writable(obj, request.user, roles.LEGAL_DRAFT)
        messages.success(request, _("已保存公众意见。"))
        return redirect("legal:decision_detail", pk=decision.pk)
    return _form_page(
        request,
        form,
        _("公众意见及采纳情况"),
        decision.get_absolute_url(),
        [*_crumbs("legal:decision_list", _("重大行政决策")), (decision.get_absolute_url(), decision.title)],
    )


@requires(roles.LEGAL_VIEW)
def decision_document(request, pk, key):
    decision = _decision(request, pk)
    if key not in documents.DECISION_DOCUMENTS:
        raise Http404
    try:
        doc, filename = documents.DECISION_DOCUMENTS[key][1](decision, request.user)
    except documents.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("legal:decision_detail", pk=decision.pk)
    return docx_response(doc, filename, record=decision, user=request.user)


@requires(roles.LEGAL_VIEW)
def decision_archive(request, pk):
    decision = _decision(request, pk)
    file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    info = archive.write_archive(decision, request.user, file)
    response = FileResponse(file, as_attachment=True, filename=info.filename, content_type="application/zip")
    response["Content-Length"] = str(info.size)
    return response


# --- contracts ---------------------------------------------------------------------------------------------

CONTRACT_COLUMNS = [
    Column(gettext_lazy("合同名称"), "title"),
    Column(gettext_lazy("承办单位"), "undertaker"),
    Column(gettext_lazy("合同相对方"), "counterparty"),
    Column(gettext_lazy("统一社会信用代码"), "credit_code"),
    Column(gettext_lazy("合同金额（元）"), "amount"),
    Column(gettext_lazy("送审日期"), "submitted_on"),
    Column(gettext_lazy("审查日期"), "reviewed_on"),
    Column(gettext_lazy("审查结论"), "get_review_outcome_display"),
    Column(gettext_lazy("签订日期"), "signed_on"),
    Column(gettext_lazy("状态"), "get_state_display"),
]


def _contracts(request):
    qs = Contract.objects.visible_to(request.user).select_related("region")
    return ContractFilterSet.from_request(request, qs.order_by("-id"))


@requires(roles.LEGAL_VIEW)
def contract_list(request):
    filterset = _contracts(request)
    page = paginate(request, filterset.qs)
    for c in page:
        c.tone = TONES.get(c.state, "info")
    query = request.GET.urlencode()
    return render(
        request,
        "legal/contract_list.html",
        {
            "title": _("合同审查"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("legal:contract_export") + (f"?{query}" if query else ""),
            "can_draft": request.user.can(roles.LEGAL_DRAFT),
        },
    )


@requires(roles.LEGAL_VIEW)
def contract_export(request):
    return export_response(_("合同审查"), CONTRACT_COLUMNS, _contracts(request).qs, request.user)


@requires(roles.LEGAL_DRAFT)
def contract_create(request):
    form = ContractForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = save_in_scope(form, request.user, roles.LEGAL_DRAFT)
        return redirect("legal:contract_detail", pk=obj.pk)
    return _form_page(
        request,
        form,
        _("登记合同"),
        reverse("legal:contract_list"),
        _crumbs("legal:contract_list", _("合同审查")),
    )


def _contract(request, pk):
    return visible_or_404(Contract, request.user, pk, related=("region", "reviewer"))


CONTRACT_STEPS = StepPages(
    record=_contract,
    workflow=workflow.CONTRACT,
    record_url="legal:contract_detail",
    step_url="legal:contract_step",
    crumbs=lambda c: _crumbs("legal:contract_list", _("合同审查")),
    acting=(roles.LEGAL_DRAFT, roles.LEGAL_REVIEW),
    heading=lambda c: c.title,
    crumbs_template="legal/_crumbs.html",
)
contract_step = requires(roles.LEGAL_VIEW)(CONTRACT_STEPS.view)


@requires(roles.LEGAL_VIEW)
def contract_detail(request, pk):
    user = request.user
    contract = _contract(request, pk)
    fields = [
        (_("承办单位"), contract.undertaker),
        (_("所属区划"), contract.region.name),
        (_("合同相对方"), contract.counterparty),
        (_("统一社会信用代码"), contract.credit_code),
        (_("主体资格证明材料"), contract.standing_evidence),
        (_("合同金额（元）"), contract.amount),
        (_("履行期限"), f"{contract.term_start or '—'} 至 {contract.term_end or '—'}"),
        (_("使用财政资金或国有资源"), _("是") if contract.public_funds else _("否")),
        (_("不适用审查的情形"), contract.get_exclusion_display()),
        (_("合同文本要点"), contract.draft),
        (_("送审日期"), contract.submitted_on),
        (_("审查结论"), contract.get_review_outcome_display()),
        (_("审查意见"), contract.review_opinion),
        (_("审查日期"), contract.reviewed_on),
        (_("审查人"), contract.reviewer),
        (_("签订日期"), contract.signed_on),
        (_("备案日期"), contract.filed_on),
    ]
    return render(
        request,
        "legal/record_detail.html",
        {
            "title": contract.title,
            "record": contract,
            "fields": fields,
            "status": contract.get_state_display(),
            "status_tone": TONES.get(contract.state, "info"),
            "opinions": _opinions(contract, user),
            "opinion_param": "contract",
            "opinion_kind": K.CONTRACT,
            "open_deadlines": _open_deadlines(contract),
            "steps": CONTRACT_STEPS.panel(contract, user),
            "can_assign": user.can(roles.LEGAL_MANAGE, region=contract.region),
            "can_log": user.can(roles.LEGAL_OPINION) or user.can(roles.LEGAL_MANAGE),
            "timeline": timeline(contract, user=user),
            "crumbs": _crumbs("legal:contract_list", _("合同审查")),
        },
    )


# --- normative documents ----------------------------------------------------------------------------------

NORMATIVE_COLUMNS = [
    Column(gettext_lazy("统一编号"), "number"),
    Column(gettext_lazy("文件名称"), "title"),
    Column(gettext_lazy("起草单位"), "drafting_unit"),
    Column(gettext_lazy("审核日期"), "reviewed_on"),
    Column(gettext_lazy("审核结论"), "get_review_outcome_display"),
    Column(gettext_lazy("印发日期"), "issued_on"),
    Column(gettext_lazy("公布日期"), "published_on"),
    Column(gettext_lazy("有效期至"), "valid_until"),
    Column(gettext_lazy("废止日期"), "repealed_on"),
    Column(gettext_lazy("效力状态"), "standing"),
]


def _normatives(request):
    qs = NormativeDocument.objects.visible_to(request.user).select_related("region")
    return NormativeFilterSet.from_request(request, qs.order_by("-issued_on", "-id"))


@requires(roles.LEGAL_VIEW)
def normative_list(request):
    filterset = _normatives(request)
    page = paginate(request, filterset.qs)
    today = timezone.localdate()
    for doc in page:
        doc.standing_text = doc.standing(today)
    query = request.GET.urlencode()
    return render(
        request,
        "legal/normative_list.html",
        {
            "title": _("行政规范性文件"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("legal:normative_export") + (f"?{query}" if query else ""),
            "can_draft": request.user.can(roles.LEGAL_DRAFT),
        },
    )


@requires(roles.LEGAL_VIEW)
def normative_export(request):
    return export_response(_("行政规范性文件"), NORMATIVE_COLUMNS, _normatives(request).qs, request.user)


@requires(roles.LEGAL_DRAFT)
def normative_create(request):
    form = NormativeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        obj = save_in_scope(form, request.user, roles.LEGAL_DRAFT)
        return redirect("legal:normative_detail", pk=obj.pk)
    return _form_page(
        request,
        form,
        _("登记规范性文件草案"),
        reverse("legal:normative_list"),
        _crumbs("legal:normative_list", _("规范性文件")),
    )


def _normative(request, pk):
    return visible_or_404(NormativeDocument, request.user, pk, related=("region", "reviewer"))


NORMATIVE_STEPS = StepPages(
    record=_normative,
    workflow=workflow.NORMATIVE,
    record_url="legal:normative_detail",
    step_url="legal:normative_step",
    crumbs=lambda d: _crumbs("legal:normative_list", _("规范性文件")),
    acting=(roles.LEGAL_DRAFT, roles.LEGAL_REVIEW),
    heading=lambda d: d.title,
    crumbs_template="legal/_crumbs.html",
)
normative_step = requires(roles.LEGAL_VIEW)(NORMATIVE_STEPS.view)


@requires(roles.LEGAL_VIEW)
def normative_detail(request, pk):
    user = request.user
    doc = _normative(request, pk)
    fields = [
        (_("统一编号"), doc.number),
        (_("起草单位"), doc.drafting_unit),
        (_("效力状态"), doc.standing()),
        (_("送审日期"), doc.submitted_on),
        (_("合法性审核结论"), doc.get_review_outcome_display()),
        (_("合法性审核意见"), doc.review_opinion),
        (_("审核日期"), doc.reviewed_on),
        (_("审核人"), doc.reviewer),
        (_("集体审议日期"), doc.deliberated_on),
        (_("印发日期"), doc.issued_on),
        (_("公布日期"), doc.published_on),
        (_("有效期至"), doc.valid_until),
        (_("修改情况"), doc.amended_note),
        (_("废止日期"), doc.repealed_on),
        (_("废止理由"), doc.repeal_reason),
    ]
    return render(
        request,
        "legal/record_detail.html",
        {
            "title": str(doc),
            "record": doc,
            "fields": fields,
            "status": doc.get_state_display(),
            "status_tone": TONES.get(doc.state, "info"),
            "opinions": _opinions(doc, user),
            "opinion_param": "normative",
            "opinion_kind": K.NORMATIVE,
            "open_deadlines": _open_deadlines(doc),
            "steps": NORMATIVE_STEPS.panel(doc, user),
            "can_assign": user.can(roles.LEGAL_MANAGE, region=doc.region),
            "can_log": user.can(roles.LEGAL_OPINION) or user.can(roles.LEGAL_MANAGE),
            "timeline": timeline(doc, user=user),
            "crumbs": _crumbs("legal:normative_list", _("规范性文件")),
        },
    )


urlpatterns = [
    path("", index, name="index"),
    path("advisers/", adviser_list, name="adviser_list"),
    path("advisers/export/", adviser_export, name="adviser_export"),
    path("advisers/new/", adviser_create, name="adviser_create"),
    path("advisers/<int:pk>/", adviser_detail, name="adviser_detail"),
    path("advisers/<int:pk>/edit/", adviser_edit, name="adviser_edit"),
    path("engagements/", engagement_list, name="engagement_list"),
    path("engagements/export/", engagement_export, name="engagement_export"),
    path("engagements/new/", engagement_create, name="engagement_create"),
    path("literates/", literate_list, name="literate_list"),
    path("literates/new/", literate_create, name="literate_create"),
    path("catalogues/", catalogue_list, name="catalogue_list"),
    path("catalogues/new/", catalogue_create, name="catalogue_create"),
    path("catalogues/export/", catalogue_export, name="catalogue_export"),
    path("catalogues/<int:pk>/", catalogue_detail, name="catalogue_detail"),
    path("catalogues/<int:pk>/edit/", catalogue_edit, name="catalogue_edit"),
    path("catalogues/<int:pk>/entries/new/", entry_create, name="entry_create"),
    path("decisions/", decision_list, name="decision_list"),
    path("decisions/export/", decision_export, name="decision_export"),
    path("decisions/new/", decision_create, name="decision_create"),
    path("decisions/<int:pk>/", decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/steps/<slug:name>/", decision_step, name="decision_step"),
    path("decisions/<int:pk>/documents/<slug:key>.docx", decision_document, name="decision_document"),
    path("decisions/<int:pk>/archive/", decision_archive, name="decision_archive"),
    path("decisions/<int:pk>/comments/new/", comment_create, name="comment_create"),
    path("decisions/<int:pk>/comments/<int:comment_pk>/", comment_edit, name="comment_edit"),
    path("contracts/", contract_list, name="contract_list"),
    path("contracts/export/", contract_export, name="contract_export"),
    path("contracts/new/", contract_create, name="contract_create"),
    path("contracts/<int:pk>/", contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/steps/<slug:name>/", contract_step, name="contract_step"),
    path("normative/", normative_list, name="normative_list"),
    path("normative/export/", normative_export, name="normative_export"),
    path("normative/new/", normative_create, name="normative_create"),
    path("normative/<int:pk>/", normative_detail, name="normative_detail"),
    path("normative/<int:pk>/steps/<slug:name>/", normative_step, name="normative_step"),
]
