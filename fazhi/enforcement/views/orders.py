"""Rectification orders (责令改正通知书, 整改法律文书): the register, issuing one, the follow-up
check (the steps of `workflow.ORDER` on core's step pages, `ORDER_STEPS`), and 逾期未改 → 立案
in one step."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.core import deadlines, pii, roles
from fazhi.core.exports import Column, export_response
from fazhi.core.scoping import ensure_writable
from fazhi.core.timeline import timeline
from fazhi.core.views.base import paginate, requires, visible_or_404
from fazhi.core.views.steps import StepPages
from fazhi.core.workflow import TransitionRefused, show_on
from fazhi.enforcement import documents, workflow
from fazhi.enforcement.filters import OrderFilterSet
from fazhi.enforcement.forms import OrderFileCaseForm, OrderForm
from fazhi.enforcement.models import RectificationOrder
from fazhi.enforcement.views.cases import village_of
from fazhi.enforcement.views.common import state_tone

R = RectificationOrder.Result


def order_standing(order: RectificationOrder, today=None) -> tuple[str, str]:
    today = today or timezone.localdate()
    if order.result == R.COMPLETED:
        return _("整改完成"), "ok"
    if order.result == R.OVERDUE:
        return _("逾期未改"), "danger"
    left = (order.deadline - today).days
    if left < 0:
        return _("已到期待复查（逾期%(n)s天）") % {"n": -left}, "warn"
    return _("整改中（剩%(n)s天）") % {"n": left}, "info"


def _party_shown(order, user) -> str:
    return order.party.name if pii.may_see_full(user, order) else order.party.public_name


def _filtered(request: HttpRequest) -> OrderFilterSet:
    qs = RectificationOrder.objects.visible_to(request.user).select_related(
        "party", "region", "region__parent", "case", "body"
    )
    return OrderFilterSet.from_request(request, qs.order_by("-issued_on", "-id"))


# The register's export: the party's name masked per order.
ORDER_COLUMNS = [
    Column(gettext_lazy("文号"), "number"),
    Column(gettext_lazy("当事人"), "party.name", pii=pii.NAME, masked=lambda order: order.party.public_name),
    Column(gettext_lazy("村（社区）"), lambda order: village_of(order.region)),
    Column(gettext_lazy("下达日期"), "issued_on"),
    Column(gettext_lazy("整改期限"), "deadline"),
    Column(gettext_lazy("整改要求"), "requirement"),
    Column(gettext_lazy("复查日期"), "checked_on"),
    Column(gettext_lazy("复查结果"), "get_result_display"),
    Column(gettext_lazy("关联案件"), lambda order: order.case.number if order.case_id else ""),
]


@requires(roles.CASE_VIEW)
def order_list(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    page = paginate(request, filterset.qs)
    today = timezone.localdate()
    for order in page:
        order.badge, order.tone = order_standing(order, today)
        order.party_shown = _party_shown(order, request.user)
        order.village = village_of(order.region)
    query = request.GET.urlencode()
    return render(
        request,
        "enforcement/order_list.html",
        {
            "title": _("责令改正通知书（整改法律文书）"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "export_url": reverse("enforcement:order_export") + (f"?{query}" if query else ""),
            "can_issue": request.user.can(roles.CASE_HANDLE),
        },
    )


@requires(roles.CASE_VIEW)
def order_export(request: HttpRequest) -> HttpResponse:
    return export_response(_("整改法律文书"), ORDER_COLUMNS, _filtered(request).qs, request.user)


@requires(roles.CASE_HANDLE)
def order_create(request: HttpRequest) -> HttpResponse:
    form = OrderForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                party = form.party(request.user, data["region"])
                if party.pk is None:
                    party.full_clean()
                    party.save()
                order = RectificationOrder(
                    body=data["body"],
                    region=data["region"],
                    party=party,
                    case=data["case"],
                    issued_on=data["issued_on"],
                    deadline=data["deadline"],
                    requirement=data["requirement"],
                    issued_by=request.user,
                )
                order.full_clean()
                order.save()
                workflow.follow_order_deadline(order)  # 责令改正期限, from the day it is issued
                ensure_writable(order, request.user, roles.CASE_HANDLE)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = (
                    field
                    if field in form.fields
                    else f"party_{field}"
                    if f"party_{field}" in form.fields
                    else None
                )
                for error in errors:
                    form.add_error(target, error)
        else:
            messages.success(request, _("已下达责令改正通知书 %(number)s。") % {"number": order.number})
            return redirect("enforcement:order_detail", pk=order.pk)
    return render(
        request,
        "enforcement/form.html",
        {
            "title": _("下达责令改正通知书"),
            "form": form,
            "cancel_url": reverse("enforcement:order_list"),
            "submit_label": _("下达"),
            "crumbs": [(reverse("enforcement:order_list"), _("整改法律文书"))],
        },
        status=400 if form.errors else 200,
    )


def _order(request, pk) -> RectificationOrder:
    return visible_or_404(
        RectificationOrder,
        request.user,
        pk,
        related=("party", "body", "case", "region", "region__parent", "issued_by"),
    )


# The order's follow-up check on the web: core's step page and the order page's next-steps panel.
ORDER_STEPS = StepPages(
    record=lambda request, pk: _order(request, pk),
    workflow=workflow.ORDER,
    record_url="enforcement:order_detail",
    step_url="enforcement:order_step",
    crumbs=lambda order: [(reverse("enforcement:order_list"), _("整改法律文书"))],
    acting=(roles.CASE_HANDLE,),
    heading=lambda order: order.number,
    head_template="enforcement/_head.html",
    crumbs_template="enforcement/_crumbs.html",
)
order_step = requires(roles.CASE_VIEW)(ORDER_STEPS.view)


def _order_page(request, order, *, file_form=None, status=200) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    can_handle = user.can(roles.CASE_HANDLE, region=order.region)
    badge, tone = order_standing(order, today)
    may_file = (
        can_handle
        and order.case_id is None
        and (order.result == R.OVERDUE or (order.result == R.PENDING and order.deadline < today))
    )
    if may_file and file_form is None:
        file_form = OrderFileCaseForm(user=user, order=order, prefix="file")
    if order.case_id:
        order.case.tone = state_tone(order.case.state)
    open_deadlines = list(deadlines.open_deadlines(order).order_by("due_on"))
    for deadline in open_deadlines:
        deadline.standing = deadlines.standing(deadline, today)
    return render(
        request,
        "enforcement/order_detail.html",
        {
            "title": order.number,
            "order": order,
            "status": badge,
            "status_tone": tone,
            "party_shown": _party_shown(order, user),
            "village": village_of(order.region),
            "open_deadlines": open_deadlines,
            "steps": ORDER_STEPS.panel(order, user),
            "file_form": file_form if may_file else None,
            "timeline": timeline(order, user=user),
            "timeline_title": _("复查与办理记录"),
            "crumbs": [(reverse("enforcement:order_list"), _("整改法律文书"))],
        },
        status=status,
    )


@requires(roles.CASE_VIEW)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _order_page(request, _order(request, pk))


@requires(roles.CASE_HANDLE)
@require_POST
def order_file_case(request: HttpRequest, pk: int) -> HttpResponse:
    """逾期未改 → 立案 (`workflow.file_case_from_order`): records the check as not complied with
    (ORDER's `record_overdue`, when no check is recorded yet) and files the case, in one
    transaction; a refusal (the deadline not passed, an officer without a valid certificate)
    is shown on its field and changes nothing."""
    order = _order(request, pk)
    if not request.user.can(roles.CASE_HANDLE, region=order.region):
        raise PermissionDenied(_("您在本区划不是执法人员。"))
    form = OrderFileCaseForm(request.POST, user=request.user, order=order, prefix="file")
    if not form.is_valid():
        return _order_page(request, order, file_form=form, status=400)
    data = form.cleaned_data
    try:
        case = workflow.file_case_from_order(
            order,
            request.user,
            power=data["power"],
            officers=list(data["officers"]),
            cause=data["cause"],
            filed_on=data["filed_on"] or timezone.localdate(),
        )
    except TransitionRefused as refused:
        if refused.forbidden:
            raise PermissionDenied(refused.reason) from None
        order.refresh_from_db()
        show_on(form, refused, fields={"officer": "officers"})
        messages.error(request, refused.reason)
        return _order_page(request, order, file_form=form, status=409)
    messages.success(request, _("已立案，案号 %(number)s。") % {"number": case.number})
    return redirect("enforcement:case_detail", pk=case.pk)


@requires(roles.CASE_VIEW)
def order_document(request: HttpRequest, pk: int) -> HttpResponse:
    order = _order(request, pk)
    from fazhi.core.documents import docx_response

    try:
        doc, filename = documents.order_document(order, request.user)
    except documents.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect("enforcement:order_detail", pk=order.pk)
    return docx_response(doc, filename, record=order, user=request.user, person=order.party)


urlpatterns = [
    path("orders/", order_list, name="order_list"),
    path("orders/export/", order_export, name="order_export"),
    path("orders/new/", order_create, name="order_create"),
    path("orders/<int:pk>/", order_detail, name="order_detail"),
    path("orders/<int:pk>/steps/<slug:name>/", order_step, name="order_step"),
    path("orders/<int:pk>/file-case/", order_file_case, name="order_file_case"),
    path("orders/<int:pk>/document/", order_document, name="order_document"),
]
