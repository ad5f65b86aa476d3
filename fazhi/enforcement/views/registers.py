"""Enforcement bodies, officers with their certificates, and the powers list with its
discretion standards (执法主体、持证上岗、权责清单与裁量基准)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import roles
from fazhi.core.exports import Column, export_response
from fazhi.core.views.base import paginate, requires, save_in_scope, visible_or_404, writable_or_404
from fazhi.enforcement import rules
from fazhi.enforcement.filters import OfficerFilterSet, PowerFilterSet
from fazhi.enforcement.forms import (
    BasisVersionForm,
    BodyForm,
    CertificateForm,
    DiscretionLevelForm,
    OfficerForm,
    PowerForm,
)
from fazhi.enforcement.models import (
    ZERO,
    Case,
    CaseOfficer,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Officer,
    OfficerTraining,
    Power,
)
from fazhi.enforcement.views.common import (
    certificate_standing,
    open_case_count,
    state_tone,
)

# --- bodies -------------------------------------------------------------------------------------


@requires(roles.CASE_VIEW)
def body_list(request: HttpRequest) -> HttpResponse:
    bodies = (
        EnforcementBody.objects.visible_to(request.user)
        .select_related("region")
        .annotate(
            n_officers=Count("officers", filter=Q(officers__active=True), distinct=True),
            n_powers=Count("powers", filter=Q(powers__active=True), distinct=True),
            n_cases=Count("cases", distinct=True),
        )
        .order_by("name")
    )
    return render(
        request,
        "enforcement/body_list.html",
        {
            "title": _("执法主体"),
            "object_list": bodies,
            "total": len(bodies),
            "can_manage": request.user.can(roles.ENFORCEMENT_MANAGE),
        },
    )


def _body_form(request: HttpRequest, instance: EnforcementBody | None) -> HttpResponse:
    form = BodyForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        body = save_in_scope(form, request.user, roles.ENFORCEMENT_MANAGE)
        messages.success(request, _("已保存执法主体“%(name)s”。") % {"name": body.name})
        return redirect("enforcement:body_list")
    return render(
        request,
        "enforcement/form.html",
        {
            "title": _("修改执法主体") if instance else _("新增执法主体"),
            "form": form,
            "cancel_url": reverse("enforcement:body_list"),
            "crumbs": [(reverse("enforcement:body_list"), _("执法主体"))],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.ENFORCEMENT_MANAGE)
def body_create(request: HttpRequest) -> HttpResponse:
    return _body_form(request, None)


@requires(roles.ENFORCEMENT_MANAGE)
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _body_form(request, writable_or_404(EnforcementBody, request.user, roles.ENFORCEMENT_MANAGE, pk))


# --- officers -----------------------------------------------------------------------------------


def _officers(request: HttpRequest) -> OfficerFilterSet:
    qs = (
        Officer.objects.visible_to(request.user)
        .select_related("body", "user")
        .prefetch_related(Prefetch("certificates", queryset=Certificate.objects.order_by("-valid_until")))
        .order_by("-active", "name")
    )
    return OfficerFilterSet.from_request(request, qs)


def _current_certificate(officer: Officer) -> Certificate | None:
    certificates = officer.certificates.all()  # prefetched, latest first
    return certificates[0] if certificates else None


def _certificate_text(officer: Officer) -> str:
    return certificate_standing(_current_certificate(officer), timezone.localdate())[0]


def _certificate(attribute: str):
    def read(officer: Officer):
        certificate = _current_certificate(officer)
        return getattr(certificate, attribute) if certificate else None

    return read


OFFICER_COLUMNS = [
    Column(gettext_lazy("姓名"), "name"),
    Column(gettext_lazy("执法主体"), "body.name"),
    Column(gettext_lazy("职务"), "position"),
    Column(gettext_lazy("在岗"), "active"),
    Column(gettext_lazy("执法证号"), _certificate("number")),
    Column(gettext_lazy("发证机关"), _certificate("issuing_authority")),
    Column(gettext_lazy("有效期起"), _certificate("valid_from")),
    Column(gettext_lazy("有效期至"), _certificate("valid_until")),
    Column(gettext_lazy("状态"), _certificate_text),
]


@requires(roles.CASE_VIEW)
def officer_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = today.year
    filterset = _officers(request)
    officers = filterset.qs.annotate(
        n_open=open_case_count(),
        # Officer.training_hours(year) for every row in the same query.
        hours_of_year=Subquery(
            OfficerTraining.objects.filter(officer=OuterRef("pk"), year=year).values("hours")[:1]
        ),
    )
    rows = []
    for officer in officers:
        certificate = _current_certificate(officer)
        text, tone = certificate_standing(certificate, today)
        officer.certificate = certificate
        officer.certificate_text, officer.certificate_tone = text, tone
        officer.hours = officer.hours_of_year if officer.hours_of_year is not None else ZERO
        rows.append(officer)
    return render(
        request,
        "enforcement/officer_list.html",
        {
            "title": _("执法人员"),
            "object_list": rows,
            "total": len(rows),
            "filter_form": filterset.form,
            "export_url": reverse("enforcement:officer_export")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
            "year": year,
            "warning_days": rules.CERTIFICATE_WARNING_DAYS,
            "can_manage": request.user.can(roles.ENFORCEMENT_MANAGE),
        },
    )


@requires(roles.CASE_VIEW)
def officer_export(request: HttpRequest) -> HttpResponse:
    """执法人员 with their current certificate, as Excel (ledgered)."""
    return export_response(_("执法人员"), OFFICER_COLUMNS, _officers(request).qs, request.user)


@requires(roles.CASE_VIEW)
def officer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    officer = visible_or_404(Officer, request.user, pk, related=("body", "user"))
    today = timezone.localdate()
    certificates = list(officer.certificates.order_by("-valid_until"))
    for certificate in certificates:
        certificate.badge, certificate.tone = certificate_standing(certificate, today)
    case_links = (
        CaseOfficer.objects.visible_to(request.user)
        .filter(officer=officer)
        .select_related("case", "case__power")
        .order_by("-case__filed_on", "-case_id")[:50]
    )
    for link in case_links:
        link.case.tone = state_tone(link.case.state)
    can_manage = request.user.can(roles.ENFORCEMENT_MANAGE, region=officer.region)
    form = CertificateForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("您的角色无权登记执法证。"))
        form.instance.officer = officer
        if form.is_valid():
            certificate = save_in_scope(form, request.user, roles.ENFORCEMENT_MANAGE)
            messages.success(request, _("已登记执法证 %(number)s。") % {"number": certificate.number})
            return redirect("enforcement:officer_detail", pk=officer.pk)
    return render(
        request,
        "enforcement/officer_detail.html",
        {
            "title": officer.name,
            "officer": officer,
            "certificates": certificates,
            "case_links": case_links,
            "trainings": officer.trainings.order_by("-year"),
            "form": form,
            "can_manage": can_manage,
            "crumbs": [(reverse("enforcement:officer_list"), _("执法人员"))],
        },
        status=400 if form is not None and form.errors else 200,
    )


def _officer_form(request: HttpRequest, instance: Officer | None) -> HttpResponse:
    form = OfficerForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        officer = save_in_scope(form, request.user, roles.ENFORCEMENT_MANAGE)
        messages.success(request, _("已保存执法人员“%(name)s”。") % {"name": officer.name})
        return redirect("enforcement:officer_detail", pk=officer.pk)
    return render(
        request,
        "enforcement/form.html",
        {
            "title": _("修改执法人员") if instance else _("新增执法人员"),
            "form": form,
            "cancel_url": reverse("enforcement:officer_list"),
            "crumbs": [(reverse("enforcement:officer_list"), _("执法人员"))],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.ENFORCEMENT_MANAGE)
def officer_create(request: HttpRequest) -> HttpResponse:
    return _officer_form(request, None)


@requires(roles.ENFORCEMENT_MANAGE)
def officer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _officer_form(request, writable_or_404(Officer, request.user, roles.ENFORCEMENT_MANAGE, pk))


# --- powers -------------------------------------------------------------------------------------


@requires(roles.CASE_VIEW)
def power_list(request: HttpRequest) -> HttpResponse:
    powers = (
        Power.objects.visible_to(request.user)
        .select_related("body")
        .prefetch_related(Prefetch("levels", queryset=DiscretionLevel.objects.all()))
        .annotate(n_cases=Count("cases"))
        .order_by("-active", "code")
    )
    filterset = PowerFilterSet.from_request(request, powers)
    page = paginate(request, filterset.qs)
    for power in page:
        power.sorted_levels = sorted(power.levels.all(), key=lambda level: level.rank)
    return render(
        request,
        "enforcement/power_list.html",
        {
            "title": _("权责清单（行政处罚事项）"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "can_manage": request.user.can(roles.ENFORCEMENT_MANAGE),
            "export_url": reverse("core:import_export", args=["enforcement-powers"]),
            "levels_export_url": reverse("core:import_export", args=["enforcement-discretion"]),
            "versions_export_url": reverse("core:import_export", args=["enforcement-basis-versions"]),
        },
    )


@requires(roles.CASE_VIEW)
def power_detail(request: HttpRequest, pk: int) -> HttpResponse:
    power = visible_or_404(Power, request.user, pk, related=("body",))
    levels = sorted(power.levels.all(), key=lambda level: level.rank)
    can_manage = request.user.can(roles.ENFORCEMENT_MANAGE, region=power.region)
    adding_version = request.method == "POST" and "version-effective_from" in request.POST
    form = version_form = None
    if can_manage:
        form = DiscretionLevelForm(
            request.POST if request.method == "POST" and not adding_version else None, power=power
        )
        version_form = BasisVersionForm(
            request.POST if adding_version else None, power=power, prefix="version"
        )
    if request.method == "POST":
        if not can_manage:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied(_("您的角色无权修改裁量基准。"))
        if adding_version and version_form.is_valid():
            version = save_in_scope(version_form, request.user, roles.ENFORCEMENT_MANAGE)
            messages.success(request, _("已添加依据版本“%(version)s”。") % {"version": version.label})
            return redirect("enforcement:power_detail", pk=power.pk)
        if not adding_version and form.is_valid():
            level = save_in_scope(form, request.user, roles.ENFORCEMENT_MANAGE)
            messages.success(request, _("已添加裁量等级“%(level)s”。") % {"level": level.get_level_display()})
            return redirect("enforcement:power_detail", pk=power.pk)
    cases = Case.objects.visible_to(request.user).filter(power=power).order_by("-filed_on", "-id")[:20]
    for case in cases:
        case.tone = state_tone(case.state)
    return render(
        request,
        "enforcement/power_detail.html",
        {
            "title": power.name,
            "power": power,
            "levels": levels,
            "versions": list(power.basis_versions.all()),
            "form": form,
            "version_form": version_form,
            "cases": cases,
            "can_manage": can_manage,
            "crumbs": [(reverse("enforcement:power_list"), _("权责清单"))],
        },
        status=400 if any(f is not None and f.errors for f in (form, version_form)) else 200,
    )


def _power_form(request: HttpRequest, instance: Power | None) -> HttpResponse:
    form = PowerForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        power = save_in_scope(form, request.user, roles.ENFORCEMENT_MANAGE)
        messages.success(request, _("已保存处罚事项“%(name)s”。") % {"name": power.name})
        return redirect("enforcement:power_detail", pk=power.pk)
    return render(
        request,
        "enforcement/form.html",
        {
            "title": _("修改处罚事项") if instance else _("新增处罚事项"),
            "form": form,
            "cancel_url": reverse("enforcement:power_list"),
            "crumbs": [(reverse("enforcement:power_list"), _("权责清单"))],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.ENFORCEMENT_MANAGE)
def power_create(request: HttpRequest) -> HttpResponse:
    return _power_form(request, None)


@requires(roles.ENFORCEMENT_MANAGE)
def power_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _power_form(request, writable_or_404(Power, request.user, roles.ENFORCEMENT_MANAGE, pk))


urlpatterns = [
    path("bodies/", body_list, name="body_list"),
    path("bodies/new/", body_create, name="body_create"),
    path("bodies/<int:pk>/edit/", body_edit, name="body_edit"),
    path("officers/", officer_list, name="officer_list"),
    path("officers/new/", officer_create, name="officer_create"),
    path("officers/export/", officer_export, name="officer_export"),
    path("officers/<int:pk>/", officer_detail, name="officer_detail"),
    path("officers/<int:pk>/edit/", officer_edit, name="officer_edit"),
    path("powers/", power_list, name="power_list"),
    path("powers/new/", power_create, name="power_create"),
    path("powers/<int:pk>/", power_detail, name="power_detail"),
    path("powers/<int:pk>/edit/", power_edit, name="power_edit"),
]
