"""Accounts and memberships, as the system administrator manages them."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from fazhi.conftest import PASSWORD
from fazhi.core.models import Deadline, LedgerEntry, Membership, Region, User


def test_it_lists_accounts_with_their_roles_and_filters_them(login, users):
    # given
    client = login(users.sysadmin)
    # when
    everyone = client.get(reverse("core:user_list")).content.decode()
    workers = client.get(reverse("core:user_list"), {"role": "grid_worker"}).content.decode()
    # then
    assert "徐镇长" in everyone and "镇领导" in everyone
    assert "grid_a" in workers and "grid_b" in workers and "徐镇长" not in workers


def test_it_creates_an_account(login, users):
    # given
    client = login(users.sysadmin)
    # when
    response = client.post(
        reverse("core:user_create"),
        {
            "username": "mediator1",
            "full_name": "调解员 罗芳",
            "mobile": "13812345678",
            "password1": "Shigu-mediation-2021",
            "password2": "Shigu-mediation-2021",
        },
    )
    # then: the account exists, can sign in, and its creation is in the ledger
    user = User.objects.get(username="mediator1")
    assert response.status_code == 302 and response.url == reverse("core:user_detail", args=[user.pk])
    assert user.full_name == "调解员 罗芳" and user.check_password("Shigu-mediation-2021")
    entry = LedgerEntry.objects.filter(object_type="core.user", object_id=str(user.pk), action="create").get()
    assert entry.actor_id == users.sysadmin.pk
    assert "password" not in entry.data["after"]


def test_it_refuses_a_weak_password_naming_the_field(login, users):
    # given
    client = login(users.sysadmin)
    # when: a short, all-digit password
    response = client.post(
        reverse("core:user_create"),
        {
            "username": "weak",
            "full_name": "弱密码",
            "mobile": "",
            "password1": "123456",
            "password2": "123456",
        },
    )
    # then: refused, in Chinese, naming the field; no account created
    body = response.content.decode()
    assert response.status_code == 200
    assert "初始密码" in body
    assert "密码太短，至少需要10个字符" in body
    assert "密码不能全部是数字" in body
    assert not User.objects.filter(username="weak").exists()


def test_it_refuses_a_bad_mobile_number(login, users):
    # given
    client = login(users.sysadmin)
    # when
    response = client.post(
        reverse("core:user_edit", args=[users.grid_a.pk]), {"full_name": "孙丽", "mobile": "1234567"}
    )
    # then
    assert response.status_code == 200
    assert "手机号" in response.content.decode()
    users.grid_a.refresh_from_db()
    assert users.grid_a.mobile == ""


def test_it_deactivates_an_account_which_then_cannot_sign_in(login, users):
    # given
    client = login(users.sysadmin)
    # when
    response = client.post(reverse("core:user_active", args=[users.grid_a.pk]), {"active": "0"})
    # then: the account is kept (never deleted), inactive, and refused at sign-in
    assert response.status_code == 302
    user = User.objects.get(pk=users.grid_a.pk)
    assert not user.is_active
    browser = Client()
    refused = browser.post(reverse("login"), {"username": "grid_a", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in browser.session
    assert LedgerEntry.objects.filter(
        object_type="core.user", object_id=str(user.pk), action="update"
    ).exists()


def test_it_will_not_let_the_administrator_deactivate_themself(login, users):
    client = login(users.sysadmin)
    client.post(reverse("core:user_active", args=[users.sysadmin.pk]), {"active": "0"})
    assert User.objects.get(pk=users.sysadmin.pk).is_active


def test_it_adds_a_membership_that_widens_what_the_account_sees(login, users, regions):
    # given: a record in grid B, which grid A's worker cannot see
    record = Deadline.objects.create(
        region=regions.grid_b,
        content_type=ContentType.objects.get_for_model(Region),
        object_id=str(regions.grid_b.pk),
        object_repr="歇马村第2网格",
        code="test",
        label="回访",
        rule="测试",
        starts_on=dt.date(2021, 6, 1),
        days=7,
        due_on=dt.date(2021, 6, 8),
    )
    assert not record.is_visible_to(users.grid_a)
    client = login(users.sysadmin)
    # when: the administrator makes them worker of grid B too
    response = client.post(
        reverse("core:membership_add", args=[users.grid_a.pk]),
        {"role": "grid_worker", "region": regions.grid_b.pk},
    )
    # then
    assert response.status_code == 302
    assert record.is_visible_to(User.objects.get(pk=users.grid_a.pk))
    detail = client.get(reverse("core:user_detail", args=[users.grid_a.pk])).content.decode()
    assert "歇马村第2网格" in detail


def test_it_refuses_a_membership_over_the_wrong_kind_of_region(login, users, regions):
    client = login(users.sysadmin)
    # when: a grid worker over a whole town
    response = client.post(
        reverse("core:membership_add", args=[users.grid_a.pk]),
        {"role": "grid_worker", "region": regions.town.pk},
    )
    # then
    assert response.status_code == 400
    assert "网格员的任职区划应为网格" in response.content.decode()
    assert users.grid_a.memberships.count() == 1


def test_it_keeps_system_roles_apart_from_domain_roles(login, users, regions):
    # given
    client = login(users.sysadmin)
    # when: the auditor is given a domain role, and a town leader the auditor's role
    to_auditor = client.post(
        reverse("core:membership_add", args=[users.auditor.pk]),
        {"role": "town_leader", "region": regions.town.pk},
    )
    to_leader = client.post(
        reverse("core:membership_add", args=[users.leader.pk]),
        {"role": "auditor", "region": regions.county.pk},
    )
    # then: both refused, citing 三员分立
    assert to_auditor.status_code == 400 and "三员分立" in to_auditor.content.decode()
    assert to_leader.status_code == 400 and "三员分立" in to_leader.content.decode()
    assert set(users.auditor.memberships.values_list("role", flat=True)) == {"auditor"}


def test_it_will_not_let_the_administrator_change_their_own_memberships(login, users, regions):
    # given
    client = login(users.sysadmin)
    # when: the administrator tries to make themself town leader, and to drop their own role
    added = client.post(
        reverse("core:membership_add", args=[users.sysadmin.pk]),
        {"role": "town_leader", "region": regions.town.pk},
    )
    own = users.sysadmin.memberships.get()
    client.post(reverse("core:membership_remove", args=[users.sysadmin.pk, own.pk]))
    # then: nothing changed; they still read no domain record
    assert added.status_code == 400
    assert list(users.sysadmin.memberships.values_list("role", flat=True)) == ["sysadmin"]


def test_it_removes_a_membership(login, users):
    # given
    client = login(users.sysadmin)
    membership = users.cadre.memberships.get()
    # when
    client.post(reverse("core:membership_remove", args=[users.cadre.pk, membership.pk]))
    # then: the account stays, with no role, and the removal is in the ledger
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=users.cadre.pk, is_active=True).exists()
    assert LedgerEntry.objects.filter(object_type="core.membership", action="delete").exists()


def test_it_resets_a_password_and_records_it(login, users):
    # given
    client = login(users.sysadmin)
    # when
    weak = client.post(
        reverse("core:user_password", args=[users.grid_a.pk]), {"password1": "grid_a", "password2": "grid_a"}
    )
    good = client.post(
        reverse("core:user_password", args=[users.grid_a.pk]),
        {"password1": "Xiema-grid-2021", "password2": "Xiema-grid-2021"},
    )
    # then
    assert weak.status_code == 200 and "新密码" in weak.content.decode()
    assert good.status_code == 302
    assert User.objects.get(pk=users.grid_a.pk).check_password("Xiema-grid-2021")
    assert LedgerEntry.objects.filter(object_id=str(users.grid_a.pk), action="user.password_change").exists()


def test_it_shows_the_administrator_no_domain_record(login, users, regions):
    # given: a record in grid A
    Deadline.objects.create(
        region=regions.grid_a,
        content_type=ContentType.objects.get_for_model(Region),
        object_id=str(regions.grid_a.pk),
        object_repr="邻里排水沟纠纷",
        code="test",
        label="调解",
        rule="人民调解法",
        starts_on=dt.date(2021, 6, 1),
        days=7,
        due_on=dt.date(2021, 6, 8),
    )
    client = login(users.sysadmin)
    # when: the administrator walks their pages
    pages = [
        reverse("home"),
        reverse("core:user_list"),
        reverse("core:user_detail", args=[users.grid_a.pk]),
        reverse("core:region_list"),
        reverse("core:region_detail", args=[regions.grid_a.code]),
    ]
    bodies = [client.get(url).content.decode() for url in pages]
    # then: the record appears on none of them
    assert all("邻里排水沟纠纷" not in body for body in bodies)


def test_it_creates_an_account_with_a_membership_in_the_admin_site(login, users, regions):
    # given
    client = login(users.sysadmin)
    # when: the administrator uses Django's admin, account and membership in one form
    response = client.post(
        reverse("admin:core_user_add"),
        {
            "username": "adviser2",
            "full_name": "法律顾问 钱律师",
            "mobile": "13912345678",
            "password1": "Shigu-adviser-2021",
            "password2": "Shigu-adviser-2021",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-role": "legal_adviser",
            "memberships-0-region": str(regions.town.pk),
            "_save": "1",
        },
    )
    # then: the same rules as the pages; creation and membership in the ledger
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="adviser2")
    assert list(user.memberships.values_list("role", flat=True)) == ["legal_adviser"]
    assert LedgerEntry.objects.filter(
        object_type="core.membership", action="create", actor_id=users.sysadmin.pk
    ).exists()


def test_it_applies_the_membership_rules_in_the_admin_site_too(login, users, regions):
    client = login(users.sysadmin)
    membership = users.auditor.memberships.get()
    response = client.post(
        reverse("admin:core_user_change", args=[users.auditor.pk]),
        {
            "username": "auditor",
            "full_name": "审计管理员",
            "mobile": "",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": str(membership.pk),
            "memberships-0-user": str(users.auditor.pk),
            "memberships-0-role": "auditor",
            "memberships-0-region": str(regions.county.pk),
            "memberships-1-user": str(users.auditor.pk),
            "memberships-1-role": "town_leader",
            "memberships-1-region": str(regions.town.pk),
            "_save": "1",
        },
    )
    assert response.status_code == 200 and "三员分立" in response.content.decode()
    assert set(users.auditor.memberships.values_list("role", flat=True)) == {"auditor"}


def test_it_refuses_two_incompatible_roles_given_at_once_in_the_admin_site(login, users, regions):
    # when: a new account is given the auditor's role and a domain role in the same form
    response = login(users.sysadmin).post(
        reverse("admin:core_user_add"),
        {
            "username": "both",
            "full_name": "兼任者",
            "mobile": "",
            "password1": "Shigu-both-roles-2021",
            "password2": "Shigu-both-roles-2021",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-role": "auditor",
            "memberships-0-region": str(regions.county.pk),
            "memberships-1-role": "town_leader",
            "memberships-1-region": str(regions.town.pk),
            "_save": "1",
        },
    )
    # then
    assert response.status_code == 200 and "三员分立" in response.content.decode()
    assert not User.objects.filter(username="both").exists()
