"""Scoping: the one way to fetch domain records for a user, to read them or to change them.

Every domain model inherits `RegionScoped` and declares the permission needed to read it
(`read_permission`). Its default manager is a `ScopedQuerySet`:

- `visible_to(user)`: the records under the regions where the user holds the model's read
  permission (a permission holds only in the subtree of the membership whose role carries it);
- `writable_by(user, permission)`: of those, the records under the regions where the user holds
  `permission` (NetBox's `restrict(user, action)`).

Base views, API viewsets, form choices, imports, commands and documents call these; no view
writes its own filter. After a write, `ensure_writable` checks inside the transaction that the
record is still in the writer's scope, or raises PermissionDenied so that the transaction rolls
back (NetBox's `PermissionsViolation`). Superusers get nothing extra: the system administrator
manages accounts and reads no domain records (三员分立).

Generic rows (deadlines, attachments) follow the record they belong to: `OwnedQuerySet` keeps
a row only where the user may read its owner's model in the row's region.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fazhi.core.ledgered import Ledgered
from fazhi.core.roles import VIEW_RECORDS


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def permission_paths(user, permission: str) -> list[str]:
    """Paths of the regions in whose subtrees `user` holds `permission` (none for anonymous)."""
    if not _active(user):
        return []
    return user.permission_paths(permission)


def regions_q(paths, lookup: str) -> models.Q:
    """A Q matching rows whose `lookup` (a region path) lies under one of `paths`."""
    if not paths:
        return models.Q(pk__in=[])
    return reduce(or_, (models.Q(**{f"{lookup}__startswith": p}) for p in sorted(paths)))


def paths_q(user, lookup: str, permission: str = VIEW_RECORDS) -> models.Q:
    """A Q matching rows whose `lookup` (a region path) lies under a region where `user` holds
    `permission`."""
    return regions_q(permission_paths(user, permission), lookup)


def scope_q(user, field: str = "region", permission: str = VIEW_RECORDS) -> models.Q:
    """A Q matching records whose `field` region lies under a region where the user holds
    `permission`."""
    return paths_q(user, f"{field}__path", permission)


def in_paths(path: str, paths) -> bool:
    return any(path.startswith(p) for p in paths)


class ScopedQuerySet(models.QuerySet):
    scope_field = "region"

    def visible_to(self, user):
        """The records `user` may read: under a region where they hold the model's read permission."""
        return self.filter(scope_q(user, self.scope_field, self.model.read_permission))

    def writable_by(self, user, permission: str):
        """The records `user` may change with `permission`: readable, and under a region where
        a role they hold carries `permission`."""
        return self.visible_to(user).filter(scope_q(user, self.scope_field, permission))


class RegionScoped(Ledgered, models.Model):
    """Abstract base of every domain record: it belongs to one region (the lowest node).

    `read_permission` is the permission a role must carry, over the record's region, to read
    it; generic rows that belong to the record (deadlines, attachments) follow it."""

    region = models.ForeignKey(
        "core.Region", verbose_name=_lazy("所属区划"), on_delete=models.PROTECT, related_name="+"
    )

    read_permission: str = VIEW_RECORDS

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_visible_to(self, user) -> bool:
        return type(self)._default_manager.visible_to(user).filter(pk=self.pk).exists()

    def is_writable_by(self, user, permission: str) -> bool:
        return type(self)._default_manager.writable_by(user, permission).filter(pk=self.pk).exists()


def may(user, permission: str, region) -> bool:
    """True if `user` holds `permission` over `region` (a Region, or None: anywhere)."""
    return _active(user) and user.can(permission, region=region)


def require_in(user, permission: str, region, message: str | None = None) -> None:
    """Refuse with PermissionDenied unless `user` holds `permission` over `region`."""
    if not may(user, permission, region):
        raise PermissionDenied(message or _("您在该区划没有执行此操作的权限。"))


def ensure_writable(obj, user, permission: str) -> None:
    """After a write, inside its transaction: the record must still be one that `user` may
    change with `permission` (a record moved to another town, or created outside the user's
    scope, raises PermissionDenied and the transaction rolls back)."""
    if not obj.is_writable_by(user, permission):
        raise PermissionDenied(_("该记录不在您有权修改的区划范围内。"))


def writable_choices(queryset, user, permission: str):
    """A related field's choices for a record being written under `permission`: the records
    (or regions) in the regions where `user` holds it. Querysets without scoping are kept."""
    if hasattr(queryset, "writable_by"):
        return queryset.writable_by(user, permission)
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    return queryset


def narrow_choices(fields, user, permission: str) -> None:
    """Narrow every model choice field of a form or serializer (`fields`: name -> field) to
    what `user` may use when writing under `permission`."""
    for field in fields.values():
        target = getattr(field, "child_relation", field)
        queryset = getattr(target, "queryset", None)
        if queryset is not None:
            target.queryset = writable_choices(queryset, user, permission)


# --- generic rows ------------------------------------------------------------------------------


def read_permissions_by_content_type() -> dict[str, list[int]]:
    """{read permission: [content type ids of the domain models that need it]}."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    models_ = [m for m in apps.get_models() if issubclass(m, RegionScoped)]
    types = ContentType.objects.get_for_models(*models_)
    found: dict[str, list[int]] = {}
    for model, ct in types.items():
        found.setdefault(model.read_permission, []).append(ct.pk)
    return {perm: sorted(ids) for perm, ids in found.items()}


class OwnedQuerySet(ScopedQuerySet):
    """Rows that belong to a record through a generic key (`owner_field`, a ContentType
    foreign key): a row is readable where the user may read its owner's model in the row's
    region (the row's region is its owner's). A row whose owner is not a domain record (a
    region, or none) needs VIEW_RECORDS."""

    owner_field = "content_type"

    def visible_to(self, user):
        if not _active(user):
            return self.none()
        owner = f"{self.owner_field}_id"
        by_permission = read_permissions_by_content_type()
        special = [pk for perm, ids in by_permission.items() if perm != VIEW_RECORDS for pk in ids]
        plain = models.Q(**{f"{owner}__isnull": True}) | ~models.Q(**{f"{owner}__in": special})
        clauses = [plain & scope_q(user, self.scope_field)]
        for permission, type_ids in by_permission.items():
            paths = permission_paths(user, permission)
            if permission != VIEW_RECORDS and paths:
                clauses.append(
                    models.Q(**{f"{owner}__in": type_ids}) & regions_q(paths, f"{self.scope_field}__path")
                )
        return self.filter(reduce(or_, clauses))
