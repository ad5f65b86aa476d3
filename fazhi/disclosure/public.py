"""What the public sees of 政务公开: the 政府信息公开指南 and 目录 (their latest published
version, 条例 第十二条) and the proactive items published, by the county catalogue's domain.
Only publications with a first publication day leave; requests, applicants and review cases never."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.core.models import Region
from fazhi.disclosure.models import Publication

PUBLIC_FIELDS = (
    "id",
    "kind",
    "title",
    "document_number",
    "made_on",
    "first_published_on",
    "item__domain",
    "item__level1",
    "item__level2",
)


def _published(region: Region | None) -> QuerySet:
    qs = Publication.objects.filter(first_published_on__isnull=False)
    return qs.under(region) if region is not None else qs


def public_guides(region: Region | None = None) -> QuerySet:
    """The latest published 指南 and 目录 (and the staff directory), newest first, as dicts."""
    kinds = [Publication.Kind.GUIDE, Publication.Kind.INDEX, Publication.Kind.DIRECTORY]
    return (
        _published(region)
        .filter(kind__in=kinds)
        .order_by("kind", "-first_published_on", "-id")
        .values(*PUBLIC_FIELDS, "content")
    )


def public_items(region: Region | None = None) -> QuerySet:
    """Published proactive items by the catalogue's domain and first-level item, newest first."""
    return (
        _published(region)
        .filter(kind=Publication.Kind.ITEM)
        .order_by("item__domain", "item__level1", "-first_published_on", "-id")
        .values(*PUBLIC_FIELDS)
    )
