"""Workflow: a process declared as states and guarded transitions, fired atomically.

An app declares its process in its own `workflow.py`::

    CASE = Workflow(
        model=Case,
        transitions=[
            Transition("investigate", _("开始调查取证"), source=[FILED], target=INVESTIGATING,
                       roles={"enforcement_officer"}, guards=[at_least_two_officers],
                       starts=[DeadlineSpec("enforcement.decision", _("作出决定"), DECISION_RULE, 90)]),
            ...
        ],
    )

`CASE.fire(case, "investigate", user, data)` checks the state, the user's role over the
record's region and every guard; then, in one transaction, runs the step's action, saves the
new state, meets and starts deadlines and writes one ledger entry. A refusal raises
`TransitionRefused` with the reason (citing the article) and changes nothing. Nothing else
assigns a workflow state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import deadlines, ledger
from fazhi.core.roles import ROLES

# A guard looks at the (locked) record, the acting user and the step's input and returns None
# to allow, or the reason for refusing, citing the rule.
Guard = Callable[[object, object, dict], "str | None"]


class Refusal(str):
    """A reason for refusing a step, with a stable `code`: "forbidden" when the user holds no
    role for the step over the record's region (the API answers 403), "frozen" when the record
    is closed, "state" when the step does not leave the current state, else "refused" or the
    guard's own code (409)."""

    code = "refused"

    def __new__(cls, text, code: str = "refused"):
        obj = super().__new__(cls, str(text))
        obj.code = code
        return obj


class TransitionRefused(Exception):
    def __init__(self, reason: str, code: str | None = None):
        super().__init__(reason)
        self.reason = str(reason)
        self.code = code or getattr(reason, "code", "refused")

    @property
    def forbidden(self) -> bool:
        """The user may not take this step at all (no role over the region): 403, not 409."""
        return self.code == "forbidden"


@dataclass(frozen=True)
class DeadlineSpec:
    code: str
    label: str
    rule: str
    days: int
    working: bool = False
    # The day the period starts counting from; default: the day the transition fires.
    start: Callable[[object, dict], dt.date] | None = None


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: Iterable[str]
    target: str
    roles: Iterable[str]
    # Preconditions on the record (and user): checked when offering the step and when firing.
    guards: tuple[Guard, ...] | list[Guard] = ()
    # Checks of the step's input (amounts, dates, choices): checked only when firing.
    input_guards: tuple[Guard, ...] | list[Guard] = ()
    action: Callable[[object, object, dict], None] | None = None  # runs inside the transaction
    starts: tuple[DeadlineSpec, ...] | list[DeadlineSpec] = ()
    meets: tuple[str, ...] | list[str] = ()  # deadline codes this step fulfils
    cancels: tuple[str, ...] | list[str] = ()  # deadline codes this step makes moot
    form: type | None = None  # the form that collects the step's input in the UI
    style: str = "primary"


@dataclass
class Option:
    """A transition as offered to one user on one record: allowed, or refused with why."""

    transition: Transition
    reason: str | None = None

    @property
    def allowed(self) -> bool:
        return self.reason is None


