"""A case from 立案 to 归档 through the web pages, in Chromium: the officer files it with two
officers (after being refused one whose certificate expired, 行政处罚法第四十二条), uploads
evidence, investigates, sends it to legal review; the reviewer passes it; the officer notifies
the party and records the waiver of statement and hearing; the leader decides; the officer
serves, records the payment, closes and archives."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fazhi.enforcement.models import Case, CaseState, Evidence
from fazhi.enforcement.tests.conftest import _id_number
from fazhi.testing.browser import sign_in

pytestmark = pytest.mark.browser

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"


def _as(page, user) -> None:
    """Sign out whoever is signed in, and sign `user` in."""
    page.context.clear_cookies()
    sign_in(page, user)


def _step(page, label: str, fill=None) -> None:
    """Do the next step `label` from the case page: open its form (or press its button), fill
    it in, confirm."""
    steps = page.locator("#steps")
    form = steps.locator("details.step", has=page.locator("summary", has_text=re.compile(f"^{label}$")))
    if form.count():
        form.locator("summary").click()
        if fill:
            fill(form)
        form.get_by_role("button", name=f"确认{label}").click()
    else:
        steps.get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(f"已完成“{label}”")


def _state(page, text: str) -> None:
    expect(page.locator("#case-state")).to_have_text(text)


def test_it_takes_a_case_from_filing_to_archive_through_the_pages(browser_page, users, enf, regions):
    page = browser_page
    today = timezone.localdate()
    # the power applied is on the legal review catalogue (重大执法决定法制审核目录)
    enf.power.in_review_catalogue = True
    enf.power.save()

    # --- the officer files the case, first with a colleague whose certificate has expired
    _as(page, users.officer)
    page.goto("/enforcement/cases/")
    page.get_by_role("link", name="立案", exact=True).click()
    page.get_by_label("案由").fill("李某某非法采砂案")
    page.get_by_label("当事人姓名或名称").fill("李四海")
    page.get_by_label("身份证号码").fill(_id_number("43032119750505123"))
    page.get_by_label("处罚事项（权责清单）").select_option(str(enf.power.pk))
    page.get_by_label("违法行为所在村（网格）").select_option(str(regions.grid_a.pk))
    page.get_by_label("违法地点").fill("涓水河歇马段")
    # 第四十四条: the notice states the facts
    page.get_by_label("违法事实").fill("当事人在涓水河歇马段未经许可采砂。")
    page.get_by_label("违法行为发生日期").fill((today - dt.timedelta(days=3)).isoformat())
    page.get_by_label(re.compile("王强（")).check()
    page.get_by_label(re.compile("刘过期（")).check()
    page.get_by_role("button", name="立案").click()
    # refused, citing the article, and nothing filed
    expect(page.locator(".error-summary")).to_contain_text("行政处罚法第四十二条")
    expect(page.locator(".error-summary")).to_contain_text("刘过期")
    assert not Case.objects.exists()
    # with 赵敏 instead, the case is filed
    page.get_by_label(re.compile("刘过期（")).uncheck()
    page.get_by_label(re.compile("赵敏（")).check()
    page.get_by_role("button", name="立案").click()
    expect(page.locator(".messages")).to_contain_text(f"已立案，案号 石鼓执罚〔{today.year}〕1号")
    _state(page, "已立案")
    case_url = page.url

    # --- evidence from the phone's camera roll
    page.get_by_role("link", name="登记证据", exact=True).click()
    page.get_by_label("证据种类").select_option(Evidence.Kind.AUDIOVISUAL)
    page.get_by_label("证据内容").fill("采砂船作业现场照片")
    page.locator("input[name=files]").set_input_files(
        [{"name": "现场1.jpg", "mimeType": "image/jpeg", "buffer": JPEG}]
    )
    page.get_by_role("button", name="上传并登记").click()
    expect(page.locator(".messages")).to_contain_text("上传文件1个")
    expect(page.locator("#evidence")).to_contain_text("现场1.jpg")

    # --- investigation, then legal review
    _step(page, "开始调查取证")
    _state(page, "调查取证")
    _step(page, "提交法制审核")
    _state(page, "法制审核中")

    _as(page, users.reviewer)
    page.goto(case_url)
    _step(
        page,
        "法制审核通过",
        lambda form: form.get_by_label("审核意见").fill("事实清楚，证据确凿，程序合法，同意。"),
    )
    _state(page, "法制审核通过")

    # --- notice and the party's waiver
    _as(page, users.officer)
    page.goto(case_url)

    def notice(form):
        form.get_by_label("罚款", exact=True).check()
        form.get_by_label("拟罚款金额（元）").fill("500")

    _step(page, "事先告知", notice)
    _state(page, "已事先告知")

    def waiver(form):
        form.get_by_label("当事人放弃陈述申辩").check()
        form.get_by_label("当事人放弃听证").check()

    _step(page, "记录陈述申辩", waiver)
    _state(page, "陈述申辩")

    # --- the leader decides (the penalty as notified, prefilled)
    _as(page, users.leader)
    page.goto(case_url)
    _step(page, "作出行政处罚决定")
    _state(page, "已决定")

    # --- service, payment, closing, archive
    _as(page, users.officer)
    page.goto(case_url)
    _step(page, "送达决定书", lambda form: form.get_by_label("当事人在场，当场交付").check())
    _state(page, "已送达")
    _step(page, "登记缴纳罚款")
    _state(page, "执行中")
    _step(page, "结案")
    _state(page, "已结案")
    _step(page, "归档")
    _state(page, "已归档")

    # the timeline shows the whole procedure, and the case is archived with its fine paid
    timeline = page.locator("#timeline")
    for label in [
        "立案",
        "开始调查取证",
        "提交法制审核",
        "法制审核通过",
        "事先告知",
        "作出行政处罚决定",
        "归档",
    ]:
        expect(timeline).to_contain_text(label)
    case = Case.objects.get()
    assert case.state == CaseState.ARCHIVED
    assert case.amount_paid == 500
    assert case.has_passed_review()
