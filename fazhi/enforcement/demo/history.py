"""The years around the reference year, and the other town, through the bulk path.

Cases already closed and archived, the rectification orders complied with (at ORDER's 整改完成,
with their 责令改正期限 met on the day of the check), the campaigns and their actions: written with `fazhi.core.bulk.insert` (bulk_create inside
`frozen.importing_at_state()`, one ledger entry each, chained in bulk) with the dates the
procedure would have given them — filed, notified, decided within 90 days, served, paid,
closed, archived, published — but without firing each step. 2021 of 石鼓镇 and this year's open
work go through the real workflow (build.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from fazhi.core import bulk, deadlines
from fazhi.core.models import Deadline
from fazhi.core.pii import id_check_char
from fazhi.enforcement.demo.data import (
    CAUSES,
    COMPANIES,
    CONFISCATED,
    GIVEN,
    HISTORY_MIX,
    KINDS,
    OTHER,
    REQUIREMENTS,
    RIVER_SECTIONS,
    SURNAMES,
    _other,
    _sand,
)
from fazhi.enforcement.models import (
    CASE_NUMBERS,
    ORDER_NUMBERS,
    Campaign,
    CampaignAction,
    Case,
    CaseOfficer,
    CaseState,
    Evidence,
    LegalReview,
    Party,
    Publicity,
    RectificationOrder,
)

DONE_NOTE = "复查时已按要求整改完毕。"


@dataclass
class Town:
    """What the bulk writer needs of a town: its brigade, powers and officers, its villages and
    grids, and the names its parties and places take."""

    region: object
    body: object
    powers: dict
    officers: dict
    villages: list
    grids_of: dict
    county_name: str = "湘潭县"
    issued_by: object = None
    reviewer: object = None
    companies: dict = field(default_factory=dict)


class History:
    def __init__(self, demo, town: Town):
        self.demo, self.town, self.rng = demo, town, demo.rng

    def grid(self, village):
        return self.rng.choice(self.town.grids_of[village.pk])

    def citizen(self, grid) -> Party:
        demo = self.demo
        demo._seq += 1
        born = dt.date(1955, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 40 * 365))
        body17 = f"430321{born:%Y%m%d}{demo._seq % 1000:03d}"
        name = self.rng.choice(SURNAMES) + self.rng.choice(
            [GIVEN[i : i + 2] for i in range(0, len(GIVEN), 2)]
        )
        return Party(
            region=grid,
            kind=Party.Kind.CITIZEN,
            name=name,
            id_number=body17 + id_check_char(body17),
            address=f"{self.town.county_name}{self.town.region.name}{grid.parent.name}",
            is_sample=True,
        )

    def party(self, key: str, grid, new: list) -> Party:
        if key in COMPANIES and self.rng.random() < 0.6:
            name = self.rng.choice(COMPANIES[key])
            if self.town.region != self.demo.ctx.town:
                name = name.replace("湘潭县", f"{self.town.region.name}")
            found = self.town.companies.get(name) or self.demo.companies.get(name)
            if found is not None:
                return found
            party = self.demo.company(name, grid)  # a few, saved one by one (credit code, dedup)
            self.town.companies[name] = party
            return party
        party = self.citizen(grid)
        new.append(party)
        return party

    def fine_for(self, power, party) -> Decimal | None:
        levels = [lv for lv in sorted(power.levels.all(), key=lambda lv: lv.rank) if lv.fine_max]
        if not levels:
            return None
        level = levels[1] if party.kind != Party.Kind.CITIZEN and len(levels) > 1 else levels[0]
        low = max(level.fine_min or Decimal(0), Decimal(100))
        steps = int((level.fine_max - low) / 100)
        return low + Decimal(100 * self.rng.randrange(0, steps + 1))

    def team(self) -> list:
        officers = list(self.town.officers.values())
        lead = officers[self.rng.randrange(0, min(2, len(officers)))]
        return [lead, self.rng.choice([o for o in officers if o != lead])]

    # --- a year ----------------------------------------------------------------------------

    def year(self, year: int, n: int, orders: int, sand_actions: int, straw_stops: int) -> dict:
        demo, town, workday = self.demo, self.town, self.demo.workday
        days = sorted(dt.date(year, 2, 1) + dt.timedelta(days=self.rng.randrange(0, 250)) for _ in range(n))
        cases, parties, plans = [], [], []
        for i, day in enumerate(days):
            filed_on = workday(day)
            key = HISTORY_MIX[(i + year) % len(HISTORY_MIX)]
            power = town.powers[key]
            village = self.rng.choice(town.villages)
            grid = self.grid(village)
            party = self.party(key, grid, parties)
            place, facts, evidence = _sand(village) if key == "sand" else _other(key, village)
            fine = self.fine_for(power, party)
            kinds = KINDS[key] if fine else ["other"]
            other = OTHER.get(key, "")
            special = {(2019, 3): "no_penalty", (2020, 5): "transfer", (2020, 8): "withdrawn"}.get(
                (year, i), ""
            )
            if town.region != demo.ctx.town:
                special = ""
            reviewed = power.in_review_catalogue
            notified_on = workday(filed_on + dt.timedelta(days=25 if reviewed else 7))
            decided_on = workday(notified_on + dt.timedelta(days=7))
            if special == "no_penalty":
                decided_on = workday(filed_on + dt.timedelta(days=12))
            if special == "transfer":
                decided_on = workday(filed_on + dt.timedelta(days=20))
            served_on = workday(decided_on + dt.timedelta(days=1))
            penalty = special not in ("no_penalty", "transfer")
            paid_on = served_on + dt.timedelta(days=self.rng.randrange(3, 12)) if fine and penalty else None
            closed_on = workday((paid_on or served_on) + dt.timedelta(days=3))
            level = demo.level_for(power, fine) if penalty else None
            sequence = i + 1
            case = Case(
                body=town.body,
                region=grid,
                number=CASE_NUMBERS.format(town.body, year, sequence),
                year=year,
                sequence=sequence,
                cause=CAUSES[key].format(party=party.public_name),
                party=party,
                source=self.rng.choice(
                    [Case.Source.PATROL, Case.Source.PATROL, Case.Source.COMPLAINT, Case.Source.GRID]
                ),
                power=power,
                discretion_level=level,
                procedure=Case.Procedure.GENERAL,
                state=CaseState.ARCHIVED,
                facts=facts,
                place=place,
                act_date=filed_on - dt.timedelta(days=self.rng.randrange(2, 12)),
                discovered_on=filed_on - dt.timedelta(days=1),
                filed_on=filed_on,
                notified_on=notified_on if penalty else None,
                intended_penalties=kinds if penalty else [],
                intended_fine=fine if penalty else None,
                intended_other=other if penalty and "other" in kinds else "",
                confiscation_value=CONFISCATED if penalty and "confiscation" in kinds else None,
                statement_waived=penalty,
                hearing_waived=penalty,
                statement_on=workday(notified_on + dt.timedelta(days=1)) if penalty else None,
                decision_kind={
                    "no_penalty": Case.DecisionKind.NO_PENALTY,
                    "transfer": Case.DecisionKind.TRANSFERRED,
                }.get(special, Case.DecisionKind.PENALTY),
                decided_on=decided_on,
                decided_penalties=kinds if penalty else [],
                decided_fine=fine if penalty else None,
                decided_other=other if penalty and "other" in kinds else "",
                decision_reason={
                    "no_penalty": "违法行为轻微并及时改正，没有造成危害后果，依法不予行政处罚。",
                    "transfer": "开采量巨大，涉嫌非法采矿罪，依法移送县公安局。",
                }.get(special, "违法事实清楚，证据确凿，依据权责清单所列依据和裁量基准作出决定。"),
                decision_due_on=filed_on + dt.timedelta(days=90),
                served_on=served_on if special != "transfer" else None,
                service_method="直接送达" if special != "transfer" else "",
                fine_due_on=served_on + dt.timedelta(days=15) if penalty and fine else None,
                paid_on=paid_on if penalty else None,
                amount_paid=fine if penalty and paid_on else None,
                closed_on=closed_on,
                archived_on=workday(closed_on + dt.timedelta(days=5)),
                publicity=Publicity.PUBLISHED if penalty else Publicity.NOT_PUBLISHED,
                published_on=workday(decided_on + dt.timedelta(days=2)) if penalty else None,
                is_sample=True,
            )
            if special == "withdrawn":
                # a published decision changed on administrative review, then withdrawn (第四十八条)
                case.changed_on = workday(decided_on + dt.timedelta(days=40))
                case.withdrawn_on = workday(case.changed_on + dt.timedelta(days=1))
                case.withdrawal_reason = "原决定经行政复议变更"
                case.publicity = Publicity.WITHDRAWN
            cases.append(case)
            plans.append((case, evidence, reviewed and penalty))
        bulk.insert(Party, parties)
        for case in cases:
            case.party_id = case.party.pk  # the parties have their keys now
        bulk.insert(Case, cases)
        links, items, reviews = [], [], []
        for case, evidence, reviewed in plans:
            for officer in self.team():
                links.append(
                    CaseOfficer(
                        case=case, officer=officer, region=case.region, added_on=case.filed_on, is_sample=True
                    )
                )
            for k, (kind, description) in enumerate(evidence):
                items.append(
                    Evidence(
                        case=case,
                        region=case.region,
                        kind=kind,
                        description=description,
                        collected_by=town.issued_by,
                        collected_at=dt.datetime.combine(case.filed_on, dt.time(9 + k, 30), tzinfo=dt.UTC),
                        place=case.place,
                        from_body_camera=kind == Evidence.Kind.AUDIOVISUAL,
                        is_sample=True,
                    )
                )
            if reviewed and town.reviewer is not None:
                reviews.append(
                    LegalReview(
                        case=case,
                        region=case.region,
                        reviewer=town.reviewer,
                        opinion="主体合法，事实清楚，证据确凿，适用依据正确，程序合法，裁量适当，同意拟处理意见。",
                        passed=True,
                        reviewed_on=workday(case.filed_on + dt.timedelta(days=18)),
                        is_sample=True,
                    )
                )
        bulk.insert(CaseOfficer, links)
        bulk.insert(Evidence, items)
        bulk.insert(LegalReview, reviews)
        bulk.insert(Deadline, [d for case in cases for d in case_deadlines(case)])
        made_orders = self.orders(year, orders)
        actions = self.campaigns(year, sand_actions, straw_stops)
        return {"cases": len(cases), "orders": made_orders, "actions": actions}

    def orders(self, year: int, count: int) -> int:
        town, workday, new_parties, rows = self.town, self.demo.workday, [], []
        days = sorted(
            dt.date(year, 1, 10) + dt.timedelta(days=self.rng.randrange(0, 320)) for _ in range(count)
        )
        for sequence, day in enumerate(days, start=1):
            issued_on = workday(day)
            village = self.rng.choice(town.villages)
            grid = self.grid(village)
            party = self.citizen(grid)
            new_parties.append(party)
            deadline = issued_on + dt.timedelta(days=self.rng.choice([7, 10, 15, 20]))
            rows.append(
                RectificationOrder(
                    body=town.body,
                    region=grid,
                    party=party,
                    number=ORDER_NUMBERS.format(town.body, year, sequence),
                    year=year,
                    sequence=sequence,
                    issued_on=issued_on,
                    deadline=deadline,
                    requirement=self.rng.choice(REQUIREMENTS),
                    issued_by=town.issued_by,
                    checked_on=deadline,
                    result=RectificationOrder.Result.COMPLETED,
                    check_note=DONE_NOTE,
                    is_sample=True,
                )
            )
        bulk.insert(Party, new_parties)
        for order in rows:
            order.party_id = order.party.pk
        made = bulk.insert(RectificationOrder, rows)  # at 整改完成, as ORDER's check would leave them
        bulk.insert(Deadline, [order_deadline(order) for order in made])
        return len(made)

    def campaigns(self, year: int, sand_n: int, straw_n: int) -> int:
        town, demo = self.town, self.demo
        sand = Campaign(
            region=town.region,
            body=town.body,
            name=f"{year}年打击取缔非法采砂洗砂采石专项整治行动",
            kind=Campaign.Kind.SAND_MINING,
            starts_on=dt.date(year, 1, 4),
            ends_on=dt.date(year, 12, 25),
            joint_units="镇水利站、派出所、自然资源所",
            is_sample=True,
        )
        straw = Campaign(
            region=town.region,
            body=town.body,
            name=f"{year}年秸秆禁烧专项行动",
            kind=Campaign.Kind.STRAW_BURNING,
            starts_on=dt.date(year, 9, 20),
            ends_on=dt.date(year, 12, 10),
            joint_units="镇农业综合服务中心、各村（社区）",
            is_sample=True,
        )
        bulk.insert(Campaign, [sand, straw])
        rows = []
        for day in _spread(demo, year, sand_n):
            rows.append(
                CampaignAction(
                    campaign=sand,
                    region=town.region,
                    acted_on=day,
                    places=self.rng.choice(RIVER_SECTIONS),
                    participating_units="镇综合行政执法大队、镇水利站、派出所",
                    joint=True,
                    people_count=self.rng.randrange(6, 16),
                    findings=self.rng.choice(
                        ["发现非法采砂船1艘，已责令停止作业", "未发现非法采砂行为", "发现洗砂点1处，已取缔"]
                    ),
                    materials_handed_out=self.rng.randrange(350, 650),
                    is_sample=True,
                )
            )
        for day in _spread(demo, year, straw_n, 10, 11):
            rows.append(
                CampaignAction(
                    campaign=straw,
                    region=town.region,
                    acted_on=max(day, straw.starts_on),
                    places="、".join(self.rng.sample([v.name for v in town.villages], 2)),
                    participating_units="镇综合行政执法大队、村（社区）网格员",
                    people_count=self.rng.randrange(4, 10),
                    findings="制止露天焚烧秸秆1起，现场扑灭",
                    straw_burning_stops=1,
                    materials_handed_out=self.rng.randrange(600, 1000),
                    is_sample=True,
                )
            )
        return len(bulk.insert(CampaignAction, rows))


def case_deadlines(case: Case) -> list[Deadline]:
    """The deadlines the procedure gave an archived case, each met on the day it was: the
    90-day decision period, service, payment, publication and a withdrawal — those the steps
    would have started (fazhi.enforcement.workflow's declarations), so the historical years'
    timeliness figures come from the same rows as the reference year's."""
    from fazhi.enforcement import workflow

    K = Case.DecisionKind
    made = [deadlines.historical(case, workflow.DECISION, starts_on=case.filed_on, met_on=case.decided_on)]
    if case.decision_kind != K.TRANSFERRED:
        made.append(
            deadlines.historical(case, workflow.SERVICE, starts_on=case.decided_on, met_on=case.served_on)
        )
    if case.decision_kind == K.PENALTY:
        made.append(
            deadlines.historical(
                case, workflow.PUBLICATION, starts_on=case.decided_on, met_on=case.published_on
            )
        )
        if case.decided_fine:
            made.append(
                deadlines.historical(case, workflow.FINE, starts_on=case.served_on, met_on=case.paid_on)
            )
    if case.changed_on:
        made.append(
            deadlines.historical(
                case, workflow.WITHDRAWAL, starts_on=case.changed_on, met_on=case.withdrawn_on
            )
        )
    return made


def _spread(demo, year: int, n: int, start_month: int = 1, end_month: int = 12) -> list[dt.date]:
    first = dt.date(year, start_month, 5)
    last = dt.date(year, end_month, 20)
    span = (last - first).days
    return sorted(
        demo.workday(first + dt.timedelta(days=span * i // max(n, 1) + demo.rng.randrange(0, 5)))
        for i in range(n)
    )


def order_deadline(order: RectificationOrder) -> Deadline:
    """The 责令改正期限 an order complied with had: from its issue to the day it set, met on the
    day of its check (what `follow_order_deadline` and ORDER's `record_rectified` give an order
    of the reference year)."""
    from fazhi.enforcement import workflow

    return deadlines.historical(
        order,
        workflow.RECTIFICATION,
        starts_on=order.issued_on,
        met_on=order.checked_on,
        days=(order.deadline - order.issued_on).days,
    )
