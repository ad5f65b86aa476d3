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

Assignments (fazhi.core.models.links.Assignment): a model that declares `assignable = True`
is also visible to the users it is assigned to while the assignment is in force (since ≤ today
≤ until, or open): one more OR clause with a subquery on the assignments, added only for such
models, so that every other model's query stays as it was. Generic rows of an assigned record
(its deadlines, files) follow it. An assignment gives reading only: `writable_by` still needs
the permission over the record's region.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.functions import Cast
from django.utils import timezone
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


def town_code_of(region) -> str:
    """The distribution key of a record in `region`: its town's division code (9 digits) for a
    town and everything under it, the county's (6 digits) for a record of the county itself. Every
    region-scoped record carries it (`RegionScoped.town_code`), so that a town's queries are an
    index range on it and PostgreSQL with Citus can distribute the tables by it."""
    codes = region.path.split("/")  # "430321/430321108/430321108201/" -> [county, town, village, ""]
    return codes[1] if len(codes) > 2 else codes[0]


def under_q(path: str, field: str = "region") -> models.Q:
    """A Q matching region-scoped records in the region of `path` or below it, on the town code
    first: a county's records are a prefix range on it (every town of the county and the
    county's own), a town's are one value of it, and below a town the region's path narrows the
    town's rows (a join on the region, within the town)."""
    codes = path.strip("/").split("/")
    if len(codes) == 1:
        return models.Q(town_code__startswith=codes[0])
    q = models.Q(town_code=codes[1])
    if len(codes) > 2:
        q &= models.Q(**{f"{field}__path__startswith": path})
    return q


def records_q(paths, field: str = "region") -> models.Q:
    """`regions_q` for region-scoped records: by their town code (see `under_q`)."""
    if not paths:
        return models.Q(pk__in=[])
    return reduce(or_, (under_q(p, field) for p in sorted(paths)))


def in_paths(path: str, paths) -> bool:
    return any(path.startswith(p) for p in paths)


def is_assignable(model) -> bool:
    """True if records of `model` can be assigned to a user (the model declares `assignable`)."""
    return bool(getattr(model, "assignable", False))


def _assignments():
    from django.apps import apps

    return apps.get_model("core", "Assignment")._base_manager


def in_force_q(on: dt.date, since: str = "since", until: str = "until") -> models.Q:
    """A Q matching rows whose period [since, until] (until open when null) contains `on`."""
    return models.Q(**{f"{since}__lte": on}) & (
        models.Q(**{f"{until}__isnull": True}) | models.Q(**{f"{until}__gte": on})
    )


_INTEGER_KEYS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


def assigned_q(model, user, on: dt.date | None = None) -> models.Q:
    """A Q matching the records of `model` assigned to `user` by an assignment in force on `on`
    (today): `pk IN (SELECT object_id FROM assignments …)`, the key cast to the model's."""
    from django.contrib.contenttypes.models import ContentType

    on = on or timezone.localdate()
    content_type = ContentType.objects.get_for_model(model)  # cached after the first call
    keys = _assignments().filter(in_force_q(on), user_id=user.pk, content_type_id=content_type.pk)
    if model._meta.pk.get_internal_type() in _INTEGER_KEYS:
        keys = keys.annotate(key=Cast("object_id", models.BigIntegerField())).values("key")
    else:
        keys = keys.values("object_id")
    return models.Q(pk__in=keys)


# Bumped whenever an assignment is saved or deleted: a user's cached assigned types (below) are
# read again. The cache lives on the user object, which lives one request.
_assignments_version = 0


def assignments_changed() -> None:
    global _assignments_version
    _assignments_version += 1


def assigned_types(user) -> frozenset[int]:
    """The content type ids of the records assigned to `user` in force today: one query per
    user object (per request), so that users with no assignment — most — get scope clauses on
    the town code alone, which the database answers from its index."""
    if not _active(user):
        return frozenset()
    cached = getattr(user, "_fazhi_assigned_types", None)
    if cached is not None and cached[0] == _assignments_version:
        return cached[1]
    types = frozenset(
        _assignments()
        .filter(in_force_q(timezone.localdate()), user_id=user.pk)
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    user._fazhi_assigned_types = (_assignments_version, types)
    return types


def _assigned_here(model, user) -> bool:
    from django.contrib.contenttypes.models import ContentType

    return is_assignable(model) and ContentType.objects.get_for_model(model).pk in assigned_types(user)


class ScopedQuerySet(models.QuerySet):
    scope_field = "region"

    def _scope_q(self, user, permission: str) -> models.Q:
        return records_q(permission_paths(user, permission), self.scope_field)

    def visible_to(self, user):
        """The records `user` may read: under a region where they hold the model's read
        permission, and (assignable models) the records assigned to them in force today."""
        q = self._scope_q(user, self.model.read_permission)
        if _assigned_here(self.model, user):
            q |= assigned_q(self.model, user)
        return self.filter(q)

    def writable_by(self, user, permission: str):
        """The records `user` may change with `permission`: readable, and under a region where
        a role they hold carries `permission`."""
        return self.visible_to(user).filter(self._scope_q(user, permission))

    def bulk_create(self, objs, *args, **kwargs):
        """Every record with its town code, as `RegionScoped.save` would set it."""
        objs = list(objs)
        for obj in objs:
            if obj.region_id is not None:
                obj.town_code = town_code_of(obj.region)
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs):
        """A region changed in bulk moves the town code with it."""
        if "region" in kwargs or "region_id" in kwargs:
            from fazhi.core.models import Region

            region = kwargs.get("region", kwargs.get("region_id"))
            if not isinstance(region, Region):
                region = Region.objects.get(pk=region)
            kwargs["town_code"] = town_code_of(region)
        return super().update(**kwargs)

    def under(self, region):
        """The records in `region` or below it (by town code, see `under_q`)."""
        return self.filter(under_q(region.path, self.scope_field))


