"""What the law asks of a case, as questions the guards, the pages and the documents ask: does
the party have the right to a hearing (第六十三条), must the leaders decide collectively
(第五十七条), does the decision need a legal review first (第五十八条), and when the party's
periods end. The numbers are in `fazhi.enforcement.rules`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from fazhi.core import deadlines
from fazhi.enforcement import rules
from fazhi.enforcement.models import Case, DiscretionLevel, PenaltyKind
from fazhi.enforcement.workflow.common import kind_labels


def hearing_grounds(
    case: Case, fine: Decimal | None = None, kinds=None, confiscation: Decimal | None = None
) -> list[str]:
    """Why the (intended) penalty gives the party the right to a hearing (第六十三条第一款), one
    item each, naming its 项; empty when it does not. `fine`, `kinds` and `confiscation` default
    to what the case's notice says."""
    fine = case.intended_fine if fine is None else fine
    kinds = set((case.intended_penalties if kinds is None else kinds) or ())
    confiscation = case.confiscation_value if confiscation is None else confiscation
    is_citizen = case.party.is_citizen
    grounds = []
    if fine and fine >= rules.hearing_threshold(is_citizen):
        grounds.append(
            _("较大数额罚款（%(fine)s元，达到%(threshold)s元）（第一项）")
            % {"fine": fine, "threshold": rules.hearing_threshold(is_citizen)}
        )
    if (
        rules.CONFISCATION_KIND in kinds
        and confiscation
        and confiscation >= rules.confiscation_threshold(is_citizen)
    ):
        grounds.append(
            _("没收较大数额违法所得、没收较大价值非法财物（%(value)s元，达到%(threshold)s元）（第二项）")
            % {"value": confiscation, "threshold": rules.confiscation_threshold(is_citizen)}
        )
    heavy = [k for k in PenaltyKind.values if k in kinds and k in rules.HEARING_PENALTY_KINDS]
    if heavy:
        grounds.append(_("%(kinds)s（第三、四项）") % {"kinds": kind_labels(heavy)})
    if case.other_hearing_basis:
        grounds.append(_("%(basis)s（第五、六项）") % {"basis": case.other_hearing_basis})
    return grounds


def has_hearing_rights(
    case: Case, fine: Decimal | None = None, kinds=None, confiscation: Decimal | None = None
) -> bool:
    """Whether the (intended) penalty gives the party the right to a hearing (第六十三条)."""
    return bool(hearing_grounds(case, fine, kinds, confiscation))


def needs_collective_discussion(case: Case, level: DiscretionLevel | None, fine: Decimal | None) -> bool:
    """第五十七条第二款 (情节复杂或者重大违法行为), as fazhi reads it: a case recorded as complex
    (the 第五十八条 flag), or a serious one (rules.COLLECTIVE_DISCUSSION_LEVELS, or a fine of
    较大数额)."""
    if case.is_complex:
        return True
    if level is not None and level.level in rules.COLLECTIVE_DISCUSSION_LEVELS:
        return True
    return bool(fine and fine >= rules.hearing_threshold(case.party.is_citizen))


def review_grounds(case: Case) -> list[str]:
    """Why the decision needs a legal review first (第五十八条第一款; the catalogue of 国办发〔2018〕
    118号), one item each, naming its 项; empty when it does not."""
    grounds = []
    if case.power.in_review_catalogue:
        grounds.append(_("列入重大执法决定法制审核目录清单"))
    if case.involves_major_public_interest:
        grounds.append(_("涉及重大公共利益（第一项）"))
    if any(hearing.held_on is not None for hearing in case.hearings.all()):  # prefetched on lists
        grounds.append(_("直接关系当事人或者第三人重大权益，经过听证程序（第二项）"))
    if case.is_complex:
        grounds.append(_("案件情况疑难复杂、涉及多个法律关系（第三项）"))
    if case.other_review_basis:
        grounds.append(_("%(basis)s（第四项）") % {"basis": case.other_review_basis})
    return grounds


def needs_legal_review(case: Case) -> bool:
    """第五十八条: a decision under a catalogued power, or in a case with one of the grounds of
    its first paragraph, needs a passed legal review."""
    return bool(review_grounds(case))


def statement_window_ends(case: Case) -> dt.date | None:
    if not case.notified_on:
        return None
    return deadlines.add_working_days(case.notified_on, rules.STATEMENT_WORKING_DAYS).on


def hearing_window_ends(case: Case) -> dt.date | None:
    if not case.notified_on:
        return None
    return deadlines.add_working_days(case.notified_on, rules.HEARING_REQUEST_WORKING_DAYS).on


def earliest_hearing_day(notice_on: dt.date) -> dt.date:
    """第六十四条第二项: the party is told of the hearing 7 (working) days before it."""
    return deadlines.add_working_days(notice_on, rules.HEARING_NOTICE_WORKING_DAYS).on


def fine_due_on(served_on: dt.date) -> dt.date:
    """第六十七条: the fine is paid within 15 days of receiving the decision."""
    return served_on + dt.timedelta(days=rules.FINE_PAYMENT_DAYS)
