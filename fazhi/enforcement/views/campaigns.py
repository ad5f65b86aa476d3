"""Special campaigns and joint actions (专项整治、联合执法): the campaigns with their figures,
and each campaign's actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import roles
from fazhi.core.exports import Column, export_response
from fazhi.core.figures import Period, evaluate
from fazhi.core.views.base import paginate, requires, save_in_scope, visible_or_404
from fazhi.enforcement.filters import CampaignActionFilterSet, CampaignFilterSet
from fazhi.enforcement.forms import CampaignActionForm, CampaignForm
from fazhi.enforcement.metrics import CAMPAIGN_FIGURES
from fazhi.enforcement.models import Campaign, CampaignAction


def action_totals(user, where: Q) -> dict:
    """The registered figures of the actions `user` may see that `where` keeps: name → Value
    (one aggregate query)."""
    values = evaluate(CAMPAIGN_FIGURES.values(), user, [Period.all_time()], where=where)
    return {name: values[code] for name, code in CAMPAIGN_FIGURES.items()}


@requires(roles.CASE_VIEW)
def campaign_list(request: HttpRequest) -> HttpResponse:
    """The campaigns, each with the figures of its actions that the filter keeps (a year, a date
    range, joint actions only), and their totals: the registry's figures, so that a figure's link
    (e.g. 专项整治行动 of 2021: ?since=2021-01-01&until=2021-12-31) shows the campaigns whose actions
    it counts and totals equal to it."""
    campaigns = Campaign.objects.visible_to(request.user).select_related("body")
    filterset = CampaignFilterSet.from_request(request, campaigns)
    where = filterset.actions().where()
    year = filterset.form.cleaned_data.get("year") if filterset.is_bound and filterset.is_valid() else None
    campaigns = filterset.qs
    page = paginate(request, campaigns.order_by("-starts_on", "-id"))
    rows = evaluate(
        CAMPAIGN_FIGURES.values(),
        request.user,
        [Period.all_time()],
        group_by="campaign",
        where=where & Q(campaign__in=[c.pk for c in page.object_list]),
    )
    for campaign in page.object_list:
        for name, code in CAMPAIGN_FIGURES.items():
            setattr(campaign, name, rows.get(code, group=campaign.pk))
    return render(
        request,
        "enforcement/campaign_list.html",
        {
            "title": _("专项整治与联合执法"),
            "page_obj": page,
            "object_list": page.object_list,
            "filter_form": filterset.form,
            "totals": action_totals(request.user, where),
            "year": year,
            "can_create": request.user.can(roles.CASE_HANDLE),
            "export_url": reverse("enforcement:action_export")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
        },
    )


# The actions' export.
ACTION_COLUMNS = [
    Column(gettext_lazy("专项整治"), "campaign.name"),
    Column(gettext_lazy("类别"), "campaign.get_kind_display"),
    Column(gettext_lazy("行动日期"), "acted_on"),
    Column(gettext_lazy("行动地点"), "places"),
    Column(gettext_lazy("参与单位"), "participating_units"),
    Column(gettext_lazy("联合执法"), "joint"),
    Column(gettext_lazy("出动人次"), "people_count"),
    Column(gettext_lazy("发现问题"), "findings"),
    Column(gettext_lazy("查扣情况"), "seizures"),
    Column(gettext_lazy("拆除处数"), "demolished_count"),
    Column(gettext_lazy("拆除面积（平方米）"), "demolished_area_m2"),
    Column(gettext_lazy("制止焚烧秸秆（起）"), "straw_burning_stops"),
    Column(gettext_lazy("发放宣传资料（份）"), "materials_handed_out"),
]


@requires(roles.CASE_VIEW)
def action_export(request: HttpRequest) -> HttpResponse:
    """Every campaign action the user may see (of a year and kind, when filtered), as Excel."""
    actions = CampaignAction.objects.visible_to(request.user).select_related("campaign")
    filterset = CampaignActionFilterSet.from_request(request, actions.order_by("acted_on", "id"))
    return export_response(_("专项整治行动"), ACTION_COLUMNS, filterset.qs, request.user)


@requires(roles.CASE_HANDLE)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = save_in_scope(form, request.user, roles.CASE_HANDLE)
        messages.success(request, _("已建立专项整治“%(name)s”。") % {"name": campaign.name})
        return redirect("enforcement:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "enforcement/form.html",
        {
            "title": _("新建专项整治"),
            "form": form,
            "cancel_url": reverse("enforcement:campaign_list"),
            "crumbs": [(reverse("enforcement:campaign_list"), _("专项整治"))],
        },
        status=400 if form.errors else 200,
    )


@requires(roles.CASE_VIEW)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = visible_or_404(Campaign, request.user, pk, related=("body", "region"))
    can_add = request.user.can(roles.CASE_HANDLE, region=campaign.region)
    form = CampaignActionForm(request.POST or None, campaign=campaign) if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied(_("您的角色无权登记专项整治行动。"))
        if form.is_valid():
            action = save_in_scope(form, request.user, roles.CASE_HANDLE)
            messages.success(request, _("已登记%(day)s的行动。") % {"day": action.acted_on})
            return redirect("enforcement:campaign_detail", pk=campaign.pk)
    actions = (
        CampaignAction.objects.visible_to(request.user).filter(campaign=campaign).order_by("-acted_on", "-id")
    )
    return render(
        request,
        "enforcement/campaign_detail.html",
        {
            "title": campaign.name,
            "campaign": campaign,
            "actions": actions,
            "totals": action_totals(request.user, Q(campaign=campaign)),
            "form": form,
            "crumbs": [(reverse("enforcement:campaign_list"), _("专项整治"))],
        },
        status=400 if form is not None and form.errors else 200,
    )


urlpatterns = [
    path("campaigns/", campaign_list, name="campaign_list"),
    path("campaigns/new/", campaign_create, name="campaign_create"),
    path("campaigns/actions/export/", action_export, name="action_export"),
    path("campaigns/<int:pk>/", campaign_detail, name="campaign_detail"),
]
