"""The register's pages: the list with the year's table (route × result, each cell opening its
cases), a case's page (the record it concerns through core's links), registering a case (from
the record it concerns, `?from=`, or on its own) and recording its hearing and result."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import links, pii, roles
from fazhi.core.figures import Period, evaluate
from fazhi.core.models import RecordLink
from fazhi.core.scoping import ensure_writable
from fazhi.core.views.base import paginate, requires, visible_or_404, writable_or_404
from fazhi.litigation import metrics, register
from fazhi.litigation.filters import ProceedingFilterSet
from fazhi.litigation.forms import ProceedingForm
from fazhi.litigation.models import Proceeding, Result, Route

TONES = {Result.UPHELD: "ok", Result.CORRECTED: "danger", Result.OTHER: "info", Result.PENDING: "warn"}
CRUMBS = [("litigation:index", gettext_lazy("复议诉讼"))]


def _crumbs():
    return [(reverse(name), label) for name, label in CRUMBS]


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _table(user, year: int) -> list[dict]:
    """The year's figures, one row per route: [{route, cells: [Value, …]}] (one query)."""
    values = evaluate(metrics.CODES[: len(metrics.ROUTES) * len(metrics.RESULTS)], user, [Period.year(year)])
    rows = []
    for route_key, route in metrics.ROUTES.items():
        rows.append(
            {"route": route.label, "cells": [values[metrics.code(route_key, r)] for r in metrics.RESULTS]}
        )
    return rows


@requires(roles.LITIGATION_VIEW)
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    qs = (
        Proceeding.objects.visible_to(user)
        .select_related("region", "court_leader")
        .order_by("-filed_on", "-id")
    )
    filterset = ProceedingFilterSet.from_request(request, qs)
    page = paginate(request, filterset.qs)
    for row in page:
        row.applicant_shown = (
            row.applicant
            if not row.is_citizen or pii.may_see_full(user, row)
            else pii.masked(row, "applicant")
        )
        row.tone = TONES.get(row.result, "info")
    year = _year(request)
    return render(
        request,
        "litigation/index.html",
        {
            "title": _("行政复议与行政诉讼"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "year": year,
            "years": [year - 1, year + 1],
            "table": _table(user, year),
            "result_labels": [r.label if r else _("总计") for r in metrics.RESULTS.values()],
            "can_manage": user.can(roles.LITIGATION_MANAGE),
        },
    )


def _source(request):
    return links.source_from(request)


def _saved(form, request, source) -> Proceeding:
    with transaction.atomic():
        proceeding = form.save(commit=False)
        if proceeding.pk is None:
            proceeding.created_by = request.user
            if source is not None:
                register.attach(proceeding, source)
        proceeding.save()
        if source is not None:
            links.link(source, proceeding, kind=RecordLink.Kind.RELATED, user=request.user)
        ensure_writable(proceeding, request.user, roles.LITIGATION_MANAGE)
    return proceeding


@requires(roles.LITIGATION_MANAGE)
def create(request: HttpRequest) -> HttpResponse:
    source = _source(request)
    initial = {"filed_on": timezone.localdate()}
    if source is not None:
        initial["subject"] = str(source)[:200]
    instance = Proceeding(region_id=getattr(source, "region_id", None))
    form = ProceedingForm(
        request.POST or None, user=request.user, source=source, instance=instance, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        proceeding = _saved(form, request, source)
        messages.success(request, _("已登记%(route)s案件。") % {"route": proceeding.get_route_display()})
        return redirect("litigation:detail", pk=proceeding.pk)
    return render(
        request,
        "litigation/form.html",
        {
            "title": _("登记复议诉讼案件"),
            "form": form,
            "source": source,
            "source_token": links.source_token(source) if source is not None else "",
            "cancel_url": source.get_absolute_url() if source is not None else reverse("litigation:index"),
            "submit_label": _("登记"),
            "crumbs": _crumbs(),
        },
        status=400 if form.errors else 200,
    )


@requires(roles.LITIGATION_MANAGE)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    proceeding = writable_or_404(Proceeding, request.user, roles.LITIGATION_MANAGE, pk, related=("region",))
    form = ProceedingForm(request.POST or None, user=request.user, instance=proceeding)
    if request.method == "POST" and form.is_valid():
        _saved(form, request, None)
        messages.success(request, _("已保存。"))
        return redirect("litigation:detail", pk=proceeding.pk)
    return render(
        request,
        "litigation/form.html",
        {
            "title": _("修改复议诉讼案件（开庭、审结与结果）"),
            "form": form,
            "cancel_url": reverse("litigation:detail", args=[proceeding.pk]),
            "crumbs": [*_crumbs(), (reverse("litigation:detail", args=[proceeding.pk]), str(proceeding))],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.LITIGATION_VIEW)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    proceeding = visible_or_404(Proceeding, user, pk, related=("region", "court_leader", "created_by"))
    return render(
        request,
        "litigation/detail.html",
        {
            "title": str(proceeding),
            "proceeding": proceeding,
            "status": proceeding.get_result_display(),
            "status_tone": TONES.get(proceeding.result, "info"),
            "linked": links.links_of(proceeding, user),
            "is_court": proceeding.route in (Route.DIRECT, Route.AFTER_REVIEW),
            "days": ((proceeding.concluded_on or timezone.localdate()) - proceeding.filed_on).days
            if isinstance(proceeding.filed_on, dt.date)
            else None,
            "can_manage": user.can(roles.LITIGATION_MANAGE, region=proceeding.region),
            "crumbs": _crumbs(),
        },
    )


urlpatterns = [
    path("", index, name="index"),
    path("new/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/edit/", edit, name="edit"),
]
