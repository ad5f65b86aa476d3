"""Sample legal records (all invented, all is_sample) for 石鼓镇, after the reference report's
paragraphs 二(二) and 三(一): one senior lawyer as the town government's adviser (the demo account
`adviser`, 郑律师, who also serves 歇马村) and an adviser for every village (一村一法律顾问), their
2021 service log (a duty day a month in each village, visits, consultations, the 12月4日 village
lectures with the judicial office, reviews), the 2021 catalogue with three decisions walked
through the real workflow with the adviser's opinions and the judicial office's review (one where
a doubt was argued out and the draft amended: 修改后合法; one with a shortened comment period and
its published reason), contracts reviewed before signing, normative documents issued, one
repealed. Other years (2019 to last year) go through the bulk path; a decision and a contract
wait now for the adviser's opinion (assigned to `adviser`); a draft of this year is out for public
comment now (two comments answered, one sent online and waiting for the 党政办's answer), and each
current adviser's 公示牌 carries a photo (a drawn placeholder, stored through the photo path). 白石村's adviser's contract ended last
year and was not renewed: coverage shows it lacking today.

Idempotent: nothing is built when sample advisers exist.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import bulk, links
from fazhi.core import demo as kit
from fazhi.core.models import User
from fazhi.legal import purposes, workflow
from fazhi.legal.models import (
    Adviser,
    Catalogue,
    CatalogueEntry,
    Contract,
    Decision,
    Engagement,
    LegalLiterate,
    NormativeDocument,
    PublicComment,
)

REFERENCE_YEAR = 2021
FIRST_YEAR = 2019
K = Engagement.Kind

FIRMS = ["湖南湘潭金石律师事务所", "湖南莲城律师事务所", "湖南湘潭正衡律师事务所"]
# village -> (adviser name, firm index); 郑律师 (the town's adviser) also serves 歇马村.
VILLAGE_ADVISERS = {
    "石鼓社区": ("彭律师", 1),
    "歇马村": ("郑律师", 0),
    "古塘村": ("谭律师", 1),
    "五星村": ("谭律师", 1),
    "龙潭村": ("曾律师", 2),
    "和平村": ("曾律师", 2),
    "金凤村": ("贺律师", 0),
    "长乐村": ("贺律师", 0),
    "新塘村": ("罗律师", 2),
    "白石村": ("罗律师", 2),
}
LAPSED = "白石村"  # contract ended at the end of last year, not renewed yet

VOLUMES = {
    "法律顾问": "1名镇政府法律顾问 + 10个村（社区）",
    "2021年服务日志": "372条（值班144、咨询132、走访40、讲座24、审查24、调解7、信访1）",
    "2021年重大行政决策（全流程）": 3,
    "2021年合同审查": 8,
    "规范性文件": "2021年制发2件、废止1件",
    "其他年度（批量）": f"{FIRST_YEAR}年至去年",
    "当前待出具意见（adviser）": "决策1件、合同1份",
    "当前公开征求意见": "决策草案1件（意见3条：已答复2条、网上提交待答复1条）",
}


def _licence(rng) -> str:
    return f"1430320{rng.randint(2005, 2018)}1{rng.randint(100000, 999999)}"[:17].ljust(17, "0")


def _advisers(ctx, rng) -> tuple[Adviser, dict[str, Adviser]]:
    today = timezone.localdate()
    user = ctx.users.get("adviser") or User.objects.get(username="adviser")
    common = {"is_sample": True, "contract_start": dt.date(FIRST_YEAR, 1, 1)}
    town = Adviser.objects.create(
        region=ctx.town,
        user=user,
        name="郑律师",
        firm=FIRMS[0],
        licence_number="14303200510213456",
        phone="13907320001",
        senior=True,
        contract_end=dt.date(today.year + 1, 12, 31),
        fee=Decimal("30000"),
        duty_days_month=2,
        lectures_quarter=1,
        service_time="每月第一、三个星期三上午",
        service_place="镇政府公共法律服务工作站",
        rating=Adviser.Rating.EXCELLENT,
        spot_check="2021年11月抽查服务日志12份，记录完整。",
        **common,
    )
    villages = {}
    licences = {}
    for n, (village_name, (name, firm)) in enumerate(VILLAGE_ADVISERS.items()):
        village = ctx.villages[village_name]
        licence = licences.setdefault(name, town.licence_number if name == "郑律师" else _licence(rng))
        villages[village_name] = Adviser.objects.create(
            region=village,
            user=user if name == "郑律师" else None,
            name=name,
            firm=FIRMS[firm],
            licence_number=licence,
            phone=f"139073200{n + 10:02d}",
            contract_end=dt.date(today.year - 1, 12, 31)
            if village_name == LAPSED
            else dt.date(today.year + 1, 12, 31),
            fee=Decimal("6000"),
            duty_days_month=1,
            lectures_quarter=1,
            service_time="每月第二个星期五",
            service_place=f"{village_name}村部公共法律服务室",
            rating=rng.choice([Adviser.Rating.EXCELLENT, Adviser.Rating.GOOD]),
            **common,
        )
    return town, villages


def placeholder_photo(seed: int) -> bytes:
    """A 96 × 120 PNG drawn here (a head and shoulders on a tinted ground): a sample 公示牌 photo,
    no real person's picture. Written with zlib and crc32 only (no imaging library)."""
    import struct
    import zlib

    width, height = 96, 120
    ground = (200 + seed * 7 % 40, 215, 230 - seed * 5 % 40)
    figure = (70, 80, 95)
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            head = (x - 48) ** 2 + (y - 45) ** 2 <= 20**2
            shoulders = y >= 75 and (x - 48) ** 2 + (y - 125) ** 2 <= 45**2
            rows += bytes(figure if head or shoulders else ground)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def _photos(advisers) -> None:
    """Each current adviser's 公示牌 photo, through the path staff uploads take."""
    from fazhi.core.attachments import content_file
    from fazhi.legal import photos

    today = timezone.localdate()
    for n, adviser in enumerate(advisers):
        if adviser.is_current(today):
            photos.attach_photo(
                adviser, content_file(placeholder_photo(n), f"adviser-{adviser.pk}.png"), None
            )


