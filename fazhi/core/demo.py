"""The demo town: 湘潭县 with 石鼓镇, its villages and 81 grids, and one account per role.

Every record is sample data (is_sample=True). Building is idempotent: each object is looked up
by its natural key (division code, username) before it is created.

The demo kit: an app adds its records in `fazhi/<app>/demo.py` (a module or a package) and
registers its builder there with the volumes it makes —

    demo.register("enforcement", build, volumes={"案件（每年）": "7–20", …}, after=("core",))

`fazhi demo` (`build_all`) builds core's regions and accounts, imports every installed app's
demo module, and runs the registered builders in dependency order (`after`), printing each
one's volumes and time. The reference town's reference year (2021) and the records open now go
through the real workflow (`fazhi.core.walk`); other years and the other town go through the
bulk path (`fazhi.core.bulk`), which writes a valid ledger chain.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from fazhi.core.models import Membership, Region, RegionKind, User

DEMO_PASSWORD = "fazhi-demo-2021"

COUNTY = ("430321", "湘潭县")
TOWN = ("430321108", "石鼓镇")
OTHER_TOWN = ("430321100", "易俗河镇")
# The other town's villages (a light volume: its records go through the bulk path):
# (code suffix, name, grids, households, population).
OTHER_VILLAGES = [
    ("001", "易俗河社区", 5, 1480, 5120),
    ("201", "城东村", 4, 860, 3020),
    ("202", "梅林村", 4, 790, 2870),
    ("203", "天易村", 3, 640, 2310),
]

# (code suffix, name, grids, households, population). Invented sample villages; 歇马村 is the
# village named in the reference report. 81 grids in all.
VILLAGES = [
    ("001", "石鼓社区", 9, 1620, 5480),
    ("201", "歇马村", 9, 1210, 4390),
    ("202", "古塘村", 8, 980, 3560),
    ("203", "五星村", 8, 1040, 3770),
    ("204", "龙潭村", 8, 910, 3320),
    ("205", "和平村", 8, 870, 3150),
    ("206", "金凤村", 8, 950, 3410),
    ("207", "长乐村", 8, 890, 3240),
    ("208", "新塘村", 8, 860, 3090),
    ("209", "白石村", 7, 790, 2880),
]


@dataclass
class DemoContext:
    county: Region
    town: Region
    villages: dict[str, Region]
    grids: list[Region]
    users: dict[str, User] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    other_town: Region | None = None
    other_villages: dict[str, Region] = field(default_factory=dict)
    other_grids: list[Region] = field(default_factory=list)


def _region(code, name, kind, parent=None, households=None, population=None) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None:
        region = Region(
            code=code, name=name, kind=kind, parent=parent, households=households, population=population
        )
        region.full_clean()
        region.is_sample = True
        region.save()
    return region


def _villages(town: Region, specs) -> tuple[dict[str, Region], list[Region]]:
    villages, grids = {}, []
    for suffix, name, n_grids, households, population in specs:
        village = _region(town.code + suffix, name, RegionKind.VILLAGE, town, households, population)
        villages[name] = village
        for g in range(1, n_grids + 1):
            share = households // n_grids
            grids.append(
                _region(
                    f"{village.code}{g:03d}",
                    f"{name}第{g}网格",
                    RegionKind.GRID,
                    village,
                    households=share + (households % n_grids if g == n_grids else 0),
                    population=population // n_grids + (population % n_grids if g == n_grids else 0),
                )
            )
    return villages, grids


def build_regions() -> tuple[Region, Region, dict[str, Region], list[Region]]:
    county = _region(*COUNTY, RegionKind.COUNTY)
    town = _region(*TOWN, RegionKind.TOWN, county)
    villages, grids = _villages(town, VILLAGES)
    return county, town, villages, grids


def build_other_town(ctx: DemoContext) -> None:
    ctx.other_town = _region(*OTHER_TOWN, RegionKind.TOWN, ctx.county)
    ctx.other_villages, ctx.other_grids = _villages(ctx.other_town, OTHER_VILLAGES)


# username: (full name, [(role, region key)]) — region key: "county", "town", a village name, or
# "grid:<code suffix>".
ACCOUNTS = {
    "leader": ("徐镇长", [("town_leader", "town")]),
    "judicial": ("司法所 李所长", [("judicial_office", "town")]),
    "officer": ("执法队员 王强", [("enforcement_officer", "town")]),
    "officer2": ("执法队员 赵敏", [("enforcement_officer", "town")]),
    "reviewer": ("法制审核员 陈静", [("legal_reviewer", "town")]),
    "governance": ("综治办 刘主任", [("governance_office", "town")]),
    "petition": ("信访办 周干事", [("petition_office", "town")]),
    "govoffice": ("党政办 吴秘书", [("gov_office", "town")]),
    "grid": ("网格员 孙丽", [("grid_worker", "grid:201001")]),
    "cadre": ("歇马村 村委会 黄书记", [("village_cadre", "歇马村")]),
    "mediator": ("歇马村 调委会 调解员 何敏", [("mediator", "歇马村")]),
    "adviser": ("法律顾问 郑律师", [("legal_adviser", "town")]),
    "county": ("县司法局 督查员", [("county_supervisor", "county")]),
    "sysadmin": ("系统管理员", [("sysadmin", "county")]),
    "secadmin": ("安全管理员", [("secadmin", "county")]),
    "auditor": ("审计管理员", [("auditor", "county")]),
}


def build_accounts(ctx: DemoContext) -> None:
    for username, (full_name, memberships) in ACCOUNTS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username, full_name=full_name, is_sample=True, is_staff=username == "sysadmin"
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        # Demo accounts sign in without being sent to change their password (fazhi.core.security).
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now(), must_change_password=False)
        for role, key in memberships:
            if key == "county":
                region = ctx.county
            elif key == "town":
                region = ctx.town
            elif key.startswith("grid:"):
                region = Region.objects.get(code=ctx.town.code + key[5:])
            else:
                region = ctx.villages[key]
            Membership.objects.get_or_create(user=user, role=role, region=region)
        ctx.users[username] = user


def build() -> DemoContext:
    county, town, villages, grids = build_regions()
    ctx = DemoContext(county, town, villages, grids)
    build_other_town(ctx)
    build_accounts(ctx)
    return ctx


# --- the kit: every app's builder ---------------------------------------------------------------


@dataclass
class Builder:
    app: str
    build: Callable[[DemoContext], object]
    volumes: dict[str, object] = field(default_factory=dict)
    after: tuple[str, ...] = ()


_BUILDERS: dict[str, Builder] = {}


def register(app: str, build: Callable[[DemoContext], object], *, volumes=None, after=()) -> None:
    """An app's demo builder, with the volumes it makes (label: number or range, as printed)
    and the apps whose demo records it needs (`after`; core's regions and accounts always come
    first). Registering again replaces the app's builder."""
    _BUILDERS[app] = Builder(app, build, dict(volumes or {}), tuple(a for a in after if a != "core"))


