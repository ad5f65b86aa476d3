"""The grid app's figures, declared on the registry (fazhi.core.figures).

Every figure counts the events *reported* in the period (a cohort), so that each numerator is a
subset of its denominator: 上报 — all events; 应结案 — the grid matters among them (not 不予受理
or 注销); 结案 — those closed (核查通过, then 回访 and 归档); 实质性办结 — closed with a 实质性办结
(程序性 and 阶段性 do not count as solved); 按期结案 — closed with their 办理 and 核查 clocks met
in time. 结案率 = 结案 ÷ 应结案 (金华 scheme: less the events under 缓办); 按期结案率 = 按期结案 ÷
(结案 + open and overdue), so that open items past due count against the rate (Austin 311's
correction, DOMAIN.md 1(c)); "open overdue" is read now. Each figure opens its events in the
event list.
"""

from __future__ import annotations

from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import COUNT, RATE, Figure, Period, SourceKind, register
from fazhi.core.filters import figure_link
from fazhi.core.models import RecordLink
from fazhi.grid.filters import (
    CLOSED_OR_OVERDUE,
    DISMISSED,
    DONE,
    DUE,
    EventFilterSet,
    PatrolFilterSet,
    closed_on_time_q,
    closed_or_overdue_q,
    due_q,
)
from fazhi.grid.models import Event, GridProfile, PatrolLog

GRIDS = "grid.grids"
REPORTED = "grid.events_reported"
DUE_EVENTS = "grid.events_due"
CLOSED = "grid.events_closed"
SOLVED = "grid.events_solved"
ON_TIME = "grid.events_closed_on_time"
CLOSED_OR_LATE = "grid.events_closed_or_overdue"
CLOSING_RATE = "grid.closing_rate"
ON_TIME_RATE = "grid.on_time_rate"
SOLVED_RATE = "grid.solved_rate"
DISPUTE_EVENTS = "grid.dispute_events"
DISPUTE_EVENTS_SOLVED = "grid.dispute_events_solved"
GRIDS_PATROLLED = "grid.grids_patrolled"
PATROL_COVERAGE = "grid.patrol_coverage"

DISPUTE_GROUP = "01"  # the 大类 矛盾纠纷 (fazhi.grid.seed)


def converted_q() -> Q:
    """The event was registered as a dispute for mediation (a created_from link to a
    mediation dispute, fazhi.mediation.conversion): the dispute then counts, not the event."""
    found = Exists(
        RecordLink.objects.filter(
            from_type__app_label="grid",
            from_type__model="event",
            from_id=Cast(OuterRef("pk"), CharField()),
            to_type__app_label="mediation",
            to_type__model="dispute",
            kind=RecordLink.Kind.CREATED_FROM,
        )
    )
    found.description = _("已转为矛盾纠纷调解案件")  # the figures' rule in words (core.figures)
    return Q(found)


def dispute_events_q() -> Q:
    """矛盾纠纷 events accepted (not 不予受理 or 注销) and not converted into a dispute."""
    return (
        (Q(category__code=DISPUTE_GROUP) | Q(category__parent__code=DISPUTE_GROUP))
        & Q(accepted_at__isnull=False)
        & ~Q(state__in=DISMISSED)
        & ~converted_q()
    )


JINHUA = _("金华市区数字化城市管理工作考核细则：结案率 = 结案数 ÷（应结案数 − 缓办数）")
AUSTIN = _("按期结案率计入逾期未结事项（Austin 311 对“按期率”的修正，见 DOMAIN.md 1(c)）")


def _events(query=None):
    return figure_link(EventFilterSet, "grid:event_list", query, year_param="year")


def _accepted_events(query=None):
    """The list of events placed by the day they were accepted."""
    return figure_link(
        EventFilterSet,
        "grid:event_list",
        query,
        year_param="accepted_year",
        since_param="accepted_since",
        until_param="accepted_until",
    )