def _consultation(ctx, entry, users) -> Decision:
    """A draft of this year out for public comment now: opened ten days ago for 30 days; two
    comments answered (one by a named villager, published masked), one sent through the portal
    and waiting for the 党政办's answer."""
    today = timezone.localdate()
    gov = users["govoffice"]
    D = workflow.DECISION
    started = today - dt.timedelta(days=20)
    d = Decision.objects.create(
        entry=entry,
        region=ctx.town,
        title=entry.name,
        undertaker=entry.undertaker,
        started_on=started,
        started_by=gov,
        is_sample=True,
    )
    D.fire(
        d,
        "draft",
        gov,
        {
            "draft": "实施方案草案及起草说明：每村（社区）设置分类收集点，镇统一收运；"
            "可回收物由村（社区）回收站回收，有害垃圾定点暂存；对农户分类情况实行积分奖励。",
            "drafted_on": (today - dt.timedelta(days=12)).isoformat(),
        },
    )
    opened = today - dt.timedelta(days=10)
    D.fire(
        d,
        "open_comment",
        gov,
        {
            "published_on": opened.isoformat(),
            "channels": "镇政府网站、公众门户、各村（社区）政务公开栏",
            "how": "公众门户网上提交、书面、电话",
            "until": (opened + dt.timedelta(days=30)).isoformat(),
        },
    )
    for days, commenter, text, answer, reason, channel in (
        (
            8,
            "刘建华",
            "建议偏远村民小组的收集点每周清运两次",
            PublicComment.Answer.ADOPTED,
            "已在方案中调整为偏远村民小组每周清运两次",
            PublicComment.Channel.OFFLINE,
        ),
        (
            6,
            "",
            "积分奖励可以兑换生活用品",
            PublicComment.Answer.PARTLY,
            "积分可在村（社区）超市兑换生活用品；兑换现金不予采纳",
            PublicComment.Channel.OFFLINE,
        ),
        (2, "王秀英", "建议在新塘村集镇路口增设一个收集点", "", "", PublicComment.Channel.ONLINE),
    ):
        PublicComment.objects.create(
            decision=d,
            region=d.region,
            received_on=today - dt.timedelta(days=days),
            commenter=commenter,
            phone="13807329876" if channel == PublicComment.Channel.ONLINE else "",
            channel=channel,
            content=text,
            answer=answer,
            reason=reason,
            is_sample=True,
        )
    return d


def _literates(ctx, rng) -> None:
    names = "王李张刘陈杨黄赵周吴"
    rows = []
    for village in ctx.villages.values():
        for i in range(3):
            rows.append(
                LegalLiterate(
                    region=village,
                    name=rng.choice(names) + rng.choice(["建华", "秀兰", "志明", "桂英", "国庆", "春花"]),
                    since=dt.date(2020, 6, 1 + i),
                    is_sample=True,
                )
            )
    bulk.insert(LegalLiterate, rows)


