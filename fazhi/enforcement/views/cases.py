"""Cases: the list with its filters and Excel export, filing, the case page (procedure as a
timeline, party, officers, evidence, deadlines, next steps, documents), the steps themselves,
evidence upload and officers joining or withdrawing.

Every case is fetched through `visible_to(user)` (out of scope: 404). A step changes the case
only through `workflow.fire`; a refusal (`TransitionRefused`) is shown with its reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.core import attachments, deadlines, pii, roles
from fazhi.core.exports import Column, export_response
from fazhi.core.scoping import ensure_writable
from fazhi.core.timeline import timeline
from fazhi.core.views.base import KeysetPage, keyset_page, requires, visible_or_404
from fazhi.core.views.steps import StepPages
from fazhi.core.workflow import TransitionRefused, show_on
from fazhi.enforcement import documents, workflow
from fazhi.enforcement.filters import CaseFilterSet, open_deadlines_of_cases, overdue_cases
from fazhi.enforcement.forms import (
    AddOfficerForm,
    CaseFileForm,
    EvidenceForm,
    WithdrawOfficerForm,
)
from fazhi.enforcement.models import (
    Case,
    CaseOfficer,
    CaseState,
    Certificate,
    Officer,
    PenaltyKind,
)
from fazhi.enforcement.views.common import (
    certificate_standing,
    state_tone,
)

S = CaseState
ACTING_PERMISSIONS = (roles.CASE_HANDLE, roles.CASE_REVIEW, roles.CASE_DECIDE)


# --- the list -------------------------------------------------------------------------------------


def with_next_deadline(qs):
    first = open_deadlines_of_cases().order_by("due_on", "id")
    return qs.annotate(
        next_due_on=Subquery(first.values("due_on")[:1]),
        next_due_label=Subquery(first.values("label")[:1]),
        has_overdue=overdue_cases(),
    )


def _filtered(request: HttpRequest) -> CaseFilterSet:
    qs = Case.objects.visible_to(request.user).select_related(
        "power", "party", "region", "region__parent", "body"
    )
    return CaseFilterSet.from_request(request, qs)


def village_of(region) -> str:
    if region.kind == "grid" and region.parent_id:
        return region.parent.name
    return region.name


def party_name(case: Case, user) -> str:
    """The party's name: in full for roles that see personal information, masked otherwise."""
    if pii.may_see_full(user, case):
        return case.party.name
    return case.party.public_name


def _active_officers():
    return Prefetch(
        "case_officers",
        queryset=CaseOfficer.objects.filter(withdrawn=False).select_related("officer"),
        to_attr="active_links",
    )


def _officer_names(case: Case) -> str:
    return "、".join(link.officer.name for link in case.active_links)


# The case list's export: what each column shows, the party's name masked per case.
CASE_COLUMNS = [
    Column(gettext_lazy("案号"), "number"),
    Column(gettext_lazy("案由"), "cause"),
    Column(gettext_lazy("当事人"), "party.name", pii=pii.NAME, masked=lambda case: case.party.public_name),
    Column(gettext_lazy("当事人类型"), "party.get_kind_display"),
    Column(gettext_lazy("处罚事项"), "power.name"),
    Column(gettext_lazy("村（社区）"), lambda case: village_of(case.region)),
    Column(gettext_lazy("程序"), "get_procedure_display"),
    Column(gettext_lazy("案件来源"), "get_source_display"),
    Column(gettext_lazy("状态"), "get_state_display"),
    Column(gettext_lazy("执法人员"), _officer_names),
    Column(gettext_lazy("立案日期"), "filed_on"),
    Column(gettext_lazy("决定日期"), "decided_on"),
    Column(gettext_lazy("罚款金额（元）"), "decided_fine"),
    Column(gettext_lazy("缴款金额（元）"), "amount_paid"),
    Column(gettext_lazy("结案日期"), "closed_on"),
    Column(gettext_lazy("归档日期"), "archived_on"),
]


