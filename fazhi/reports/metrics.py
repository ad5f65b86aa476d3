"""Figures that add up other apps' figures (core TOTAL figures): the 综治 口径 of disputes, whose
parts are two apps' records — disputes registered for mediation and the grid's 矛盾纠纷 events
not turned into a dispute. Declared here, where every app's figures are read, so that no domain
app imports another; each total opens its parts' records (fazhi.core.figures.record_sets)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import RATE, TOTAL, Figure, SourceKind, register

DISPUTES_SCREENED = "reports.disputes_screened"
DISPUTES_RESOLVED = "reports.disputes_resolved"
RESOLUTION_RATE = "reports.dispute_resolution_rate"

SOURCE = _("湘潭县石鼓镇2021年法治政府建设工作报告“排查登记矛盾68件，化解68件，化解率100%”的用语；综治口径")

register(
    Figure(
        DISPUTES_SCREENED,
        _("排查登记矛盾纠纷（综治口径）"),
        _("件"),
        TOTAL,
        definition=_(
            "统计期内登记的矛盾纠纷（人民调解、行政调解）加上统计期内受理、未转为调解的矛盾纠纷类网格事件；"
            "转为调解的事件只由其纠纷计一次。"
        ),
        source=SOURCE,
        source_kind=SourceKind.REPORT,
        parts=("mediation.registered", "grid.dispute_events"),
    ),
    Figure(
        DISPUTES_RESOLVED,
        _("化解矛盾纠纷"),
        _("件"),
        TOTAL,
        definition=_(
            "上一项中已化解的：调解成功且协议已履行完毕的纠纷，加上核查通过的实质性办结事件"
            "（程序性、阶段性办结不算化解）；分子始终是分母的一部分。"
        ),
        source=SOURCE,
        source_kind=SourceKind.REPORT,
        parts=("mediation.resolved", "grid.dispute_events_solved"),
    ),
    Figure(
        RESOLUTION_RATE,
        _("矛盾纠纷化解率"),
        "%",
        RATE,
        definition=_(
            "化解 ÷ 排查登记（综治口径，同一统计期）。不同于司法部口径的调解成功率（调解成功 ÷ 调解）。"
        ),
        source=SOURCE,
        source_kind=SourceKind.REPORT,
        numerator=DISPUTES_RESOLVED,
        denominator=DISPUTES_SCREENED,
    ),
)