def _log_year(year, town_adviser, villages, rng, *, until=None) -> list[Engagement]:
    """A year's routine service log: duty days, visits, consultations, lectures, village rules."""
    rows = []
    last = until or dt.date(year, 12, 31)

    def add(adviser, kind, day, subject, hours, people=0, place="", opinion=""):
        if day <= last:
            rows.append(
                Engagement(
                    adviser=adviser,
                    region=adviser.region,
                    kind=kind,
                    day=day,
                    hours=Decimal(hours),
                    place=place or adviser.service_place,
                    subject=subject,
                    people=people,
                    opinion=opinion,
                    is_sample=True,
                )
            )

    for village_name, adviser in villages.items():
        if not (adviser.contract_start.year <= year <= adviser.contract_end.year):
            continue
        for month in range(1, 13):
            duty = dt.date(year, month, 8 + rng.randint(0, 6))
            add(adviser, K.DUTY, duty, f"{village_name}法律顾问值班", "4")
            add(
                adviser,
                K.CONSULTATION,
                duty,
                "值班解答法律咨询",
                "2",
                people=rng.randint(2, 9),
                opinion="就土地承包、婚姻家庭、劳务报酬等问题解答咨询。",
            )
            if month % 3 == 0:
                add(
                    adviser,
                    K.VISIT,
                    dt.date(year, month, 20),
                    f"走访{village_name}村部、村民",
                    "3",
                    opinion="了解村级事务及矛盾纠纷情况，提示法律风险。",
                )
        lecture = (
            dt.date(year, 12, 4) if year == REFERENCE_YEAR else dt.date(year, 11, 20 + rng.randint(0, 5))
        )
        add(
            adviser,
            K.LECTURE,
            lecture,
            f"{village_name}法律知识宣讲（与司法所协同）",
            "2",
            people=rng.randint(40, 90),
            place=f"{village_name}村部",
            opinion="宣讲宪法、民法典，现场答疑并发放宣传资料。",
        )
        add(
            adviser,
            K.LECTURE,
            dt.date(year, 6, 15),
            f"{village_name}民法典专题讲座",
            "2",
            people=rng.randint(30, 70),
        )
        add(
            adviser,
            K.VILLAGE_RULES,
            dt.date(year, 3, 10 + rng.randint(0, 10)),
            f"审查{village_name}村级重大事项",
            "2",
            opinion="村集体资产处置方案程序合法，建议经村民代表会议表决。",
        )
        if rng.random() < 0.4:
            add(
                adviser,
                K.MEDIATION,
                dt.date(year, rng.randint(2, 11), 16),
                f"参与{village_name}矛盾纠纷调处",
                "3",
                opinion="协助调委会释法说理，双方达成调解协议。",
            )
    for month in range(1, 13):
        add(town_adviser, K.DUTY, dt.date(year, month, 3), "镇公共法律服务工作站值班", "4")
        add(town_adviser, K.DUTY, dt.date(year, month, 17), "镇公共法律服务工作站值班", "4")
        add(
            town_adviser,
            K.CONSULTATION,
            dt.date(year, month, 17),
            "工作站解答法律咨询",
            "2",
            people=rng.randint(3, 10),
        )
    for quarter in range(4):
        add(
            town_adviser,
            K.LECTURE,
            dt.date(year, quarter * 3 + 2, 25),
            "镇党委理论学习中心组学法讲座",
            "2",
            people=rng.randint(25, 40),
            place="镇政府会议室",
        )
    add(
        town_adviser,
        K.PETITION,
        dt.date(year, 5, 12),
        "对一件涉法涉诉信访事项出具法律意见",
        "3",
        opinion="建议引导信访人通过诉讼途径解决。",
    )
    return rows


def _catalogue(ctx, year, entries, published=True) -> tuple[Catalogue, list[CatalogueEntry]]:
    catalogue = Catalogue.objects.create(
        region=ctx.town,
        year=year,
        title=f"石鼓镇{year}年度重大行政决策事项目录",
        party_consent=f"镇党委{year}年第3次会议同意",
        party_consent_on=dt.date(year, 2, 22) if published else None,
        published_on=dt.date(year, 2, 26) if published else None,
        is_sample=True,
    )
    made = []
    for name, flags in entries:
        made.append(
            CatalogueEntry.objects.create(
                catalogue=catalogue,
                region=ctx.town,
                name=name,
                undertaker=flags.pop("undertaker", "党政办"),
                legal_basis=flags.pop("basis", ""),
                planned_by=dt.date(year, 11, 30),
                added_on=dt.date(year, 2, 26),
                is_sample=True,
                **flags,
            )
        )
    return catalogue, made


