"""The staff register (党政办): who holds which post, on a date. Apps read it here.

- `holders(kind, region, on=)`: the people holding posts of `kind` over `region` on a date
  (the 网格长 of a grid, the 包案领导 of a town, the town's 法治建设第一责任人);
- `directory(region, on=)`: the posts held in a region's subtree, for the disclosure staff
  directory (政务公开: 机构职能 and 领导信息);
- `oath_due(region, on=)`: posts taken by election or appointment that need the constitutional
  oath (全国人大常委会关于实行宪法宣誓制度的决定 第九条), for the education app to check;
- `posts_of(person, on=)`.

Writing the register needs MANAGE_STAFF over the region (党政办); posts are not login roles.
Every door writes it through `save_person(form, user)` and `save_post(form, user)` (the pages'
forms, fazhi.core.forms.PersonForm / PostForm, cleaned by the page or by the Excel register of
fazhi.core.imports): one transaction, ledgered by the model signals, and the record must still
be in the writer's scope afterwards or nothing is saved.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from fazhi.core import roles
from fazhi.core.models import Person, Post, PostKind, Region, TakenBy
from fazhi.core.scoping import ensure_writable

OATH_TAKEN_BY = (TakenBy.ELECTION, TakenBy.APPOINTMENT)  # 宪法宣誓制度 第九条: 选举或者决定任命


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def current_posts(on: dt.date | None = None):
    return Post.objects.current(_today(on)).select_related("person", "region")


def holders(kind: str, region: Region, on: dt.date | None = None, *, exact: bool = True) -> list[Person]:
    """The people holding a post of `kind` over `region` on `on` (today); with exact=False,
    over `region` or any region above it (the town's 包案领导 for a village's matter)."""
    posts = current_posts(on).filter(kind=kind)
    if exact:
        posts = posts.filter(region=region)
    else:
        codes = [c for c in region.path.split("/") if c]
        posts = posts.filter(region__code__in=codes).order_by("-region__depth", "order")
    seen, people = set(), []
    for post in posts:
        if post.person_id not in seen:
            seen.add(post.person_id)
            people.append(post.person)
    return people


def directory(region: Region, on: dt.date | None = None):
    """The posts held on `on` in `region`'s subtree, leaders first, for the staff directory."""
    return (
        current_posts(on)
        .filter(region__path__startswith=region.path)
        .order_by("region__path", "order", "department", "person__name")
    )


def oath_due(region: Region, on: dt.date | None = None):
    """Posts held on `on` in `region`'s subtree taken by election or appointment."""
    return directory(region, on).filter(taken_by__in=OATH_TAKEN_BY)


def posts_of(person: Person, on: dt.date | None = None):
    return person.posts.current(_today(on)).select_related("region")


def first_responsible(region: Region, on: dt.date | None = None) -> list[Person]:
    """The 法治建设第一责任人 of a town (党政主要负责人)."""
    return holders(PostKind.FIRST_RESPONSIBLE, region, on)


# --- writing ------------------------------------------------------------------------------------


def save_person(form, user) -> Person:
    """Save a valid PersonForm as `user` (MANAGE_STAFF over the person's region), with the
    photo it carries as an attachment of the person; all or nothing."""
    from django.utils.translation import gettext as _

    from fazhi.core.attachments import attach

    with transaction.atomic():
        person = form.save()
        ensure_writable(person, user, roles.MANAGE_STAFF)
        photo = form.cleaned_data.get("photo_file")
        if photo:
            person.photo = attach(photo, owner=person, user=user, caption=_("照片"))
            person.save(update_fields=["photo"])
    return person


def save_post(form, user) -> Post:
    """Save a valid PostForm as `user` (MANAGE_STAFF over the post's region); all or nothing.
    A post ends with its 离任日期: it is never deleted."""
    with transaction.atomic():
        post = form.save()
        ensure_writable(post, user, roles.MANAGE_STAFF)
    return post
