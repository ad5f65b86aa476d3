"""重大行政决策 on the portal: the catalogue published with the party committee's consent, each
decision's public-comment page with every answered comment (the commenter masked), a villager's
comment online during the period through core's submission door into the comment register, the
staff's answer through the existing form, the refusal outside the period (第十五条), and the
publication with how opinions were taken up."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client

from fazhi.core import intake
from fazhi.legal import workflow
from fazhi.legal.models import Decision, PublicComment
from fazhi.portal.tests.conftest import CITIZEN_PHONE


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def page_of(regions, decision) -> str:
    return f"/public/{regions.town.code}/major-decisions/{decision.pk}/"


def answer(body: str) -> tuple[str, str]:
    token = re.search(r'name="challenge_token" value="([^"]+)"', body).group(1)
    a, op, b = intake.signing.loads(token, salt=intake.CHALLENGE_SALT)["q"]
    return token, str(a + b if op == "+" else a - b)


def post_comment(client, regions, decision, **extra):
    body = client.get(page_of(regions, decision)).content.decode()
    token, right = answer(body)
    data = {
        "content": "建议在歇马村5组增设一个分类收集点",
        "commenter": "李四光",
        "phone": "138 0732 9999",
        "challenge_token": token,
        "challenge_answer": right,
        **extra,
    }
    return client.post(page_of(regions, decision) + "comment/", data)


def test_the_catalogue_of_the_year_is_public_once_the_party_committee_consented(consulting, regions):
    # when a villager opens 重大行政决策
    body = Client().get(f"/public/{regions.town.code}/major-decisions/").content.decode()
    # then the published catalogue is there with its entries and the procedures each requires
    assert consulting.catalogue.title in body and "石鼓镇集镇停车管理方案" in body
    assert "公众参与" in body and "合法性审查" in body and "集体讨论决定" in body
    assert "经镇党委同意" in body
    # and the catalogue the party committee has not consented to is not
    assert "未公布目录的事项" not in body and "下一年度目录" not in body
    # and the decision out for comment is listed, the one still in its working file is not
    assert consulting.decision.title in body
    assert Client().get(page_of(regions, consulting.working)).status_code == 404


def test_the_comment_page_shows_the_draft_the_period_and_every_answered_comment_masked(consulting, regions):
    body = Client().get(page_of(regions, consulting.decision)).content.decode()
    assert "垃圾分类收运方案草案及说明" in body
    until = consulting.decision.comment_until
    assert f"{until:%Y-%m-%d}" in body and "镇政府网站、各村政务公开栏" in body
    # the answered comment with its answer, the commenter masked, the phone nowhere
    assert "建议每周清运两次" in body and "采纳" in body and "已调整为每周两次" in body
    assert "张某某" in body and "张三丰" not in body and CITIZEN_PHONE not in body
    # the unanswered one is counted, not shown
    assert "尚在研究的意见" not in body and "另有1条意见正在研究" in body
    # and the form to comment online is there, with its offline challenge
    assert 'name="challenge_answer"' in body and "<script" not in body


def test_a_villager_comments_online_and_the_answer_appears_once_the_staff_answered(
    consulting, regions, users, login
):
    client = Client()
    # when a villager submits a comment during the period
    response = post_comment(client, regions, consulting.decision)
    # then the confirmation page says it was received, without echoing the phone
    assert response.status_code == 200
    text = response.content.decode()
    assert "意见已提交" in text and "13807329999" not in text
    # and it is in the decision's comment register, online, unanswered, with the phone for the staff
    comment = PublicComment.objects.get(decision=consulting.decision, channel=PublicComment.Channel.ONLINE)
    assert comment.commenter == "李四光" and comment.phone == "13807329999" and comment.answer == ""
    # and it is not on the public page until answered
    body = client.get(page_of(regions, consulting.decision)).content.decode()
    assert "歇马村5组增设" not in body and "另有2条意见正在研究" in body
    # and the 党政办 finds it on the decision's page, marked online and waiting, the phone masked
    staff = login(users.gov_office)
    detail = staff.get(f"/legal/decisions/{consulting.decision.pk}/").content.decode()
    assert "网上提交" in detail and "待答复" in detail and "138****9999" in detail
    # when the 党政办 answers it through the existing answer form
    answered = staff.post(
        f"/legal/decisions/{consulting.decision.pk}/comments/{comment.pk}/",
        {
            "received_on": comment.received_on.isoformat(),
            "commenter": comment.commenter,
            "content": comment.content,
            "answer": "partly",
            "reason": "5组与4组合设一处收集点",
        },
    )
    assert answered.status_code == 302
    # then the public page shows it with its answer, the commenter masked
    body = client.get(page_of(regions, consulting.decision)).content.decode()
    assert "歇马村5组增设" in body and "部分采纳" in body and "5组与4组合设一处收集点" in body
    assert "李某某" in body and "李四光" not in body


def test_an_anonymous_comment_is_published_as_from_a_netizen(consulting, regions):
    post_comment(Client(), regions, consulting.decision, commenter="", phone="")
    comment = PublicComment.objects.get(channel=PublicComment.Channel.ONLINE)
    PublicComment.objects.filter(pk=comment.pk).update(answer="rejected", reason="县定标准")
    body = Client().get(page_of(regions, consulting.decision)).content.decode()
    assert "网民" in body and "县定标准" in body


def test_a_phone_or_identity_number_typed_into_a_comment_is_masked_when_published(consulting, regions):
    PublicComment.objects.filter(pk=consulting.answered.pk).update(
        content="有事请联系13912345678，身份证430321198805061234"
    )
    body = Client().get(page_of(regions, consulting.decision)).content.decode()
    assert "13912345678" not in body and "430321198805061234" not in body
    assert "139****5678" in body


def test_outside_the_comment_period_the_form_is_refused_citing_article_15(consulting, regions):
    # given the period ended yesterday
    Decision.objects.filter(pk=consulting.decision.pk).update(
        comment_until=dt.date.today() - dt.timedelta(days=1)
    )
    body = Client().get(page_of(regions, consulting.decision)).content.decode()
    assert 'name="challenge_answer"' not in body and "第十五条" in body
    # when a comment is posted anyway (a form kept open in a browser)
    client = Client()
    token, right = answer(client.get(page_of(regions, consulting.decision) + "comment/").content.decode())
    response = client.post(
        page_of(regions, consulting.decision) + "comment/",
        {"content": "迟到的意见", "challenge_token": token, "challenge_answer": right},
    )
    # then it is refused, citing the article, and nothing is recorded
    assert response.status_code == 400
    assert "重大行政决策程序暂行条例第十五条" in response.content.decode()
    assert not PublicComment.objects.filter(content="迟到的意见").exists()


def test_a_wrong_challenge_records_nothing_and_the_address_limit_holds(consulting, regions, settings):
    client = Client()
    wrong = post_comment(client, regions, consulting.decision, challenge_answer="999")
    assert wrong.status_code == 400 and "验证题答案不正确" in wrong.content.decode()
    assert not PublicComment.objects.filter(channel=PublicComment.Channel.ONLINE).exists()
    settings.FAZHI_INTAKE_LIMITS = {"address": (2, 3600)}
    assert post_comment(client, regions, consulting.decision, phone="").status_code == 200
    assert post_comment(client, regions, consulting.decision, phone="").status_code == 200
    refused = post_comment(client, regions, consulting.decision, phone="")
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()
    assert PublicComment.objects.filter(channel=PublicComment.Channel.ONLINE).count() == 2


def test_the_publication_shows_how_opinions_were_taken_up(consulting, regions, users):
    # given the decision walked on to its publication
    d = consulting.decision
    PublicComment.objects.filter(pk=consulting.pending.pk).update(answer="rejected", reason="不属本方案范围")
    Decision.objects.filter(pk=d.pk).update(
        state=Decision.State.PUBLISHED,
        comment_closed_on=dt.date.today(),
        published_on=dt.date.today(),
        publication_channel="镇政府网站",
        uptake_note="收到公众意见2条，采纳1条，不采纳1条并说明理由。",
        review_opinion="审查意见（不公开）",
        minutes="会议纪要（不公开）",
    )
    body = Client().get(page_of(regions, d)).content.decode()
    assert "决策公布" in body and "收到公众意见2条，采纳1条" in body and "镇政府网站" in body
    assert "审查意见（不公开）" not in body and "会议纪要（不公开）" not in body
    # and the form is gone (the period is over: 第十五条)
    assert 'name="challenge_answer"' not in body


def test_the_comment_step_still_waits_for_every_online_comment_to_be_answered(consulting, regions, users):
    post_comment(Client(), regions, consulting.decision)
    d = Decision.objects.get(pk=consulting.decision.pk)
    Decision.objects.filter(pk=d.pk).update(comment_until=dt.date.today())
    d.refresh_from_db()
    workflow.DECISION.fire(d, "close_comment", users.gov_office, {})
    refusal = workflow.missing_materials(d)
    assert any(code == "comments" for code, _label in refusal)
