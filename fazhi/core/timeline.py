"""One record's history (全过程记录): the ledger entries of a record and of the records that
belong to it, for its page (display rows) and its dossier (the entries themselves).

A model declares what belongs to one of its records::

    class Case(RegionScoped):
        timeline_parts = (
            timeline.Part("enforcement.caseofficer", "case"),
            timeline.Part("enforcement.evidence", "case", files=True, day="collected_at"),
        )
        timeline_people = ("party",)  # records holding personal information
        timeline_actions = {"enforcement.add_officer": timeline.Action(_("加入执法人员：%(name)s"), day="on")}

Deadlines of the record (core rows) always belong to it; a part declared with `files=True`
brings its attachments (and `timeline_files = True` on the model the record's own). A part
deleted since is still found: by the ledger entry that created it under the record.

- `scope(record, user)` names the records (object type → ids) as `user` may read them;
  `entries(record, user)` their ledger entries, oldest first: what a dossier extracts. With
  `whole=True` (an extract, whose hashed entries cannot be masked) the entries of a person
  named in `timeline_people` come only to a user who may see that person in full
  (`pii.may_see_full`); `Scope.withheld` lists those left out.
- `timeline(record, user=…)` turns the entries into display rows: the moment recorded, the real
  day of the step where its input (the step form's `DayField`) or the part (`Part.day`) carries
  one, the actor, the action's label (a workflow step by its label, a plain change as "修改证据"),
  the changed fields by their verbose names, the deadlines the step started, met, cancelled,
  paused, resumed or extended, the operation id and the hash. Values are never shown, and a
  person's name is masked unless the user may see it in full. Entries of the parts written in
  the same operation as an entry of the record itself are shown under that entry.

The number of queries does not grow with the record: a few per kind of part.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import pii

DEADLINE_TYPE = "core.deadline"
ATTACHMENT_TYPE = "core.attachment"
PLAIN = ("create", "update", "delete")


@dataclass(frozen=True)
class Part:
    """Records of `model` ("app.model") that belong to a record through their foreign key `via`;
    with `files` their attachments belong too; `day` names the field holding the real day of
    one (a piece of evidence's collected_at)."""

    model: str
    via: str
    files: bool = False
    day: str = ""


@dataclass(frozen=True)
class Action:
    """How an app's own ledger action is shown: `label` formatted with the entry's data
    (`%(name)s`), and the keys of the data holding its day and its note."""

    label: str
    day: str = ""
    note: str = ""


_VERBS = {
    "create": gettext_lazy("登记"),
    "update": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
}

# core's own actions; a model's `timeline_actions` add its app's
ACTIONS = {
    "document.export": Action(gettext_lazy("下载文书：%(title)s")),
    "pii.view": Action(gettext_lazy("查看完整个人信息：%(label)s")),
    "user.password_change": Action(gettext_lazy("修改密码")),
    "password_reset": Action(gettext_lazy("重置密码")),
    "core.dossier": Action(gettext_lazy("导出案卷")),
    "deadline:pause": Action(gettext_lazy("暂停计算期限：%(label)s"), note="reason"),
    "deadline:resume": Action(gettext_lazy("恢复计算期限")),
    "deadline:extend": Action(gettext_lazy("延长期限"), note="reason"),
}

_PII_KIND_LABELS = {
    pii.ID_NUMBER: gettext_lazy("身份证号码"),
    pii.MOBILE: gettext_lazy("手机号码"),
    pii.NAME: gettext_lazy("姓名"),
    pii.ADDRESS: gettext_lazy("住址"),
}

_DEADLINE_CHANGES = {
    "start": gettext_lazy("开始计算期限：%(label)s，%(due)s届满"),
    "meet": gettext_lazy("期限已完成：%(label)s"),
    "cancel": gettext_lazy("期限不再计算：%(label)s"),
    "pause": gettext_lazy("暂停计算期限：%(label)s"),
    "resume": gettext_lazy("恢复计算期限：%(label)s，%(due)s届满"),
    "extend": gettext_lazy("延长期限：%(label)s，延至%(due)s"),
}


@dataclass
class Row:
    """One line of a record's history as a page shows it."""

    at: dt.datetime
    label: str
    actor: str = ""
    what: str = ""  # which record, for an entry of a part (masked for a person)
    day: str = ""  # the real day of the step, when its input or the part carries one
    fields: list[str] = field(default_factory=list)  # verbose names of the changed fields
    deadlines: list[str] = field(default_factory=list)  # what the step did to the deadlines
    also: list[str] = field(default_factory=list)  # the parts' entries of the same operation
    note: str = ""
    tone: str = ""
    operation: str = ""
    hash: str = ""
    transition: bool = False


@dataclass
class Scope:
    """The records whose entries make a record's history: object type → ids."""

    objects: dict[str, set[str]]
    people: dict[tuple[str, str], object]  # (type, id) of each person → the person
    withheld: list = field(default_factory=list)  # persons whose entries were left out (whole)
    deadline_labels: dict[str, str] = field(default_factory=dict)


def _label(model) -> str:
    return model._meta.label_lower


def _key(obj) -> tuple[str, str]:
    return _label(type(obj)), str(obj.pk)


def _visible(model, user):
    manager = model._default_manager
    return manager.visible_to(user) if user is not None and hasattr(manager, "visible_to") else manager.all()


def _created_under(object_type: str, **after) -> set[str]:
    """Ids of the records of `object_type` whose creation the ledger shows with these values."""
    from fazhi.core.models import LedgerEntry

    lookups = {f"data__after__{name}": value for name, value in after.items()}
    return set(
        LedgerEntry.objects.filter(object_type=object_type, action="create", **lookups).values_list(
            "object_id", flat=True
        )
    )


def _files(owner_model, owners, gone: set[str], user) -> set[str]:
    """Ids of the attachments of the records in `owners` (a queryset) and of those deleted
    since (`gone`, ids): one query however many records there are."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    from fazhi.core.models import Attachment

    owner_type = ContentType.objects.get_for_model(owner_model)
    keys = owners.annotate(owner_key=Cast("pk", CharField())).values("owner_key")
    live = _visible(Attachment, user).filter(owner_type=owner_type, owner_id__in=keys)
    found = {str(pk) for pk in live.values_list("pk", flat=True)}
    if gone:
        found |= _created_under(ATTACHMENT_TYPE, owner_type_id=owner_type.pk, owner_id__in=sorted(gone))
    return found


def scope(record, user, *, whole: bool = False) -> Scope:
    """The record and the records that belong to it (see the module docstring), as `user` may
    read them; with `whole`, a person's records only if `user` may see the person in full."""
    from django.contrib.contenttypes.models import ContentType

    from fazhi.core.models import Deadline

    model = type(record)
    objects: dict[str, set[str]] = defaultdict(set)
    objects[_label(model)].add(str(record.pk))
    if getattr(model, "timeline_files", False):
        objects[ATTACHMENT_TYPE] |= _files(model, model._default_manager.filter(pk=record.pk), set(), user)
    for part in getattr(model, "timeline_parts", ()):
        part_model = apps.get_model(part.model)
        attname = part_model._meta.get_field(part.via).attname
        owned = _visible(part_model, user).filter(**{part.via: record.pk})
        live = {str(pk) for pk in owned.values_list("pk", flat=True)}
        created = _created_under(_label(part_model), **{attname: record.pk})
        objects[_label(part_model)] |= live | created
        if part.files:
            objects[ATTACHMENT_TYPE] |= _files(part_model, owned, created - live, user)
    labels = {}
    owned = _visible(Deadline, user).filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(record.pk)
    )
    for pk, code, label in owned.values_list("pk", "code", "label"):
        objects[DEADLINE_TYPE].add(str(pk))
        labels.setdefault(code, label)
    people, withheld = {}, []
    for name in getattr(model, "timeline_people", ()):
        person = getattr(record, name, None)
        if person is None:
            continue
        if whole and not pii.may_see_full(user, person):
            withheld.append(person)
            continue
        objects[_label(type(person))].add(str(person.pk))
        people[_key(person)] = person
    return Scope({t: ids for t, ids in objects.items() if ids}, people, withheld, labels)


