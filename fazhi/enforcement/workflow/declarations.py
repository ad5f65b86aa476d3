"""The procedure of an administrative penalty case, as workflows over `Case`.

Three workflows share the case, each over its own field:

- `CASE` over `state`, the procedure itself.
  General procedure (普通程序):
      draft ─file→ filed ─investigate→ investigating ─notify→ notified ─record_statement→ statement
      investigating / notified / statement / hearing ─submit_for_review→ legal_review
      legal_review ─approve_review→ reviewed (or ─reject_review→ investigating)
      reviewed ─notify→ notified          (review before the notice, 行政处罚法 第五十八条)
      notified / statement ─request_hearing→ hearing ─schedule_hearing / record_hearing→ hearing
      notified / statement / reviewed ─decide→ decided   (penalty)
      investigating / reviewed / notified / statement ─decide_no_penalty / transfer→ decided
      decided ─serve→ served ─record_payment / apply_compulsory→ executing ─close→ closed ─archive→ archived
  Simple procedure (简易程序, 第五十一、五十二条): draft ─decide_on_the_spot→ served, then as above.
- `PUBLICITY` over `publicity`: a penalty decision is published within 7 working days
  (国办发〔2018〕118号) and withdrawn within 3 working days when changed (第四十八条).
- `PERIOD` over `decision_period`: the 90-day decision period (第六十条) extended with the
  approval of the agency's head.

Officers join and withdraw (回避) through `add_officer` and `withdraw_officer`; a rectification
order becomes a case through `file_case_from_order`. Each refusal carries a stable code, the
field it concerns and the article it cites. Each step's input is cleaned by its form
(`forms.py`) inside `Workflow.fire`, whatever the door; the deadlines a step starts, meets or
cancels are declared on its transition. The numbers are in `rules.py`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, ledger
from fazhi.core.deadlines import WORKING_DAYS, ClockRule
from fazhi.core.workflow import (
    Cancels,
    Meets,
    Option,
    Refusal,
    Starts,
    Transition,
    TransitionRefused,
    Workflow,
)
from fazhi.enforcement import rules
from fazhi.enforcement.forms import steps as _f
from fazhi.enforcement.models import (
    DECIDED_STATES,
    Case,
    CaseOfficer,
    CaseState,
    DecisionPeriod,
    DiscretionLevel,
    Hearing,
    LegalReview,
    PenaltyKind,
    Publicity,
    format_number,
    next_sequence,
)

OFFICER = "enforcement_officer"
REVIEWER = "legal_reviewer"
LEADER = "town_leader"

S = CaseState
PRE_DECISION = (S.FILED, S.INVESTIGATING, S.LEGAL_REVIEW, S.REVIEWED, S.NOTIFIED, S.STATEMENT, S.HEARING)


# --- what the law asks of a case ----------------------------------------------------------------


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
        grounds.append(_("%(kinds)s（第三、四项）") % {"kinds": _kind_labels(heavy)})
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


# --- deadlines ----------------------------------------------------------------------------------

DECISION = ClockRule(
    "enforcement.decision",
    gettext_lazy("作出行政处罚决定"),
    gettext_lazy("行政处罚法第六十条：自立案之日起九十日内作出决定"),
    rules.DECISION_DAYS,
)
# The decision period as the agency's head extended it (the same deadline, counted again).
DECISION_EXTENDED = ClockRule(
    "enforcement.decision",
    gettext_lazy("作出行政处罚决定"),
    gettext_lazy("行政处罚法第六十条：经行政机关负责人批准延长办案期限"),
    rules.DECISION_DAYS,
)
HEARING_REQUEST = ClockRule(
    "enforcement.hearing_request",
    gettext_lazy("当事人申请听证期限"),
    gettext_lazy("行政处罚法第六十四条：告知后五个工作日内提出听证要求"),
    rules.HEARING_REQUEST_WORKING_DAYS,
    WORKING_DAYS,
)
SERVICE = ClockRule(
    "enforcement.service",
    gettext_lazy("送达行政处罚决定书"),
    gettext_lazy("行政处罚法第六十一条：当事人不在场的，七个工作日内送达"),
    rules.SERVICE_WORKING_DAYS,
    WORKING_DAYS,
)
FINE = ClockRule(
    "enforcement.fine",
    gettext_lazy("缴纳罚款"),
    gettext_lazy("行政处罚法第六十七条：收到决定书之日起十五日内缴纳罚款"),
    rules.FINE_PAYMENT_DAYS,
)
PUBLICATION = ClockRule(
    "enforcement.publication",
    gettext_lazy("公示行政处罚决定"),
    gettext_lazy("国办发〔2018〕118号：作出决定之日起七个工作日内公开"),
    rules.PUBLICATION_WORKING_DAYS,
    WORKING_DAYS,
)
WITHDRAWAL = ClockRule(
    "enforcement.withdrawal",
    gettext_lazy("撤回已公示的行政处罚决定"),
    gettext_lazy("行政处罚法第四十八条：决定被变更、撤销或确认违法的，三个工作日内撤回"),
    rules.WITHDRAWAL_WORKING_DAYS,
    WORKING_DAYS,
)


def _fined(case, data) -> bool:
    return bool(case.decided_fine)


def _hearing_rights(case, data) -> bool:
    return has_hearing_rights(case)


def _no_hearing_rights(case, data) -> bool:
    return not has_hearing_rights(case)


def _hearing_waived(case, data) -> bool:
    return bool(data.get("hearing_waived"))


def _extended_days(case, data) -> int:
    return (case.decision_due_on - (case.filed_on or _today())).days


def _filed_or_today(case, data) -> dt.date:
    return case.filed_on or _today()


# --- reading the cleaned input --------------------------------------------------------------------


def _today() -> dt.date:
    return timezone.localdate()


def _on(data: dict, key: str) -> dt.date:
    """The day a step happens on: the form gives today for a day left empty; a step only
    offered (no input yet) is judged as of today."""
    return data.get(key) or _today()


def _text(data: dict, key: str) -> str:
    return (data.get(key) or "").strip()


def _kind_labels(kinds) -> str:
    return "、".join(str(PenaltyKind(k).label) for k in kinds)


def _refuse(code: str, text, *, field: str | None = None, art: int | None = None) -> Refusal:
    return Refusal(text, code, field=field, article=rules.ART[art] if art else "")


# --- guards on the record (also shown when the step is offered) ---------------------------------


def _officer_problem(case: Case, day: dt.date) -> Refusal | None:
    active = list(case.active_case_officers().prefetch_related("officer__certificates"))
    if len(active) < rules.MIN_OFFICERS:
        return _refuse(
            "too_few_officers",
            _("%(art)s：执法人员不得少于两人（本案现有%(n)s名未回避的执法人员）")
            % {"art": rules.ART[42], "n": len(active)},
            field="officers",
            art=42,
        )
    for case_officer in active:
        if case_officer.officer.certificate_on(day) is None:
            return _refuse(
                "officer_uncertified",
                _("%(art)s：执法人员%(name)s在%(day)s没有有效的行政执法证，不得从事执法活动")
                % {"art": rules.ART[42], "name": case_officer.officer.name, "day": day.isoformat()},
                field="officers",
                art=42,
            )
    return None


def officers_qualified(date_key: str):
    """第四十二条: at least two officers who have not withdrawn, each with a certificate valid on
    the day of the step. (An officer who withdrew, 第四十三条, does not count.)"""

    def guard(case, user, data):
        return _officer_problem(case, _on(data, date_key))

    guard.__name__ = f"officers_qualified_{date_key}"
    return guard


def within_limitation(date_key: str):
    """第三十六条: no penalty for an act undiscovered for 2 years (5 with harm to life, health or
    financial safety), counted from the act or the end of a continuing act."""

    def guard(case, user, data):
        discovered = case.discovered_on or _on(data, date_key)
        ends = rules.limitation_ends(case.act_date, case.act_end_date, case.harm_to_life_health_finance)
        if discovered > ends:
            years = (
                rules.LIMITATION_YEARS_HARM if case.harm_to_life_health_finance else rules.LIMITATION_YEARS
            )
            return _refuse(
                "limitation",
                _(
                    "%(art)s：违法行为在%(years)s年内未被发现的，不再给予行政处罚（自%(start)s起算，已于%(ends)s届满）"
                )
                % {
                    "art": rules.ART[36],
                    "years": years,
                    "start": (case.act_end_date or case.act_date).isoformat(),
                    "ends": ends.isoformat(),
                },
                field="act_date",
                art=36,
            )
        return None

    guard.__name__ = f"within_limitation_{date_key}"
    return guard


def general_procedure(case, user, data):
    if case.procedure != Case.Procedure.GENERAL:
        return _refuse("simple_procedure", _("本案适用简易程序，应当场作出决定"), field="procedure")
    return None


def simple_procedure(case, user, data):
    if case.procedure != Case.Procedure.SIMPLE:
        return _refuse("general_procedure", _("本案适用普通程序，不能当场作出决定"), field="procedure")
    return None


def notified_of_penalty(case, user, data):
    """第四十四条、第六十二条: no penalty decision without the prior notice."""
    if not case.notified_on:
        return _refuse(
            "not_notified",
            _(
                "%(a44)s、%(a62)s：作出行政处罚决定之前，应当告知当事人拟作出的处罚内容及事实、理由、依据，以及陈述、申辩、要求听证的权利"
            )
            % {"a44": rules.ART[44], "a62": rules.ART[62]},
            art=44,
        )
    return None


def was_notified(case, user, data):
    if not case.notified_on:
        return _refuse(
            "not_notified", _("%(art)s：尚未向当事人事先告知拟作出的处罚") % {"art": rules.ART[44]}, art=44
        )
    return None


def windows_passed(case, user, data):
    """第四十五条、第六十二条、第六十四条: the party's statement period and hearing-request period
    have passed or been waived before the decision."""
    if not case.notified_on:
        return None
    day = _on(data, "decided_on")
    statement_end = statement_window_ends(case)
    if not (case.statement_received or case.statement_waived) and day <= statement_end:
        return _refuse(
            "statement_period",
            _("%(a45)s、%(a62)s：当事人陈述、申辩期限（至%(end)s）尚未届满，也未放弃陈述申辩，不能作出决定")
            % {"a45": rules.ART[45], "a62": rules.ART[62], "end": statement_end.isoformat()},
            field="decided_on",
            art=45,
        )
    if has_hearing_rights(case) and not (case.hearing_requested or case.hearing_waived):
        hearing_end = hearing_window_ends(case)
        if day <= hearing_end:
            return _refuse(
                "hearing_period",
                _(
                    "%(art)s：当事人要求听证的期限（告知后五个工作日，至%(end)s）尚未届满，也未放弃听证，不能作出决定"
                )
                % {"art": rules.ART[64], "end": hearing_end.isoformat()},
                field="decided_on",
                art=64,
            )
    if case.hearing_requested and not case.hearings.filter(held_on__isnull=False).exists():
        return _refuse(
            "hearing_pending",
            _("%(art)s：当事人已要求听证，听证结束前不能作出决定") % {"art": rules.ART[64]},
            art=64,
        )
    return None


def _review_passed(case: Case) -> bool:
    """The latest legal review passed, and came after the hearing if there was one."""
    review = case.latest_review()
    if not (review and review.passed):
        return False
    held = case.hearings.filter(held_on__isnull=False).order_by("-held_on").first()
    return held is None or review.reviewed_on >= held.held_on


def legal_review_passed(case, user, data):
    """第五十八条: a case with one of the grounds (review_grounds) needs a passed legal review
    (after the hearing, if one was held) before the decision."""
    grounds = review_grounds(case)
    if grounds and not _review_passed(case):
        return _refuse(
            "legal_review",
            _(
                "%(art)s：本案%(grounds)s，作出决定前应当进行法制审核，未经法制审核或者审核未通过的，不得作出决定"
            )
            % {"art": rules.ART[58], "grounds": "；".join(grounds)},
            art=58,
        )
    return None


def reviewer_not_investigator(case, user, data):
    """第五十八条, 国办发〔2018〕118号: the legal reviewer is not one of the case's officers."""
    if user.pk in case.investigator_user_ids():
        return _refuse(
            "reviewer_investigated",
            _("%(art)s：法制审核人员不得是本案的执法（调查）人员") % {"art": rules.ART[58]},
            art=58,
        )
    return None


