"""Registering a dispute from another app's record in one step (core.links "create from this
record"): a grid event (网格事件, 矛盾纠纷) becomes a dispute for people's mediation.

The event's page offers 转为矛盾纠纷调解 to whoever may register disputes over its region; the
dispute form opens filled from the event (`?from=grid.event:<id>`), and saving it links the two
records (`links.link`, ledgered, in the same transaction). The event keeps its own history and
loop; the dispute's page shows where it came from. A record already converted opens its dispute
instead of a second one. Mediation imports no other app: a source offers its starting values
through `dispute_initial(user)` (a dict of DisputeForm's field names), read here by name.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from fazhi.core import links, roles
from fazhi.core.models import RecordLink
from fazhi.mediation.models import Committee, Dispute

# the records a dispute may be registered from (model labels)
SOURCES = ("grid.event",)

FROM_EVENT = links.register_action(
    "grid.event", _("转为矛盾纠纷调解"), "mediation:dispute_create", roles.DISPUTE_REGISTER
)


def converted(source) -> Dispute | None:
    """The dispute already registered from `source`, if any."""
    found = (
        RecordLink.objects.filter(
            from_type=ContentType.objects.get_for_model(type(source)),
            from_id=str(source.pk),
            to_type=ContentType.objects.get_for_model(Dispute),
            kind=RecordLink.Kind.CREATED_FROM,
        )
        .values_list("to_id", flat=True)
        .first()
    )
    return Dispute.objects.filter(pk=found).first() if found else None


def initial_from(source, user, committees) -> dict:
    """The dispute form's starting values from `source` (what it offers), with the committee
    nearest above the source's region among `committees` (the user's choices)."""
    offer = getattr(source, "dispute_initial", None)
    initial = dict(offer(user)) if callable(offer) else {}
    region = getattr(source, "region", None)
    if region is not None and "committee" not in initial:
        above = [
            c
            for c in committees.select_related("region")
            if c.kind != Committee.Kind.SECTOR and region.path.startswith(c.region.path)
        ]
        if above:
            initial["committee"] = max(above, key=lambda c: len(c.region.path)).pk
    return initial
