"""The demo town: 湘潭县 with 石鼓镇, its villages and 81 grids, and one account per role.

Every record is sample data (is_sample=True). Building is idempotent: each object is looked up
by its natural key (division code, username) before it is created. Other apps add their own
records in `fazhi/<app>/demo.py`, a `build(context)` function called after this one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from fazhi.core.models import Membership, Region, RegionKind, User

DEMO_PASSWORD = "fazhi-demo-2021"

COUNTY = ("430321", "湘潭县")
TOWN = ("430321108", "石鼓镇")
OTHER_TOWN = ("430321100", "易俗河镇")

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


def build_regions() -> tuple[Region, Region, dict[str, Region], list[Region]]:
    county = _region(*COUNTY, RegionKind.COUNTY)
    town = _region(*TOWN, RegionKind.TOWN, county)
    _region(*OTHER_TOWN, RegionKind.TOWN, county)
    villages, grids = {}, []
    for suffix, name, n_grids, households, population in VILLAGES:
        village = _region(TOWN[0] + suffix, name, RegionKind.VILLAGE, town, households, population)
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
    return county, town, villages, grids


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
    build_accounts(ctx)
    return ctx