def hearing_rights_apply(case, user, data):
    """第六十三条: a hearing is available only for the penalties listed there."""
    if not has_hearing_rights(case):
        return _refuse(
            "no_hearing_rights",
            _("%(art)s：拟作出的处罚不属于当事人有权要求听证的情形") % {"art": rules.ART[63]},
            art=63,
        )
    if case.hearing_waived:
        return _refuse("hearing_waived", _("当事人已放弃听证"))
    return None


def hearing_scheduled(case, user, data):
    if case.current_hearing() is None:
        return _refuse("hearing_not_scheduled", _("尚未安排听证（须先确定主持人和听证日期）"))
    return None


def hearing_held_if_requested(case, user, data):
    if case.state == S.HEARING and not case.hearings.filter(held_on__isnull=False).exists():
        return _refuse(
            "hearing_not_held", _("%(art)s：听证尚未举行，不能提交法制审核") % {"art": rules.ART[64]}, art=64
        )
    return None


def not_transferred(case, user, data):
    if case.decision_kind == Case.DecisionKind.TRANSFERRED:
        return _refuse("transferred", _("本案已移送司法机关，无须送达处罚决定书"))
    return None


def fine_outstanding(case, user, data):
    if not case.decided_fine:
        return _refuse("no_fine", _("本案未处罚款"))
    if case.paid_on:
        return _refuse("fine_paid", _("罚款已于%(day)s缴纳") % {"day": case.paid_on.isoformat()})
    return None


