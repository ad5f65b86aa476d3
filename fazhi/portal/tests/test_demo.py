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