@requires(roles.CASE_VIEW)
def case_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    # by keyset (the newest filed first): the last page costs what the first does; the next
    # deadline is read for the page's rows only, in one query
    rows, keyset = keyset_page(
        request,
        # only the columns the list shows and its helpers read (not the other ~70)
        filterset.qs.only(
            "region",
            "town_code",
            "body",
            "party",
            "power",
            "number",
            "cause",
            "procedure",
            "state",
            "filed_on",
            "decided_fine",
        ).prefetch_related(_active_officers()),
        order=("-filed_on", "-id"),
    )
    page = KeysetPage(rows, filterset.qs, keyset)
    soonest = deadlines.open_for(rows)
    today = timezone.localdate()
    for case in rows:
        case.tone = state_tone(case.state)
        case.party_shown = party_name(case, request.user)
        case.village = village_of(case.region)
        case.officer_names = _officer_names(case)
        first = soonest.get(str(case.pk))
        case.next_due_on = first[0].due_on if first else None
        case.next_due_label = first[0].label if first else ""
        if case.next_due_on:
            left = (case.next_due_on - today).days
            case.due_badge = (
                _("逾期%(n)s天") % {"n": -left}
                if left < 0
                else _("今天到期")
                if left == 0
                else _("剩%(n)s天") % {"n": left}
            )
            case.due_tone = "danger" if left < 0 else "warn" if left <= 7 else "info"
    query = request.GET.urlencode()
    return render(
        request,
        "enforcement/case_list.html",
        {
            "title": _("执法案件"),
            "page_obj": page,
            "keyset": keyset,
            "object_list": rows,
            "filter_form": filterset.form,
            "export_url": reverse("enforcement:case_export") + (f"?{query}" if query else ""),
            "can_file": request.user.can(roles.CASE_HANDLE),
        },
    )


@requires(roles.CASE_VIEW)
def case_export(request: HttpRequest) -> HttpResponse:
    qs = _filtered(request).qs.prefetch_related(_active_officers()).order_by("-filed_on", "-id")
    return export_response(_("执法案件"), CASE_COLUMNS, qs, request.user)


# --- filing ---------------------------------------------------------------------------------------


