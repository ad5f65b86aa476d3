"""三员分立 by every door: the system administrator cannot give itself, or another 三员 account, a
domain role — not on the account page, not through the account import, not on the admin site,
not by a plain save in code. Each refusal says why and changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from fazhi.core import io, ledger
from fazhi.core.models import Membership, User
from fazhi.core.tests.importing import filled_template


def users_import(user, rows):
    return io.run_import(
        io.get_register("users"), filled_template("users", rows), user, False, file_name="账户.xlsx"
    )


def errors_of(result):
    return {(e["row"], e["column"]): e["message"] for e in result.errors}


def _roles(user) -> set[str]:
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def test_it_refuses_the_sysadmin_granting_itself_a_domain_role_by_import(users):
    # when: one workbook row gives the sysadmin 镇领导 of 石鼓镇
    result = users_import(users.sysadmin, [["sysadmin", "sysadmin", "", "镇领导", "430321108"]])
    # then
    assert not result.written
    assert "不能为自己的账户增删任职" in errors_of(result)[(3, "用户名")]
    assert _roles(users.sysadmin) == {"sysadmin"}


def test_it_refuses_a_domain_role_for_another_system_administrator_by_import(users):
    # when
    result = users_import(users.sysadmin, [["auditor", "auditor", "", "镇领导", "430321108"]])
    # then
    assert not result.written
    assert "不能兼任业务角色" in errors_of(result)[(3, "角色")]
    assert _roles(users.auditor) == {"auditor"}


def test_it_refuses_a_domain_role_on_the_account_page_of_a_system_administrator(users, regions):
    client = Client()
    client.force_login(users.sysadmin)
    # when
    response = client.post(
        reverse("core:membership_add", kwargs={"pk": users.secadmin.pk}),
        {"role": "town_leader", "region": regions.town.pk},
    )
    # then
    assert response.status_code in (200, 400)
    assert "不能兼任业务角色" in response.content.decode()
    assert _roles(users.secadmin) == {"secadmin"}


def test_it_refuses_the_sysadmin_granting_itself_a_role_on_the_admin_site(users, regions):
    client = Client()
    client.force_login(users.sysadmin)
    url = reverse("admin:core_user_change", args=[users.sysadmin.pk])
    own = users.sysadmin.memberships.get()
    # when: the admin form is posted with a second membership row
    form = client.get(url).context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields if form.initial.get(name) is not None}
    data.update(
        {
            "username": "sysadmin",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": own.pk,
            "memberships-0-user": users.sysadmin.pk,
            "memberships-0-role": "sysadmin",
            "memberships-0-region": regions.county.pk,
            "memberships-1-user": users.sysadmin.pk,
            "memberships-1-role": "town_leader",
            "memberships-1-region": regions.town.pk,
        }
    )
    response = client.post(url, data)
    # then: not saved (the inline is read-only for one's own account, or refused)
    assert response.status_code in (200, 302, 403)
    assert _roles(users.sysadmin) == {"sysadmin"}


def test_it_refuses_a_plain_save_that_breaks_the_separation(users, regions):
    # when: code (a command, a future API) saves the membership directly
    with pytest.raises(ValidationError, match="不能兼任业务角色"):
        Membership.objects.create(user=users.auditor, role="town_leader", region=regions.town)
    # then
    assert _roles(users.auditor) == {"auditor"}


def test_it_refuses_a_plain_save_to_ones_own_account(users, regions):
    # when: the acting user is the account's holder
    with ledger.acting_as(users.sysadmin, "web"), pytest.raises(ValidationError, match="不能为自己的账户"):
        Membership.objects.create(user=users.sysadmin, role="secadmin", region=regions.county)
    # then
    assert _roles(users.sysadmin) == {"sysadmin"}


def test_it_lets_the_sysadmin_give_a_domain_account_a_role_by_import(users):
    # when
    result = users_import(users.sysadmin, [["grid_a", "grid_a", "", "网格员", "430321108201002"]])
    # then
    assert result.written
    assert User.objects.get(username="grid_a").memberships.count() == 2
