"""Account security of 等保 level 3 (GB/T 22239-2019 身份鉴别): what a signed-in user must do
before anything else, the lockout page, and the lockouts the security administrator manages.

- Two-factor sign-in: a user who has an authenticator (a confirmed django-otp TOTP device), or who
  holds one of FAZHI_2FA_ROLES while FAZHI_2FA_REQUIRED is on, passes a 6-digit code after the
  password form; until then every page sends them to that step (or, without a device yet, to
  enrolment). The admin site is behind the same step.
- Password age: a password older than PASSWORD_MAX_AGE_DAYS, or one that an administrator set
  (User.must_change_password), is changed before anything else.
- Lockout: django-axes counts failures by username; `lockout_response` says in Chinese that the
  account is locked, for how long, and whom to ask.

Password changes are dated and ledgered by the User model itself (fazhi/core/models/users.py).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.roles import ROLES

# --- settings ----------------------------------------------------------------------------------


def password_max_age() -> dt.timedelta | None:
    days = settings.PASSWORD_MAX_AGE_DAYS
    return dt.timedelta(days=days) if days and days > 0 else None


def two_factor_roles() -> frozenset[str]:
    codes = frozenset(settings.FAZHI_2FA_ROLES)
    unknown = codes - set(ROLES)
    if unknown:
        raise ImproperlyConfigured(
            f"FAZHI_2FA_ROLES names unknown roles: {', '.join(sorted(unknown))} (known: {', '.join(ROLES)})"
        )
    return codes


# --- password age ------------------------------------------------------------------------------


def password_expires_at(user) -> dt.datetime | None:
    """When the user's password expires (None: no expiry, or its date is not known)."""
    age = password_max_age()
    if age is None or user.password_changed_at is None:
        return None
    return user.password_changed_at + age


def password_change_reason(user) -> str | None:
    """Why the user must change their password now, in Chinese, or None."""
    if user.must_change_password:
        return _("您的密码是管理员设置的初始密码或重置密码，请先修改为只有您本人知道的密码。")
    expires = password_expires_at(user)
    if expires is not None and expires <= timezone.now():
        return _("您的密码已使用超过%(days)s天，按等级保护要求须定期更换，请修改密码后继续使用。") % {
            "days": settings.PASSWORD_MAX_AGE_DAYS
        }
    return None


# --- two-factor sign-in ------------------------------------------------------------------------


def two_factor_device(user, confirmed: bool = True):
    """The user's TOTP device (confirmed, or the one being enrolled), or None."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("id").first()


def two_factor_required(user) -> bool:
    """The user must use a second factor: enforcement is on and they hold a listed role."""
    return settings.FAZHI_2FA_REQUIRED and user.has_role(*two_factor_roles())


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def two_factor_step(user) -> str | None:
    """ "verify" (pass a code), "enrol" (set up an authenticator first) or None (nothing to do)."""
    if is_verified(user):
        return None
    if two_factor_device(user) is not None:
        return "verify"
    if two_factor_required(user):
        return "enrol"
    return None


# --- the middleware ----------------------------------------------------------------------------


class AccountSecurityMiddleware:
    """Sends a signed-in user to the step they owe before any other page: the second factor
    first, then a password change. The API answers 403 with a Chinese reason instead. Signing
    out, the language switch and static files are always allowed."""

    def __init__(self, get_response):
        self.get_response = get_response
        two_factor_roles()  # an unknown role code fails at start-up, not at the first sign-in

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._always_allowed(request.path):
            response = self._owed(request, user)
            if response is not None:
                return response
        return self.get_response(request)

    @staticmethod
    def _always_allowed(path: str) -> bool:
        prefixes = (settings.STATIC_URL, "/i18n/", reverse("logout"))
        return path.startswith(prefixes)

    def _owed(self, request: HttpRequest, user) -> HttpResponse | None:
        step = two_factor_step(user)
        if step == "verify":
            return self._send(
                request, "core:two_factor_verify", _("请先完成双因素认证（输入验证器上的6位验证码）。")
            )
        if step == "enrol":
            return self._send(request, "core:two_factor", _("您的角色须使用双因素认证，请先绑定身份验证器。"))
        reason = password_change_reason(user)
        if reason is not None:
            return self._send(request, "core:password_change", reason)
        return None

    @staticmethod
    def _send(request: HttpRequest, url_name: str, reason: str) -> HttpResponse | None:
        url = reverse(url_name)
        if request.path == url:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=403, json_dumps_params={"ensure_ascii": False})
        target = f"{url}?{urlencode({'next': request.get_full_path()})}" if request.method == "GET" else url
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


# --- lockouts (django-axes) --------------------------------------------------------------------


def cool_off() -> dt.timedelta | None:
    from axes.helpers import get_cool_off

    return get_cool_off()


def _minutes(delta: dt.timedelta) -> int:
    return max(1, round(delta.total_seconds() / 60))


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What a locked account is told (AXES_LOCKOUT_CALLABLE): in Chinese, with the number of
    failures, how long the lock lasts and whom to ask."""
    from axes.helpers import get_client_username

    username = get_client_username(request, credentials) or ""
    period = cool_off()
    if period:
        until = timezone.localtime(timezone.now() + period)
        how_long = _("锁定%(minutes)s分钟，至%(until)s自动解除") % {
            "minutes": _minutes(period),
            "until": until.strftime("%H:%M"),
        }
    else:
        how_long = _("锁定将一直保持，直到安全管理员解除")
    message = _(
        "账户“%(username)s”连续%(limit)s次登录失败，已被锁定（等级保护 身份鉴别要求）：%(how_long)s。"
        "如需提前解除，请联系安全管理员。"
    ) % {"username": username, "limit": settings.AXES_FAILURE_LIMIT, "how_long": how_long}
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(
        request, "core/security_locked.html", {"message": message, "username": username}, status=status
    )


def current_lockouts() -> list[dict]:
    """The usernames locked now: failures within the cool-off period at or over the limit."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.exclude(username=None)
    period = cool_off()
    if period:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - period)
    rows = (
        attempts.values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [{**row, "until": row["last"] + period if period else None} for row in rows]


def recent_failures(days: int = 7, limit: int = 100):
    """The latest failed sign-ins (AccessFailureLog, kept by axes with
    AXES_ENABLE_ACCESS_FAILURE_LOG)."""
    from axes.models import AccessFailureLog

    since = timezone.now() - dt.timedelta(days=days)
    return AccessFailureLog.objects.filter(attempt_time__gte=since).order_by("-attempt_time")[:limit]


def unlock(username: str) -> int:
    """Clear the failures of `username` (the lock goes with them); the number of records cleared."""
    from axes.utils import reset

    return reset(username=username)
