"""Closed records are frozen: no door edits, moves or deletes them, their parts or their party.

A workflow declares the states that close its record (`Workflow(frozen=[ARCHIVED])`); a model
names what freezes with it:

- `frozen_with = ("case",)` — foreign keys to records whose closing freezes this one (the
  evidence, reviews and hearings of an archived case);
- `frozen_through = ("cases",)` — reverse relations: this record is frozen while one of those
  records is closed (the party of an archived case).

Every save and delete of a ledgered model is checked here (a `pre_save` / `pre_delete`
receiver), whatever the door: web, API, import, command. The state is read as it is stored
(the value loaded, not an assignment in memory). Corrections after closing are new records that
reference the old ones. Two sanctioned ways through:

- a workflow declared `runs_when_frozen` (三项制度 publicity must still be withdrawn after a
  case is archived, when a 复议 changes the decision) saves the record inside `Workflow.fire`;
- `importing_at_state()`, the one path for historical records (register imports and the demo),
  which write records directly in a closed state.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from fazhi.core.ledgered import Ledgered

# model -> [(state field, frozen states, labels)]
_FROZEN: dict[type, list[tuple[str, frozenset[str]]]] = {}
_permitted: ContextVar[frozenset] = ContextVar("frozen_permitted", default=frozenset())
_importing: ContextVar[bool] = ContextVar("frozen_importing", default=False)
# Stored state known without a query: the row of a record locked for update in the current
# transaction (Workflow.fire), until it is saved or deleted. {(model label, pk, field): value}
_known: ContextVar[dict | None] = ContextVar("frozen_known", default=None)


class RecordFrozen(Exception):
    """A change refused because the record (or the record it belongs to) is closed."""

    code = "frozen"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = str(reason)


def declare(model: type, state_field: str, states) -> None:
    """Records of `model` whose stored `state_field` is one of `states` are frozen."""
    entry = (state_field, frozenset(states))
    if entry not in _FROZEN.setdefault(model, []):
        _FROZEN[model].append(entry)


def frozen_states(model: type) -> list[tuple[str, frozenset[str]]]:
    return _FROZEN.get(model, [])


def _stored(instance, field: str):
    """`field` of `instance` as it is stored now (not as assigned, or as loaded a while ago)."""
    known = _known.get()
    if known:
        key = (instance._meta.label_lower, str(instance.pk), field)
        if key in known:
            return known[key]
    return type(instance)._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()


@contextmanager
def stored_as_locked(instance):
    """`instance` was just read with select_for_update in this transaction (its row locked, on
    SQLite the database's write lock held): until it is saved or deleted, its stored state is the
    one loaded, and the checks here read it without a query."""
    label, pk = instance._meta.label_lower, str(instance.pk)
    known = {(label, pk, field): getattr(instance, field) for field, _states in frozen_states(type(instance))}
    token = _known.set({**(_known.get() or {}), **known})
    try:
        yield
    finally:
        _known.reset(token)


def _forget(instance) -> None:
    """The row of `instance` is about to change: read its stored state again from now on."""
    known = _known.get()
    if known:
        label, pk = instance._meta.label_lower, str(instance.pk)
        for key in [k for k in known if k[0] == label and k[1] == pk]:
            del known[key]


def _label(instance, field: str, value) -> str:
    choices = dict(instance._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def own_reason(instance) -> str | None:
    """Why `instance` itself is frozen (its stored state closes it), or None."""
    if instance.pk is None or instance._state.adding:
        return None
    for field, states in frozen_states(type(instance)):
        value = _stored(instance, field)
        if value in states:
            return _("%(record)s“%(name)s”处于“%(state)s”状态，不能再修改；更正请新建记录并引用原记录") % {
                "record": instance._meta.verbose_name,
                "name": str(instance),
                "state": _label(instance, field, value),
            }
    return None


def reason(instance) -> str | None:
    """Why `instance` may not be saved or deleted now, or None."""
    if (instance._meta.label_lower, str(instance.pk)) in _permitted.get():
        return None
    found = own_reason(instance)
    if found:
        return found
    for name in getattr(type(instance), "frozen_with", ()):
        parent = getattr(instance, name, None)
        if parent is not None and (found := own_reason(parent)):
            return found
    for name in getattr(type(instance), "frozen_through", ()):
        if instance.pk is None:
            continue
        related = getattr(instance, name)
        for field, states in frozen_states(related.model):
            closed = related.filter(**{f"{field}__in": states}).first()
            if closed is not None:
                return _("%(record)s“%(name)s”属于处于“%(state)s”状态的%(other)s“%(closed)s”，不能再修改") % {
                    "record": instance._meta.verbose_name,
                    "name": str(instance),
                    "state": _label(closed, field, getattr(closed, field)),
                    "other": closed._meta.verbose_name,
                    "closed": str(closed),
                }
    return None


def check(instance) -> None:
    """Raise RecordFrozen if `instance` (or what it belongs to) is closed."""
    if _importing.get():
        return
    if found := reason(instance):
        raise RecordFrozen(found)


@contextmanager
def permitting(instance):
    """Let `instance` be saved although it is frozen (a `runs_when_frozen` workflow's step)."""
    token = _permitted.set(_permitted.get() | {(instance._meta.label_lower, str(instance.pk))})
    try:
        yield
    finally:
        _permitted.reset(token)


@contextmanager
def importing_at_state():
    """Historical records written directly in their closed state (register imports, the demo)."""
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


@receiver(pre_save)
def _before_save(sender, instance, raw=False, **kwargs):
    if raw or not (isinstance(sender, type) and issubclass(sender, Ledgered)):
        return
    if instance.pk is not None and not instance._state.adding:
        check(instance)
        _forget(instance)
    elif getattr(sender, "frozen_with", ()):
        check(instance)  # a new part of a closed record (evidence added to an archived case)


@receiver(pre_delete)
def _before_delete(sender, instance, **kwargs):
    if isinstance(sender, type) and issubclass(sender, Ledgered):
        check(instance)
        _forget(instance)
