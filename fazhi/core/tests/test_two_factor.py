"""Two-factor sign-in for privileged users (等保 level 3, GB/T 22239-2019 身份鉴别): a TOTP
authenticator app (django-otp), enrolled with a QR code drawn offline, asked for after the password
on every sign-in; with FAZHI_2FA_REQUIRED the roles of FAZHI_2FA_ROLES cannot do without it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.conftest import PASSWORD
from fazhi.core.models import LedgerEntry


@pytest.fixture
def enforced(settings):
    settings.FAZHI_2FA_REQUIRED = True
    assert set(settings.FAZHI_2FA_ROLES) == {"sysadmin", "secadmin", "auditor"}


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, f"{username} could not sign in"
    return client


def _code(device: TOTPDevice) -> str:
    """The code the authenticator app shows now, computed from the device's key."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def _wrong(code: str) -> str:
    return f"{(int(code) + 500000) % 1000000:06d}"


@pytest.fixture
def sysadmin_device(users):
    return TOTPDevice.objects.create(user=users.sysadmin, name="手机", confirmed=True)


def test_it_sends_a_sysadmin_without_a_device_to_enrolment(users, enforced):
    # given
    client = _sign_in("sysadmin")
    # when: any page, the admin site, the API
    home = client.get(reverse("home"))
    admin = client.get(reverse("admin:index"))
    api = client.get("/api/v1/")
    # then: enrolment first
    assert home.status_code == 302 and home.url.startswith(reverse("core:two_factor"))
    assert admin.status_code == 302 and admin.url.startswith(reverse("core:two_factor"))
    assert api.status_code == 403 and "双因素认证" in api.json()["detail"]
    page = client.get(home.url).content.decode()
    assert "您的角色须使用双因素认证" in page and "<svg" in page


def test_it_enrols_an_authenticator_by_its_qr_code_and_a_code(users, enforced):
    # given: the enrolment page, whose QR code is inline SVG (no image from the network)
    client = _sign_in("secadmin")
    page = client.get(reverse("core:two_factor"))
    assert page.status_code == 200 and "<svg" in page.content.decode() and "<img" not in page.content.decode()
    device = TOTPDevice.objects.get(user=users.secadmin, confirmed=False)
    # when: the code the app shows is typed in
    response = client.post(reverse("core:two_factor") + "?next=/", {"code": _code(device), "next": "/"})
    # then: enrolled, this sign-in verified, ledgered
    assert response.status_code == 302 and response.url == "/"
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("home")).status_code == 200
    assert LedgerEntry.objects.filter(action="security.2fa_enrol", object_id=str(users.secadmin.pk)).exists()


def test_it_refuses_enrolment_with_a_wrong_code(users, enforced):
    # given
    client = _sign_in("auditor")
    client.get(reverse("core:two_factor"))
    device = TOTPDevice.objects.get(user=users.auditor, confirmed=False)
    # when
    response = client.post(reverse("core:two_factor"), {"code": _wrong(_code(device))})
    # then
    assert response.status_code == 400 and "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.get(reverse("home")).status_code == 302


def test_it_asks_for_the_code_at_sign_in_when_a_device_exists(users, enforced, sysadmin_device):
    # when
    client = _sign_in("sysadmin")
    home = client.get(reverse("home"))
    admin = client.get(reverse("admin:index"))
    # then: the second step, before any page and before the admin site
    assert home.status_code == 302 and home.url.startswith(reverse("core:two_factor_verify"))
    assert admin.status_code == 302 and admin.url.startswith(reverse("core:two_factor_verify"))
    page = client.get(home.url).content.decode()
    assert "6位验证码" in page


def test_it_refuses_a_wrong_code_in_chinese(users, enforced, sysadmin_device):
    # given
    client = _sign_in("sysadmin")
    # when
    response = client.post(reverse("core:two_factor_verify"), {"code": _wrong(_code(sysadmin_device))})
    # then: refused, named, still not in, and ledgered
    page = response.content.decode()
    assert response.status_code == 400
    assert "6位验证码" in page and "验证码不正确或已过期" in page
    assert client.get(reverse("home")).status_code == 302
    assert LedgerEntry.objects.filter(
        action="security.2fa_failure", object_id=str(users.sysadmin.pk)
    ).exists()


def test_it_refuses_a_code_that_is_not_six_digits(users, enforced, sysadmin_device):
    # given
    client = _sign_in("sysadmin")
    # when
    response = client.post(reverse("core:two_factor_verify"), {"code": "12ab56"})
    # then
    assert response.status_code == 400 and "验证码是6位数字" in response.content.decode()


def test_it_lets_in_with_the_right_code(users, enforced, sysadmin_device):
    # given
    client = _sign_in("sysadmin")
    asked = client.get(reverse("admin:index"))
    # when
    response = client.post(asked.url, {"code": _code(sysadmin_device), "next": reverse("admin:index")})
    # then: on to the page first asked for, and every page after
    assert response.status_code == 302 and response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("core:user_list")).status_code == 200


def test_it_does_not_ask_an_officer(users, enforced):
    # when
    response = _sign_in("officer").get(reverse("home"))
    # then
    assert response.status_code == 200


def test_it_asks_a_user_who_enrolled_of_their_own_accord(users):
    # given: enforcement off, but the officer enrolled an authenticator
    device = TOTPDevice.objects.create(user=users.officer, name="手机", confirmed=True)
    client = _sign_in("officer")
    # when
    asked = client.get(reverse("home"))
    client.post(asked.url, {"code": _code(device)})
    # then
    assert asked.status_code == 302 and asked.url.startswith(reverse("core:two_factor_verify"))
    assert client.get(reverse("home")).status_code == 200


def test_it_does_not_let_a_password_alone_replace_the_authenticator(users, enforced, sysadmin_device):
    # given: someone who knows only the password
    client = _sign_in("sysadmin")
    # when: they try to enrol a new authenticator
    response = client.post(reverse("core:two_factor"), {"action": "remove"})
    # then: sent to the second step; the device stays
    assert response.status_code == 302 and response.url.startswith(reverse("core:two_factor_verify"))
    assert TOTPDevice.objects.filter(pk=sysadmin_device.pk).exists()


def test_it_lets_the_security_administrator_reset_a_lost_authenticator(login, users, sysadmin_device):
    # given
    client = login(users.secadmin)
    page = client.get(reverse("core:security")).content.decode()
    # when
    response = client.post(reverse("core:security_two_factor_reset", args=[users.sysadmin.pk]))
    # then: listed, removed, ledgered; the holder enrols again at next sign-in
    assert "sysadmin" in page and "已绑定" in page
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=users.sysadmin).exists()
    entry = LedgerEntry.objects.get(action="security.2fa_reset")
    assert entry.actor_id == users.secadmin.pk and entry.object_id == str(users.sysadmin.pk)