@requires(roles.CASE_HANDLE)
def case_create(request: HttpRequest) -> HttpResponse:
    form = CaseFileForm(request.POST or None, user=request.user)
    token = request.POST.get("form_token", "") if request.method == "POST" else ""
    already = (
        Case.objects.visible_to(request.user).filter(form_token=token).first() if len(token) == 32 else None
    )
    if already is not None:
        # the same form submitted again (back button, double tap): the case it filed, not a second one
        messages.info(
            request,
            _("该立案表单已经提交过，未重复立案：%(case)s。") % {"case": already.number or already.cause},
        )
        return redirect("enforcement:case_detail", pk=already.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filed_on = data["filed_on"] or timezone.localdate()
        try:
            with transaction.atomic():
                party = form.party(request.user, data["region"])
                if party.pk is None:
                    try:
                        party.full_clean()
                    except ValidationError as exc:
                        raise _PartyInvalid(exc) from exc
                    party.save()
                case = form.case(party)
                case.full_clean()
                case.save()
                ensure_writable(case, request.user, roles.CASE_HANDLE)
                for officer in data["officers"]:
                    workflow.add_officer(case, officer, request.user, on=filed_on)
                if case.procedure == Case.Procedure.GENERAL:
                    workflow.fire(case, "file", request.user, {"filed_on": filed_on})
        except _PartyInvalid as exc:
            for field, errors in exc.error.message_dict.items():
                target = f"party_{field}" if f"party_{field}" in form.fields else None
                for error in errors:
                    form.add_error(target, error)
        except IntegrityError:
            # a second submission of the same form raced the first: show the case it filed
            already = Case.objects.visible_to(request.user).filter(form_token=token).first()
            if already is not None:
                return redirect("enforcement:case_detail", pk=already.pk)
            raise
        except ValidationError as exc:
            form.add_error(None, exc)
        except TransitionRefused as exc:
            # the officers put on the case are the filing form's "officers"
            show_on(form, exc, fields={"officer": "officers"})
        else:
            case.refresh_from_db()
            if case.number:
                messages.success(request, _("已立案，案号 %(number)s。") % {"number": case.number})
            else:
                messages.success(request, _("已登记简易程序案件，请当场作出处罚决定。"))
            return redirect("enforcement:case_detail", pk=case.pk)
    return render(
        request,
        "enforcement/case_form.html",
        {
            "title": _("立案"),
            "form": form,
            "cancel_url": reverse("enforcement:case_list"),
            "submit_label": _("立案"),
            "crumbs": [(reverse("enforcement:case_list"), _("执法案件"))],
        },
        status=400 if form.errors else 200,
    )


class _PartyInvalid(Exception):
    def __init__(self, error: ValidationError):
        super().__init__(str(error))
        self.error = error


# --- the case page --------------------------------------------------------------------------------


def _initial(case: Case) -> dict:
    """What a step's form starts with on the case: its level and intended penalty."""
    return {
        "discretion_level": case.discretion_level_id,
        "decided_penalties": case.intended_penalties or None,
        "decided_fine": case.intended_fine,
        "amount_paid": case.amount_due if case.decided_fine else None,
        "intended_penalties": case.intended_penalties or None,
        "intended_fine": case.intended_fine,
        "facts": case.facts or None,
    }


# The case's steps on the web: its step page and the case page's next-steps panel (core's).
CASE_STEPS = StepPages(
    record=lambda request, pk: _case(request, pk),
    workflow=workflow.workflow_of,
    options=workflow.options,
    record_url="enforcement:case_detail",
    step_url="enforcement:case_step",
    crumbs=lambda case: [(reverse("enforcement:case_list"), _("执法案件"))],
    initial=_initial,
    acting=ACTING_PERMISSIONS,
    heading=lambda case: case.number or case.cause,
    head_template="enforcement/_head.html",
    crumbs_template="enforcement/_crumbs.html",
)


def _documents(case: Case) -> list[dict]:
    available = {
        "filing": True,
        "notice": case.state not in (S.DRAFT, S.FILED) and case.procedure == Case.Procedure.GENERAL,
        "hearing": case.hearings.exists(),
        "decision": bool(case.notified_on) and case.decision_kind != Case.DecisionKind.TRANSFERRED,
        "service": bool(case.decided_on) and case.decision_kind != Case.DecisionKind.TRANSFERRED,
        "closing": case.state in (S.CLOSED, S.ARCHIVED),
        # 催告书: once the payment period ran out unpaid (行政强制法 第五十四条), or once served
        "reminder": bool(case.reminded_on)
        or bool(
            case.decided_fine
            and not case.paid_on
            and case.fine_due_on
            and case.fine_due_on < timezone.localdate()
        ),
        "preservation": case.preservation != "none",
    }
    return [
        {"key": key, "title": title, "draft": documents.is_draft(case, key)}
        for key, (title, _builder) in documents.CASE_DOCUMENTS.items()
        if available.get(key)
    ]


def _case_page(
    request: HttpRequest, case: Case, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    links = list(
        case.case_officers.select_related("officer", "officer__user").prefetch_related(
            Prefetch("officer__certificates", queryset=Certificate.objects.order_by("-valid_until"))
        )
    )
    for link in links:
        certificate = link.officer.certificate_on(today) or (
            link.officer.certificates.all()[0] if link.officer.certificates.all() else None
        )
        link.certificate = certificate
        link.badge, link.tone = certificate_standing(certificate, today)
    evidence = list(case.evidence.select_related("collected_by"))
    files = attachments.for_owners(evidence, user)  # every piece's files in one query
    for item in evidence:
        item.files = files.get(str(item.pk), [])
    open_deadlines = list(deadlines.open_deadlines(case).order_by("due_on"))
    for deadline in open_deadlines:
        deadline.standing = deadlines.standing(deadline, today)
    can_handle = user.can(roles.CASE_HANDLE, region=case.region)
    context = {
        "title": case.number or case.cause,
        "case": case,
        "status": case.get_state_display(),
        "status_tone": state_tone(case.state),
        "party_shown": party_name(case, user),
        "can_pii": pii.may_see_full(user, case),
        "links": links,
        "evidence": evidence,
        "open_deadlines": open_deadlines,
        "steps": CASE_STEPS.panel(case, user, bound),
        "timeline": timeline(case, user=user),
        "timeline_title": _("办案过程（全过程记录）"),
        "documents": _documents(case),
        "reviews": case.legal_reviews.select_related("reviewer").order_by("reviewed_on", "id"),
        "hearings": case.hearings.select_related("chair").order_by("id"),
        "orders": case.rectification_orders.all(),
        "can_handle": can_handle,
        "open": not case.is_closed,
        "add_officer_form": AddOfficerForm(case=case, user=user, initial={"on": today})
        if can_handle
        else None,
        "needs_review": workflow.needs_legal_review(case),
        "village": village_of(case.region),
        "intended_text": penalty_text(case.intended_penalties, case.intended_fine, case.intended_other),
        "decided_text": penalty_text(case.decided_penalties, case.decided_fine, case.decided_other),
        "crumbs": [(reverse("enforcement:case_list"), _("执法案件"))],
    }
    return render(request, "enforcement/case_detail.html", context, status=status)


def penalty_text(kinds, fine, other: str = "") -> str:
    """警告、罚款 500.00 元 — the penalties as read by people."""
    parts = []
    for kind in kinds or ():
        label = str(PenaltyKind(kind).label) if kind in PenaltyKind.values else kind
        if kind == PenaltyKind.FINE and fine:
            label += _(" %(fine)s 元") % {"fine": fine}
        parts.append(label)
    if other:
        parts.append(other)
    return "、".join(parts)


def _case(request: HttpRequest, pk: int) -> Case:
    return visible_or_404(
        Case,
        request.user,
        pk,
        related=(
            "body",
            "party",
            "power",
            "discretion_level",
            "region",
            "region__parent",
            "extension_approved_by",
        ),
    )


@requires(roles.CASE_VIEW)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case(request, pk))


# A step of the case: GET shows its form on its own page (with why it is refused, if it is);
# POST fires it through the workflow, a refusal shown with its reason and nothing changed.
case_step = requires(roles.CASE_VIEW)(CASE_STEPS.view)


# --- evidence -------------------------------------------------------------------------------------


@requires(roles.CASE_HANDLE)
def evidence_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    if not request.user.can(roles.CASE_HANDLE, region=case.region):
        raise PermissionDenied(_("您在本区划不是执法人员，不能登记证据。"))
    if case.is_closed:
        messages.error(request, _("案件已结案，不能再登记证据。"))
        return redirect("enforcement:case_detail", pk=case.pk)
    form = EvidenceForm(request.POST or None, request.FILES or None, case=case)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            item = form.save(commit=False)
            item.collected_by = request.user
            item.save()
            ensure_writable(item, request.user, roles.CASE_HANDLE)
            stored = [
                attachments.attach(f, owner=item, user=request.user, caption=item.get_kind_display())
                for f in form.uploads()
            ]
        messages.success(
            request,
            _("已登记证据（%(kind)s），上传文件%(n)s个。")
            % {"kind": item.get_kind_display(), "n": len(stored)},
        )
        return redirect("enforcement:case_detail", pk=case.pk)
    return render(
        request,
        "enforcement/evidence_form.html",
        {
            "title": _("登记证据"),
            "case": case,
            "form": form,
            "cancel_url": reverse("enforcement:case_detail", args=[case.pk]),
            "submit_label": _("上传并登记"),
            "crumbs": [
                (reverse("enforcement:case_list"), _("执法案件")),
                (reverse("enforcement:case_detail", args=[case.pk]), case.number or case.cause),
            ],
        },
        status=400 if form.errors else 200,
    )


# --- officers on the case -------------------------------------------------------------------------


@requires(roles.CASE_HANDLE)
@require_POST
def case_officer_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    form = AddOfficerForm(request.POST, case=case, user=request.user)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}：{error}" if label else error)
        return redirect("enforcement:case_detail", pk=case.pk)
    officer = form.cleaned_data["officer"]
    try:
        workflow.add_officer(case, officer, request.user, on=form.cleaned_data["on"] or timezone.localdate())
    except TransitionRefused as exc:
        if exc.forbidden:
            raise PermissionDenied(exc.reason) from None
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("%(name)s已加入本案。") % {"name": officer.name})
    return redirect("enforcement:case_detail", pk=case.pk)


