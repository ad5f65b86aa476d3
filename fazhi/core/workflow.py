"""Workflow: a process declared as states and guarded transitions, fired atomically.

An app declares its process in its own `workflow.py`::

    CASE = Workflow(
        model=Case,
        transitions=[
            Transition("file", _("立案"), source=[DRAFT], target=FILED, roles={"enforcement_officer"},
                       form=FileForm, guards=[at_least_two_officers], action=do_file,
                       starts=[Starts(DECISION, counting_from="filed_on")]),
            Transition("decide", _("作出决定"), source=[NOTIFIED], target=DECIDED, roles={"town_leader"},
                       form=DecisionForm, action=do_decide,
                       meets=[Meets(DECISION.code, on="decided_on")],
                       starts=[Starts(SERVICE, counting_from="decided_on")]),
            ...
        ],
    )

`CASE.fire(case, "decide", user, data)` is the one door of a step, whatever the caller (web
page, API, demo, import, test): it locks the record, checks the state, the user's role over the
record's region and whether the record is closed; cleans `data` through the step's form (raw
strings from a page or JSON, or Python values); runs the guards on the cleaned input; then, in
one transaction, runs the step's action, saves the new state, starts, meets, cancels, pauses,
resumes and extends the deadlines declared on the transition, and writes one ledger entry that
lists every deadline changed inside it (declared or not). A refusal raises `TransitionRefused`
(its `Refusal` carries a stable code, the field it concerns and the article it cites) and
changes nothing. A transition whose `target` is None is a side step (越级, 抄告, 领导批示 at any
open state): the record keeps its state, and the step is ledgered like any other.

Nothing else assigns a workflow's state field: saving a record whose state was changed outside
`fire` raises `StateAssigned` (creating it at an initial state, and `frozen.importing_at_state()`
for history, stay allowed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import ExitStack, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django import forms
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import deadlines, ledger
from fazhi.core.models import Deadline, DeadlineExtension
from fazhi.core.roles import ROLES

# A guard looks at the (locked) record, the acting user and the step's cleaned input and returns
# None to allow, or the reason for refusing (a `Refusal`, citing the rule).
Guard = Callable[[object, object, dict], "str | None"]
# A date or value computed from the record (after the step's action) and the cleaned input.
FromRecord = Callable[[object, dict], object]


class Refusal(str):
    """A reason for refusing a step: the Chinese text (citing the article), a stable `code`,
    the `field` of the input or record it concerns (None: the step as a whole) and the
    `article` it enforces. Core's codes: "forbidden" (no role for the step over the record's
    region: 403), "frozen" (the record is closed), "state" (the step does not leave the
    current state), "invalid" (the input does not clean), "refused" (a guard without its own
    code)."""

    code = "refused"
    field: str | None = None
    article: str = ""

    def __new__(cls, text, code: str = "refused", *, field: str | None = None, article=""):
        obj = super().__new__(cls, str(text))
        obj.code = code
        obj.field = field
        obj.article = str(article or "")
        return obj


def needs_input(field: str, message, code: str = "required", *, article="") -> Guard:
    """An input guard refusing a step whose input `field` is empty (blank text counts as empty)
    with `message` on that field, citing `article`: the one shape of "须写明理由" guards."""

    def guard(record, user, data):
        value = data.get(field)
        if isinstance(value, str):
            value = value.strip()
        if not value:
            return Refusal(message, code, field=field, article=article)
        return None

    guard.__name__ = guard.__qualname__ = f"needs_{field}"
    return guard


class TransitionRefused(Exception):
    """A step refused: `reason` (text), `code`, `field`, `article`; `errors` maps each field
    (None: the step as a whole) to its reasons; `form` is the bound step form, when there is one,
    for the page that shows the refusal on its field."""

    def __init__(
        self,
        reason: str,
        code: str | None = None,
        *,
        field: str | None = None,
        article: str = "",
        errors: dict | None = None,
        form=None,
    ):
        super().__init__(reason)
        self.reason = str(reason)
        self.code = code or getattr(reason, "code", "refused")
        self.field = field if field is not None else getattr(reason, "field", None)
        self.article = str(article or getattr(reason, "article", "") or "")
        self.errors = errors if errors is not None else {self.field: [self.reason]}
        self.form = form

    @property
    def forbidden(self) -> bool:
        """The user may not take this step at all (no role over the region): 403, not 409."""
        return self.code == "forbidden"

    def as_dict(self) -> dict:
        """The refusal as an API answers it: {field: [reason]} ("non_field_errors" for the step
        as a whole) with the code and the article."""
        return {
            "detail": self.reason,
            "code": self.code,
            "article": self.article,
            "data": {
                name or "non_field_errors": [str(m) for m in messages]
                for name, messages in self.errors.items()
            },
        }


def show_on(form, refused: TransitionRefused, fields: dict[str, str] | None = None) -> None:
    """Put a refusal on the field of `form` it concerns (the whole form when it has no such
    field; `fields` renames a refusal's field to the form's): the one way a page shows why a
    step was refused."""
    if form is None:
        return
    for name, messages in refused.errors.items():
        name = (fields or {}).get(name, name)
        target = name if name in form.fields else None
        for message in messages:
            if message not in form.errors.get(target or "__all__", []):
                form.add_error(target, message)


class StateAssigned(Exception):
    """A workflow's state field was assigned outside `Workflow.fire`."""