def entries_of(objects: dict[str, set[str]]):
    """The ledger entries of these records, oldest first."""
    from django.db.models import Q

    from fazhi.core.models import LedgerEntry

    query = Q()
    for object_type, ids in objects.items():
        if ids:
            query |= Q(object_type=object_type, object_id__in=sorted(ids))
    if not query:
        return LedgerEntry.objects.none()
    return LedgerEntry.objects.filter(query).order_by("id")


def entries(record, user, *, whole: bool = False):
    """The ledger entries of the record and of what belongs to it, oldest first."""
    return entries_of(scope(record, user, whole=whole).objects)


# --- display rows ---------------------------------------------------------------------------------


@cache
def _steps_of(model_label: str) -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """For the workflows of a model: each step's day fields (its form's DayFields, then any
    `…_on` date field) and the state fields (a step's row does not list them as changes)."""
    from fazhi.core.workflow import DayField, installed_workflows

    days: dict[str, tuple[str, ...]] = {}
    states = set()
    for _app, workflows in installed_workflows():
        for workflow in workflows:
            if _label(workflow.model) != model_label:
                continue
            states.add(workflow.state_field)
            for transition in workflow.transitions:
                fields = getattr(transition.form, "base_fields", {}) if transition.form else {}
                days[transition.name] = tuple(n for n, f in fields.items() if isinstance(f, DayField))
    return days, frozenset(states)


