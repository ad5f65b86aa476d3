"""Guards on the cleaned input of a step (amounts, dates, choices), checked only when the step is
fired: within the law's limits, never heavier after a defence, within the discretion range
unless a reason is recorded. Each refusal cites its article and names its field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core.workflow import Refusal
from fazhi.enforcement import basis, execution, rules
from fazhi.enforcement.models import Case, DiscretionLevel, PenaltyKind, kinds_in_text
from fazhi.enforcement.workflow.common import day_of, kind_labels, level_of, refuse, text_of, today
from fazhi.enforcement.workflow.conditions import (
    earliest_hearing_day,
    hearing_window_ends,
    needs_collective_discussion,
)


def _fine_range_problem(
    case: Case, level: DiscretionLevel | None, fine: Decimal | None, data: dict
) -> Refusal | None:
    """第三十四条: a fine outside the range of the chosen discretion level needs a recorded reason."""
    if not fine or level is None or level.fine_in_range(fine):
        return None
    if text_of(data, "fine_outside_range_reason") or case.fine_outside_range_reason:
        return None
    return refuse(
        "fine_outside_range",
        _("%(art)s：罚款%(fine)s元超出裁量基准“%(level)s”的幅度（%(range)s），须记录理由")
        % {"art": rules.ART[34], "fine": fine, "level": level.get_level_display(), "range": level.range_text},
        field="fine_outside_range_reason",
        art=34,
    )


def provided_kinds(power) -> list[str]:
    """The penalty kinds the power's basis provides (structured, or read from its text)."""
    return list(power.penalty_kinds or kinds_in_text(power.penalties))


def _basis_problem(
    case: Case, kinds: list[str], fine: Decimal | None, level, prefix: str, day: dt.date
) -> Refusal | None:
    """第三十八条: a penalty of a kind, or a fine outside the range, that the basis does not
    provide is void; 第三十四条: a discretion level with no fine range allows no fine. The basis is
    the version 第三十七条 applies on `day` (从旧兼从轻, `fazhi.enforcement.basis`) when the power
    has versions, else the power's own fields."""
    power = case.power
    if PenaltyKind.DETENTION in kinds:
        return refuse(
            "detention_not_town",
            _(
                "行政处罚法第十八条第三款：限制人身自由的行政处罚权只能由公安机关和法律规定的其他机关行使，乡镇不能给予行政拘留"
            ),
            field=f"{prefix}_penalties",
        )
    version, in_force = basis.applicable(case, day)
    if version is not None and version.no_offence:
        return refuse(
            "no_longer_offence",
            _(
                "%(art)s：违法行为发生后，依据已修改（%(version)s），新的规定不认为是违法的，适用新的规定，不得给予行政处罚（应作出不予行政处罚决定）"
            )
            % {"art": rules.ART[37], "version": version},
            field=f"{prefix}_penalties",
            art=37,
        )
    source = version or power
    cited = str(version) if version is not None else power.basis
    art = 37 if version is not None and version is not in_force else 38
    provided = list(source.penalty_kinds or []) if version is not None else provided_kinds(power)
    missing = [k for k in kinds if k not in provided]
    if missing:
        return refuse(
            "penalty_kind_not_provided",
            _(
                "%(art)s：处罚事项“%(power)s”的依据（%(basis)s）未规定%(kinds)s（规定的处罚种类：%(provided)s），没有依据的行政处罚无效"
            )
            % {
                "art": rules.ART[art],
                "power": power.name,
                "basis": cited,
                "kinds": kind_labels(missing),
                "provided": kind_labels(provided) or _("未登记"),
            },
            field=f"{prefix}_penalties",
            art=art,
        )
    if fine:
        if (source.fine_min is not None and fine < source.fine_min) or (
            source.fine_max is not None and fine > source.fine_max
        ):
            return refuse(
                "fine_outside_basis",
                _(
                    "%(art)s：罚款%(fine)s元超出%(basis)s规定的幅度（%(low)s元至%(high)s元），没有依据的行政处罚无效"
                )
                % {
                    "art": rules.ART[art],
                    "fine": fine,
                    "basis": cited,
                    "low": source.fine_min if source.fine_min is not None else 0,
                    "high": source.fine_max if source.fine_max is not None else "—",
                },
                field=f"{prefix}_fine",
                art=art,
            )
        if level is not None and level.fine_min is None and level.fine_max is None:
            return refuse(
                "level_without_fine",
                _("%(art)s：裁量基准“%(level)s”等级不处罚款，不能在该等级下给予罚款")
                % {"art": rules.ART[34], "level": level.get_level_display()},
                field=f"{prefix}_fine",
                art=34,
            )
    return None


