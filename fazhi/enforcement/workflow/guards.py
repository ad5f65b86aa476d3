"""Guards on a case (and on a rectification order): the preconditions of its steps, checked when a step is offered (the reason
it is refused is shown beside it) and again when it is fired. Each refusal carries a stable code,
the field it concerns and the article it cites. The guards on a step's cleaned input are in
`input_guards.py`."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from fazhi.core.workflow import Refusal
from fazhi.enforcement import execution, rules
from fazhi.enforcement.models import DECIDED_STATES, Case, Officer, RectificationOrder
from fazhi.enforcement.workflow.clocks import RECTIFICATION
from fazhi.enforcement.workflow.common import PRE_DECISION, S, day_of, refuse, text_of
from fazhi.enforcement.workflow.conditions import (
    has_hearing_rights,
    hearing_window_ends,
    review_grounds,
    statement_window_ends,
)


def _officer_problem(case: Case, day: dt.date) -> Refusal | None:
    active = list(case.active_case_officers().prefetch_related("officer__certificates"))
    if len(active) < rules.MIN_OFFICERS:
        return refuse(
            "too_few_officers",
            _("%(art)s：执法人员不得少于两人（本案现有%(n)s名未回避的执法人员）")
            % {"art": rules.ART[42], "n": len(active)},
            field="officers",
            art=42,
        )
    for case_officer in active:
        if case_officer.officer.certificate_on(day) is None:
            return refuse(
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
        return _officer_problem(case, day_of(data, date_key))

    guard.__name__ = f"officers_qualified_{date_key}"
    return guard


def under_investigation(case, user, data):
    """第五十六条: evidence is preserved in the course of the investigation (立案 to 决定)."""
    if case.state not in PRE_DECISION:
        return refuse(
            "not_investigating",
            _("%(art)s：先行登记保存在调查取证过程中进行") % {"art": rules.ART[56]},
            art=56,
        )
    return None


def power_in_force(case, user, data):
    """第三十八条第一款: a penalty without a basis is void — a power the list marks no longer in
    force (失效) cannot be used to file, notify or decide, by any door."""
    if not case.power.active:
        return refuse(
            "power_inactive",
            _("%(art)s：处罚事项“%(power)s”在权责清单中已标记为无效，不能据以立案、告知或作出处罚决定")
            % {"art": rules.ART[38], "power": case.power},
            field="power",
            art=38,
        )
    return None


def within_limitation(date_key: str):
    """第三十六条: no penalty for an act undiscovered for 2 years (5 with harm to life, health or
    financial safety), counted from the act or the end of a continuing act."""

    def guard(case, user, data):
        discovered = case.discovered_on or day_of(data, date_key)
        ends = rules.limitation_ends(case.act_date, case.act_end_date, case.harm_to_life_health_finance)
        if discovered > ends:
            years = (
                rules.LIMITATION_YEARS_HARM if case.harm_to_life_health_finance else rules.LIMITATION_YEARS
            )
            return refuse(
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
        return refuse("simple_procedure", _("本案适用简易程序，应当场作出决定"), field="procedure")
    return None


def simple_procedure(case, user, data):
    if case.procedure != Case.Procedure.SIMPLE:
        return refuse("general_procedure", _("本案适用普通程序，不能当场作出决定"), field="procedure")
    return None


def notified_of_penalty(case, user, data):
    """第四十四条、第六十二条: no penalty decision without the prior notice."""
    if not case.notified_on:
        return refuse(
            "not_notified",
            _(
                "%(a44)s、%(a62)s：作出行政处罚决定之前，应当告知当事人拟作出的处罚内容及事实、理由、依据，以及陈述、申辩、要求听证的权利"
            )
            % {"a44": rules.ART[44], "a62": rules.ART[62]},
            art=44,
        )
    return None


def evidence_on_file(case, user, data):
    """第四十条: 违法事实不清、证据不足的，不得给予行政处罚 — a penalty is not decided on a case
    with no evidence on file (the case's evidence records, 第四十六条's kinds, with their files).
    Whether the evidence is enough is the review's and the leader's judgement; none at all is not."""
    if not case.evidence.exists():
        return refuse(
            "evidence_missing",
            _(
                "%(art)s：违法事实不清、证据不足的，不得给予行政处罚（本案尚未登记任何证据，请先在“证据”中登记）"
            )
            % {"art": rules.ART[40]},
            field="evidence",
            art=40,
        )
    return None


def facts_on_the_spot(case, user, data):
    """第五十一条、第四十条: an on-the-spot penalty needs 违法事实确凿 — the facts are written on the
    case (at filing, or with the on-the-spot step), and (`evidence_on_file`) evidence is on file."""
    if not (text_of(data, "facts") or (case.facts or "").strip()):
        return refuse(
            "facts_missing",
            _("%(a51)s、%(a40)s：违法事实确凿的方可当场作出处罚决定，请填写违法事实")
            % {"a51": rules.ART[51], "a40": rules.ART[40]},
            field="facts",
            art=51,
        )
    return None


def was_notified(case, user, data):
    if not case.notified_on:
        return refuse(
            "not_notified", _("%(art)s：尚未向当事人事先告知拟作出的处罚") % {"art": rules.ART[44]}, art=44
        )
    return None


def windows_passed(case, user, data):
    """第四十五条、第六十二条、第六十四条: the party's statement period and hearing-request period
    have passed or been waived before the decision."""
    if not case.notified_on:
        return None
    day = day_of(data, "decided_on")
    statement_end = statement_window_ends(case)
    if not (case.statement_received or case.statement_waived) and day <= statement_end:
        return refuse(
            "statement_period",
            _("%(a45)s、%(a62)s：当事人陈述、申辩期限（至%(end)s）尚未届满，也未放弃陈述申辩，不能作出决定")
            % {"a45": rules.ART[45], "a62": rules.ART[62], "end": statement_end.isoformat()},
            field="decided_on",
            art=45,
        )
    if has_hearing_rights(case) and not (case.hearing_requested or case.hearing_waived):
        hearing_end = hearing_window_ends(case)
        if day <= hearing_end:
            return refuse(
                "hearing_period",
                _(
                    "%(art)s：当事人要求听证的期限（告知后五个工作日，至%(end)s）尚未届满，也未放弃听证，不能作出决定"
                )
                % {"art": rules.ART[64], "end": hearing_end.isoformat()},
                field="decided_on",
                art=64,
            )
    if case.hearing_requested and not case.hearings.filter(held_on__isnull=False).exists():
        return refuse(
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
        return refuse(
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
        return refuse(
            "reviewer_investigated",
            _("%(art)s：法制审核人员不得是本案的执法（调查）人员") % {"art": rules.ART[58]},
            art=58,
        )
    return None


def reviewer_qualified(case, user, data):
    """第五十八条第二款: a first-time legal reviewer (review duty begun on or after
    rules.FIRST_REVIEWER_FROM) holds the national legal professional qualification. The reviewer's
    start date and qualification are recorded on their officer record (执法人员档案); a reviewer
    with no start date on record is refused too, since whether they are first-time is unknown."""
    record = Officer.objects.filter(user_id=user.pk).first()
    since = record.review_duty_since if record is not None else None
    if since is None:
        return refuse(
            "reviewer_not_on_record",
            _(
                "%(art)s：初次从事法制审核的人员应取得法律职业资格；请先在执法人员档案中登记%(name)s从事法制审核的起始日期和法律职业资格"
            )
            % {"art": rules.ART_58_2, "name": record.name if record is not None else user},
            field="reviewer",
            art=58,
        )
    if since >= rules.FIRST_REVIEWER_FROM and not record.legal_qualification.strip():
        return refuse(
            "reviewer_unqualified",
            _(
                "%(art)s：初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格（%(name)s自%(since)s起从事法制审核，档案中未登记法律职业资格）"
            )
            % {"art": rules.ART_58_2, "name": record.name, "since": since.isoformat()},
            field="reviewer",
            art=58,
        )
    return None


def hearing_rights_apply(case, user, data):
    """第六十三条: a hearing is available only for the penalties listed there."""
    if not has_hearing_rights(case):
        return refuse(
            "no_hearing_rights",
            _("%(art)s：拟作出的处罚不属于当事人有权要求听证的情形") % {"art": rules.ART[63]},
            art=63,
        )
    if case.hearing_waived:
        return refuse("hearing_waived", _("当事人已放弃听证"))
    return None


def hearing_scheduled(case, user, data):
    if case.current_hearing() is None:
        return refuse("hearing_not_scheduled", _("尚未安排听证（须先确定主持人和听证日期）"))
    return None


def hearing_held_if_requested(case, user, data):
    if case.state == S.HEARING and not case.hearings.filter(held_on__isnull=False).exists():
        return refuse(
            "hearing_not_held", _("%(art)s：听证尚未举行，不能提交法制审核") % {"art": rules.ART[64]}, art=64
        )
    return None


def not_transferred(case, user, data):
    if case.decision_kind == Case.DecisionKind.TRANSFERRED:
        return refuse("transferred", _("本案已移送司法机关，无须送达处罚决定书"))
    return None


def fine_outstanding(case, user, data):
    if not case.decided_fine:
        return refuse("no_fine", _("本案未处罚款"))
    if case.paid_on:
        return refuse("fine_paid", _("罚款已于%(day)s缴纳") % {"day": case.paid_on.isoformat()})
    return None


def not_in_instalments(case, user, data):
    """A fine approved in instalments is paid instalment by instalment (第六十六条第二款)."""
    if case.instalments.exists():
        return refuse(
            "in_instalments",
            _("%(art)s：本案罚款已批准分期缴纳，请按期逐期登记缴款") % {"art": rules.ART[66]},
            art=66,
        )
    return None


def instalment_unpaid(case, user, data):
    if not case.instalments.filter(paid_on__isnull=True).exists():
        return refuse("no_instalment_due", _("本案没有待缴的分期罚款"))
    return None


def fine_overdue(case, user, data):
    """第七十二条: compulsory execution only after the payment period has passed unpaid."""
    day = day_of(data, "applied_on")
    if case.fine_due_on and day <= case.fine_due_on:
        return refuse(
            "fine_not_overdue",
            _("%(art)s：罚款缴纳期限至%(due)s届满，届满前不能申请强制执行")
            % {"art": rules.ART[72], "due": case.fine_due_on.isoformat()},
            field="applied_on",
            art=72,
        )
    if case.compulsory_execution_applied_on:
        return refuse(
            "compulsory_applied",
            _("已于%(day)s申请强制执行") % {"day": case.compulsory_execution_applied_on.isoformat()},
        )
    return None


def not_yet_compulsory(case, user, data):
    if case.compulsory_execution_applied_on:
        return refuse(
            "compulsory_applied",
            _("已于%(day)s申请强制执行") % {"day": case.compulsory_execution_applied_on.isoformat()},
        )
    return None


def reminder_allowed(case, user, data):
    """行政强制法 第三十五条、第五十四条: the 催告书 comes after the payment period ran out unpaid."""
    day = day_of(data, "reminded_on")
    if case.fine_due_on and day <= case.fine_due_on:
        return refuse(
            "reminder_before_due",
            _("%(art)s：罚款缴纳期限至%(due)s届满，届满后当事人仍未履行的，才催告履行")
            % {"art": rules.COERCION_ART[54], "due": case.fine_due_on.isoformat()},
            field="reminded_on",
        )
    return None


def execution_conditions(case, user, data):
    """行政强制法 第五十三条、第五十四条: the application to the court comes after the 复议 (60
    days) and 诉讼 (6 months) periods ran without either, within the following 3 months, and ten
    days after a 催告书 was served. A 复议 or 诉讼 on the case that is pending stops it; one that
    has concluded leaves the execution of its decision or judgment, not of 第五十三条's periods."""
    day = day_of(data, "applied_on")
    art53, art54 = rules.COERCION_ART[53], rules.COERCION_ART[54]
    proceedings = list(execution.proceedings(case))
    pending = [
        p for p in proceedings if p.filed_on <= day and (p.concluded_on is None or p.concluded_on > day)
    ]
    if pending:
        first = pending[0]
        return refuse(
            "review_or_suit_pending",
            _(
                "%(art)s：当事人已于%(day)s%(route)s，尚未审结，不符合“在法定期限内不申请行政复议或者提起行政诉讼”的条件，不能申请人民法院强制执行"
            )
            % {"art": art53, "day": first.filed_on.isoformat(), "route": first.get_route_display()},
            field="applied_on",
        )
    if not proceedings and case.served_on:
        opens, closes = rules.execution_window(case.served_on)
        if day < opens:
            return refuse(
                "remedy_periods_running",
                _(
                    "%(art)s：申请行政复议（六十日）和提起行政诉讼（六个月）的期限至%(end)s届满，届满后才能申请人民法院强制执行"
                )
                % {"art": art53, "end": (opens - dt.timedelta(days=1)).isoformat()},
                field="applied_on",
            )
        if day > closes:
            return refuse(
                "execution_window_closed",
                _("%(art)s：应当自期限届满之日起三个月内（至%(end)s）申请人民法院强制执行，已逾期")
                % {"art": art53, "end": closes.isoformat()},
                field="applied_on",
            )
    if not case.reminded_on:
        return refuse(
            "not_reminded",
            _("%(art)s：申请人民法院强制执行前，应当催告当事人履行义务（先送达催告书）") % {"art": art54},
            field="applied_on",
        )
    earliest = case.reminded_on + dt.timedelta(days=rules.REMINDER_WAIT_DAYS + 1)
    if day < earliest:
        return refuse(
            "reminder_period",
            _("%(art)s：催告书于%(served)s送达，十日后（%(earliest)s起）当事人仍未履行的，才能申请强制执行")
            % {"art": art54, "served": case.reminded_on.isoformat(), "earliest": earliest.isoformat()},
            field="applied_on",
        )
    return None


