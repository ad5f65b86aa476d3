"""Who may enter Django's admin site (the system administrator only; the superuser flag opens
nothing, and no domain record is registered there).

The page matrix of core that lived here (every named page × every role) moved to the
authorization matrix kit: fazhi/core/tests/matrix.py (the table) and test_matrix.py.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

TOWN = {
    "leader",
    "judicial",
    "officer",
    "officer2",
    "reviewer",
    "governance",
    "petition",
    "gov_office",
    "adviser",
}
DOMAIN = TOWN | {"grid_a", "grid_b", "cadre", "county", "other_officer"}
SYSTEM = {"sysadmin", "secadmin", "auditor"}
EVERYONE = DOMAIN | SYSTEM | {"superuser", "nobody"}


# --- the admin site ------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(EVERYONE - {"sysadmin"}))
def test_it_keeps_everyone_but_the_system_administrator_out_of_the_admin_site(users, role):
    # given: the superuser among them, whose flag opens nothing here
    client = Client()
    client.force_login(getattr(users, role))
    # when
    response = client.get(reverse("admin:index"))
    # then: sent to the admin sign-in page, which says they may not enter
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert client.get(reverse("admin:core_user_changelist")).status_code == 302


def test_it_opens_the_admin_site_to_the_system_administrator(users):
    # given
    client = Client()
    client.force_login(users.sysadmin)
    # when
    index = client.get(reverse("admin:index"))
    users_page = client.get(reverse("admin:core_user_changelist"))
    user_page = client.get(reverse("admin:core_user_change", args=[users.grid_a.pk]))
    # then: accounts, regions and holiday years, with memberships on the account page
    assert index.status_code == 200
    for model in ("user", "region", "calendaryear"):
        assert reverse(f"admin:core_{model}_changelist") in index.content.decode()
    assert users_page.status_code == 200 and "grid_a" in users_page.content.decode()
    assert user_page.status_code == 200 and "任职" in user_page.content.decode()


def test_it_refuses_an_admin_sign_in_without_the_role(users, regions):
    from fazhi.conftest import PASSWORD

    # when: the superuser signs in on the admin's own sign-in page
    response = Client().post(
        reverse("admin:login"), {"username": "root", "password": PASSWORD, "next": reverse("admin:index")}
    )
    # then
    assert response.status_code == 200
    assert "只有系统管理员可以进入管理后台" in response.content.decode()


def test_it_registers_no_domain_record_in_the_admin_site():
    from django.contrib import admin

    from fazhi.core.scoping import RegionScoped

    # then: the admin holds system models only (三员分立: the administrator reads no records)
    domain = [m._meta.label for m in admin.site._registry if issubclass(m, RegionScoped)]
    assert domain == []


def test_it_deletes_nothing_through_the_admin_site(users):
    # given
    client = Client()
    client.force_login(users.sysadmin)
    # when
    response = client.get(reverse("admin:core_user_delete", args=[users.grid_a.pk]))
    # then
    assert response.status_code == 403
