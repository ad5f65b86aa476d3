"""The mediation lists' FilterSets: one per list, for the page, the API, the export and the
figures' links."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import DayFilter, ListFilterSet, YearFilter, visible
from fazhi.core.models import Region, RegionKind
from fazhi.mediation.models import Committee, Dispute, Screening

S = Dispute.State
OPEN_STATES = (S.REGISTERED, S.ACCEPTED, S.INVESTIGATING, S.MEDIATING)
# 调解: accepted (every party consented) and mediated to an end, whatever the outcome.
MEDIATED = Q(accepted_on__isnull=False, ended_on__isnull=False)
# 调解成功: an agreement reached.
SUCCEEDED = Q(agreement__isnull=False)
RESOLVED = Q(agreement__performed=True)  # 化解: an agreement reached and performed


def _villages(request):
    user = getattr(request, "user", None)
    if user is None:
        return Region.objects.none()
    return (
        Region.objects.visible_to(user)
        .filter(kind__in=(RegionKind.VILLAGE, RegionKind.TOWN))
        .order_by("path")
    )


def _under(qs, name, region):
    return qs.filter(region__path__startswith=region.path)


class DisputeFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("纠纷名称或卷号"), method="search")
    state = df.MultipleChoiceFilter(label=_("状态"), choices=S.choices)
    stage = df.ChoiceFilter(
        label=_("进展"),
        method="with_stage",
        empty_label=_("全部"),
        choices=[
            ("open", _("调解中（未结）")),
            ("mediated", _("已调解")),
            ("succeeded", _("调解成功")),
            ("resolved", _("调解成功并已履行")),
        ],
    )
    dispute_type = df.ChoiceFilter(label=_("纠纷类型"), choices=Dispute.Type.choices, empty_label=_("全部"))
    source = df.ChoiceFilter(label=_("案件来源"), choices=Dispute.Source.choices, empty_label=_("全部"))
    kind = df.ChoiceFilter(label=_("调解类别"), choices=Dispute.Kind.choices, empty_label=_("全部"))
    year = YearFilter(label=_("登记年度"), field_name="registered_on")
    since = DayFilter(label=_("登记日期起"), field_name="registered_on", lookup_expr="gte")
    until = DayFilter(label=_("登记日期止"), field_name="registered_on", lookup_expr="lte")
    village = df.ModelChoiceFilter(
        label=_("村（社区）"), queryset=_villages, method=_under, field_name="region"
    )
    committee = df.ModelChoiceFilter(label=_("调解组织"), queryset=visible(Committee, ("name",)))

    hidden = ("state", "committee")

    class Meta:
        model = Dispute
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(number__icontains=value))

    def with_stage(self, qs, name, value):
        if value == "open":
            return qs.filter(state__in=OPEN_STATES)
        if value == "mediated":
            return qs.filter(MEDIATED)
        if value == "resolved":
            return qs.filter(RESOLVED)
        return qs.filter(SUCCEEDED)


class ScreeningFilterSet(ListFilterSet):
    year = YearFilter(label=_("排查年度"), field_name="screened_on")
    since = DayFilter(label=_("排查日期起"), field_name="screened_on", lookup_expr="gte")
    until = DayFilter(label=_("排查日期止"), field_name="screened_on", lookup_expr="lte")
    village = df.ModelChoiceFilter(
        label=_("村（社区）"), queryset=_villages, method=_under, field_name="region"
    )

    class Meta:
        model = Screening
        fields: list[str] = []