def _opinion(adviser, decision, day, text, hours="3"):
    return Engagement.objects.create(
        adviser=adviser,
        region=adviser.region,
        kind=K.DECISION,
        day=day,
        hours=Decimal(hours),
        place="镇政府会议室",
        subject=f"对“{decision.title}”出具法律意见",
        decision=decision,
        opinion=text,
        is_sample=True,
    )


def _decisions_2021(ctx, adviser, users, entries) -> None:
    D = workflow.DECISION
    gov, judicial, leader = users["govoffice"], users["judicial"], users["leader"]
    env, market, flood = entries

    def start(entry, title, started_on):
        return Decision.objects.create(
            entry=entry,
            region=ctx.town,
            title=title,
            undertaker=entry.undertaker,
            started_on=started_on,
            started_by=gov,
            is_sample=True,
        )

    def meeting(day, minutes):
        return {
            "meeting_type": "executive",
            "meeting_on": day,
            "attendees": "徐镇长、各副镇长、党政办、司法所、财政所负责人，法律顾问郑律师列席",
            "minutes": minutes,
        }

    # 1. 农村人居环境整治: public participation (30 days), experts, lawful.
    d = start(env, "石鼓镇2021年农村人居环境整治三年行动实施方案", dt.date(2021, 3, 1))
    D.fire(
        d,
        "draft",
        gov,
        {"draft": "实施方案草案及起草说明：垃圾分类收运、改厕、村容村貌整治。", "drafted_on": "2021-03-10"},
    )
    D.fire(
        d,
        "open_comment",
        gov,
        {
            "published_on": "2021-03-12",
            "channels": "镇政府网站、各村政务公开栏",
            "how": "书面、电话、意见箱",
            "until": "2021-04-12",
        },
    )
    for day, text, answer, reason in (
        ("2021-03-18", "建议增加偏远村民小组的垃圾清运频次", "adopted", "已在方案中调整为每周两次"),
        ("2021-03-25", "改厕补助标准应向低保户倾斜", "partly", "低保户补助提高，其他标准维持县定标准"),
        ("2021-04-02", "建议取消村民自筹部分", "rejected", "县级实施办法规定村民适当自筹，镇政府无权取消"),
    ):
        PublicComment.objects.create(
            decision=d,
            region=d.region,
            received_on=day,
            commenter="",
            content=text,
            answer=answer,
            reason=reason,
            is_sample=True,
        )
    D.fire(d, "close_comment", gov, {"closed_on": "2021-04-12"})
    D.fire(
        d,
        "experts",
        gov,
        {"opinion": "县农业农村局、生态环境分局专家论证：方案可行，建议分年度实施。", "on": "2021-04-15"},
    )
    D.fire(d, "submit_review", gov, {"submitted_on": "2021-04-19", "due_on": "2021-04-28"})
    _opinion(adviser, d, dt.date(2021, 4, 23), "方案主体、权限、程序合法，自筹标准与县级办法一致。")
    D.fire(
        d,
        "review",
        judicial,
        {
            "outcome": "lawful",
            "opinion": "经审查，方案制定主体适格，内容与法律法规不相抵触，程序完备，合法。",
            "reviewed_on": "2021-04-27",
        },
    )
    D.fire(d, "decide", leader, meeting("2021-05-06", "会议讨论同意实施方案。"))
    D.fire(d, "report", gov, {"reported_on": "2021-05-08"})
    D.fire(
        d,
        "publish",
        leader,
        {
            "published_on": "2021-05-12",
            "channel": "镇政府网站、政务公开栏",
            "uptake_note": "收到公众意见3条，采纳1条、部分采纳1条、不采纳1条并说明理由；专家论证意见已采纳。",
        },
    )
    D.fire(d, "execute", gov)
    D.fire(d, "evaluate", gov, {"evaluation": "年底评估：完成改厕1260户，垃圾分类覆盖全部村（社区）。"})

    # 2. 集镇农贸市场改造: the doubt argued out with the adviser and the judicial office.
    d = start(market, "石鼓镇集镇农贸市场提质改造及摊位租赁方案", dt.date(2021, 5, 10))
    D.fire(
        d,
        "draft",
        gov,
        {"draft": "农贸市场改造及摊位租赁方案草案：摊位统一招租，原经营户优先。", "drafted_on": "2021-05-20"},
    )
    D.fire(
        d,
        "risk",
        gov,
        {
            "report": "社会稳定风险评估：原经营户对租金调整有顾虑，评定为中风险，提出过渡期措施。",
            "level": "medium",
            "on": "2021-05-28",
        },
    )
    D.fire(
        d,
        "competition",
        gov,
        {
            "conclusion": "经公平竞争审查，原方案“本镇户籍经营户优先”条款涉嫌排除限制竞争，已修改为公开招租。",
            "on": "2021-06-02",
        },
    )
    D.fire(d, "submit_review", gov, {"submitted_on": "2021-06-07", "due_on": "2021-06-17"})
    _opinion(
        adviser,
        d,
        dt.date(2021, 6, 10),
        "对方案存在质疑：单方提高租金并收回摊位缺乏合同依据，建议与原经营户协商变更租赁合同并设过渡期。",
        "4",
    )
    _opinion(
        adviser,
        d,
        dt.date(2021, 6, 15),
        "经与司法所、承办单位充分辩论和明释，方案已增加协商变更和六个月过渡期条款，可按修改后方案实施。",
        "3",
    )
    D.fire(
        d,
        "review",
        judicial,
        {
            "outcome": "amend",
            "opinion": "对方案合法合规性存在质疑，邀请法律顾问和司法所同志一起进行了充分辩论和明释：收回摊位须依合同约定协商，不得单方变更。承办单位已修改，修改后合法。",
            "reviewed_on": "2021-06-16",
        },
    )
    D.fire(
        d,
        "decide",
        leader,
        meeting("2021-06-24", "会议讨论同意修改后的方案；一名班子成员对过渡期长短保留意见，已记录。"),
    )
    D.fire(d, "report", gov, {"reported_on": "2021-06-25"})
    D.fire(d, "publish", leader, {"published_on": "2021-06-30", "channel": "镇政府网站、市场公告栏"})
    D.fire(d, "execute", gov)
    D.fire(d, "archive", gov, {"archived_on": "2021-12-28"})

    # 3. 防汛转移安置: the comment period shortened, with the reason published.
    d = start(flood, "石鼓镇2021年防汛应急避险转移安置方案", dt.date(2021, 4, 20))
    D.fire(
        d,
        "draft",
        gov,
        {"draft": "防汛应急避险转移安置方案草案：转移路线、安置点、责任人。", "drafted_on": "2021-04-26"},
    )
    D.fire(
        d,
        "open_comment",
        gov,
        {
            "published_on": "2021-04-27",
            "channels": "镇政府网站、各村微信群",
            "how": "电话、书面",
            "until": "2021-05-07",
            "short_reason": "主汛期将至，须于5月中旬前完成安置点准备，征求意见期限缩短为10日，已在公告中说明。",
        },
    )
    PublicComment.objects.create(
        decision=d,
        region=d.region,
        received_on="2021-04-30",
        content="建议在长乐村增设一处安置点",
        answer="adopted",
        reason="已增设长乐村小学安置点",
        is_sample=True,
    )
    D.fire(d, "close_comment", gov, {"closed_on": "2021-05-07"})
    D.fire(
        d,
        "submit_review",
        gov,
        {
            "submitted_on": "2021-05-08",
            "due_on": "2021-05-12",
            "short_reason": "汛期紧急，经镇长同意审查时间缩短为3个工作日。",
        },
    )
    _opinion(adviser, d, dt.date(2021, 5, 10), "方案符合防洪法、突发事件应对法规定，转移安置措施合法。")
    D.fire(d, "review", judicial, {"outcome": "lawful", "opinion": "合法。", "reviewed_on": "2021-05-11"})
    D.fire(d, "decide", leader, meeting("2021-05-13", "会议讨论同意。"))
    D.fire(d, "report", gov, {"reported_on": "2021-05-13"})
    D.fire(
        d,
        "publish",
        leader,
        {
            "published_on": "2021-05-14",
            "channel": "镇政府网站、各村公告栏",
            "uptake_note": "收到公众意见1条，已采纳。",
        },
    )
    D.fire(d, "execute", gov)


