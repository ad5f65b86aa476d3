"""Scoping: the one way to fetch domain records for a user.

Every domain model inherits `RegionScoped`; its default manager is a `ScopedQuerySet`, whose
`visible_to(user)` returns the records under the union of the user's regions. Base views and
API viewsets call it; no view writes its own filter. Superusers get nothing extra: the
system administrator manages accounts and reads no domain records (三员分立).
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledgered import Ledgered


def paths_q(user, lookup: str) -> models.Q:
    """A Q matching rows whose `lookup` (a region path) lies under one of the user's regions."""
    if user is None or not user.is_authenticated or not user.is_active:
        return models.Q(pk__in=[])
    paths = user.scope_paths
    if not paths:
        return models.Q(pk__in=[])
    return reduce(or_, (models.Q(**{f"{lookup}__startswith": p}) for p in paths))


def scope_q(user, field: str = "region") -> models.Q:
    """A Q matching records whose `field` region lies under one of the user's regions."""
    return paths_q(user, f"{field}__path")


class ScopedQuerySet(models.QuerySet):
    scope_field = "region"

    def visible_to(self, user):
        return self.filter(scope_q(user, self.scope_field))


class RegionScoped(Ledgered, models.Model):
    """Abstract base of every domain record: it belongs to one region (the lowest node)."""

    region = models.ForeignKey(
        "core.Region", verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_visible_to(self, user) -> bool:
        return type(self).objects.visible_to(user).filter(pk=self.pk).exists()
