"""What each role's home page shows: sections contributed by the apps.

An app registers a function (user) -> Section | None with `@home_section`; the home page shows
the sections that return something for this user, in registration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles

_SECTIONS: list[Callable] = []


@dataclass
class Section:
    title: str
    rows: list[dict] = field(default_factory=list)  # {"label", "url", "badge", "note", "tone"}
    empty: str = ""
    more_url: str = ""
    count: int | None = None


def home_section(fn: Callable) -> Callable:
    _SECTIONS.append(fn)
    return fn


def home_sections(user) -> list[Section]:
    sections = []
    for fn in _SECTIONS:
        section = fn(user)
        if section is not None:
            sections.append(section)
    return sections


@home_section
def due_soon(user) -> Section | None:
    if not user.can(roles.VIEW_RECORDS):
        return None
    from fazhi.core.models import Deadline

    today = timezone.localdate()
    qs = Deadline.objects.visible_to(user).filter(
        status=Deadline.Status.OPEN, due_on__lte=today + timezone.timedelta(days=7)
    )
    rows = []
    for d in qs.order_by("due_on")[:8]:
        left = (d.due_on - today).days
        rows.append(
            {
                "label": f"{d.object_repr} · {d.label}",
                "note": d.rule,
                "badge": _("逾期%(n)s天") % {"n": -left}
                if left < 0
                else (_("今天到期") if left == 0 else _("剩%(n)s天") % {"n": left}),
                "tone": "danger" if left < 0 else ("warn" if left <= 2 else "info"),
            }
        )
    return Section(
        _("临近期限与逾期"),
        rows,
        empty=_("近7日没有到期事项。"),
        more_url=reverse("core:deadlines"),
        count=qs.count(),
    )
