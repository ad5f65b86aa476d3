"""A villager on a phone, no account (journey 11): every portal page of a town answers without
sign-in and carries no identity number, no private person's phone and no unmasked name."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.test import Client

from fazhi.portal.tests.conftest import ADVISER_PHONE, CITIZEN_PHONE

ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href)


def crawl(client: Client, start: str, limit: int = 200) -> dict[str, str]:
    seen: dict[str, str] = {}
    todo = [start]
    while todo and len(seen) < limit:
        url = todo.pop()
        if url in seen:
            continue
        response = client.get(url, follow=True)
        assert response.status_code in (200, 503) if "/reports/" in url else response.status_code == 200, url
        if not response.get("Content-Type", "").startswith("text/html"):
            seen[url] = ""  # a report's .docx or PDF: the reports app's document
            continue
        body = response.content.decode()
        seen[url] = body
        title = re.search(r"<title>(.*?)</title>", body, re.S)
        assert title and "<" not in title.group(1), (url, title and title.group(1))
        if url.startswith(("/public/disclosure/", "/public/petitions/")):
            continue  # the submission forms: reached, not crawled (their own tests)
        parser = _Links()
        parser.feed(body)
        for href in parser.links:
            href = href.replace("&amp;", "&")
            if href.startswith("/public/"):
                todo.append(href)
    return seen


def test_it_crawls_every_page_anonymously_and_finds_no_personal_information(published, regions):
    # given a town with a published decision against 张三丰 and the other published records
    client = Client()
    # when an anonymous visitor follows every link from the portal home
    pages = crawl(client, "/public/")
    # then every section was reached
    code = regions.town.code
    for section in ("enforcement", "decisions", "disclosure", "legal", "figures"):
        assert f"/public/{code}/{section}/" in pages
    # and the links to the public submissions open their forms
    assert "/public/disclosure/apply/" in pages and "/public/petitions/submit/" in pages
    everything = "\n".join(pages.values())
    # and nothing identifies a private person
    assert not ID_NUMBER.search(everything)
    assert CITIZEN_PHONE not in everything
    assert "张三丰" not in everything and "张某某" in everything
    assert "李明白" not in everything  # a 法律明白人 named in an activity stays inside
    # while the adviser's 公示牌 is there, with the work phone it publishes
    assert "周律师" in everything and ADVISER_PHONE in everything and "歇马村村部" in everything


def test_the_home_page_is_light_accessible_and_links_the_public_submissions(published, regions):
    body = Client().get(f"/public/{regions.town.code}/").content.decode()
    assert '<html lang="zh-Hans">' in body and 'href="#main"' in body and 'id="main"' in body
    assert "<script" not in body and "//cdn" not in body
    assert "申请政府信息公开" in body and "网上信访" in body
    assert "/accounts/logout/" not in body  # no staff menu


def test_the_home_lists_the_towns_to_choose_from(regions):
    body = Client().get("/public/").content.decode()
    assert "石鼓镇" in body and "易俗河镇" in body


def test_an_unknown_or_non_town_code_is_404(regions):
    assert Client().get("/public/999999999/").status_code == 404
    assert Client().get(f"/public/{regions.village_a.code}/").status_code == 404


def test_the_crawl_reaches_the_decisions_comment_pages_and_finds_no_commenter_s_name_or_phone(
    published, consulting, regions
):
    # given a draft out for comment with 张三丰's answered comment (his phone on record)
    pages = crawl(Client(), "/public/")
    code = regions.town.code
    assert f"/public/{code}/major-decisions/" in pages
    assert f"/public/{code}/major-decisions/{consulting.decision.pk}/" in pages
    everything = "\n".join(pages.values())
    assert "张三丰" not in everything and CITIZEN_PHONE not in everything
    assert not ID_NUMBER.search(everything)
    assert "尚在研究的意见" not in everything  # not yet answered: staff only
