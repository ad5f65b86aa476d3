"""Sample grid records of 石鼓镇 (all invented, all marked is_sample).

- a profile for each of the 81 grids: a square boundary (GeoJSON) around a centroid, villages
  laid out side by side (simple shapes for the map; not surveyed boundaries);
- past events, 2016 to last month, through core's bulk path at their final states (archived,
  some 不予受理/注销), with the dates their loop gave them, some late, some 返工, and their three
  clocks met on those dates; 疫情防控 work in 2020–2022 and 医保收缴 each autumn;
- open events now, through the real workflow: the demo grid worker's (`grid`, 歇马村第1网格) —
  one waiting for 受理, one with the village, one checked and waiting for the follow-up — and the
  governance office's queue across the town (one urgent, one past its 受理 time); one with the
  town leader's 批示, one under 缓办 (its 办理 clock paused) and flagged 历史遗留;
- patrol logs of the last three months, two a month per grid.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import bulk, deadlines
from fazhi.core import demo as kit
from fazhi.core.ledger import acting_as
from fazhi.grid import supervision, workflow
from fazhi.grid.forms import TOWN_OFFICES
from fazhi.grid.models import Event, EventCategory, GridProfile, PatrolLog, Supervision
from fazhi.grid.seed import ensure_categories

FIRST_YEAR = 2016
PER_GRID_YEAR = (3, 9)  # events a grid reports in a year (at most about 12: issue 11)
ORIGIN = (Decimal("27.7400"), Decimal("112.7600"))  # near 石鼓镇, 湘潭县 (approximate)
STEP = Decimal("0.0060")  # a grid's side, in degrees
SEED = 11

# category code → (weight, descriptions)
KINDS = {
    "0101": (14, ["两户因排水沟堵塞发生争吵", "邻里因宅前通道通行发生纠纷", "相邻房屋滴水引发矛盾"]),
    "0102": (5, ["夫妻因赡养老人问题争吵，需调解", "兄弟因父母赡养费分担发生矛盾"]),
    "0103": (5, ["两组因山林界址不清发生争执", "承包地边界争议"]),
    "0201": (3, ["夜间有人聚集赌博", "空置房屋有陌生人出入"]),
    "0301": (8, ["民房私拉电线存在火灾隐患", "液化气罐存放不当"]),
    "0302": (5, ["村道急弯处缺少警示标志", "校门口车辆乱停"]),
    "0303": (3, ["雨后山体出现裂缝", "屋后边坡有落石"]),
    "0401": (10, ["路边垃圾堆放未清运", "河边倾倒建筑垃圾"]),
    "0402": (4, ["养殖场污水直排水渠", "生活污水漫溢路面"]),
    "05": (0, ["协助核查返乡人员健康信息", "疫苗接种入户摸排"]),
    "06": (0, ["入户宣传城乡居民医保缴费", "未缴费户上门动员"]),
    "0701": (8, ["组级公路路面破损", "路灯损坏多日未修", "自来水停水"]),
    "0702": (4, ["独居老人申请临时救助", "残疾人补贴咨询"]),
    "08": (2, ["河道疑似非法采砂", "农田疑似违法建房"]),
    "09": (1, ["发现疑似种植罂粟"]),
    "10": (1, ["发现散发邪教宣传品"]),
    "99": (3, ["群众咨询政策", "其他需协调事项"]),
}
SOURCES = [("patrol", 70), ("visit", 15), ("hotline", 8), ("superior", 4), ("department", 3)]
SATISFACTION = [("satisfied", 78), ("fairly", 18), ("unsatisfied", 4)]
RESOLUTION = [("substantive", 86), ("staged", 9), ("procedural", 5)]

VOLUMES = {
    "网格信息": 81,
    "网格事件（每网格每年）": f"{PER_GRID_YEAR[0]}–{PER_GRID_YEAR[1]}",
    "按流程建立的近期事件（含待回访1件、缓办1件）": 10,
    "督办（黄牌）": 1,
    "巡查记录（近三个月）": "81×6",
}


def _pick(rng: random.Random, weighted):
    return rng.choices([k for k, _w in weighted], weights=[w for _k, w in weighted])[0]


def _square(lat: Decimal, lng: Decimal) -> str:
    half = STEP / 2
    corners = [
        (lng - half, lat - half),
        (lng + half, lat - half),
        (lng + half, lat + half),
        (lng - half, lat + half),
    ]
    ring = [[float(x), float(y)] for x, y in [*corners, corners[0]]]
    return json.dumps({"type": "Polygon", "coordinates": [ring]}, separators=(",", ":"))


def profiles(ctx) -> list[GridProfile]:
    rows = []
    for column, village in enumerate(ctx.villages.values()):
        grids = [g for g in ctx.grids if g.parent_id == village.pk]
        for row, grid in enumerate(grids):
            lat = ORIGIN[0] + STEP * row
            lng = ORIGIN[1] + STEP * column
            rows.append(
                GridProfile(
                    region=grid,
                    boundary=_square(lat, lng),
                    centroid_lat=lat,
                    centroid_lng=lng,
                    level_label="三级网格",
                    established_on=GRIDS_SINCE,
                )
            )
    return bulk.insert(GridProfile, rows)


REFERENCE_YEAR = 2021
GRIDS_SINCE = dt.date(2016, 1, 1)  # the demo town's 81 grids, as drawn before its first year
DISPUTES = "01"  # the 矛盾纠纷 大类 and its 小类


class History:
    """Past events of one town through the bulk path, with their clocks."""

    def __init__(self, ctx, categories: dict[str, EventCategory], rng: random.Random):
        self.ctx = ctx
        self.categories = categories
        self.rng = rng
        self.worker = ctx.users.get("grid")
        self.worker_grid = self.worker.memberships.first().region_id if self.worker else None
        self.profiles = {p.region_id: p for p in GridProfile.objects.filter(region__in=ctx.grids)}

    def _kind(self, year: int, month: int) -> str:
        weighted = [(code, weight) for code, (weight, _texts) in KINDS.items()]
        if year == REFERENCE_YEAR:
            # The reference year's disputes are the mediation demo's 68, all registered there (the
            # report's "排查登记矛盾68件，化解68件"): no 矛盾纠纷 event of that year stays a grid event
            # outside them, or the 综治 排查登记 (disputes + dispute events) would count more.
            weighted = [(code, weight) for code, weight in weighted if not code.startswith(DISPUTES)]
        if 2020 <= year <= 2022:
            weighted.append(("05", 10))
        if month >= 9:
            weighted.append(("06", 12))
        return _pick(self.rng, weighted)

    def _moment(self, day: dt.date, hour_from=8, hour_to=17) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(
                day, dt.time(self.rng.randint(hour_from, hour_to - 1), self.rng.choice((0, 15, 30, 45)))
            )
        )

    def event(self, grid, day: dt.date) -> tuple[Event, dict]:
        rng = self.rng
        code = self._kind(day.year, day.month)
        category = self.categories[code]
        reported = self._moment(day)
        profile = self.profiles.get(grid.pk)
        near = (lambda c: c + Decimal(rng.randint(-25, 25)) / 10000) if profile else None
        event = Event(
            region=grid,
            category=category,
            source=_pick(rng, SOURCES),
            description=rng.choice(KINDS[code][1]),
            urgency=Event.Urgency.URGENT if rng.random() < 0.06 else Event.Urgency.NORMAL,
            reported_at=reported,
            reported_on=timezone.localdate(reported),
            reporter=self.worker if grid.pk == self.worker_grid else None,
            latitude=near(profile.centroid_lat) if profile else None,
            longitude=near(profile.centroid_lng) if profile else None,
            is_sample=True,
        )
        late = rng.random() < 0.12
        event.accepted_at = reported + dt.timedelta(hours=rng.randint(20, 30) if late else rng.randint(0, 3))
        event.accepted_on = timezone.localdate(event.accepted_at)
        dates = {"accepted": event.accepted_at.date()}
        if rng.random() < 0.05:
            event.state = rng.choice((Event.State.REJECTED, Event.State.CANCELLED))
            event.accepted_at = event.accepted_on = None
            event.dismiss_reason = rng.choice(Event.DismissReason.values)
            return event, dates
        unit = category.handling_unit
        if rng.random() < 0.7 or unit not in TOWN_OFFICES:
            event.dispatched_to = grid.parent
        else:
            event.dispatched_office = unit
        event.dispatched_at = event.accepted_at + dt.timedelta(minutes=rng.randint(10, 90))
        handle_days = rng.randint(9, 14) if rng.random() < 0.1 else rng.randint(1, 6)
        event.resolved_at = event.dispatched_at + dt.timedelta(days=handle_days)
        event.resolution_kind = _pick(rng, RESOLUTION)
        event.resolution = "已处置完毕"
        if rng.random() < 0.08:
            event.rework_count = 1
            event.check_note = "首次核查未通过，返工后复核通过"
        event.checked_at = event.resolved_at + dt.timedelta(days=rng.randint(0, 3), hours=2)
        event.followed_up_at = event.checked_at + dt.timedelta(days=rng.randint(1, 10))
        event.satisfaction = _pick(rng, SATISFACTION)
        event.archived_at = event.followed_up_at + dt.timedelta(days=rng.randint(1, 20))
        event.state = Event.State.ARCHIVED
        dates.update(
            dispatched=event.dispatched_at.date(),
            resolved=event.resolved_at.date(),
            checked=event.checked_at.date(),
        )
        return event, dates

    def year(self, year: int, until: dt.date) -> int:
        rng = self.rng
        rows, dated = [], []
        first = dt.date(year, 1, 1)
        span = (min(dt.date(year, 12, 31), until) - first).days
        if span <= 0:
            return 0
        for grid in self.ctx.grids:
            for _n in range(rng.randint(*PER_GRID_YEAR)):
                event, dates = self.event(grid, first + dt.timedelta(days=rng.randint(0, span)))
                rows.append(event)
                dated.append(dates)
        made = bulk.insert(Event, rows)
        clocks = []
        for event, dates in zip(made, dated, strict=True):
            clocks.append(
                deadlines.historical(
                    event, workflow.ACCEPT, starts_on=event.reported_at.date(), met_on=dates["accepted"]
                )
            )
            if event.state == Event.State.ARCHIVED:
                clocks.append(
                    deadlines.historical(
                        event, workflow.HANDLE, starts_on=dates["dispatched"], met_on=dates["resolved"]
                    )
                )
                clocks.append(
                    deadlines.historical(
                        event, workflow.CHECK, starts_on=dates["resolved"], met_on=dates["checked"]
                    )
                )
        from fazhi.core.models import Deadline

        bulk.insert(Deadline, clocks)
        return len(made)


def _patrols(ctx, today: dt.date, rng: random.Random) -> int:
    worker = ctx.users.get("grid")
    worker_grid = worker.memberships.first().region_id if worker else None
    rows = []
    for months_back in range(3):
        first = (today.replace(day=1) - dt.timedelta(days=31 * months_back)).replace(day=1)
        for grid in ctx.grids:
            for _n in range(2):
                day = min(first + dt.timedelta(days=rng.randint(0, 27)), today)
                rows.append(
                    PatrolLog(
                        region=grid,
                        day=day,
                        households_visited=rng.randint(5, 30),
                        notes=rng.choice(
                            ["走访独居老人", "排查矛盾纠纷", "检查消防安全", "宣传医保缴费政策", "巡查河道"]
                        ),
                        worker=worker if grid.pk == worker_grid else None,
                        is_sample=True,
                    )
                )
    return len(bulk.insert(PatrolLog, rows))


def _open_events(ctx, categories: dict[str, EventCategory]) -> int:
    """This week's open events through the real workflow (reported, accepted, dispatched, …)."""
    users = ctx.users
    worker, office, cadre = users.get("grid"), users.get("governance"), users.get("cadre")
    if not (worker and office and cadre):
        return 0
    grid = worker.memberships.first().region
    now = timezone.now()
    fire = workflow.EVENT.fire

    def report(user, region, code, text, hours_ago=1, **extra):
        return workflow.report(
            user,
            {
                "region": region,
                "category": categories[code],
                "description": text,
                "address": extra.pop("address", ""),
                **extra,
            },
            reported_at=now - dt.timedelta(hours=hours_ago),
        )

    profile = GridProfile.objects.filter(region=grid).first()
    here = (
        {"latitude": profile.centroid_lat, "longitude": profile.centroid_lng}
        if profile and profile.centroid_lat is not None
        else {}
    )
    made = [
        report(worker, grid, "0101", "两户因排水沟堵塞发生争吵，需村里协调疏通", address="歇马村3组", **here),
    ]
    if here:
        # a second report of the same quarrel about 20 m away: its page offers the first as a
        # possible duplicate (the office may 标记重复 when it accepts)
        near = {"latitude": here["latitude"] + Decimal("0.00018"), "longitude": here["longitude"]}
        made.append(
            report(office, grid, "0101", "群众来电：歇马村3组两户又因排水沟吵架", address="歇马村3组", **near)
        )
    with_village = report(worker, grid, "0401", "村道边垃圾堆放多日未清运", hours_ago=30)
    fire(with_village, "accept", office, {})
    fire(with_village, "dispatch", office, {"target": "village"})
    fire(with_village, "start_handling", cadre, {"note": "已联系保洁员"})
    made.append(with_village)
    to_follow = report(worker, grid, "0701", "组级公路路灯损坏", hours_ago=80)
    fire(to_follow, "accept", office, {})
    fire(to_follow, "dispatch", office, {"target": "village"})
    fire(to_follow, "start_handling", cadre, {})
    fire(to_follow, "resolve", cadre, {"resolution_kind": "substantive", "resolution": "已更换灯具"})
    fire(to_follow, "check_pass", office, {"check_note": "现场核实已修复"})
    made.append(to_follow)
    others = [g for g in ctx.grids if g.pk != grid.pk]
    queue = [
        (others[3], "0301", "民房私拉电线存在火灾隐患", 2, {"urgency": Event.Urgency.URGENT}),
        (others[20], "0102", "夫妻因赡养老人问题争吵", 5, {}),
        (others[41], "0702", "独居老人申请临时救助", 26, {"source": Event.Source.VISIT}),
        (others[60], "0402", "养殖场污水直排水渠", 75, {"source": Event.Source.HOTLINE}),
    ]
    for region, code, text, hours_ago, extra in queue:
        made.append(report(office, region, code, text, hours_ago=hours_ago, **extra))
    dispatched = report(office, others[10], "0303", "雨后屋后边坡有落石", hours_ago=50)
    fire(dispatched, "accept", office, {})
    fire(dispatched, "dispatch", office, {"target": "应急管理办"})
    pressed = supervision.issue(
        dispatched, office, level=Supervision.Level.YELLOW, note="落石威胁住户安全，请两日内处置到位"
    )
    Supervision.objects.filter(pk=pressed.pk).update(is_sample=True)
    leader = users.get("leader")
    if leader:
        fire(
            dispatched,
            "instruct",
            leader,
            {"instruction": "请应急管理办两日内排除险情，先行转移危险区域住户。"},
        )
    made.append(dispatched)
    # 缓办: a boundary quarrel waiting on the county's land-rights confirmation, its 办理 clock
    # paused and out of the rates' bases; flagged 历史遗留 as well
    paused = report(office, others[30], "0103", "两组因山林界址不清发生争执", hours_ago=120)
    fire(paused, "accept", office, {})
    fire(paused, "dispatch", office, {"target": "village"})
    fire(paused, "start_handling", office, {})
    fire(paused, "request_suspension", office, {"reason": "界址涉及林权确权，待县林业局出具确权意见"})
    fire(paused, "approve_suspension", office, {"note": "同意缓办，确权意见出具后恢复办理"})
    fire(paused, "mark_legacy", office, {"reason": "2008年林改时两组界址未划清"})
    made.append(paused)
    return len(made)


def build(ctx) -> None:
    if GridProfile.objects.filter(region__in=ctx.grids[:1]).exists():
        ctx.log.append("网格化治理：示例记录已存在，未重复建立。")
        return
    rng = random.Random(SEED)
    ensure_categories()
    categories = {c.code: c for c in EventCategory.objects.all()}
    today = timezone.localdate()
    actor = ctx.users.get("governance")
    with acting_as(actor, "command"), transaction.atomic():
        made = profiles(ctx)
        history = History(ctx, categories, rng)
        events = sum(
            history.year(year, today - dt.timedelta(days=7)) for year in range(FIRST_YEAR, today.year + 1)
        )
        patrols = _patrols(ctx, today, rng)
        open_now = _open_events(ctx, categories)
    ctx.log.append(
        f"网格化治理：网格信息{len(made)}个，历年网格事件{events}件，按流程建立的近期事件{open_now}件"
        f"（含待回访1件、缓办1件），巡查记录{patrols}条。"
    )


kit.register("grid", build, volumes=VOLUMES, after=("core",))