def _as_day(value) -> str:
    """The local date of a date or datetime as recorded in a snapshot or an input."""
    if not value:
        return ""
    text = str(value)
    moment = parse_datetime(text)
    if moment is not None:
        return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).date().isoformat()
    day = parse_date(text[:10])
    return day.isoformat() if day else ""


def _step_day(entry) -> str:
    data = entry.data or {}
    given = data.get("input") or {}
    days, _states = _steps_of(entry.object_type)
    for name in days.get(data.get("transition") or entry.action[len("transition:") :], ()):
        if given.get(name):
            return _as_day(given[name])
    for key, value in given.items():
        if key.endswith("_on") and value:
            return _as_day(value)
    return ""


class _Data(dict):
    def __missing__(self, key):
        return ""


def _fields(model, names, skip=frozenset()) -> list[str]:
    if model is None:
        return [n for n in names if n not in skip]
    labels = {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
    labels |= {f.name: str(f.verbose_name) for f in model._meta.concrete_fields}
    return [labels.get(n, n) for n in names if n not in skip]


def _model(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


class _Reader:
    """Turns the entries of one record's history into rows for one user."""

    def __init__(self, record, user, found: Scope, names: dict[int, str]):
        self.record = record
        self.user = user
        self.key = _key(record)
        self.scope = found
        self.names = names
        self.actions = {**ACTIONS, **getattr(type(record), "timeline_actions", {})}
        self.parts = {p.model: p for p in getattr(type(record), "timeline_parts", ())}
        self.full = pii.may_see_full(user, record)

    def what(self, entry) -> str:
        """The record an entry is about, a person's name masked unless shown in full."""
        model = _model(entry.object_type)
        person = self.scope.people.get((entry.object_type, entry.object_id))
        shown = pii.may_see_full(self.user, person) if person is not None else self.full
        if not shown and model is not None and pii.NAME in pii.pii_fields_of(model).values():
            organization = getattr(person, "is_citizen", None) is False if person is not None else None
            return pii.mask_name(entry.object_repr, organization=organization)
        return entry.object_repr

    def deadline_text(self, change: dict) -> str:
        template = _DEADLINE_CHANGES.get(change.get("change"))
        if template is None:
            return ""
        label = self.scope.deadline_labels.get(change.get("code"), change.get("code", ""))
        text = str(template) % {"label": label, "due": _as_day(change.get("due")) or change.get("due", "")}
        if change.get("late"):
            text += _("（逾期）")
        return text

    def row(self, entry) -> Row:
        data = entry.data or {}
        own = (entry.object_type, entry.object_id) == self.key
        model = _model(entry.object_type)
        row = Row(
            at=entry.at,
            label=entry.action,
            actor=self.names.get(entry.actor_id, entry.actor_name) if entry.actor_id else entry.actor_name,
            operation=(entry.operation or "")[:8],
            hash=entry.hash[:12],
        )
        if entry.action.startswith("transition:"):
            _days, states = _steps_of(entry.object_type)
            row.transition = True
            row.label = data.get("label") or entry.action
            row.day = _step_day(entry)
            row.fields = _fields(model, (data.get("after") or {}).keys(), skip=states)
            changes = data.get("deadlines")
            if changes is None:  # entries from before steps listed every change
                changes = [{"change": "meet", **d} for d in data.get("deadlines_met", [])] + [
                    {"change": "start", "due": d.get("due_on"), **d}
                    for d in data.get("deadlines_started", [])
                ]
            row.deadlines = [t for t in map(self.deadline_text, changes) if t]
            if any(c.get("late") for c in changes if c.get("change") == "meet"):
                row.note, row.tone = _("逾期完成"), "warn"
        elif entry.action in self.actions:
            action = self.actions[entry.action]
            values = _Data(data)
            if entry.action == "pii.view":
                values["label"] = data.get("label") or _PII_KIND_LABELS.get(
                    data.get("kind"), data.get("kind", "")
                )
            row.label = str(action.label) % values
            row.day = _as_day(data.get(action.day)) if action.day else ""
            row.note = str(data.get(action.note) or "") if action.note else ""
        elif entry.action in PLAIN:
            noun = str(model._meta.verbose_name) if model is not None else entry.object_type
            row.label = _("%(action)s%(what)s") % {"action": _VERBS[entry.action], "what": noun}
            if entry.action == "update":
                row.fields = _fields(model, (data.get("after") or {}).keys())
            part = self.parts.get(entry.object_type)
            if part is not None and part.day and entry.action == "create":
                row.day = _as_day((data.get("after") or {}).get(part.day))
        if not own:
            row.what = self.what(entry)
        return row

    def line(self, row: Row) -> str:
        """A part's row as one line under the record's entry of the same operation."""
        text = f"{row.label} {row.what}".strip()
        if row.fields:
            text += _("（%(fields)s）") % {"fields": "、".join(row.fields)}
        return text


def timeline(record, *, user, limit: int | None = None, newest_first: bool = False) -> list[Row]:
    """The history of `record` as `user` reads it (see the module docstring): oldest first, or
    newest first; `limit` keeps the newest entries only."""
    from fazhi.core.models import User

    found = scope(record, user)
    queryset = entries_of(found.objects)
    if limit is not None:
        found_entries = list(queryset.order_by("-id")[:limit])[::-1]
    else:
        found_entries = list(queryset)
    actors = {e.actor_id for e in found_entries if e.actor_id}
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=actors)} if actors else {}
    reader = _Reader(record, user, found, names)
    key = reader.key
    # operations in which the record itself has an entry: its parts' entries go under it
    with_own = {e.operation for e in found_entries if e.operation and (e.object_type, e.object_id) == key}
    rows: list[Row] = []
    last_own: dict[str, Row] = {}
    waiting: dict[str, list] = defaultdict(list)
    for entry in found_entries:
        own = (entry.object_type, entry.object_id) == key
        if own:
            row = reader.row(entry)
            rows.append(row)
            if entry.operation:
                last_own[entry.operation] = row
                for early in waiting.pop(entry.operation, ()):
                    _attach(reader, row, early)
        elif entry.operation in with_own:
            if entry.operation in last_own:
                _attach(reader, last_own[entry.operation], entry)
            else:
                waiting[entry.operation].append(entry)
        else:
            rows.append(reader.row(entry))
    return rows[::-1] if newest_first else rows


def _attach(reader: _Reader, row: Row, entry) -> None:
    """Show a part's entry under the record's entry of the same operation; a deadline that the
    step changed is already among the step's deadlines."""
    if row.transition and entry.object_type == DEADLINE_TYPE and entry.action in PLAIN:
        return
    row.also.append(reader.line(reader.row(entry)))