def fine_overdue(case, user, data):
    """第七十二条: compulsory execution only after the payment period has passed unpaid."""
    day = _on(data, "applied_on")
    if case.fine_due_on and day <= case.fine_due_on:
        return _refuse(
            "fine_not_overdue",
            _("%(art)s：罚款缴纳期限至%(due)s届满，届满前不能申请强制执行")
            % {"art": rules.ART[72], "due": case.fine_due_on.isoformat()},
            field="applied_on",
            art=72,
        )
    if case.compulsory_execution_applied_on:
        return _refuse(
            "compulsory_applied",
            _("已于%(day)s申请强制执行") % {"day": case.compulsory_execution_applied_on.isoformat()},
        )
    return None


def obligations_done(case, user, data):
    if case.state == S.DECIDED and case.decision_kind != Case.DecisionKind.TRANSFERRED:
        return _refuse("not_served", _("行政处罚决定书尚未送达，不能结案"))
    if case.decided_fine and not (case.paid_on or case.compulsory_execution_applied_on):
        return _refuse(
            "fine_unpaid",
            _("%(art)s：罚款尚未缴纳，也未申请强制执行，不能结案") % {"art": rules.ART[72]},
            art=72,
        )
    return None


def before_decision(case, user, data):
    if case.state not in PRE_DECISION:
        return _refuse("decided", _("%(art)s：办案期限只能在作出决定前延长") % {"art": rules.ART[60]}, art=60)
    return None


def penalty_decided(case, user, data):
    if case.state not in DECIDED_STATES or case.decision_kind != Case.DecisionKind.PENALTY:
        return _refuse("no_penalty_decision", _("只有已作出的行政处罚决定才能公示"))
    return None


# --- guards on the cleaned input (checked when firing) ----------------------------------------------


def _level(case: Case, data: dict) -> DiscretionLevel | None:
    """The discretion level given with the step (the form keeps it to the case's power), or the case's."""
    return data.get("discretion_level") or case.discretion_level


def _fine_range_problem(
    case: Case, level: DiscretionLevel | None, fine: Decimal | None, data: dict
) -> Refusal | None:
    """第三十四条: a fine outside the range of the chosen discretion level needs a recorded reason."""
    if not fine or level is None or level.fine_in_range(fine):
        return None
    if _text(data, "fine_outside_range_reason") or case.fine_outside_range_reason:
        return None
    return _refuse(
        "fine_outside_range",
        _("%(art)s：罚款%(fine)s元超出裁量基准“%(level)s”的幅度（%(range)s），须记录理由")
        % {"art": rules.ART[34], "fine": fine, "level": level.get_level_display(), "range": level.range_text},
        field="fine_outside_range_reason",
        art=34,
    )


def _penalty_problem(kinds: list[str], fine: Decimal | None, prefix: str) -> Refusal | None:
    """`prefix` names the fields: intended_… (the notice) or decided_… (the decision)."""
    if PenaltyKind.FINE in kinds and not fine:
        return _refuse("fine_missing", _("处罚种类包含罚款，应填写罚款金额"), field=f"{prefix}_fine")
    if fine and PenaltyKind.FINE not in kinds:
        return _refuse(
            "fine_without_kind", _("填写了罚款金额，处罚种类应包含罚款"), field=f"{prefix}_penalties"
        )
    return None


def notice_input(case, user, data):
    kinds = data.get("intended_penalties") or []
    fine = data.get("intended_fine")
    problem = _penalty_problem(kinds, fine, "intended")
    if problem:
        return problem
    if data.get("confiscation_value") and rules.CONFISCATION_KIND not in kinds:
        return _refuse(
            "confiscation_without_kind",
            _("填写了没收数额（confiscation_value），处罚种类应包含没收违法所得、没收非法财物"),
            field="confiscation_value",
        )
    return _fine_range_problem(case, _level(case, data), fine, data)


def statement_input(case, user, data):
    if not (_text(data, "statement") or data.get("statement_waived") or data.get("hearing_waived")):
        return _refuse(
            "statement_missing", _("请填写当事人的陈述申辩意见，或记录当事人放弃陈述申辩"), field="statement"
        )
    day = _on(data, "statement_on")
    if day < case.notified_on:
        return _refuse(
            "statement_before_notice",
            _("陈述申辩日期不能早于告知日期（%(day)s）") % {"day": case.notified_on.isoformat()},
            field="statement_on",
        )
    return None


def hearing_request_in_time(case, user, data):
    """第六十四条第一项: the party asks within 5 (working) days of the notice."""
    day = _on(data, "requested_on")
    ends = hearing_window_ends(case)
    if ends and day > ends:
        return _refuse(
            "hearing_request_late",
            _("%(art)s：当事人应在告知后五个工作日内（至%(end)s）提出听证要求，逾期视为放弃")
            % {"art": rules.ART[64], "end": ends.isoformat()},
            field="requested_on",
            art=64,
        )
    return None


