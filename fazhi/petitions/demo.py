"""Sample petition records (all invented, all is_sample) for 石鼓镇, shaped by paragraph 三(三)
of the town's 2021 report: "从2016年的16例进京上访，到2020年被评为市三无乡镇；省信访系统登记由2016年
的50多例到2021年的省、市都为0例".

- 2016–last year through the bulk path, at their final states: each year's matters received by
  the town, with their registrations at the levels above. 2016: 52 matters registered at 省, 16
  of them also at 国家 (进京, some reported 非正常); falling year by year to 0 at 省 and 市 in 2021
  and after. Each figure comes out of the registrations by the definitions in metrics.py.
- The 2020 市三无乡镇 standing recorded item by item with its evidence.
- Leader receptions (定期接访 at the town, 下访 across the villages) every month.
- 包案 of the 2016 进京 backlog by the town leader (息诉罢访 or 化解).
- Matters open now through the real workflow, with clocks due soon, for the demo accounts
  `petition` (信访办) and `leader` (镇领导, 包案领导).
- 易俗河镇 (the other town) has 2016 provincial registrations too: never counted for 石鼓镇.

Idempotent: nothing is built when sample matters exist.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from fazhi.core import bulk
from fazhi.core import demo as kit
from fazhi.core.models import User
from fazhi.core.walk import Walker
from fazhi.petitions import workflow
from fazhi.petitions.models import (
    NUMBERS,
    Case,
    CaseNote,
    Level,
    Matter,
    Petitioner,
    Reception,
    Registration,
    Standing,
)
from fazhi.petitions.samples import STEP_DEFAULTS

FIRST_YEAR = 2016
# 省 and 国家 registrations by year (the report: 2016 进京16例、省50多例; 2021 省、市0例).
PROVINCE = {2016: 52, 2017: 37, 2018: 23, 2019: 11, 2020: 4, 2021: 0}
NATIONAL = {2016: 16, 2017: 8, 2018: 3, 2019: 1, 2020: 0, 2021: 0}
CITY_EXTRA = {2016: 14, 2017: 11, 2018: 8, 2019: 5, 2020: 2, 2021: 0}  # at 市, not 省
COUNTY_EXTRA = (25, 40)  # at 县 only, each year
TOWN_ONLY = (70, 110)  # the town's own, each year
ABNORMAL_NATIONAL = {2016: 9, 2017: 4, 2018: 1}
OTHER_TOWN_PROVINCE_2016 = 7

VOLUMES = {
    "2016年进京（国家登记）": NATIONAL[2016],
    "2016年省级登记": PROVINCE[2016],
    "2021年省、市登记": 0,
    "历年信访事项（批量，每年）": "约110–170",
    "领导接访下访（每月）": "2–3",
    "当前在办（全流程）": 6,
}

SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "志强", "桂兰", "海军", "春梅", "德华", "玉珍", "国平", "小红", "卫东", "金花"]
TOPICS = [
    ("land", "反映征地补偿款分配不公", "要求按政策重新核算并发放征地补偿款。"),
    ("labour", "反映工程款及农民工工资被拖欠", "要求督促施工方结清拖欠工资。"),
    ("rural", "反映土地承包经营权纠纷", "要求村组依法确认承包地界址。"),
    ("building", "反映邻居违章建房影响通行采光", "要求依法处理违章建筑。"),
    ("environment", "反映养殖场污水直排污染水塘", "要求责令整改。"),
    ("law", "对法院判决执行情况不满", "要求加快执行。"),
    ("civil", "申请低保未获批准", "要求重新评议低保资格。"),
    ("education", "反映村卫生室服务问题", "要求改进服务。"),
]
FORMS = ["visit", "visit", "letter", "online", "phone", "visit"]


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _account(username, full_name, role, region) -> User:
    from fazhi.core.models import Membership

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, is_sample=True)
        user.set_password(kit.DEMO_PASSWORD)
        user.save()
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now(), must_change_password=False)
    Membership.objects.get_or_create(user=user, role=role, region=region)
    return user


def _history(ctx, leader, rng) -> list[Matter]:
    """Past years' matters at their final states, with their registrations (bulk)."""
    today = timezone.localdate()
    villages = list(ctx.villages.values())
    plan = []  # (town, villages, year, levels per matter)
    for year in range(FIRST_YEAR, today.year):
        n_prov, n_nat = PROVINCE.get(year, 0), NATIONAL.get(year, 0)
        n_city = CITY_EXTRA.get(year, 0 if year > 2021 else 0)
        n_county = rng.randint(*COUNTY_EXTRA)
        n_town = rng.randint(*TOWN_ONLY)
        levels = (
            [("national",)] * n_nat
            + [("province",)] * (n_prov - n_nat)
            + [("city",)] * n_city
            + [("county",)] * n_county
            + [()] * n_town
        )
        plan.append((ctx.town, villages, year, levels))
    if ctx.other_town is not None and ctx.other_villages:
        plan.append(
            (
                ctx.other_town,
                list(ctx.other_villages.values()),
                2016,
                [("province",)] * OTHER_TOWN_PROVINCE_2016,
            )
        )
    matters, regs_of = [], []
    for town, places, year, levels in plan:
        prefix = town.name.removesuffix("镇")
        for seq, reached in enumerate(levels, start=1):
            village = places[seq % len(places)]
            received = dt.date(year, 1, 3) + dt.timedelta(days=int(seq * 340 / max(len(levels), 1)))
            if received >= today:
                continue
            category, title, request = TOPICS[seq % len(TOPICS)]
            form = FORMS[seq % len(FORMS)]
            persons = rng.choice([1, 1, 1, 2, 3, 6, 12]) if form == "visit" else 1
            slow = rng.random() < (0.08 if year < 2019 else 0.01)  # a few notices were late
            accepted = received + dt.timedelta(days=rng.randint(16, 22) if slow else rng.randint(1, 14))
            due = accepted + dt.timedelta(days=60)
            late = rng.random() < (0.25 if year < 2019 else 0.06)
            handled = (
                due + dt.timedelta(days=rng.randint(3, 40))
                if late
                else accepted + dt.timedelta(days=rng.randint(15, 58))
            )
            rating = rng.random()
            satisfaction = "satisfied" if rating < 0.72 else "basic" if rating < 0.9 else "unsatisfied"
            if reached and reached[0] in ("national", "province"):
                satisfaction = "unsatisfied" if rating < 0.6 else "basic"
            matters.append(
                Matter(
                    region=village,
                    number=NUMBERS.format(town, year, seq, prefix=prefix),
                    year=year,
                    sequence=seq,
                    received_on=received,
                    form=form,
                    source="own",
                    title=title,
                    content=f"{_name(rng)}{title.removeprefix('反映')}。",
                    requests=request,
                    kind="claim" if seq % 5 else "suggestion",
                    category=category,
                    persons=persons,
                    collective=form == "visit" and persons >= 5,
                    responsible_unit="镇信访办",
                    lead=leader if reached and reached[0] == "national" and town == ctx.town else None,
                    state="concluded",
                    accept_due_on=received + dt.timedelta(days=workflow.ACCEPT.period),
                    decided_on=accepted,
                    accepted_on=accepted,
                    handle_due_on=due,
                    handled_on=handled,
                    answered_on=handled,
                    facts="经调查核实，信访人反映的情况部分属实。",
                    decision="已责成责任单位依法依规处理。",
                    legal_basis="《信访工作条例》及相关政策规定",
                    satisfaction=satisfaction,
                    rated_on=handled + dt.timedelta(days=5),
                    concluded_on=handled + dt.timedelta(days=10),
                    settled_locally=not reached,
                    is_sample=True,
                )
            )
            regs_of.append(reached)
    made = bulk.insert(Matter, matters)
    people, regs = [], []
    abnormal_left = dict(ABNORMAL_NATIONAL)
    body = {
        "county": "湘潭县信访局",
        "city": "湘潭市信访局",
        "province": "湖南省信访局",
        "national": "国家信访局",
    }
    for matter, reached in zip(made, regs_of, strict=True):
        people.append(
            Petitioner(
                matter=matter,
                region=matter.region,
                name=matter.content[:3],
                phone=f"139{rng.randint(10000000, 99999999)}",
                address=f"{matter.region.name}{rng.randint(1, 12)}组",
                representative=matter.collective,
                is_sample=True,
            )
        )
        regs.append(
            Registration(
                matter=matter,
                region=matter.region,
                level=Level.TOWN,
                registered_on=matter.received_on,
                body="镇信访办",
                counted=True,
                is_sample=True,
            )
        )
        if not reached:
            continue
        top = reached[0]
        chain = ["county", "city", "province", "national"]
        day = matter.received_on
        for level in chain[: chain.index(top) + 1]:
            day = day + dt.timedelta(days=rng.randint(3, 20))
            if day.year != matter.received_on.year:
                day = dt.date(matter.received_on.year, 12, 28)
            abnormal = False
            if level == "national" and abnormal_left.get(day.year, 0) > 0:
                abnormal_left[day.year] -= 1
                abnormal = True
            regs.append(
                Registration(
                    matter=matter,
                    region=matter.region,
                    level=level,
                    registered_on=day,
                    body=body[level],
                    abnormal=abnormal,
                    counted=True,  # one registration per matter, level and year here
                    is_sample=True,
                )
            )
    bulk.insert(Petitioner, people)
    bulk.insert(Registration, regs)
    return [m for m, reached in zip(made, regs_of, strict=True) if reached and reached[0] == "national"]


