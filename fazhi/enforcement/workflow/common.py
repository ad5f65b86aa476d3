"""What every part of the case's workflow shares: the roles that take its steps, the states
before a decision, reading a step's cleaned input, and refusing with the article."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.core.workflow import Refusal
from fazhi.enforcement import rules
from fazhi.enforcement.models import Case, CaseState, DiscretionLevel, PenaltyKind

OFFICER = "enforcement_officer"
REVIEWER = "legal_reviewer"
LEADER = "town_leader"

S = CaseState
PRE_DECISION = (S.FILED, S.INVESTIGATING, S.LEGAL_REVIEW, S.REVIEWED, S.NOTIFIED, S.STATEMENT, S.HEARING)


# --- reading the cleaned input --------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def day_of(data: dict, key: str) -> dt.date:
    """The day a step happens on: the form gives today for a day left empty; a step only
    offered (no input yet) is judged as of today."""
    return data.get(key) or today()


def text_of(data: dict, key: str) -> str:
    return (data.get(key) or "").strip()


def level_of(case: Case, data: dict) -> DiscretionLevel | None:
    """The discretion level given with the step (the form keeps it to the case's power), or the case's."""
    return data.get("discretion_level") or case.discretion_level


def kind_labels(kinds) -> str:
    return "、".join(str(PenaltyKind(k).label) for k in kinds)


def refuse(code: str, text, *, field: str | None = None, art: int | None = None) -> Refusal:
    return Refusal(text, code, field=field, article=rules.ART[art] if art else "")