def hearing_arrangement(case, user, data):
    """第六十四条: the chair did not investigate the case; the party is told 7 (working) days
    ahead."""
    if data["chair"].pk in case.investigator_user_ids():
        return _refuse(
            "chair_investigated",
            _("%(art)s：听证由行政机关指定的非本案调查人员主持") % {"art": rules.ART[64]},
            field="chair",
            art=64,
        )
    notice_on = _on(data, "notice_on")
    earliest = earliest_hearing_day(notice_on)
    if data["scheduled_on"] < earliest:
        return _refuse(
            "hearing_notice",
            _("%(art)s：应当在举行听证的七个工作日前通知当事人（%(notice)s通知的，最早于%(earliest)s举行）")
            % {"art": rules.ART[64], "notice": notice_on.isoformat(), "earliest": earliest.isoformat()},
            field="scheduled_on",
            art=64,
        )
    return None


def hearing_record_input(case, user, data):
    hearing = case.current_hearing()
    held_on = _on(data, "held_on")
    if hearing and held_on < hearing.scheduled_on:
        return _refuse(
            "held_before_scheduled",
            _("听证举行日期不能早于通知的听证日期（%(day)s）") % {"day": hearing.scheduled_on.isoformat()},
            field="held_on",
        )
    return None


def decision_input(case, user, data):
    """The penalty decided: within the law's limits, never heavier after a defence, decided
    collectively where 第五十七条 requires, and within the discretion range unless a reason is
    recorded."""
    kinds = data.get("decided_penalties") or []
    fine = data.get("decided_fine")
    problem = _penalty_problem(kinds, fine, "decided")
    if problem:
        return problem
    day = _on(data, "decided_on")
    if case.notified_on and day < case.notified_on:
        return _refuse(
            "decided_before_notice",
            _("决定日期不能早于告知日期（%(day)s）") % {"day": case.notified_on.isoformat()},
            field="decided_on",
        )
    heavier_fine = (fine or 0) > (case.intended_fine or 0)
    added = [k for k in kinds if k not in (case.intended_penalties or [])]
    if heavier_fine or added:
        what = (
            _("罚款%(fine)s元高于告知的%(intended)s元") % {"fine": fine, "intended": case.intended_fine or 0}
            if heavier_fine
            else _("增加了告知时没有的处罚（%(kinds)s）") % {"kinds": _kind_labels(added)}
        )
        field = "decided_fine" if heavier_fine else "decided_penalties"
        if case.statement_received:
            return _refuse(
                "heavier_after_statement",
                _("%(art)s：行政机关不得因当事人陈述、申辩而给予更重的处罚（%(what)s）")
                % {"art": rules.ART[45], "what": what},
                field=field,
                art=45,
            )
        return _refuse(
            "heavier_than_notice",
            _("%(art)s：拟作出的处罚重于已告知的内容（%(what)s），应当重新告知当事人")
            % {"art": rules.ART[44], "what": what},
            field=field,
            art=44,
        )
    level = _level(case, data)
    if needs_collective_discussion(case, level, fine) and not (
        data.get("collective_discussion") and _text(data, "collective_discussion_minutes")
    ):
        return _refuse(
            "collective_discussion",
            _(
                "%(art)s：情节复杂或者重大违法行为（案件疑难复杂，或裁量等级较重、严重，或罚款达到较大数额），应当由行政机关负责人集体讨论决定，请记录集体讨论情况"
            )
            % {"art": rules.ART[57]},
            field="collective_discussion_minutes",
            art=57,
        )
    return _fine_range_problem(case, level, fine, data)


def on_the_spot_input(case, user, data):
    """第五十一条、第五十二条: on the spot only a warning, or a fine up to ¥200 (citizen) or ¥3,000
    (organization); the party is told the facts, reasons, basis and rights on the spot."""
    kinds = data.get("decided_penalties") or []
    fine = data.get("decided_fine")
    problem = _penalty_problem(kinds, fine, "decided")
    if problem:
        return problem
    extra = [k for k in kinds if k not in rules.SIMPLE_PENALTY_KINDS]
    limit = rules.simple_fine_limit(case.party.is_citizen)
    if extra or (fine and fine > limit):
        return _refuse(
            "beyond_simple_procedure",
            _(
                "%(art)s：当场处罚仅限警告或者对公民二百元以下、对法人或者其他组织三千元以下罚款（本案为%(party)s，限额%(limit)s元），应适用普通程序"
            )
            % {"art": rules.ART[51], "party": case.party.get_kind_display(), "limit": limit},
            field="decided_penalties" if extra else "decided_fine",
            art=51,
        )
    if not data.get("party_informed"):
        return _refuse(
            "party_not_informed",
            _("%(art)s：当场作出决定前，应告知当事人拟作出处罚的事实、理由和依据，并听取陈述申辩")
            % {"art": rules.ART[44]},
            field="party_informed",
            art=44,
        )
    return _fine_range_problem(case, _level(case, data), fine, data)


def service_input(case, user, data):
    day = _on(data, "served_on")
    if case.decided_on and day < case.decided_on:
        return _refuse(
            "served_before_decision",
            _("送达日期不能早于决定日期（%(day)s）") % {"day": case.decided_on.isoformat()},
            field="served_on",
        )
    return None


def payment_input(case, user, data):
    """第七十二条: a late payment includes the surcharge (3% a day, at most the fine)."""
    paid_on = _on(data, "paid_on")
    amount = data["amount_paid"]
    if case.served_on and paid_on < case.served_on:
        return _refuse(
            "paid_before_service",
            _("缴款日期不能早于送达日期（%(day)s）") % {"day": case.served_on.isoformat()},
            field="paid_on",
        )
    extra = rules.surcharge(case.decided_fine, case.fine_due_on, paid_on)
    due = case.decided_fine + extra
    if amount < due:
        return _refuse(
            "payment_short",
            _(
                "%(art)s：应缴%(due)s元（罚款%(fine)s元，逾期%(days)s日加处罚款%(extra)s元），实缴%(amount)s元不足"
            )
            % {
                "art": rules.ART[72],
                "due": due,
                "fine": case.decided_fine,
                "days": max((paid_on - case.fine_due_on).days, 0) if case.fine_due_on else 0,
                "extra": extra,
                "amount": amount,
            },
            field="amount_paid",
            art=72,
        )
    return None