CONTRACTS_2021 = [
    ("石鼓镇集镇道路硬化工程施工合同", "湘潭恒通建设工程有限公司", "386000", "党政办"),
    ("石鼓镇农贸市场摊位租赁合同（范本）", "个体经营户（范本）", "0", "经济发展办"),
    ("石鼓镇生活垃圾清运服务合同", "湘潭洁美环境服务有限公司", "248000", "党政办"),
    ("石鼓镇政府法律顾问服务合同", "湖南湘潭金石律师事务所", "30000", "司法所"),
    ("歇马村饮水工程管网改造施工合同", "湘潭县水利水电工程有限公司", "152000", "农业综合服务中心"),
    ("石鼓镇敬老院食堂委托经营合同", "湘潭康乐餐饮管理有限公司", "96000", "社会事务办"),
    ("石鼓镇土地流转示范基地租赁合同", "湘潭绿源农业开发有限公司", "420000", "经济发展办"),
    ("石鼓镇防汛物资采购合同", "湘潭安达应急物资有限公司", "58000", "应急管理办"),
]


def _credit_code(rng) -> str:
    from fazhi.core.pii import credit_check_char

    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91430321" + "".join(rng.choice(alphabet) for _ in range(9))
    return body + credit_check_char(body)


def _contracts_2021(ctx, adviser, users, rng) -> None:
    C = workflow.CONTRACT
    gov, judicial = users["govoffice"], users["judicial"]
    for n, (title, party, amount, unit) in enumerate(CONTRACTS_2021):
        submitted = dt.date(2021, 2 + n, 8)
        contract = Contract.objects.create(
            region=ctx.town,
            title=title,
            undertaker=unit,
            counterparty=party,
            credit_code=_credit_code(rng),
            standing_evidence="营业执照、资质证书复印件",
            amount=Decimal(amount) if amount != "0" else None,
            term_start=submitted + dt.timedelta(days=20),
            term_end=submitted + dt.timedelta(days=385),
            draft="合同主要条款：标的、价款、履行期限、违约责任、争议解决。",
            is_sample=True,
        )
        C.fire(contract, "submit", gov, {"submitted_on": submitted.isoformat()})
        Engagement.objects.create(
            adviser=adviser,
            region=adviser.region,
            kind=K.CONTRACT,
            day=submitted + dt.timedelta(days=2),
            hours=Decimal("2"),
            place="镇政府",
            subject=f"审查《{title}》",
            contract=contract,
            is_sample=True,
            opinion="主体资格适格；建议明确违约金计算标准和争议解决方式。" if n % 3 else "合同条款合法完备。",
        )
        outcome = "amend" if n % 3 else "agree"
        C.fire(
            contract,
            "review",
            judicial,
            {
                "outcome": outcome,
                "opinion": "同意签订。" if outcome == "agree" else "按法律顾问意见修改违约条款后签订。",
                "reviewed_on": (submitted + dt.timedelta(days=4)).isoformat(),
            },
        )
        C.fire(contract, "sign", gov, {"signed_on": (submitted + dt.timedelta(days=10)).isoformat()})
        C.fire(contract, "file", gov, {"filed_on": (submitted + dt.timedelta(days=15)).isoformat()})