# --- the step's form ----------------------------------------------------------------------------


class DayField(forms.DateField):
    """The day a step happens on: the date given, or today when left empty."""

    def clean(self, value):
        return super().clean(value) or timezone.localdate()


class StepForm(forms.Form):
    """The input of one step on one record (`record`), cleaned for `Workflow.fire` by every door.
    Types and required fields only; what the law forbids is checked by the guards, which cite
    the article."""

    def __init__(self, *args, record=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.user = user

    def input(self) -> dict:
        """The cleaned input, without empty values (which take defaults)."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}


# --- deadlines declared on a transition -----------------------------------------------------------


def _value(spec, obj, data):
    """A declared date or value: an attribute of the record (after the action) or a function."""
    if spec is None:
        return None
    if callable(spec):
        return spec(obj, data)
    return getattr(obj, spec)


def _applies(when, obj, data) -> bool:
    return when is None or bool(when(obj, data))


def _noon(day: dt.date | None) -> dt.datetime | None:
    """A recorded day as the moment a deadline was met (recorded later, it is still on time)."""
    if day is None:
        return None
    if isinstance(day, dt.datetime):
        return day
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@dataclass(frozen=True)
class DeadlineSpec:
    """A limit in the parts of the old form (prefer `deadlines.ClockRule`)."""

    code: str
    label: str
    rule: str
    days: int
    working: bool = False
    # The day the period starts counting from; default: the day the transition fires.
    start: Callable[[object, dict], dt.date] | None = None


@dataclass(frozen=True)
class Starts:
    """The step opens the deadline of `rule`, counting from `counting_from` (an attribute of the
    record after the action, or a function of the record and the input; default today), for
    `days` if given (else the rule's period), when `when` holds."""

    rule: deadlines.ClockRule | DeadlineSpec
    counting_from: str | FromRecord | None = None
    when: Callable[[object, dict], bool] | None = None
    days: FromRecord | None = None

    @property
    def code(self) -> str:
        return self.rule.code

    def apply(self, obj, data):
        starts_on = _value(self.counting_from, obj, data) or timezone.localdate()
        if isinstance(self.rule, DeadlineSpec):
            spec = self.rule
            return deadlines.start(
                obj,
                code=spec.code,
                label=str(spec.label),
                rule=str(spec.rule),
                days=_value(self.days, obj, data) if self.days else spec.days,
                working=spec.working,
                starts_on=spec.start(obj, data) if spec.start and self.counting_from is None else starts_on,
            )
        return deadlines.start(
            obj, rule=self.rule, starts_on=starts_on, days=_value(self.days, obj, data) if self.days else None
        )


@dataclass(frozen=True)
class Meets:
    """The step fulfils the open deadline `code`, on the day `on` (an attribute of the record
    after the action, or a function; default now), when `when` holds."""

    code: str
    on: str | FromRecord | None = None
    when: Callable[[object, dict], bool] | None = None

    def apply(self, obj, data):
        return deadlines.meet(obj, self.code, when=_noon(_value(self.on, obj, data)))


@dataclass(frozen=True)
class Cancels:
    """The step makes the open deadline `code` moot, when `when` holds."""

    code: str
    when: Callable[[object, dict], bool] | None = None

    def apply(self, obj, data):
        return deadlines.cancel(obj, self.code)


def _open(obj, code: str) -> Deadline | None:
    return deadlines.open_deadlines(obj).filter(code=code).order_by("-id").first()


@dataclass(frozen=True)
class Pauses:
    """The step stops the clock of the open deadline `code` for `rule` (a PauseRule its ClockRule
    allows), from the day `on`, with the reason `reason` (a function or an input field)."""

    code: str
    rule: deadlines.PauseRule
    reason: str | FromRecord = "reason"
    on: str | FromRecord | None = None
    when: Callable[[object, dict], bool] | None = None

    def apply(self, obj, data, user=None):
        deadline = _open(obj, self.code)
        if deadline is None:
            return None
        reason = self.reason(obj, data) if callable(self.reason) else data.get(self.reason, "")
        return deadlines.pause(
            deadline, reason=reason, rule=self.rule, starts_on=_value(self.on, obj, data), user=user
        )


@dataclass(frozen=True)
class Resumes:
    """The step starts the paused clock of the open deadline `code` again on the day `on`."""

    code: str
    on: str | FromRecord | None = None
    when: Callable[[object, dict], bool] | None = None

    def apply(self, obj, data, user=None):
        deadline = _open(obj, self.code)
        if deadline is None or deadline.paused_since is None:
            return None
        return deadlines.resume(deadline, on=_value(self.on, obj, data), user=user)


@dataclass(frozen=True)
class Extends:
    """The step extends the open deadline `code` by `length` (a function of the record, the input
    and the deadline, in the deadline's unit)
    with the approval of the acting user, giving `reason` (a function or an input field), within
    what its ClockRule allows (deadlines.ClockRefused otherwise, refused with its code)."""

    code: str
    length: FromRecord
    reason: str | FromRecord = "reason"
    when: Callable[[object, dict], bool] | None = None
    field: str | None = None  # the input field a refused length concerns (e.g. the new due day)

    def apply(self, obj, data, user=None):
        deadline = _open(obj, self.code)
        if deadline is None:
            return None
        reason = self.reason(obj, data) if callable(self.reason) else data.get(self.reason, "")
        return deadlines.extend(
            deadline, reason=reason, approver=user, length=self.length(obj, data, deadline), user=user
        )


def _clock_refusal(refused: deadlines.ClockRefused, step, obj) -> Refusal:
    """A pause, resumption or extension the rule refused, as the step's refusal: on the input
    field it concerns, citing the deadline's rule."""
    reason = getattr(step, "reason", None)
    field = (
        reason
        if refused.code == "reason_required" and isinstance(reason, str)
        else getattr(step, "field", None)
    )
    owner = _open(obj, step.code)
    return Refusal(
        refused.message, refused.code, field=field, article=owner.rule if owner is not None else ""
    )


# --- every deadline changed inside a step -----------------------------------------------------------

_changes: ContextVar[list | None] = ContextVar("workflow_deadline_changes", default=None)


@contextmanager
def collecting_deadline_changes():
    """Collect every deadline started, met, cancelled, paused, resumed or extended while inside
    (the actions' own calls included) for the step's ledger entry."""
    found: list[dict] = []
    token = _changes.set(found)
    try:
        yield found
    finally:
        _changes.reset(token)


def _due(deadline: Deadline) -> str:
    if deadline.unit == deadlines.WORKING_HOURS and deadline.due_at:
        return timezone.localtime(deadline.due_at).isoformat(timespec="minutes")
    return deadline.due_on.isoformat() if deadline.due_on else ""


def _deadline_saving(sender, instance, raw=False, **kwargs):
    found = _changes.get()
    if found is None or raw:
        return
    if instance._state.adding:
        found.append(
            {"change": "start", "code": instance.code, "due": _due(instance), "note": instance.calendar_note}
        )
        return
    loaded = getattr(instance, "_ledger_loaded", {}) or {}
    status = instance.status
    if loaded.get("status") != status and status == Deadline.Status.MET:
        found.append(
            {"change": "meet", "code": instance.code, "due": _due(instance), "late": instance.met_late}
        )
    elif loaded.get("status") != status and status == Deadline.Status.CANCELLED:
        found.append({"change": "cancel", "code": instance.code, "due": _due(instance)})
    elif loaded.get("paused_since") is None and instance.paused_since is not None:
        found.append({"change": "pause", "code": instance.code, "due": _due(instance)})
    elif loaded.get("paused_since") is not None and instance.paused_since is None:
        found.append({"change": "resume", "code": instance.code, "due": _due(instance)})
    elif found and found[-1]["change"] == "extend" and found[-1]["code"] == instance.code:
        found[-1]["due"] = _due(instance)


def _extension_saved(sender, instance, created, raw=False, **kwargs):
    found = _changes.get()
    if found is None or raw or not created:
        return
    found.append(
        {
            "change": "extend",
            "code": instance.deadline.code,
            "length": instance.length,
            "due": _due(instance.deadline),
        }
    )


pre_save.connect(_deadline_saving, sender=Deadline, dispatch_uid="workflow_deadline_changes")
post_save.connect(_extension_saved, sender=DeadlineExtension, dispatch_uid="workflow_deadline_extensions")


# --- nothing but fire assigns a state --------------------------------------------------------------

# model -> [(state field, initial states)]
_STATE_FIELDS: dict[type, list[tuple[str, frozenset[str]]]] = {}
# model -> [(state field, {state: required fields})] (Workflow.requires)
_REQUIRED_AT: dict[type, list[tuple[str, dict]]] = {}


def missing_at_state(obj) -> list[str]:
    """The fields a record written at its current state(s) lacks (Workflow.requires): a case
    imported as archived must carry its decision, closing and archiving dates."""
    missing = []
    for state_field, requires in _REQUIRED_AT.get(type(obj), ()):
        for name in requires.get(getattr(obj, state_field), ()):
            if getattr(obj, name, None) in (None, ""):
                missing.append(name)
    return missing


_firing: ContextVar[frozenset] = ContextVar("workflow_firing", default=frozenset())


@contextmanager
def _assigning(obj, state_field: str):
    token = _firing.set(_firing.get() | {(obj._meta.label_lower, str(obj.pk), state_field)})
    try:
        yield
    finally:
        _firing.reset(token)


def _check_state(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from fazhi.core import frozen

    if frozen._importing.get():
        return
    for state_field, initial in _STATE_FIELDS.get(sender, ()):
        value = getattr(instance, state_field)
        if instance._state.adding or instance.pk is None:
            if value not in initial:
                raise StateAssigned(
                    f"{sender._meta.label}.{state_field} = {value!r}: a new record starts at "
                    f"{sorted(initial)}; history is written through frozen.importing_at_state()"
                )
            continue
        if (instance._meta.label_lower, str(instance.pk), state_field) in _firing.get():
            continue
        loaded = getattr(instance, "_ledger_loaded", None)
        if loaded is not None and loaded.get(state_field) == value:
            continue
        stored = sender._default_manager.filter(pk=instance.pk).values_list(state_field, flat=True).first()
        if stored is not None and stored != value:
            raise StateAssigned(
                f"{sender._meta.label}.{state_field} {stored!r} → {value!r} outside Workflow.fire"
            )


# --- the workflow ---------------------------------------------------------------------------------


def _as_starts(item) -> Starts:
    return item if isinstance(item, Starts) else Starts(item)


def _as_meets(item) -> Meets:
    return item if isinstance(item, Meets) else Meets(item)


def _as_cancels(item) -> Cancels:
    return item if isinstance(item, Cancels) else Cancels(item)


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    source: Iterable[str]
    target: str | None  # None: a side step, the record keeps its state (越级, 抄告, 批示 at any open state)
    roles: Iterable[str]
    # Preconditions on the record (and user): checked when offering the step and when firing.
    guards: tuple[Guard, ...] | list[Guard] = ()
    # Checks of the step's cleaned input (amounts, dates, choices): checked only when firing.
    input_guards: tuple[Guard, ...] | list[Guard] = ()
    action: Callable[[object, object, dict], None] | None = None  # runs inside the transaction
    # Deadlines, applied after the action in this order: met, cancelled, paused, resumed,
    # extended, started. Plain codes and DeadlineSpecs are accepted for meets/cancels/starts.
    starts: tuple = ()
    meets: tuple = ()
    cancels: tuple = ()
    pauses: tuple[Pauses, ...] | list[Pauses] = ()
    resumes: tuple[Resumes, ...] | list[Resumes] = ()
    extends: tuple[Extends, ...] | list[Extends] = ()
    form: type | None = None  # cleans the step's input, for every door (None: the step takes none)
    style: str = "primary"
    # For an approval: the post whose holder approves (批准), for the step × role table.
    post: str = ""

    def deadline_steps(self) -> list:
        return [
            *map(_as_meets, self.meets),
            *map(_as_cancels, self.cancels),
            *self.pauses,
            *self.resumes,
            *self.extends,
            *map(_as_starts, self.starts),
        ]


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
    # States a new record may be created at: default the field's default and every source
    # state no transition leads to.
    initial: Iterable[str] | None = None
    # What a record written directly at a state (history: fazhi.core.bulk.insert, register
    # imports) must already hold: {state: (field, ...)}, checked by `missing_at_state`.
    requires: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _by_name: dict[str, Transition] = field(init=False, repr=False)

    def __post_init__(self):
        self._by_name = {t.name: t for t in self.transitions}
        if self.frozen:
            from fazhi.core import frozen

            frozen.declare(self.model, self.state_field, self.frozen)
        if self.initial is None:
            targets = {t.target for t in self.transitions if t.target is not None}
            default = self.model._meta.get_field(self.state_field).default
            self.initial = {default} | {
                s for t in self.transitions if t.target is not None for s in t.source if s not in targets
            }
        entry = (self.state_field, frozenset(str(s) for s in self.initial))
        if self.model not in _STATE_FIELDS:
            pre_save.connect(
                _check_state, sender=self.model, dispatch_uid=f"workflow_state_{self.model._meta.label}"
            )
        fields = _STATE_FIELDS.setdefault(self.model, [])
        fields[:] = [f for f in fields if f[0] != self.state_field] + [entry]
        if self.requires:
            held = _REQUIRED_AT.setdefault(self.model, [])
            held[:] = [r for r in held if r[0] != self.state_field] + [(self.state_field, self.requires)]

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    # --- asking -----------------------------------------------------------------------------

    def outgoing(self, obj) -> list[Transition]:
        state = getattr(obj, self.state_field)
        return [t for t in self.transitions if state in t.source]

    def _standing(self, obj, transition: Transition, user) -> Refusal | None:
        """The refusals that need no input: state, role over the region, closed record."""
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
        return None

    @staticmethod
    def _guarded(obj, user, data, guards) -> Refusal | None:
        for guard in guards:
            reason = guard(obj, user, data)
            if reason:
                return reason if isinstance(reason, Refusal) else Refusal(reason)
        return None

    def refusal(self, obj, transition: Transition, user, data: dict | None = None) -> str | None:
        """Why `user` may not fire `transition` on `obj` now, or None if they may. Without
        `data` (offering the step) the input guards are not run; `data` is the cleaned input."""
        found = self._standing(obj, transition, user)
        if found:
            return found
        guards = transition.guards if data is None else [*transition.guards, *transition.input_guards]
        return self._guarded(obj, user, data or {}, guards)

    def options(self, obj, user) -> list[Option]:
        """Every step out of the current state, each allowed or refused with its reason (for the UI)."""
        return [Option(t, self.refusal(obj, t, user)) for t in self.outgoing(obj)]

    def form(self, transition: Transition, obj, user, data=None, **kwargs):
        """The step's form on `obj` (bound to `data` if given), or None when it takes no input."""
        if transition.form is None:
            return None
        return transition.form(data, record=obj, user=user, **kwargs)

    def clean(self, obj, transition: Transition, user, data=None, *, prefix: str | None = None):
        """The step's input cleaned through its form: (cleaned dict, bound form or None). Raises
        TransitionRefused "invalid" with every field's errors."""
        # Private keys ("_digests": files the step vouches for) come from the code that fires the
        # step, never from a page's POST: a user cannot put digests into the ledger entry.
        private = (
            {}
            if isinstance(data, QueryDict)
            else {k: v for k, v in (data or {}).items() if isinstance(k, str) and k.startswith("_")}
        )
        form = self.form(transition, obj, user, data if data is not None else {}, prefix=prefix)
        if form is None:
            return private, None
        if not form.is_valid():
            errors = {
                (None if name == "__all__" else name): [str(m) for m in messages]
                for name, messages in form.errors.items()
            }
            first_field, first = next(iter(errors.items()))
            raise TransitionRefused(
                Refusal(_("输入有误：%(error)s") % {"error": first[0]}, "invalid", field=first_field),
                errors=errors,
                form=form,
            )
        return {**form.input(), **private}, form

    # --- doing ------------------------------------------------------------------------------

    def _saving(self, obj, transition: Transition):
        from contextlib import nullcontext

        from fazhi.core import frozen

        return frozen.permitting(obj) if transition.name in self.open_when_frozen else nullcontext()

    @staticmethod
    def _lock(obj):
        """`obj` read again with its row locked to the commit, with its region (the role check
        and the save read it): one query. Only the record's row is locked, not its region's."""
        qs = type(obj)._default_manager.all()
        if any(f.name == "region" and f.is_relation for f in type(obj)._meta.concrete_fields):
            qs = qs.select_related("region").select_for_update(no_key=True, of=("self",))
        else:
            qs = qs.select_for_update(no_key=True)
        return qs.get(pk=obj.pk)

    def fire(self, obj, name: str, user, data=None, *, prefix: str | None = None):
        """Fire transition `name` on `obj` as `user` with the raw input `data` (a dict, or a
        page's POST with the step's form `prefix`). Returns the ledger entry; raises
        TransitionRefused (and changes nothing) if a rule forbids it or the input is invalid."""
        if name not in self._by_name:
            raise TransitionRefused(_("未知的操作：%(name)s") % {"name": name}, "unknown", field="name")
        transition = self._by_name[name]
        from fazhi.core import frozen

        with (
            ledger.operation(),
            transaction.atomic(),
            collecting_deadline_changes() as changed,
            ExitStack() as held,
        ):
            locked = self._lock(obj)
            # the row is locked to the commit: its stored state is the one just read
            held.enter_context(frozen.stored_as_locked(locked))
            reason = self._standing(locked, transition, user)
            if reason:
                raise TransitionRefused(reason)
            cleaned, form = self.clean(locked, transition, user, data, prefix=prefix)
            reason = self._guarded(locked, user, cleaned, [*transition.guards, *transition.input_guards])
            if reason:
                raise TransitionRefused(reason, form=form)
            before = ledger.snapshot(locked)
            source_state = getattr(locked, self.state_field)
            target = source_state if transition.target is None else transition.target
            setattr(locked, self.state_field, target)
            with _assigning(locked, self.state_field):
                if transition.action:
                    transition.action(locked, user, cleaned)
                with ledger.suppressed(locked), self._saving(locked, transition):
                    locked.save()
            try:
                for step in transition.deadline_steps():
                    if _applies(step.when, locked, cleaned):
                        if isinstance(step, (Pauses, Resumes, Extends)):
                            step.apply(locked, cleaned, user)
                        else:
                            step.apply(locked, cleaned)
            except deadlines.ClockRefused as refused:
                raise TransitionRefused(_clock_refusal(refused, step, locked), form=form) from None
            changed_before, changed_after = ledger.diff(before, ledger.snapshot(locked))
            entry = ledger.record(
                f"transition:{transition.name}",
                locked,
                actor=user,
                data={
                    "transition": transition.name,
                    "label": transition.label,
                    "from": source_state,
                    "to": target,
                    "input": {k: v for k, v in cleaned.items() if not k.startswith("_")},
                    "before": changed_before,
                    "after": changed_after,
                    "deadlines": list(changed),
                    "deadlines_met": [
                        {"code": c["code"], "due_on": c["due"], "late": c["late"]}
                        for c in changed
                        if c["change"] == "meet"
                    ],
                    "deadlines_started": [
                        {"code": c["code"], "due_on": c["due"], "note": c["note"]}
                        for c in changed
                        if c["change"] == "start"
                    ],
                },
                digests=cleaned.get("_digests", ()),
            )
        # The caller's instance reflects the committed state.
        obj.refresh_from_db()
        return entry


# --- the step × role table ---------------------------------------------------------------------------


def step_table(workflows: Iterable[Workflow]) -> str:
    """The steps of `workflows` as a Markdown table: step, from, to, the roles that may take it
    (over the record's region) and, for approvals, the post that approves; the deadlines it
    changes. Generated into each app's docs (a test keeps it up to date)."""

    def states(wf, values):
        choices = dict(wf.model._meta.get_field(wf.state_field).flatchoices)
        return "、".join(str(choices.get(v, v)) for v in values)

    def deadline_text(t):
        parts = []
        for step in t.deadline_steps():
            kind = {
                Starts: "起算",
                Meets: "履行",
                Cancels: "取消",
                Pauses: "暂停",
                Resumes: "恢复",
                Extends: "延长",
            }[type(step)]
            parts.append(f"{kind} `{step.code}`" + ("（有条件）" if step.when else ""))
        return "；".join(parts)

    lines = []
    for wf in workflows:
        field_label = wf.model._meta.get_field(wf.state_field).verbose_name
        lines += [
            f"### {wf.model._meta.verbose_name}：{field_label}（`{wf.state_field}`）",
            "",
            "| 步骤 | 名称 | 从 | 到 | 角色（本区划） | 审批岗位 | 期限 |",
            "|---|---|---|---|---|---|---|",
        ]
        for t in wf.transitions:
            roles = "、".join(f"{ROLES[r].label}（`{r}`）" for r in sorted(t.roles))
            to = states(wf, [t.target]) if t.target is not None else _("（不变）")
            lines.append(
                f"| `{t.name}` | {t.label} | {states(wf, t.source)} | {to} | {roles} "
                f"| {t.post or ''} | {deadline_text(t)} |"
            )
        lines.append("")
    return "\n".join(lines)


def installed_workflows() -> list[tuple[str, list[Workflow]]]:
    """(app label, its WORKFLOWS) for every installed app with a `workflow` module declaring them."""
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.workflow"
        if not config.name.startswith("fazhi.") or find_spec(name) is None:
            continue
        declared = getattr(import_module(name), "WORKFLOWS", ())
        if declared:
            found.append((config, list(declared)))
    return [(config.label, declared) for config, declared in found]


def render_doc() -> str:
    """docs/workflows.md: each app's step × role table (see `step_table`)."""
    from django.apps import apps
    from django.utils import translation

    with translation.override("zh-hans"):
        parts = [
            "<!-- Generated by `fazhi workflows_doc` from each app's workflow.py; do not edit. -->",
            "",
            "# 各流程的步骤与角色（step × role）",
            "",
            "每个步骤只能由所列角色在记录所在区划（或其上级区划）内执行（`Workflow.fire` 检查，网页、"
            "接口、演示数据与测试同一入口）；审批类步骤另列审批岗位。授权矩阵"
            "（`fazhi/<app>/tests/matrix.py`）中各步骤的预期以本表为准（测试核对）。",
            "",
        ]
        for label, declared in installed_workflows():
            parts += [f"## {apps.get_app_config(label).verbose_name}（`{label}`）", "", step_table(declared)]
    return "\n".join(parts).rstrip() + "\n"
