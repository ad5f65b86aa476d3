"""行政执法公示 (国办发〔2018〕118号): decisions published with the party masked, withdrawn when
changed (行政处罚法 第四十八条); officers, bodies and powers published from the records."""

import datetime as dt

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import public
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE

DECIDED = (*THROUGH_NOTICE, "record_statement", "decide")


def test_it_publishes_a_citizen_as_zhang_mou_mou_and_hides_the_id_number(make_case, walk, step, regions):
    # given a decision against 张三丰, published
    case = walk(make_case(), *DECIDED, "publish")
    # when the portal reads the town's published decisions
    [shown] = public.public_decisions(regions.town)
    # then
    assert shown.party == "张某某" and shown.number == "石鼓执罚〔2021〕1号"
    assert shown.penalties == "罚款" and shown.fine == 500
    assert shown.basis == "《湖南省河道采砂管理条例》第三十条"
    assert case.party.id_number not in repr(shown)


def test_it_publishes_an_organization_by_its_name(make_case, walk, enf, regions):
    walk(make_case(party=enf.company), *DECIDED, "publish")
    assert [d.party for d in public.public_decisions(regions.town)] == ["湘潭某某砂石有限公司"]


def test_an_unpublished_or_withdrawn_decision_is_not_shown_art48(make_case, walk, step, regions):
    walk(make_case(), *DECIDED)
    withdrawn = walk(make_case(), *DECIDED, "publish", "record_change", "withdraw_publication")
    assert public.public_decisions(regions.town) == []
    assert withdrawn.withdrawn_on == dt.date(2021, 10, 11)


def test_decisions_of_another_town_are_not_in_this_towns_publicity(make_case, walk, regions):
    walk(make_case(), *DECIDED, "publish")
    assert public.public_decisions(regions.other_town) == []


def test_only_a_penalty_decision_is_published(make_case, walk, step, users):
    case = walk(make_case(), "file", "investigate", "decide_no_penalty")
    with pytest.raises(TransitionRefused, match="只有已作出的行政处罚决定才能公示"):
        step(case, "publish")


def test_staff_see_what_is_due_for_publication(make_case, walk, users):
    case = walk(make_case(), *DECIDED)
    assert [d.object_id for d in public.publication_queue(users.officer)] == [str(case.pk)]
    assert list(public.unpublished_decisions(users.officer)) == [case]
    assert list(public.publication_queue(users.other_officer)) == []


def test_officers_are_published_with_a_valid_certificate_number(enf, regions):
    # given 刘过期's certificate ran out in June 2021
    shown = {
        o.name: o.public_certificates[0].number
        for o in public.public_officers(regions.town, on=dt.date(2021, 9, 1))
    }
    # then
    assert shown["王强"] == "43030000001"
    assert "刘过期" not in shown and "外镇执法员" not in shown


def test_powers_are_published_with_their_discretion_levels(enf, regions):
    [power, _catalogued] = public.public_powers(regions.town)
    assert [level.get_level_display() for level in power.levels.all()] == ["轻微", "一般", "较重", "严重"]
