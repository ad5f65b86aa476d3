"""Proactive disclosure (主动公开): a publication is due within its item's time limit from the day
the information was made or changed (条例 第二十六条: 20 working days unless a law sets another,
e.g. 3 or 7 in the county catalogue), on a core clock (`PUBLISH`) met by its first publication;
the staff directory is published from the staff register and is due again when the register
changes; the 指南 and 目录 are kept with their update dates (第十二条)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, roles, staff
from fazhi.core.deadlines import WORKING_DAYS, ClockRule
from fazhi.core.models import Post
from fazhi.core.scoping import ensure_writable
from fazhi.disclosure import rules
from fazhi.disclosure.models import Publication, PublicationChannel

PUBLISH = ClockRule(
    "disclosure.publish",
    gettext_lazy("主动公开"),
    gettext_lazy("政府信息公开条例第二十六条：自该政府信息形成或者变更之日起20个工作日内及时公开"),
    rules.PROACTIVE_WORKING_DAYS,
    WORKING_DAYS,
    warn_before=3,
)


def time_limit(publication: Publication) -> int:
    if publication.item_id:
        return publication.item.time_limit_days
    return publication.time_limit_days or rules.PROACTIVE_WORKING_DAYS


def save_publication(publication: Publication, user) -> Publication:
    """Save a new publication as `user` (DISCLOSURE_HANDLE over its town) with its due day and
    its clock; all or nothing."""
    with transaction.atomic():
        publication.time_limit_days = time_limit(publication)
        publication.due_on = deadlines.add_working_days(publication.made_on, publication.time_limit_days).on
        if user is not None and getattr(user, "is_authenticated", False):
            publication.created_by = user
        publication.full_clean()
        publication.save()
        ensure_writable(publication, user, roles.DISCLOSURE_HANDLE)
        deadlines.start(
            publication, rule=PUBLISH, starts_on=publication.made_on, days=publication.time_limit_days
        )
    return publication


def add_channel(
    publication: Publication, channel: str, published_on: dt.date, place: str, user
) -> PublicationChannel:
    """Record that `publication` was published on `channel` on `published_on`; the first one
    meets its clock (late if after the due day)."""
    with transaction.atomic():
        row = PublicationChannel(
            publication=publication,
            region=publication.region,
            channel=channel,
            published_on=published_on,
            place=place,
            is_sample=publication.is_sample,
        )
        row.full_clean()
        row.save()
        ensure_writable(row, user, roles.DISCLOSURE_HANDLE)
        first = publication.channels.order_by("published_on").values_list("published_on", flat=True).first()
        if first != publication.first_published_on:
            publication.first_published_on = first
            publication.late = bool(publication.due_on and first > publication.due_on)
            publication.save(update_fields=["first_published_on", "late"])
        deadlines.meet(publication, PUBLISH.code, when=_noon(first))
    return row


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


# --- the staff directory -----------------------------------------------------------------------


def directory_changed_on(town) -> dt.date | None:
    """The last day the town's staff register changed what the directory shows: a post taken
    or left (up to today)."""
    today = timezone.localdate()
    posts = Post.objects.filter(region__path__startswith=town.path)
    since = posts.filter(since__lte=today).aggregate(m=Max("since"))["m"]
    until = posts.filter(until__lte=today).aggregate(m=Max("until"))["m"]
    days = [d for d in (since, until) if d]
    return max(days) if days else None


def directory_rows(town, on: dt.date | None = None) -> list[dict]:
    rows = []
    for post in staff.directory(town, on).select_related("person__photo"):
        rows.append(
            {
                "name": post.person.name,
                "title": post.title,
                "department": post.department,
                "region": post.region.name,
                "photo": post.person.photo,
                "phone": post.person.phone,
            }
        )
    return rows


def latest(town, kind: str) -> Publication | None:
    return Publication.objects.filter(region=town, kind=kind).order_by("-made_on", "-id").first()


def publish_directory(town, user, published_on: dt.date | None = None, channel: str = "board") -> Publication:
    """Publish the current staff directory (姓名、职务、部门、照片: 石鼓镇's 政务公开栏) as a
    publication made on the day the register last changed."""
    today = published_on or timezone.localdate()
    rows = directory_rows(town, today)
    text = "\n".join(f"{r['name']}　{r['title']}　{r['department']}" for r in rows)
    with transaction.atomic():
        pub = save_publication(
            Publication(
                region=town,
                kind=Publication.Kind.DIRECTORY,
                title=_("%(town)s工作人员名录（姓名、职务、部门、照片）") % {"town": town.name},
                made_on=directory_changed_on(town) or today,
                content=text,
            ),
            user,
        )
        add_channel(pub, channel, today, _("镇政府政务公开栏"), user)
    return pub


def directory_status(town) -> dict:
    """Whether the published directory is current: the last publication against the register."""
    changed = directory_changed_on(town)
    published = latest(town, Publication.Kind.DIRECTORY)
    current = bool(
        published and published.first_published_on and (changed is None or published.made_on >= changed)
    )
    return {"changed_on": changed, "published": published, "current": current}
