"""A real installation starts with `fazhi bootstrap`: the county and its system administrator."""

import pytest
from django.core.management import CommandError, call_command

from fazhi.core.models import LedgerEntry, Membership, Region, User


def test_it_creates_the_county_and_a_sysadmin_who_can_open_the_admin_site(db, client, monkeypatch):
    monkeypatch.setenv("FAZHI_ADMIN_PASSWORD", "Xiangtan-admin-2026")
    # when
    call_command("bootstrap", county_code="430321", county_name="湘潭县", admin="admin")
    # then
    county = Region.objects.get(code="430321")
    assert Membership.objects.filter(user__username="admin", role="sysadmin", region=county).exists()
    assert client.login(username="admin", password="Xiangtan-admin-2026")
    assert client.get("/admin/").status_code == 200
    assert LedgerEntry.objects.filter(object_type="core.region", action="create", source="command").exists()
    # and running it again changes nothing
    count = LedgerEntry.objects.count()
    call_command("bootstrap", county_code="430321", county_name="湘潭县", admin="admin")
    assert LedgerEntry.objects.count() == count


def test_it_refuses_a_weak_password_and_writes_nothing(db, monkeypatch):
    monkeypatch.setenv("FAZHI_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="密码不符合要求"):
        call_command("bootstrap", county_code="430321", county_name="湘潭县", admin="admin")
    assert not User.objects.exists() and not Region.objects.exists()


def test_it_refuses_a_bad_county_code(db, monkeypatch):
    monkeypatch.setenv("FAZHI_ADMIN_PASSWORD", "Xiangtan-admin-2026")
    with pytest.raises(CommandError, match="6位"):
        call_command("bootstrap", county_code="43032", county_name="湘潭县", admin="admin")
    assert not Region.objects.exists()
