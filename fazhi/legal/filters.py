"""The legal lists' FilterSets: one per list, for the page, the API, the export and the figures'
links."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import DayFilter, ListFilterSet, YearFilter, visible
from fazhi.core.models import Region, RegionKind
from fazhi.legal.models import Adviser, Contract, Decision, Engagement, NormativeDocument


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


# Conditions the figures and the lists share.
REVIEWED_DECISION = Q(reviewed_on__isnull=False)
REVIEWED_CONTRACT = Q(reviewed_on__isnull=False)
REVIEW_OUTCOMES = ("lawful", "amend", "unlawful")


class AdviserFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("姓名或律师事务所"), method="search")
    village = df.ModelChoiceFilter(
        label=_("服务区划"), queryset=_villages, method=_under, field_name="region"
    )
    current = df.BooleanFilter(label=_("聘期内"), method="in_contract")
    in_contract_on = DayFilter(label=_("某日在聘"), method="contract_on")
    level = df.ChoiceFilter(
        label=_("层级"),
        choices=[(RegionKind.TOWN, _("镇政府法律顾问")), (RegionKind.VILLAGE, _("村（社区）法律顾问"))],
        method="at_level",
    )
    hidden = ("in_contract_on",)

    class Meta:
        model = Adviser
        fields: list[str] = []

    def contract_on(self, qs, name, value):
        return qs.filter(contract_start__lte=value, contract_end__gte=value)

    def at_level(self, qs, name, value):
        return qs.filter(region__kind=value)

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(firm__icontains=value))

    def in_contract(self, qs, name, value):
        from django.utils import timezone

        today = timezone.localdate()
        current = Q(contract_start__lte=today, contract_end__gte=today)
        return qs.filter(current) if value else qs.exclude(current)


class EngagementFilterSet(ListFilterSet):
    kind = df.MultipleChoiceFilter(label=_("服务类型"), choices=Engagement.Kind.choices)
    adviser = df.ModelChoiceFilter(label=_("法律顾问"), queryset=visible(Adviser, ("name",)))
    village = df.ModelChoiceFilter(
        label=_("村（社区）"), queryset=_villages, method=_under, field_name="region"
    )
    year = YearFilter(label=_("年度"), field_name="day")
    month = df.NumberFilter(label=_("月份"), field_name="day", lookup_expr="month")
    since = DayFilter(label=_("日期起"), field_name="day", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="day", lookup_expr="lte")

    hidden = ("adviser",)

    class Meta:
        model = Engagement
        fields: list[str] = []


class DecisionFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("决策名称"), field_name="title", lookup_expr="icontains")
    state = df.MultipleChoiceFilter(label=_("状态"), choices=Decision.State.choices)
    review_outcome = df.MultipleChoiceFilter(label=_("审查结论"), choices=Decision.Outcome.choices[1:])
    reviewed = df.BooleanFilter(
        label=_("已出具审查意见"), field_name="reviewed_on", lookup_expr="isnull", exclude=True
    )
    year = YearFilter(label=_("启动年度"), field_name="started_on")
    since = DayFilter(label=_("启动日期起"), field_name="started_on", lookup_expr="gte")
    until = DayFilter(label=_("启动日期止"), field_name="started_on", lookup_expr="lte")
    reviewed_year = YearFilter(label=_("审查年度"), field_name="reviewed_on")

    hidden = ("review_outcome", "reviewed", "reviewed_year")

    class Meta:
        model = Decision
        fields: list[str] = []


class ContractFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("合同名称或相对方"), method="search")
    state = df.MultipleChoiceFilter(label=_("状态"), choices=Contract.State.choices)
    review_outcome = df.MultipleChoiceFilter(label=_("审查结论"), choices=Contract.Outcome.choices[1:])
    reviewed = df.BooleanFilter(
        label=_("已审查"), field_name="reviewed_on", lookup_expr="isnull", exclude=True
    )
    year = YearFilter(label=_("审查年度"), field_name="reviewed_on")
    since = DayFilter(label=_("审查日期起"), field_name="reviewed_on", lookup_expr="gte")
    until = DayFilter(label=_("审查日期止"), field_name="reviewed_on", lookup_expr="lte")

    hidden = ("review_outcome", "reviewed")

    class Meta:
        model = Contract
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(counterparty__icontains=value))


class NormativeFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("文件名称或编号"), method="search")
    state = df.MultipleChoiceFilter(label=_("状态"), choices=NormativeDocument.State.choices)
    year = YearFilter(label=_("印发年度"), field_name="issued_on")
    since = DayFilter(label=_("印发日期起"), field_name="issued_on", lookup_expr="gte")
    until = DayFilter(label=_("印发日期止"), field_name="issued_on", lookup_expr="lte")
    repealed_year = YearFilter(label=_("废止年度"), field_name="repealed_on")
    in_force_on = DayFilter(label=_("某日现行有效"), method="in_force")

    hidden = ("repealed_year", "in_force_on")

    class Meta:
        model = NormativeDocument
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(number__icontains=value))

    def in_force(self, qs, name, value):
        return qs.filter(in_force_q(value))


def in_force_q(on) -> Q:
    """Issued on or before `on`, not repealed by then and valid on it (现行有效 on that day)."""
    return (
        Q(issued_on__lte=on)
        & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=on))
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
    )