def extension_input(case, user, data):
    current = case.decision_due_on
    if current and data["new_due_on"] <= current:
        return _refuse(
            "extension_not_later",
            _("延长后的期限应晚于现有期限（%(day)s）") % {"day": current.isoformat()},
            field="new_due_on",
            art=60,
        )
    return None


def withdrawal_input(case, user, data):
    if not (_text(data, "reason") or case.withdrawal_reason):
        return _refuse(
            "withdrawal_reason",
            _("%(art)s：撤回公示应写明理由") % {"art": rules.ART[48]},
            field="reason",
            art=48,
        )
    return None


def published_on_input(case, user, data):
    day = _on(data, "published_on")
    if case.decided_on and day < case.decided_on:
        return _refuse(
            "published_before_decision",
            _("公示日期不能早于决定日期（%(day)s）") % {"day": case.decided_on.isoformat()},
            field="published_on",
        )
    return None


# --- actions (the cleaned input: dates, Decimals, model instances, booleans) ------------------------


def _assign_number(case: Case, day: dt.date) -> None:
    if case.sequence:
        return
    case.year = day.year
    case.sequence = next_sequence(Case, case.body_id, case.year)
    case.number = format_number(case.body.case_prefix, case.year, case.sequence)


def do_file(case, user, data):
    case.filed_on = data["filed_on"]
    _assign_number(case, case.filed_on)
    case.decision_due_on = case.filed_on + dt.timedelta(days=rules.DECISION_DAYS)


def _record_review_grounds(case: Case, data: dict) -> None:
    """第五十八条第一款第一、三、四项 as given with a step; a ground not given stays as it was."""
    for name in ("involves_major_public_interest", "is_complex"):
        if data.get(name) is not None:
            setattr(case, name, data[name])
    if "other_review_basis" in data:
        case.other_review_basis = _text(data, "other_review_basis")


def do_submit_for_review(case, user, data):
    _record_review_grounds(case, data)


def do_notify(case, user, data):
    case.notified_on = data["notified_on"]
    case.intended_penalties = data["intended_penalties"]
    case.intended_fine = data.get("intended_fine")
    case.intended_other = _text(data, "intended_other")
    case.confiscation_value = data.get("confiscation_value")
    case.other_hearing_basis = _text(data, "other_hearing_basis")
    _record_review_grounds(case, data)
    case.discretion_level = _level(case, data)
    if _text(data, "fine_outside_range_reason"):
        case.fine_outside_range_reason = _text(data, "fine_outside_range_reason")
    # A new notice reopens the party's periods.
    case.statement_received = case.statement_waived = False
    case.hearing_requested = case.hearing_waived = False


def do_statement(case, user, data):
    if _text(data, "statement"):
        case.statement_received = True
        case.statement = _text(data, "statement")
        case.statement_on = data["statement_on"]
    if data.get("statement_waived"):
        case.statement_waived = True
    if data.get("hearing_waived"):
        case.hearing_waived = True


def do_request_hearing(case, user, data):
    case.hearing_requested = True
    case.hearing_requested_on = data["requested_on"]


def do_schedule_hearing(case, user, data):
    hearing = case.hearings.filter(held_on__isnull=True).first() or Hearing(case=case)
    hearing.chair = data["chair"]
    hearing.notice_on = data["notice_on"]
    hearing.scheduled_on = data["scheduled_on"]
    hearing.place = _text(data, "place")
    hearing.public = not data.get("private")
    hearing.save()


def do_record_hearing(case, user, data):
    hearing = case.current_hearing()
    hearing.held_on = data["held_on"]
    hearing.record = _text(data, "record")
    hearing.save()


def _review(passed: bool):
    def action(case, user, data):
        LegalReview.objects.create(
            case=case,
            reviewer=user,
            opinion=_text(data, "opinion"),
            passed=passed,
            reviewed_on=data["reviewed_on"],
        )

    return action


def _record_decision(case: Case, user, data: dict, kind: str) -> None:
    case.decision_kind = kind
    case.decided_on = data["decided_on"]
    case.decision_reason = _text(data, "decision_reason")
    level = _level(case, data)
    if level is not None:
        case.discretion_level = level
    if _text(data, "fine_outside_range_reason"):
        case.fine_outside_range_reason = _text(data, "fine_outside_range_reason")
    if data.get("collective_discussion"):
        case.collective_discussion = True
        case.collective_discussion_on = data.get("collective_discussion_on") or case.decided_on
        case.collective_discussion_minutes = _text(data, "collective_discussion_minutes")


def do_decide(case, user, data):
    _record_decision(case, user, data, Case.DecisionKind.PENALTY)
    case.decided_penalties = data["decided_penalties"]
    case.decided_fine = data.get("decided_fine")
    case.decided_other = _text(data, "decided_other")


def do_decide_no_penalty(case, user, data):
    _record_decision(case, user, data, Case.DecisionKind.NO_PENALTY)
    case.decided_penalties, case.decided_fine = [], None


def do_transfer(case, user, data):
    _record_decision(case, user, data, Case.DecisionKind.TRANSFERRED)
    case.decided_penalties, case.decided_fine = [], None


def do_serve(case, user, data):
    case.served_on = data["served_on"]
    case.party_present = bool(data.get("party_present"))
    case.service_method = _text(data, "service_method") or (
        str(_("当场交付")) if case.party_present else str(_("直接送达"))
    )
    if case.decided_fine:
        case.fine_due_on = fine_due_on(case.served_on)


def do_decide_on_the_spot(case, user, data):
    day = data["decided_on"]
    case.filed_on = case.notified_on = case.decided_on = case.served_on = day
    _assign_number(case, day)
    case.decision_kind = Case.DecisionKind.PENALTY
    case.decided_penalties = case.intended_penalties = data["decided_penalties"]
    case.decided_fine = case.intended_fine = data.get("decided_fine")
    case.discretion_level = _level(case, data)
    if _text(data, "fine_outside_range_reason"):
        case.fine_outside_range_reason = _text(data, "fine_outside_range_reason")
    if _text(data, "statement"):
        case.statement_received = True
        case.statement = _text(data, "statement")
        case.statement_on = day
    else:
        case.statement_waived = True
    case.party_present = True
    case.service_method = str(_("当场交付"))
    if case.decided_fine:
        case.fine_due_on = fine_due_on(case.served_on)