def load_builders() -> list[Builder]:
    """Import every installed app's `demo` module (which registers its builder) and return the
    builders in dependency order (installed order, each after the apps it names)."""
    order = []
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi.") or config.name == "fazhi.core":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        if config.label not in _BUILDERS and hasattr(module, "build"):
            register(config.label, module.build)
        order.append(config.label)
    order += [app for app in _BUILDERS if app not in order]
    done: list[str] = []

    def visit(app: str, path: tuple[str, ...] = ()) -> None:
        if app in done or app not in _BUILDERS:
            return
        if app in path:
            raise ValueError(f"demo builders depend on each other in a circle: {' → '.join(path + (app,))}")
        for needed in _BUILDERS[app].after:
            visit(needed, path + (app,))
        done.append(app)

    for app in order:
        visit(app)
    return [_BUILDERS[app] for app in done]


def build_all(report: Callable[[str], None] | None = None) -> DemoContext:
    """Core's regions and accounts, then every app's builder in order; `report` gets a line per
    app with its volumes and the seconds it took."""
    started = time.monotonic()
    ctx = build()
    if report:
        report(f"core：区划与示例账户（{time.monotonic() - started:.1f} 秒）")
    for builder in load_builders():
        started = time.monotonic()
        builder.build(ctx)
        if report:
            volumes = "，".join(f"{label} {value}" for label, value in builder.volumes.items())
            report(f"{builder.app}：{volumes or '—'}（{time.monotonic() - started:.1f} 秒）")
    return ctx