def _normative(ctx, adviser, users) -> None:
    N = workflow.NORMATIVE
    gov, judicial = users["govoffice"], users["judicial"]
    old = NormativeDocument.objects.create(
        region=ctx.town,
        title="石鼓镇农村建房管理暂行办法",
        drafting_unit="国土所",
        state=NormativeDocument.State.DRAFTED,
        is_sample=True,
    )
    N.fire(old, "submit", gov, {"submitted_on": "2018-03-01"})
    N.fire(old, "review", judicial, {"outcome": "lawful", "opinion": "合法。", "reviewed_on": "2018-03-09"})
    N.fire(
        old,
        "issue",
        gov,
        {"deliberated_on": "2018-03-15", "issued_on": "2018-03-20", "valid_until": "2023-03-19"},
    )
    N.fire(
        old,
        "repeal",
        gov,
        {
            "repealed_on": "2021-09-30",
            "reason": "上位法《湖南省农村住房建设管理办法》施行，本办法相关条款与之不一致，予以废止。",
        },
    )
    for title, unit, submitted, reviewed, issued, until in (
        (
            "石鼓镇农村人居环境整治考核奖补办法",
            "党政办",
            "2021-05-20",
            "2021-05-31",
            "2021-06-08",
            "2023-06-07",
        ),
        ("石鼓镇村规民约备案审查办法", "司法所", "2021-10-11", "2021-10-20", "2021-10-28", None),
    ):
        doc = NormativeDocument.objects.create(
            region=ctx.town, title=title, drafting_unit=unit, is_sample=True
        )
        N.fire(doc, "submit", gov, {"submitted_on": submitted})
        Engagement.objects.create(
            adviser=adviser,
            region=adviser.region,
            kind=K.NORMATIVE,
            day=dt.date.fromisoformat(submitted) + dt.timedelta(days=3),
            hours=Decimal("3"),
            place="镇政府",
            subject=f"《{title}》合法性审核",
            normative=doc,
            is_sample=True,
            opinion="制定主体、权限、程序合法，未违法增设义务或减损权利。",
        )
        N.fire(
            doc,
            "review",
            judicial,
            {"outcome": "lawful", "opinion": "经合法性审核，合法。", "reviewed_on": reviewed},
        )
        data = {"deliberated_on": issued, "issued_on": issued}
        if until:
            data["valid_until"] = until
        N.fire(doc, "issue", gov, data)


