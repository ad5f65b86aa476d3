"""Mediation's figures, declared on the registry (fazhi.core.figures).

调解数 and 调解成功数 as the 司法部 人民调解统计报表 counts them: disputes accepted (every party
consented) and mediated to an end, and those ending in an agreement; 调解成功率 is their ratio
(successful ÷ mediated, the 司法部 figure). 排查登记数 counts the disputes registered, the
report's "排查登记矛盾68件". Each is placed by the day the dispute was registered, so that a
year's figures are the year's files and open the dispute list with the same filters. 化解率 (the
综治 figure: resolved ÷ screened and registered, grid events included) adds this app's
registered and resolved disputes to the grid's dispute events: its totals are registered by the
reports app, which reads both (fazhi/reports/metrics.py).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import COUNT, RATE, Figure, SourceKind, register
from fazhi.core.filters import figure_link
from fazhi.mediation.filters import MEDIATED, RESOLVED, SUCCEEDED, DisputeFilterSet, ScreeningFilterSet
from fazhi.mediation.models import Dispute, Screening

REGISTERED = "mediation.registered"
MEDIATED_COUNT = "mediation.mediated"
SUCCEEDED_COUNT = "mediation.succeeded"
RESOLVED_COUNT = "mediation.resolved"
SUCCESS_RATE = "mediation.success_rate"
SCREENINGS = "mediation.screenings"

MOJ = _("司法部《人民调解文书格式和统计报表》（2010年12月）人民调解统计报表")


def _disputes(query=None):
    return figure_link(DisputeFilterSet, "mediation:dispute_list", query, year_param="year")


register(
    Figure(
        REGISTERED,
        _("排查登记矛盾纠纷"),
        _("件"),
        COUNT,
        definition=_("登记日期在统计期内的矛盾纠纷（人民调解与行政调解），无论是否受理。"),
        source=_("湘潭县石鼓镇2021年法治政府建设工作报告“排查登记矛盾68件”的用语"),
        source_kind=SourceKind.REPORT,
        model=Dispute,
        date_field="registered_on",
        link=_disputes(),
    ),
    Figure(
        MEDIATED_COUNT,
        _("调解"),
        _("件"),
        COUNT,
        definition=_(
            "登记日期在统计期内、经当事人同意受理并已调解结束（成功、终止或不成）的纠纷；不予调解的不计。"
        ),
        source=MOJ,
        source_kind=SourceKind.MOJ,
        model=Dispute,
        date_field="registered_on",
        where=MEDIATED,
        link=_disputes({"stage": "mediated"}),
    ),
    Figure(
        SUCCEEDED_COUNT,
        _("调解成功"),
        _("件"),
        COUNT,
        definition=_("登记日期在统计期内、达成调解协议（书面或口头）的纠纷。"),
        source=MOJ,
        source_kind=SourceKind.MOJ,
        model=Dispute,
        date_field="registered_on",
        where=SUCCEEDED,
        link=_disputes({"stage": "succeeded"}),
    ),
    Figure(
        RESOLVED_COUNT,
        _("调解成功并履行"),
        _("件"),
        COUNT,
        definition=_(
            "登记日期在统计期内、达成调解协议且协议已履行完毕的纠纷（综治口径“化解”中调解的部分；"
            "以统计时的记录为准，统计期后履行的也计入其登记期）。"
        ),
        source=_("湘潭县石鼓镇2021年法治政府建设工作报告“化解68件”的用语；本系统口径"),
        source_kind=SourceKind.REPORT,
        model=Dispute,
        date_field="registered_on",
        where=RESOLVED,
        link=_disputes({"stage": "resolved"}),
    ),
    Figure(
        SUCCESS_RATE,
        _("调解成功率"),
        "%",
        RATE,
        definition=_("调解成功 ÷ 调解（同一统计期登记的纠纷）。不同于综治口径的化解率（化解 ÷ 排查登记）。"),
        source=MOJ,
        source_kind=SourceKind.MOJ,
        numerator=SUCCEEDED_COUNT,
        denominator=MEDIATED_COUNT,
    ),
    Figure(
        SCREENINGS,
        _("矛盾纠纷排查"),
        _("次"),
        COUNT,
        definition=_("排查日期在统计期内的排查登记（每次排查一条）。"),
        source=_("本系统口径：矛盾纠纷排查登记簿"),
        source_kind=SourceKind.SYSTEM,
        model=Screening,
        date_field="screened_on",
        link=figure_link(ScreeningFilterSet, "mediation:screening_list", year_param="year"),
    ),
)
