"""What the system administrator (and whoever edits the region tree) may manage.

Two scopes, neither of them a way to domain records (三员分立, GB/T 22239-2019 访问控制):

- Regions are the administrative map, not personal data. A domain user sees the regions under
  their own memberships (`Region.objects.visible_to`). A role that manages regions or accounts
  (the system administrator) also sees the regions under the region of that membership: a county
  system administrator needs the county's tree to assign memberships and correct the households
  and population of villages and grids. Households and population are the only figures shown.
- Accounts: a user who manages accounts sees the accounts holding a membership under the region
  of their account-managing membership, and the accounts that hold no membership yet (just
  created, or every membership removed), which would otherwise be lost to everyone.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Case, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind, User


def _paths_for(user, *permissions: str) -> list[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return sorted(
        {m.region.path for m in user.active_memberships if roles.ROLES[m.role].permissions & set(permissions)}
    )


def regions_for(user):
    """The regions `user` may list and open: their domain subtrees, plus the subtrees of their
    region- or account-managing memberships."""
    paths = set(user.scope_paths if user.is_authenticated else []) | set(
        _paths_for(user, roles.MANAGE_REGIONS, roles.MANAGE_USERS)
    )
    if not paths or not user.is_active:
        return Region.objects.none()
    return Region.objects.filter(reduce(or_, (Q(path__startswith=p) for p in sorted(paths))))


def editable_regions_for(user):
    """The regions whose name, households and population `user` may correct."""
    paths = _paths_for(user, roles.MANAGE_REGIONS)
    if not paths:
        return Region.objects.none()
    return Region.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def assignable_regions_for(user):
    """The regions in which `user` may give memberships."""
    paths = _paths_for(user, roles.MANAGE_USERS)
    if not paths:
        return Region.objects.none()
    return Region.objects.filter(reduce(or_, (Q(path__startswith=p) for p in paths)))


def users_for(user):
    """The accounts `user` may manage (see the module docstring)."""
    paths = _paths_for(user, roles.MANAGE_USERS)
    if not paths:
        return User.objects.none()
    under = reduce(or_, (Q(memberships__region__path__startswith=p) for p in paths))
    ids = User.objects.filter(under | Q(memberships__isnull=True)).values("pk")
    return User.objects.filter(pk__in=ids)


def _count(**lookups):
    """A correlated COUNT over regions (index on parent_id); 0 when none."""
    rows = Region.objects.filter(**lookups).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(rows[:1]), 0)


def _children_sum(field: str):
    rows = (
        Region.objects.filter(parent=OuterRef("pk"))
        .order_by()
        .annotate(s=Func(F(field), function="SUM"))
        .values("s")
    )
    return Subquery(rows[:1])


def with_counts(queryset):
    """Annotate regions with their children, villages and grids (SQL subqueries, one page at a
    time) and the households and population of their children where they carry none."""
    county, town, village, grid = RegionKind.COUNTY, RegionKind.TOWN, RegionKind.VILLAGE, RegionKind.GRID
    pk = OuterRef("pk")
    return queryset.annotate(
        n_children=_count(parent=pk),
        n_villages=Case(
            When(kind=town, then=_count(parent=pk, kind=village)),
            When(kind=county, then=_count(parent__parent=pk, kind=village)),
            default=Value(0),
        ),
        n_grids=Case(
            When(kind=village, then=_count(parent=pk, kind=grid)),
            When(kind=town, then=_count(parent__parent=pk, kind=grid)),
            When(kind=county, then=_count(parent__parent__parent=pk, kind=grid)),
            default=Value(0),
        ),
        children_households=_children_sum("households"),
        children_population=_children_sum("population"),
    )
