"""案号: 石鼓执罚〔2021〕19号 — assigned at filing, numbered per enforcement body and year."""

import datetime as dt

import pytest

from fazhi.core.models import DocumentCounter
from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement.models import Case, EnforcementBody, Officer, Power, RectificationOrder
from fazhi.enforcement.tests.conftest import certify


def test_a_draft_case_has_no_number_until_filed(make_case):
    assert make_case().number == ""


def test_numbers_run_per_body_and_restart_each_year(make_case, step, enf, regions):
    # given two cases of 2021, one of 2022 and one of another body in 2021
    first = step(make_case(), "file")
    second = step(make_case(), "file", filed_on="2021-12-31")
    next_year = step(make_case(act_date=dt.date(2021, 12, 20)), "file", filed_on="2022-01-04")
    brigade = EnforcementBody.objects.create(
        region=regions.town, name="石鼓镇综合行政执法大队", case_prefix="石鼓综执罚"
    )
    a, b = Officer.objects.create(body=brigade, name="甲"), Officer.objects.create(body=brigade, name="乙")
    certify(a, "X1")
    certify(b, "X2")
    other_body = step(make_case(body=brigade, officers=[a, b], power=_power(brigade)), "file")
    # then
    assert [first.number, second.number, next_year.number] == [
        "石鼓执罚〔2021〕1号",
        "石鼓执罚〔2021〕2号",
        "石鼓执罚〔2022〕1号",
    ]
    assert other_body.number == "石鼓综执罚〔2021〕1号"


def test_a_refused_filing_does_not_use_up_a_number(make_case, step, enf):
    with pytest.raises(TransitionRefused):
        step(make_case(officers=[enf.wang]), "file")
    assert step(make_case(), "file").number == "石鼓执罚〔2021〕1号"


def test_an_upgraded_database_continues_its_sequence(make_case, step, enf):
    # given cases numbered up to 18 before the body had a counter (numbers of MAX+1 days, history)
    for sequence in (17, 18):
        make_case(
            number=f"石鼓执罚〔2021〕{sequence}号", year=2021, sequence=sequence, filed_on=dt.date(2021, 5, 6)
        )
    assert not DocumentCounter.objects.exists()
    # when the next case is filed
    case = step(make_case(), "file")
    # then it takes the next number, and the counter holds it
    assert case.number == "石鼓执罚〔2021〕19号"
    assert DocumentCounter.objects.get(series="enforcement.case", year=2021).last == 19


def test_a_number_is_never_issued_again(make_case, step):
    # given two filed cases, the second then removed from the register (a data correction)
    step(make_case(), "file")
    second = step(make_case(), "file")
    assert second.number == "石鼓执罚〔2021〕2号"
    Case.objects.filter(pk=second.pk).delete()
    # when another case is filed
    third = step(make_case(), "file")
    # then number 2 stays used: MAX(sequence) + 1 would have issued it again
    assert third.number == "石鼓执罚〔2021〕3号"


def test_a_case_given_its_number_by_hand_moves_the_counter_on(make_case, step):
    # given a counter at 1 and a case of the same year entered with its old number 7
    step(make_case(), "file")
    make_case(number="石鼓执罚〔2021〕7号", year=2021, sequence=7, filed_on=dt.date(2021, 3, 1))
    # then the next filing follows it
    assert step(make_case(), "file").number == "石鼓执罚〔2021〕8号"


def test_orders_are_numbered_apart_from_cases_and_continue_an_upgraded_sequence(enf, regions, users):
    def order(**fields):
        return RectificationOrder.objects.create(
            body=enf.body,
            region=regions.village_a,
            party=enf.company,
            issued_on=dt.date(2021, 8, 2),
            deadline=dt.date(2021, 8, 16),
            requirement="停止采砂，恢复河道原状",
            issued_by=users.officer,
            **fields,
        )

    # given an order numbered 41 before the counter
    order(year=2021, sequence=41, number="石鼓执罚改〔2021〕41号")
    # when two orders are issued
    first, second = order(), order()
    # then
    assert (first.number, second.number) == ("石鼓执罚改〔2021〕42号", "石鼓执罚改〔2021〕43号")


def _power(body):
    return Power.objects.create(
        body=body, code="P1", name="违法建设", law="《湖南省城乡规划条例》", article="第五十条"
    )
