"""督办: the governance office presses an open event (普通, 黄牌 or 红牌 督办, with its note) and
may cancel it (取消督办). A side action at any open state: the event's state and clocks do not
change; each issue and cancellation is a ledgered record on the event's page, and the list
shows the highest active level. The yellow (warning) threshold of a clock puts an event on the
督办 list (the list's "临近到期" filter); issuing one is the office's decision."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.grid.models import Event, Supervision

RULE = _("网格事件督办：对未按期或处置不力的事项分级督办（普通、黄牌、红牌）")


def may_supervise(user, event: Event) -> bool:
    return user.can(roles.GRID_HANDLE, region=event.region)


def issue(event: Event, user, *, level: int, note: str) -> Supervision:
    if not may_supervise(user, event):
        raise PermissionDenied(_("只有综治中心可以督办网格事件。"))
    errors = {}
    if event.state not in Event.OPEN_STATES:
        errors["__all__"] = _("该事件已%(state)s，不能督办（%(rule)s）") % {
            "state": event.get_state_display(),
            "rule": RULE,
        }
    if level not in Supervision.Level.values:
        errors["level"] = _("请选择督办级别（普通、黄牌或红牌）")
    if not (note or "").strip():
        errors["note"] = _("督办须写明督办意见（%(rule)s）") % {"rule": RULE}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        supervision = Supervision(
            event=event,
            region=event.region,
            level=level,
            note=note.strip(),
            issued_at=timezone.now(),
            issued_by=user,
        )
        supervision.full_clean()
        supervision.save()
    return supervision


def cancel(supervision: Supervision, user) -> Supervision:
    if not may_supervise(user, supervision.event):
        raise PermissionDenied(_("只有综治中心可以取消督办。"))
    if supervision.cancelled_at is not None:
        day = timezone.localtime(supervision.cancelled_at).strftime("%Y-%m-%d")
        raise ValidationError(_("该督办已于%(day)s取消") % {"day": day})
    supervision.cancelled_at = timezone.now()
    supervision.cancelled_by = user
    supervision.save(update_fields=["cancelled_at", "cancelled_by"])
    return supervision


def expedite(event: Event, user) -> Event:
    """加急: the governance office marks an open event urgent (the list puts it first); ledgered
    as a change of the event. Already urgent: nothing to do."""
    if not may_supervise(user, event):
        raise PermissionDenied(_("只有综治中心可以对网格事件加急。"))
    if event.state not in Event.OPEN_STATES:
        raise ValidationError(_("该事件已%(state)s，不能加急") % {"state": event.get_state_display()})
    if event.urgency != Event.Urgency.URGENT:
        event.urgency = Event.Urgency.URGENT
        event.save(update_fields=["urgency"])
    return event