register(
    Figure(
        REPORTED,
        _("上报网格事件"),
        _("件"),
        COUNT,
        definition=_("上报日期在统计期内的网格事件，含不予受理和注销的。"),
        source=_("本系统口径"),
        model=Event,
        date_field="reported_on",
        link=_events(),
    ),
    Figure(
        DUE_EVENTS,
        _("应结案事件"),
        _("件"),
        COUNT,
        definition=_(
            "统计期内上报、未被不予受理或注销的网格事件，不含缓办中的（经批准缓办、尚未恢复办理）。"
        ),
        source=JINHUA,
        source_kind=SourceKind.SYSTEM,
        model=Event,
        date_field="reported_on",
        where=due_q(),
        link=_events({"status": DUE}),
    ),
    Figure(
        CLOSED,
        _("结案事件"),
        _("件"),
        COUNT,
        definition=_("统计期内上报、至今已核查通过（含已回访、已归档）的网格事件。"),
        source=JINHUA,
        model=Event,
        date_field="reported_on",
        where=Q(state__in=Event.CLOSED_STATES),
        link=_events({"status": DONE}),
    ),
    Figure(
        SOLVED,
        _("实质性办结事件"),
        _("件"),
        COUNT,
        definition=_("结案事件中办结类型为实质性办结的；程序性、阶段性办结不计为解决。"),
        source=_("本系统口径（办结分程序性、阶段性、实质性，见 DOMAIN.md 1(a)）"),
        model=Event,
        date_field="reported_on",
        where=Q(state__in=Event.CLOSED_STATES, resolution_kind=Event.ResolutionKind.SUBSTANTIVE),
        link=_events({"solved": "1"}),
    ),
    Figure(
        ON_TIME,
        _("按期结案事件"),
        _("件"),
        COUNT,
        definition=_("结案事件中办理时限和核查时限均按期完成的。"),
        source=AUSTIN,
        model=Event,
        date_field="reported_on",
        where=closed_on_time_q(),
        link=_events({"on_time": "1"}),
    ),
    Figure(
        CLOSED_OR_LATE,
        _("结案及逾期未结事件"),
        _("件"),
        COUNT,
        definition=_("统计期内上报的事件中已结案的，加上尚未结案且现有期限已逾期的；缓办中的不计入。"),
        source=AUSTIN,
        model=Event,
        date_field="reported_on",
        where=closed_or_overdue_q(),
        link=_events({"status": CLOSED_OR_OVERDUE}),
    ),
    Figure(
        CLOSING_RATE,
        _("结案率"),
        "%",
        RATE,
        definition=_("结案事件 ÷ 应结案事件（同一批统计期内上报的事件）；缓办中的事件不计入分母。"),
        source=JINHUA,
        numerator=CLOSED,
        denominator=DUE_EVENTS,
    ),
    Figure(
        ON_TIME_RATE,
        _("按期结案率"),
        "%",
        RATE,
        definition=_("按期结案事件 ÷（结案事件 + 逾期未结事件），逾期未结的事项计入分母，缓办中的不计入。"),
        source=AUSTIN,
        numerator=ON_TIME,
        denominator=CLOSED_OR_LATE,
    ),
    Figure(
        SOLVED_RATE,
        _("实质性办结率"),
        "%",
        RATE,
        definition=_("实质性办结事件 ÷ 应结案事件；程序性、阶段性办结不计入分子。"),
        source=_("本系统口径"),
        numerator=SOLVED,
        denominator=DUE_EVENTS,
    ),
    Figure(
        DISPUTE_EVENTS,
        _("排查登记的矛盾纠纷事件（未转调解）"),
        _("件"),
        COUNT,
        definition=_(
            "受理日期在统计期内的矛盾纠纷类网格事件，不含已转为矛盾纠纷调解案件的（转为调解的，"
            "由该纠纷计入排查登记，不重复计数）。与“排查登记矛盾纠纷”相加即综治口径的排查登记数。"
        ),
        source=_("湘潭县石鼓镇2021年法治政府建设工作报告“排查登记矛盾68件”的用语；本系统口径"),
        source_kind=SourceKind.REPORT,
        model=Event,
        date_field="accepted_on",
        where=dispute_events_q(),
        link=_accepted_events({"dispute_events": "1"}),
    ),
    Figure(
        DISPUTE_EVENTS_SOLVED,
        _("化解的矛盾纠纷事件（未转调解）"),
        _("件"),
        COUNT,
        definition=_(
            "上一项中至今已核查通过且为实质性办结的事件；程序性、阶段性办结不计为化解。"
            "与调解成功并履行的纠纷相加即综治口径的化解数。"
        ),
        source=_("本系统口径（办结分程序性、阶段性、实质性，见 DOMAIN.md 1(a)）"),
        model=Event,
        date_field="accepted_on",
        where=dispute_events_q()
        & Q(state__in=Event.CLOSED_STATES, resolution_kind=Event.ResolutionKind.SUBSTANTIVE),
        link=_accepted_events({"dispute_events": "1", "solved": "1"}),
    ),
)


register(
    Figure(
        GRIDS,
        _("网格"),
        _("个"),
        COUNT,
        definition=_(
            "统计期最后一日划定在用的网格（划定日期不晚于该日、未撤销或撤销日期晚于该日）：期末的个数，"
            "不是期内新划的个数。"
        ),
        source=_("湘潭县石鼓镇2021年法治政府建设工作报告“共划分为81个网格”的用语"),
        source_kind=SourceKind.REPORT,
        model=GridProfile,
        date_field="established_on",
        until_field="dissolved_on",
    )
)


class GridsPatrolled(Figure):
    """A COUNT of the distinct grids with a patrol log in the period, among the grids in force on
    its last day (those `grid.grids` counts): a grid revoked before the period's end is not in
    the stock, so its patrols do not count either, and the numerator stays a subset of it."""

    def period_q(self, period: Period) -> Q:
        found = super().period_q(period)
        profile = "region__grid_profile__"
        if period.end is None:
            return found & Q(**{f"{profile}dissolved_on__isnull": True})
        return (
            found
            & Q(**{f"{profile}established_on__lte": period.end})
            & (
                Q(**{f"{profile}dissolved_on__isnull": True})
                | Q(**{f"{profile}dissolved_on__gt": period.end})
            )
        )


COVERAGE_RULE = _("本系统口径：网格员每月至少巡查走访本网格一次，巡查覆盖率按月计算")

register(
    GridsPatrolled(
        GRIDS_PATROLLED,
        _("已巡查网格"),
        _("个"),
        COUNT,
        definition=_(
            "统计期内至少有一条巡查（走访）记录的网格个数，同一网格巡查多次只计一个；只计统计期最后一日"
            "在用的网格（期末前已撤销的网格不计）。"
        ),
        source=COVERAGE_RULE,
        model=PatrolLog,
        date_field="day",
        distinct="region",
        link=figure_link(PatrolFilterSet, "grid:patrol_list"),
    ),
    Figure(
        PATROL_COVERAGE,
        _("巡查覆盖率"),
        "%",
        RATE,
        definition=_(
            "已巡查网格 ÷ 网格（统计期最后一日在用的网格）；按月统计，即当月至少巡查一次的网格占在用网格的比例。"
        ),
        source=COVERAGE_RULE,
        numerator=GRIDS_PATROLLED,
        denominator=GRIDS,
    ),
)