def do_record_payment(case, user, data):
    case.paid_on = data["paid_on"]
    case.amount_paid = data["amount_paid"]
    case.surcharge = rules.surcharge(case.decided_fine, case.fine_due_on, case.paid_on)


def do_apply_compulsory(case, user, data):
    case.compulsory_execution_applied_on = data["applied_on"]
    case.compulsory_execution_court = _text(data, "court")
    case.surcharge = rules.surcharge(
        case.decided_fine, case.fine_due_on, case.compulsory_execution_applied_on
    )


def do_close(case, user, data):
    case.closed_on = data["closed_on"]


def do_archive(case, user, data):
    case.archived_on = data["archived_on"]


def do_extend(case, user, data):
    case.decision_due_on = data["new_due_on"]
    case.extension_approved_by = user
    case.extension_reason = _text(data, "reason")


def do_publish(case, user, data):
    case.published_on = data["published_on"]


def do_record_change(case, user, data):
    case.changed_on = data["changed_on"]
    case.withdrawal_reason = _text(data, "reason")


def do_withdraw_publication(case, user, data):
    case.withdrawn_on = data["withdrawn_on"]
    if _text(data, "reason"):
        case.withdrawal_reason = _text(data, "reason")


# --- the workflows --------------------------------------------------------------------------------


CASE = Workflow(
    model=Case,
    frozen=[S.ARCHIVED],  # 归档: the case, its evidence, reviews, hearings and party are closed
    # a case written directly at a state (history) already holds what its steps recorded
    requires={
        **dict.fromkeys((S.DECIDED, S.SERVED, S.EXECUTING), ("decided_on", "decision_kind")),
        S.CLOSED: ("decided_on", "decision_kind", "closed_on"),
        S.ARCHIVED: ("decided_on", "decision_kind", "closed_on", "archived_on"),
    },
    transitions=[
        Transition(
            "file",
            gettext_lazy("立案"),
            source=[S.DRAFT],
            target=S.FILED,
            roles={OFFICER, LEADER},
            guards=[general_procedure, officers_qualified("filed_on"), within_limitation("filed_on")],
            action=do_file,
            starts=[Starts(DECISION, counting_from="filed_on")],
            form=_f.FileForm,
        ),
        Transition(
            "investigate",
            gettext_lazy("开始调查取证"),
            source=[S.FILED],
            target=S.INVESTIGATING,
            roles={OFFICER},
            guards=[officers_qualified("started_on")],
            form=_f.InvestigationForm,
        ),
        Transition(
            "submit_for_review",
            gettext_lazy("提交法制审核"),
            source=[S.INVESTIGATING, S.NOTIFIED, S.STATEMENT, S.HEARING],
            target=S.LEGAL_REVIEW,
            roles={OFFICER},
            guards=[hearing_held_if_requested],
            action=do_submit_for_review,
            form=_f.ReviewSubmissionForm,
        ),
        Transition(
            "approve_review",
            gettext_lazy("法制审核通过"),
            source=[S.LEGAL_REVIEW],
            target=S.REVIEWED,
            roles={REVIEWER},
            guards=[reviewer_not_investigator],
            action=_review(True),
            form=_f.ReviewForm,
            post=gettext_lazy("法制审核人员（行政处罚法第五十八条）"),
        ),
        Transition(
            "reject_review",
            gettext_lazy("法制审核不通过，退回补充调查"),
            source=[S.LEGAL_REVIEW],
            target=S.INVESTIGATING,
            roles={REVIEWER},
            guards=[reviewer_not_investigator],
            action=_review(False),
            form=_f.ReviewForm,
            style="danger",
            post=gettext_lazy("法制审核人员（行政处罚法第五十八条）"),
        ),
        Transition(
            "notify",
            gettext_lazy("事先告知"),
            source=[S.INVESTIGATING, S.REVIEWED],
            target=S.NOTIFIED,
            roles={OFFICER},
            guards=[officers_qualified("notified_on")],
            input_guards=[notice_input],
            action=do_notify,
            form=_f.NoticeForm,
            starts=[Starts(HEARING_REQUEST, counting_from="notified_on", when=_hearing_rights)],
            cancels=[Cancels(HEARING_REQUEST.code, when=_no_hearing_rights)],
        ),
        Transition(
            "record_statement",
            gettext_lazy("记录陈述申辩"),
            source=[S.NOTIFIED, S.REVIEWED],
            target=S.STATEMENT,
            roles={OFFICER},
            guards=[was_notified],
            input_guards=[statement_input],
            action=do_statement,
            form=_f.StatementForm,
            cancels=[Cancels(HEARING_REQUEST.code, when=_hearing_waived)],
        ),
        Transition(
            "request_hearing",
            gettext_lazy("当事人申请听证"),
            source=[S.NOTIFIED, S.STATEMENT, S.REVIEWED],
            target=S.HEARING,
            roles={OFFICER},
            guards=[was_notified, hearing_rights_apply],
            input_guards=[hearing_request_in_time],
            action=do_request_hearing,
            form=_f.HearingRequestForm,
            meets=[Meets(HEARING_REQUEST.code, on="hearing_requested_on")],
        ),
        Transition(
            "schedule_hearing",
            gettext_lazy("安排听证"),
            source=[S.HEARING],
            target=S.HEARING,
            roles={OFFICER, LEADER},
            input_guards=[hearing_arrangement],
            action=do_schedule_hearing,
            form=_f.HearingScheduleForm,
            style="secondary",
        ),
        Transition(
            "record_hearing",
            gettext_lazy("记录听证"),
            source=[S.HEARING],
            target=S.HEARING,
            roles={OFFICER, LEADER},
            guards=[hearing_scheduled],
            input_guards=[hearing_record_input],
            action=do_record_hearing,
            form=_f.HearingRecordForm,
            style="secondary",
        ),
        Transition(
            "decide",
            gettext_lazy("作出行政处罚决定"),
            source=[S.NOTIFIED, S.STATEMENT, S.REVIEWED],
            target=S.DECIDED,
            roles={LEADER},
            guards=[
                notified_of_penalty,
                windows_passed,
                legal_review_passed,
                officers_qualified("decided_on"),
            ],
            input_guards=[decision_input],
            action=do_decide,
            form=_f.DecisionForm,
            post=gettext_lazy("行政机关负责人（行政处罚法第五十七条）"),
            meets=[Meets(DECISION.code, on="decided_on")],
            cancels=[HEARING_REQUEST.code],
            starts=[
                Starts(SERVICE, counting_from="decided_on"),
                Starts(PUBLICATION, counting_from="decided_on"),
            ],
        ),
        Transition(
            "decide_no_penalty",
            gettext_lazy("决定不予行政处罚"),
            source=[S.INVESTIGATING, S.REVIEWED, S.NOTIFIED, S.STATEMENT],
            target=S.DECIDED,
            roles={LEADER},
            action=do_decide_no_penalty,
            form=_f.NoPenaltyForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第五十七条）"),
            meets=[Meets(DECISION.code, on="decided_on")],
            cancels=[HEARING_REQUEST.code],
            starts=[Starts(SERVICE, counting_from="decided_on")],
        ),
        Transition(
            "transfer",
            gettext_lazy("移送司法机关"),
            source=[S.INVESTIGATING, S.REVIEWED, S.NOTIFIED, S.STATEMENT],
            target=S.DECIDED,
            roles={LEADER},
            action=do_transfer,
            form=_f.NoPenaltyForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第五十七条）"),
            meets=[Meets(DECISION.code, on="decided_on")],
            cancels=[HEARING_REQUEST.code],
        ),
        Transition(
            "serve",
            gettext_lazy("送达决定书"),
            source=[S.DECIDED],
            target=S.SERVED,
            roles={OFFICER},
            guards=[not_transferred],
            input_guards=[service_input],
            action=do_serve,
            form=_f.ServiceForm,
            meets=[Meets(SERVICE.code, on="served_on")],
            starts=[Starts(FINE, counting_from="served_on", when=_fined)],
        ),
        Transition(
            "decide_on_the_spot",
            gettext_lazy("当场作出处罚决定（简易程序）"),
            source=[S.DRAFT],
            target=S.SERVED,
            roles={OFFICER},
            guards=[simple_procedure, officers_qualified("decided_on"), within_limitation("decided_on")],
            input_guards=[on_the_spot_input],
            action=do_decide_on_the_spot,
            form=_f.OnTheSpotForm,
            starts=[
                Starts(FINE, counting_from="served_on", when=_fined),
                Starts(PUBLICATION, counting_from="decided_on"),
            ],
        ),
        Transition(
            "record_payment",
            gettext_lazy("登记缴纳罚款"),
            source=[S.SERVED, S.EXECUTING],
            target=S.EXECUTING,
            roles={OFFICER},
            guards=[fine_outstanding],
            input_guards=[payment_input],
            action=do_record_payment,
            form=_f.PaymentForm,
            meets=[Meets(FINE.code, on="paid_on")],
        ),
        Transition(
            "apply_compulsory",
            gettext_lazy("申请人民法院强制执行"),
            source=[S.SERVED, S.EXECUTING],
            target=S.EXECUTING,
            roles={OFFICER, LEADER},
            guards=[fine_outstanding, fine_overdue],
            action=do_apply_compulsory,
            form=_f.CompulsoryForm,
            style="secondary",
            cancels=[FINE.code],
        ),
        Transition(
            "close",
            gettext_lazy("结案"),
            source=[S.DECIDED, S.SERVED, S.EXECUTING],
            target=S.CLOSED,
            roles={OFFICER, LEADER},
            guards=[obligations_done],
            action=do_close,
            form=_f.CloseForm,
        ),
        Transition(
            "archive",
            gettext_lazy("归档"),
            source=[S.CLOSED],
            target=S.ARCHIVED,
            roles={OFFICER},
            action=do_archive,
            form=_f.ArchiveForm,
        ),
    ],
)

