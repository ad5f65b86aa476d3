"""Sample disclosure records (all invented, all is_sample) for 石鼓镇.

The reference report says only (三(一) 三是): 设立党务、政务公开栏，公开公示单位工作人员姓名、职务、部门和
照片，定期不定期公开党委、政府应公开的事项. So 2021 has: the catalogue of the county's 基层政务公开
标准目录 as the town applies it (12 items, time limits 3, 7 or 20 working days); its publications
made through the year, each published on the 政务公开栏 and most on the website (a few late); the
staff directory published from the staff register (portraits are generated placeholders); the
指南 and 目录 updated in March; a year of requests through the real workflow covering every
applicant type and most outcomes (one corrected, two paused for a third party, one fee paid and
one unpaid, one extension), two carried over from 2020 and one carried into 2022; one 复议 case;
the yearly register (行政许可 6 decisions; 行政事业性收费 none). Other years (2016–2025) through the
bulk path (closed within the year); now (2026-12) four open requests and two publications due
for the demo account `govoffice`. The demo account `leader` (徐彬, 镇长) is made head of the
disclosure office (政府信息公开工作领导小组组长, 党政办) in the staff register so that he approves
extensions. 易俗河镇 gets a light 2021 through the bulk path.

Idempotent: nothing is built when sample requests exist.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fazhi.core import bulk, deadlines
from fazhi.core import demo as kit
from fazhi.core.ledger import acting_as
from fazhi.core.models import Deadline, Person, Post, PostKind, TakenBy
from fazhi.core.walk import Walker
from fazhi.disclosure import proactive, workflow
from fazhi.disclosure.forms import RECEIPT_RULES, RequestForm, register_request
from fazhi.disclosure.models import (
    REQUEST_NUMBERS,
    CatalogueItem,
    Publication,
    Request,
    YearlyFigure,
)

REFERENCE_YEAR = 2021
FIRST_YEAR = 2016
HISTORY_PER_YEAR = (3, 9)

# (domain, code, level1, level2, content, basis, limit, channels)
CATALOGUE = [
    (
        "政府信息公开",
        "1",
        "机构职能",
        "领导信息",
        "领导姓名、职务、分工、照片",
        "条例第二十条第（二）项",
        20,
        "政府网站、政务公开栏",
    ),
    (
        "政府信息公开",
        "2",
        "机构职能",
        "工作人员名录",
        "工作人员姓名、职务、部门和照片",
        "条例第二十条第（二）项",
        20,
        "政务公开栏",
    ),
    (
        "政府信息公开",
        "3",
        "政府文件",
        "镇政府规范性文件",
        "文件全文及政策解读",
        "条例第二十条第（一）项",
        3,
        "政府网站、政务公开栏",
    ),
    (
        "政府信息公开",
        "4",
        "公开指南与目录",
        "政府信息公开指南和目录",
        "指南、目录及其更新",
        "条例第十二条",
        20,
        "政府网站",
    ),
    (
        "财政预决算",
        "1",
        "财政资金",
        "镇级预决算",
        "预算、决算报告及表格",
        "预算法第十四条",
        20,
        "政府网站、政务公开栏",
    ),
    (
        "社会救助",
        "1",
        "最低生活保障",
        "低保对象公示",
        "低保对象名单、保障金额",
        "社会救助暂行办法",
        7,
        "政务公开栏、村务公开栏",
    ),
    (
        "社会救助",
        "2",
        "临时救助",
        "临时救助对象公示",
        "救助对象、救助金额",
        "社会救助暂行办法",
        7,
        "村务公开栏",
    ),
    (
        "涉农补贴",
        "1",
        "惠农资金",
        "耕地地力保护补贴发放",
        "补贴对象、面积、金额",
        "条例第二十一条",
        20,
        "村务公开栏、便民服务站",
    ),
    (
        "征地补偿",
        "1",
        "集体土地征收",
        "征收补偿安置方案",
        "补偿标准、安置方案",
        "土地管理法第四十七条；条例第二十一条",
        7,
        "政府网站、村务公开栏",
    ),
    (
        "公共法律服务",
        "1",
        "法治宣传",
        "法治文化阵地信息",
        "法治文化阵地名称、地点、开放时间",
        "司法部公共法律服务领域基层政务公开标准指引",
        20,
        "政府网站、公开查阅点",
    ),
    (
        "公共法律服务",
        "2",
        "法治宣传",
        "普法资讯",
        "普法活动安排与开展情况",
        "司法部公共法律服务领域基层政务公开标准指引",
        20,
        "政府网站、两微一端",
    ),
    (
        "应急管理",
        "1",
        "应急预案",
        "防汛抗旱应急预案",
        "预案全文及预警信息",
        "条例第二十条第（十二）项",
        20,
        "政府网站、广播电视",
    ),
]
# 2021 publications: (catalogue code "domain/code", title, made_on, published_on or None, channels)
PUBLICATIONS_2021 = [
    (
        "政府信息公开/3",
        "石鼓镇人民政府关于印发《石鼓镇河道采砂管理办法》的通知",
        dt.date(2021, 3, 8),
        dt.date(2021, 3, 10),
        ["website", "board"],
    ),
    (
        "政府信息公开/3",
        "石鼓镇人民政府关于进一步加强秸秆禁烧工作的通告",
        dt.date(2021, 10, 15),
        dt.date(2021, 10, 22),
        ["website", "board"],
    ),
    (
        "财政预决算/1",
        "石鼓镇2021年财政预算报告",
        dt.date(2021, 2, 2),
        dt.date(2021, 2, 20),
        ["website", "board"],
    ),
    ("财政预决算/1", "石鼓镇2020年财政决算报告", dt.date(2021, 8, 6), dt.date(2021, 8, 27), ["website"]),
    ("社会救助/1", "2021年第一季度低保对象公示", dt.date(2021, 3, 25), dt.date(2021, 3, 30), ["board"]),
    ("社会救助/1", "2021年第二季度低保对象公示", dt.date(2021, 6, 24), dt.date(2021, 6, 29), ["board"]),
    ("社会救助/1", "2021年第三季度低保对象公示", dt.date(2021, 9, 24), dt.date(2021, 10, 12), ["board"]),
    ("社会救助/1", "2021年第四季度低保对象公示", dt.date(2021, 12, 20), dt.date(2021, 12, 24), ["board"]),
    ("社会救助/2", "2021年临时救助对象公示", dt.date(2021, 7, 12), dt.date(2021, 7, 16), ["board"]),
    (
        "涉农补贴/1",
        "2021年耕地地力保护补贴发放公示",
        dt.date(2021, 5, 10),
        dt.date(2021, 5, 28),
        ["board", "service_station"],
    ),
    (
        "征地补偿/1",
        "歇马村道路建设项目集体土地征收补偿安置方案",
        dt.date(2021, 4, 12),
        dt.date(2021, 4, 16),
        ["website", "board"],
    ),
    (
        "公共法律服务/1",
        "石鼓镇法治文化阵地信息",
        dt.date(2021, 4, 1),
        dt.date(2021, 4, 20),
        ["website", "reading_point"],
    ),
    (
        "公共法律服务/2",
        "石鼓镇2021年宪法宣传周活动安排",
        dt.date(2021, 11, 22),
        dt.date(2021, 11, 26),
        ["website", "social"],
    ),
    (
        "应急管理/1",
        "石鼓镇2021年防汛抗旱应急预案",
        dt.date(2021, 4, 28),
        dt.date(2021, 5, 6),
        ["website", "broadcast"],
    ),
    (
        "政府信息公开/1",
        "石鼓镇领导信息（换届后）",
        dt.date(2021, 8, 26),
        dt.date(2021, 9, 3),
        ["website", "board"],
    ),
]

SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "秀英", "志强", "桂兰", "海军", "春梅", "德华", "玉珍", "国平", "小红", "卫东", "金花"]
COMPANIES = {
    "business": ["湘潭石鼓建材有限公司", "湘潭县鑫源砂石有限公司", "湖南绿野农业开发有限公司"],
    "research": ["湘潭大学法学院", "湖南省农业科学院"],
    "public_interest": ["湘潭市环保志愿者协会", "湘潭县老年人协会"],
    "legal_service": ["湖南莲城律师事务所", "湘潭县石鼓法律服务所"],
    "other": ["石鼓镇歇马村村民委员会", "湘潭县个体劳动者协会"],
}
TOPICS = [
    "歇马村道路建设项目集体土地征收补偿标准",
    "石鼓镇2020年低保对象名单",
    "石鼓镇河道采砂管理办法全文",
    "石鼓镇2021年财政预算报告",
    "某村集体资产承包合同",
    "石鼓镇2020年耕地地力保护补贴发放情况",
    "石鼓镇防汛抗旱应急预案",
    "某违法建设拆除决定及执法依据",
    "石鼓镇2021年惠农资金使用情况",
    "某建设项目环境影响评价批复",
]

VOLUMES = {
    "标准目录事项": len(CATALOGUE),
    "2021年主动公开信息（全流程）": len(PUBLICATIONS_2021) + 3,
    "2021年依申请公开（全流程，含2020年结转2件）": "16",
    "复议案件": 1,
    "当前在办申请（govoffice）": 4,
    "其他年度申请（批量，每年）": f"{HISTORY_PER_YEAR[0]}–{HISTORY_PER_YEAR[1]}",
}

LEADER_POST_SINCE = dt.date(2021, 8, 26)  # 徐彬's election (as the education demo has it)


def _name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _applicant(rng, kind: str) -> dict:
    if kind == "natural":
        name = _name(rng)
        return {
            "applicant_name": name,
            "identity_proof": f"居民身份证 430321{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1000, 9999)}",
            "phone": f"138{rng.randint(10000000, 99999999)}",
            "address": f"湖南省湘潭县石鼓镇{rng.choice(['歇马村', '古塘村', '五星村', '龙潭村'])}{rng.randint(1, 9)}组",
        }
    return {
        "applicant_name": rng.choice(COMPANIES[kind]),
        "identity_proof": "统一社会信用代码 91430321MA4L"
        + "".join(rng.choice("0123456789") for _i in range(6)),
        "representative": _name(rng),
        "phone": f"139{rng.randint(10000000, 99999999)}",
        "address": "湖南省湘潭县易俗河镇",
    }


def _staff(ctx) -> None:
    """The town's staff register as the education demo makes it (its people and posts are looked
    up by name before being created, so whichever demo runs first makes them once)."""
    try:
        from fazhi.education.demo import staff
    except ImportError:  # the education app's demo is not installed
        return
    staff(ctx)


def _portraits(ctx, office) -> None:
    """A generated placeholder portrait (marked as sample) for each person of the town's staff
    register without a photo: the directory shows 照片 as the report says."""
    from django.core.files.base import ContentFile

    from fazhi.core.attachments import attach
    from fazhi.disclosure.portraits import portrait

    for number, person in enumerate(
        Person.objects.filter(region=ctx.town, photo__isnull=True).order_by("pk")
    ):
        photo = attach(
            ContentFile(portrait(number), name=f"portrait-{person.pk}.png"),
            owner=person,
            user=office,
            caption="照片（示例占位图，非真实人员）",
        )
        Person.objects.filter(pk=person.pk).update(photo=photo)


def _head_of_office(ctx) -> None:
    """The demo `leader` (徐彬) leads the town's disclosure office (党政办) in the staff register."""
    user = ctx.users.get("leader")
    if user is None:
        return
    person = (
        Person.objects.filter(user=user).first()
        or Person.objects.filter(region=ctx.town, name="徐彬").first()
    )
    if person is None:
        person = Person.objects.create(region=ctx.town, name="徐彬", user=user, note="示例数据")
    elif person.user_id is None and not Person.objects.filter(user=user).exists():
        person.user = user
        person.save(update_fields=["user"])
    title = "政府信息公开工作领导小组组长"
    if not Post.objects.filter(person=person, title=title).exists():
        Post.objects.create(
            person=person,
            region=ctx.town,
            title=title,
            kind=PostKind.LEADER,
            department="党政办",
            since=LEADER_POST_SINCE,
            taken_by=TakenBy.APPOINTMENT,
            order=2,
            document="石鼓发〔2021〕12号（示例）",
        )


