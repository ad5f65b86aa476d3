"""API tokens for devices and other systems: issued against a password (or from a signed-in
session, for accounts with a second factor), each with an expiry; revoked by their holder, by the
system administrator, and all at once when the holder's password changes or the account is
deactivated. Every issue and revocation is in the ledger; the key itself never is."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import ledger, roles
from fazhi.core.models import ApiToken
from fazhi.core.models.tokens import digest_of

# How often a token's "last used" is written: at most once a minute per token, not every request.
LAST_USED_EVERY = dt.timedelta(minutes=1)


def default_days() -> int:
    return settings.FAZHI_TOKEN_DAYS


def max_days() -> int:
    return settings.FAZHI_TOKEN_MAX_DAYS


def clean_days(days) -> int:
    """The validity asked for, in days: 1 to the maximum (a setting); none asked: the default."""
    if days in (None, ""):
        return default_days()
    try:
        value = int(days)
    except (TypeError, ValueError):
        raise ValidationError({"days": _("有效天数应为整数")}) from None
    if not 1 <= value <= max_days():
        raise ValidationError({"days": _("有效天数应在1至%(max)s天之间") % {"max": max_days()}})
    return value


def issue(user, name: str, days=None, *, source: str = "api") -> tuple[ApiToken, str]:
    """A new token for `user` (ledgered "api.token" with its name, prefix and expiry)."""
    name = (name or "").strip() or _("未命名设备")
    if len(name) > 100:
        raise ValidationError({"name": _("用途不能超过100个字")})
    days = clean_days(days)
    with transaction.atomic():
        token, key = ApiToken.issue(user, name, days)
        ledger.record(
            "api.token",
            user,
            data={"username": user.get_username(), "token": token.pk, "name": name, "prefix": token.prefix,
                  "expires_at": token.expires_at.isoformat()},
            actor=user,
            source=source,
        )  # fmt: skip
    return token, key


def may_revoke(token: ApiToken, user) -> bool:
    """Its holder, or the system administrator (who manages accounts)."""
    return token.user_id == user.pk or user.can(roles.MANAGE_USERS)


def revoke(token: ApiToken, *, by) -> ApiToken:
    if not may_revoke(token, by):
        raise PermissionDenied(_("只能撤销自己的令牌"))
    if token.revoked_at:
        return token
    reason = ApiToken.Revoked.HOLDER if token.user_id == by.pk else ApiToken.Revoked.ADMINISTRATOR
    with transaction.atomic():
        token.revoked_at, token.revoked_reason = timezone.now(), reason
        token.save(update_fields=["revoked_at", "revoked_reason"])
        ledger.record(
            "api.token_revoke",
            token.user,
            data={"token": token.pk, "prefix": token.prefix, "reason": reason},
            actor=by,
        )
    return token


def revoke_all(user, reason: str) -> int:
    """Revoke every token of `user` still in force (a changed password, a deactivated account):
    one entry for all of them, in the caller's transaction."""
    open_tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    ids = list(open_tokens.values_list("pk", flat=True))
    if not ids:
        return 0
    open_tokens.update(revoked_at=timezone.now(), revoked_reason=reason)
    ledger.record("api.token_revoke", user, data={"tokens": ids, "reason": reason})
    return len(ids)


class TokenRefused(Exception):
    pass


def authenticate(key: str):
    """(user, token) for a key in force; raises TokenRefused with the reason in Chinese."""
    token = ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
    if token is None:
        raise TokenRefused(_("令牌无效"))
    if token.revoked_at:
        raise TokenRefused(_("令牌已于%(at)s撤销（%(reason)s）") % {
            "at": timezone.localtime(token.revoked_at).strftime("%Y-%m-%d %H:%M"),
            "reason": token.get_revoked_reason_display()})  # fmt: skip
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenRefused(_("令牌已于%(at)s过期，请重新申请") % {
            "at": timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M")})  # fmt: skip
    if not token.user.is_active:
        raise TokenRefused(_("账户已停用"))
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user, token
