"""行政执法公示 (国办发〔2018〕118号): what is public, read from the records themselves.

事前公开 — bodies, officers with their certificate numbers, the powers list with its basis and
discretion standards, the procedures (一般程序 and 简易程序 in words, their numbers from
`enforcement.rules`), the remedies (行政复议 and 行政诉讼: the bodies are the settings the
decision documents name, `ENFORCEMENT_REVIEW_BODY` / `ENFORCEMENT_COURT`, by default the county's
people's government and court) and the complaint channels (each body's own record: address,
phone, 投诉举报渠道) — and 事后公开 — penalty decisions, published within 7 working days, the
party masked (张某某; organizations by name), withdrawn when changed (行政处罚法 第四十八条).

These are public querysets: the portal reads them for a region without a user (no personal
information leaves through them), and staff pages read `publication_queue(user)` for what is
due or overdue. Nothing here is a second copy to keep in sync.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.models import Deadline, Region, RegionKind
from fazhi.enforcement import rules
from fazhi.enforcement.models import (
    Case,
    CaseState,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Officer,
    PenaltyKind,
    Power,
    Publicity,
)
from fazhi.enforcement.workflow import PUBLICATION, WITHDRAWAL


def _under(qs: QuerySet, region: Region | None) -> QuerySet:
    return qs.under(region) if region is not None else qs


# --- 事前公开 --------------------------------------------------------------------------------------


def public_bodies(region: Region | None = None) -> QuerySet:
    return _under(EnforcementBody.objects.all(), region).order_by("name")


def public_officers(region: Region | None = None, on: dt.date | None = None) -> QuerySet:
    """Officers in post holding a certificate valid on `on` (today), with that certificate
    prefetched as `public_certificates` (name and certificate number are what is published)."""
    on = on or timezone.localdate()
    valid = Certificate.objects.filter(valid_from__lte=on, valid_until__gte=on).exclude(
        Q(status__in=[Certificate.Status.SUSPENDED, Certificate.Status.REVOKED])
        & (Q(status_changed_on__isnull=True) | Q(status_changed_on__lte=on))
    )
    return (
        _under(Officer.objects.filter(active=True), region)
        .filter(certificates__in=valid)
        .distinct()
        .select_related("body")
        .prefetch_related(Prefetch("certificates", queryset=valid, to_attr="public_certificates"))
        .order_by("body__name", "name")
    )


def public_powers(region: Region | None = None) -> QuerySet:
    return (
        _under(Power.objects.filter(active=True), region)
        .select_related("body")
        .prefetch_related(Prefetch("levels", queryset=DiscretionLevel.objects.order_by("fine_min", "id")))
        .order_by("body__name", "code")
    )


@dataclass(frozen=True)
class Step:
    name: str
    text: str
    article: str


def public_procedures() -> list[tuple[str, list[Step]]]:
    """(procedure, its steps in words) for 简易程序 and 一般程序, each step citing its article of
    the 行政处罚法 (2021); the numbers come from `enforcement.rules`."""
    citizen, organization = rules.SIMPLE_FINE_CITIZEN, rules.SIMPLE_FINE_ORGANIZATION
    simple = [
        Step(
            _("适用情形"),
            _(
                "违法事实确凿并有法定依据，对公民处以%(citizen)s元以下、对法人或者其他组织处以%(org)s元以下罚款"
                "或者警告的行政处罚，可以当场作出。"
            )
            % {"citizen": f"{citizen:,.0f}", "org": f"{organization:,.0f}"},
            _("第五十一条"),
        ),
        Step(
            _("当场处罚"),
            _(
                "执法人员向当事人出示执法证件，告知拟作出的处罚及事实、理由和依据，听取当事人的陈述和申辩，"
                "填写预定格式、编有号码的行政处罚决定书，当场交付当事人，并报所属行政机关备案。"
            ),
            _("第五十二条"),
        ),
    ]
    general = [
        Step(
            _("立案"),
            _("有证据初步证明当事人有违法行为、依法应当给予行政处罚的，予以立案。"),
            _("第五十四条"),
        ),
        Step(
            _("调查取证"),
            _(
                "执法人员不少于%(n)s人，主动出示执法证件；与案件有直接利害关系的应当回避；"
                "证据可能灭失的，经负责人批准可以先行登记保存。"
            )
            % {"n": rules.MIN_OFFICERS},
            _("第四十二条、第四十三条、第五十五条、第五十六条"),
        ),
        Step(
            _("事先告知"),
            _(
                "作出处罚决定前，告知当事人拟作出的处罚内容及事实、理由、依据，以及陈述、申辩和要求听证的权利。"
            ),
            _("第四十四条"),
        ),
        Step(
            _("陈述申辩和听证"),
            _(
                "当事人有权陈述、申辩，不因申辩而加重处罚；较大数额罚款、没收较大数额违法所得、吊销许可证件、"
                "责令停产停业等处罚，当事人可以在告知后%(days)s个工作日内要求听证。"
            )
            % {"days": rules.HEARING_REQUEST_WORKING_DAYS},
            _("第四十五条、第六十三条、第六十四条"),
        ),
        Step(
            _("法制审核"),
            _(
                "涉及重大公共利益、经过听证程序、案情复杂等情形的，作出决定前须经法制审核，未经审核或者审核未通过的不得作出决定。"
            ),
            _("第五十八条"),
        ),
        Step(
            _("作出决定"),
            _(
                "调查终结后，由负责人审查作出决定；情节复杂或者重大违法行为，集体讨论决定；自立案之日起%(days)s日内作出。"
            )
            % {"days": rules.DECISION_DAYS},
            _("第五十七条、第六十条"),
        ),
        Step(
            _("送达"),
            _("行政处罚决定书当场交付当事人；当事人不在场的，在%(days)s个工作日内送达。")
            % {"days": rules.SERVICE_WORKING_DAYS},
            _("第六十一条"),
        ),
        Step(
            _("执行"),
            _(
                "当事人自收到决定书之日起%(days)s日内到指定银行或者通过电子支付系统缴纳罚款，执法机关不直接收缴罚款"
                "（依法当场收缴的除外）；处罚决定依法公示。"
            )
            % {"days": rules.FINE_PAYMENT_DAYS},
            _("第六十七条、第六十八条、第四十八条"),
        ),
    ]
    return [(_("简易程序（当场处罚）"), simple), (_("一般程序"), general)]


@dataclass(frozen=True)
class Remedies:
    review_days: int
    review_body: str
    lawsuit_months: int
    court: str


def public_remedies(region: Region) -> Remedies:
    """行政复议 within 60 days and 行政诉讼 within 6 months of knowing the act, before the bodies
    the decision documents name (settings, by default the county's government and court)."""
    county = (
        region.ancestors().filter(kind=RegionKind.COUNTY).first()
        if region.kind != RegionKind.COUNTY
        else region
    )
    county_name = county.name if county else ""
    review_body = getattr(settings, "ENFORCEMENT_REVIEW_BODY", "") or _("%(county)s人民政府") % {
        "county": county_name
    }
    court = getattr(settings, "ENFORCEMENT_COURT", "") or _("%(county)s人民法院") % {"county": county_name}
    return Remedies(rules.REVIEW_PERIOD_DAYS, review_body, rules.LAWSUIT_PERIOD_MONTHS, court)


def public_channels(region: Region | None = None) -> QuerySet:
    """The complaint channels of the bodies under `region`, from each body's own record."""
    return (
        public_bodies(region)
        .exclude(address="", phone="", complaint_channel="")
        .values("name", "address", "phone", "complaint_channel")
    )


# --- 事后公开 --------------------------------------------------------------------------------------


def published_decisions(region: Region | None = None) -> QuerySet:
    """Penalty decisions now on public display (published and not withdrawn), newest first.
    Show the party through `Case.party.public_name` (or `public_decision`): never the record."""
    return (
        _under(
            Case.objects.filter(publicity=Publicity.PUBLISHED, decision_kind=Case.DecisionKind.PENALTY),
            region,
        )
        .select_related("party", "power", "body", "region")
        .order_by("-decided_on", "-id")
    )


@dataclass(frozen=True)
class PublicDecision:
    """What the public sees of a decision: no identity numbers, addresses or phone numbers."""

    number: str
    body: str
    party: str
    cause: str
    facts: str
    basis: str
    penalties: str
    fine: Decimal | None
    decided_on: dt.date
    published_on: dt.date | None


def public_decision(case: Case) -> PublicDecision:
    penalties = "、".join(str(PenaltyKind(k).label) for k in case.decided_penalties or [])
    if case.decided_other:
        penalties = f"{penalties}；{case.decided_other}" if penalties else case.decided_other
    return PublicDecision(
        number=case.number,
        body=case.body.name,
        party=case.party.public_name,
        cause=case.cause,
        facts=case.facts,
        basis=case.power.basis,
        penalties=penalties,
        fine=case.decided_fine,
        decided_on=case.decided_on,
        published_on=case.published_on,
    )


def public_decisions(region: Region | None = None) -> list[PublicDecision]:
    return [public_decision(case) for case in published_decisions(region)]


# --- for staff: what is due, overdue, published ---------------------------------------------------


def publication_queue(user) -> QuerySet:
    """Open publication and withdrawal deadlines the user can see, soonest first; each has
    `due_on` (overdue when before today)."""
    return (
        Deadline.objects.visible_to(user)
        .filter(code__in=[PUBLICATION.code, WITHDRAWAL.code], status=Deadline.Status.OPEN)
        .order_by("due_on", "id")
    )


def unpublished_decisions(user) -> QuerySet:
    """Penalty decisions the user can see that are not (yet) published."""
    return Case.objects.visible_to(user).filter(
        decision_kind=Case.DecisionKind.PENALTY,
        publicity=Publicity.NOT_PUBLISHED,
        state__in=[
            CaseState.DECIDED,
            CaseState.SERVED,
            CaseState.EXECUTING,
            CaseState.CLOSED,
            CaseState.ARCHIVED,
        ],
    )
