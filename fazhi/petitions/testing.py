"""Petitions fixtures: `make_matter` (a letter of 歇马村 received on 2021-09-01 with one
petitioner) and `walker` (core's `Walker` with this app's step defaults: 信访办 `petition`, the
extension by the 镇领导 `leader`). Used by `fazhi/petitions/tests/conftest.py` and the matrix."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.walk import Walker
from fazhi.petitions import workflow
from fazhi.petitions.models import Matter, Petitioner
from fazhi.petitions.samples import STEP_DEFAULTS

RECEIVED_ON = dt.date(2021, 9, 1)
TO_CONCLUDED = ["accept", "answer", "rate", "conclude"]


def create_matter(users, region, *, petitioners=None, received_on=RECEIVED_ON, **fields) -> Matter:
    values = {
        "region": region,
        "received_on": received_on,
        "form": Matter.Form.LETTER,
        "source": Matter.Source.OWN,
        "title": "反映宅基地边界被侵占",
        "content": "邻居建房越界占用本户宅基地约5平方米。",
        "requests": "要求恢复宅基地原状。",
        "kind": Matter.Kind.CLAIM,
        "category": Matter.Category.RURAL,
    }
    values.update(fields)
    people = (
        petitioners
        if petitioners is not None
        else [
            Petitioner(
                name="刘德华",
                id_number="43032119690101123X",
                phone="13907321234",
                address="石鼓镇歇马村3组12号",
            )
        ]
    )
    return workflow.intake(Matter(**values), people, users.petition)


@pytest.fixture
def make_matter(users, regions):
    """make_matter(region=, petitioners=, **fields) -> a matter received on 2021-09-01."""

    def _make(region=None, **fields):
        return create_matter(users, region or regions.village_a, **fields)

    return _make


@pytest.fixture
def walker(users):
    actors = {"petition": users.petition, "leader": users.leader}
    return Walker(workflow.MATTER, defaults=STEP_DEFAULTS, actors=actors)
