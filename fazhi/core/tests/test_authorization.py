"""The authorization matrix: every named page of core, as every role.

Anonymous visitors are sent to the sign-in page; a role whose permissions do not cover the page
gets 403; a role that may use the page but not see that object gets 404; the others get the
page. A new page of core must be added to MATRIX (test_it_covers_every_core_page says which).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import resolve, reverse

from fazhi.core import urls as core_urls
from fazhi.core.views import base as base_views

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
# Who can see grid A (the object of the region pages below): its worker, its village's cadre,
# the town, the county, and the county's system administrator (regions are not personal data).
SEES_GRID_A = {"grid_a", "cadre", "county", "sysadmin"} | TOWN


@dataclass
class Page:
    allowed: set[str]
    kwargs: Callable | None = None  # (users, regions) -> URL kwargs
    visible: set[str] | None = None  # of `allowed`, who may see the object (others: 404)
    post: bool = False  # changes something: only POST (allowed roles are tested elsewhere)
    roles: set[str] = field(default_factory=lambda: set(EVERYONE))


def _grid_a_user(u, r):
    return {"pk": u.grid_a.pk}


def _grid_a_membership(u, r):
    return {"pk": u.grid_a.pk, "membership_pk": u.grid_a.memberships.get().pk}


def _grid_a_region(u, r):
    return {"code": r.grid_a.code}


def _regions_register(u, r):
    return {"code": "regions"}


def _governance_job(u, r):
    from fazhi.core.models import ImportJob

    job = ImportJob.objects.create(register="regions", user=u.governance, file_name="x.xlsx", status="done")
    return {"pk": job.pk}


# Ledger, attachments and personal information (fazhi/core/views/audit.py, files.py).
PII_ROLES = {"leader", "judicial", "officer", "officer2", "reviewer", "governance", "petition"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # attachments stored by the pages below


def _grid_a_person(u, r):
    from fazhi.testing.sample.models import Person

    person = Person.objects.create(region=r.grid_a, name="张三丰", id_number="430321199001011238")
    return {"model": "sample.person", "pk": person.pk, "field": "id_number"}


def _grid_a_attachment(u, r):
    from fazhi.core.attachments import attach, content_file
    from fazhi.testing.sample.models import Matter

    matter = Matter.objects.create(region=r.grid_a, title="现场核查")
    return {"pk": attach(content_file(b"%PDF-1.4\n%%EOF\n", "a.pdf"), owner=matter, user=None).pk}


MATRIX: dict[str, Page] = {
    "home": Page(EVERYONE),
    "core:user_list": Page({"sysadmin"}),
    "core:user_create": Page({"sysadmin"}),
    "core:user_detail": Page({"sysadmin"}, _grid_a_user),
    "core:user_edit": Page({"sysadmin"}, _grid_a_user),
    "core:user_password": Page({"sysadmin"}, _grid_a_user),
    "core:user_active": Page({"sysadmin"}, _grid_a_user, post=True),
    "core:membership_add": Page({"sysadmin"}, _grid_a_user, post=True),
    "core:membership_remove": Page({"sysadmin"}, _grid_a_membership, post=True),
    "core:region_list": Page(DOMAIN | {"sysadmin"}),
    "core:region_detail": Page(DOMAIN | {"sysadmin"}, _grid_a_region, visible=SEES_GRID_A),
    "core:region_edit": Page({"governance", "sysadmin"}, _grid_a_region),
    # Pages of other areas of core, by the permission their menu entry names.
    "core:deadlines": Page(DOMAIN),
    "core:calendar": Page({"judicial", "gov_office"}),
    "core:audit": Page({"auditor"}),
    "core:audit_export": Page({"auditor"}),
    "core:audit_verify": Page({"auditor"}, post=True),
    "core:pii_reveal": Page(PII_ROLES | {"other_officer"}, _grid_a_person, visible=PII_ROLES, post=True),
    "core:attachment": Page(EVERYONE, _grid_a_attachment, visible=SEES_GRID_A - {"sysadmin"}),
    # Import/export (fazhi/core/views/io.py): every domain role exports the regions it sees;
    # importing regions needs MANAGE_REGIONS; a job is seen by its owner only.
    "core:import_list": Page(DOMAIN | {"sysadmin"}),
    "core:import_template": Page(DOMAIN | {"sysadmin"}, _regions_register),
    "core:import_export": Page(DOMAIN | {"sysadmin"}, _regions_register),
    "core:import_upload": Page({"governance", "sysadmin"}, _regions_register, post=True),
    "core:job_detail": Page(EVERYONE, _governance_job, visible={"governance"}),
    "core:job_progress": Page(EVERYONE, _governance_job, visible={"governance"}),
    # Account security (fazhi/core/views/security.py): one's own account for everyone; lockouts and
    # authenticators for the security administrator.
    "core:account": Page(EVERYONE),
    "core:password_change": Page(EVERYONE),
    "core:two_factor": Page(EVERYONE),
    "core:two_factor_verify": Page(EVERYONE),
    "core:security": Page({"secadmin"}),
    "core:security_unlock": Page({"secadmin"}, post=True),
    "core:security_two_factor_reset": Page({"secadmin"}, _grid_a_user, post=True),
}


def core_page_names() -> set[str]:
    return {f"core:{p.name}" for p in core_urls.urlpatterns if getattr(p, "name", None)}


def test_it_covers_every_core_page():
    missing = core_page_names() - set(MATRIX)
    assert not missing, f"add these pages to MATRIX in {__file__}: {sorted(missing)}"


def expected_status(page: Page, role: str) -> int:
    if role not in page.allowed:
        return 403
    if page.visible is not None and role not in page.visible:
        return 404
    return 200


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_it_lets_each_role_open_only_the_pages_it_may(name, users, regions):
    # given
    page = MATRIX[name]
    url = reverse(name, kwargs=page.kwargs(users, regions) if page.kwargs else None)
    if name != "home" and resolve(url).func is base_views.home:
        pytest.skip(f"{name} is still a placeholder for the home page")
    send = Client().post if page.post else Client().get
    # when: an anonymous visitor asks
    anonymous = send(url)
    # then: they are sent to sign in
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login")), name
    wrong = []
    for role in sorted(page.roles):
        client = Client()
        client.force_login(getattr(users, role))
        # when
        response = client.post(url) if page.post else client.get(url)
        # then
        want = expected_status(page, role)
        got = response.status_code
        if page.post and want == 200:
            ok = got not in (403, 404) and not (got == 302 and response.url.startswith(reverse("login")))
        else:
            ok = got == want
        if not ok:
            wrong.append(f"{role}: expected {want}, got {got}")
    assert not wrong, f"{name} ({url}): " + "; ".join(wrong)


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
