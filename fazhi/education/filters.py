"""The education lists' FilterSets: one per list, for the page, the API, the export and the
figures' links."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import DayFilter, ListFilterSet, YearFilter, visible
from fazhi.education.models import (
    Activity,
    Attendance,
    Board,
    BoardUpdate,
    DutyItem,
    KeyDate,
    Oath,
    OathTaker,
    StudySession,
    Theme,
)


class ActivityFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("活动名称或地点"), method="search")
    theme = df.ChoiceFilter(label=_("主题"), choices=Theme.choices, empty_label=_("全部"))
    key_date = df.ModelChoiceFilter(label=_("重点日期"), queryset=visible(KeyDate, ("month", "day")))
    year = YearFilter(label=_("年度"), field_name="held_on")
    since = DayFilter(label=_("日期起"), field_name="held_on", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="held_on", lookup_expr="lte")

    hidden = ("key_date",)

    class Meta:
        model = Activity
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(place__icontains=value))


class BoardFilterSet(ListFilterSet):
    kind = df.ChoiceFilter(label=_("类型"), choices=Board.Kind.choices, empty_label=_("全部"))
    year = YearFilter(label=_("设立年度"), field_name="since")
    since = DayFilter(label=_("设立日期起"), field_name="since", lookup_expr="gte")
    until = DayFilter(label=_("设立日期止"), field_name="since", lookup_expr="lte")

    class Meta:
        model = Board
        fields: list[str] = []


class BoardUpdateFilterSet(ListFilterSet):
    board = df.ModelChoiceFilter(label=_("宣传阵地"), queryset=visible(Board, ("name",)))
    year = YearFilter(label=_("更新年度"), field_name="updated_on")
    since = DayFilter(label=_("更新日期起"), field_name="updated_on", lookup_expr="gte")
    until = DayFilter(label=_("更新日期止"), field_name="updated_on", lookup_expr="lte")

    class Meta:
        model = BoardUpdate
        fields: list[str] = []


class StudySessionFilterSet(ListFilterSet):
    kind = df.ChoiceFilter(label=_("类别"), choices=StudySession.Kind.choices, empty_label=_("全部"))
    year = YearFilter(label=_("年度"), field_name="held_on")
    since = DayFilter(label=_("日期起"), field_name="held_on", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = StudySession
        fields: list[str] = []


class AttendanceFilterSet(ListFilterSet):
    year = YearFilter(label=_("年度"), field_name="held_on")
    since = DayFilter(label=_("日期起"), field_name="held_on", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Attendance
        fields: list[str] = []


class OathFilterSet(ListFilterSet):
    form = df.ChoiceFilter(label=_("宣誓形式"), choices=Oath.Form.choices, empty_label=_("全部"))
    year = YearFilter(label=_("年度"), field_name="sworn_on")
    since = DayFilter(label=_("日期起"), field_name="sworn_on", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="sworn_on", lookup_expr="lte")

    class Meta:
        model = Oath
        fields: list[str] = []


class OathTakerFilterSet(ListFilterSet):
    year = YearFilter(label=_("年度"), field_name="sworn_on")
    since = DayFilter(label=_("日期起"), field_name="sworn_on", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="sworn_on", lookup_expr="lte")

    class Meta:
        model = OathTaker
        fields: list[str] = []


class DutyItemFilterSet(ListFilterSet):
    year = df.NumberFilter(label=_("年度"))

    class Meta:
        model = DutyItem
        fields: list[str] = []
