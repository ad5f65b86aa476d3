"""The figures of the national annual-report template (国办公开办函〔2021〕30号), declared on the
registry (fazhi.core.figures), each coded by its table, row and column.

Table 三 (收到和处理政府信息公开申请情况): `disclosure.t3.r<row>.c<column>`, rows 1 (本年新收), 2
(上年结转), 3_1 … 3_6_3 (本年度办理结果, the outcome codes of `Outcome` with "_" for "."), 3_7
(总计) and 4 (结转下年度); columns 1 (自然人), 2_1 … 2_5 (法人或其他组织: 商业企业, 科研机构, 社会
公益组织, 法律服务机构, 其他) and 3 (总计). A request is placed in 本年新收 by the day received, in
本年度办理结果 by the day closed, in 上年结转 by 1 January of the year after receipt when it was not
closed in the year received (`carried_on`), and in 结转下年度 of the year received in that case.
The template's check 一 + 二 = 三（七） + 四 holds for a year when no request is carried for more
than one year: `disclosure.t3.check_open` and `disclosure.t3.check_late` count the requests that
break it (both 0 when the table adds up) and open them.

Table 四 (行政复议、行政诉讼): the litigation register's `litigation.disclosure.*` figures, the 15
columns by the day filed (`t4(n)` names them). Table 二: the
yearly register here (`disclosure.t2.*`) and the legal app's normative-document figures read by
code (`NORMATIVE_CODES`, when registered). Section 六: 信息处理费 notices and amounts.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from fazhi.core import figures
from fazhi.core.figures import COUNT, SUM, Figure, SourceKind, register
from fazhi.core.filters import figure_link
from fazhi.disclosure.filters import (
    CARRIED_OUT,
    PublicationFilterSet,
    RequestFilterSet,
    YearlyFigureFilterSet,
)
from fazhi.disclosure.models import ApplicantType, Outcome, Publication, Request, YearlyFigure

TEMPLATE = _("国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》")

# Columns of table 三: (code, label, applicant types counted).
COLUMNS = [
    ("1", ApplicantType.NATURAL.label, [ApplicantType.NATURAL]),
    ("2_1", ApplicantType.BUSINESS.label, [ApplicantType.BUSINESS]),
    ("2_2", ApplicantType.RESEARCH.label, [ApplicantType.RESEARCH]),
    ("2_3", ApplicantType.PUBLIC_INTEREST.label, [ApplicantType.PUBLIC_INTEREST]),
    ("2_4", ApplicantType.LEGAL_SERVICE.label, [ApplicantType.LEGAL_SERVICE]),
    ("2_5", ApplicantType.OTHER.label, [ApplicantType.OTHER]),
    ("3", _("总计"), None),
]
COLUMN_TYPE = {
    "1": "natural",
    "2_1": "business",
    "2_2": "research",
    "2_3": "public_interest",
    "2_4": "legal_service",
    "2_5": "other",
}

# Carried into a year and not closed in it, or closed more than a year after the year received.
UNBALANCED_OPEN = Q(carried_on__isnull=False) & (
    Q(closed_year__isnull=True) | Q(closed_year__gt=F("year") + 1)
)
UNBALANCED_LATE = Q(closed_year__gt=F("year") + 1)
UNBALANCED = UNBALANCED_OPEN | UNBALANCED_LATE


def _row_code(outcome: str) -> str:
    return "3_" + outcome.replace(".", "_")


# Rows of table 三: (code, label, date field, where, link query, link year/since/until params).
RECEIVED_LINK = {"year_param": "year"}
CLOSED_LINK = {"year_param": "closed_year", "since_param": "closed_since", "until_param": "closed_until"}
CARRIED_LINK = {"year_param": "carried_year", "since_param": "carried_since", "until_param": "carried_until"}

ROWS = [
    ("1", _("一、本年新收政府信息公开申请数量"), "received_on", None, {}, RECEIVED_LINK),
    ("2", _("二、上年结转政府信息公开申请数量"), "carried_on", None, {}, CARRIED_LINK),
    *[
        (
            _row_code(o.value),
            format_lazy("{}{}", _("三、本年度办理结果 "), o.label),
            "closed_on",
            Q(outcome=o.value),
            {"outcome": o.value},
            CLOSED_LINK,
        )
        for o in Outcome
    ],
    (
        "3_7",
        _("三、本年度办理结果 （七）总计"),
        "closed_on",
        ~Q(outcome=""),
        {"stage": "closed"},
        CLOSED_LINK,
    ),
    ("4", _("四、结转下年度继续办理"), "received_on", CARRIED_OUT, {"carried_out": "1"}, RECEIVED_LINK),
]


def t3(row: str, column: str = "3") -> str:
    return f"disclosure.t3.r{row}.c{column}"


for row, row_label, date_field, where, query, link_kw in ROWS:
    for column, column_label, types in COLUMNS:
        condition = where
        q = dict(query)
        if types is not None:
            by_type = Q(applicant_type__in=types)
            condition = by_type if condition is None else condition & by_type
            q["applicant_type"] = COLUMN_TYPE[column]
        register(
            Figure(
                t3(row, column),
                format_lazy("{}{} · {}", _("表三 "), row_label, column_label),
                _("件"),
                COUNT,
                definition=_(
                    "政府信息公开申请（依申请公开）。本年新收按收到申请日期计；本年度办理结果按办结日期及办理结果计；"
                    "上年结转为上一年收到、上一年未办结的申请；结转下年度为本年收到、本年未办结的申请（含尚在办理的）。"
                ),
                source=TEMPLATE,
                source_kind=SourceKind.TEMPLATE,
                model=Request,
                date_field=date_field,
                where=condition,
                link=figure_link(RequestFilterSet, "disclosure:request_list", q, **link_kw),
            )
        )

CHECK_OPEN = "disclosure.t3.check_open"
CHECK_LATE = "disclosure.t3.check_late"
register(
    Figure(
        CHECK_OPEN,
        _("表三勾稽关系：上年结转而本年未办结的申请"),
        _("件"),
        COUNT,
        definition=_(
            "表三的勾稽关系为“第一项加第二项之和，等于第三项加第四项之和”。上年结转的申请在本年未办结的，"
            "将结转两年，使本年与下年的勾稽关系不成立；本数为0时关系成立（与“超期办结”一并为0）。"
        ),
        source=TEMPLATE,
        source_kind=SourceKind.TEMPLATE,
        model=Request,
        date_field="carried_on",
        where=UNBALANCED_OPEN,
        link=figure_link(RequestFilterSet, "disclosure:request_list", {"unbalanced": "1"}, **CARRIED_LINK),
    ),
    Figure(
        CHECK_LATE,
        _("表三勾稽关系：本年办结而收到于前年或更早的申请"),
        _("件"),
        COUNT,
        definition=_(
            "本年办结、收到年度早于上一年的申请：计入本年办理结果而不计入本年新收或上年结转；为0时关系成立。"
        ),
        source=TEMPLATE,
        source_kind=SourceKind.TEMPLATE,
        model=Request,
        date_field="closed_on",
        where=UNBALANCED_LATE,
        link=figure_link(RequestFilterSet, "disclosure:request_list", {"unbalanced": "1"}, **CLOSED_LINK),
    ),
)

# --- table 四 ----------------------------------------------------------------------------------
# The one 复议/诉讼 register (the litigation app) counts the cases about 政府信息公开 under
# `litigation.disclosure.<route>.<result>`; table 四's fifteen cells are those figures, read by code
# (no app imports another). Column n (1–15): route (n − 1) // 5, result (n − 1) % 5.

T4_GROUPS = [
    ("review", _("行政复议")),
    ("direct", _("行政诉讼 未经复议直接起诉")),
    ("after_review", _("行政诉讼 复议后起诉")),
]
T4_RESULTS = [
    ("upheld", _("结果维持")),
    ("corrected", _("结果纠正")),
    ("other", _("其他结果")),
    ("pending", _("尚未审结")),
    ("total", _("总计")),
]


def t4(n: int) -> str:
    """The figure of table 四's column `n` (1–15): the litigation register's disclosure cases."""
    group, result = divmod(n - 1, len(T4_RESULTS))
    return f"litigation.disclosure.{T4_GROUPS[group][0]}.{T4_RESULTS[result][0]}"


# --- table 二 (the yearly register) and section 六 (fees) ----------------------------------------

T2_ITEMS = {
    YearlyFigure.Item.PERMITS: ("disclosure.t2.permits", _("件")),
    YearlyFigure.Item.FEES: ("disclosure.t2.fees", _("万元")),
    YearlyFigure.Item.PUNISHMENTS: ("disclosure.t2.punishments_entered", _("件")),
    YearlyFigure.Item.COMPULSIONS: ("disclosure.t2.compulsions_entered", _("件")),
}
for item, (code, unit) in T2_ITEMS.items():
    register(
        Figure(
            code,
            format_lazy("{}{}", _("表二 "), item.label),
            unit,
            SUM,
            definition=_("党政办按年度填报的数据（注明来源文件），在有关应用记录该数据之前使用。"),
            source=TEMPLATE,
            source_kind=SourceKind.TEMPLATE,
            model=YearlyFigure,
            date_field="year_end",
            field="value",
            where=Q(item=item),
            link=figure_link(
                YearlyFigureFilterSet, "disclosure:yearly_list", {"item": item.value}, year_param="year"
            ),
        )
    )

FEE_NOTICES = "disclosure.s6.fee_notices"
FEE_CHARGED = "disclosure.s6.fee_charged"
FEE_COLLECTED = "disclosure.s6.fee_collected"
register(
    Figure(
        FEE_NOTICES,
        _("六、发出信息处理费收费通知"),
        _("件"),
        COUNT,
        definition=_("收费通知送达日期在统计期内的申请（条例第四十二条；国办函〔2020〕109号）。"),
        source=TEMPLATE,
        source_kind=SourceKind.TEMPLATE,
        model=Request,
        date_field="fee_notice_on",
        link=figure_link(RequestFilterSet, "disclosure:request_list", {"fee": "1"}, year_param="year"),
    ),
    Figure(
        FEE_CHARGED,
        _("六、收费通知金额"),
        _("元"),
        SUM,
        definition=_("收费通知送达日期在统计期内的申请的信息处理费金额之和。"),
        source=TEMPLATE,
        source_kind=SourceKind.TEMPLATE,
        model=Request,
        date_field="fee_notice_on",
        field="fee_amount",
        link=figure_link(RequestFilterSet, "disclosure:request_list", {"fee": "1"}, year_param="year"),
    ),
    Figure(
        FEE_COLLECTED,
        _("六、实际收取信息处理费"),
        _("元"),
        SUM,
        definition=_("缴费日期在统计期内的实收金额之和。"),
        source=TEMPLATE,
        source_kind=SourceKind.TEMPLATE,
        model=Request,
        date_field="fee_paid_on",
        field="fee_paid",
        link=figure_link(RequestFilterSet, "disclosure:request_list", {"fee_paid": "1"}, year_param="year"),
    ),
)

# The legal app's normative-document figures (table 二, 第二十条第（一）项), read by code when that
# app registers them; the rows show "—" otherwise.
NORMATIVE_CODES = {
    "made": ("legal.normative_issued",),
    "repealed": ("legal.normative_repealed",),
    "in_force": ("legal.normative_in_force",),
}
# The enforcement app's counts (第二十条第（六）项), read by code when registered; 行政强制 has no
# figure there yet (先行登记保存 and applications for compulsory execution): the yearly register
# here holds it meanwhile.
ENFORCEMENT_CODES = {
    "punishments": ("enforcement.penalty_decisions",),
    "compulsions": ("enforcement.compulsion_decisions",),
}


def first_registered(codes) -> str | None:
    for code in codes:
        try:
            figures.get(code)
        except KeyError:
            continue
        return code
    return None


# 主动公开: what the town published of itself in the period (the annual report's "主动公开政府信息N条").
PROACTIVE_ITEMS = "disclosure.proactive_items"

register(
    Figure(
        PROACTIVE_ITEMS,
        _("主动公开政府信息"),
        _("条"),
        COUNT,
        definition=_(
            "首次公开日期在统计期内的主动公开信息（含工作人员名录、公开指南和目录的更新）：每条信息计一次，"
            "在多个渠道公开的不重复计；形成但尚未公开的不计。"
        ),
        source=_("本系统口径"),
        model=Publication,
        date_field="first_published_on",
        link=figure_link(
            PublicationFilterSet,
            "disclosure:publication_list",
            year_param="published_year",
            since_param="published_since",
            until_param="published_until",
        ),
    )
)
