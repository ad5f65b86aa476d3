"""案号: 石鼓执罚〔2021〕19号 — assigned at filing, numbered per enforcement body and year."""

import datetime as dt

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement.models import EnforcementBody, Officer, Power
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


def _power(body):
    return Power.objects.create(
        body=body, code="P1", name="违法建设", law="《湖南省城乡规划条例》", article="第五十条"
    )