def _receptions(ctx, leader, rng) -> None:
    today = timezone.localdate()
    villages = list(ctx.villages.items())
    rows = []
    for year in range(FIRST_YEAR, today.year + 1):
        for month in range(1, 13):
            day = dt.date(year, month, 15)
            if day >= today:
                break
            rows.append(
                Reception(
                    region=ctx.town,
                    leader=leader,
                    kind=Reception.Kind.SCHEDULED,
                    held_on=day,
                    place="镇人民来访接待中心",
                    batches=rng.randint(1, 4),
                    persons=rng.randint(2, 9),
                    settled=rng.randint(0, 2),
                    note="镇领导定期接访日",
                    is_sample=True,
                )
            )
            name, village = villages[(year * 12 + month) % len(villages)]
            down = dt.date(year, month, 25)
            if down < today:
                rows.append(
                    Reception(
                        region=village,
                        leader=leader,
                        kind=Reception.Kind.DOWN,
                        held_on=down,
                        place=f"{name}村部",
                        batches=rng.randint(1, 3),
                        persons=rng.randint(3, 15),
                        settled=rng.randint(1, 3),
                        note=f"变群众上访为领导下访：到{name}听取群众诉求，现场答复。",
                        is_sample=True,
                    )
                )
    for row in rows:
        row.batches = min(row.batches, row.persons)
    bulk.insert(Reception, rows)


