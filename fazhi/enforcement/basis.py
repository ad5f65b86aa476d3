"""Which version of a power's legal basis a case stands on (行政处罚法 第三十七条, 从旧兼从轻).

第三十七条: 实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，
法律、法规、规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定.

- The version in force on the violation day applies (for a continuing act, the day it ended:
  the act is still being committed until then — the reading of 第三十六条第二款's 连续或者继续状态).
- A version that took effect after it and on or before the day of the decision (or notice)
  applies instead when it is lighter: no offence at all is lightest; otherwise the lower statutory
  fine ceiling, then fewer penalty kinds. The lightest such version applies.
- A power without versions stands on its own fields (the `Power` is the basis).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

INFINITE = Decimal("Infinity")


def violation_day(case) -> dt.date:
    return case.act_end_date or case.act_date


def _weight(basis) -> tuple:
    """Heavier sorts later: an offence before none, a higher fine ceiling (none = unlimited),
    more kinds of penalty."""
    return (
        0 if getattr(basis, "no_offence", False) else 1,
        basis.fine_max if basis.fine_max is not None else INFINITE,
        len(basis.penalty_kinds or []),
    )


def lighter(new, old) -> bool:
    return _weight(new) < _weight(old)


def versions(power) -> list:
    return sorted(power.basis_versions.all(), key=lambda v: (v.effective_from, v.pk))


def in_force_on(power, day: dt.date):
    """The version in force on `day` (the last that took effect by then), or None."""
    found = None
    for version in versions(power):
        if version.effective_from <= day:
            found = version
    return found


def applicable(case, day: dt.date):
    """(applied, in_force_at_act) for a decision (or notice) on `day`: the version 第三十七条
    applies and the one in force on the violation day; (None, None) when the power has no
    versions. A violation before every version is judged on the earliest."""
    all_versions = versions(case.power)
    if not all_versions:
        return None, None
    act_day = violation_day(case)
    old = in_force_on(case.power, act_day) or all_versions[0]
    chosen = old
    for version in all_versions:
        if old.effective_from < version.effective_from <= day and lighter(version, chosen):
            chosen = version
    return chosen, old
