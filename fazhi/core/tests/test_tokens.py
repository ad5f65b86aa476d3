"""API tokens for devices and other systems: issued with an expiry, the key shown once and only
its digest stored; revoked by the holder (page or the token itself), by the system
administrator, and all at once by a password change; refused with the reason once revoked or
expired; accounts with a second factor issue theirs from a signed-in session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from fazhi.conftest import PASSWORD
from fazhi.core.models import ApiToken, LedgerEntry
from fazhi.core.models.tokens import digest_of


def _issue(username="grid_a", **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD, **extra}, format="json"
    )


def _regions(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get("/api/v1/regions/")


def test_it_issues_one_token_per_device_with_an_expiry_and_stores_only_its_digest(users):
    # when: two devices of one grid worker
    phone = _issue(name="网格员手机", days=30).json()
    tablet = _issue(name="平板").json()
    # then: two keys, each working, each with its own expiry; the key itself is nowhere stored
    assert phone["token"] != tablet["token"]
    assert _regions(phone["token"]).status_code == 200 and _regions(tablet["token"]).status_code == 200
    row = ApiToken.objects.get(pk=phone["id"])
    assert row.name == "网格员手机" and row.digest == digest_of(phone["token"])
    assert not ApiToken.objects.filter(digest=phone["token"]).exists()
    assert (row.expires_at - row.created_at).days == 30
    assert (ApiToken.objects.get(pk=tablet["id"]).expires_at - timezone.now()).days in (89, 90)
    entries = list(LedgerEntry.objects.filter(action="api.token").values_list("data", flat=True))
    assert [e["prefix"] for e in entries if e["token"] == row.pk] == [row.prefix]
    assert all(phone["token"] not in str(e) and tablet["token"] not in str(e) for e in entries)


def test_it_refuses_a_validity_beyond_the_maximum_naming_the_field(users, settings):
    settings.FAZHI_TOKEN_MAX_DAYS = 365
    # when
    response = _issue(days=1000)
    # then
    assert response.status_code == 400 and "days" in response.json()
    assert not ApiToken.objects.exists()


def test_an_expired_token_is_refused_with_its_date(users):
    # given
    answer = _issue().json()
    ApiToken.objects.filter(pk=answer["id"]).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    # when
    response = _regions(answer["token"])
    # then
    assert response.status_code in (401, 403) and "过期" in response.json()["detail"]


def test_the_device_revokes_its_own_token_and_the_others_stay(users):
    # given
    phone, tablet = _issue(name="手机").json(), _issue(name="平板").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {phone['token']}")
    # when
    assert client.post("/api/v1/auth/token/revoke/").status_code == 204
    # then
    refused = _regions(phone["token"])
    assert refused.status_code in (401, 403) and "撤销" in refused.json()["detail"]
    assert _regions(tablet["token"]).status_code == 200


def test_a_password_change_revokes_every_token(users):
    # given
    first, second = _issue().json(), _issue().json()
    # when: the grid worker changes the password on the account page
    client = Client()
    client.force_login(users.grid_a)
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": "Xinmima#2026a", "new_password2": "Xinmima#2026a"},
    )
    assert response.status_code == 302
    # then
    for answer in (first, second):
        assert _regions(answer["token"]).status_code in (401, 403)
    assert set(ApiToken.objects.values_list("revoked_reason", flat=True)) == {ApiToken.Revoked.PASSWORD}


def test_the_holder_issues_and_revokes_on_the_account_page_and_sees_the_key_once(users):
    client = Client()
    client.force_login(users.leader)
    # when
    page = client.post(reverse("core:token_list"), {"name": "县级平台对接", "days": 60})
    # then
    assert page.status_code == 200
    token = ApiToken.objects.get(user=users.leader)
    text = page.content.decode()
    key = text.split('<code class="token-key">')[1].split("</code>")[0]
    assert digest_of(key) == token.digest and "只显示这一次" in text
    assert key not in client.get(reverse("core:token_list")).content.decode()
    # when: revoked
    assert client.post(reverse("core:token_revoke", args=[token.pk])).status_code == 302
    # then
    token.refresh_from_db()
    assert token.revoked_reason == ApiToken.Revoked.HOLDER
    assert _regions(key).status_code in (401, 403)


def test_the_system_administrator_revokes_an_accounts_token_and_nobody_else_may(users):
    # given
    answer = _issue().json()
    token = ApiToken.objects.get(pk=answer["id"])
    other = Client()
    other.force_login(users.leader)
    # when: another account tries; then the system administrator
    refused = other.post(reverse("core:token_revoke", args=[token.pk]))
    admin = Client()
    admin.force_login(users.sysadmin)
    detail = admin.get(reverse("core:user_detail", args=[users.grid_a.pk])).content.decode()
    done = admin.post(reverse("core:token_revoke", args=[token.pk]))
    # then
    assert refused.status_code == 404
    assert token.prefix in detail
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_reason == ApiToken.Revoked.ADMINISTRATOR
    assert LedgerEntry.objects.filter(action="api.token_revoke", actor_id=users.sysadmin.pk).exists()


@pytest.mark.parametrize("field", ["name", "days"])
def test_the_page_refuses_bad_input_naming_the_field(users, field):
    client = Client()
    client.force_login(users.leader)
    data = {"name": "平台", "days": 30, field: "" if field == "name" else 9999}
    # when
    response = client.post(reverse("core:token_list"), data)
    # then
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
