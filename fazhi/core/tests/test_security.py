"""Account security (等保 level 3, GB/T 22239-2019 身份鉴别): changing one's own password, one ledger
entry per password change, password expiry and the administrator's temporary passwords, the
lockout page in Chinese and the security administrator's 登录安全 page."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.core import demo as core_demo
from fazhi.core.ledger import acting_as
from fazhi.core.models import LedgerEntry, User

NEW_PASSWORD = "Shigu-river-bank-2021"


def _sign_in(username: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def _password_entries(user) -> list[LedgerEntry]:
    return list(
        LedgerEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).exclude(action="create")
    )


# --- changing one's own password ---------------------------------------------------------------


def test_it_links_the_password_change_from_the_user_name_in_the_top_bar(login, users):
    # given
    client = login(users.officer)
    # when
    home = client.get(reverse("home")).content.decode()
    account = client.get(reverse("core:account")).content.decode()
    # then: the name opens "my account", which offers 修改密码 and 双因素认证
    assert f'href="{reverse("core:account")}"' in home
    assert reverse("core:password_change") in account and "修改密码" in account
    assert reverse("core:two_factor") in account and "双因素认证" in account


def test_it_changes_ones_own_password_and_keeps_the_session(users):
    # given
    client = _sign_in("officer")
    # when
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then: the new password works, this session is still signed in, one ledger entry
    assert response.status_code == 302
    officer = User.objects.get(pk=users.officer.pk)
    assert officer.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    [entry] = _password_entries(officer)
    assert entry.action == "user.password_change" and entry.actor_id == officer.pk
    assert entry.data["by"] == "self"
    assert "password" not in entry.data["after"] and officer.password not in str(entry.data)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"old_password": "wrong-old-pass", "new_password1": NEW_PASSWORD}, "原密码", "原密码不正确"),
        ({"old_password": PASSWORD, "new_password1": "1234567"}, "新密码", "密码太短，至少需要10个字符"),
        ({"old_password": PASSWORD, "new_password1": "officer2021x"}, "新密码", "密码与用户名过于相似"),
        ({"old_password": PASSWORD, "new_password1": PASSWORD}, "新密码", "新密码不能与原密码相同"),
    ],
)
def test_it_refuses_a_bad_password_change_in_chinese(login, users, data, field, message):
    # given
    client = login(users.officer)
    # when
    response = client.post(reverse("core:password_change"), {**data, "new_password2": data["new_password1"]})
    # then: the refusal names the field, and nothing changes
    page = response.content.decode()
    assert response.status_code == 400
    assert field in page and message in page
    assert User.objects.get(pk=users.officer.pk).check_password(PASSWORD)
    assert _password_entries(users.officer) == []


def test_it_refuses_two_different_new_passwords(login, users):
    # given
    client = login(users.officer)
    # when
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"},
    )
    # then
    assert response.status_code == 400 and "两次输入的密码不一致" in response.content.decode()


def test_it_writes_one_ledger_entry_for_every_kind_of_password_change(login, users):
    # given
    grid_a = users.grid_a
    # when: the holder changes it, the system administrator resets it on the account page and
    # again on the admin site
    login(grid_a).post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    admin = login(users.sysadmin)
    admin.post(
        reverse("core:user_password", args=[grid_a.pk]),
        {"password1": "Xiema-grid-2021", "password2": "Xiema-grid-2021"},
    )
    admin_site = admin.post(
        reverse("admin:auth_user_password_change", args=[grid_a.pk]),
        {"password1": "Xiema-grid-2022", "password2": "Xiema-grid-2022", "usable_password": "true"},
    )
    # then: three changes, three entries, all "user.password_change", none with the hash
    assert admin_site.status_code == 302
    entries = _password_entries(grid_a)
    assert [e.action for e in entries] == ["user.password_change"] * 3
    assert [e.data["by"] for e in entries] == ["self", "administrator", "administrator"]
    assert [e.actor_id for e in entries] == [grid_a.pk, users.sysadmin.pk, users.sysadmin.pk]
    assert all("password" not in e.data["after"] for e in entries)
    assert User.objects.get(pk=grid_a.pk).check_password("Xiema-grid-2022")


def test_it_does_not_count_a_new_account_or_a_sign_in_as_a_password_change(users):
    # when: an account is created with a password, and signs in
    _sign_in("grid_b")
    # then: its history is its creation (and no password change)
    assert _password_entries(users.grid_b) == []
    assert User.objects.get(pk=users.grid_b.pk).password_changed_at is not None


# --- temporary and expired passwords -----------------------------------------------------------


def test_it_sends_a_user_with_a_reset_password_to_change_it_first(login, users):
    # given: the system administrator resets grid A's password
    login(users.sysadmin).post(
        reverse("core:user_password", args=[users.grid_a.pk]),
        {"password1": "Xiema-grid-2021", "password2": "Xiema-grid-2021"},
    )
    assert User.objects.get(pk=users.grid_a.pk).must_change_password
    client = _sign_in("grid_a", "Xiema-grid-2021")
    # when: they open a page, the API, then change the password
    page = client.get(reverse("core:deadlines"))
    api = client.get("/api/v1/")
    change_page = client.get(page.url)
    done = client.post(
        page.url,
        {"old_password": "Xiema-grid-2021", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    # then: sent to 修改密码 (with the reason), then back to the page they asked for
    assert page.status_code == 302 and page.url.startswith(reverse("core:password_change"))
    assert api.status_code == 403 and "管理员设置的初始密码或重置密码" in api.json()["detail"]
    assert "管理员设置的初始密码或重置密码" in change_page.content.decode()
    assert done.status_code == 302 and done.url == reverse("core:deadlines")
    assert client.get(reverse("core:deadlines")).status_code == 200
    assert not User.objects.get(pk=users.grid_a.pk).must_change_password


def test_it_flags_the_initial_password_of_an_account_the_administrator_creates(login, users, regions):
    # when
    login(users.sysadmin).post(
        reverse("core:user_create"),
        {
            "username": "luofang",
            "full_name": "罗芳",
            "mobile": "",
            "password1": "Shigu-mediation-2021",
            "password2": "Shigu-mediation-2021",
        },
    )
    # then: its holder changes it at first sign-in
    client = _sign_in("luofang", "Shigu-mediation-2021")
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("core:password_change"))


def test_it_lets_a_user_who_owes_a_change_sign_out_and_switch_language(users):
    # given
    User.objects.filter(pk=users.officer.pk).update(must_change_password=True)
    client = _sign_in("officer")
    # when
    language = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    signed_out = client.post(reverse("logout"))
    # then
    assert language.status_code == 302 and language.url == "/"
    assert signed_out.status_code == 302 and signed_out.url == reverse("login")


def test_it_sends_a_user_whose_password_is_too_old_to_change_it(users, settings):
    # given: a password changed 91 days ago, with the default 90-day limit
    assert settings.PASSWORD_MAX_AGE_DAYS == 90
    User.objects.filter(pk=users.leader.pk).update(password_changed_at=timezone.now() - dt.timedelta(days=91))
    client = _sign_in("leader")
    # when
    response = client.get(reverse("home"))
    # then
    assert response.status_code == 302 and response.url.startswith(reverse("core:password_change"))
    assert "已使用超过90天" in client.get(response.url).content.decode()


def test_it_lets_an_old_password_be_when_expiry_is_off(users, settings):
    # given
    settings.PASSWORD_MAX_AGE_DAYS = 0
    User.objects.filter(pk=users.leader.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=400)
    )
    # when
    response = _sign_in("leader").get(reverse("home"))
    # then
    assert response.status_code == 200


def test_it_does_not_send_demo_accounts_to_change_their_password(db):
    # given: the demo built from the command line, as `make demo` does
    with acting_as(None, "command"):
        core_demo.build()
    # when
    response = _sign_in("sysadmin", core_demo.DEMO_PASSWORD).get(reverse("home"))
    # then
    assert response.status_code == 200
    assert not User.objects.filter(is_sample=True, must_change_password=True).exists()


# --- lockout -----------------------------------------------------------------------------------


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = 0.5  # hours


def _fail(client: Client, username: str, times: int):
    response = None
    for _n in range(times):
        response = client.post(reverse("login"), {"username": username, "password": "not-the-password"})
    return response


def test_it_locks_an_account_after_repeated_failures_with_a_chinese_page(users, axes_on):
    # given
    client = Client()
    # when: three wrong passwords, then the right one
    first = _fail(client, "officer", 1)
    locked = _fail(client, "officer", 2)
    right = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    # then: the third failure locks the account, with the count, the time and whom to ask
    assert first.status_code == 200
    page = locked.content.decode()
    assert locked.status_code == 429
    assert "账户已锁定" in page and "连续3次登录失败" in page
    assert "锁定30分钟" in page and "安全管理员" in page
    assert right.status_code == 429 and "_auth_user_id" not in client.session


def test_it_shows_lockouts_to_the_security_administrator_who_unlocks_them(login, users, axes_on):
    # given: the officer locked, grid A with one failure
    _fail(Client(), "officer", 3)
    _fail(Client(), "grid_a", 1)
    client = login(users.secadmin)
    # when
    page = client.get(reverse("core:security")).content.decode()
    unlocked = client.post(reverse("core:security_unlock"), {"username": "officer"})
    # then: the lock is listed with a 解除锁定 button; after unlocking the officer signs in
    locked_part = page.split("锁定中的账户")[1].split("登录失败")[0]
    assert "officer" in locked_part and "王强" in locked_part and "解除锁定" in locked_part
    assert "grid_a" not in locked_part and "grid_a" in page  # a failure, not a lock
    assert unlocked.status_code == 302
    assert not AccessAttempt.objects.filter(username="officer").exists()
    entry = LedgerEntry.objects.get(action="security.unlock")
    assert entry.actor_id == users.secadmin.pk and entry.object_id == str(users.officer.pk)
    assert entry.data == {"username": "officer", "cleared": 1}
    assert Client().post(reverse("login"), {"username": "officer", "password": PASSWORD}).status_code == 302


def test_it_leads_the_security_administrator_to_the_page_from_home_and_menu(login, users, axes_on):
    # given
    _fail(Client(), "officer", 3)
    client = login(users.secadmin)
    # when
    home = client.get(reverse("home")).content.decode()
    # then: the 登录安全 section counts the lock and links to the page; so does the menu
    assert "登录安全" in home and home.count(f'href="{reverse("core:security")}"') >= 2
    assert "锁定中的账户" in home
