"""The filters of the grid lists: events and patrols. Each FilterSet serves the web list (its
form), the API list (the same parameters) and the list's Excel export."""

from __future__ import annotations

import django_filters as df
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from fazhi.core import deadlines
from fazhi.core.filters import DayFilter, FlagFilter, ListFilterSet, YearFilter, visible
from fazhi.core.models import Deadline, Region, RegionKind
from fazhi.grid.models import Event, EventCategory, PatrolLog

OPEN = "open"  # still in the loop (reported … resolved)
DONE = "done"  # checked, followed up or archived

_villages = visible(Region, ("path",), kind=RegionKind.VILLAGE)
_grids = visible(Region, ("path",), kind=RegionKind.GRID)


def _under(qs, name, region):
    return qs.under(region)


@extend_schema_field(OpenApiTypes.INT)
class VillageFilter(df.ModelChoiceFilter):
    """A village (its id): the records in its grids."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", _villages)
        kwargs.setdefault("method", _under)
        super().__init__(*args, **kwargs)


def open_event_deadlines():
    """Open deadlines of an event (correlated to the outer event by its id)."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Event),
        object_id=Cast(OuterRef("pk"), CharField()),
        status=Deadline.Status.OPEN,
    )


def overdue_events():
    """An Exists: the event has an open clock past its due time (core's one definition)."""
    return Exists(deadlines.select(open_event_deadlines(), deadlines.SHOW_OVERDUE))


def due_soon_events():
    """An Exists: an open clock overdue or due within core's horizon."""
    return Exists(deadlines.select(open_event_deadlines(), deadlines.SHOW_DUE))


class EventFilterSet(ListFilterSet):
    status = df.ChoiceFilter(
        label=_("办理情况"),
        method="with_status",
        empty_label=_("全部"),
        choices=[(OPEN, _("办理中")), (DONE, _("已办结核查"))],
    )
    state = df.ChoiceFilter(label=_("事件状态"), choices=Event.State.choices, empty_label=_("全部"))
    category = df.ModelChoiceFilter(
        label=_("事件类别"), queryset=EventCategory.objects.all(), method="in_category"
    )
    village = VillageFilter(label=_("村（社区）"))
    grid = df.ModelChoiceFilter(label=_("网格"), queryset=_grids, field_name="region")
    overdue = FlagFilter(label=_("期限"), label_on=_("有逾期期限"), method="with_overdue")
    due = FlagFilter(label=_("临近到期"), label_on=_("已逾期或临近到期"), method="with_due")
    year = YearFilter(label=_("上报年度"), field_name="reported_at")
    since = DayFilter(label=_("上报日期起"), field_name="reported_at__date", lookup_expr="gte")
    until = DayFilter(label=_("上报日期止"), field_name="reported_at__date", lookup_expr="lte")
    mine = FlagFilter(label=_("上报人"), label_on=_("我上报的"), method="reported_by_me")

    hidden = ("due", "since", "until", "mine")

    class Meta:
        model = Event
        fields: list[str] = []

    def with_status(self, qs, name, value):
        if value == OPEN:
            return qs.filter(state__in=Event.OPEN_STATES)
        if value == DONE:
            return qs.filter(state__in=Event.CLOSED_STATES)
        return qs

    def in_category(self, qs, name, value):
        return qs.filter(category__in=[value, *value.children.all()])

    def with_overdue(self, qs, name, value):
        return qs.filter(overdue_events())

    def with_due(self, qs, name, value):
        return qs.filter(due_soon_events())

    def reported_by_me(self, qs, name, value):
        user = self.user
        return qs.filter(reporter=user) if user is not None and user.is_authenticated else qs.none()


class PatrolFilterSet(ListFilterSet):
    village = VillageFilter(label=_("村（社区）"))
    grid = df.ModelChoiceFilter(label=_("网格"), queryset=_grids, field_name="region")
    since = DayFilter(label=_("巡查日期起"), field_name="day", lookup_expr="gte")
    until = DayFilter(label=_("巡查日期止"), field_name="day", lookup_expr="lte")

    class Meta:
        model = PatrolLog
        fields: list[str] = []