PUBLICITY = Workflow(
    model=Case,
    state_field="publicity",
    # Publicity is owed to the public whatever the file's state: a decision published late is
    # still published, and one later changed or revoked (复议, 诉讼) is withdrawn, even after
    # the case was archived.
    open_when_frozen={"publish", "record_change", "withdraw_publication"},
    transitions=[
        Transition(
            "publish",
            gettext_lazy("公示处罚决定"),
            source=[Publicity.NOT_PUBLISHED],
            target=Publicity.PUBLISHED,
            roles={OFFICER},
            guards=[penalty_decided],
            input_guards=[published_on_input],
            action=do_publish,
            form=_f.PublishForm,
            meets=[Meets(PUBLICATION.code, on="published_on")],
        ),
        Transition(
            "record_change",
            gettext_lazy("登记决定变更或撤销"),
            source=[Publicity.PUBLISHED],
            target=Publicity.TO_WITHDRAW,
            roles={OFFICER, LEADER},
            action=do_record_change,
            form=_f.ChangeForm,
            style="secondary",
            starts=[Starts(WITHDRAWAL, counting_from="changed_on")],
        ),
        Transition(
            "withdraw_publication",
            gettext_lazy("撤回公示"),
            source=[Publicity.PUBLISHED, Publicity.TO_WITHDRAW],
            target=Publicity.WITHDRAWN,
            roles={OFFICER, LEADER},
            input_guards=[withdrawal_input],
            action=do_withdraw_publication,
            form=_f.WithdrawalForm,
            style="danger",
            meets=[Meets(WITHDRAWAL.code, on="withdrawn_on")],
        ),
    ],
)

PERIOD = Workflow(
    model=Case,
    state_field="decision_period",
    transitions=[
        Transition(
            "extend",
            gettext_lazy("批准延长办案期限"),
            source=[DecisionPeriod.STATUTORY, DecisionPeriod.EXTENDED],
            target=DecisionPeriod.EXTENDED,
            roles={LEADER},
            guards=[before_decision],
            input_guards=[extension_input],
            action=do_extend,
            form=_f.ExtensionForm,
            style="secondary",
            post=gettext_lazy("行政机关负责人（行政处罚法第六十条）"),
            starts=[Starts(DECISION_EXTENDED, counting_from=_filed_or_today, days=_extended_days)],
        ),
    ],
)

WORKFLOWS = (CASE, PUBLICITY, PERIOD)
_GENERAL_ONLY = {"file"}
_SIMPLE_ONLY = {"decide_on_the_spot"}