def _penalty_problem(kinds: list[str], fine: Decimal | None, prefix: str) -> Refusal | None:
    """`prefix` names the fields: intended_… (the notice) or decided_… (the decision)."""
    if PenaltyKind.FINE in kinds and not fine:
        return refuse("fine_missing", _("处罚种类包含罚款，应填写罚款金额"), field=f"{prefix}_fine")
    if fine and PenaltyKind.FINE not in kinds:
        return refuse(
            "fine_without_kind", _("填写了罚款金额，处罚种类应包含罚款"), field=f"{prefix}_penalties"
        )
    return None


def notice_input(case, user, data):
    if not (text_of(data, "facts") or (case.facts or "").strip()):
        return refuse(
            "facts_missing",
            _("%(art)s：告知当事人拟作出的行政处罚内容及事实、理由、依据，请填写违法事实")
            % {"art": rules.ART[44]},
            field="facts",
            art=44,
        )
    kinds = data.get("intended_penalties") or []
    fine = data.get("intended_fine")
    problem = _penalty_problem(kinds, fine, "intended") or _basis_problem(
        case, kinds, fine, level_of(case, data), "intended", day_of(data, "notified_on")
    )
    if problem:
        return problem
    if data.get("confiscation_value") and rules.CONFISCATION_KIND not in kinds:
        return refuse(
            "confiscation_without_kind",
            _("填写了没收数额（confiscation_value），处罚种类应包含没收违法所得、没收非法财物"),
            field="confiscation_value",
        )
    return _fine_range_problem(case, level_of(case, data), fine, data)


def statement_input(case, user, data):
    if not (text_of(data, "statement") or data.get("statement_waived") or data.get("hearing_waived")):
        return refuse(
            "statement_missing", _("请填写当事人的陈述申辩意见，或记录当事人放弃陈述申辩"), field="statement"
        )
    day = day_of(data, "statement_on")
    if day < case.notified_on:
        return refuse(
            "statement_before_notice",
            _("陈述申辩日期不能早于告知日期（%(day)s）") % {"day": case.notified_on.isoformat()},
            field="statement_on",
        )
    return None


