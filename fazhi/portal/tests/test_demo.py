"""The crawl of journey 11 over the demo town itself: every portal page answers without an
account and shows no identity number, no private person's phone and no party's full name."""

from __future__ import annotations

import re

from django.test import Client

from fazhi.enforcement.models import Officer, Party
from fazhi.portal.tests.test_crawl import ID_NUMBER, crawl

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def test_the_demo_portal_shows_no_personal_information(demo, db):
    from fazhi.legal.models import Adviser

    pages = crawl(Client(), "/public/", limit=120)
    assert len(pages) > 5
    everything = "\n".join(pages.values())
    assert not ID_NUMBER.search(everything)
    advisers = set(Adviser.objects.values_list("phone", flat=True))
    assert set(MOBILE.findall(everything)) <= advisers  # only the advisers' 公示牌 phones
    officers = set(Officer.objects.values_list("name", flat=True))  # published by law (事前公开)
    citizens = set(Party.objects.filter(kind=Party.Kind.CITIZEN).values_list("name", flat=True)) - officers
    found = [
        (url, body[max(0, body.index(name) - 150) : body.index(name) + 50])
        for name in citizens
        if len(name) > 1
        for url, body in pages.items()
        if name in body
    ]
    assert not found


def test_the_demo_town_has_a_draft_out_for_comment_and_advisers_photos(demo, db):
    from fazhi.core.models import Region, RegionKind
    from fazhi.legal.models import Decision, PublicComment

    town = Region.objects.get(kind=RegionKind.TOWN, name="石鼓镇")
    client = Client()
    listing = client.get(f"/public/{town.code}/major-decisions/").content.decode()
    assert "农村生活垃圾分类收运实施方案" in listing and "经镇党委同意" in listing
    decision = Decision.objects.get(state=Decision.State.CONSULTING, title__contains="垃圾分类收运")
    page = client.get(f"/public/{town.code}/major-decisions/{decision.pk}/").content.decode()
    assert "刘某某" in page and "网民" in page and "刘建华" not in page
    assert 'name="challenge_answer"' in page and "另有1条意见正在研究" in page
    assert PublicComment.objects.filter(decision=decision, channel=PublicComment.Channel.ONLINE).exists()
    legal_page = client.get(f"/public/{town.code}/legal/").content.decode()
    photo = re.search(r'src="(/public/\d+/advisers/\d+/photo/)"', legal_page).group(1)
    assert client.get(photo)["Content-Type"] == "image/png"
    enforcement = client.get(f"/public/{town.code}/enforcement/").content.decode()
    assert "12345政务服务便民热线" in enforcement and "湘潭县人民政府申请行政复议" in enforcement
