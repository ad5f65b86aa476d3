"""Petitions fixtures: `make_matter` (a letter of 歇马村 received on 2021-09-01 with one
petitioner) and `walker` (core's `Walker` with this app's step defaults: 信访办 `petition`, the
extension by the 镇领导 `leader`). Used by `fazhi/petitions/tests/conftest.py` and the matrix."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.walk import Walker
from fazhi.petitions import workflow
from fazhi.petitions.models import Matter, Petitioner

RECEIVED_ON = dt.date(2021, 9, 1)
STEP_DEFAULTS = {
    "confirm_repeat": ("petition", {"same_facts": "on"}),
    "accept": ("petition", {"decided_on": "2021-09-06", "responsible_unit": "镇国土所"}),
    "not_accept": (
        "petition",
        {"decided_on": "2021-09-06", "reason": "属于诉讼程序解决的事项", "route_told": "向人民法院提起诉讼"},
    ),
    "not_again": ("petition", {"decided_on": "2021-09-06", "reason": "复核终结后以同一事实和理由再次提出"}),
    "return": ("petition", {"decided_on": "2021-09-03", "reason": "该事项属于县自然资源局职权范围"}),
    "extend": ("leader", {"days": "30", "reason": "涉及多个部门，需进一步调查核实"}),
    "route": (
        "petition",
        {"handled_on": "2021-09-20", "routed_to": "诉讼", "reason": "已告知向人民法院起诉"},
    ),
    "transfer": ("petition", {"handled_on": "2021-09-20", "routed_to": "县纪委监委"}),
    "answer": (
        "petition",
        {
            "answered_on": "2021-10-20",
            "facts": "经调查，信访人反映的宅基地边界问题属实。",
            "decision": "由村委会组织双方按确权图重新确定界址。",
            "legal_basis": "《中华人民共和国土地管理法》第十四条",
            "settled_locally": "on",
        },
    ),
    "report": ("petition", {"report_sent_on": "2021-10-22"}),
    "rate": ("petition", {"satisfaction": "satisfied", "rated_on": "2021-10-25"}),
    "conclude": ("petition", {"concluded_on": "2021-10-28"}),
    "request_review": ("petition", {"requested_on": "2021-11-10", "body": "湘潭县人民政府"}),
    "review_result": ("petition", {"result": "upheld", "decided_on": "2021-12-05"}),
    "request_re_review": ("petition", {"requested_on": "2021-12-20", "body": "湘潭市人民政府"}),
    "re_review_result": ("petition", {"result": "upheld", "decided_on": "2022-01-15"}),
}
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