def _backlog_cases(national_2016, leader, rng) -> None:
    cases, notes = [], []
    for n, matter in enumerate(national_2016[:16]):
        outcome = "desisted" if n % 3 else "resolved"
        target = dt.date(matter.received_on.year + 1, 6, 30)
        cases.append(
            Case(
                matter=matter,
                region=matter.region,
                leader=leader,
                handler="镇综治办、信访办",
                plan="一案一策：包案领导牵头，逐户走访，依法依规解决合理诉求，做好思想疏导。",
                target_on=target,
                outcome=outcome,
                outcome_on=target - dt.timedelta(days=rng.randint(10, 90)),
                statement_signed=outcome == "desisted",
                is_sample=True,
            )
        )
    made = bulk.insert(Case, cases)
    for case in made:
        notes.append(
            CaseNote(
                case=case,
                region=case.region,
                noted_on=case.outcome_on,
                text="包案领导上门回访，信访人表示认可处理结果。",
                is_sample=True,
            )
        )
    bulk.insert(CaseNote, notes)


def _standing(ctx, user) -> None:
    evidence = {
        "无进京非正常上访": "2020年国家信访局登记本镇进京非正常上访0人次（县信访局2021年1月通报）。",
        "无群体性事件": "2020年全镇未发生群体性事件（县委政法委年度综治考核结果）。",
        "无因信访问题引发的刑事案件": "2020年无因信访问题引发的刑事案件（县公安局出具的情况说明）。",
    }
    for item, text in evidence.items():
        Standing.objects.create(
            region=ctx.town, year=2020, item=item, met=True, evidence=text, recorded_by=user, is_sample=True
        )


