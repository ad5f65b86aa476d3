"""Sample education records (all invented except what the 2021 report says; all is_sample).

石鼓镇 2021 as the reference report describes it (paragraphs 一 and 三(四)):
- the oath in August at the 石鼓镇第七届人民代表大会第一次会议, a collective oath led by the
  党委副书记、镇长 徐彬, sworn by the newly elected government and 人大 members (the report gives the
  month only: the day, 26 August, is illustrative);
- the leaders' study system and plan (领导干部学法计划) and their study sessions (党委理论学习中心组
  集体学法, 会前学法, 执法人员培训, a county training, a trial attended);
- the 30 November 宪法宣传周 joint event (司法所, 妇联, 派出所, 综治办, in front of the government),
  and the 4 December lectures in every village with its village adviser;
- 2 boards set up that year and updated each quarter; 6 banners, 20 posters and 10,600
  materials (the report's "1万余份") across the year's activities.
Other years (2016 to today) through the bulk path: activities on the key dates, sessions,
quarterly board updates (one board now past its quarter), the 2016 oath (2015 text); and now
(2026) a 副镇长 appointed in October without an oath (the 党政办's overdue list).

The staff register's people and posts are looked up by name in the town before being created
(another app's demo may have made them); 徐彬 is linked to the demo account `leader`.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import bulk
from fazhi.core import demo as kit
from fazhi.core.ledger import acting_as
from fazhi.core.models import Person, Post, PostKind, TakenBy
from fazhi.education.models import (
    Activity,
    Attendance,
    Board,
    BoardUpdate,
    DutyItem,
    KeyDate,
    Oath,
    OathTaker,
    StudyPlan,
    StudySession,
)

REFERENCE_YEAR = 2021
FIRST_YEAR = 2016
OATH_DAY = dt.date(2021, 8, 26)  # the report: "8月"; the day is illustrative
ELECTION_2016 = dt.date(2016, 9, 28)  # illustrative: the 6th congress's first session
STAFF_SINCE = dt.date(2018, 3, 1)  # the offices' heads, appointed by the town government
STAFF_OATH = dt.date(2018, 3, 20)
NEW_DEPUTY_SINCE = dt.date(2026, 10, 20)  # appointed, no oath yet (overdue now)

VOLUMES = {
    "重点日期（县日历）": 12,
    "普法责任清单（每年）": 5,
    "2021年普法活动": 16,
    "2021年宣传资料/横幅/宣传画": "10600份/6条/20张",
    "宣传阵地": 3,
    "2021年学法活动": 9,
    "宪法宣誓": 3,
    "其他年度普法活动（批量，每年）": "8–12",
}

# (name, month, day, theme)
KEY_DATES = [
    ("全国扫黑除恶专项斗争宣传", 3, 1, "gangs"),
    ("“三八”国际妇女节", 3, 8, "women"),
    ("“3·15”国际消费者权益日", 3, 15, "other"),
    ("全民国家安全教育日", 4, 15, "security"),
    ("民法典宣传月", 5, 1, "civil_code"),
    ("全国防灾减灾日", 5, 12, "safety"),
    ("“安全生产月”", 6, 1, "safety"),
    ("世界环境日", 6, 5, "environment"),
    ("国际禁毒日", 6, 26, "drugs"),
    ("防范电信网络诈骗宣传", 9, 1, "fraud"),
    ("反邪教宣传月", 9, 15, "cults"),
    ("国家宪法日（宪法宣传周）", 12, 4, "constitution"),
]

# (content, leader, office, audience, channel, method)
DUTIES = [
    ("宪法及宪法相关法", "党委书记", "司法所", "全镇干部群众", "宣传栏、横幅", "宪法宣传周集中宣传"),
    ("民法典", "分管政法副书记", "司法所", "村（居）民", "村级法律顾问宣讲", "进村入户宣讲"),
    ("禁毒法", "分管政法副书记", "派出所", "青少年、村民", "宣传资料、展板", "国际禁毒日集中宣传"),
    ("安全生产法", "分管安全副镇长", "应急管理办", "生产经营单位", "培训会", "安全生产月宣传"),
    (
        "土地管理法、矿产资源法（非法采砂）",
        "分管副镇长",
        "综合行政执法大队",
        "沿河村民、经营户",
        "执法现场",
        "以案释法",
    ),
]

# People of the staff register (name, title, kind, since, taken_by, order).
LEADERS = [
    ("易建华", "党委书记", PostKind.LEADER, dt.date(2019, 4, 1), TakenBy.APPOINTMENT, 1),
    ("徐彬", "党委副书记、镇长", PostKind.LEADER, OATH_DAY, TakenBy.ELECTION, 2),
    ("罗志明", "副镇长", PostKind.LEADER, OATH_DAY, TakenBy.ELECTION, 5),
    ("彭丽", "副镇长", PostKind.LEADER, OATH_DAY, TakenBy.ELECTION, 6),
    ("唐国庆", "人大主席", PostKind.LEADER, OATH_DAY, TakenBy.ELECTION, 3),
    ("陈艳", "人大副主席", PostKind.LEADER, OATH_DAY, TakenBy.ELECTION, 4),
]
STAFF = [
    ("李建军", "司法所所长"),
    ("吴芳", "党政办主任"),
    ("王强", "综合行政执法大队队长"),
    ("刘洋", "综治办主任"),
]
SWORN_2021 = ["徐彬", "罗志明", "彭丽", "唐国庆", "陈艳"]


def _person(town, name, user=None) -> Person:
    person = Person.objects.filter(region=town, name=name).first()
    if person is None:
        person = Person(region=town, name=name, note="示例数据")
        person.save()
    if user is not None and person.user_id is None and not Person.objects.filter(user=user).exists():
        person.user = user
        person.save(update_fields=["user"])
    return person


def _post(person, town, title, kind, since, taken_by, order, department="") -> Post:
    post = Post.objects.filter(person=person, title=title, since=since).first()
    if post is None:
        post = Post(
            person=person,
            region=town,
            title=title,
            kind=kind,
            since=since,
            taken_by=taken_by,
            order=order,
            department=department,
        )
        post.save()
    return post


def staff(ctx) -> dict:
    town = ctx.town
    people, posts = {}, {}
    for name, title, kind, since, taken_by, order in LEADERS:
        people[name] = _person(town, name, ctx.users.get("leader") if name == "徐彬" else None)
        department = (
            "镇党委" if title.startswith("党委书记") else ("镇人大" if "人大" in title else "镇人民政府")
        )
        posts[name] = _post(people[name], town, title, kind, since, taken_by, order, department)
    if not Post.objects.filter(person=people["易建华"], kind=PostKind.FIRST_RESPONSIBLE).exists():
        _post(
            people["易建华"],
            town,
            "法治建设第一责任人",
            PostKind.FIRST_RESPONSIBLE,
            dt.date(2019, 4, 1),
            TakenBy.APPOINTMENT,
            1,
        )
    for name, title in STAFF:
        people[name] = _person(town, name)
        posts[name] = _post(
            people[name], town, title, PostKind.STAFF, STAFF_SINCE, TakenBy.APPOINTMENT, 20, "镇人民政府"
        )
    return {"people": people, "posts": posts}


def _village_advisers(ctx) -> dict[str, str]:
    surnames = "赵钱孙李周吴郑王冯陈"
    return {
        name: f"{surnames[i % len(surnames)]}律师（{name}法律顾问）" for i, name in enumerate(ctx.villages)
    }


def _reference_activities(ctx, key_dates, duties):
    town, villages = ctx.town, ctx.villages
    sample = {"is_sample": True}
    rows = [
        # (day, title, theme, key date, duty, organizers, place, audience, materials, banners, posters, consultations)
        (
            (3, 12),
            "扫黑除恶专项斗争政策宣传",
            "gangs",
            "全国扫黑除恶专项斗争宣传",
            None,
            "综治办、派出所",
            "石鼓集市",
            260,
            1200,
            1,
            4,
            18,
        ),
        (
            (4, 15),
            "全民国家安全教育日宣传",
            "security",
            "全民国家安全教育日",
            None,
            "综治办、司法所",
            "镇政府前坪",
            180,
            800,
            1,
            3,
            12,
        ),
        (
            (5, 20),
            "“美好生活·民法典相伴”宣传月活动",
            "civil_code",
            "民法典宣传月",
            1,
            "司法所",
            "石鼓社区广场",
            320,
            1500,
            1,
            4,
            35,
        ),
        (
            (6, 26),
            "“6·26”国际禁毒日集中宣传",
            "drugs",
            "国际禁毒日",
            2,
            "派出所、司法所",
            "石鼓中学",
            450,
            1300,
            1,
            4,
            20,
        ),
        (
            (9, 15),
            "反邪教警示教育宣传",
            "cults",
            "反邪教宣传月",
            None,
            "综治办",
            "歇马村村部",
            150,
            900,
            0,
            2,
            8,
        ),
        (
            (11, 30),
            "宪法宣传周联合宣传活动",
            "constitution",
            "国家宪法日（宪法宣传周）",
            0,
            "司法所、妇联、派出所、综治办",
            "镇政府前坪",
            400,
            2000,
            2,
            3,
            60,
        ),
    ]
    activities = []
    for (
        month,
        day,
    ), title, theme, key, duty, organizers, place, audience, materials, banners, posters, asked in rows:
        activities.append(
            Activity(
                region=town,
                held_on=dt.date(REFERENCE_YEAR, month, day),
                title=title,
                theme=theme,
                key_date=key_dates.get(key),
                duty_item=duties[duty] if duty is not None else None,
                organizers=organizers,
                place=place,
                audience=audience,
                materials=materials,
                banners=banners,
                posters=posters,
                consultations=asked,
                summary="",
                **sample,
            )
        )
    advisers = _village_advisers(ctx)
    for i, (name, village) in enumerate(villages.items()):
        activities.append(
            Activity(
                region=village,
                held_on=dt.date(REFERENCE_YEAR, 12, 4),
                title=f"国家宪法日法律知识进村宣讲（{name}）",
                theme="constitution",
                key_date=key_dates.get("国家宪法日（宪法宣传周）"),
                duty_item=duties[1],
                organizers="司法所、村委会",
                place=f"{name}村部",
                audience=60 + 3 * i,
                materials=290,  # 10 villages × 290 = 2,900; the year comes to 10,600
                banners=0,
                posters=0,
                consultations=8 + i,
                advisers=advisers[name],
                legal_persons=f"{name}法律明白人2名",
                summary="协同村级法律顾问宣讲宪法和民法典，发放宣传资料并现场答疑解惑。",
                **sample,
            )
        )
    return activities


def _history_activities(ctx, key_dates, rng, today):
    rows = []
    regions = [ctx.town, *ctx.villages.values()]
    keys = list(key_dates.values())
    for year in range(FIRST_YEAR, today.year + 1):
        if year == REFERENCE_YEAR:
            continue
        for key in rng.sample(keys, rng.randint(8, 12)):
            day = dt.date(year, key.month, min(key.day + rng.randint(0, 5), 28))
            if day >= today:
                continue
            rows.append(
                Activity(
                    region=rng.choice(regions),
                    held_on=day,
                    title=f"{year}年{key.name}宣传活动",
                    theme=key.theme,
                    key_date=key,
                    organizers=rng.choice(["司法所", "司法所、综治办", "派出所、司法所", "妇联、司法所"]),
                    place=rng.choice(["镇政府前坪", "石鼓集市", "石鼓社区广场", "村部"]),
                    audience=rng.randint(60, 400),
                    materials=rng.randint(200, 1500),
                    banners=rng.randint(0, 2),
                    posters=rng.randint(0, 5),
                    consultations=rng.randint(5, 50),
                    is_sample=True,
                )
            )
    return rows


def _boards(ctx, today):
    town = ctx.town
    specs = [
        ("镇政府法治宣传栏", Board.Kind.BOARD, "镇政府大门东侧", dt.date(2021, 3, 1), town),
        (
            "石鼓社区法治宣传栏",
            Board.Kind.BOARD,
            "石鼓社区服务中心外墙",
            dt.date(2021, 3, 1),
            ctx.villages["石鼓社区"],
        ),
        (
            "歇马村法治文化长廊",
            Board.Kind.GALLERY,
            "歇马村村部旁",
            dt.date(2023, 6, 1),
            ctx.villages["歇马村"],
        ),
    ]
    boards = []
    for name, kind, place, since, region in specs:
        board = Board(region=region, name=name, kind=kind, place=place, since=since, is_sample=True)
        board.full_clean()
        board.save()
        boards.append(board)
    topics = ["宪法", "民法典", "禁毒", "反电信诈骗", "扫黑除恶", "安全生产", "未成年人保护", "国家安全"]
    updates = []
    for index, board in enumerate(boards):
        day = dt.date(board.since.year, board.since.month, 5)
        n = 0
        while day < today:
            # the town's board is past its quarter now: its last update is more than 3 months ago
            if index == 0 and day > today - dt.timedelta(days=110):
                break
            updates.append(
                BoardUpdate(
                    board=board,
                    region=board.region,
                    updated_on=day,
                    content=f"{topics[n % len(topics)]}专题",
                    is_sample=True,
                )
            )
            n += 1
            month = day.month + 3
            day = dt.date(day.year + (month - 1) // 12, (month - 1) % 12 + 1, 5)
    bulk.insert(BoardUpdate, updates)
    return boards


def _study(ctx, people, rng, today):
    town = ctx.town
    leaders = [people[n] for n, *_ in LEADERS]
    officers = [people["王强"], people["李建军"]]
    plan = StudyPlan(
        region=town,
        year=REFERENCE_YEAR,
        title="石鼓镇2021年领导干部学法计划",
        adopted_on=dt.date(2021, 2, 26),
        content=(
            "一、学习制度：党委理论学习中心组每季度至少集体学法一次，政府常务会议会前学法。\n"
            "二、学习内容：习近平法治思想、宪法、民法典、行政处罚法（2021年修订）、与乡镇工作相关的法律法规。\n"
            "三、方式：集中学习、专题辅导、旁听庭审、学法用法考试。"
        ),
        is_sample=True,
    )
    plan.save()
    # (day, kind, topic, hours, led by, attendees)
    reference = [
        ((3, 18), "center_group", "学习习近平法治思想", "2.0", "易建华", leaders),
        ((4, 22), "pre_meeting", "会前学法：新修订的行政处罚法", "1.0", "徐彬", leaders),
        ((5, 27), "center_group", "学习民法典总则编和物权编", "2.0", "易建华", leaders),
        (
            (6, 17),
            "enforcement",
            "执法人员法律法规集中学习培训",
            "4.0",
            "李建军",
            officers + [people["刘洋"]],
        ),
        ((7, 8), "county", "参加县司法局行政执法人员培训", "6.0", None, officers),
        ((8, 5), "pre_meeting", "会前学法：乡镇人民代表大会选举相关法律", "1.0", "徐彬", leaders),
        (
            (9, 23),
            "center_group",
            "学习宪法和全国人大常委会关于实行宪法宣誓制度的决定",
            "2.0",
            "易建华",
            leaders,
        ),
        ((10, 14), "trial", "旁听县人民法院行政诉讼案件庭审", "3.0", "徐彬", leaders[:4]),
        ((12, 9), "exam", "领导干部年度学法用法考试", "1.5", None, leaders + officers),
    ]
    sessions, attendances = [], []
    for (month, day), kind, topic, hours, led, who in reference:
        session = StudySession(
            region=town,
            kind=kind,
            held_on=dt.date(REFERENCE_YEAR, month, day),
            topic=topic,
            hours=Decimal(hours),
            place="镇政府三楼会议室" if kind != "county" else "县司法局",
            led_by=people.get(led) if led else None,
            plan=plan,
            is_sample=True,
        )
        session.save()
        sessions.append(session)
        for person in who:
            attendances.append(
                Attendance(
                    session=session,
                    person=person,
                    region=town,
                    held_on=session.held_on,
                    hours=session.hours,
                    score=Decimal(rng.randint(82, 98)) if kind == "exam" else None,
                    is_sample=True,
                )
            )
    history = []
    for year in range(FIRST_YEAR, today.year + 1):
        if year == REFERENCE_YEAR:
            continue
        for month in (3, 6, 9, 11):
            day = dt.date(year, month, 20)
            if day >= today:
                continue
            history.append(
                StudySession(
                    region=town,
                    kind="center_group",
                    held_on=day,
                    topic=f"{year}年第{(month + 2) // 3}季度党委理论学习中心组集体学法",
                    hours=Decimal("2.0"),
                    place="镇政府三楼会议室",
                    led_by=people["易建华"],
                    is_sample=True,
                )
            )
    history = bulk.insert(StudySession, history)
    for session in history:
        for person in leaders:
            if person.name == "易建华" and session.held_on.year < 2019:
                continue
            attendances.append(
                Attendance(
                    session=session,
                    person=person,
                    region=town,
                    held_on=session.held_on,
                    hours=session.hours,
                    is_sample=True,
                )
            )
    bulk.insert(Attendance, attendances)
    return len(sessions) + len(history)


def _oaths(ctx, people, posts):
    town = ctx.town
    oath = Oath(
        region=town,
        sworn_on=OATH_DAY,
        place="石鼓镇人民政府大礼堂",
        occasion="石鼓镇第七届人民代表大会第一次会议",
        organizer="石鼓镇第七届人民代表大会第一次会议主席团",
        form=Oath.Form.COLLECTIVE,
        leader=people["徐彬"],
        text_version=Oath.Text.V2018,
        display=Oath.Display.FLAG,
        anthem=True,
        note="党委副书记、镇长徐彬带领全体新当选政府和人大成员进行宪法宣誓（日期为示例，报告只写8月）。",
        is_sample=True,
    )
    oath.full_clean()
    oath.save()
    for name in SWORN_2021:
        post = posts[name]
        OathTaker(
            oath=oath, person=post.person, post=post, title=post.title, taken_by=post.taken_by, is_sample=True
        ).save()
    earlier = Oath(
        region=town,
        sworn_on=ELECTION_2016,
        place="石鼓镇人民政府大礼堂",
        occasion="石鼓镇第六届人民代表大会第一次会议",
        organizer="石鼓镇第六届人民代表大会第一次会议主席团",
        form=Oath.Form.COLLECTIVE,
        leader=people["唐国庆"],
        text_version=Oath.Text.V2015,
        display=Oath.Display.EMBLEM,
        anthem=False,
        note="示例记录。",
        is_sample=True,
    )
    earlier.full_clean()
    earlier.save()
    OathTaker(
        oath=earlier, person=people["唐国庆"], title="副镇长", taken_by=TakenBy.ELECTION, is_sample=True
    ).save()
    appointed = Oath(
        region=town,
        sworn_on=STAFF_OATH,
        place="石鼓镇人民政府三楼会议室",
        occasion="镇人民政府任命的机关站所负责人宪法宣誓",
        organizer="石鼓镇人民政府",
        form=Oath.Form.COLLECTIVE,
        leader=people["李建军"],
        text_version=Oath.Text.V2018,
        display=Oath.Display.BOTH,
        anthem=True,
        note="示例记录。",
        is_sample=True,
    )
    appointed.full_clean()
    appointed.save()
    for name, _title in STAFF:
        post = posts[name]
        OathTaker(
            oath=appointed,
            person=post.person,
            post=post,
            title=post.title,
            taken_by=post.taken_by,
            is_sample=True,
        ).save()
    # now: a 副镇长 appointed in October, no oath yet
    newcomer = _person(town, "邓海波")
    _post(newcomer, town, "副镇长", PostKind.LEADER, NEW_DEPUTY_SINCE, TakenBy.APPOINTMENT, 7, "镇人民政府")
    return 3


def build(ctx) -> None:
    if Activity.objects.filter(is_sample=True).exists():
        ctx.log.append("普法学法：示例记录已存在，未重复建立。")
        return
    rng = random.Random(15)
    today = timezone.localdate()
    actor = ctx.users.get("judicial")
    with acting_as(actor, "command"), transaction.atomic():
        register = staff(ctx)
        key_dates = {}
        for name, month, day, theme in KEY_DATES:
            key = KeyDate(region=ctx.county, name=name, month=month, day=day, theme=theme, is_sample=True)
            key.save()
            key_dates[name] = key
        duty_rows = []
        for year in range(FIRST_YEAR, today.year + 1):
            for content, leader, office, audience, channel, method in DUTIES:
                duty_rows.append(
                    DutyItem(
                        region=ctx.town,
                        year=year,
                        content=content,
                        leader=leader,
                        office=office,
                        audience=audience,
                        channel=channel,
                        method=method,
                        is_sample=True,
                    )
                )
        duty_items = bulk.insert(DutyItem, duty_rows)
        duties_2021 = [d for d in duty_items if d.year == REFERENCE_YEAR]
        for activity in _reference_activities(ctx, key_dates, duties_2021):
            activity.save()
        bulk.insert(Activity, _history_activities(ctx, key_dates, rng, today))
        _boards(ctx, today)
        _study(ctx, register["people"], rng, today)
        _oaths(ctx, register["people"], register["posts"])
    ctx.log.append(
        "普法学法：2021年普法活动16次（资料10600份、横幅6条、宣传画20张），宣传阵地3处，宪法宣誓3次。"
    )


kit.register("education", build, volumes=VOLUMES, after=("disclosure",))
