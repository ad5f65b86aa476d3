"""Links between records, assignments of records to users, and "create from this record"
actions, so that no domain app imports another.

- `link(source, target, kind=, user=)` records that `target` came from `source` (a grid event
  turned into a dispute); `links_of(record, user)` lists a record's links both ways, each with
  the other end when the user may read it.
- `assign(record, user, purpose=, since=, until=, by=)` gives `user` the record for a purpose
  and a period (code's own door: no checks of who gives); `give(record, user, purpose=, by=,
  since=, until=)` is the pages' door, with the checks of a declared `Purpose` (who may give it,
  to whom, which records), and `end(assignment, by=)` ends one (never deleted); `visible_to` then includes it for them (the model declares `assignable = True`,
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
from fazhi.core.roles import ASSIGN, ROLES
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


@dataclass(frozen=True)
class Purpose:
    """What a record is given to someone for (出具法律意见, 包案 …), declared by the app that
    assigns: who may give it (`permission` over the record's region: the records they may
    write under it), to whom (an in-force membership of one of `roles` in the record's line of
    regions; any domain role when empty) and which records (`models`, labels such as
    "legal.matter"; any assignable model when empty)."""

    code: str
    label: str
    permission: str = ASSIGN
    roles: tuple[str, ...] = ()
    models: tuple[str, ...] = ()

    def __str__(self) -> str:
        return str(self.label)

    def fits(self, model) -> bool:
        return is_assignable(model) and (not self.models or model._meta.label_lower in self.models)


# purpose code -> Purpose, declared by the apps that assign (legal: "opinion" 出具法律意见)
PURPOSES: dict[str, Purpose] = {}


def declare_purpose(
    code: str,
    label,
    *,
    permission: str = ASSIGN,
    roles: tuple[str, ...] = (),
    models: tuple[str, ...] = (),
) -> str:
    PURPOSES[code] = Purpose(code, label, permission, tuple(roles), tuple(m.lower() for m in models))
    return code


def purpose_label(code: str) -> str:
    purpose = PURPOSES.get(code)
    return str(purpose.label) if purpose else code


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


# --- giving and ending on the pages (the checks of every door but code's own `assign`) -----------


def purposes_for(user, record=None) -> list[Purpose]:
    """The purposes `user` may give: anywhere (for menus), or for `record` over its region."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        p
        for p in PURPOSES.values()
        if (record is None and user.can(p.permission))
        or (record is not None and p.fits(type(record)) and user.can(p.permission, region=record.region))
    ]


def _line_q(region, lookup: str = "region") -> models.Q:
    """Regions in `region`'s line: itself, those above it and those under it."""
    above = [code for code in region.path.split("/") if code]
    return models.Q(**{f"{lookup}__code__in": above}) | models.Q(
        **{f"{lookup}__path__startswith": region.path}
    )


def assignees(region, purpose: Purpose, on: dt.date | None = None):
    """The active accounts that may be given a record of `region` for `purpose`: a membership
    in force on `on` (today) of a fitting role (any domain role when the purpose names none) in
    the region's line (over it, or under it)."""
    from fazhi.core.models import Membership, User

    fitting = Membership.objects.filter(
        in_force_with_open_start_q(on or timezone.localdate()), _line_q(region)
    )
    fitting = (
        fitting.filter(role__in=purpose.roles)
        if purpose.roles
        else fitting.filter(role__in=[c for c, r in ROLES.items() if r.domain])
    )
    return User.objects.filter(is_active=True, pk__in=fitting.values("user")).order_by("username")


def in_force_with_open_start_q(on: dt.date) -> models.Q:
    """A membership's period (since and until both optional) contains `on`."""
    return (models.Q(since__isnull=True) | models.Q(since__lte=on)) & (
        models.Q(until__isnull=True) | models.Q(until__gte=on)
    )


def assignable_records(user, purpose: Purpose):
    """The records `user` may give for `purpose`: of each model it fits, those they may write
    under its permission (querysets, newest first)."""
    from django.apps import apps

    return [
        model._default_manager.writable_by(user, purpose.permission).order_by("-pk")
        for model in apps.get_models()
        if purpose.fits(model)
    ]


def give(
    record,
    assignee,
    *,
    purpose: str,
    by,
    since: dt.date | None = None,
    until: dt.date | None = None,
    note: str = "",
    dry_run: bool = False,
) -> Assignment | None:
    """`by` gives `record` to `assignee` for `purpose` (the one door of the pages, the API and
    imports): `by` holds the purpose's permission over the record's region and may write the
    record under it, `assignee` holds a fitting membership in the record's line of regions, the
    period is whole. Raises ValidationError {field: reason} and writes nothing, else assigns
    (ledgered) in one transaction; `dry_run` only checks (a form's clean)."""
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    declared = PURPOSES.get(purpose)
    if declared is None or not declared.fits(type(record)):
        raise ValidationError({"purpose": _("该事由不适用于此类记录。")})
    if not type(record)._default_manager.writable_by(by, declared.permission).filter(pk=record.pk).exists():
        raise PermissionDenied(_("您无权分派此记录：须在该记录所属区划有分派权限。"))
    if assignee is None or not assignees(record.region, declared, since).filter(pk=assignee.pk).exists():
        raise ValidationError(
            {
                "user": _("%(user)s在该记录所属区划没有适合“%(purpose)s”的任职（须在期间起始日有效）")
                % {"user": assignee or "—", "purpose": declared.label}
            }
        )
    since = since or timezone.localdate()
    if until is not None and until < since:
        raise ValidationError({"until": _("截止日期不能早于起始日期")})
    if assignments_of(record, since).filter(user_id=assignee.pk, purpose=purpose).exists():
        raise ValidationError(
            {"user": _("该事项已分派给%(user)s（同一事由，期间内有效）") % {"user": assignee}}
        )
    if dry_run:
        return None
    with transaction.atomic():
        return assign(record, assignee, purpose=purpose, since=since, until=until, by=by, note=note)


def may_end(assignment: Assignment, user) -> bool:
    """Whether `user` may end `assignment`: they hold its purpose's permission over its region
    (a purpose no longer declared: ASSIGN)."""
    declared = PURPOSES.get(assignment.purpose)
    permission = declared.permission if declared else ASSIGN
    return getattr(user, "is_authenticated", False) and user.can(permission, region=assignment.region)


def end(assignment: Assignment, *, by, on: dt.date | None = None) -> Assignment:
    """`by` ends `assignment` on `on` (today): ended, never deleted (ledgered)."""
    from django.core.exceptions import PermissionDenied

    if not may_end(assignment, by):
        raise PermissionDenied(_("您无权结束此分派。"))
    on = on or timezone.localdate()
    if assignment.until is not None and assignment.until < on:
        raise ValidationError({"until": _("该分派已于%(day)s结束") % {"day": assignment.until.isoformat()}})
    return end_assignment(assignment, on)


def has_assignments(user) -> bool:
    """Whether anything is assigned to `user` now or later (the menu's 分派给我的事项); one
    query, remembered on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_has_assignments", None)
    if cached is None:
        today = timezone.localdate()
        cached = (
            Assignment.objects.filter(user_id=user.pk)
            .filter(models.Q(until__isnull=True) | models.Q(until__gte=today))
            .exists()
        )
        user._has_assignments = cached
    return cached


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