@dataclass
class Workflow:
    model: type
    transitions: list[Transition]
    state_field: str = "state"
    # States that close the record: no door changes it, its parts or its party afterwards
    # (fazhi.core.frozen).
    frozen: Iterable[str] = ()
    # Steps of this workflow that must still run on a closed record (withdrawing a
    # publication after a 复议 changed an archived case's decision).
    open_when_frozen: Iterable[str] = ()
    _by_name: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {t.name: t for t in self.transitions}
        if self.frozen:
            from fazhi.core import frozen

            frozen.declare(self.model, self.state_field, self.frozen)

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    # --- asking -----------------------------------------------------------------------------

    def outgoing(self, obj) -> list[Transition]:
        state = getattr(obj, self.state_field)
        return [t for t in self.transitions if state in t.source]

    def refusal(self, obj, transition: Transition, user, data: dict | None = None) -> str | None:
        """Why `user` may not fire `transition` on `obj` now, or None if they may. Without
        `data` (offering the step) the input guards are not run."""
        checking_input = data is not None
        data = data or {}
        state = getattr(obj, self.state_field)
        if state not in transition.source:
            return Refusal(
                _("当前状态为“%(state)s”，不能执行“%(step)s”")
                % {
                    "state": getattr(obj, f"get_{self.state_field}_display", lambda: state)(),
                    "step": transition.label,
                },
                "state",
            )
        if not (user and user.is_authenticated and user.has_role(*transition.roles, region=obj.region)):
            needed = "、".join(str(ROLES[r].label) for r in transition.roles)
            return Refusal(
                _("您在本区划没有执行“%(step)s”的角色（需要：%(roles)s）")
                % {"step": transition.label, "roles": needed},
                "forbidden",
            )
        if transition.name not in self.open_when_frozen:
            from fazhi.core import frozen

            if found := frozen.reason(obj):
                return Refusal(found, "frozen")
        guards = [*transition.guards, *transition.input_guards] if checking_input else transition.guards
        for guard in guards:
            reason = guard(obj, user, data)
            if reason:
                return reason if isinstance(reason, Refusal) else Refusal(reason)
        return None

    def options(self, obj, user) -> list[Option]:
        """Every step out of the current state, each allowed or refused with its reason (for the UI)."""
        return [Option(t, self.refusal(obj, t, user)) for t in self.outgoing(obj)]

    # --- doing ------------------------------------------------------------------------------

    def _saving(self, obj, transition: Transition):
        from contextlib import nullcontext

        from fazhi.core import frozen

        return frozen.permitting(obj) if transition.name in self.open_when_frozen else nullcontext()

    def fire(self, obj, name: str, user, data: dict | None = None):
        """Fire transition `name` on `obj` as `user`. Returns the ledger entry; raises
        TransitionRefused (and changes nothing) if a rule forbids it."""
        if name not in self._by_name:
            raise TransitionRefused(_("未知的操作：%(name)s") % {"name": name})
        transition = self._by_name[name]
        data = dict(data or {})
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            reason = self.refusal(locked, transition, user, data)
            if reason:
                raise TransitionRefused(reason)
            before = ledger.snapshot(locked)
            source_state = getattr(locked, self.state_field)
            setattr(locked, self.state_field, transition.target)
            if transition.action:
                transition.action(locked, user, data)
            with ledger.suppressed(locked), self._saving(locked, transition):
                locked.save()
            met = [d for code in transition.meets for d in deadlines.meet(locked, code)]
            for code in transition.cancels:
                deadlines.cancel(locked, code)
            started = [
                deadlines.start(
                    locked,
                    code=spec.code,
                    label=spec.label,
                    rule=spec.rule,
                    days=spec.days,
                    working=spec.working,
                    starts_on=spec.start(locked, data) if spec.start else timezone.localdate(),
                )
                for spec in transition.starts
            ]
            changed_before, changed_after = ledger.diff(before, ledger.snapshot(locked))
            entry = ledger.record(
                f"transition:{transition.name}",
                locked,
                actor=user,
                data={
                    "transition": transition.name,
                    "label": transition.label,
                    "from": source_state,
                    "to": transition.target,
                    "input": {k: v for k, v in data.items() if not k.startswith("_")},
                    "before": changed_before,
                    "after": changed_after,
                    "deadlines_met": [{"code": d.code, "due_on": d.due_on, "late": d.met_late} for d in met],
                    "deadlines_started": [
                        {"code": d.code, "due_on": d.due_on, "note": d.calendar_note} for d in started
                    ],
                },
                digests=data.get("_digests", ()),
            )
        # The caller's instance reflects the committed state.
        obj.refresh_from_db()
        return entry