def obligations_done(case, user, data):
    if case.state == S.DECIDED and case.decision_kind != Case.DecisionKind.TRANSFERRED:
        return refuse("not_served", _("行政处罚决定书尚未送达，不能结案"))
    if case.decided_fine and not (case.paid_on or case.compulsory_execution_applied_on):
        return refuse(
            "fine_unpaid",
            _("%(art)s：罚款尚未缴纳，也未申请强制执行，不能结案") % {"art": rules.ART[72]},
            art=72,
        )
    return None


def before_decision(case, user, data):
    if case.state not in PRE_DECISION:
        return refuse("decided", _("%(art)s：办案期限只能在作出决定前延长") % {"art": rules.ART[60]}, art=60)
    return None


def penalty_decided(case, user, data):
    if case.state not in DECIDED_STATES or case.decision_kind != Case.DecisionKind.PENALTY:
        return refuse("no_penalty_decision", _("只有已作出的行政处罚决定才能公示"))
    return None


# --- rectification orders (ORDER) ---------------------------------------------------------------


def order_overdue_on(order: RectificationOrder, day: dt.date, *, field: str = "checked_on") -> Refusal | None:
    """An order is not complied with only once the period it sets has run out: on `day` (the
    check, or the filing of a case from it), after its deadline. One rule for the check's step
    and for 逾期未改 → 立案 (`file_case_from_order`), each naming its own day's field."""
    if day > order.deadline:
        return None
    return Refusal(
        _("整改期限（%(day)s）尚未届满，不能认定逾期未改") % {"day": order.deadline.isoformat()},
        "order_not_overdue",
        field=field,
        article=RECTIFICATION.citation,
    )


def order_past_deadline(order, user, data):
    """`record_overdue`: judged on the day of the check (today while the step is only offered,
    so the panel shows why it is refused before the deadline)."""
    return order_overdue_on(order, day_of(data, "checked_on"))
