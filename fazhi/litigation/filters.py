"""The register's FilterSet: the page, the API and the figures' links."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import DayFilter, ListFilterSet, YearFilter
from fazhi.litigation.models import Matter, Proceeding, Result, Route


class ProceedingFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("案号或被诉行为"), method="search")
    route = df.ChoiceFilter(label=_("类别"), choices=Route.choices, empty_label=_("全部"))
    result = df.ChoiceFilter(label=_("结果"), choices=Result.choices, empty_label=_("全部"))
    matter = df.ChoiceFilter(label=_("所涉行政行为"), choices=Matter.choices, empty_label=_("全部"))
    year = YearFilter(label=_("申请或起诉年度"), field_name="filed_on")
    since = DayFilter(label=_("申请或起诉日期起"), field_name="filed_on", lookup_expr="gte")
    until = DayFilter(label=_("申请或起诉日期止"), field_name="filed_on", lookup_expr="lte")

    hidden = ("since", "until")

    class Meta:
        model = Proceeding
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(case_number__icontains=value) | Q(subject__icontains=value))
