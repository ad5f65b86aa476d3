"""Litigation fixtures: `make_proceeding(region=, **fields)` registers a case through the code
door (fazhi.litigation.register.record when it concerns a record)."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.litigation import register
from fazhi.litigation.models import Proceeding

DEFAULTS = {
    "route": "review",
    "matter": "penalty",
    "subject": "石鼓镇人民政府作出的行政处罚决定",
    "organ": "湘潭县人民政府",
    "applicant": "张建国",
    "filed_on": dt.date(2021, 10, 8),
}


def build_proceeding(region=None, concerns=None, user=None, **fields) -> Proceeding:
    values = {**DEFAULTS, **fields}
    if concerns is not None:
        return register.record(concerns, user=user, **values)
    proceeding = Proceeding(region=region, created_by=user, **values)
    proceeding.full_clean()
    proceeding.save()
    return proceeding


@pytest.fixture
def make_proceeding(regions):
    def make(region=None, concerns=None, **fields):
        return build_proceeding(
            region or (None if concerns is not None else regions.town), concerns, **fields
        )

    return make
