"""The legal app's figures, declared on the registry (fazhi.core.figures).

Codes other apps read (the disclosure annual report's first table reads the normative-document
figures by code): `legal.normative_issued` (本年制发), `legal.normative_repealed` (本年废止),
`legal.normative_in_force` (现行有效, on the period's last day).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import COUNT, RATE, SUM, Figure, Period, SourceKind, register
from fazhi.core.filters import figure_link
from fazhi.core.models import RegionKind
from fazhi.legal.filters import (
    AdviserFilterSet,
    ContractFilterSet,
    DecisionFilterSet,
    EngagementFilterSet,
    NormativeFilterSet,
    in_force_q,
)
from fazhi.legal.models import Adviser, Contract, Decision, Engagement, NormativeDocument, PublicComment

K = Engagement.Kind
REPORT = _("湘潭县石鼓镇2021年法治政府建设工作报告（二（二）、三（一））的用语")
SYSTEM = _("本系统口径")
DISCLOSURE = _("政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）第二项“规范性文件”")

TOWN_ADVISERS = "legal.town_advisers"
VILLAGE_ADVISERS = "legal.village_advisers"
ENGAGEMENTS = "legal.engagements"
ENGAGEMENT_HOURS = "legal.engagement_hours"
DUTY_DAYS = "legal.duty_days"
VISITS = "legal.visits"
CONSULTATIONS = "legal.consultations"
CONSULTED = "legal.consulted_people"
LECTURES = "legal.lectures"
LECTURE_AUDIENCE = "legal.lecture_audience"
ADVISER_REVIEWS = "legal.adviser_reviews"
DECISIONS = "legal.decisions"
DECISION_REVIEWS = "legal.decision_reviews"
DECISION_LAWFUL = "legal.decision_reviews_lawful"
DECISION_AMEND = "legal.decision_reviews_amend"
DECISION_UNLAWFUL = "legal.decision_reviews_unlawful"
DECISIONS_PUBLISHED = "legal.decisions_published"
COMMENTS = "legal.public_comments"
COMMENTS_ADOPTED = "legal.public_comments_adopted"
ADOPTION_RATE = "legal.public_comment_adoption_rate"
CONTRACTS_REVIEWED = "legal.contracts_reviewed"
CONTRACT_AMOUNT = "legal.contract_amount_reviewed"
CONTRACTS_REFUSED = "legal.contracts_refused"
NORMATIVE_ISSUED = "legal.normative_issued"
NORMATIVE_REPEALED = "legal.normative_repealed"
NORMATIVE_IN_FORCE = "legal.normative_in_force"
NORMATIVE_CODES = (NORMATIVE_ISSUED, NORMATIVE_REPEALED, NORMATIVE_IN_FORCE)


@dataclass(frozen=True, eq=False)
class InForceFigure(Figure):
    """A count of what stands on the period's last day (today for all time), not of what
    happened in it: documents issued by then, not repealed and valid on that day. Core counts
    and lists the records of `period_q`, so the value and the records it opens are one set."""

    def period_q(self, period: Period):
        return in_force_q(period.end or timezone.localdate())

    def rule_text(self) -> str:
        return str(
            _(
                "记录：行政规范性文件；统计期末日现行有效：印发日期不晚于期末日，未于期末日前废止，且有效期至不早于期末日"
            )
        )


def _advisers_in_contract(code, label, level, definition):
    """Advisers of `level` under contract on the period's last day (a stock)."""
    return Figure(
        code,
        label,
        _("名"),
        COUNT,
        definition=definition,
        source=REPORT,
        source_kind=SourceKind.REPORT,
        model=Adviser,
        date_field="contract_start",
        until_field="contract_end",
        until_inclusive=True,
        where=Q(region__kind=level),
        link=figure_link(
            AdviserFilterSet, "legal:adviser_list", {"level": level}, as_of_param="in_contract_on"
        ),
    )


def _engagements(kinds=None):
    return figure_link(
        EngagementFilterSet, "legal:engagement_list", {"kind": kinds} if kinds else None, year_param="year"
    )


TIMES = _("次")


def _engagement_count(code, label, kinds, definition, unit=TIMES, source=REPORT, kind=SourceKind.REPORT):
    return Figure(
        code,
        label,
        unit,
        COUNT,
        definition=definition,
        source=source,
        source_kind=kind,
        model=Engagement,
        date_field="day",
        where=Q(kind__in=kinds),
        link=_engagements(list(kinds)),
    )


