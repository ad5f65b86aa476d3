"""Links between records, assignments of records to users, and "create from this record"
actions, so that no domain app imports another.

- `link(source, target, kind=, user=)` records that `target` came from `source` (a grid event
  turned into a dispute); `links_of(record, user)` lists a record's links both ways, each with
  the other end when the user may read it.
- `assign(record, user, purpose=, since=, until=, by=)` gives `user` the record for a purpose
  and a period; `visible_to` then includes it for them (the model declares `assignable = True`,
  fazhi.core.scoping). `is_assigned(user, record, purpose)` is what an app asks before it offers
  the assignee their own action (the adviser's opinion); writing otherwise stays with the roles
  of the record's region.
- `register_action(source_model_label, label, url_name, permission)`: an app offers to create
  its record from another app's record. The source's page shows `actions_for(record, user)`
  (template include `core/_record_actions.html`); the target's create view reads the source back
  with `source_from(request)` and calls `link()` once the new record is saved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from fazhi.core.models import Assignment, RecordLink
from fazhi.core.scoping import in_force_q, is_assignable

SOURCE_PARAM = "from"  # ?from=sample.matter:12 on the target's create page


# --- links ------------------------------------------------------------------------------------


def _type_and_id(record) -> tuple[ContentType, str]:
    return ContentType.objects.get_for_model(type(record)), str(record.pk)


def link(source, target, *, kind: str = RecordLink.Kind.CREATED_FROM, user=None) -> RecordLink:
    """Record that `target` relates to `source` as `kind` (ledgered, in the caller's
    transaction); linking the same two records twice returns the first link."""
    from_type, from_id = _type_and_id(source)
    to_type, to_id = _type_and_id(target)
    if (from_type, from_id) == (to_type, to_id):
        raise ValidationError(_("记录不能与自身关联。"))
    found = RecordLink.objects.filter(
        from_type=from_type, from_id=from_id, to_type=to_type, to_id=to_id, kind=kind
    ).first()
    if found is not None:
        return found
    return RecordLink.objects.create(
        region_id=source.region_id,
        from_type=from_type,
        from_id=from_id,
        from_repr=str(source)[:200],
        to_type=to_type,
        to_id=to_id,
        to_repr=str(target)[:200],
        kind=kind,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


@dataclass(frozen=True)
class LinkedRecord:
    link: RecordLink
    outgoing: bool  # True: this record is the source, `other` the target
    other: object | None  # the record at the other end, when the user may read it
    label: str
    url: str


def _readable(content_type: ContentType, object_id: str, user):
    model = content_type.model_class()
    manager = getattr(model, "_default_manager", None) if model else None
    if manager is None or not hasattr(manager, "visible_to"):
        return None
    try:
        key = model._meta.pk.to_python(object_id)
    except ValidationError:
        return None
    return manager.visible_to(user).filter(pk=key).first()


def links_of(record, user) -> list[LinkedRecord]:
    """The record's links, both ways, each with the other end if `user` may read it (an end
    the user may not read is shown by its name only, without a link)."""
    content_type, object_id = _type_and_id(record)
    rows = RecordLink.objects.filter(
        models.Q(from_type=content_type, from_id=object_id) | models.Q(to_type=content_type, to_id=object_id)
    ).select_related("from_type", "to_type")
    found = []
    for row in rows:
        outgoing = row.from_type_id == content_type.pk and row.from_id == object_id
        other_type, other_id, other_repr = (
            (row.to_type, row.to_id, row.to_repr) if outgoing else (row.from_type, row.from_id, row.from_repr)
        )
        other = _readable(other_type, other_id, user)
        url = other.get_absolute_url() if other is not None and hasattr(other, "get_absolute_url") else ""
        found.append(LinkedRecord(row, outgoing, other, str(other) if other is not None else other_repr, url))
    return found


# --- assignments ------------------------------------------------------------------------------

# purpose code -> label, declared by the apps that assign (legal: "opinion" 出具法律意见)
PURPOSES: dict[str, str] = {}


def declare_purpose(code: str, label) -> str:
    PURPOSES[code] = label
    return code


def purpose_label(code: str) -> str:
    return str(PURPOSES.get(code, code))


def assign(
    record,
    user,
    *,
    purpose: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    by=None,
    note: str = "",
) -> Assignment:
    """Give `user` the record for `purpose` from `since` (today) to `until` (open). The model
    must declare `assignable = True`; ledgered in the caller's transaction."""
    if not is_assignable(type(record)):
        raise ValidationError(_("该类记录不能分派给个人。"))
    since = since or timezone.localdate()
    if until is not None and until < since:
        raise ValidationError({"until": _("截止日期不能早于起始日期")})
    content_type, object_id = _type_and_id(record)
    return Assignment.objects.create(
        region_id=record.region_id,
        user=user,
        content_type=content_type,
        object_id=object_id,
        object_repr=str(record)[:200],
        purpose=purpose,
        since=since,
        until=until,
        note=note,
        assigned_by=by if getattr(by, "is_authenticated", False) else None,
    )


