"""Disclosure fixtures: the 党政办 (`govoffice`) of 石鼓镇, the town leader as the head of the
disclosure office in the staff register (a leader's post in 党政办), `make_request` (registered
through the one door, `forms.register_request`) and `walker` (core's Walker with this app's
step defaults). Used by `fazhi/disclosure/tests/conftest.py` and the matrix."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fazhi.core.models import Person, Post, PostKind, TakenBy
from fazhi.core.walk import Walker
from fazhi.disclosure import workflow
from fazhi.disclosure.forms import RequestForm, register_request

RECEIVED_ON = dt.date(2021, 9, 13)
STEP_DEFAULTS = {
    "ask_correction": ("gov_office", {"asked_on": "2021-09-15", "asked": "请写明所需文件的名称或文号"}),
    "corrected": ("gov_office", {"corrected_on": "2021-09-22"}),
    "no_correction": ("gov_office", {"closed_on": "2021-10-20"}),
    "consult": (
        "gov_office",
        {"third_party": "湘潭某建材有限公司", "consulted_on": "2021-09-24", "reason": "涉及商业秘密"},
    ),
    "consulted": ("gov_office", {"answered_on": "2021-10-12", "answer": "不同意公开报价部分"}),
    "fee_notice": (
        "gov_office",
        {
            "amount": "200.00",
            "basis": "按件计收：本月第12、13件，每件100元",
            "notice_on": "2021-09-15",
            "reason": "本月申请数量明显超过合理范围",
        },
    ),
    "fee_paid": ("gov_office", {"paid_on": "2021-09-20", "paid": "200.00"}),
    "fee_unpaid": ("gov_office", {"closed_on": "2021-10-20"}),
    "extend": ("leader", {"days": 10, "reason": "需调取档案", "told": "on"}),
    "reply": (
        "gov_office",
        {"outcome": "1", "replied_on": "2021-09-30", "reply": "现将所申请的文件提供给您（附件）"},
    ),
}


def request_data(region, **extra) -> dict:
    return {
        "region": region.pk,
        "applicant_type": "natural",
        "applicant_name": "李红梅",
        "identity_proof": "居民身份证 430321198805061234",
        "phone": "13807321234",
        "address": "湖南省湘潭县石鼓镇歇马村5组",
        "description": "石鼓镇2021年歇马村道路硬化工程的招标文件",
        "form_wanted": "paper",
        "delivery": "mail",
        "channel": "in_person",
        "submitted_on": RECEIVED_ON.isoformat(),
        **extra,
    }


def head_of_office(user, region, since=dt.date(2020, 1, 1)) -> Post:
    """Make `user` the head of the town's disclosure office in the staff register."""
    person = Person.objects.create(region=region, name=user.full_name or user.username, user=user)
    return Post.objects.create(
        person=person,
        region=region,
        title="党委委员、副镇长（分管党政办）",
        kind=PostKind.LEADER,
        department="党政办",
        since=since,
        taken_by=TakenBy.APPOINTMENT,
    )


@pytest.fixture
def disc(regions, users):
    """石鼓镇's town leader holds the post that approves extensions; a second town leader does not."""
    from fazhi.conftest import make_user

    head_of_office(users.leader, regions.town)
    return SimpleNamespace(
        leader=users.leader,
        office=users.gov_office,
        leader_without_post=make_user("leader2", "town_leader", regions.town, "李副镇长"),
        other_office=make_user("other_govoffice", "gov_office", regions.other_town, "易俗河党政办"),
    )


@pytest.fixture
def make_request(regions, users):
    def make(region=None, user=None, **extra):
        region = region or regions.town
        form = RequestForm(request_data(region, **extra), user=user or users.gov_office)
        assert form.is_valid(), form.errors
        return register_request(form, user or users.gov_office)

    return make


@pytest.fixture
def walker(users, disc):
    actors = {"gov_office": users.gov_office, "leader": users.leader, "other_office": disc.other_office}
    return Walker(workflow, defaults=STEP_DEFAULTS, actors=actors)
