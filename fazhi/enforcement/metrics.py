"""Enforcement's figures, declared on the registry (fazhi.core.figures).

Each figure is counted the way the annual report words it (规范执法 paragraph of the 石鼓镇
2021 report): 立案 — cases filed in the period; 办结 — cases closed (结案, or archived after) in
the period; 收缴罚款 — fines (with any late-payment surcharge) paid in the period; 整改法律文书 —
rectification orders issued; 专项整治 — campaign actions (all, and against illegal sand mining);
制止焚烧秸秆, 发放宣传资料, 拆除违章搭建 — summed over campaign actions. Each opens its records in
the case list, the order list or the campaign list, through filter parameters those lists take.

The functions at the end give the same figures in the shapes older callers use (the demo test,
the benchmarks); they call the evaluator and compute nothing themselves.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import COUNT, RATE, SUM, Figure, Period, SourceKind, evaluate, register
from fazhi.core.filters import figure_link
from fazhi.enforcement.filters import DONE, CampaignFilterSet, CaseFilterSet, OrderFilterSet
from fazhi.enforcement.models import (
    DONE_STATES,
    Campaign,
    CampaignAction,
    Case,
    RectificationOrder,
)

REPORT_2021 = _("湘潭县石鼓镇2021年法治政府建设工作报告（规范执法部分）的用语")

# --- cases --------------------------------------------------------------------------------------

CASES_FILED = "enforcement.cases_filed"
CASES_CLOSED = "enforcement.cases_closed"
PENALTY_DECISIONS = "enforcement.penalty_decisions"
FINES_DECIDED = "enforcement.fines_decided"
FINES_PAID = "enforcement.fines_paid"
FINES_PAID_OF_DECIDED = "enforcement.fines_paid_of_decided"
FINE_COLLECTION_RATE = "enforcement.fine_collection_rate"

# --- rectification orders -------------------------------------------------------------------------

ORDERS_ISSUED = "enforcement.orders_issued"
ORDERS_COMPLETED = "enforcement.orders_completed"
ORDERS_OVERDUE = "enforcement.orders_overdue"
RECTIFICATION_RATE = "enforcement.rectification_rate"

# --- campaign actions -----------------------------------------------------------------------------

ACTIONS = "enforcement.campaign_actions"
SAND_MINING_ACTIONS = "enforcement.sand_mining_actions"
JOINT_ACTIONS = "enforcement.joint_actions"
PEOPLE = "enforcement.action_people"
JOINT_PEOPLE = "enforcement.joint_action_people"
STRAW_BURNING_STOPS = "enforcement.straw_burning_stops"
MATERIALS = "enforcement.materials_handed_out"
DEMOLISHED = "enforcement.demolished_count"
DEMOLISHED_AREA = "enforcement.demolished_area"

# The figures of a campaign's row, its page and the campaign list's totals.
CAMPAIGN_FIGURES = {
    "n_actions": ACTIONS,
    "people": PEOPLE,
    "demolished": DEMOLISHED,
    "area": DEMOLISHED_AREA,
    "straw": STRAW_BURNING_STOPS,
    "materials": MATERIALS,
}


# Each link is checked against its list's FilterSet (`figure_link`): a parameter the list does
# not take fails at start-up.


def _cases(query=None, year="", dated=""):
    return figure_link(
        CaseFilterSet, "enforcement:case_list", query, year_param=year, range_query={"dated": dated}
    )


def _orders(query=None):
    return figure_link(OrderFilterSet, "enforcement:order_list", query, year_param="year")


def _actions(query=None):
    # The campaign list's `since`/`until` keep campaigns with actions in the period and count only
    # those actions (its `year` also keeps campaigns begun that year without any action).
    return figure_link(CampaignFilterSet, "enforcement:campaign_list", query)


register(
    Figure(
        CASES_FILED,
        _("立案"),
        _("件"),
        COUNT,
        definition=_("立案日期在统计期内的行政处罚案件（含简易程序案件）。"),
        source=_("《中华人民共和国行政处罚法》第五十四条（立案）；年度报告“立案查处行政违法案件”"),
        source_kind=SourceKind.STATUTE,
        model=Case,
        date_field="filed_on",
        link=_cases(year="filed_year", dated="filed"),
    ),
    Figure(
        CASES_CLOSED,
        _("办结"),
        _("件"),
        COUNT,
        definition=_("结案日期在统计期内、已结案或已归档的案件；不问立案年度。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=Case,
        date_field="closed_on",
        where=Q(state__in=DONE_STATES),
        link=_cases({"state": DONE}, year="closed_year", dated="closed"),
    ),
    Figure(
        PENALTY_DECISIONS,
        _("作出行政处罚决定"),
        _("件"),
        COUNT,
        definition=_("决定日期在统计期内、决定类型为“给予行政处罚”的案件（不含不予处罚和移送司法机关）。"),
        source=_(
            "国办公开办函〔2021〕30号 政府信息公开工作年度报告 表二 第二十条第（六）项 行政处罚“本年处理决定数量”"
        ),
        source_kind=SourceKind.TEMPLATE,
        model=Case,
        date_field="decided_on",
        where=Q(decision_kind=Case.DecisionKind.PENALTY),
        link=_cases({"decision": Case.DecisionKind.PENALTY}, year="decided_year", dated="decided"),
    ),
    Figure(
        FINES_DECIDED,
        _("决定罚款"),
        _("元"),
        SUM,
        definition=_("决定日期在统计期内的行政处罚决定所定罚款金额之和（不含加处罚款）。"),
        source=_("《中华人民共和国行政处罚法》第九条、第五十七条"),
        source_kind=SourceKind.STATUTE,
        model=Case,
        date_field="decided_on",
        field="decided_fine",
        where=Q(decision_kind=Case.DecisionKind.PENALTY),
        link=_cases({"decision": Case.DecisionKind.PENALTY}, year="decided_year", dated="decided"),
    ),
    Figure(
        FINES_PAID,
        _("收缴罚款"),
        _("元"),
        SUM,
        definition=_("缴款日期在统计期内的缴款金额之和（含加处罚款），不问决定年度。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=Case,
        date_field="paid_on",
        field="amount_paid",
        link=_cases(year="paid_year", dated="paid"),
    ),
    Figure(
        FINES_PAID_OF_DECIDED,
        _("已缴罚款（按决定日期）"),
        _("元"),
        SUM,
        definition=_("决定日期在统计期内的行政处罚案件至今已缴纳的金额之和（含加处罚款）。"),
        source=_("本系统口径：与“决定罚款”同一批案件，作罚款收缴率的分子"),
        source_kind=SourceKind.SYSTEM,
        model=Case,
        date_field="decided_on",
        field="amount_paid",
        where=Q(decision_kind=Case.DecisionKind.PENALTY),
        link=_cases({"decision": Case.DecisionKind.PENALTY}, year="decided_year", dated="decided"),
    ),
    Figure(
        FINE_COLLECTION_RATE,
        _("罚款收缴率"),
        "%",
        RATE,
        definition=_("统计期内作出的罚款决定至今已缴金额 ÷ 其决定罚款金额。分子含加处罚款，故可能超过100%。"),
        source=_("本系统口径：分子分母为同一批案件，不以当年缴入的往年罚款抬高比率"),
        source_kind=SourceKind.SYSTEM,
        numerator=FINES_PAID_OF_DECIDED,
        denominator=FINES_DECIDED,
    ),
    Figure(
        ORDERS_ISSUED,
        _("下达整改法律文书"),
        _("份"),
        COUNT,
        definition=_("下达日期在统计期内的责令改正通知书，无论是否立案。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=RectificationOrder,
        date_field="issued_on",
        link=_orders(),
    ),
    Figure(
        ORDERS_COMPLETED,
        _("整改完成"),
        _("份"),
        COUNT,
        definition=_("统计期内下达、复查结果为“整改完成”的责令改正通知书。"),
        source=_("《中华人民共和国行政处罚法》第二十八条（责令改正）"),
        source_kind=SourceKind.STATUTE,
        model=RectificationOrder,
        date_field="issued_on",
        where=Q(result=RectificationOrder.Result.COMPLETED),
        link=_orders({"status": RectificationOrder.Result.COMPLETED}),
    ),
    Figure(
        ORDERS_OVERDUE,
        _("逾期未改"),
        _("份"),
        COUNT,
        definition=_("统计期内下达、复查结果为“逾期未改”的责令改正通知书。"),
        source=_("《中华人民共和国行政处罚法》第二十八条（责令改正）"),
        source_kind=SourceKind.STATUTE,
        model=RectificationOrder,
        date_field="issued_on",
        where=Q(result=RectificationOrder.Result.OVERDUE),
        link=_orders({"status": RectificationOrder.Result.OVERDUE}),
    ),
    Figure(
        RECTIFICATION_RATE,
        _("整改完成率"),
        "%",
        RATE,
        definition=_("统计期内下达的责令改正通知书中整改完成的份数 ÷ 下达份数；待复查的计入分母。"),
        source=_("本系统口径：不剔除待复查的通知书，比率不虚高"),
        source_kind=SourceKind.SYSTEM,
        numerator=ORDERS_COMPLETED,
        denominator=ORDERS_ISSUED,
    ),
    Figure(
        ACTIONS,
        _("专项整治行动"),
        _("次"),
        COUNT,
        definition=_("行动日期在统计期内的专项整治行动（各类别合计）。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=CampaignAction,
        date_field="acted_on",
        link=_actions(),
    ),
    Figure(
        SAND_MINING_ACTIONS,
        _("打击取缔非法采砂洗砂采石专项整治行动"),
        _("次"),
        COUNT,
        definition=_("行动日期在统计期内、所属专项整治类别为“打击非法采砂洗砂采石”的行动。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=CampaignAction,
        date_field="acted_on",
        where=Q(campaign__kind=Campaign.Kind.SAND_MINING),
        link=_actions({"kind": Campaign.Kind.SAND_MINING}),
    ),
    Figure(
        JOINT_ACTIONS,
        _("联合执法行动"),
        _("次"),
        COUNT,
        definition=_("行动日期在统计期内、登记为联合执法的专项整治行动。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=CampaignAction,
        date_field="acted_on",
        where=Q(joint=True),
        link=_actions({"joint": "1"}),
    ),
    Figure(
        PEOPLE,
        _("出动人次"),
        _("人次"),
        SUM,
        definition=_("行动日期在统计期内的专项整治行动出动人次之和。"),
        source=_("本系统口径"),
        model=CampaignAction,
        date_field="acted_on",
        field="people_count",
        link=_actions(),
    ),
    Figure(
        JOINT_PEOPLE,
        _("联合执法出动人次"),
        _("人次"),
        SUM,
        definition=_("行动日期在统计期内的联合执法行动出动人次之和。"),
        source=_("本系统口径"),
        model=CampaignAction,
        date_field="acted_on",
        field="people_count",
        where=Q(joint=True),
        link=_actions({"joint": "1"}),
    ),
    Figure(
        STRAW_BURNING_STOPS,
        _("制止焚烧秸秆"),
        _("起"),
        SUM,
        definition=_("行动日期在统计期内的专项整治行动所登记的制止焚烧秸秆起数之和。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=CampaignAction,
        date_field="acted_on",
        field="straw_burning_stops",
        link=_actions(),
    ),
    Figure(
        MATERIALS,
        _("发放宣传资料（执法）"),
        _("份"),
        SUM,
        definition=_("行动日期在统计期内的专项整治行动所发放宣传资料份数之和（不含普法活动发放的资料）。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=CampaignAction,
        date_field="acted_on",
        field="materials_handed_out",
        link=_actions(),
    ),
    Figure(
        DEMOLISHED,
        _("拆除违章搭建"),
        _("处"),
        SUM,
        definition=_("行动日期在统计期内的专项整治行动拆除违章搭建处数之和。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=CampaignAction,
        date_field="acted_on",
        field="demolished_count",
        link=_actions(),
    ),
    Figure(
        DEMOLISHED_AREA,
        _("拆除面积"),
        _("平方米"),
        SUM,
        definition=_("行动日期在统计期内的专项整治行动拆除违章搭建面积之和。"),
        source=REPORT_2021,
        source_kind=SourceKind.REPORT,
        model=CampaignAction,
        date_field="acted_on",
        field="demolished_area_m2",
        link=_actions(),
    ),
)


# --- the same figures in older shapes -------------------------------------------------------------

CASE_KEYS = {"filed": CASES_FILED, "closed": CASES_CLOSED, "fines": FINES_PAID}


def case_figures(scope, years) -> dict[int, dict]:
    """{year: {"filed", "closed", "fines"}} for each of `years` (one query)."""
    periods = {year: Period.year(year) for year in years}
    values = evaluate(CASE_KEYS.values(), scope, periods.values())
    return {
        year: {key: values.get(code, period).value for key, code in CASE_KEYS.items()}
        for year, period in periods.items()
    }


def figures_by_year(scope, years=None) -> dict[int, dict]:
    """Like case_figures, for the last eight years (or `years`), keeping years with any figure."""
    this_year = timezone.localdate().year
    found = case_figures(scope, years or range(this_year - 7, this_year + 1))
    return {year: f for year, f in found.items() if f["filed"] or f["closed"] or f["fines"]}


def order_count(scope, year: int) -> int:
    return evaluate([ORDERS_ISSUED], scope, [Period.year(year)])[ORDERS_ISSUED].value


def action_figures(scope, year: int) -> dict:
    """Campaign actions of a year: how many (all, and against illegal sand mining), straw-burning
    stops, materials handed out, structures and area demolished (one query)."""
    keys = {
        "actions": ACTIONS,
        "sand_mining_actions": SAND_MINING_ACTIONS,
        "straw_burning_stops": STRAW_BURNING_STOPS,
        "materials": MATERIALS,
        "demolished": DEMOLISHED,
        "demolished_area": DEMOLISHED_AREA,
    }
    values = evaluate(keys.values(), scope, [Period.year(year)])
    return {key: values[code].value for key, code in keys.items()}
