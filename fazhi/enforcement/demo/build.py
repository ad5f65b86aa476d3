"""Sample enforcement records of 石鼓镇 (all invented, all marked is_sample).

The brigade, its certified officers (one certificate expired, one about to), the powers list
with discretion standards, and records from which the figures of the 2021 report come out by
query (fazhi.enforcement.metrics): 19 cases filed and 19 closed in 2021 with ¥221,600 of fines
collected, 108 rectification orders, 23 actions against illegal sand mining, 12 straw-burning
fires stopped, 21,360 publicity materials handed out, and the joint demolition of two illegal
structures in 歇马村 (1,986 ㎡); fewer records each year back to 2016; and a few open cases of
this year for the demo users to work on.

Cases go through their procedure with the real workflow (`workflow.fire`), each step given the
day it happened, so the deadlines, numbers and ledger entries are those the procedure makes.
(The ledger records *when* each entry was written: for this imported history that is the day
the demo was built; the step's own day is in the entry's input.)

Idempotent: if the town's brigade exists, nothing is done.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import deadlines
from fazhi.core.attachments import attach, content_file
from fazhi.core.demo import DemoContext
from fazhi.core.ledger import acting_as
from fazhi.core.pii import credit_check_char, id_check_char
from fazhi.core.walk import Walker
from fazhi.enforcement import workflow
from fazhi.enforcement.demo.data import (
    BODY_NAME,
    CASES_2021,
    CAUSES,
    COMPANIES,
    CONFISCATED,
    DEMOLITION_2021,
    GIVEN,
    HISTORY,
    HISTORY_ORDERS,
    HISTORY_SAND_ACTIONS,
    ISSUER,
    JOINT_UNITS,
    KINDS,
    LATER,
    MATERIALS_2021,
    OFFICERS,
    ORDERS_2021,
    OTHER,
    POWERS,
    REQUIREMENTS,
    RIVER_SECTIONS,
    SAND_ACTIONS_2021,
    STRAW_STOPS_2021,
    SURNAMES,
    _other,
    _sand,
)
from fazhi.enforcement.demo.history import History, Town
from fazhi.enforcement.models import (
    BasisVersion,
    Campaign,
    CampaignAction,
    Case,
    Certificate,
    DiscretionLevel,
    EnforcementBody,
    Evidence,
    Officer,
    OfficerTraining,
    Party,
    Power,
    RectificationOrder,
)


class Demo:
    """Builds the records; keeps the generated parties and the demo users at hand."""

    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.rng = random.Random(2021)
        self.users = ctx.users
        self.officer_user = ctx.users["officer"]
        self.leader = ctx.users["leader"]
        self.reviewer = ctx.users["reviewer"]
        self.today = timezone.localdate()
        self.grids_of = {}
        for grid in ctx.grids:
            self.grids_of.setdefault(grid.parent_id, []).append(grid)
        self.villages = list(ctx.villages.values())
        self.companies: dict[str, Party] = {}
        self._seq = 0
        # Steps go through core's walker: "officer" is an officer of the case with an account.
        self.walker = Walker(
            workflow, actors=lambda key, case: self.actor(case) if key == "officer" else self.users[key]
        )

    # --- helpers -----------------------------------------------------------------------------

    def workday(self, day: dt.date) -> dt.date:
        """The day itself if a working day, else the next one (the office works on working days)."""
        while not deadlines.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def grid(self, village=None):
        village = village or self.rng.choice(self.villages)
        return self.rng.choice(self.grids_of[village.pk])

    def citizen(self, region) -> Party:
        self._seq += 1
        born = dt.date(1955, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 40 * 365))
        body17 = f"430321{born:%Y%m%d}{self._seq % 1000:03d}"
        name = self.rng.choice(SURNAMES) + self.rng.choice(
            [GIVEN[i : i + 2] for i in range(0, len(GIVEN), 2)]
        )
        party = Party(
            region=region,
            kind=Party.Kind.CITIZEN,
            name=name,
            id_number=body17 + id_check_char(body17),
            address=f"湘潭县石鼓镇{region.parent.name if region.parent_id else region.name}",
            phone=f"1{self.rng.choice('3578')}{self.rng.randrange(10**8, 10**9)}",
            is_sample=True,
        )
        party.full_clean()
        party.save()
        return party

    def company(self, name: str, region) -> Party:
        if name in self.companies:
            return self.companies[name]
        self._seq += 1
        chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        tail = "".join(chars[(self._seq * 7 + i * 13) % len(chars)] for i in range(5))
        body17 = f"91430321MA4L{tail}"
        party = Party(
            region=region,
            kind=Party.Kind.ORGANIZATION,
            name=name,
            credit_code=body17 + credit_check_char(body17),
            legal_representative=self.rng.choice(SURNAMES)
            + self.rng.choice(["建军", "海波", "志刚", "国华"]),
            address=f"湘潭县石鼓镇{region.parent.name if region.parent_id else region.name}",
            is_sample=True,
        )
        party.full_clean()
        party.save()
        self.companies[name] = party
        return party

    def level_for(self, power: Power, fine: Decimal | None) -> DiscretionLevel:
        levels = sorted(power.levels.all(), key=lambda level: level.rank)
        if fine:
            for level in levels:
                if level.fine_in_range(fine) and level.fine_max is not None:
                    return level
        return levels[0]

    # --- registers ---------------------------------------------------------------------------

    def body(self) -> EnforcementBody:
        body = EnforcementBody(
            region=self.ctx.town,
            name=BODY_NAME,
            kind=EnforcementBody.Kind.STATUTORY,
            legal_basis=(
                "湖南省赋予乡镇（街道）的县级行政处罚权（行政处罚法第二十四条），以湘潭县石鼓镇人民政府名义实施；"
                "镇权责清单所列事项。（示例）"
            ),
            case_prefix="石鼓执罚",
            order_prefix="石鼓执改",
            address="湘潭县石鼓镇人民政府院内（示例）",
            phone="0731-57000000（示例）",
            complaint_channel="12345政务服务便民热线；石鼓镇人民政府投诉电话 0731-57000001（示例）",
            is_sample=True,
        )
        body.full_clean()
        body.save()
        return body

    def officers(self, body) -> dict[str, Officer]:
        found = {}
        for name, username, position, certificates in OFFICERS:
            officer = Officer.objects.create(
                body=body,
                name=name,
                user=self.users.get(username) if username else None,
                position=position,
                is_sample=True,
            )
            for number, start, until in certificates:
                valid_until = (
                    self.today + dt.timedelta(days=int(until[1:]))
                    if until.startswith("+")
                    else dt.date.fromisoformat(until)
                )
                Certificate.objects.create(
                    officer=officer,
                    number=number,
                    issuing_authority=ISSUER,
                    valid_from=dt.date.fromisoformat(start),
                    valid_until=valid_until,
                    status=Certificate.Status.EXPIRED
                    if valid_until < self.today
                    else Certificate.Status.VALID,
                    is_sample=True,
                )
            for year in range(2016, self.today.year + 1):
                if year == self.today.year and self.today.month < 3:
                    continue
                OfficerTraining.objects.create(
                    officer=officer,
                    year=year,
                    hours=Decimal(self.rng.choice([36, 40, 42, 48, 56])),
                    note="县司法局行政执法人员法律知识培训、镇集中学法",
                    is_sample=True,
                )
            found[name] = officer
        # the town's 法制审核员 (陈静): on record with the day her review duty began and her
        # qualification, as 行政处罚法 第五十八条第二款 asks (she reviews the demo's cases)
        reviewer = self.users.get("reviewer")
        if reviewer is not None:
            Officer.objects.create(
                body=body,
                name="陈静",
                user=reviewer,
                position="法制审核员",
                review_duty_since=dt.date(2018, 6, 1),
                legal_qualification="A20184303210058",
                is_sample=True,
            )
        return found

    def powers(self, body) -> dict[str, Power]:
        found = {}
        for spec in POWERS:
            power = Power.objects.create(
                body=body,
                code=spec.code,
                name=spec.name,
                law=spec.law,
                article=spec.article,
                basis_text=spec.basis_text or f"{spec.law}{spec.article}（示例依据，以现行有效文本为准）",
                penalties=spec.penalties,
                in_review_catalogue=spec.catalogue,
                devolved=spec.devolved,
                is_sample=True,
            )
            for level, low, high, description in spec.levels:
                DiscretionLevel.objects.create(
                    power=power,
                    level=level,
                    fine_min=Decimal(low) if low is not None else None,
                    fine_max=Decimal(high) if high is not None else None,
                    description=description,
                    is_sample=True,
                )
            for label, effective_from in spec.versions:
                # 第三十七条: the basis's versions; the violation day selects one
                BasisVersion.objects.create(
                    power=power,
                    label=label,
                    effective_from=effective_from,
                    basis_text=power.basis_text,
                    penalty_kinds=power.penalty_kinds,
                    is_sample=True,
                )
            found[spec.key] = power
        return found

    # --- a case through its procedure ----------------------------------------------------------

    def case(
        self,
        *,
        power: Power,
        party: Party,
        region,
        filed_on: dt.date,
        officers: list[Officer],
        fine: Decimal | None,
        cause: str,
        facts: str,
        place: str,
        procedure: str = Case.Procedure.GENERAL,
    ) -> Case:
        case = Case(
            body=power.body,
            region=region,
            party=party,
            cause=cause,
            source=self.rng.choice(
                [Case.Source.PATROL, Case.Source.PATROL, Case.Source.COMPLAINT, Case.Source.GRID]
            ),
            power=power,
            procedure=procedure,
            facts=facts,
            place=place,
            act_date=filed_on - dt.timedelta(days=self.rng.randrange(2, 12)),
            discovered_on=filed_on - dt.timedelta(days=1),
            is_sample=True,
        )
        case.full_clean()
        case.save()
        for officer in officers:
            workflow.add_officer(case, officer, self.officer_user, on=filed_on)
        return case

    def evidence(self, case: Case, day: dt.date, kinds: list[tuple[str, str]]) -> list[Evidence]:
        collector = self.actor(case)
        made = []
        for i, (kind, description) in enumerate(kinds):
            made.append(
                Evidence.objects.create(
                    case=case,
                    kind=kind,
                    description=description,
                    collected_by=collector,
                    collected_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9 + i, 30))),
                    place=case.place,
                    from_body_camera=kind == Evidence.Kind.AUDIOVISUAL,
                    is_sample=True,
                )
            )
        return made

    def actor(self, case: Case):
        """An officer of the case who has an account (they fire its officers' steps)."""
        return next(
            (link.officer.user for link in case.active_case_officers() if link.officer.user_id),
            self.officer_user,
        )

    def fire(self, case: Case, name: str, user, **data):
        return self.walker.step(case, name, "officer" if user == self.officer_user else user, **data)

    def issue_order(self, order: RectificationOrder) -> RectificationOrder:
        """A rectification order issued as the order page issues one: saved (numbered) with its
        责令改正期限 open, in one transaction."""
        with transaction.atomic():
            order.full_clean()
            order.save()
            workflow.follow_order_deadline(order)
        return order

    def check_order(self, order: RectificationOrder, step: str, day: dt.date, note: str) -> None:
        """The order's follow-up check through ORDER's step (`record_rectified` or
        `record_overdue`), by the officer who issued it."""
        workflow.ORDER.fire(order, step, order.issued_by, {"checked_on": day, "check_note": note})

    def run_penalty(
        self,
        case: Case,
        *,
        fine: Decimal | None,
        kinds: list[str],
        other: str = "",
        filed_on: dt.date,
        notice_fine: Decimal | None = None,
        statement: str = "",
        hearing: bool = False,
        close: bool = True,
        publish: bool = True,
    ) -> Case:
        """General procedure from filing to archive, each step on its own (working) day."""
        officer, leader, reviewer = self.officer_user, self.leader, self.reviewer
        notice_fine = notice_fine if notice_fine is not None else fine
        level = self.level_for(case.power, notice_fine)
        self.fire(case, "file", officer, filed_on=filed_on)
        self.fire(case, "investigate", officer, started_on=filed_on)
        day = filed_on
        if case.power.in_review_catalogue and not hearing:
            day = self.workday(day + dt.timedelta(days=18))
            self.fire(case, "submit_for_review", officer)
            self.fire(
                case,
                "approve_review",
                reviewer,
                opinion="主体合法，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意拟处理意见。",
                reviewed_on=day,
            )
        notified_on = self.workday(day + dt.timedelta(days=7))
        self.fire(
            case,
            "notify",
            officer,
            notified_on=notified_on,
            intended_penalties=kinds,
            intended_fine=notice_fine,
            intended_other=other,
            confiscation_value=CONFISCATED if "confiscation" in kinds else None,
            discretion_level=level.pk,
        )
        if hearing:
            requested = self.workday(notified_on + dt.timedelta(days=2))
            self.fire(case, "request_hearing", officer, requested_on=requested)
            notice_on = self.workday(requested + dt.timedelta(days=1))
            scheduled = self.workday(workflow.earliest_hearing_day(notice_on) + dt.timedelta(days=1))
            self.fire(
                case,
                "schedule_hearing",
                officer,
                chair=leader.pk,
                notice_on=notice_on,
                scheduled_on=scheduled,
                place="石鼓镇人民政府三楼会议室",
            )
            self.fire(
                case,
                "record_hearing",
                officer,
                held_on=scheduled,
                record="当事人委托代理人到场，对违法事实无异议，请求从轻处罚。调查人员出示了证据，当事人进行了申辩和质证。",
            )
            review_day = self.workday(scheduled + dt.timedelta(days=2))
            self.fire(case, "submit_for_review", officer)
            self.fire(
                case,
                "approve_review",
                reviewer,
                opinion="经听证程序，事实清楚，证据确凿，适用依据正确，程序合法，同意拟处理意见。",
                reviewed_on=review_day,
            )
            decided_on = self.workday(review_day + dt.timedelta(days=2))
        else:
            statement_on = self.workday(notified_on + dt.timedelta(days=1))
            if statement:
                self.fire(
                    case,
                    "record_statement",
                    officer,
                    statement=statement,
                    statement_on=statement_on,
                    hearing_waived=True,
                )
            else:
                self.fire(
                    case,
                    "record_statement",
                    officer,
                    statement_waived=True,
                    hearing_waived=True,
                    statement_on=statement_on,
                )
            decided_on = self.workday(notified_on + dt.timedelta(days=7))
        decision = {
            "decided_on": decided_on,
            "decided_penalties": kinds,
            "decided_fine": fine,
            "decided_other": other,
            "discretion_level": self.level_for(case.power, fine).pk,
            "decision_reason": "违法事实清楚，证据确凿，依据权责清单所列依据和裁量基准作出决定。",
        }
        if workflow.needs_collective_discussion(case, self.level_for(case.power, fine), fine):
            decision.update(
                collective_discussion=True,
                collective_discussion_on=decided_on,
                collective_discussion_minutes="镇人民政府负责人集体讨论，一致同意按拟处理意见作出行政处罚决定。",
            )
        self.fire(case, "decide", leader, **decision)
        served_on = self.workday(decided_on + dt.timedelta(days=1))
        self.fire(case, "serve", officer, served_on=served_on, party_present=False, service_method="直接送达")
        if publish:
            self.fire(case, "publish", officer, published_on=self.workday(decided_on + dt.timedelta(days=2)))
        if not close:
            return case
        last = served_on
        if fine:
            last = served_on + dt.timedelta(days=self.rng.randrange(3, 12))
            self.fire(case, "record_payment", officer, paid_on=last, amount_paid=fine)
        closed_on = self.workday(last + dt.timedelta(days=3))
        self.fire(case, "close", officer, closed_on=closed_on)
        self.fire(case, "archive", officer, archived_on=self.workday(closed_on + dt.timedelta(days=5)))
        return case

    def run_simple(self, case: Case, *, fine: Decimal, day: dt.date) -> Case:
        """简易程序 (行政处罚法 第五十一条): decided and handed over on the spot."""
        officer = self.officer_user
        self.fire(
            case,
            "decide_on_the_spot",
            officer,
            decided_on=day,
            decided_penalties=["fine"],
            decided_fine=fine,
            party_informed=True,
            discretion_level=self.level_for(case.power, fine).pk,
        )
        paid_on = day + dt.timedelta(days=2)
        self.fire(case, "record_payment", officer, paid_on=paid_on, amount_paid=fine)
        self.fire(case, "publish", officer, published_on=self.workday(day + dt.timedelta(days=1)))
        closed_on = self.workday(paid_on + dt.timedelta(days=1))
        self.fire(case, "close", officer, closed_on=closed_on)
        self.fire(case, "archive", officer, archived_on=self.workday(closed_on + dt.timedelta(days=3)))
        return case


# The other town's light volume (bulk path only): cases, orders, sand actions, straw stops a year.
OTHER_TOWN_BODY = "易俗河镇综合行政执法大队"
OTHER_TOWN_YEAR = (5, 24, 6, 3)
OTHER_TOWN_OFFICERS = [
    ("彭志刚", "执法中队长", "43032117101"),
    ("邓丽华", "执法队员", "43032117102"),
    ("曾国平", "执法队员", "43032117103"),
]

VOLUMES = {
    "石鼓镇2021年案件（实际流程）": 19,
    "2021年整改文书": ORDERS_2021,
    "其他年份案件（批量，2016–去年）": "每年 7–20 件",
    "其他年份整改文书（批量）": "每年 30–104 份",
    "本年在办案件（实际流程）": 3,
    "易俗河镇（批量）": f"每年案件 {OTHER_TOWN_YEAR[0]} 件、整改文书 {OTHER_TOWN_YEAR[1]} 份",
}


def build(ctx: DemoContext) -> None:
    if EnforcementBody.objects.filter(region=ctx.town, name=BODY_NAME).exists():
        ctx.log.append("行政执法：示例记录已存在，未重复建立。")
        return
    demo = Demo(ctx)
    with acting_as(demo.officer_user, "command"), transaction.atomic():
        body = demo.body()
        officers = demo.officers(body)
        powers = demo.powers(body)
        town = Town(
            ctx.town,
            body,
            powers,
            {name: officers[name] for name in ("王强", "赵敏", "李军", "周平")},
            demo.villages,
            demo.grids_of,
            issued_by=demo.officer_user,
            reviewer=demo.reviewer,
            companies=demo.companies,
        )
        history = History(demo, town)
        years = [year for year in range(2016, demo.today.year) if year != 2021]
        for year in years:
            n = HISTORY.get(year) or LATER.get(year, 18)
            straw = 4 + year - 2016 if year < 2021 else 8
            history.year(year, n, HISTORY_ORDERS.get(year, 100), HISTORY_SAND_ACTIONS.get(year, 18), straw)
        _year_2021(demo, powers, officers)
        _campaigns(demo, body, [2021])
        _this_year(demo, body, powers, officers)
        if ctx.other_town is not None:
            _other_town(demo, ctx)
    ctx.log.append(
        f"行政执法：{BODY_NAME}，执法人员{len(officers)}名，权责清单{len(powers)}项，"
        f"案件{Case.objects.filter(body=body).count()}件，整改文书{RectificationOrder.objects.filter(body=body).count()}份；"
        f"{OTHER_TOWN_BODY}案件{Case.objects.filter(body__name=OTHER_TOWN_BODY).count()}件。"
    )


def _other_town(demo: Demo, ctx: DemoContext) -> None:
    """易俗河镇: its brigade, three officers and the same powers list; every year through the
    bulk path, a light volume."""
    body = EnforcementBody(
        region=ctx.other_town,
        name=OTHER_TOWN_BODY,
        kind=EnforcementBody.Kind.STATUTORY,
        legal_basis="湖南省赋予乡镇（街道）的县级行政处罚权，以湘潭县易俗河镇人民政府名义实施。（示例）",
        case_prefix="易俗执罚",
        order_prefix="易俗执改",
        is_sample=True,
    )
    body.full_clean()
    body.save()
    officers = {}
    for name, position, number in OTHER_TOWN_OFFICERS:
        officer = Officer.objects.create(body=body, name=name, position=position, is_sample=True)
        Certificate.objects.create(
            officer=officer,
            number=number,
            issuing_authority=ISSUER,
            valid_from=dt.date(2016, 1, 1),
            valid_until=dt.date(demo.today.year + 3, 12, 31),
            is_sample=True,
        )
        officers[name] = officer
    powers = demo.powers(body)
    grids_of = {}
    for grid in ctx.other_grids:
        grids_of.setdefault(grid.parent_id, []).append(grid)
    town = Town(ctx.other_town, body, powers, officers, list(ctx.other_villages.values()), grids_of)
    history = History(demo, town)
    cases, orders, actions = OTHER_TOWN_YEAR[:2] + (OTHER_TOWN_YEAR[2],)
    for year in range(2016, demo.today.year):
        history.year(year, cases + demo.rng.randrange(0, 3), orders, actions, OTHER_TOWN_YEAR[3])


# --- 2021 ------------------------------------------------------------------------------------------


def _year_2021(demo: Demo, powers, officers) -> None:
    order_cases = []
    for key, company, fine, filed, special in CASES_2021:
        power = powers[key]
        fine = Decimal(fine)
        filed_on = dt.date.fromisoformat(filed)
        village = demo.ctx.villages["歇马村"] if key == "sand" and company else demo.rng.choice(demo.villages)
        grid = demo.grid(village)
        party = demo.company(company, grid) if company else demo.citizen(grid)
        place, facts, evidence = _sand(village) if key == "sand" else _other(key, village)
        if special == "order":
            order_cases.append((power, party, grid, filed_on, fine, key))
            continue
        case = demo.case(
            power=power,
            party=party,
            region=grid,
            filed_on=filed_on,
            officers=[officers["赵敏"], officers["李军"]]
            if filed_on.month % 3 == 0
            else [officers["王强"], officers["赵敏"]],
            fine=fine,
            cause=CAUSES[key].format(party=party.public_name),
            facts=facts,
            place=place,
            procedure=Case.Procedure.SIMPLE if special == "simple" else Case.Procedure.GENERAL,
        )
        demo.evidence(case, filed_on, evidence)
        if special == "simple":
            demo.run_simple(case, fine=fine, day=filed_on)
            continue
        demo.run_penalty(
            case,
            fine=fine,
            kinds=KINDS[key],
            other=OTHER.get(key, "") if key == "mining" else "",
            filed_on=filed_on,
            notice_fine=Decimal(30000) if special == "statement" else None,
            statement="初次违法，已主动停止采砂并恢复河道原状，请求从轻处罚。"
            if special == "statement"
            else "",
            hearing=special == "hearing",
        )
    _orders(demo, powers, 2021, ORDERS_2021, overdue_cases=order_cases)


# --- rectification orders ------------------------------------------------------------------------


def _orders(demo: Demo, powers, year: int, count: int, overdue_cases: list) -> None:
    """`count` rectification orders issued in `year`; those in `overdue_cases` are not complied
    with and become cases (逾期未改 → 立案) — the rest are complied with by their deadline."""
    body = next(iter(powers.values())).body
    officers = list(Officer.objects.filter(body=body, name__in=["王强", "赵敏"]))
    special = {filed_on - dt.timedelta(days=30): item for item in overdue_cases for filed_on in [item[3]]}
    days = sorted(
        [
            dt.date(year, 1, 10) + dt.timedelta(days=demo.rng.randrange(0, 320))
            for _ in range(count - len(special))
        ]
        + list(special)
    )
    for day in days:
        issued_on = demo.workday(day)
        item = special.pop(day, None)
        if item is not None:
            power, party, grid, filed_on, fine, key = item
        else:
            grid = demo.grid()
            party = (
                demo.company(demo.rng.choice(COMPANIES["waste"] + COMPANIES["sand"]), grid)
                if demo.rng.random() < 0.3
                else demo.citizen(grid)
            )
        deadline = issued_on + dt.timedelta(days=demo.rng.choice([7, 10, 15, 20]))
        order = RectificationOrder(
            body=body,
            region=grid,
            party=party,
            issued_on=issued_on,
            deadline=deadline,
            requirement=demo.rng.choice(REQUIREMENTS)
            if item is None
            else REQUIREMENTS[1 if key == "waste" else 2],
            issued_by=demo.officer_user,
            is_sample=True,
        )
        demo.issue_order(order)
        if item is None:
            demo.check_order(order, "record_rectified", deadline, "复查时已按要求整改完毕。")
            continue
        # 逾期未改 → 立案, then the case runs its course
        checked_on = demo.workday(deadline + dt.timedelta(days=1))
        demo.check_order(order, "record_overdue", checked_on, "复查发现逾期未改正，立案查处。")
        case = workflow.file_case_from_order(
            order,
            demo.officer_user,
            power=power,
            officers=officers,
            cause=CAUSES[key].format(party=party.public_name),
            act_date=order.checked_on,
            filed_on=filed_on,
        )
        case.is_sample = True
        case.place = grid.name
        case.facts = f"当事人经责令改正（{order.number}）逾期未改正。"
        case.save()
        demo.evidence(
            case, filed_on, [(Evidence.Kind.DOCUMENTARY, f"责令改正通知书 {order.number} 及送达回证")]
        )
        # The case is filed already; run the rest of the procedure.
        _continue_filed(demo, case, fine, KINDS[key], filed_on)


def _continue_filed(demo: Demo, case: Case, fine: Decimal, kinds: list[str], filed_on: dt.date) -> None:
    officer, leader = demo.officer_user, demo.leader
    demo.fire(case, "investigate", officer, started_on=filed_on)
    notified_on = demo.workday(filed_on + dt.timedelta(days=7))
    level = demo.level_for(case.power, fine)
    demo.fire(
        case,
        "notify",
        officer,
        notified_on=notified_on,
        intended_penalties=kinds,
        intended_fine=fine,
        confiscation_value=CONFISCATED if "confiscation" in kinds else None,
        discretion_level=level.pk,
    )
    demo.fire(
        case,
        "record_statement",
        officer,
        statement_waived=True,
        hearing_waived=True,
        statement_on=notified_on,
    )
    decided_on = demo.workday(notified_on + dt.timedelta(days=7))
    decision = {
        "decided_on": decided_on,
        "decided_penalties": kinds,
        "decided_fine": fine,
        "discretion_level": level.pk,
        "decision_reason": "经责令改正逾期未改正，依法给予行政处罚。",
    }
    if workflow.needs_collective_discussion(case, level, fine):
        decision.update(
            collective_discussion=True,
            collective_discussion_minutes="镇人民政府负责人集体讨论，同意按拟处理意见作出行政处罚决定。",
        )
    demo.fire(case, "decide", leader, **decision)
    served_on = demo.workday(decided_on + dt.timedelta(days=1))
    demo.fire(case, "serve", officer, served_on=served_on, party_present=True)
    demo.fire(case, "publish", officer, published_on=demo.workday(decided_on + dt.timedelta(days=2)))
    paid_on = served_on + dt.timedelta(days=6)
    demo.fire(case, "record_payment", officer, paid_on=paid_on, amount_paid=fine)
    closed_on = demo.workday(paid_on + dt.timedelta(days=2))
    demo.fire(case, "close", officer, closed_on=closed_on)
    demo.fire(case, "archive", officer, archived_on=demo.workday(closed_on + dt.timedelta(days=5)))


# --- campaigns and joint actions -----------------------------------------------------------------


def _campaign(demo, body, name, kind, starts, ends, joint_units="", description=""):
    return Campaign.objects.create(
        region=demo.ctx.town,
        body=body,
        name=name,
        kind=kind,
        starts_on=starts,
        ends_on=ends,
        joint_units=joint_units,
        description=description,
        is_sample=True,
    )


def _spread(demo: Demo, year: int, n: int, start_month: int = 1, end_month: int = 12) -> list[dt.date]:
    first = dt.date(year, start_month, 5)
    last = dt.date(year, end_month, 20)
    span = (last - first).days
    return sorted(
        demo.workday(first + dt.timedelta(days=span * i // max(n, 1) + demo.rng.randrange(0, 5)))
        for i in range(n)
    )


def _campaigns(demo: Demo, body, years) -> None:
    for year in years:
        sand_n = SAND_ACTIONS_2021 if year == 2021 else HISTORY_SAND_ACTIONS[year]
        sand = _campaign(
            demo,
            body,
            f"{year}年打击取缔非法采砂洗砂采石专项整治行动",
            Campaign.Kind.SAND_MINING,
            dt.date(year, 1, 4),
            dt.date(year, 12, 25),
            "镇水利站、派出所、自然资源所",
            "对涓水河石鼓段开展常态化巡查，依法取缔非法采砂洗砂点，查扣采砂船只和机具，宣传河道采砂管理法规。",
        )
        materials_left = MATERIALS_2021
        actions = []
        for day in _spread(demo, year, sand_n):
            actions.append(
                CampaignAction(
                    campaign=sand,
                    region=sand.region,
                    acted_on=day,
                    places=demo.rng.choice(RIVER_SECTIONS),
                    participating_units="镇综合行政执法大队、镇水利站、石鼓派出所",
                    joint=True,
                    people_count=demo.rng.randrange(6, 16),
                    findings=demo.rng.choice(
                        [
                            "发现非法采砂船1艘，已责令停止作业",
                            "未发现非法采砂行为",
                            "发现洗砂点1处，已取缔",
                            "发现夜间偷采迹象，加强巡查",
                        ]
                    ),
                    seizures=demo.rng.choice(["", "", "暂扣采砂船1艘", "查扣抽砂泵2台"]),
                    materials_handed_out=demo.rng.randrange(350, 650),
                    is_sample=True,
                )
            )
        straw = _campaign(
            demo,
            body,
            f"{year}年秸秆禁烧专项行动",
            Campaign.Kind.STRAW_BURNING,
            dt.date(year, 9, 20),
            dt.date(year, 12, 10),
            "镇农业综合服务中心、各村（社区）",
            "秋收期间分片包干巡查，制止露天焚烧秸秆，宣传秸秆综合利用。",
        )
        stops = STRAW_STOPS_2021 if year == 2021 else [1] * (4 + year - 2016)
        for day, stopped in zip(_spread(demo, year, len(stops), 10, 11), stops, strict=True):
            actions.append(
                CampaignAction(
                    campaign=straw,
                    region=straw.region,
                    acted_on=max(day, straw.starts_on),
                    places="、".join(demo.rng.sample([v.name for v in demo.villages], 2)),
                    participating_units="镇综合行政执法大队、村（社区）网格员",
                    people_count=demo.rng.randrange(4, 10),
                    findings=f"制止露天焚烧秸秆{stopped}起，现场扑灭",
                    straw_burning_stops=stopped,
                    materials_handed_out=demo.rng.randrange(600, 1000),
                    is_sample=True,
                )
            )
        if year == 2021:
            demolition = _campaign(
                demo,
                body,
                "歇马村违章搭建联合整治",
                Campaign.Kind.ILLEGAL_CONSTRUCTION,
                dt.date(2021, 8, 2),
                dt.date(2021, 8, 31),
                JOINT_UNITS,
                "协同自然资源所和自然资源与生态环境办公室，依法拆除歇马村两处违章搭建。",
            )
            actions.append(
                CampaignAction(
                    campaign=demolition,
                    region=demo.ctx.villages["歇马村"],
                    acted_on=dt.date(2021, 8, 18),
                    places="歇马村3组、歇马村7组",
                    participating_units=JOINT_UNITS,
                    joint=True,
                    people_count=32,
                    findings="两处违章搭建（砂石堆场棚屋、仓储棚）经责令限期拆除逾期未拆除",
                    demolished_count=len(DEMOLITION_2021),
                    demolished_area_m2=sum(DEMOLITION_2021),
                    materials_handed_out=300,
                    notes="拆除面积：1236平方米、750平方米",
                    is_sample=True,
                )
            )
            environment = _campaign(
                demo,
                body,
                "2021年城乡环境综合整治",
                Campaign.Kind.ENVIRONMENT,
                dt.date(2021, 3, 1),
                dt.date(2021, 11, 30),
                "镇环卫所、各村（社区）",
                "整治占道经营、乱倒建筑垃圾，宣传《城市市容和环境卫生管理条例》。",
            )
            for day in _spread(demo, 2021, 6, 3, 11):
                actions.append(
                    CampaignAction(
                        campaign=environment,
                        region=environment.region,
                        acted_on=day,
                        places="石鼓社区主街、集镇农贸市场周边",
                        participating_units="镇综合行政执法大队、镇环卫所",
                        people_count=demo.rng.randrange(5, 12),
                        findings="劝导占道经营商户，清理乱堆乱放",
                        materials_handed_out=demo.rng.randrange(450, 650),
                        is_sample=True,
                    )
                )
        if year == 2021:
            # 2021's materials add up to the report's figure: the last action takes the rest.
            handed = sum(a.materials_handed_out for a in actions[:-1])
            actions[-1].materials_handed_out = materials_left - handed
        for action in actions:
            action.full_clean()
            action.save()


# --- this year: open work for the demo users ----------------------------------------------------


def _png() -> bytes:
    """A small grey PNG (a stand-in for a photo from the phone)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    width = height = 16
    raw = b"".join(b"\x00" + bytes([150, 150, 150]) * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _this_year(demo: Demo, body, powers, officers) -> None:
    today = demo.today
    officer = demo.officer_user
    wang, zhao = officers["王强"], officers["赵敏"]
    xiema = demo.ctx.villages["歇马村"]

    # 1. just filed: a sand-mining company, with a photo from the phone
    grid = demo.grid(xiema)
    party = demo.company("湘潭县江岸砂石有限公司", grid)
    filed_on = today - dt.timedelta(days=2)
    place, facts, evidence = _sand(xiema)
    case = demo.case(
        power=powers["sand"],
        party=party,
        region=grid,
        filed_on=filed_on,
        officers=[wang, zhao],
        fine=None,
        cause=CAUSES["sand"].format(party=party.name),
        facts=facts,
        place=place,
    )
    demo.fire(case, "file", officer, filed_on=filed_on)
    [photo] = demo.evidence(case, filed_on, [(Evidence.Kind.AUDIOVISUAL, "现场照片：采砂船正在作业")])
    attach(content_file(_png(), "现场照片.png"), owner=photo, user=officer, caption="现场照片")

    # 2. waiting for legal review: quarrying without a licence (on the review catalogue)
    grid = demo.grid(demo.ctx.villages["五星村"])
    party = demo.citizen(grid)
    filed_on = today - dt.timedelta(days=20)
    place, facts, evidence = _other("mining", grid.parent)
    case = demo.case(
        power=powers["mining"],
        party=party,
        region=grid,
        filed_on=filed_on,
        officers=[wang, zhao],
        fine=None,
        cause=CAUSES["mining"].format(party=party.public_name),
        facts=facts,
        place=place,
    )
    demo.evidence(case, filed_on, evidence)
    demo.fire(case, "file", officer, filed_on=filed_on)
    demo.fire(case, "investigate", officer, started_on=filed_on)
    demo.fire(case, "submit_for_review", officer)

    # 3. awaiting the leader's decision: notified, the party stated a defence and waived a hearing
    grid = demo.grid(demo.ctx.villages["古塘村"])
    party = demo.citizen(grid)
    filed_on = today - dt.timedelta(days=30)
    place, facts, evidence = _sand(grid.parent)
    case = demo.case(
        power=powers["sand"],
        party=party,
        region=grid,
        filed_on=filed_on,
        officers=[zhao, officers["李军"]],
        fine=None,
        cause=CAUSES["sand"].format(party=party.public_name),
        facts=facts,
        place=place,
    )
    demo.evidence(case, filed_on, evidence)
    demo.fire(case, "file", officer, filed_on=filed_on)
    demo.fire(case, "investigate", officer, started_on=filed_on)
    notified_on = today - dt.timedelta(days=10)
    demo.fire(
        case,
        "notify",
        officer,
        notified_on=notified_on,
        intended_penalties=["warning", "fine"],
        intended_fine=Decimal(3000),
        discretion_level=demo.level_for(powers["sand"], Decimal(3000)).pk,
    )
    demo.fire(
        case,
        "record_statement",
        officer,
        statement="家庭困难，初次违法，已停止采砂，请求从轻处罚。",
        statement_on=notified_on + dt.timedelta(days=1),
        hearing_waived=True,
    )

    # rectification orders of this year: two complied with, two running, one past its deadline
    for offset, days, done in [
        (60, 15, True),
        (40, 10, True),
        (9, 15, False),
        (5, 7, False),
        (16, 10, False),
    ]:
        grid = demo.grid()
        order = RectificationOrder(
            body=body,
            region=grid,
            party=demo.citizen(grid),
            issued_on=today - dt.timedelta(days=offset),
            deadline=today - dt.timedelta(days=offset) + dt.timedelta(days=days),
            requirement=demo.rng.choice(REQUIREMENTS),
            issued_by=officer,
            is_sample=True,
        )
        demo.issue_order(order)
        if done:
            demo.check_order(order, "record_rectified", order.deadline, "复查时已整改完毕。")

    # this year's sand-mining campaign, two actions so far
    campaign = _campaign(
        demo,
        body,
        f"{today.year}年打击取缔非法采砂洗砂采石专项整治行动",
        Campaign.Kind.SAND_MINING,
        dt.date(today.year, 1, 4),
        dt.date(today.year, 12, 25),
        "镇水利站、派出所、自然资源所",
    )
    for back in (25, 8):
        acted_on = max(today - dt.timedelta(days=back), campaign.starts_on)
        CampaignAction.objects.create(
            campaign=campaign,
            acted_on=acted_on,
            places=demo.rng.choice(RIVER_SECTIONS),
            participating_units="镇综合行政执法大队、镇水利站",
            joint=True,
            people_count=8,
            findings="巡查河道，未发现非法采砂",
            materials_handed_out=300,
            is_sample=True,
        )
