from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledgered import Ledgered
from fazhi.core.roles import ROLE_CHOICES, ROLES, SYSTEM_ROLES, permissions_of


class User(Ledgered, AbstractUser):
    """An account. Its roles and scope come from its memberships, never from is_superuser."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    ledger_exclude = ("last_login",)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @cached_property
    def active_memberships(self) -> list[Membership]:
        return list(self.memberships.select_related("region"))

    @property
    def role_codes(self) -> set[str]:
        return {m.role for m in self.active_memberships}

    @property
    def roles(self):
        return [ROLES[c] for c in sorted(self.role_codes)]

    @property
    def permissions(self) -> frozenset[str]:
        return permissions_of(self.role_codes)

    def can(self, permission: str) -> bool:
        return self.is_active and permission in self.permissions

    def has_role(self, *codes: str, region=None) -> bool:
        """True if the user holds one of the roles, over `region` when given."""
        return any(
            m.role in codes and (region is None or region.path.startswith(m.region.path))
            for m in self.active_memberships
        )

    @property
    def scope_paths(self) -> list[str]:
        """Paths of the regions whose subtrees this user may read (domain roles only)."""
        return sorted({m.region.path for m in self.active_memberships if m.role not in SYSTEM_ROLES})


class Membership(Ledgered, models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=32, choices=ROLE_CHOICES)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="memberships"
    )

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [models.UniqueConstraint(fields=["user", "role", "region"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"
