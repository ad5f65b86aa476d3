"""Sample mediation records (all invented, all is_sample): a committee per village and the
town's; 石鼓镇's 68 disputes registered in 2021, every one mediated to an agreement, performed,
visited, closed and archived through the real workflow (the reference report: 排查登记矛盾68件，
化解68件); a monthly screening per village that year; four disputes open now for the demo
mediator of 歇马村; other years (2016 to last year) and 易俗河镇's 2021 through the bulk path.

Idempotent: nothing is built when sample disputes exist.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import bulk
from fazhi.core import demo as kit
from fazhi.core.models import Membership, User
from fazhi.core.walk import Walker
from fazhi.mediation import workflow
from fazhi.mediation.models import (
    FILE_NUMBERS,
    Agreement,
    Committee,
    Dispute,
    DisputeParty,
    Screening,
    Session,
)

REFERENCE_YEAR = 2021
REFERENCE_DISPUTES = 68  # 石鼓镇 2021: 排查登记矛盾68件，化解68件
OPEN_NOW = 4
HISTORY_PER_YEAR = (45, 75)
OTHER_TOWN_2021 = 24

VOLUMES = {
    "调委会": "15",
    "石鼓镇2021年纠纷（全流程）": REFERENCE_DISPUTES,
    "2021年排查登记": "120",
    "当前在办（歇马村调解员）": OPEN_NOW,
    "其他年度（批量，每年）": f"{HISTORY_PER_YEAR[0]}–{HISTORY_PER_YEAR[1]}",
    "易俗河镇2021年": OTHER_TOWN_2021,
}

SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "志强", "桂兰", "海军", "春梅", "德华", "玉珍", "国平", "小红", "卫东", "金花"]
TOPICS = {
    "family": ("婚姻家庭纠纷", "夫妻因家庭琐事及子女抚养问题发生争执", "男方每月支付抚养费800元"),
    "neighbour": ("邻里纠纷", "双方因排水沟改道发生争执", "申请人自行恢复排水沟原状"),
    "housing": ("宅基地纠纷", "双方因宅基地边界围墙越界发生争执", "被申请人拆除越界围墙0.5米"),
    "contract": ("合同纠纷", "双方因土地流转合同租金支付发生争执", "被申请人分两期支付拖欠租金"),
    "damages": ("损害赔偿纠纷", "被申请人饲养的犬只咬伤申请人", "被申请人赔偿医疗费等共计"),
    "land": ("山林土地纠纷", "双方对责任山界址存在争议", "按村组确权图重新确定界址"),
    "labour": ("劳务费纠纷", "申请人为被申请人务工后工钱未结清", "被申请人结清工钱"),
    "traffic": ("道路交通事故纠纷", "双方电动车相撞致申请人受伤", "被申请人赔偿损失"),
    "other": ("其他纠纷", "双方因借用农具损坏发生争执", "被申请人赔偿修理费"),
}
TYPES = list(TOPICS)


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _committees(ctx) -> dict:
    made = {}
    for town, villages in ((ctx.town, ctx.villages), (ctx.other_town, ctx.other_villages)):
        if town is None:
            continue
        town_short = town.name.removesuffix("镇")
        made[town.pk] = Committee.objects.get_or_create(
            region=town,
            name=f"{town.name}人民调解委员会",
            defaults={
                "kind": Committee.Kind.TOWN,
                "number_prefix": town_short,
                "is_sample": True,
            },
        )[0]
        for name, village in villages.items():
            made[village.pk] = Committee.objects.get_or_create(
                region=village,
                name=f"{name}人民调解委员会",
                defaults={
                    "kind": Committee.Kind.VILLAGE,
                    # 石鼓社区 keeps its whole name: "石鼓" is the town committee's
                    "number_prefix": name if name.endswith("社区") else name[:2],
                    "is_sample": True,
                },
            )[0]
    return made


def _town_mediator(ctx) -> User:
    """石鼓镇's committee mediator, who mediates the villages' disputes of the reference year."""
    user = User.objects.filter(username="town_mediator").first()
    if user is None:
        user = User(username="town_mediator", full_name="石鼓镇 调委会 调解员 罗平", is_sample=True)
        user.set_password(kit.DEMO_PASSWORD)
        user.save()
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now(), must_change_password=False)
    Membership.objects.get_or_create(user=user, role="mediator", region=ctx.town)
    return user


def _dispute(committee, registered_on, rng, **fields) -> Dispute:
    kind = rng.choice(TYPES)
    topic, summary, _terms = TOPICS[kind]
    first, second = _name(rng), _name(rng)
    dispute = Dispute.objects.create(
        committee=committee,
        region=committee.region,
        title=f"{first}与{second}{topic}",
        summary=summary,
        dispute_type=kind,
        amount=Decimal(rng.choice([0, 0, 800, 1500, 3000, 5000, 12000])) or None,
        source=rng.choice([Dispute.Source.APPLICATION, Dispute.Source.INITIATIVE, Dispute.Source.INITIATIVE]),
        registered_on=registered_on,
        is_sample=True,
        **fields,
    )
    for role, name in ((DisputeParty.Role.APPLICANT, first), (DisputeParty.Role.RESPONDENT, second)):
        DisputeParty.objects.create(
            dispute=dispute,
            role=role,
            name=name,
            sex=rng.choice(["male", "female"]),
            age=rng.randint(25, 75),
            occupation="农民",
            address=f"{committee.region.name}{rng.randint(1, 12)}组",
            consent=DisputeParty.Consent.GIVEN,
            consent_on=registered_on,
            is_sample=True,
        )
    return dispute


def _session(dispute, day) -> None:
    Session.objects.create(
        dispute=dispute,
        held_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30))),
        place=f"{dispute.committee.region.name}调解室",
        record="告知当事人权利义务；双方陈述；调解员释法说理，双方互谅互让。",
        is_sample=True,
    )


def _agreement_input(dispute, day) -> dict:
    _topic, summary, terms = TOPICS[dispute.dispute_type]
    due = day + dt.timedelta(days=10)
    return {
        "form": "written",
        "facts": f"{summary}，双方各有责任。",
        "content": terms
        + (f"{dispute.amount}元" if dispute.amount and terms.endswith("共计") else "")
        + "。",
        "performance_terms": f"{due.month}月{due.day}日前履行完毕，地点为{dispute.committee.region.name}村委会。",
        "signed_on": day.isoformat(),
    }


def _walk_resolved(walker, dispute, day) -> None:
    """accept → mediate → session → 调解成功 → 督促履行 → 回访 → 结案 → 归档, each on its day."""
    walker.step(dispute, "accept", accepted_on=(day + dt.timedelta(days=1)).isoformat())
    walker.step(dispute, "mediate")
    _session(dispute, day + dt.timedelta(days=4))
    signed = day + dt.timedelta(days=6)
    walker.step(dispute, "succeed", **_agreement_input(dispute, signed))
    walker.step(dispute, "perform", note="当事人已按协议履行。")
    walker.step(
        dispute,
        "follow_up",
        visited_on=(signed + dt.timedelta(days=15)).isoformat(),
        result="协议已履行，双方满意。",
    )
    walker.step(dispute, "close", closed_on=(signed + dt.timedelta(days=16)).isoformat())
    walker.step(dispute, "archive", archived_on=(signed + dt.timedelta(days=20)).isoformat())


def _reference_year(ctx, committees, mediator, town_mediator, rng) -> None:
    villages = list(ctx.villages.values())
    xiema = ctx.villages["歇马村"].pk

    def actor_for(region_id):
        return mediator if region_id == xiema else town_mediator

    walker = Walker(
        workflow.DISPUTE, actors=lambda key, record: actor_for(record.region_id), default_actor="mediator"
    )
    for n in range(REFERENCE_DISPUTES):
        village = villages[n % len(villages)]
        day = dt.date(REFERENCE_YEAR, 1, 4) + dt.timedelta(days=int(n * 330 / REFERENCE_DISPUTES))
        dispute = _dispute(committees[village.pk], day, rng, registered_by=actor_for(village.pk))
        dispute.mediators.add(actor_for(village.pk))
        _walk_resolved(walker, dispute, day)


def _open_now(ctx, committees, mediator, rng) -> None:
    today = timezone.localdate()
    village = ctx.villages["歇马村"]
    walker = Walker(workflow.DISPUTE, actors=lambda key, record: mediator, default_actor="mediator")
    ages = [2, 9, 16, 24]
    for n, age in enumerate(ages[:OPEN_NOW]):
        day = today - dt.timedelta(days=age)
        dispute = _dispute(committees[village.pk], day, rng, registered_by=mediator)
        dispute.mediators.add(mediator)
        if n == 0:  # registered: the respondent has not said yet
            party = dispute.parties.get(role=DisputeParty.Role.RESPONDENT)
            party.consent, party.consent_on = "", None
            party.save()
            continue
        walker.step(dispute, "accept", accepted_on=(day + dt.timedelta(days=1)).isoformat())
        if n == 1:
            continue
        walker.step(dispute, "mediate")
        _session(dispute, day + dt.timedelta(days=3))
        if n == 2:
            continue
        walker.step(dispute, "succeed", **_agreement_input(dispute, day + dt.timedelta(days=6)))


def _screenings(ctx, user) -> None:
    rows = [
        Screening(
            region=village,
            screened_on=dt.date(REFERENCE_YEAR, month, 25),
            screened_by=user,
            found=f"{name}{month}月矛盾纠纷排查：发现纠纷线索{(month + i) % 3}条，已登记并移交调委会。",
            disputes_found=(month + i) % 3,
            is_sample=True,
        )
        for i, (name, village) in enumerate(ctx.villages.items())
        for month in range(1, 13)
    ]
    bulk.insert(Screening, rows)


def _history(ctx, committees, rng) -> None:
    """Other years of 石鼓镇 and 易俗河镇's 2021, archived, with parties and agreements."""
    today = timezone.localdate()
    plan = [
        (ctx.villages, year, rng.randint(*HISTORY_PER_YEAR))
        for year in range(2016, today.year)
        if year != REFERENCE_YEAR
    ]
    if ctx.other_villages:
        plan.append((ctx.other_villages, REFERENCE_YEAR, OTHER_TOWN_2021))
    disputes, seqs = [], {}
    for villages, year, count in plan:
        villages = list(villages.values())
        for n in range(count):
            village = villages[n % len(villages)]
            committee = committees[village.pk]
            day = dt.date(year, 1, 5) + dt.timedelta(days=int(n * 330 / count))
            if day >= today:
                continue
            seqs[(committee.pk, year)] = seq = seqs.get((committee.pk, year), 0) + 1
            kind = rng.choice(TYPES)
            topic, summary, _terms = TOPICS[kind]
            succeeded = rng.random() < 0.92
            ended = day + dt.timedelta(days=rng.randint(5, 25))
            disputes.append(
                Dispute(
                    committee=committee,
                    region=village,
                    number=FILE_NUMBERS.format(committee, year, seq),
                    year=year,
                    sequence=seq,
                    title=f"{_name(rng)}与{_name(rng)}{topic}",
                    summary=summary,
                    dispute_type=kind,
                    source=rng.choice(list(Dispute.Source.values)),
                    referred_by="",
                    registered_on=day,
                    accepted_on=day + dt.timedelta(days=1),
                    ended_on=ended,
                    end_reason="" if succeeded else "双方分歧过大，调解不成",
                    routes_told=""
                    if succeeded
                    else "已告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利",
                    closed_on=ended + dt.timedelta(days=15),
                    archived_on=ended + dt.timedelta(days=20),
                    state=Dispute.State.ARCHIVED,
                    is_sample=True,
                )
            )
            disputes[-1]._succeeded = succeeded
    made = bulk.insert(Dispute, disputes)
    parties, agreements = [], []
    for dispute, source in zip(made, disputes, strict=True):
        a, b = dispute.title.split("与", 1)
        for role, name in ((DisputeParty.Role.APPLICANT, a), (DisputeParty.Role.RESPONDENT, b[:3])):
            parties.append(
                DisputeParty(
                    dispute=dispute,
                    region=dispute.region,
                    role=role,
                    name=name,
                    consent=DisputeParty.Consent.GIVEN,
                    consent_on=dispute.registered_on,
                    is_sample=True,
                )
            )
        if source._succeeded:
            agreements.append(
                Agreement(
                    dispute=dispute,
                    region=dispute.region,
                    facts=dispute.summary,
                    content=TOPICS[dispute.dispute_type][2] + "。",
                    performance_terms="十日内履行完毕。",
                    signed_on=dispute.ended_on,
                    performed=True,
                    is_sample=True,
                )
            )
    bulk.insert(DisputeParty, parties)
    bulk.insert(Agreement, agreements)


def build(ctx) -> None:
    if Dispute.objects.filter(is_sample=True).exists():
        return
    rng = random.Random(2021)
    committees = _committees(ctx)
    mediator = ctx.users.get("mediator") or User.objects.get(username="mediator")
    town_mediator = _town_mediator(ctx)
    with transaction.atomic():
        _reference_year(ctx, committees, mediator, town_mediator, rng)
    _screenings(ctx, ctx.users.get("governance") or town_mediator)
    _open_now(ctx, committees, mediator, rng)
    _history(ctx, committees, rng)


kit.register("mediation", build, volumes=VOLUMES, after=("core",))