def _catalogue(town) -> dict:
    items = {}
    for domain, code, level1, level2, content, basis, limit, channels in CATALOGUE:
        item, _created = CatalogueItem.objects.get_or_create(
            region=town,
            domain=domain,
            code=code,
            defaults={
                "level1": level1,
                "level2": level2,
                "content": content,
                "basis": basis,
                "time_limit_days": limit,
                "time_limit_text": f"信息形成或变更之日起{limit}个工作日内",
                "publisher": f"{town.name}人民政府",
                "channels": channels,
                "level": CatalogueItem.Level.TOWN,
                "is_sample": True,
            },
        )
        items[f"{domain}/{code}"] = item
    return items


def _publish(town, office, item, title, made_on, published_on, channels, kind=Publication.Kind.ITEM):
    pub = proactive.save_publication(
        Publication(region=town, kind=kind, item=item, title=title, made_on=made_on, is_sample=True), office
    )
    if published_on:
        for channel in channels:
            proactive.add_channel(
                pub,
                channel,
                published_on,
                "石鼓镇人民政府网站" if channel == "website" else "镇政府政务公开栏",
                office,
            )
    return pub


def _request(town, office, rng, kind, received, channel="in_person", description=None, **extra):
    data = {
        "region": town.pk,
        "applicant_type": kind,
        **_applicant(rng, kind),
        "description": description or rng.choice(TOPICS),
        "form_wanted": rng.choice(["paper", "electronic"]),
        "delivery": rng.choice(["mail", "email", "collect"]),
        "channel": channel,
        "submitted_on": received.isoformat(),
        **extra,
    }
    if channel != "in_person":
        data["received_on"] = received.isoformat()
    form = RequestForm(data, user=office)
    if not form.is_valid():
        raise ValueError(f"demo request: {form.errors.as_json()}")
    req = register_request(form, office)
    Request.objects.filter(pk=req.pk).update(is_sample=True)
    req.is_sample = True
    return req


