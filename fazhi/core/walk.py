"""Walk a record through its procedure: fire its workflow's steps one after the other.

One helper for the tests and the demo builders, so both go through the real door
(`Workflow.fire`: guards, input forms, deadlines, ledger entries):

    walker = Walker(workflow, defaults={"file": ("officer", {"filed_on": "2021-09-06"})},
                    actors=lambda key, record: users[key])
    walker.step(case, "notify", intended_fine="500")       # one step, defaults overridden
    walker.walk(case, "file", "investigate", ("notify", {"intended_fine": "800"}))

`workflow` is anything with `fire(record, name, user, data)` (a core `Workflow`, or an app's
workflow module that dispatches to several). `defaults` maps a step to `(actor key, input)`;
`actors(key, record)` turns an actor key into a user (a mapping works too); `prepare(record,
name, data)` may rewrite the input before it is fired (a test naming a discretion level by its
name). A step may also be given a user instead of the default actor's key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

StepDefaults = Mapping[str, tuple[str | None, Mapping[str, Any]]]


@dataclass
class Walker:
    workflow: Any
    defaults: StepDefaults = field(default_factory=dict)
    actors: Callable[[str, Any], Any] | Mapping[str, Any] | None = None
    prepare: Callable[[Any, str, dict], dict] | None = None
    default_actor: str | None = None
    refresh: bool = True

    def user_for(self, key, record):
        """The user acting for `key` (an actor key, or a user given as is)."""
        if key is None or not isinstance(key, str):
            return key
        if callable(self.actors):
            return self.actors(key, record)
        if self.actors is not None:
            return self.actors[key]
        raise LookupError(f"no actor for {key!r}: give the walker its actors")

    def step(self, record, name: str, /, user=None, **data):
        """Fire step `name` with its defaults (overridden by `data`) as `user` or the step's
        default actor; returns the record, refreshed."""
        actor, defaults = self.defaults.get(name, (self.default_actor, {}))
        merged = {**defaults, **data}
        if self.prepare is not None:
            merged = self.prepare(record, name, merged)
        self.workflow.fire(record, name, self.user_for(user if user is not None else actor, record), merged)
        if self.refresh:
            record.refresh_from_db()
        return record

    def walk(self, record, *steps: str | tuple[str, Mapping[str, Any]]):
        """Fire `steps` in order: names, or (name, input) pairs."""
        for item in steps:
            name, data = (item, {}) if isinstance(item, str) else item
            self.step(record, name, **dict(data))
        return record


def walk(workflow, record, steps: Iterable[str | tuple[str, Mapping[str, Any]]], **options):
    """`Walker(workflow, **options).walk(record, *steps)` in one call."""
    return Walker(workflow, **options).walk(record, *steps)