@requires(roles.CASE_HANDLE)
@require_POST
def case_officer_withdraw(request: HttpRequest, pk: int, officer_pk: int) -> HttpResponse:
    case = _case(request, pk)
    officer = visible_or_404(Officer, request.user, officer_pk)
    form = WithdrawOfficerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("回避理由：请写明回避理由（行政处罚法第四十三条）"))
        return redirect("enforcement:case_detail", pk=case.pk)
    try:
        workflow.withdraw_officer(
            case, officer, request.user, form.cleaned_data["reason"], on=form.cleaned_data["on"] or None
        )
    except TransitionRefused as exc:
        if exc.forbidden:
            raise PermissionDenied(exc.reason) from None
        messages.error(request, exc.reason)
    else:
        messages.success(request, _("已记录%(name)s回避。") % {"name": officer.name})
    return redirect("enforcement:case_detail", pk=case.pk)


# --- documents ------------------------------------------------------------------------------------


@requires(roles.CASE_VIEW)
def case_document(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    case = _case(request, pk)
    if key not in documents.CASE_DOCUMENTS:
        raise Http404(_("没有这种文书"))
    from fazhi.core.documents import docx_response

    try:
        doc, filename = documents.case_document(case, key, request.user)
    except documents.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("enforcement:case_detail", pk=case.pk)
    return docx_response(doc, filename, record=case, user=request.user, person=case.party)


urlpatterns = [
    path("", case_list, name="index"),
    path("cases/", case_list, name="case_list"),
    path("cases/export/", case_export, name="case_export"),
    path("cases/new/", case_create, name="case_create"),
    path("cases/<int:pk>/", case_detail, name="case_detail"),
    path("cases/<int:pk>/steps/<slug:name>/", case_step, name="case_step"),
    path("cases/<int:pk>/evidence/new/", evidence_create, name="evidence_create"),
    path("cases/<int:pk>/officers/add/", case_officer_add, name="case_officer_add"),
    path(
        "cases/<int:pk>/officers/<int:officer_pk>/withdraw/",
        case_officer_withdraw,
        name="case_officer_withdraw",
    ),
    path("cases/<int:pk>/documents/<slug:key>/", case_document, name="case_document"),
]
