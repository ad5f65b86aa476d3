"""Mediation fixtures: 歇马村's 调委会 with its mediator, 石鼓镇's committee, a mediator of
古塘村 (another village), a user with two memberships, and `make_dispute` / `walker` (core's
`Walker` with this app's step defaults). Used by `fazhi/mediation/tests/conftest.py`."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from fazhi.core.models import Membership
from fazhi.core.walk import Walker
from fazhi.mediation import workflow
from fazhi.mediation.models import Committee, Dispute, DisputeParty

# The day every test dispute is registered on, and each step's default input.
REGISTERED_ON = dt.date(2021, 9, 1)
STEP_DEFAULTS = {
    "accept": ("mediator", {"accepted_on": "2021-09-02"}),
    "decline": ("mediator", {"ended_on": "2021-09-02", "reason": "被申请人明确拒绝调解"}),
    "investigate": ("mediator", {}),
    "mediate": ("mediator", {}),
    "succeed": (
        "mediator",
        {
            "form": "written",
            "facts": "双方因宅基地边界发生争执，被申请人砌墙越界约0.5米。",
            "content": "被申请人于十日内拆除越界部分围墙。",
            "performance_terms": "被申请人自行拆除，2021年9月30日前完成。",
            "signed_on": "2021-09-20",
        },
    ),
    "end": ("mediator", {"ended_on": "2021-09-20", "reason": "申请人要求终止调解（人民调解法第二十三条）"}),
    "fail": (
        "mediator",
        {
            "ended_on": "2021-09-20",
            "reason": "双方对赔偿数额分歧过大",
            "routes_told": "已告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利",
        },
    ),
    "perform": ("mediator", {"note": "已督促被申请人履行"}),
    "follow_up": ("mediator", {"visited_on": "2021-10-08", "result": "协议已履行，双方满意"}),
    "close": ("mediator", {"closed_on": "2021-10-10"}),
    "archive": ("mediator", {"archived_on": "2021-10-15"}),
    "extend": ("mediator", {}),
    "apply_confirmation": ("mediator", {}),
    "confirmation_outcome": ("mediator", {}),
}
TO_ARCHIVE = ["accept", "investigate", "mediate", "succeed", "perform", "follow_up", "close", "archive"]


@pytest.fixture
def med(regions, users):
    """歇马村's committee with its mediator (何敏), 石鼓镇's committee, 古塘村's mediator, a user who
    mediates in 歇马村 and is a cadre of 古塘村, and 易俗河镇's mediator."""
    from fazhi.conftest import make_user

    village = Committee.objects.create(
        region=regions.village_a,
        name="歇马村人民调解委员会",
        kind=Committee.Kind.VILLAGE,
        number_prefix="歇马",
    )
    town = Committee.objects.create(
        region=regions.town, name="石鼓镇人民调解委员会", kind=Committee.Kind.TOWN, number_prefix="石鼓"
    )
    other = Committee.objects.create(
        region=regions.other_village, name="城东村人民调解委员会", number_prefix="城东"
    )
    mediator = make_user("mediator", "mediator", regions.village_a, "何敏")
    two = make_user("two_hats", "mediator", regions.village_a, "周双")
    Membership.objects.create(user=two, role="village_cadre", region=regions.village_b)
    return SimpleNamespace(
        village=village,
        town=town,
        other=other,
        mediator=mediator,
        mediator_b=make_user("mediator_b", "mediator", regions.village_b, "古塘调解员"),
        town_mediator=make_user("town_mediator", "mediator", regions.town, "镇调解员"),
        other_mediator=make_user("other_mediator", "mediator", regions.other_village, "城东调解员"),
        two_hats=type(two).objects.get(pk=two.pk),
    )


def add_party(dispute, role, name, **kw):
    return DisputeParty.objects.create(dispute=dispute, role=role, name=name, **kw)


@pytest.fixture
def make_dispute(med):
    """make_dispute(**fields) -> a dispute of 歇马村 registered on 2021-09-01 with an applicant
    and a respondent (both consenting unless `consent=` says otherwise)."""

    def _make(consent="given", committee=None, parties=True, **fields):
        committee = committee or med.village
        values = {
            "committee": committee,
            "region": committee.region,
            "title": "李某与张某宅基地纠纷",
            "summary": "双方因宅基地边界发生争执。",
            "dispute_type": Dispute.Type.HOUSING,
            "source": Dispute.Source.APPLICATION,
            "registered_on": REGISTERED_ON,
            "registered_by": med.mediator,
        }
        values.update(fields)
        dispute = Dispute.objects.create(**values)
        if parties:
            day = REGISTERED_ON if consent else None
            add_party(
                dispute,
                DisputeParty.Role.APPLICANT,
                "李明",
                sex="male",
                age=52,
                phone="13907321234",
                id_number="43032119690101123X",
                address="石鼓镇歇马村3组12号",
                consent=consent,
                consent_on=day,
            )
            add_party(
                dispute,
                DisputeParty.Role.RESPONDENT,
                "张华",
                sex="male",
                age=48,
                consent=consent,
                consent_on=day,
            )
        dispute.mediators.add(med.mediator)
        return dispute

    return _make


@pytest.fixture
def walker(users, med):
    """Fire a dispute's steps with this app's defaults (actor: 歇马村's mediator)."""
    actors = {"mediator": med.mediator, "judicial": users.judicial}
    return Walker(workflow.DISPUTE, defaults=STEP_DEFAULTS, actors=actors)