def _history(ctx, town_adviser, villages, rng) -> None:
    """Other years: the routine log through the bulk path, a catalogue and two archived
    decisions a year, four reviewed and signed contracts a year."""
    today = timezone.localdate()
    engagements = []
    for year in range(FIRST_YEAR, today.year + 1):
        if year == REFERENCE_YEAR:
            continue
        engagements += _log_year(year, town_adviser, villages, rng, until=today - dt.timedelta(days=1))
    bulk.insert(Engagement, engagements)
    decisions, contracts = [], []
    for year in range(FIRST_YEAR, today.year):
        if year == REFERENCE_YEAR:
            continue
        _cat, entries = _catalogue(
            ctx,
            year,
            [
                (f"石鼓镇{year}年度民生实事项目实施方案", {"needs_participation": True}),
                (f"石鼓镇{year}年集镇建设项目", {"needs_participation": False, "needs_risk": True}),
            ],
        )
        for n, entry in enumerate(entries):
            started = dt.date(year, 3 + n * 3, 5)
            reviewed = started + dt.timedelta(days=40)
            decisions.append(
                Decision(
                    entry=entry,
                    region=ctx.town,
                    title=entry.name,
                    undertaker="党政办",
                    started_on=started,
                    state=Decision.State.ARCHIVED,
                    draft="方案草案及说明。",
                    drafted_on=started + dt.timedelta(days=7),
                    comment_published_on=started + dt.timedelta(days=8)
                    if entry.needs_participation
                    else None,
                    comment_until=started + dt.timedelta(days=38) if entry.needs_participation else None,
                    comment_closed_on=started + dt.timedelta(days=38) if entry.needs_participation else None,
                    comment_channels="镇政府网站" if entry.needs_participation else "",
                    risk_report="社会稳定风险评估：低风险。" if entry.needs_risk else "",
                    risk_level="low" if entry.needs_risk else "",
                    review_submitted_on=reviewed - dt.timedelta(days=12),
                    review_due_on=reviewed - dt.timedelta(days=1),
                    review_outcome=Decision.Outcome.LAWFUL
                    if (year + n) % 3
                    else Decision.Outcome.LAWFUL_IF_AMENDED,
                    review_opinion="合法。",
                    reviewed_on=reviewed,
                    meeting_type="executive",
                    meeting_on=reviewed + dt.timedelta(days=7),
                    attendees="镇政府班子成员",
                    resolution=Decision.Resolution.AGREED,
                    minutes="会议讨论同意。",
                    reported_on=reviewed + dt.timedelta(days=8),
                    published_on=reviewed + dt.timedelta(days=12),
                    publication_channel="镇政府网站",
                    archived_on=dt.date(year, 12, 28),
                    is_sample=True,
                )
            )
        for n in range(4):
            reviewed = dt.date(year, 2 + n * 3, 12)
            contracts.append(
                Contract(
                    region=ctx.town,
                    title=f"石鼓镇{year}年{['保洁服务', '道路维修', '绿化养护', '物资采购'][n]}合同",
                    undertaker="党政办",
                    counterparty="湘潭某服务有限公司",
                    credit_code=_credit_code(rng),
                    amount=Decimal(rng.randint(3, 40) * 10000),
                    state=Contract.State.FILED,
                    submitted_on=reviewed - dt.timedelta(days=3),
                    reviewed_on=reviewed,
                    review_outcome="agree",
                    review_opinion="同意签订。",
                    signed_on=reviewed + dt.timedelta(days=7),
                    filed_on=reviewed + dt.timedelta(days=14),
                    is_sample=True,
                )
            )
    made = bulk.insert(Decision, decisions)
    bulk.insert(Contract, contracts)
    opinions = [
        Engagement(
            adviser=town_adviser,
            region=town_adviser.region,
            kind=K.DECISION,
            day=d.reviewed_on - dt.timedelta(days=3),
            hours=Decimal("3"),
            place="镇政府",
            subject=f"对“{d.title}”出具法律意见",
            decision=d,
            opinion="程序完备，内容合法。",
            is_sample=True,
        )
        for d in made
    ]
    bulk.insert(Engagement, opinions)


