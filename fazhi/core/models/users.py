from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core import timeline
from fazhi.core.ledgered import Ledgered
from fazhi.core.models.regions import RegionKind
from fazhi.core.roles import ROLE_CHOICES, ROLES, SYSTEM_ROLES, permissions_of


class User(Ledgered, AbstractUser):
    """An account. Its roles and scope come from its memberships, never from is_superuser."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    mobile = models.CharField(_("手机号"), max_length=11, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True, editable=False)
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False, editable=False, help_text=_("密码由管理员设置，本人登录后须先修改")
    )

    ledger_exclude = ("last_login",)
    # Its history (fazhi.core.timeline): the account's memberships belong to it.
    timeline_parts = (timeline.Part("core.membership", "user"),)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        """A new password (set_password; a hash upgrade at sign-in clears `_password` first) is
        dated, and is temporary when someone else set it (the administrator's initial or reset
        password: fazhi.core.security sends its holder to change it). A change of an existing
        account's password is ONE ledger entry, "user.password_change", whichever page made it
        (self-service, the administrator's reset, the admin site); its hash is never recorded."""
        creating = self._state.adding
        # create_user() assigns the hash without set_password(): a new account's password is new too
        new_password = self._password is not None or (
            creating and bool(self.password) and self.has_usable_password()
        )
        if not new_password:
            return super().save(*args, **kwargs)
        from fazhi.core import ledger  # the acting user (a context variable), not an entry

        actor, _source = ledger.current_actor()
        if actor is not None and getattr(actor, "is_authenticated", False):
            self.must_change_password = actor.pk != self.pk
            by = "self" if actor.pk == self.pk else "administrator"
        else:
            by = "system"  # a management command: nobody to tell
        self.password_changed_at = timezone.now()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {
                *kwargs["update_fields"],
                "password_changed_at",
                "must_change_password",
            }
        if not creating:
            # fazhi.core.signals writes this save's entry as "user.password_change" (with who
            # set it) instead of the generic "update"; a new account's "create" says it all
            self._password_change_by = by
        saved = super().save(*args, **kwargs)
        if not creating:  # a new password ends every API token issued under the old one
            from fazhi.core import tokens
            from fazhi.core.models.tokens import ApiToken

            tokens.revoke_all(self, ApiToken.Revoked.PASSWORD)
        return saved

    @cached_property
    def active_memberships(self) -> list[Membership]:
        """The memberships in force today: one out of its period (since/until) gives no role."""
        today = timezone.localdate()
        started = models.Q(since__isnull=True) | models.Q(since__lte=today)
        not_ended = models.Q(until__isnull=True) | models.Q(until__gte=today)
        return list(self.memberships.filter(started, not_ended).select_related("region"))

    @property
    def role_codes(self) -> set[str]:
        return {m.role for m in self.active_memberships}

    @property
    def roles(self):
        return [ROLES[c] for c in sorted(self.role_codes)]

    @property
    def permissions(self) -> frozenset[str]:
        return permissions_of(self.role_codes)

    def can(self, permission: str, region=None) -> bool:
        """True if a role the user holds carries `permission` — over `region` when given (a
        permission holds only in the subtree of the membership whose role carries it)."""
        if not self.is_active:
            return False
        if region is None:
            return permission in self.permissions
        return any(region.path.startswith(p) for p in self.permission_paths(permission))

    def permission_paths(self, permission: str) -> list[str]:
        """Paths of the regions in whose subtrees the user holds `permission`: the regions of
        the memberships whose role carries it."""
        if not self.is_active:
            return []
        return sorted(
            {m.region.path for m in self.active_memberships if permission in ROLES[m.role].permissions}
        )

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


# The kind of region each role's membership is held over.
_TOWN_ROLES = {
    "town_leader",
    "judicial_office",
    "enforcement_officer",
    "legal_reviewer",
    "governance_office",
    "petition_office",
    "gov_office",
    "legal_adviser",
}
ROLE_REGION_KIND = {
    **dict.fromkeys(_TOWN_ROLES, RegionKind.TOWN),
    "grid_worker": RegionKind.GRID,
    "village_cadre": RegionKind.VILLAGE,
    "county_supervisor": RegionKind.COUNTY,
    **dict.fromkeys(SYSTEM_ROLES, RegionKind.COUNTY),
}

SEPARATION_RULE = _("三员分立（GB/T 22239-2019 安全管理员、系统管理员、审计管理员分离）")


def separation_error(role_codes) -> str | None:
    """Why one account may not hold these roles together (三员分立), or None."""
    held = set(role_codes)
    system = held & SYSTEM_ROLES
    if len(system) > 1 or (system and held - system):
        names = "、".join(str(ROLES[r].label) for r in sorted(held))
        return gettext("同一账户不能同时担任%(roles)s：%(rule)s") % {"roles": names, "rule": SEPARATION_RULE}
    return None


def membership_errors(user, role, region, *, actor=None, exclude_pk=None, kinds=True) -> dict[str, str]:
    """Why `actor` may not give `user` the role `role` over `region`: {field: reason}, empty
    when they may. The one rule of every door (the account pages, the admin site, the account
    import, the API, commands): nobody changes their own account's roles; a 三员 account holds
    no other role, and an account with a domain role takes no 三员 role (三员分立); the role is
    held over a region of its kind (`kinds`); no duplicate."""
    errors: dict[str, str] = {}
    if actor is not None and user is not None and getattr(actor, "pk", None) == user.pk:
        errors["__all__"] = gettext("不能为自己的账户增删任职，请由另一位系统管理员办理（%(rule)s）") % {
            "rule": SEPARATION_RULE
        }
        return errors
    if kinds and role and region and ROLE_REGION_KIND.get(role) and region.kind != ROLE_REGION_KIND[role]:
        errors["region"] = gettext("%(role)s的任职区划应为%(kind)s，所选“%(region)s”是%(actual)s") % {
            "role": ROLES[role].label,
            "kind": ROLE_REGION_KIND[role].label,
            "region": region.name,
            "actual": region.get_kind_display(),
        }
    if not role:
        return errors
    others = (
        user.memberships.exclude(pk=exclude_pk) if user is not None and user.pk else Membership.objects.none()
    )
    held = set(others.values_list("role", flat=True))
    if role in SYSTEM_ROLES and held - {role}:
        errors["role"] = gettext("该账户已有其他角色，不能兼任%(role)s：%(rule)s") % {
            "role": ROLES[role].label,
            "rule": SEPARATION_RULE,
        }
    elif role not in SYSTEM_ROLES and held & SYSTEM_ROLES:
        system = "、".join(str(ROLES[r].label) for r in sorted(held & SYSTEM_ROLES))
        errors["role"] = gettext("该账户是%(system)s，不能兼任业务角色：%(rule)s") % {
            "system": system,
            "rule": SEPARATION_RULE,
        }
    elif region and others.filter(role=role, region=region).exists():
        errors["region"] = gettext("该账户在此区划已有这一角色")
    return errors


class Membership(Ledgered, models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("角色"), max_length=32, choices=ROLE_CHOICES)
    region = models.ForeignKey(
        "core.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="memberships"
    )
    # the period the role is held (empty: from the start / until withdrawn); out of it, no role
    since = models.DateField(_("起始日期"), null=True, blank=True)
    until = models.DateField(_("截止日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        constraints = [models.UniqueConstraint(fields=["user", "role", "region"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region}"

    def _errors(self, kinds: bool) -> dict[str, str]:
        from fazhi.core import ledger

        actor, _source = ledger.current_actor()
        return membership_errors(
            self.user if self.user_id else None,
            self.role,
            self.region if self.region_id else None,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            exclude_pk=self.pk,
            kinds=kinds,
        )

    def clean(self):
        errors = self._errors(kinds=True)
        if self.since and self.until and self.until < self.since:
            errors["until"] = gettext("截止日期不能早于起始日期")
        if errors:
            raise ValidationError(errors)

    def in_force(self, on) -> bool:
        return (self.since is None or self.since <= on) and (self.until is None or on <= self.until)

    def save(self, *args, **kwargs):
        """Whatever the door, a membership that breaks 三员分立 or that the acting user gives
        their own account is never saved."""
        if errors := self._errors(kinds=False):
            raise ValidationError(errors)
        super().save(*args, **kwargs)
