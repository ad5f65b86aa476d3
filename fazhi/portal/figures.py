"""The figures a town publishes on the portal. The figures registry has no "published" choice
yet, so the portal declares the list here: each shown with its value for the last complete
year and its definition (口径说明). Counts of the town's own work only; no figure of persons."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core import figures
from fazhi.core.models import Region

PUBLISHED_FIGURES = (
    "enforcement.cases_filed",
    "enforcement.penalty_decisions",
    "enforcement.fines_decided",
    "enforcement.fine_collection_rate",
    "enforcement.rectification_rate",
    "legal.village_advisers",
    "legal.consultations",
    "legal.lectures",
    "legal.decisions_published",
    "legal.public_comments",
    "legal.normative_in_force",
    "disclosure.t3.r1.c3",
)


def published_codes() -> list[str]:
    """The declared codes that are registered (an app not installed leaves its codes out)."""
    known = {f.code for f in figures.registered()}
    return [code for code in PUBLISHED_FIGURES if code in known]


def last_complete_year(today: dt.date | None = None) -> int:
    return (today or timezone.localdate()).year - 1


def published_values(town: Region, year: int) -> list[figures.Value]:
    """The values of the published figures for `town` in `year`, in the declared order."""
    period = figures.Period.year(year)
    codes = published_codes()
    values = figures.evaluate(codes, town, [period])
    return [values.get(code, period) for code in codes]
