"""Seed a large synthetic data set for benchmarks/run.py, in a separate database.

    .venv/bin/python benchmarks/seed.py --size moderate            # /tmp/fazhi-bench/fazhi.sqlite3
    .venv/bin/python benchmarks/seed.py --size full --reset        # start again from an empty file
    DATABASE_URL=postgres://…/fazhi_bench .venv/bin/python benchmarks/seed.py --size full

What it makes (sizes in common.SIZES): a county of N towns × villages × grids; per town a
brigade (执法主体) with officers and certificates, a powers list with discretion levels, parties,
cases over five years (filed, in every state, most of the older ones closed and paid) with two
officers and one piece of evidence each, deadlines on the cases (met, or open for cases still
being handled), rectification orders with their deadline, campaigns with actions; the accounts
the benchmarks act as; and a ledger of the requested length.

How the rows are written: records go in with `bulk_create` in batches (no model save, so no
ledger entry per row and no workflow: states and dates are set directly, plausibly). The ledger
verifies all the same: the accounts and memberships are created with ordinary saves (their
entries written by the real `ledger.record()` through the signals and sealed after commit), then
the bulk of the entries goes through `ledger.append_many` in batches (hashed as `record()`
hashes, back-dated over four years, sealed into each town's chain as they are inserted), and
the seed's own closing entry is written by the real `record()` on top. `ledger.verify()` walks
every chain and passes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

BATCH = 5_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def prepare_database(reset: bool) -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if reset:
        if connection.vendor != "sqlite":
            sys.exit("--reset only removes a SQLite file; give an empty database in DATABASE_URL instead")
        name = Path(settings.DATABASES["default"]["NAME"])
        connection.close()
        for path in (name, Path(f"{name}-wal"), Path(f"{name}-shm")):
            path.unlink(missing_ok=True)
        log(f"removed {name}")
    call_command("migrate", verbosity=0, interactive=False)
    from fazhi.core.models import Region, User

    # Migrations may write reference rows with their ledger entries (the grid's event
    # categories): an empty database is one without regions or accounts.
    if Region.objects.exists() or User.objects.exists():
        sys.exit(
            f"the benchmark database already holds records ({common.database_label()}): "
            "run with --reset (SQLite) or give an empty database"
        )


# --- regions and accounts --------------------------------------------------------------------------


def seed_regions(size: dict):
    from fazhi.core.models import Region, RegionKind

    county = Region.objects.create(code=common.COUNTY_CODE, name="基准县", kind=RegionKind.COUNTY)
    towns = Region.objects.bulk_create(
        Region(
            code=common.town_code(t),
            name=f"基准{t + 1:02d}镇",
            kind=RegionKind.TOWN,
            parent=county,
            path=f"{county.path}{common.town_code(t)}/",
            depth=1,
            households=12_000,
            population=45_000,
        )
        for t in range(size["towns"])
    )
    villages = Region.objects.bulk_create(
        Region(
            code=f"{town.code}{200 + v:03d}",
            name=f"{town.name}第{v + 1}村",
            kind=RegionKind.VILLAGE,
            parent=town,
            path=f"{town.path}{town.code}{200 + v:03d}/",
            depth=2,
        )
        for town in towns
        for v in range(size["villages"])
    )
    grids = []
    for start in range(0, len(villages), 200):
        grids += Region.objects.bulk_create(
            Region(
                code=f"{village.code}{g + 1:03d}",
                name=f"{village.name}第{g + 1}网格",
                kind=RegionKind.GRID,
                parent=village,
                path=f"{village.path}{village.code}{g + 1:03d}/",
                depth=3,
                households=150,
                population=560,
            )
            for village in villages[start : start + 200]
            for g in range(size["grids"])
        )
    by_town = {town.pk: [g for g in grids if g.path.startswith(town.path)] for town in towns}
    log(f"regions: 1 county, {len(towns)} towns, {len(villages)} villages, {len(grids)} grids")
    return county, towns, by_town


def seed_users(county, towns):
    """The benchmark accounts, through ordinary saves: their ledger entries are real ones."""
    from fazhi.core.ledger import acting_as
    from fazhi.core.models import Membership, User

    town = towns[0]
    accounts = {}
    with acting_as(None, "command"):
        for username, role, region, name in [
            (common.LEADER, "town_leader", town, "基准镇长"),
            (common.OFFICER, "enforcement_officer", town, "基准执法员"),
            (common.REVIEWER, "legal_reviewer", town, "基准审核员"),
            (common.COUNTY, "county_supervisor", county, "县司法局督查员"),
            (common.AUDITOR, "auditor", county, "审计管理员"),
        ]:
            user = User(username=username, full_name=name)
            user.set_unusable_password()  # the benchmarks sign in with force_login
            user.save()
            Membership.objects.create(user=user, role=role, region=region)
            accounts[username] = user
    log(f"accounts: {', '.join(accounts)}")
    return accounts


# --- enforcement ------------------------------------------------------------------------------------

STATES_OPEN = ["filed", "investigating", "legal_review", "reviewed", "notified", "statement", "decided"]
CAUSES = ["非法采砂案", "违法占地建房案", "焚烧秸秆案", "违规倾倒建筑垃圾案", "占道经营案", "非法捕捞案"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def seed_brigades(towns, grids_by_town, accounts, rng):
    """Per town: a body, 12 officers with certificates (one expiring, one expired), 30 powers
    with four discretion levels each, and a pool of parties."""
    from fazhi.enforcement.models import (
        Certificate,
        DiscretionLevel,
        EnforcementBody,
        Officer,
        Power,
    )

    today = dt.date.today()
    bodies = EnforcementBody.objects.bulk_create(
        EnforcementBody(
            region=town,
            name=f"{town.name}人民政府",
            case_prefix=f"基{t + 1:02d}执罚",
            order_prefix=f"基{t + 1:02d}执改",
            is_sample=True,
        )
        for t, town in enumerate(towns)
    )
    officers = []
    for t, body in enumerate(bodies):
        for k in range(12):
            user = accounts[common.OFFICER] if (t == 0 and k == 0) else None
            officers.append(
                Officer(body=body, region=body.region, name=f"{SURNAMES[k]}执法{t + 1}-{k + 1}", user=user)
            )
    officers = Officer.objects.bulk_create(officers)
    certificates = []
    for i, officer in enumerate(officers):
        k = i % 12
        until = (
            today + dt.timedelta(days=20)
            if k == 10
            else today - dt.timedelta(days=40)
            if k == 11
            else (today + dt.timedelta(days=900))
        )
        certificates.append(
            Certificate(
                officer=officer,
                region=officer.region,
                number=f"43{i + 1:09d}",
                issuing_authority="湖南省人民政府",
                valid_from=today - dt.timedelta(days=5 * 365),
                valid_until=until,
            )
        )
    Certificate.objects.bulk_create(certificates)
    powers = Power.objects.bulk_create(
        Power(
            body=body,
            region=body.region,
            code=f"XZCF-{t + 1:02d}-{p + 1:03d}",
            name=f"{CAUSES[p % len(CAUSES)][:-1]}（{p + 1}）",
            law="《湖南省河道采砂管理条例》",
            article=f"第{p + 10}条",
            penalties="责令改正、罚款",
            in_review_catalogue=p % 5 == 0,
        )
        for t, body in enumerate(bodies)
        for p in range(30)
    )
    levels = DiscretionLevel.objects.bulk_create(
        DiscretionLevel(
            power=power, region=power.region, level=level, fine_min=Decimal(lo), fine_max=Decimal(hi)
        )
        for power in powers
        for level, lo, hi in [
            ("minor", "0", "1000"),
            ("general", "1000", "10000"),
            ("serious", "10000", "30000"),
            ("severe", "30000", "100000"),
        ]
    )
    log(
        f"brigades: {len(bodies)} bodies, {len(officers)} officers, {len(powers)} powers, {len(levels)} levels"
    )
    return bodies, officers, powers, levels


def _parties(town, grids, n, rng):
    from fazhi.enforcement.models import Party

    rows = []
    for k in range(n):
        citizen = k % 3 != 0
        rows.append(
            Party(
                region=rng.choice(grids),
                kind=Party.Kind.CITIZEN if citizen else Party.Kind.ORGANIZATION,
                name=f"{SURNAMES[k % len(SURNAMES)]}某{k}" if citizen else f"{town.name}某某{k}有限公司",
                is_sample=True,
            )
        )
    return Party.objects.bulk_create(rows, batch_size=BATCH)


DEADLINE_SPECS = [
    (
        "enforcement.decision",
        "作出行政处罚决定",
        "行政处罚法第六十条：自立案之日起九十日内作出决定",
        90,
        False,
    ),
    (
        "enforcement.hearing_request",
        "当事人申请听证期限",
        "行政处罚法第六十四条：告知后五个工作日内提出听证要求",
        5,
        True,
    ),
    (
        "enforcement.service",
        "送达行政处罚决定书",
        "行政处罚法第六十一条：当事人不在场的，七个工作日内送达",
        7,
        True,
    ),
    ("enforcement.fine", "缴纳罚款", "行政处罚法第六十七条：收到决定书之日起十五日内缴纳罚款", 15, False),
    (
        "enforcement.publication",
        "公示行政处罚决定",
        "国办发〔2018〕118号：作出决定之日起七个工作日内公开",
        7,
        True,
    ),
]


def seed_cases(size, towns, grids_by_town, bodies, officers, powers, levels, rng) -> int:
    """The cases of every town, with officers, evidence and deadlines; returns how many deadlines."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from fazhi.core.models import Deadline
    from fazhi.enforcement.models import Case, CaseOfficer, Evidence

    today = dt.date.today()
    years = list(range(today.year - 4, today.year + 1))
    case_type = ContentType.objects.get_for_model(Case)
    # Deadlines on cases: the requested number less one per rectification order, spread evenly.
    on_cases = max(size["cases"], size["deadlines"] - size["orders"])
    others = size["cases"] - size["town_cases"]
    counts = [size["town_cases"]] + [
        others // (len(towns) - 1) + (1 if t < others % (len(towns) - 1) else 0)
        for t in range(len(towns) - 1)
    ]
    officers_by_body = {}
    for officer in officers:
        officers_by_body.setdefault(officer.body_id, []).append(officer)
    powers_by_body = {}
    for power in powers:
        powers_by_body.setdefault(power.body_id, []).append(power)
    minor_level = {lv.power_id: lv for lv in levels if lv.level == "minor"}
    total_cases = total_deadlines = seen = 0
    for town, body, n in zip(towns, bodies, counts, strict=True):
        grids = grids_by_town[town.pk]
        parties = _parties(town, grids, max(50, n // 3), rng)
        crew = [o for o in officers_by_body[body.pk] if o.name[-2:] not in ("11", "12")]  # valid certificates
        sequence = {year: 0 for year in years}
        for start in range(0, n, BATCH):
            rows = []
            for _ in range(min(BATCH, n - start)):
                year = rng.choice(years)
                last_day = today if year == today.year else dt.date(year, 12, 31)
                filed = dt.date(year, 1, 1) + dt.timedelta(
                    days=rng.randrange((last_day - dt.date(year, 1, 1)).days + 1)
                )
                recent = (today - filed).days < 120
                state = (
                    rng.choice(STATES_OPEN)
                    if recent and rng.random() < 0.8
                    else rng.choice(["closed", "archived"])
                )
                done = state in ("closed", "archived")
                decided = done or state == "decided"
                notified = decided or state in ("notified", "statement")
                power = rng.choice(powers_by_body[body.pk])
                fine = Decimal(rng.choice([200, 500, 800, 2000, 5000]))
                sequence[year] += 1
                closed = min(filed + dt.timedelta(days=rng.randrange(20, 80)), today)
                rows.append(
                    Case(
                        body=body,
                        region=rng.choice(grids),
                        number=f"{body.case_prefix}〔{year}〕{sequence[year]}号",
                        year=year,
                        sequence=sequence[year],
                        cause=rng.choice(CAUSES),
                        party=rng.choice(parties),
                        power=power,
                        discretion_level=minor_level[power.pk] if notified else None,
                        state=state,
                        act_date=filed - dt.timedelta(days=rng.randrange(1, 20)),
                        discovered_on=filed - dt.timedelta(days=1),
                        filed_on=filed,
                        notified_on=filed + dt.timedelta(days=10) if notified else None,
                        intended_penalties=["fine"] if notified else [],
                        intended_fine=fine if notified else None,
                        decision_kind="penalty" if decided else "",
                        decided_on=filed + dt.timedelta(days=18) if decided else None,
                        decided_penalties=["fine"] if decided else [],
                        decided_fine=fine if decided else None,
                        decision_due_on=filed + dt.timedelta(days=90),
                        served_on=filed + dt.timedelta(days=19) if done else None,
                        paid_on=filed + dt.timedelta(days=25) if done else None,
                        amount_paid=fine if done else None,
                        closed_on=closed if done else None,
                        archived_on=closed if state == "archived" else None,
                        publicity="published" if done else "not_published",
                        published_on=filed + dt.timedelta(days=20) if done else None,
                        is_sample=True,
                    )
                )
            with transaction.atomic():
                cases = Case.objects.bulk_create(rows)
                CaseOfficer.objects.bulk_create(
                    CaseOfficer(
                        case=case, officer=officer, region=case.region, added_on=case.filed_on, is_sample=True
                    )
                    for case in cases
                    for officer in rng.sample(crew, 2)
                )
                now = timezone.now()
                Evidence.objects.bulk_create(
                    Evidence(
                        case=case,
                        region=case.region,
                        kind="scene_record",
                        description=f"{case.cause}现场笔录",
                        collected_at=now,
                        is_sample=True,
                    )
                    for case in cases
                )
                deadlines = []
                for case in cases:
                    is_open = case.state not in ("closed", "archived")
                    i = seen
                    seen += 1
                    per_case = on_cases * (i + 1) // size["cases"] - on_cases * i // size["cases"]
                    for k in range(per_case):
                        code, label, rule, days, working = DEADLINE_SPECS[k % len(DEADLINE_SPECS)]
                        starts = case.filed_on + dt.timedelta(days=k * 10)
                        due = starts + dt.timedelta(days=days + (days * 2 // 5 if working else 0))
                        still_open = is_open and k == 0
                        deadlines.append(
                            Deadline(
                                content_type=case_type,
                                object_id=str(case.pk),
                                region=case.region,
                                object_repr=str(case)[:200],
                                code=code if k < len(DEADLINE_SPECS) else f"{code}.{k}",
                                label=label,
                                rule=rule,
                                starts_on=starts,
                                days=days,
                                working_days=working,
                                due_on=due,
                                status="open" if still_open else "met",
                                met_at=None if still_open else now,
                                met_late=not still_open and rng.random() < 0.05,
                            )
                        )
                Deadline.objects.bulk_create(deadlines)
            total_cases += len(cases)
            total_deadlines += len(deadlines)
        log(f"  {town.name}: {n} cases")
    log(
        f"cases: {total_cases}, with {2 * total_cases} officer links, {total_cases} evidence, {total_deadlines} deadlines"
    )
    return total_deadlines


def seed_orders(size, towns, grids_by_town, bodies, rng) -> int:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from fazhi.core.models import Deadline
    from fazhi.enforcement.models import Party, RectificationOrder

    today = dt.date.today()
    order_type = ContentType.objects.get_for_model(RectificationOrder)
    share = [size["orders"] // len(towns)] * len(towns)
    share[0] += size["orders"] - sum(share)
    made = 0
    for town, body, n in zip(towns, bodies, share, strict=True):
        parties = list(Party.objects.filter(region__path__startswith=town.path)[:500])
        sequence: dict[int, int] = {}
        rows = []
        for _ in range(n):
            issued = today - dt.timedelta(days=rng.randrange(0, 4 * 365))
            sequence[issued.year] = sequence.get(issued.year, 0) + 1
            deadline = issued + dt.timedelta(days=rng.choice([7, 15, 30]))
            checked = deadline <= today and rng.random() < 0.9
            party = rng.choice(parties)
            rows.append(
                RectificationOrder(
                    body=body,
                    region=party.region,
                    party=party,
                    number=f"{body.order_prefix}〔{issued.year}〕{sequence[issued.year]}号",
                    year=issued.year,
                    sequence=sequence[issued.year],
                    issued_on=issued,
                    deadline=deadline,
                    requirement="限期拆除违章搭建，恢复原状",
                    checked_on=deadline if checked else None,
                    result="completed" if checked else "",
                    is_sample=True,
                )
            )
        with transaction.atomic():
            orders = RectificationOrder.objects.bulk_create(rows, batch_size=BATCH)
            Deadline.objects.bulk_create(
                (
                    Deadline(
                        content_type=order_type,
                        object_id=str(o.pk),
                        region=o.region,
                        object_repr=str(o)[:200],
                        code=RectificationOrder.DEADLINE_CODE,
                        label="责令改正期限",
                        rule="责令改正通知书确定的期限",
                        starts_on=o.issued_on,
                        days=(o.deadline - o.issued_on).days,
                        due_on=o.deadline,
                        status="met" if o.result else "open",
                    )
                    for o in orders
                ),
                batch_size=BATCH,
            )
        made += len(orders)
    log(f"rectification orders: {made}, each with its deadline")
    return made


def seed_campaigns(towns, bodies, rng) -> None:
    from fazhi.enforcement.models import Campaign, CampaignAction

    today = dt.date.today()
    campaigns = Campaign.objects.bulk_create(
        Campaign(
            name=f"{town.name}{kind_label}专项整治{year}",
            kind=kind,
            region=town,
            body=body,
            starts_on=dt.date(year, 3, 1),
            is_sample=True,
        )
        for town, body in zip(towns, bodies, strict=True)
        for year in range(today.year - 4, today.year + 1)
        for kind, kind_label in [("sand_mining", "打击非法采砂"), ("straw_burning", "秸秆禁烧")]
    )
    actions = CampaignAction.objects.bulk_create(
        (
            CampaignAction(
                campaign=c,
                region=c.region,
                acted_on=min(c.starts_on + dt.timedelta(days=7 * k), today),
                places="沿河各村",
                joint=k % 3 == 0,
                people_count=rng.randrange(5, 40),
                straw_burning_stops=rng.randrange(0, 3) if c.kind == "straw_burning" else 0,
                materials_handed_out=rng.randrange(50, 500),
                is_sample=True,
            )
            for c in campaigns
            for k in range(10)
        ),
        batch_size=BATCH,
    )
    log(f"campaigns: {len(campaigns)}, {len(actions)} actions")


# --- the ledger ---------------------------------------------------------------------------------------


def _ledger_events(rng):
    """An endless stream of (action, object_type, object_id, object_repr, region_path, data) about
    the seeded cases and deadlines, shaped like what the signals and the workflow write."""
    from fazhi.core.models import Deadline
    from fazhi.enforcement.models import Case

    steps = [
        "file",
        "investigate",
        "notify",
        "record_statement",
        "decide",
        "serve",
        "record_payment",
        "close",
    ]
    while True:
        last = 0
        while True:
            cases = list(
                Case.objects.filter(pk__gt=last)
                .order_by("pk")
                .values("pk", "number", "cause", "state", "region__path", "filed_on", "power_id", "party_id")[
                    :2000
                ]
            )
            if not cases:
                break
            last = cases[-1]["pk"]
            for c in cases:
                repr_ = f"{c['number']} {c['cause']}"
                after = {
                    "id": c["pk"],
                    "number": c["number"],
                    "cause": c["cause"],
                    "state": "draft",
                    "power_id": c["power_id"],
                    "party_id": c["party_id"],
                    "filed_on": c["filed_on"],
                    "facts": "经现场检查，当事人未经许可擅自实施违法行为，有现场笔录、照片为证。",
                }
                yield "create", "enforcement.case", c["pk"], repr_, c["region__path"], {"after": after}
                for step in steps[: rng.randrange(1, len(steps) + 1)]:
                    yield (
                        f"transition:{step}",
                        "enforcement.case",
                        c["pk"],
                        repr_,
                        c["region__path"],
                        {"label": step, "from": "filed", "to": c["state"], "input": {"on": c["filed_on"]}},
                    )
        last = 0
        while True:
            rows = list(
                Deadline.objects.filter(pk__gt=last)
                .order_by("pk")
                .values("pk", "object_repr", "code", "due_on", "region__path")[:2000]
            )
            if not rows:
                break
            last = rows[-1]["pk"]
            for d in rows:
                data = {"after": {"id": d["pk"], "code": d["code"], "due_on": d["due_on"], "status": "open"}}
                yield "create", "core.deadline", d["pk"], d["object_repr"], d["region__path"], data


def seed_ledger(target: int, accounts, rng) -> int:
    """Extend the ledger to `target` entries, in bulk through `ledger.append_many` (sealed per
    town chain as they are inserted), then close it with record() and seal()."""
    from django.db import transaction
    from django.utils import timezone

    from fazhi.core import ledger
    from fazhi.core.models import LedgerEntry

    ledger.seal()
    first = LedgerEntry.objects.count()
    wanted = max(0, target - first - 1)  # the last one is written by record()
    officer = accounts[common.OFFICER]
    now = timezone.now()
    start_at = now - dt.timedelta(days=4 * 365)
    step = (now - start_at) / max(wanted, 1)
    events = _ledger_events(rng)
    written = 0
    with ledger.acting_as(officer, "web"):
        while written < wanted:
            batch = []
            for _ in range(min(BATCH, wanted - written)):
                action, object_type, object_id, repr_, path, data = next(events)
                batch.append(
                    ledger.Pending(
                        action,
                        data=data,
                        object_type=object_type,
                        object_id=str(object_id),
                        object_repr=repr_[:200],
                        region_path=path,
                        at=start_at + step * (written + len(batch)),
                    )
                )
            with transaction.atomic():
                written += ledger.append_many(batch)
            if written % 50_000 < BATCH:
                log(f"  ledger: {first + written} entries")
    entry = ledger.record(
        "benchmark.seed",
        object_type="benchmark",
        object_repr="基准测试数据",
        data={"entries_in_bulk": written},
        source="command",
    )
    ledger.seal()
    log(f"ledger: {first + written + 1} entries ({first} by saves, {written} in bulk, 1 by record())")
    return entry.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=sorted(common.SIZES), default="moderate")
    parser.add_argument("--reset", action="store_true", help="delete the benchmark SQLite file first")
    parser.add_argument("--seed", type=int, default=2021, help="random seed (the same data every run)")
    args = parser.parse_args()
    common.configure()
    size = common.SIZES[args.size]
    rng = random.Random(args.seed)
    began = time.perf_counter()
    log(f"seeding '{args.size}' {size} into {common.database_label()}")
    prepare_database(args.reset)
    county, towns, grids_by_town = seed_regions(size)
    accounts = seed_users(county, towns)
    bodies, officers, powers, levels = seed_brigades(towns, grids_by_town, accounts, rng)
    seed_cases(size, towns, grids_by_town, bodies, officers, powers, levels, rng)
    seed_orders(size, towns, grids_by_town, bodies, rng)
    seed_campaigns(towns, bodies, rng)
    seed_ledger(size["ledger"], accounts, rng)
    # No ANALYZE: a SQLite database in use has no planner statistics either (Django never runs it),
    # so the benchmarks see the query plans a real installation gets.
    log(f"done in {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