def workflow_of(name: str) -> Workflow:
    for workflow in WORKFLOWS:
        if name in workflow._by_name:
            return workflow
    raise TransitionRefused(_refuse("unknown", _("未知的操作：%(name)s") % {"name": name}, field="name"))


def transition(name: str) -> Transition:
    return workflow_of(name)[name]


def fire(case: Case, name: str, user, data=None, *, prefix: str | None = None):
    """Fire step `name` of whichever workflow holds it (raw input, cleaned by the step's form)."""
    return workflow_of(name).fire(case, name, user, data, prefix=prefix)


def options(case: Case, user) -> list[Option]:
    """The steps open to `user` on `case` now, allowed or refused with the reason; steps of the
    other procedure, and publicity or extension steps that do not apply yet, are left out."""
    found = []
    for option in CASE.options(case, user):
        name = option.transition.name
        if (name in _GENERAL_ONLY and case.procedure != Case.Procedure.GENERAL) or (
            name in _SIMPLE_ONLY and case.procedure != Case.Procedure.SIMPLE
        ):
            continue
        found.append(option)
    if case.decision_kind == Case.DecisionKind.PENALTY:
        found += PUBLICITY.options(case, user)
    if case.state in PRE_DECISION:
        found += PERIOD.options(case, user)
    return found


# --- officers on a case ---------------------------------------------------------------------------


def _may_handle(case: Case, user) -> None:
    """Officers are put on a case and withdrawn by the enforcement officers of its region, by
    every door (the case page and the API alike)."""
    if not (user and user.is_authenticated and user.has_role(OFFICER, region=case.region)):
        raise TransitionRefused(_refuse("forbidden", _("您在本区划没有办理该案件的角色")))
    if case.is_closed:
        raise TransitionRefused(_refuse("closed", _("案件已结案，不能再变更执法人员")))


def add_officer(case: Case, officer, user, on: dt.date | None = None) -> CaseOfficer:
    """Put an officer on the case. 第四十二条: only an officer of the case's body holding a
    certificate valid on that day; 第四十三条: an officer who withdrew does not come back."""
    on = on or _today()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _may_handle(case, user)
        if officer.body_id != case.body_id:
            raise TransitionRefused(
                _refuse(
                    "officer_other_body",
                    _("%(art)s：%(name)s不是本案执法主体（%(body)s）的执法人员")
                    % {"art": rules.ART[42], "name": officer.name, "body": case.body.name},
                    field="officer",
                    art=42,
                )
            )
        if officer.certificate_on(on) is None:
            raise TransitionRefused(
                _refuse(
                    "officer_uncertified",
                    _("%(art)s：执法人员%(name)s在%(day)s没有有效的行政执法证，不得参与办案")
                    % {"art": rules.ART[42], "name": officer.name, "day": on.isoformat()},
                    field="officer",
                    art=42,
                )
            )
        existing = CaseOfficer.objects.filter(case=case, officer=officer).first()
        if existing and existing.withdrawn:
            raise TransitionRefused(
                _refuse(
                    "officer_withdrew",
                    _("%(art)s：%(name)s已在本案回避，不得再参与办案")
                    % {"art": rules.ART[43], "name": officer.name},
                    field="officer",
                    art=43,
                )
            )
        if existing:
            raise TransitionRefused(
                _refuse(
                    "officer_on_case", _("%(name)s已是本案执法人员") % {"name": officer.name}, field="officer"
                )
            )
        case_officer = CaseOfficer.objects.create(case=case, officer=officer, added_on=on)
        ledger.record(
            "enforcement.add_officer",
            case,
            actor=user,
            data={"officer": officer.pk, "name": officer.name, "on": on},
        )
    return case_officer


def withdraw_officer(case: Case, officer, user, reason: str, on: dt.date | None = None) -> CaseOfficer:
    """第四十三条: an officer with an interest in the case withdraws (回避); they no longer count
    towards the two officers of 第四十二条."""
    on = on or _today()
    reason = (reason or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        _may_handle(case, user)
        if not reason:
            raise TransitionRefused(
                _refuse(
                    "withdrawal_reason",
                    _("%(art)s：请写明回避理由") % {"art": rules.ART[43]},
                    field="reason",
                    art=43,
                )
            )
        case_officer = CaseOfficer.objects.filter(case=case, officer=officer, withdrawn=False).first()
        if case_officer is None:
            raise TransitionRefused(
                _refuse(
                    "officer_not_on_case",
                    _("%(name)s不是本案在办的执法人员") % {"name": officer.name},
                    field="officer",
                )
            )
        case_officer.withdrawn = True
        case_officer.withdrawal_reason = reason
        case_officer.withdrawn_on = on
        case_officer.save()
        ledger.record(
            "enforcement.withdraw_officer",
            case,
            actor=user,
            data={"officer": officer.pk, "name": officer.name, "reason": reason, "on": on},
        )
    return case_officer


# --- a rectification order becomes a case ---------------------------------------------------------


def file_case_from_order(order, user, *, power, officers, cause="", act_date=None, filed_on=None) -> Case:
    """Create and file a case from a rectification order in one step (逾期未改 → 立案). Either
    everything happens or, on any refusal, nothing."""
    filed_on = filed_on or _today()
    with transaction.atomic():
        if order.case_id:
            raise TransitionRefused(
                _refuse(
                    "order_has_case",
                    _("该责令改正通知书已关联案件%(number)s") % {"number": order.case.number},
                )
            )
        if not (user and user.is_authenticated and user.has_role(OFFICER, region=order.region)):
            raise TransitionRefused(_refuse("forbidden", _("您在本区划没有办理该案件的角色")))
        case = Case(
            body=order.body,
            region=order.region,
            party=order.party,
            power=power,
            cause=cause or str(_("逾期未改正：%(what)s")) % {"what": order.requirement[:80]},
            source=Case.Source.PATROL,
            source_reference=order.number,
            act_date=act_date or order.issued_on,
            discovered_on=order.issued_on,
            procedure=Case.Procedure.GENERAL,
            is_sample=order.is_sample,
        )
        case.full_clean()
        case.save()
        for officer in officers:
            add_officer(case, officer, user, on=filed_on)
        fire(case, "file", user, {"filed_on": filed_on})
        order.case = case
        order.save()
    case.refresh_from_db()
    return case