def _reference_year(ctx, office, leader, rng, items) -> None:
    town = ctx.town
    w = Walker(workflow, defaults={}, actors={"office": office, "leader": leader}, default_actor="office")

    def reply(req, day, outcome, text, reasons="", **more):
        w.step(req, "reply", outcome=outcome, replied_on=day.isoformat(), reply=text, reasons=reasons, **more)

    # carried over from 2020: received in late December, answered in January 2021
    a = _request(town, office, rng, "natural", dt.date(2020, 12, 21), description="石鼓镇2020年低保对象名单")
    reply(a, dt.date(2021, 1, 8), "1", "已在镇政务公开栏公示，现提供名单复印件。")
    b = _request(
        town,
        office,
        rng,
        "business",
        dt.date(2020, 12, 28),
        channel="registered_mail",
        description="湘潭县2019年砂石开采权出让文件",
    )
    reply(
        b,
        dt.date(2021, 1, 18),
        "4.1",
        "本机关不掌握该信息。",
        "经检索，本机关未制作或获取该信息",
        right_organ="湘潭县自然资源局（0731-57222xxx）",
    )
    # 2021, every applicant type
    c = _request(town, office, rng, "natural", dt.date(2021, 3, 2))
    reply(c, dt.date(2021, 3, 19), "1", "现将所申请的信息提供给您。")
    d = _request(town, office, rng, "natural", dt.date(2021, 4, 6), description="我家门前那条路的事")
    w.step(
        d,
        "ask_correction",
        asked_on="2021-04-09",
        asked="请写明所需政府信息的名称、文号或者便于查询的其他特征性描述",
    )
    w.step(d, "corrected", corrected_on="2021-04-16", note="歇马村道路建设项目集体土地征收补偿安置方案")
    reply(
        d,
        dt.date(2021, 5, 7),
        "1",
        "该信息已于2021年4月16日在镇政府网站主动公开，获取方式：镇政府网站“征地补偿”栏目。",
    )
    e = _request(town, office, rng, "business", dt.date(2021, 5, 10), description="某村集体资产承包合同")
    w.step(
        e,
        "consult",
        third_party="承包人 湘潭绿野农业开发有限公司",
        consulted_on="2021-05-13",
        reason="承包合同涉及第三方商业秘密（条例第三十二条）",
    )
    w.step(e, "consulted", answered_on="2021-05-27", answer="不同意公开合同价款部分")
    reply(
        e,
        dt.date(2021, 6, 11),
        "2",
        "现提供合同文本（价款部分已作区分处理）。",
        reasons="合同价款涉及第三方商业秘密，第三方不同意公开",
    )
    f = _request(
        town,
        office,
        rng,
        "research",
        dt.date(2021, 6, 1),
        channel="online",
        description="石鼓镇2016—2020年行政执法案件统计",
    )
    w.step(f, "extend", user=leader, days=10, reason="需从档案室调取五年案卷统计", told="on")
    reply(
        f,
        dt.date(2021, 7, 9),
        "4.2",
        "本机关没有现成的统计信息。",
        reasons="行政机关不负有另行制作、加工、分析信息的义务（条例第三十八条）",
    )
    g = _request(
        town,
        office,
        rng,
        "public_interest",
        dt.date(2021, 7, 5),
        channel="online",
        description="某建设项目环境影响评价批复",
    )
    reply(
        g,
        dt.date(2021, 7, 21),
        "4.1",
        "本机关不掌握该信息。",
        "环评批复由生态环境部门作出，本机关未获取",
        right_organ="湘潭市生态环境局湘潭县分局",
    )
    h = _request(
        town,
        office,
        rng,
        "legal_service",
        dt.date(2021, 8, 2),
        channel="registered_mail",
        description="某违法建设拆除决定及执法依据",
    )
    w.step(h, "consult", third_party="当事人 周某", consulted_on="2021-08-05", reason="涉及当事人个人隐私")
    w.step(h, "consulted", answered_on="2021-08-27", answer="")
    reply(
        h,
        dt.date(2021, 9, 3),
        "3.4",
        "经征求意见，第三方逾期未提出意见；该信息公开会对第三方合法权益造成损害。",
        reasons="涉及第三方个人隐私，公开会对其合法权益造成损害（条例第十五条）",
    )
    i = _request(town, office, rng, "other", dt.date(2021, 9, 6), description="石鼓镇2021年惠农资金使用情况")
    reply(i, dt.date(2021, 9, 17), "1", "现提供惠农资金使用情况表。")
    # a fee: quantity clearly beyond reason (the same applicant's 12th request this month)
    j = _request(
        town, office, rng, "natural", dt.date(2021, 9, 13), description="石鼓镇2015—2021年全部会议纪要"
    )
    w.step(
        j,
        "fee_notice",
        amount="200.00",
        basis="按件计收：本月第11、12件，每件100元（国办函〔2020〕109号）",
        notice_on="2021-09-15",
        reason="申请数量明显超过合理范围（条例第四十二条）",
    )
    fee = Deadline.objects.filter(
        object_id=str(j.pk), content_type__model="request", code="disclosure.fee_payment"
    ).first()
    w.step(j, "fee_unpaid", closed_on=(fee.due_on + dt.timedelta(days=1)).isoformat())
    k = _request(town, office, rng, "business", dt.date(2021, 10, 11), channel="online")
    w.step(
        k,
        "fee_notice",
        amount="100.00",
        basis="按量计收：56页，31—100页每页10元以内部分（示例）",
        notice_on="2021-10-12",
        reason="申请页数明显超过合理范围（条例第四十二条）",
    )
    w.step(k, "fee_paid", paid_on="2021-10-18", paid="100.00")
    reply(k, dt.date(2021, 10, 29), "1", "现将所申请的信息提供给您。")
    m = _request(
        town, office, rng, "natural", dt.date(2021, 10, 20), description="反映邻居违建问题，要求镇政府处理"
    )
    reply(
        m,
        dt.date(2021, 10, 22),
        "5.1",
        "您的申请属于投诉类申请，已告知您通过信访渠道提出。",
        reasons="属于信访、举报、投诉类申请（条例第三十九条）",
    )
    n = _request(town, office, rng, "natural", dt.date(2021, 11, 8), description="石鼓镇2020年低保对象名单")
    reply(
        n,
        dt.date(2021, 11, 12),
        "5.2",
        "本机关已于2021年1月8日就相同内容答复您。",
        reasons="重复申请（条例第三十六条第（六）项）",
    )
    o = _request(town, office, rng, "natural", dt.date(2021, 11, 15), description="不清楚")
    w.step(o, "ask_correction", asked_on="2021-11-17", asked="请写明所需政府信息的内容描述", days=10)
    correction = Deadline.objects.filter(
        object_id=str(o.pk), content_type__model="request", code="disclosure.applicant_correction"
    ).first()
    w.step(o, "no_correction", closed_on=(correction.due_on + dt.timedelta(days=1)).isoformat())
    # carried into 2022
    p = _request(town, office, rng, "natural", dt.date(2021, 12, 27), description="石鼓镇2022年财政预算草案")
    reply(
        p,
        dt.date(2022, 1, 14),
        "3.6",
        "该信息属于过程性信息。",
        reasons="预算草案尚在审议，属于过程性信息（条例第十六条第二款）",
    )
    # the 复议 about the 3.4 refusal is in the one register: the litigation demo links it to h
    for item, value, source in (
        (YearlyFigure.Item.PERMITS, 6, "石鼓镇便民服务中心2021年行政许可办件台账（示例）"),
        (
            YearlyFigure.Item.FEES,
            Decimal("0"),
            "石鼓镇财政所2021年行政事业性收费台账（示例：本级无收费项目）",
        ),
    ):
        YearlyFigure.objects.get_or_create(
            region=town,
            year=REFERENCE_YEAR,
            item=item,
            defaults={"value": value, "source": source, "entered_by": office, "is_sample": True},
        )
    # proactive: the year's publications, the directory, the 指南 and 目录
    for key, title, made_on, published_on, channels in PUBLICATIONS_2021:
        _publish(town, office, items[key], title, made_on, published_on, channels)
    _publish(
        town,
        office,
        items["政府信息公开/4"],
        "石鼓镇人民政府政府信息公开指南（2021年修订）",
        dt.date(2021, 3, 1),
        dt.date(2021, 3, 5),
        ["website"],
        Publication.Kind.GUIDE,
    )
    _publish(
        town,
        office,
        items["政府信息公开/4"],
        "石鼓镇人民政府政府信息公开目录（2021年）",
        dt.date(2021, 3, 1),
        dt.date(2021, 3, 5),
        ["website"],
        Publication.Kind.INDEX,
    )
    directory = proactive.save_publication(
        Publication(
            region=town,
            kind=Publication.Kind.DIRECTORY,
            item=items["政府信息公开/2"],
            title="石鼓镇工作人员名录（姓名、职务、部门、照片；照片为示例占位图）",
            made_on=dt.date(2021, 8, 26),
            content="\n".join(
                f"{r['name']}　{r['title']}　{r['department']}"
                for r in proactive.directory_rows(town, dt.date(2021, 9, 1))
            ),
            is_sample=True,
        ),
        office,
    )
    proactive.add_channel(directory, "board", dt.date(2021, 9, 2), "镇政府党务、政务公开栏", office)