def hearing_request_in_time(case, user, data):
    """第六十四条第一项: the party asks within 5 (working) days of the notice."""
    day = day_of(data, "requested_on")
    ends = hearing_window_ends(case)
    if ends and day > ends:
        return refuse(
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
        return refuse(
            "chair_investigated",
            _("%(art)s：听证由行政机关指定的非本案调查人员主持") % {"art": rules.ART[64]},
            field="chair",
            art=64,
        )
    notice_on = day_of(data, "notice_on")
    earliest = earliest_hearing_day(notice_on)
    if data["scheduled_on"] < earliest:
        return refuse(
            "hearing_notice",
            _("%(art)s：应当在举行听证的七个工作日前通知当事人（%(notice)s通知的，最早于%(earliest)s举行）")
            % {"art": rules.ART[64], "notice": notice_on.isoformat(), "earliest": earliest.isoformat()},
            field="scheduled_on",
            art=64,
        )
    return None


def hearing_record_input(case, user, data):
    hearing = case.current_hearing()
    held_on = day_of(data, "held_on")
    if hearing and held_on < hearing.scheduled_on:
        return refuse(
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
    problem = _penalty_problem(kinds, fine, "decided") or _basis_problem(
        case, kinds, fine, level_of(case, data), "decided", day_of(data, "decided_on")
    )
    if problem:
        return problem
    day = day_of(data, "decided_on")
    if case.notified_on and day < case.notified_on:
        return refuse(
            "decided_before_notice",
            _("决定日期不能早于告知日期（%(day)s）") % {"day": case.notified_on.isoformat()},
            field="decided_on",
        )
    heavier_fine = (fine or 0) > (case.intended_fine or 0)
    # 第四十五条: a kind not notified is added unless it replaces a heavier notified one
    # (rules.SEVERITY, 第九条's order); a free-text penalty not notified is added
    intended = case.intended_penalties or []
    dropped = [k for k in intended if k not in kinds]
    added = [k for k in kinds if k not in intended and not rules.lighter_instead(k, dropped)]
    other = text_of(data, "decided_other")
    added_other = bool(other) and other != (case.intended_other or "").strip()
    if heavier_fine or added or added_other:
        if heavier_fine:
            what = _("罚款%(fine)s元高于告知的%(intended)s元") % {
                "fine": fine,
                "intended": case.intended_fine or 0,
            }
        elif added:
            what = _("增加了告知时没有的处罚（%(kinds)s）") % {"kinds": kind_labels(added)}
        else:
            what = _("增加了告知时没有的其他处罚（%(other)s）") % {"other": other}
        field = "decided_fine" if heavier_fine else ("decided_penalties" if added else "decided_other")
        if case.statement_received:
            return refuse(
                "heavier_after_statement",
                _("%(art)s：行政机关不得因当事人陈述、申辩而给予更重的处罚（%(what)s）")
                % {"art": rules.ART[45], "what": what},
                field=field,
                art=45,
            )
        return refuse(
            "heavier_than_notice",
            _("%(art)s：拟作出的处罚重于已告知的内容（%(what)s），应当重新告知当事人")
            % {"art": rules.ART[44], "what": what},
            field=field,
            art=44,
        )
    level = level_of(case, data)
    if needs_collective_discussion(case, level, fine) and not (
        data.get("collective_discussion") and text_of(data, "collective_discussion_minutes")
    ):
        return refuse(
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
    problem = _penalty_problem(kinds, fine, "decided") or _basis_problem(
        case, kinds, fine, level_of(case, data), "decided", day_of(data, "decided_on")
    )
    if problem:
        return problem
    extra = [k for k in kinds if k not in rules.SIMPLE_PENALTY_KINDS]
    limit = rules.simple_fine_limit(case.party.is_citizen)
    if extra or (fine and fine > limit):
        return refuse(
            "beyond_simple_procedure",
            _(
                "%(art)s：当场处罚仅限警告或者对公民二百元以下、对法人或者其他组织三千元以下罚款（本案为%(party)s，限额%(limit)s元），应适用普通程序"
            )
            % {"art": rules.ART[51], "party": case.party.get_kind_display(), "limit": limit},
            field="decided_penalties" if extra else "decided_fine",
            art=51,
        )
    if not data.get("party_informed"):
        return refuse(
            "party_not_informed",
            _("%(art)s：当场作出决定前，应告知当事人拟作出处罚的事实、理由和依据，并听取陈述申辩")
            % {"art": rules.ART[44]},
            field="party_informed",
            art=44,
        )
    return _fine_range_problem(case, level_of(case, data), fine, data)


def service_input(case, user, data):
    day = day_of(data, "served_on")
    if case.decided_on and day < case.decided_on:
        return refuse(
            "served_before_decision",
            _("送达日期不能早于决定日期（%(day)s）") % {"day": case.decided_on.isoformat()},
            field="served_on",
        )
    return None


def payment_input(case, user, data):
    """第七十二条: a late payment includes the surcharge (3% a day, at most the fine)."""
    paid_on = day_of(data, "paid_on")
    amount = data["amount_paid"]
    if case.served_on and paid_on < case.served_on:
        return refuse(
            "paid_before_service",
            _("缴款日期不能早于送达日期（%(day)s）") % {"day": case.served_on.isoformat()},
            field="paid_on",
        )
    extra = execution.surcharge(case, paid_on)
    due = case.decided_fine + extra
    if amount < due:
        paused = execution.paused_days(case, paid_on)
        return refuse(
            "payment_short",
            _(
                "%(art)s：应缴%(due)s元（罚款%(fine)s元，逾期%(days)s日加处罚款%(extra)s元%(paused)s），实缴%(amount)s元不足"
            )
            % {
                "art": rules.ART[72],
                "due": due,
                "fine": case.decided_fine,
                "days": execution.late_days(case, paid_on),
                "extra": extra,
                "paused": _("；行政复议、行政诉讼期间%(n)s日不计（第七十三条第三款）") % {"n": paused}
                if paused
                else "",
                "amount": amount,
            },
            field="amount_paid",
            art=72,
        )
    return None


def deferral_input(case, user, data):
    """第六十六条第二款: the approved day is later than the current due day."""
    applied_on = day_of(data, "applied_on")
    if case.served_on and applied_on < case.served_on:
        return refuse(
            "deferral_before_service",
            _("申请日期不能早于决定书送达日期（%(day)s）") % {"day": case.served_on.isoformat()},
            field="applied_on",
        )
    if case.fine_due_on and data["new_due_on"] <= case.fine_due_on:
        return refuse(
            "deferral_not_later",
            _("%(art)s：延期缴纳的期限应晚于现有缴纳期限（%(day)s）")
            % {"art": rules.ART[66], "day": case.fine_due_on.isoformat()},
            field="new_due_on",
            art=66,
        )
    return None


# 第六十六条第二款 leaves the number of instalments to the agency; "分期" is two or more.
MIN_INSTALMENTS = 2


def instalment_input(case, user, data):
    """第六十六条第二款: the plan the agency approves pays the whole fine in two or more
    instalments, each with its amount and due day, in order, none due before the application,
    the last later than the present due day (otherwise there is nothing to approve)."""
    applied_on = day_of(data, "applied_on")
    plan = execution.parse_plan(data.get("plan") or "")
    if case.instalments.exists():
        return refuse(
            "instalments_approved",
            _("%(art)s：本案已批准分期缴纳") % {"art": rules.ART[66]},
            field="plan",
            art=66,
        )
    if len(plan) < MIN_INSTALMENTS:
        return refuse(
            "instalments_too_few",
            _("%(art)s：分期缴纳应至少分两期，每行一期") % {"art": rules.ART[66]},
            field="plan",
            art=66,
        )
    total = sum(amount for _day, amount in plan)
    if total != case.decided_fine:
        return refuse(
            "instalments_total",
            _("%(art)s：各期金额合计%(total)s元，应等于罚款金额%(fine)s元")
            % {"art": rules.ART[66], "total": total, "fine": case.decided_fine},
            field="plan",
            art=66,
        )
    days = [day for day, _amount in plan]
    if any(later <= earlier for earlier, later in zip(days, days[1:], strict=False)):
        return refuse(
            "instalments_order",
            _("各期缴纳期限应逐期推后"),
            field="plan",
        )
    if days[0] < applied_on:
        return refuse(
            "instalments_before_application",
            _("第一期缴纳期限不能早于申请日期（%(day)s）") % {"day": applied_on.isoformat()},
            field="plan",
        )
    if case.fine_due_on and days[-1] <= case.fine_due_on:
        return refuse(
            "instalments_not_later",
            _("%(art)s：最后一期的缴纳期限应晚于现有缴纳期限（%(day)s）")
            % {"art": rules.ART[66], "day": case.fine_due_on.isoformat()},
            field="plan",
            art=66,
        )
    return None


def instalment_payment_input(case, user, data):
    """第七十二条第一项 per instalment: an instalment paid after its own due day carries 3% of
    that instalment a day (at most the instalment), the days of a pending 复议 or 诉讼 left out."""
    paid_on = day_of(data, "paid_on")
    instalment = execution.next_instalment(case)
    if instalment is None:
        return refuse("instalments_paid", _("各期罚款均已缴纳"), field="amount_paid")
    extra = execution.instalment_surcharge(case, instalment, paid_on)
    due = instalment.amount + extra
    if data["amount_paid"] < due:
        return refuse(
            "instalment_short",
            _(
                "%(art)s：第%(seq)s期应缴%(due)s元（本期%(amount)s元，逾期加处罚款%(extra)s元），实缴%(paid)s元不足"
            )
            % {
                "art": rules.ART[72],
                "seq": instalment.seq,
                "due": due,
                "amount": instalment.amount,
                "extra": extra,
                "paid": data["amount_paid"],
            },
            field="amount_paid",
            art=72,
        )
    return None


def extension_input(case, user, data):
    current = case.decision_due_on
    if current and data["new_due_on"] <= current:
        return refuse(
            "extension_not_later",
            _("延长后的期限应晚于现有期限（%(day)s）") % {"day": current.isoformat()},
            field="new_due_on",
            art=60,
        )
    return None


def withdrawal_input(case, user, data):
    if not (text_of(data, "reason") or case.withdrawal_reason):
        return refuse(
            "withdrawal_reason",
            _("%(art)s：撤回公示应写明理由") % {"art": rules.ART[48]},
            field="reason",
            art=48,
        )
    return None


def published_on_input(case, user, data):
    day = day_of(data, "published_on")
    if case.decided_on and day < case.decided_on:
        return refuse(
            "published_before_decision",
            _("公示日期不能早于决定日期（%(day)s）") % {"day": case.decided_on.isoformat()},
            field="published_on",
        )
    return None


# --- rectification orders (ORDER) ---------------------------------------------------------------


def order_check_input(order, user, data):
    """The day of a follow-up check (复查): not before the order was issued, not in the future."""
    day = day_of(data, "checked_on")
    if day < order.issued_on:
        return refuse(
            "check_before_issue",
            _("复查日期（%(day)s）不能早于下达日期（%(issued)s）")
            % {"day": day.isoformat(), "issued": order.issued_on.isoformat()},
            field="checked_on",
        )
    if day > today():
        return refuse("check_in_future", _("复查日期不能晚于今天"), field="checked_on")
    return None


# --- dates that cannot lie ------------------------------------------------------------------------

# Each step's day (the key of its form) and the days on the case it may not precede, in the
# order of the procedure: 立案 ≤ 调查 ≤ 告知 ≤ 陈述申辩/听证 ≤ 决定 ≤ 送达 ≤ 执行 ≤ 结案 ≤ 归档; 法制审核
# after 立案 and (where one was held) the hearing (第五十八条第一款第二项), the decision after the
# review it relies on; the violation not after the filing. No step's day is in the future
# (the 听证日期 scheduled and a 延长至 day excepted: they are set ahead).
_CASE_DAYS = {
    "act_date": gettext_lazy("违法行为发生日期"),
    "filed_on": gettext_lazy("立案日期"),
    "notified_on": gettext_lazy("告知日期"),
    "statement_on": gettext_lazy("陈述申辩日期"),
    "hearing_requested_on": gettext_lazy("听证申请日期"),
    "decided_on": gettext_lazy("决定日期"),
    "served_on": gettext_lazy("送达日期"),
    "fine_due_on": gettext_lazy("罚款缴纳期限"),
    "paid_on": gettext_lazy("缴款日期"),
    "reminded_on": gettext_lazy("催告书送达日期"),
    "compulsory_execution_applied_on": gettext_lazy("申请强制执行日期"),
    "closed_on": gettext_lazy("结案日期"),
    "published_on": gettext_lazy("公示日期"),
    "changed_on": gettext_lazy("决定变更（撤销）日期"),
}
STEP_DAYS: dict[str, tuple[str, tuple[str, ...]]] = {
    "file": ("filed_on", ("act_date",)),
    "investigate": ("started_on", ("filed_on",)),
    "approve_review": ("reviewed_on", ("filed_on", "held")),
    "reject_review": ("reviewed_on", ("filed_on", "held")),
    "notify": ("notified_on", ("filed_on",)),
    "record_statement": ("statement_on", ("notified_on",)),
    "request_hearing": ("requested_on", ("notified_on",)),
    "record_hearing": ("held_on", ("notified_on",)),
    "decide": ("decided_on", ("notified_on", "statement_on", "hearing_requested_on", "held", "reviewed")),
    "decide_no_penalty": ("decided_on", ("filed_on", "reviewed")),
    "transfer": ("decided_on", ("filed_on",)),
    "revoke_filing": ("revoked_on", ("filed_on",)),
    "decide_on_the_spot": ("decided_on", ("act_date",)),
    "serve": ("served_on", ("decided_on",)),
    "record_payment": ("paid_on", ("served_on",)),
    "defer_payment": ("applied_on", ("served_on",)),
    "approve_instalments": ("applied_on", ("served_on",)),
    "record_instalment": ("paid_on", ("served_on",)),
    "remind": ("reminded_on", ("served_on",)),
    "apply_compulsory": ("applied_on", ("served_on", "reminded_on")),
    "close": ("closed_on", ("decided_on", "served_on", "paid_on", "compulsory_execution_applied_on")),
    "archive": ("archived_on", ("closed_on",)),
    "publish": ("published_on", ("decided_on",)),
    "record_change": ("changed_on", ("published_on", "decided_on")),
    "withdraw_publication": ("withdrawn_on", ("changed_on", "published_on")),
}
# The other days a step's form may carry, checked against today only.
OTHER_PAST_DAYS = ("notice_on", "collective_discussion_on")


def _earlier_days(case, names) -> list[tuple[str, dt.date]]:
    found = []
    for name in names:
        if name == "held":
            held = case.hearings.filter(held_on__isnull=False).order_by("-held_on").first()
            if held:
                found.append((str(_("听证举行日期")), held.held_on))
        elif name == "reviewed":
            review = case.latest_review()
            if review is not None and review.passed:
                found.append((str(_("法制审核日期")), review.reviewed_on))
        else:
            day = getattr(case, name, None)
            if day:
                found.append((str(_CASE_DAYS[name]), day))
    return found


def dates_in_order(step: str):
    """The guard of step `step`'s days: not in the future, not before the days it follows."""
    key, after = STEP_DAYS.get(step, ("", ()))

    def guard(case, user, data):
        now = today()
        for name in (key, *OTHER_PAST_DAYS):
            value = data.get(name) if name else None
            if isinstance(value, dt.date) and value > now:
                return refuse(
                    "date_in_future",
                    _("日期不能晚于今天（%(today)s）：%(day)s尚未到来，请按实际办理日期填写")
                    % {"today": now.isoformat(), "day": value.isoformat()},
                    field=name,
                )
        value = data.get(key) if key else None
        if not isinstance(value, dt.date):
            return None
        for label, earlier in _earlier_days(case, after):
            if value < earlier:
                return refuse(
                    "date_out_of_order",
                    _("%(day)s不能早于%(label)s（%(earlier)s）：各步骤的日期应当按办理顺序先后相继")
                    % {"day": value.isoformat(), "label": label, "earlier": earlier.isoformat()},
                    field=key,
                )
        return None

    guard.__name__ = f"dates_in_order_{step}"
    return guard


# The order a correction keeps: each pair (earlier, later) where both are recorded.
_CORRECTION_ORDER = [
    ("act_date", "filed_on"),
    ("filed_on", "notified_on"),
    ("notified_on", "statement_on"),
    ("notified_on", "decided_on"),
    ("statement_on", "decided_on"),
    ("filed_on", "decided_on"),
    ("decided_on", "served_on"),
    ("decided_on", "published_on"),
    ("served_on", "paid_on"),
    ("served_on", "reminded_on"),
    ("reminded_on", "compulsory_execution_applied_on"),
    ("decided_on", "closed_on"),
    ("served_on", "closed_on"),
    ("paid_on", "closed_on"),
    ("compulsory_execution_applied_on", "closed_on"),
]


def correction_input(case, user, data):
    """A correction repairs a day the case holds: the new day is not in the future and keeps the
    order of the procedure with the other days recorded."""
    name, day = data["field"], data["new_day"]
    if not getattr(case, name, None):
        return refuse("nothing_to_correct", _("该步骤尚未办理，没有可更正的日期"), field="field")
    if day > today():
        return refuse(
            "date_in_future",
            _("日期不能晚于今天（%(today)s）") % {"today": today().isoformat()},
            field="new_day",
        )
    days = {a: getattr(case, a, None) for pair in _CORRECTION_ORDER for a in pair}
    days[name] = day
    for earlier, later in _CORRECTION_ORDER:
        if days.get(earlier) and days.get(later) and days[later] < days[earlier]:
            return refuse(
                "date_out_of_order",
                _("更正后%(later)s（%(l)s）早于%(earlier)s（%(e)s）：各步骤的日期应当按办理顺序先后相继")
                % {
                    "later": _CASE_DAYS.get(later, later),
                    "l": days[later].isoformat(),
                    "earlier": _CASE_DAYS.get(earlier, earlier),
                    "e": days[earlier].isoformat(),
                },
                field="new_day",
            )
    return None


def preservation_input(case, user, data):
    """先行登记保存 belongs to the investigation: after the filing, not in the future."""
    day = day_of(data, "preserved_on")
    if day > today():
        return refuse("date_in_future", _("日期不能晚于今天"), field="preserved_on")
    if case.filed_on and day < case.filed_on:
        return refuse(
            "date_out_of_order",
            _("先行登记保存日期不能早于立案日期（%(day)s）") % {"day": case.filed_on.isoformat()},
            field="preserved_on",
        )
    return None


def preservation_decision_input(case, user, data):
    day = day_of(data, "decided_on")
    if day > today():
        return refuse("date_in_future", _("日期不能晚于今天"), field="decided_on")
    if case.preserved_on and day < case.preserved_on:
        return refuse(
            "date_out_of_order",
            _("处理决定日期不能早于先行登记保存日期（%(day)s）") % {"day": case.preserved_on.isoformat()},
            field="decided_on",
        )
    return None
