"""The filters of the grid lists: events and patrols. Each FilterSet serves the web list (its
form), the API list (the same parameters) and the list's Excel export."""

from __future__ import annotations

import django_filters as df
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast, Now, TruncDate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from fazhi.core import deadlines
from fazhi.core.filters import DayFilter, FlagFilter, ListFilterSet, YearFilter, visible
from fazhi.core.models import Deadline, Region, RegionKind
from fazhi.grid.models import Event, EventCategory, PatrolLog

OPEN = "open"  # still in the loop (reported … resolved)
DONE = "done"  # checked, followed up or archived
DUE = "due"  # every grid matter: all but 不予受理 and 注销
CLOSED_OR_OVERDUE = "closed_or_overdue"  # the base of 按期结案率
DISMISSED = (Event.State.REJECTED, Event.State.CANCELLED)

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


# --- for the figures: conditions fixed at import (no query, no frozen "now") ---------------------


def _of_event(**where):
    """Deadlines of the outer event, found by their content type's natural key (no query at
    import time, unlike ContentType.objects.get_for_model)."""
    return Deadline.objects.filter(
        content_type__app_label="grid",
        content_type__model="event",
        object_id=Cast(OuterRef("pk"), CharField()),
        **where,
    )


def late_events():
    """An Exists: the event's 办理 or 核查 clock was met after its due time."""
    found = Exists(
        _of_event(code__in=("grid.handle", "grid.check"), status=Deadline.Status.MET, met_late=True)
    )
    found.description = _("办理或核查期限逾期完成")  # the figures' rule in words (core.figures)
    return found


def overdue_now_events():
    """An Exists: an open, running clock past its due time when the query runs (the database's
    now, the local day by TruncDate in the current time zone): core's definition of overdue
    (`deadlines.select`), written without a Python "now" so that a figure may declare it once."""
    now = Now()
    past = Q(due_on__lt=TruncDate(now)) | Q(unit=deadlines.WORKING_HOURS, due_at__lt=now)
    found = Exists(_of_event(status=Deadline.Status.OPEN, paused_since__isnull=True).filter(past))
    found.description = _("有期限已逾期（按查询时）")
    return found


def due_soon_events():
    """An Exists: an open clock overdue or due within core's horizon."""
    return Exists(deadlines.select(open_event_deadlines(), deadlines.SHOW_DUE))


def closed_on_time_q() -> Q:
    """Closed (核查通过 or after) with its 办理 and 核查 clocks met in time."""
    return Q(state__in=Event.CLOSED_STATES) & ~Q(late_events())


def due_q() -> Q:
    """The base of 结案率: every grid matter (not 不予受理 or 注销) but those under 缓办."""
    return ~Q(state__in=DISMISSED) & Q(suspended_at__isnull=True)


def closed_or_overdue_q() -> Q:
    """Closed, or still open (not under 缓办) with a clock past due (the base of 按期结案率)."""
    return Q(state__in=Event.CLOSED_STATES) | (
        Q(state__in=Event.OPEN_STATES, suspended_at__isnull=True) & Q(overdue_now_events())
    )


class EventFilterSet(ListFilterSet):
    status = df.ChoiceFilter(
        label=_("办理情况"),
        method="with_status",
        empty_label=_("全部"),
        choices=[
            (OPEN, _("办理中")),
            (DONE, _("已办结核查")),
            (DUE, _("应结案（不含不予受理、注销、缓办中）")),
            (CLOSED_OR_OVERDUE, _("已结案或逾期未结")),
        ],
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
    solved = FlagFilter(label=_("实质性办结"), label_on=_("实质性办结"), method="substantive")
    on_time = FlagFilter(label=_("按期结案"), label_on=_("按期结案"), method="closed_on_time")
    supervised = FlagFilter(label=_("督办"), label_on=_("督办中"), method="under_supervision")
    suspended = FlagFilter(label=_("缓办"), label_on=_("缓办中"), method="under_suspension")
    legacy = FlagFilter(label=_("历史遗留"), label_on=_("历史遗留"), field_name="is_legacy")
    dispute_events = FlagFilter(
        label=_("矛盾纠纷事件"), label_on=_("已受理、未转调解的矛盾纠纷事件"), method="only_dispute_events"
    )
    accepted_year = YearFilter(label=_("受理年度"), field_name="accepted_on")
    accepted_since = DayFilter(label=_("受理日期起"), field_name="accepted_on", lookup_expr="gte")
    accepted_until = DayFilter(label=_("受理日期止"), field_name="accepted_on", lookup_expr="lte")

    hidden = (
        "due",
        "since",
        "until",
        "mine",
        "solved",
        "on_time",
        "dispute_events",
        "accepted_year",
        "accepted_since",
        "accepted_until",
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def with_status(self, qs, name, value):
        if value == OPEN:
            return qs.filter(state__in=Event.OPEN_STATES)
        if value == DONE:
            return qs.filter(state__in=Event.CLOSED_STATES)
        if value == DUE:
            return qs.filter(due_q())
        if value == CLOSED_OR_OVERDUE:
            return qs.filter(closed_or_overdue_q())
        return qs

    def in_category(self, qs, name, value):
        return qs.filter(category__in=[value, *value.children.all()])

    def with_overdue(self, qs, name, value):
        return qs.filter(overdue_events())

    def with_due(self, qs, name, value):
        return qs.filter(due_soon_events())

    def substantive(self, qs, name, value):
        return qs.filter(state__in=Event.CLOSED_STATES, resolution_kind=Event.ResolutionKind.SUBSTANTIVE)

    def under_supervision(self, qs, name, value):
        from fazhi.grid.models import Supervision

        return qs.filter(Exists(Supervision.objects.filter(event=OuterRef("pk"), cancelled_at__isnull=True)))

    def under_suspension(self, qs, name, value):
        return qs.filter(suspended_at__isnull=False)

    def only_dispute_events(self, qs, name, value):
        from fazhi.grid.metrics import dispute_events_q

        return qs.filter(dispute_events_q())

    def closed_on_time(self, qs, name, value):
        return qs.filter(closed_on_time_q())

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