register(
    _advisers_in_contract(
        TOWN_ADVISERS,
        _("镇政府法律顾问"),
        RegionKind.TOWN,
        _(
            "统计期最后一日在聘的镇人民政府法律顾问（聘期起不晚于该日、聘期止不早于该日）：期末的人数，不是期内聘请的人数。"
        ),
    ),
    _advisers_in_contract(
        VILLAGE_ADVISERS,
        _("村（社区）法律顾问"),
        RegionKind.VILLAGE,
        _(
            "统计期最后一日在聘的村（社区）法律顾问：期末的人数（一村一法律顾问的在聘人数；未覆盖的村见法律顾问页）。"
        ),
    ),
    Figure(
        ENGAGEMENTS,
        _("法律顾问服务"),
        _("次"),
        COUNT,
        definition=_("服务日期在统计期内的法律顾问服务日志（每项工作一条，所有类型）。"),
        source=SYSTEM,
        model=Engagement,
        date_field="day",
        link=_engagements(),
    ),
    Figure(
        ENGAGEMENT_HOURS,
        _("法律顾问服务时长"),
        _("小时"),
        SUM,
        definition=_("服务日期在统计期内的法律顾问服务日志所记时长之和。"),
        source=SYSTEM,
        model=Engagement,
        date_field="day",
        field="hours",
        link=_engagements(),
    ),
    _engagement_count(
        DUTY_DAYS,
        _("村（社区）值班"),
        [K.DUTY],
        _("法律顾问在村（社区）值班的天数（每次值班一条）。"),
        _("天"),
    ),
    _engagement_count(VISITS, _("走访村部、村民"), [K.VISIT], _("法律顾问走访村部、村民的次数。")),
    _engagement_count(
        CONSULTATIONS, _("法律咨询"), [K.CONSULTATION], _("法律顾问解答法律咨询的场次（人数另计）。")
    ),
    Figure(
        CONSULTED,
        _("咨询人数"),
        _("人次"),
        SUM,
        definition=_("服务日期在统计期内的法律咨询所记人数之和。"),
        source=SYSTEM,
        model=Engagement,
        date_field="day",
        field="people",
        where=Q(kind=K.CONSULTATION),
        link=_engagements([K.CONSULTATION]),
    ),
    _engagement_count(LECTURES, _("法治讲座"), [K.LECTURE], _("法律顾问开展的法治讲座、法律知识宣讲场次。")),
    Figure(
        LECTURE_AUDIENCE,
        _("讲座听众"),
        _("人次"),
        SUM,
        definition=_("服务日期在统计期内的法治讲座所记听众人数之和。"),
        source=SYSTEM,
        model=Engagement,
        date_field="day",
        field="people",
        where=Q(kind=K.LECTURE),
        link=_engagements([K.LECTURE]),
    ),
    _engagement_count(
        ADVISER_REVIEWS,
        _("法律顾问审查、出具法律意见"),
        list(Engagement.REVIEW_KINDS),
        _("法律顾问就重大行政决策、规范性文件、合同、村规民约或村级重大事项出具意见的件次。"),
        _("件次"),
    ),
    Figure(
        DECISIONS,
        _("启动重大行政决策"),
        _("件"),
        COUNT,
        definition=_("启动日期在统计期内的重大行政决策（均属已公布的决策事项目录）。"),
        source=SYSTEM,
        model=Decision,
        date_field="started_on",
        link=figure_link(DecisionFilterSet, "legal:decision_list", year_param="year"),
    ),
    Figure(
        DECISION_REVIEWS,
        _("重大行政决策合法性审查"),
        _("件次"),
        COUNT,
        definition=_(
            "审查意见日期在统计期内的重大行政决策合法性审查（以最近一次审查计，退回后重新审查的计最近一次）。"
        ),
        source=REPORT,
        source_kind=SourceKind.REPORT,
        model=Decision,
        date_field="reviewed_on",
        link=figure_link(
            DecisionFilterSet, "legal:decision_list", {"reviewed": "true"}, year_param="reviewed_year"
        ),
    ),
    *[
        Figure(
            code,
            label,
            _("件"),
            COUNT,
            definition=_("审查意见日期在统计期内、最近一次审查结论为“%(outcome)s”的重大行政决策。")
            % {"outcome": outcome.label},
            source=SYSTEM,
            model=Decision,
            date_field="reviewed_on",
            where=Q(review_outcome=outcome),
            link=figure_link(
                DecisionFilterSet,
                "legal:decision_list",
                {"review_outcome": outcome.value},
                year_param="reviewed_year",
            ),
        )
        for code, label, outcome in (
            (DECISION_LAWFUL, _("审查结论合法"), Decision.Outcome.LAWFUL),
            (DECISION_AMEND, _("审查结论修改后合法"), Decision.Outcome.LAWFUL_IF_AMENDED),
            (DECISION_UNLAWFUL, _("审查结论不合法"), Decision.Outcome.UNLAWFUL),
        )
    ],
    Figure(
        DECISIONS_PUBLISHED,
        _("公布重大行政决策"),
        _("件"),
        COUNT,
        definition=_("公布日期在统计期内的重大行政决策。"),
        source=_("重大行政决策程序暂行条例第三十二条"),
        source_kind=SourceKind.STATUTE,
        model=Decision,
        date_field="published_on",
        link=figure_link(
            DecisionFilterSet,
            "legal:decision_list",
            {"state": ["published", "executing", "stopped", "archived"]},
        ),
    ),
    Figure(
        COMMENTS,
        _("收到公众意见"),
        _("条"),
        COUNT,
        definition=_("收到日期在统计期内的重大行政决策公众意见。"),
        source=_("重大行政决策程序暂行条例第十四条、第十五条"),
        source_kind=SourceKind.STATUTE,
        model=PublicComment,
        date_field="received_on",
    ),
    Figure(
        COMMENTS_ADOPTED,
        _("采纳（含部分采纳）公众意见"),
        _("条"),
        COUNT,
        definition=_("收到日期在统计期内、采纳情况为采纳或部分采纳的公众意见。"),
        source=SYSTEM,
        model=PublicComment,
        date_field="received_on",
        where=Q(answer__in=[PublicComment.Answer.ADOPTED, PublicComment.Answer.PARTLY]),
    ),
    Figure(
        ADOPTION_RATE,
        _("公众意见采纳率"),
        "%",
        RATE,
        definition=_("采纳（含部分采纳）÷ 收到的公众意见（同一统计期收到的）。"),
        source=SYSTEM,
        numerator=COMMENTS_ADOPTED,
        denominator=COMMENTS,
    ),
    Figure(
        CONTRACTS_REVIEWED,
        _("审查合同"),
        _("份"),
        COUNT,
        definition=_("审查日期在统计期内、已出具审查意见的合同（同意、修改后同意或不同意）。"),
        source=_("其他乡镇年度报告的用语（如“审查合同43份”）"),
        source_kind=SourceKind.REPORT,
        model=Contract,
        date_field="reviewed_on",
        link=figure_link(ContractFilterSet, "legal:contract_list", {"reviewed": "true"}, year_param="year"),
    ),
    Figure(
        CONTRACT_AMOUNT,
        _("审查合同金额"),
        _("元"),
        SUM,
        definition=_("审查日期在统计期内的合同所记合同金额之和。"),
        source=SYSTEM,
        model=Contract,
        date_field="reviewed_on",
        field="amount",
        link=figure_link(ContractFilterSet, "legal:contract_list", {"reviewed": "true"}, year_param="year"),
    ),
    Figure(
        CONTRACTS_REFUSED,
        _("审查不同意签订的合同"),
        _("份"),
        COUNT,
        definition=_("审查日期在统计期内、审查结论为不同意的合同。"),
        source=SYSTEM,
        model=Contract,
        date_field="reviewed_on",
        where=Q(review_outcome=Contract.Outcome.REFUSE),
        link=figure_link(
            ContractFilterSet, "legal:contract_list", {"review_outcome": "refuse"}, year_param="year"
        ),
    ),
    Figure(
        NORMATIVE_ISSUED,
        _("制发规范性文件"),
        _("件"),
        COUNT,
        definition=_("印发日期在统计期内的行政规范性文件（均经合法性审核）。"),
        source=DISCLOSURE,
        source_kind=SourceKind.TEMPLATE,
        model=NormativeDocument,
        date_field="issued_on",
        link=figure_link(NormativeFilterSet, "legal:normative_list", year_param="year"),
    ),
    Figure(
        NORMATIVE_REPEALED,
        _("废止规范性文件"),
        _("件"),
        COUNT,
        definition=_("废止日期在统计期内的行政规范性文件。"),
        source=DISCLOSURE,
        source_kind=SourceKind.TEMPLATE,
        model=NormativeDocument,
        date_field="repealed_on",
        link=figure_link(NormativeFilterSet, "legal:normative_list", year_param="repealed_year"),
    ),
    InForceFigure(
        NORMATIVE_IN_FORCE,
        _("现行有效规范性文件"),
        _("件"),
        COUNT,
        definition=_(
            "统计期最后一日现行有效的行政规范性文件：此前已印发、未废止且未过有效期（过有效期的自动不再计入）。"
            "与其他数字不同，本数字不是统计期内发生的件数，而是期末的存量。"
        ),
        source=DISCLOSURE,
        source_kind=SourceKind.TEMPLATE,
        model=NormativeDocument,
        date_field="issued_on",
        link=figure_link(NormativeFilterSet, "legal:normative_list", as_of_param="in_force_on"),
    ),
)