def _history(ctx, rng) -> None:
    """Requests of the other years, closed within the year, at their final states."""
    rows, clocks = [], []
    outcomes = ["1", "1", "1", "2", "4.1", "4.1", "5.1", "5.2", "3.4", "4.2", "6.3"]
    kinds = ["natural"] * 6 + [
        "business",
        "business",
        "research",
        "public_interest",
        "legal_service",
        "other",
    ]
    today = timezone.localdate()
    for town in (ctx.town, ctx.other_town):
        if town is None:
            continue
        prefix = town.name.removesuffix("镇")
        years = [y for y in range(FIRST_YEAR, today.year) if y != REFERENCE_YEAR or town != ctx.town]
        for year in years:
            count = rng.randint(*HISTORY_PER_YEAR) if town == ctx.town else rng.randint(2, 5)
            for seq in range(1, count + 1):
                received = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
                replied = deadlines.add_working_days(received, rng.randint(5, 19)).on
                kind = rng.choice(kinds)
                applicant = _applicant(rng, kind)
                req = Request(
                    region=town,
                    number=REQUEST_NUMBERS.pattern.format(prefix=prefix, year=year, seq=seq),
                    year=year,
                    sequence=seq,
                    applicant_type=kind,
                    **applicant,
                    description=rng.choice(TOPICS),
                    channel="in_person",
                    submitted_on=received,
                    received_on=received,
                    received_note=str(RECEIPT_RULES["in_person"]),
                    state=Request.State.CLOSED,
                    outcome=rng.choice(outcomes),
                    reply="（历史记录）已答复。",
                    reasons="（历史记录）",
                    replied_on=replied,
                    closed_on=replied,
                    closed_year=replied.year,
                    is_sample=True,
                )
                rows.append(req)
    made = bulk.insert(Request, rows)
    for req in made:
        clocks.append(
            deadlines.historical(req, workflow.REPLY, starts_on=req.received_on, met_on=req.replied_on)
        )
    bulk.insert(Deadline, clocks)