def end_assignment(assignment: Assignment, on: dt.date | None = None) -> Assignment:
    """End an assignment on `on` (today): the record is no longer read through it after that day."""
    on = on or timezone.localdate()
    if assignment.until is None or assignment.until > on:
        assignment.until = max(on, assignment.since)
        assignment.save(update_fields=["until"])
    return assignment


def assignments_of(record, on: dt.date | None = None):
    """The assignments of `record` in force on `on` (today)."""
    content_type, object_id = _type_and_id(record)
    return Assignment.objects.filter(
        in_force_q(on or timezone.localdate()), content_type=content_type, object_id=object_id
    ).select_related("user")


def is_assigned(user, record, purpose: str | None = None, on: dt.date | None = None) -> bool:
    """True if `record` is assigned to `user` (for `purpose`, when given) on `on` (today)."""
    if not getattr(user, "is_authenticated", False):
        return False
    qs = assignments_of(record, on).filter(user_id=user.pk)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.exists()


# --- "create from this record" actions ----------------------------------------------------------


@dataclass(frozen=True)
class RecordAction:
    source: str  # the source model's label, "grid.event"
    label: str
    url_name: str  # the target's create page; it reads ?from= with source_from()
    permission: str  # held over the source record's region


_ACTIONS: list[RecordAction] = []


def register_action(source_model_label: str, label, url_name: str, permission: str) -> RecordAction:
    """Offer, on every page of a `source_model_label` record, to create a record of the
    registering app from it (`url_name`, a create page taking `?from=`); shown to users who
    hold `permission` over the source's region. Registering the same action twice is one."""
    action = RecordAction(source_model_label.lower(), label, url_name, permission)
    if action not in _ACTIONS:
        _ACTIONS.append(action)
    return action


def unregister_action(action: RecordAction) -> None:
    if action in _ACTIONS:
        _ACTIONS.remove(action)


def source_token(record) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def actions_for(record, user) -> list[dict]:
    """The "create from this record" actions `user` may take on `record`: [{label, url}]."""
    label = record._meta.label_lower
    found = []
    for action in _ACTIONS:
        if action.source != label or not user.can(action.permission, region=record.region):
            continue
        try:
            url = reverse(action.url_name)
        except NoReverseMatch:  # the target app is not installed
            continue
        found.append(
            {"label": action.label, "url": f"{url}?{urlencode({SOURCE_PARAM: source_token(record)})}"}
        )
    return found


def source_from(request, allowed: tuple[str, ...] = ()):
    """The source record named by `?from=` (GET or POST) if the user may read it, else None;
    `allowed` limits the model labels accepted."""
    token = request.POST.get(SOURCE_PARAM) or request.GET.get(SOURCE_PARAM) or ""
    label, _sep, object_id = token.rpartition(":")
    if not label or (allowed and label not in allowed):
        return None
    try:
        app_label, model_name = label.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name)
    except (ValueError, ContentType.DoesNotExist):
        return None
    return _readable(content_type, object_id, request.user)
