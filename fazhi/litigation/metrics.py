"""The register's figures (fazhi.core.figures): cases by route and result, placed by the day
filed. Codes `litigation.<route>.<result>` (route: review, direct, after_review, arbitration;
result: upheld, corrected, other, pending, total) count every case; the same codes under
`litigation.disclosure.` count the cases about 政府信息公开, the cells of table 四 of the
政府信息公开工作年度报告 template (国办公开办函〔2021〕30号: 行政复议 / 未经复议直接起诉 /
复议后起诉 × 结果维持 / 结果纠正 / 其他结果 / 尚未审结 / 总计).

"尚未审结" counts the cases filed in the period that have no conclusion today (the template's
cells are filled at the year's end; a case concluded later moves to its result).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import COUNT, Figure, SourceKind, register
from fazhi.core.filters import figure_link
from fazhi.litigation.filters import ProceedingFilterSet
from fazhi.litigation.models import Matter, Proceeding, Result, Route

TEMPLATE = _(
    "国务院办公厅政府信息与政务公开办公室《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）表四"
)
ROUTES = {
    "review": Route.REVIEW,
    "direct": Route.DIRECT,
    "after_review": Route.AFTER_REVIEW,
    "arbitration": Route.ARBITRATION,
}
RESULTS = {
    "upheld": Result.UPHELD,
    "corrected": Result.CORRECTED,
    "other": Result.OTHER,
    "pending": Result.PENDING,
    "total": None,
}
SCOPES = {"": None, "disclosure.": Matter.DISCLOSURE}


def code(route: str, result: str, *, disclosure: bool = False) -> str:
    return f"litigation.{'disclosure.' if disclosure else ''}{route}.{result}"


CODES: list[str] = []


def _figures():
    for prefix, matter in SCOPES.items():
        for route_key, route in ROUTES.items():
            if matter and route == Route.ARBITRATION:
                continue
            for result_key, result in RESULTS.items():
                where = Q(route=route)
                query = {"route": route.value}
                if result is not None:
                    where &= Q(result=result)
                    query["result"] = result.value
                if matter:
                    where &= Q(matter=matter)
                    query["matter"] = matter.value
                label = format_lazy("{}·{}", route.label, result.label if result else _("总计"))
                if matter:
                    label = format_lazy("{}·{}", _("政府信息公开"), label)
                figure_code = f"litigation.{prefix}{route_key}.{result_key}"
                CODES.append(figure_code)
                yield Figure(
                    figure_code,
                    label,
                    _("件"),
                    COUNT,
                    definition=format_lazy(
                        _(
                            "申请或起诉日期在统计期内、类别为“{route}”{matter}的案件{result}；每件计一次，复议后又起诉的，复议与诉讼分别登记、分别计数。"
                        ),
                        route=route.label,
                        matter=_("、所涉行为为政府信息公开") if matter else "",
                        result=format_lazy(_("中结果为“{}”的"), result.label)
                        if result
                        else _("（全部结果）"),
                    ),
                    source=TEMPLATE if matter else _("本系统口径：行政复议与行政诉讼案件登记簿"),
                    source_kind=SourceKind.TEMPLATE if matter else SourceKind.SYSTEM,
                    model=Proceeding,
                    date_field="filed_on",
                    where=where,
                    link=figure_link(ProceedingFilterSet, "litigation:index", query, year_param="year"),
                )


register(*_figures())
