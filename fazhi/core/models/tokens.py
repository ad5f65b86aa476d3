"""API tokens: one per device or system (a grid worker's phone, the county platform), each
with an expiry, revocable by its holder and by the system administrator, all revoked when the
holder's password changes. Only the key's digest is stored: the key is shown once, when issued."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8  # shown in lists so that a holder can tell their tokens apart


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def in_force(self, at: dt.datetime | None = None):
        at = at or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=at)


class ApiToken(models.Model):
    class Revoked(models.TextChoices):
        HOLDER = "holder", _("本人撤销")
        ADMINISTRATOR = "administrator", _("系统管理员撤销")
        PASSWORD = "password", _("密码已修改")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("账户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("用途"), max_length=100, help_text=_("如“网格员手机”“县级平台”"))
    prefix = models.CharField(_("令牌前缀"), max_length=PREFIX_LENGTH)
    digest = models.CharField(_("令牌摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("有效期至"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("撤销原因"), max_length=20, choices=Revoked.choices, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="core_token_user_open")]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @classmethod
    def issue(cls, user, name: str, days: int) -> tuple[ApiToken, str]:
        """A new token for `user` valid `days` days: (the row, the key — shown once, never stored)."""
        key = secrets.token_urlsafe(32)
        now = timezone.now()
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=key[:PREFIX_LENGTH],
            digest=digest_of(key),
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        return token, key

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "active"

    @property
    def state_label(self) -> str:
        return {"revoked": _("已撤销"), "expired": _("已过期"), "active": _("有效")}[self.state]