class RegionScoped(Ledgered, models.Model):
    """Abstract base of every domain record: it belongs to one region (the lowest node).

    `read_permission` is the permission a role must carry, over the record's region, to read
    it; generic rows that belong to the record (deadlines, attachments) follow it."""

    region = models.ForeignKey(
        "core.Region", verbose_name=_lazy("所属区划"), on_delete=models.PROTECT, related_name="+"
    )

    # Set from the region on every save (and by the bulk path), never by hand: the town's code,
    # or the county's for a county record (`town_code_of`). The distribution column (docs/scale.md).
    town_code = models.CharField(_lazy("乡镇代码"), max_length=9, editable=False, db_index=True, default="")

    read_permission: str = VIEW_RECORDS

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.region_id is not None:
            self.town_code = town_code_of(self.region)
            fields = kwargs.get("update_fields")
            if fields is not None and "region" in fields and "town_code" not in fields:
                kwargs["update_fields"] = [*fields, "town_code"]
        super().save(*args, **kwargs)

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


def assignable_content_type_ids() -> list[int]:
    """The content type ids of the models that declare `assignable`."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    models_ = [m for m in apps.get_models() if is_assignable(m)]
    return sorted(ct.pk for ct in ContentType.objects.get_for_models(*models_).values()) if models_ else []


class OwnedQuerySet(ScopedQuerySet):
    """Rows that belong to a record through a generic key (`owner_field`, a ContentType
    foreign key, and `owner_id_field`, the record's key as text): a row is readable where the
    user may read its owner's model in the row's region (the row's region is its owner's), or
    where its owner is assigned to the user. A row whose owner is not a domain record (a region,
    or none) needs VIEW_RECORDS."""

    owner_field = "content_type"
    owner_id_field = ""  # default: object_id beside content_type, else <prefix>_id beside <prefix>_type

    @classmethod
    def _owner_id(cls) -> str:
        if cls.owner_id_field:
            return cls.owner_id_field
        if cls.owner_field == "content_type":
            return "object_id"
        return cls.owner_field.removesuffix("_type") + "_id"

    def visible_to(self, user):
        if not _active(user):
            return self.none()
        return self.filter(self.owned_q(user))

    def owned_q(self, user) -> models.Q:
        owner = f"{self.owner_field}_id"
        by_permission = read_permissions_by_content_type()
        special = [pk for perm, ids in by_permission.items() if perm != VIEW_RECORDS for pk in ids]
        plain = models.Q(**{f"{owner}__isnull": True}) | ~models.Q(**{f"{owner}__in": special})
        # which owners' rows the user reads, grouped by the regions where they read them: a user
        # of one town gets `town_code = T AND (owner conditions)`, one index range
        by_paths: dict[tuple, list[models.Q]] = {}
        by_paths.setdefault(tuple(sorted(permission_paths(user, VIEW_RECORDS))), []).append(plain)
        for permission, type_ids in by_permission.items():
            paths = permission_paths(user, permission)
            if permission != VIEW_RECORDS and paths:
                by_paths.setdefault(tuple(sorted(paths)), []).append(models.Q(**{f"{owner}__in": type_ids}))
        clauses = [
            records_q(paths, self.scope_field) & reduce(or_, owners)
            for paths, owners in by_paths.items()
            if paths
        ] or [models.Q(pk__in=[])]
        assignable = [pk for pk in assignable_content_type_ids() if pk in assigned_types(user)]
        if assignable:
            assigned = _assignments().filter(
                in_force_q(timezone.localdate()),
                user_id=user.pk,
                content_type_id=models.OuterRef(owner),
                object_id=models.OuterRef(self._owner_id()),
            )
            clauses.append(models.Q(models.Exists(assigned), **{f"{owner}__in": assignable}))
        return reduce(or_, clauses)


class AssignmentQuerySet(OwnedQuerySet):
    """Assignments: read by who may read their record, and by the assignee (their own)."""

    def in_force(self, on: dt.date | None = None):
        return self.filter(in_force_q(on or timezone.localdate()))

    def visible_to(self, user):
        if not _active(user):
            return self.none()
        return self.filter(self.owned_q(user) | models.Q(user_id=user.pk))