def _open_now(ctx, office, leader, rng) -> None:
    """Matters in progress today, each with a clock due soon, through the real workflow."""
    today = timezone.localdate()
    xiema = ctx.villages["歇马村"]
    others = list(ctx.villages.values())
    walker = Walker(workflow.MATTER, defaults=STEP_DEFAULTS, actors={"petition": office, "leader": leader})

    def person(name):
        return [
            Petitioner(name=name, phone=f"139{rng.randint(10000000, 99999999)}", address=f"{xiema.name}3组")
        ]

    def make(age, region, **fields):
        values = {
            "region": region,
            "received_on": today - dt.timedelta(days=age),
            "form": "letter",
            "title": "反映宅基地边界被侵占",
            "content": "邻居建房越界占用本户宅基地。",
            "requests": "要求恢复原状。",
            "kind": "claim",
            "category": "rural",
            "is_sample": True,
        }
        values.update(fields)
        people = values.pop("people", None) or person(_name(rng))
        return workflow.intake(Matter(**values), people, office)

    # 1. a letter received 11 days ago: the acceptance notice is due in 4 days
    make(11, xiema, title="反映村道硬化占用承包地未补偿", category="land")
    # 2. transferred by the county three days ago: objection time nearly out
    make(
        3,
        others[1],
        source="transferred",
        sender="湘潭县信访局",
        sender_reference="湘县信转〔2026〕118号",
        title="反映养殖场污水直排",
        category="environment",
        kind="accusation",
    )
    # 3. a collective visit yesterday: 8 villagers, 5 representatives
    reps = [Petitioner(name=_name(rng), representative=True) for _ in range(5)]
    make(1, others[2], form="visit", persons=8, people=reps, title="反映拖欠农民工工资", category="labour")
    # 4. accepted 55 days ago, 包案 by the leader: handling due in 5 days
    due_soon = make(58, xiema, lead=leader, title="反映征地补偿款分配不公", category="land")
    walker.step(due_soon, "accept", decided_on=(today - dt.timedelta(days=55)).isoformat())
    Case.objects.create(
        matter=due_soon,
        region=due_soon.region,
        leader=leader,
        handler="镇国土所",
        plan="核实征地面积，组织村组重新公示分配方案。",
        target_on=today + dt.timedelta(days=5),
        is_sample=True,
    )
    # 5. accepted 70 days ago, extended by the leader: due in 20 days
    extended = make(72, others[3], lead=leader, title="反映低保评议不公", category="civil")
    walker.step(extended, "accept", decided_on=(today - dt.timedelta(days=70)).isoformat())
    walker.step(extended, "extend", days="30", reason="需提请县民政局复核家庭经济状况")
    # 6. a repeat of a concluded matter of the same petitioner
    first = make(
        200,
        others[4],
        title="反映低保评议不公",
        category="civil",
        people=[Petitioner(name="赵秀英", id_number="430321196501011222")],
    )
    walker.walk(
        first,
        ("accept", {"decided_on": (today - dt.timedelta(days=195)).isoformat()}),
        (
            "answer",
            {**STEP_DEFAULTS["answer"][1], "answered_on": (today - dt.timedelta(days=150)).isoformat()},
        ),
        ("rate", {"satisfaction": "basic", "rated_on": (today - dt.timedelta(days=148)).isoformat()}),
        ("conclude", {"concluded_on": (today - dt.timedelta(days=145)).isoformat()}),
    )
    make(
        4,
        others[4],
        title="反映低保评议不公",
        category="civil",
        people=[Petitioner(name="赵秀英", id_number="430321196501011222")],
    )


def build(ctx) -> None:
    if Matter.objects.filter(is_sample=True).exists():
        return
    rng = random.Random(2016)
    leader = ctx.users.get("leader") or User.objects.get(username="leader")
    office = ctx.users.get("petition") or User.objects.get(username="petition")
    with transaction.atomic():
        national_2016 = _history(ctx, leader, rng)
        _receptions(ctx, leader, rng)
        _backlog_cases([m for m in national_2016 if m.year == 2016], leader, rng)
        _standing(ctx, office)
    _open_now(ctx, office, leader, rng)


kit.register("petitions", build, volumes=VOLUMES, after=("core",))
