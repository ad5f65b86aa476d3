"""The demo's data: the brigade, its officers and powers, names, villages' places, causes, the
19 cases of 2021 and the volumes of the other years (invented, sample data)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from fazhi.enforcement.models import Evidence

BODY_NAME = "石鼓镇综合行政执法大队"
ISSUER = "湘潭县人民政府"
JOINT_UNITS = "镇综合行政执法大队、自然资源所、自然资源与生态环境办公室"

# The 2021 figures the records must produce (the report: 立案19件，办结19件，罚款22万余元，整改法律
# 文书100余份，宣传资料21000余份，采砂专项整治20余次，制止焚烧秸秆10余起，拆除约2000平方米).
ORDERS_2021 = 108
SAND_ACTIONS_2021 = 23
STRAW_STOPS_2021 = [2, 1, 2, 1, 2, 1, 2, 1]  # 12 fires stopped over eight patrols
MATERIALS_2021 = 21_360
DEMOLITION_2021 = [Decimal("1236"), Decimal("750")]  # two structures in 歇马村, 1,986 ㎡

HISTORY = {2016: 7, 2017: 9, 2018: 11, 2019: 13, 2020: 15}  # cases filed (and closed) a year
# The years after the reference report, up to last year, so "this year against last year" reads.
LATER = {2022: 17, 2023: 16, 2024: 18, 2025: 20}
HISTORY_ORDERS = {2016: 30, 2017: 42, 2018: 55, 2019: 68, 2020: 86, 2022: 96, 2023: 90, 2024: 98, 2025: 104}
HISTORY_SAND_ACTIONS = {
    2016: 8,
    2017: 10,
    2018: 12,
    2019: 15,
    2020: 18,
    2022: 19,
    2023: 17,
    2024: 18,
    2025: 20,
}


# --- the brigade, its officers and powers -------------------------------------------------------

# name, user (demo account), position, [(certificate number, valid from, valid until)]
OFFICERS = [
    (
        "王强",
        "officer",
        "执法大队队长",
        [("43032115001", "2015-03-01", "2020-12-31"), ("43032121001", "2021-01-01", "2027-12-31")],
    ),
    (
        "赵敏",
        "officer2",
        "执法队员",
        [("43032115002", "2015-03-01", "2020-12-31"), ("43032121002", "2021-01-01", "2027-12-31")],
    ),
    (
        "李军",
        None,
        "执法队员",
        [("43032115003", "2015-03-01", "2020-12-31"), ("43032121003", "2021-01-01", "2027-12-31")],
    ),
    # 周平's certificate runs out within the warning period (set from the day the demo is built)
    (
        "周平",
        None,
        "执法队员",
        [("43032116004", "2016-01-01", "2020-12-31"), ("43032121004", "2021-01-01", "+25")],
    ),
    # 刘建国's certificate expired: he may no longer act (行政处罚法 第四十二条)
    (
        "刘建国",
        None,
        "执法队员",
        [("43032115005", "2015-03-01", "2020-12-31"), ("43032121005", "2021-01-01", "2025-12-31")],
    ),
]


@dataclass(frozen=True)
class PowerSpec:
    key: str
    code: str
    name: str
    law: str
    article: str
    penalties: str
    catalogue: bool
    devolved: bool
    # (level, fine_min, fine_max, description); None bounds: no fine
    levels: tuple
    basis_text: str = ""
    # (label, effective day): the versions of the basis (行政处罚法 第三十七条)
    versions: tuple = ()


POWERS = [
    PowerSpec(
        "sand",
        "XZCF-SL-001",
        "未经批准在河道管理范围内采砂",
        "《中华人民共和国河道管理条例》",
        "第四十四条第一款第（二）项",
        "警告、罚款、没收违法所得",
        False,
        True,
        (
            ("minor", 1000, 5000, "初次违法，采砂量小，及时停止并恢复原状"),
            ("general", 5000, 20000, "采砂量较大或使用机械采砂"),
            ("serious", 20000, 50000, "多次违法或造成河床、堤防损害"),
            ("severe", 50000, 100000, "拒不停止违法行为，造成严重后果"),
        ),
        versions=(
            ("2017年修订（国务院令第687号）", dt.date(2017, 10, 7)),
            ("2018年修正（国务院令第698号）", dt.date(2018, 3, 19)),
        ),
    ),
    PowerSpec(
        "mining",
        "XZCF-ZR-002",
        "未取得采矿许可证擅自采石",
        "《中华人民共和国矿产资源法》（2009年修正）",
        "第三十九条第一款",
        "责令停止开采、没收采出的矿产品和违法所得、罚款",
        True,
        True,
        (
            ("minor", 2000, 10000, "开采规模小，及时停止"),
            ("general", 10000, 30000, "使用机械开采，规模较大"),
            ("serious", 30000, 50000, "多次违法或破坏生态环境"),
        ),
    ),
    PowerSpec(
        "waste",
        "XZCF-CG-003",
        "随意倾倒、抛撒、堆放建筑垃圾",
        "《城市建筑垃圾管理规定》（建设部令第139号）",
        "第二十六条",
        "责令限期改正、警告、罚款",
        False,
        True,
        (
            ("minor", 0, 200, "个人随意倾倒少量建筑垃圾"),
            ("general", 5000, 20000, "单位倾倒，及时清运"),
            ("serious", 20000, 50000, "单位多次倾倒或拒不清运"),
        ),
    ),
    PowerSpec(
        "straw",
        "XZCF-HB-004",
        "露天焚烧秸秆、落叶等产生烟尘污染的物质",
        "《中华人民共和国大气污染防治法》",
        "第一百一十九条第一款",
        "责令改正、罚款",
        False,
        True,
        (
            ("minor", 500, 800, "焚烧面积小，及时扑灭"),
            ("general", 800, 1500, "焚烧面积较大"),
            ("serious", 1500, 2000, "禁烧区内焚烧或经劝阻仍焚烧"),
        ),
    ),
    PowerSpec(
        "street",
        "XZCF-CG-005",
        "擅自占用道路、公共场地堆放物料或经营",
        "《城市市容和环境卫生管理条例》",
        "第三十六条第（三）项",
        "责令停止违法行为、限期清理、罚款",
        False,
        True,
        (
            ("minor", 50, 200, "初次占道，及时清理"),
            ("general", 200, 1000, "经劝阻后仍占道"),
            ("serious", 1000, 2000, "长期占道，影响交通安全"),
        ),
    ),
    PowerSpec(
        "construction",
        "XZCF-GH-006",
        "在乡、村庄规划区内未取得乡村建设规划许可证进行建设",
        "《中华人民共和国城乡规划法》",
        "第六十五条",
        "责令停止建设、限期改正；逾期不改正的，可以拆除",
        True,
        True,
        (("general", None, None, "责令停止建设、限期改正"),),
    ),
    PowerSpec(
        "land",
        "XZCF-TD-007",
        "农村村民未经批准非法占用土地建住宅",
        "《中华人民共和国土地管理法》",
        "第七十八条第一款",
        "责令退还非法占用的土地，限期拆除在非法占用的土地上新建的房屋",
        True,
        False,
        (("general", None, None, "责令退还、限期拆除"),),
    ),
]

# --- parties ----------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国志强伟明秀英桂兰海涛春生国平红梅德华玉兰金山满堂永红新民小军丽华文斌长青福生春华"
COMPANIES = {
    "sand": [
        "湘潭县鑫河砂石有限公司",
        "湘潭县涓水砂业有限公司",
        "湘潭县石鼓建材经营部",
        "湘潭县恒通砂石场",
        "湘潭县顺发河砂有限公司",
    ],
    "mining": ["湘潭县金石建材有限公司", "湘潭县五星石料厂", "湘潭县龙潭采石场"],
    "waste": [
        "湘潭县宏达建筑工程有限公司",
        "湘潭县安居装饰工程有限公司",
        "湘潭县路通土石方工程有限公司",
        "湘潭县众诚建设有限公司",
    ],
}


# --- what each kind of case looks like --------------------------------------------------------


def _sand(village) -> tuple[str, str, list]:
    return (
        f"涓水河{village.name}段",
        f"当事人未经水行政主管部门批准，在涓水河{village.name}段河道管理范围内使用采砂船采砂。",
        [
            (Evidence.Kind.SCENE_RECORD, "现场检查笔录：采砂船一艘正在作业，砂堆约300立方米"),
            (Evidence.Kind.AUDIOVISUAL, "执法记录仪视频：采砂作业现场"),
            (Evidence.Kind.PARTY_STATEMENT, "询问笔录：当事人承认未办理河道采砂许可"),
        ],
    )


def _other(power_key: str, village) -> tuple[str, str, list]:
    place = f"{village.name}{random.Random(village.pk).randrange(1, 12)}组"
    texts = {
        "mining": (
            f"当事人未取得采矿许可证，在{place}山体擅自开采石料。",
            Evidence.Kind.INSPECTION_RECORD,
            "勘验笔录：开采面约800平方米",
        ),
        "waste": (
            f"当事人在{place}路边随意倾倒建筑垃圾。",
            Evidence.Kind.AUDIOVISUAL,
            "执法记录仪视频：运输车辆倾倒现场",
        ),
        "straw": (
            f"当事人在{place}田间露天焚烧秸秆，产生浓烟。",
            Evidence.Kind.AUDIOVISUAL,
            "现场照片：焚烧痕迹",
        ),
        "street": (
            f"当事人未经批准在{place}主干道两侧占道堆放物料、经营。",
            Evidence.Kind.SCENE_RECORD,
            "现场检查笔录：占道约20平方米",
        ),
        "construction": (
            f"当事人在{place}未取得乡村建设规划许可证建设附属用房。",
            Evidence.Kind.INSPECTION_RECORD,
            "勘验笔录：建筑面积约120平方米",
        ),
        "land": (
            f"当事人未经批准占用{place}耕地建住宅。",
            Evidence.Kind.DOCUMENTARY,
            "土地利用现状图及测量报告",
        ),
    }
    facts, kind, description = texts[power_key]
    return (
        place,
        facts,
        [(kind, description), (Evidence.Kind.PARTY_STATEMENT, "询问笔录：当事人对违法事实无异议")],
    )


CAUSES = {
    "sand": "{party}非法采砂案",
    "mining": "{party}未取得采矿许可证擅自采石案",
    "waste": "{party}随意倾倒建筑垃圾案",
    "straw": "{party}露天焚烧秸秆案",
    "street": "{party}占道经营案",
    "construction": "{party}未取得乡村建设规划许可证建设案",
    "land": "{party}非法占用土地建住宅案",
}
KINDS = {
    "sand": ["warning", "fine"],
    "mining": ["fine", "confiscation"],
    "waste": ["fine"],
    "straw": ["fine"],
    "street": ["fine"],
    "construction": ["other"],
    "land": ["other"],
}
# The illegal gains confiscated in the mining cases: below 较大数额 (行政处罚法 第六十三条第一款
# 第二项), so confiscation alone gives no right to a hearing.
CONFISCATED = Decimal(2000)
OTHER = {
    "construction": "责令限期改正，逾期不改正的予以拆除",
    "land": "责令退还非法占用的土地，限期拆除新建的房屋",
    "mining": "没收采出的石料",
}

# The 19 cases of 2021: (power, party: company name or None for a citizen, fine, filed on,
# special). Fines total ¥221,600. "hearing": the party asked for a hearing; "statement": a
# defence lowered the fine from the one notified; "order": filed when a rectification order
# was not complied with; "simple": decided on the spot (简易程序).
CASES_2021 = [
    ("sand", "湘潭县鑫河砂石有限公司", 40000, "2021-03-08", "hearing"),
    ("sand", "湘潭县涓水砂业有限公司", 25000, "2021-03-22", "statement"),
    ("sand", "湘潭县恒通砂石场", 30000, "2021-04-12", ""),
    ("sand", "湘潭县顺发河砂有限公司", 20000, "2021-05-10", ""),
    ("sand", None, 15000, "2021-06-07", ""),
    ("sand", None, 10000, "2021-08-16", ""),
    ("mining", "湘潭县金石建材有限公司", 18000, "2021-04-19", ""),
    ("mining", "湘潭县五星石料厂", 15000, "2021-06-21", ""),
    ("mining", None, 11800, "2021-09-06", ""),
    ("waste", "湘潭县宏达建筑工程有限公司", 20000, "2021-02-22", ""),
    ("waste", "湘潭县安居装饰工程有限公司", 8000, "2021-05-24", "order"),
    ("waste", "湘潭县路通土石方工程有限公司", 5000, "2021-07-12", ""),
    ("waste", None, 200, "2021-08-02", ""),
    ("straw", None, 800, "2021-10-11", ""),
    ("straw", None, 600, "2021-10-18", ""),
    ("straw", None, 500, "2021-10-25", ""),
    ("street", None, 1000, "2021-06-28", "order"),
    ("street", None, 500, "2021-09-13", ""),
    ("street", None, 200, "2021-07-19", "simple"),
]


HISTORY_MIX = ["sand", "sand", "sand", "mining", "waste", "waste", "straw", "street", "construction", "land"]


REQUIREMENTS = [
    "立即停止在河道管理范围内采砂，拆除采砂设施，恢复河道原状",
    "清运随意倾倒的建筑垃圾，恢复场地原状",
    "清理占用道路堆放的物料，恢复道路通行",
    "停止未取得乡村建设规划许可证的建设，补办手续",
    "拆除违章搭建的棚屋",
    "清理河道管理范围内堆放的砂石",
]


RIVER_SECTIONS = [
    "涓水河歇马段",
    "涓水河古塘段",
    "涓水河五星段",
    "涓水河龙潭段",
    "涓水河和平段",
    "涓水河金凤段",
]
