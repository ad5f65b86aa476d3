"""行政处罚法 第三十六条: two years (five with harm to life, health or financial safety), counted
from the act or the end of a continuing act."""

import datetime as dt

import pytest

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement.models import CaseState


def test_it_refuses_to_file_an_act_older_than_two_years_art36(make_case, step):
    # given an act of 2019-09-05, filed 2021-09-06
    case = make_case(act_date=dt.date(2019, 9, 5))
    # when / then
    with pytest.raises(TransitionRefused) as refused:
        step(case, "file")
    assert "第三十六条" in refused.value.reason and "2021-09-05" in refused.value.reason


def test_it_files_an_act_exactly_two_years_old_art36(make_case, step):
    case = make_case(act_date=dt.date(2019, 9, 6))
    step(case, "file")
    assert case.state == CaseState.FILED


def test_it_counts_five_years_where_life_health_or_finance_was_harmed_art36(make_case, step):
    case = make_case(act_date=dt.date(2017, 1, 1), harm_to_life_health_finance=True)
    step(case, "file")
    assert case.state == CaseState.FILED


def test_it_counts_from_the_end_of_a_continuing_act_art36(make_case, step):
    # given sand mining from 2018 that went on until 2020-03-01
    case = make_case(act_date=dt.date(2018, 1, 1), act_end_date=dt.date(2020, 3, 1))
    step(case, "file")
    assert case.state == CaseState.FILED


def test_it_counts_to_the_day_of_discovery_not_of_filing_art36(make_case, step):
    # given an act of 2019-08-01 discovered on 2021-07-30 and filed in September
    case = make_case(act_date=dt.date(2019, 8, 1), discovered_on=dt.date(2021, 7, 30))
    step(case, "file")
    assert case.state == CaseState.FILED
