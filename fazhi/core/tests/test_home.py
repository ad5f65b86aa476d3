"""Each role's home page: its sections, and a menu with only what it may use."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from fazhi.core.models import Deadline, Region


def nav_labels(response) -> list[str]:
    return [str(item["label"]) for item in response.context["nav_items"]]


def section_titles(response) -> list[str]:
    return [str(s.title) for s in response.context["sections"]]


def test_it_greets_the_town_leader_with_due_soon_and_their_town(login, users, regions):
    # given: an obligation due in two days in grid A
    today = timezone.localdate()
    Deadline.objects.create(
        region=regions.grid_a,
        content_type=ContentType.objects.get_for_model(Region),
        object_id=str(regions.grid_a.pk),
        object_repr="信访事项 2021-07",
        code="petition.accept",
        label="决定是否受理",
        rule="信访工作条例第二十四条",
        starts_on=today - dt.timedelta(days=13),
        days=15,
        due_on=today + dt.timedelta(days=2),
    )
    # when
    response = login(users.leader).get(reverse("home"))
    body = response.content.decode()
    # then
    assert "徐镇长，您好" in body
    assert {"临近期限与逾期", "我的辖区", "快捷入口"} <= set(section_titles(response))
    assert "信访事项 2021-07 · 决定是否受理" in body and "剩2天" in body
    assert "石鼓镇" in body and "3个网格" in body


def test_it_shows_a_grid_worker_their_grid_and_no_accounts_link(login, users):
    response = login(users.grid_a).get(reverse("home"))
    assert "账户" not in nav_labels(response)
    assert "执法案件" not in nav_labels(response)
    assert "区划与网格" in nav_labels(response)
    assert "歇马村第1网格" in response.content.decode()


def test_it_shows_the_system_administrator_accounts_and_no_cases(login, users):
    response = login(users.sysadmin).get(reverse("home"))
    labels = nav_labels(response)
    assert "账户" in labels and "管理后台" in labels
    assert "执法案件" not in labels and "期限" not in labels
    titles = section_titles(response)
    assert "账户与任职" in titles
    assert "临近期限与逾期" not in titles and "我的辖区" not in titles


def test_it_shows_the_auditor_the_ledger_and_nothing_else(login, users):
    response = login(users.auditor).get(reverse("home"))
    assert "台账校验" in section_titles(response)
    assert set(nav_labels(response)) == {"首页", "审计"}


def test_it_shows_the_security_administrator_the_sign_in_lockouts(login, users):
    response = login(users.secadmin).get(reverse("home"))
    assert section_titles(response) == ["登录安全", "快捷入口"]
    assert set(nav_labels(response)) == {"首页", "登录安全"}


def test_it_tells_an_account_without_a_role_what_to_do(login, users):
    # the superuser holds no membership: the flag gives them nothing
    for user in (users.nobody, users.superuser):
        response = login(user).get(reverse("home"))
        assert section_titles(response) == ["尚未分配任职"]
        assert nav_labels(response) == ["首页"]


def test_it_lists_quick_links_from_the_menu_the_user_may_use(login, users):
    response = login(users.officer).get(reverse("home"))
    links = next(s for s in response.context["sections"] if s.title == "快捷入口")
    assert [str(row["label"]) for row in links.rows] == nav_labels(response)[1:]


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_switches_the_interface_to_english(login, users):
    # given
    client = login(users.leader)
    # when
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    # then: the page declares English (labels follow as the catalogue is translated)
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_it_explains_a_refused_page_in_the_shell(login, users):
    # when: a grid worker opens the accounts page
    response = login(users.grid_a).get(reverse("core:user_list"))
    # then: a 403 page in Chinese, with their menu and a way home
    body = response.content.decode()
    assert response.status_code == 403
    assert "您的角色无权访问此页面" in body and "回到首页" in body
    assert "区划与网格" in body