def _now(ctx, office, rng, items) -> None:
    """Open requests and publications due now, for the demo account `govoffice`."""
    town, today = ctx.town, timezone.localdate()
    w = Walker(workflow, defaults={}, actors={"office": office}, default_actor="office")

    def back(n):
        day = today
        while n:
            day -= dt.timedelta(days=1)
            if deadlines.is_workday(day):
                n -= 1
        return day

    _request(town, office, rng, "natural", back(17), description="石鼓镇2026年耕地地力保护补贴发放名单")
    unclear = _request(town, office, rng, "natural", back(4), description="关于我们村的那个项目")
    w.step(
        unclear, "ask_correction", asked_on=back(2).isoformat(), asked="请写明项目名称或便于查询的特征性描述"
    )
    consulted = _request(
        town, office, rng, "business", back(9), channel="online", description="某砂石场整改验收意见"
    )
    w.step(
        consulted,
        "consult",
        third_party="湘潭县鑫源砂石有限公司",
        consulted_on=back(6).isoformat(),
        reason="涉及第三方商业秘密（条例第三十二条）",
    )
    _request(
        town,
        office,
        rng,
        "legal_service",
        back(1),
        channel="registered_mail",
        description="石鼓镇2026年重大行政决策目录",
    )
    # publications: one late, one due within the week
    _publish(town, office, items["社会救助/1"], f"{today.year}年第四季度低保对象公示", back(10), None, [])
    _publish(
        town,
        office,
        items["政府信息公开/3"],
        "石鼓镇人民政府关于做好冬春火灾防控工作的通知",
        back(1),
        None,
        [],
    )


@transaction.atomic
def build(ctx) -> None:
    if Request.objects.filter(is_sample=True).exists():
        return
    rng = random.Random(14)
    office = ctx.users.get("govoffice")
    leader = ctx.users.get("leader")
    if office is None or leader is None:
        return
    with acting_as(office, "demo"):
        _staff(ctx)
        _head_of_office(ctx)
        _portraits(ctx, office)
        items = _catalogue(ctx.town)
        _history(ctx, rng)  # first: the reference year's numbers then follow the stored ones
        _reference_year(ctx, office, leader, rng, items)
        _now(ctx, office, rng, items)


kit.register("disclosure", build, volumes=VOLUMES)
