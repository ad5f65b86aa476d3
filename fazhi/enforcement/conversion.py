"""Filing a case from a grid event in one step (core.links "create from this record"): a
violation the grid worker reported (违法线索, 网格上报) becomes an enforcement case.

The event's page offers 转为执法案件 to whoever may file cases over its region; the filing form
opens filled from the event (`?from=grid.event:<id>`): source 网格上报, the event as source
reference, the village or grid, the place, the facts from its description and the day it was
reported as the day discovered. Filing links the two records (`links.link`, ledgered, in the
filing's transaction), so each page lists the other. The event keeps its own history and loop.
An event already filed opens its case instead of a second one. Enforcement imports no other app:
a source may offer its own starting values through `case_initial(user)` (a dict of CaseFileForm's
field names); otherwise the event's fields are read by name.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from fazhi.core import links, roles
from fazhi.core.models import RecordLink
from fazhi.enforcement.models import Case

# the records a case may be filed from (model labels)
SOURCES = ("grid.event",)

FROM_EVENT = links.register_action(
    "grid.event", _("转为执法案件"), "enforcement:case_from_record", roles.CASE_HANDLE
)

SOURCE_REFERENCE_MAX = 100  # Case.source_reference


def converted(source) -> Case | None:
    """The case already filed from `source`, if any."""
    found = (
        RecordLink.objects.filter(
            from_type=ContentType.objects.get_for_model(type(source)),
            from_id=str(source.pk),
            to_type=ContentType.objects.get_for_model(Case),
            kind=RecordLink.Kind.CREATED_FROM,
        )
        .values_list("to_id", flat=True)
        .first()
    )
    return Case.objects.filter(pk=found).first() if found else None


def source_reference(source) -> str:
    """What the case's 来源编号 says: the event's own name (its category and day) and its id."""
    return f"{source}#{source.pk}"[:SOURCE_REFERENCE_MAX]


def initial_from(source, user) -> dict:
    """The filing form's starting values from `source`."""
    offer = getattr(source, "case_initial", None)
    if callable(offer):
        initial = dict(offer(user))
    else:
        category = getattr(source, "category", None)
        initial = {
            "region": getattr(source, "region_id", None),
            "place": getattr(source, "address", "") or "",
            "facts": getattr(source, "description", "") or "",
            "discovered_on": getattr(source, "reported_on", None),
            "cause": _("%(category)s违法案") % {"category": category.name} if category else "",
        }
    initial["source"] = Case.Source.GRID
    initial["source_reference"] = source_reference(source)
    return {key: value for key, value in initial.items() if value not in (None, "")}
