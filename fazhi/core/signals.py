"""One ledger entry for every create, update and delete of a ledgered model.

Models opt in by inheriting `Ledgered` (every `RegionScoped` domain model does, and so do
regions, users and memberships). The actor comes from the context set by the middleware, the
API, the importer or the management command (fazhi.core.ledger.acting_as).
"""

from __future__ import annotations

import copy

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from fazhi.core import ledger
from fazhi.core.ledgered import Ledgered


def _is_ledgered(sender) -> bool:
    return isinstance(sender, type) and issubclass(sender, Ledgered)


def _snap(instance) -> dict:
    data = ledger.snapshot(instance)
    for name in getattr(instance, "ledger_exclude", ()):
        data.pop(name, None)
    return data


def _loaded(instance) -> dict:
    """The instance's field values as loaded: a cheap copy taken on every load (mutable JSON
    values copied deeply), turned into a snapshot only when the instance is saved."""
    return {
        key: copy.deepcopy(value) if isinstance(value, (dict, list)) else value
        for key, value in instance.__dict__.items()
        if key[0] != "_"
    }


def before_snapshot(instance) -> dict:
    """The snapshot of `instance` as it was loaded (or last saved); {} for a new one."""
    loaded = getattr(instance, "_ledger_loaded", None)
    if loaded is None:
        return {}
    values = {
        field.attname: loaded[field.attname]
        for field in instance._meta.concrete_fields
        if field.attname in loaded and field.name not in ledger.SECRET_FIELDS
    }
    for name in getattr(instance, "ledger_exclude", ()):
        values.pop(name, None)
    return ledger.jsonable(values)


@receiver(post_init)
def _remember(sender, instance, **kwargs):
    if _is_ledgered(sender) and instance.pk is not None:
        instance._ledger_loaded = _loaded(instance)


@receiver(post_save)
def _saved(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_ledgered(sender):
        return
    after = _snap(instance)
    password_by = instance.__dict__.pop("_password_change_by", None)
    if not ledger.is_suppressed(instance):
        if created:
            ledger.record("create", instance, data={"after": after})
        elif password_by is not None:
            # a changed password is one entry, whichever page changed it; the hash is never
            # recorded (ledger.SECRET_FIELDS), the date and who set it are
            _before, changed = ledger.diff(before_snapshot(instance), after)
            ledger.record("user.password_change", instance, data={"by": password_by, "after": changed})
        else:
            before, changed = ledger.diff(before_snapshot(instance), after)
            if changed:
                ledger.record("update", instance, data={"before": before, "after": changed})
    instance._ledger_loaded = _loaded(instance)


@receiver(post_delete)
def _deleted(sender, instance, **kwargs):
    if _is_ledgered(sender):
        ledger.record("delete", instance, data={"before": _snap(instance)})