def _open_now(ctx, adviser_user, town_adviser, users) -> None:
    """This year's catalogue with a decision in legality review and a contract in review, both
    given to the town adviser for their opinion."""
    today = timezone.localdate()
    D, C = workflow.DECISION, workflow.CONTRACT
    gov, judicial = users["govoffice"], users["judicial"]
    _cat, entries = _catalogue(
        ctx,
        today.year,
        [
            (f"石鼓镇{today.year}年农村供水保障提升方案", {"needs_participation": False, "needs_risk": True}),
            (
                f"石鼓镇{today.year}年农村生活垃圾分类收运实施方案",
                {"needs_participation": True, "basis": "《中华人民共和国固体废物污染环境防治法》"},
            ),
        ],
    )
    _consultation(ctx, entries[1], users)
    start = max(dt.date(today.year, 3, 1), today - dt.timedelta(days=40))
    d = Decision.objects.create(
        entry=entries[0],
        region=ctx.town,
        title=entries[0].name,
        undertaker="党政办",
        started_on=start,
        started_by=gov,
        is_sample=True,
    )
    D.fire(d, "draft", gov, {"draft": "供水保障提升方案草案。", "drafted_on": start.isoformat()})
    D.fire(d, "risk", gov, {"report": "社会稳定风险评估：低风险。", "level": "low", "on": start.isoformat()})
    from fazhi.core.deadlines import add_working_days

    submitted = today - dt.timedelta(days=2)
    D.fire(
        d,
        "submit_review",
        gov,
        {"submitted_on": submitted.isoformat(), "due_on": add_working_days(submitted, 7).on.isoformat()},
    )
    links.give(d, adviser_user, purpose=purposes.OPINION, by=judicial, since=submitted)
    contract = Contract.objects.create(
        region=ctx.town,
        title=f"石鼓镇{today.year}年冬季道路除冰保畅服务合同",
        undertaker="应急管理办",
        counterparty="湘潭安达应急物资有限公司",
        credit_code=_credit_code(random.Random(7)),
        amount=Decimal("45000"),
        draft="服务范围、响应时间、价款、违约责任。",
        is_sample=True,
    )
    C.fire(contract, "submit", gov, {"submitted_on": (today - dt.timedelta(days=1)).isoformat()})
    links.give(
        contract, adviser_user, purpose=purposes.OPINION, by=judicial, since=today - dt.timedelta(days=1)
    )


def build(ctx) -> None:
    if Adviser.objects.filter(is_sample=True).exists():
        return
    rng = random.Random(13)
    users = {
        name: ctx.users.get(name) or User.objects.get(username=name)
        for name in ("govoffice", "judicial", "leader", "adviser")
    }
    with transaction.atomic():
        town_adviser, villages = _advisers(ctx, rng)
        _literates(ctx, rng)
        bulk.insert(Engagement, _log_year(REFERENCE_YEAR, town_adviser, villages, rng))
        _cat, entries = _catalogue(
            ctx,
            REFERENCE_YEAR,
            [
                (
                    "石鼓镇农村人居环境整治三年行动实施方案",
                    {
                        "needs_participation": True,
                        "needs_experts": True,
                        "basis": "《农村人居环境整治三年行动方案》",
                    },
                ),
                (
                    "石鼓镇集镇农贸市场提质改造",
                    {
                        "needs_participation": False,
                        "needs_risk": True,
                        "needs_competition": True,
                        "undertaker": "经济发展办",
                    },
                ),
                (
                    "石鼓镇防汛应急避险转移安置方案",
                    {
                        "needs_participation": True,
                        "undertaker": "应急管理办",
                        "basis": "《中华人民共和国防洪法》",
                    },
                ),
            ],
        )
        _decisions_2021(ctx, town_adviser, users, entries)
        _contracts_2021(ctx, town_adviser, users, rng)
        _normative(ctx, town_adviser, users)
    _history(ctx, town_adviser, villages, rng)
    _open_now(ctx, users["adviser"], town_adviser, users)
    _photos([town_adviser, *villages.values()])


kit.register("legal", build, volumes=VOLUMES, after=("core",))
