"""简易程序: 行政处罚法 第五十一条 (warnings, fines up to ¥200 for a citizen and ¥3,000 for an
organization) and 第五十二条 (decided and handed over on the spot)."""

import datetime as dt

import pytest

from fazhi.core.models import Deadline
from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import workflow
from fazhi.enforcement.models import CaseState


@pytest.fixture
def simple_case(make_case):
    return lambda **kw: make_case(procedure="simple", act_date=dt.date(2021, 9, 6), **kw)


def test_it_decides_and_serves_a_small_fine_on_the_spot_art51_art52(simple_case, step):
    # when
    case = step(simple_case(), "decide_on_the_spot", decided_fine="200")
    # then
    assert case.state == CaseState.SERVED
    assert case.number == "石鼓执罚〔2021〕1号"
    assert case.decided_on == case.served_on == dt.date(2021, 9, 6) and case.party_present
    assert case.fine_due_on == dt.date(2021, 9, 21)
    # and it continues like any case
    step(case, "record_payment", paid_on="2021-09-06", amount_paid="200")
    step(case, "close", closed_on="2021-09-06")
    assert case.state == CaseState.CLOSED


def test_it_refuses_a_citizen_fine_over_200_on_the_spot_art51(simple_case, step):
    with pytest.raises(TransitionRefused, match="第五十一条.*公民二百元以下.*限额200元"):
        step(simple_case(), "decide_on_the_spot", decided_fine="201")


def test_it_allows_an_organization_up_to_3000_on_the_spot_art51(simple_case, step, enf):
    case = step(simple_case(party=enf.company), "decide_on_the_spot", decided_fine="3000", level="general")
    assert case.state == CaseState.SERVED
    with pytest.raises(TransitionRefused, match="第五十一条.*限额3000元"):
        step(simple_case(party=enf.company), "decide_on_the_spot", decided_fine="3000.01", level="general")


def test_it_allows_only_a_warning_or_a_fine_on_the_spot_art51(simple_case, step):
    step(simple_case(), "decide_on_the_spot", decided_penalties=["warning"], decided_fine="")
    with pytest.raises(TransitionRefused, match="第五十一条"):
        step(simple_case(), "decide_on_the_spot", decided_penalties=["fine", "confiscation"])


def test_it_tells_the_party_before_deciding_on_the_spot_art44(simple_case, step):
    with pytest.raises(TransitionRefused, match="第四十四条"):
        step(simple_case(), "decide_on_the_spot", party_informed=False)


def test_the_simple_procedure_also_needs_two_certified_officers_art42(simple_case, step, enf):
    with pytest.raises(TransitionRefused, match="第四十二条"):
        step(simple_case(officers=[enf.wang]), "decide_on_the_spot")


def test_each_procedure_offers_only_its_own_first_step(simple_case, make_case, users):
    assert [o.transition.name for o in workflow.options(simple_case(), users.officer)] == [
        "decide_on_the_spot"
    ]
    assert [o.transition.name for o in workflow.options(make_case(), users.officer)] == ["file"]


def test_an_on_the_spot_decision_is_due_for_publication(simple_case, step):
    case = step(simple_case(), "decide_on_the_spot")
    assert Deadline.objects.get(object_id=str(case.pk), code="enforcement.publication").due_on == dt.date(
        2021, 9, 15
    )


def test_it_refuses_an_on_the_spot_penalty_without_facts_art51_art40(simple_case, step):
    # given: a case whose facts were left empty at filing
    case = simple_case(facts="")
    # when / then: deciding on the spot without writing the facts is refused on 违法事实
    with pytest.raises(TransitionRefused, match="第五十一条.*第四十条.*违法事实") as refused:
        step(case, "decide_on_the_spot")
    assert refused.value.field == "facts"
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and not case.number
    # and: written with the step itself, the facts are enough and kept on the case
    case = step(case, "decide_on_the_spot", facts="当事人在歇马村河段倾倒建筑垃圾约2立方米。")
    assert case.state == CaseState.SERVED and "建筑垃圾" in case.facts


def test_it_refuses_an_on_the_spot_penalty_with_no_evidence_on_file_art40(simple_case, step):
    case = simple_case()
    with pytest.raises(TransitionRefused, match="第四十条.*证据") as refused:
        step(case, "decide_on_the_spot", evidence=False)
    assert refused.value.field == "evidence"
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT and not case.number


def test_the_on_the_spot_page_names_the_missing_evidence(login, users, simple_case):
    from django.urls import reverse

    case = simple_case()
    response = login(users.officer).post(
        reverse("enforcement:case_step", args=[case.pk, "decide_on_the_spot"]),
        {
            "decide_on_the_spot-decided_on": "2021-09-06",
            "decide_on_the_spot-decided_penalties": ["warning"],
            "decide_on_the_spot-party_informed": "on",
        },
    )
    body = response.content.decode()
    assert response.status_code == 409  # refused by the step's guard: nothing changed
    assert "行政处罚法第四十条" in body
    case.refresh_from_db()
    assert case.state == CaseState.DRAFT
