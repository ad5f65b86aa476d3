"""The petitions figures on hand-made records with a known answer: other towns' records and
dates outside the period do not count."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import figures
from fazhi.petitions.models import Registration

pytestmark = pytest.mark.django_db
Y2016, Y2021 = figures.Period.year(2016), figures.Period.year(2021)


def _values(codes, scope, period):
    values = figures.evaluate(codes, scope, [period])
    return {code: values.get(code, period).value for code in codes}


def _reg(matter, level, day, abnormal=False):
    return Registration.objects.create(matter=matter, level=level, registered_on=day, abnormal=abnormal)


def test_a_matter_registered_twice_at_a_level_in_a_year_counts_once(make_matter, regions):
    # given in 2016: A reached Beijing twice (one 非正常) and the province once; B the province
    a = make_matter(received_on=dt.date(2016, 3, 1))
    b = make_matter(received_on=dt.date(2016, 5, 1), title="另一事项", category="land", petitioners=[])
    _reg(a, "province", dt.date(2016, 3, 20))
    _reg(a, "national", dt.date(2016, 4, 1))
    _reg(a, "national", dt.date(2016, 6, 1), abnormal=True)
    _reg(b, "province", dt.date(2016, 5, 20))
    # and out of scope or period: 易俗河镇's provincial matter, A at the province in 2017
    other = make_matter(region=regions.other_village, received_on=dt.date(2016, 2, 1), petitioners=[])
    _reg(other, "province", dt.date(2016, 2, 10))
    _reg(a, "province", dt.date(2017, 1, 5))
    # then
    got = _values(
        ["petitions.level_national", "petitions.level_province", "petitions.abnormal", "petitions.received"],
        regions.town,
        Y2016,
    )
    assert got == {
        "petitions.level_national": 1,
        "petitions.level_province": 2,
        "petitions.abnormal": 1,
        "petitions.received": 2,
    }
    assert _values(["petitions.level_province"], regions.town, figures.Period.year(2017)) == {
        "petitions.level_province": 1
    }


def test_timely_acceptance_and_handling_in_time(make_matter, walker, regions):
    # given four matters received in 2021 and one of 2020
    on_time = make_matter(received_on=dt.date(2021, 3, 1))
    walker.step(on_time, "accept", decided_on="2021-03-16")  # the 15th day
    late = make_matter(received_on=dt.date(2021, 3, 1), petitioners=[])
    walker.step(late, "accept", decided_on="2021-03-17")  # the 16th day
    objected = make_matter(
        received_on=dt.date(2021, 3, 1), source="transferred", sender="县信访局", petitioners=[]
    )
    walker.step(objected, "return", decided_on="2021-03-05")
    waiting = make_matter(received_on=dt.date(2021, 3, 1), petitioners=[])  # never decided, past due
    make_matter(received_on=dt.date(2020, 12, 1), petitioners=[])  # out of period
    got = _values(
        ["petitions.due_accept", "petitions.timely_accept", "petitions.timely_accept_rate"],
        regions.town,
        Y2021,
    )
    assert got["petitions.due_accept"] == 4
    assert got["petitions.timely_accept"] == 2
    assert float(got["petitions.timely_accept_rate"]) == 0.5
    # handling: on_time answered on the 60th day, late answered on the 61st
    walker.step(on_time, "answer", answered_on="2021-05-15")  # accepted 03-16: due 05-15
    walker.step(late, "answer", answered_on="2021-05-17")  # accepted 03-17: due 05-16
    assert waiting.state == "registered"
    got = _values(["petitions.closed_in_time", "petitions.due_closed"], regions.town, Y2021)
    assert got == {"petitions.closed_in_time": 1, "petitions.due_closed": 2}


def test_satisfaction_counts_basic_and_rated_over_answered(make_matter, walker, regions):
    ratings = ["satisfied", "basic", "unsatisfied", None]
    for rating in ratings:
        matter = make_matter(received_on=dt.date(2021, 3, 1), petitioners=[])
        walker.walk(matter, "accept", "answer")
        if rating:
            walker.step(matter, "rate", satisfaction=rating)
    got = _values(
        ["petitions.answered", "petitions.rated", "petitions.satisfied", "petitions.satisfied_only"],
        regions.town,
        Y2021,
    )
    assert got == {
        "petitions.answered": 4,
        "petitions.rated": 3,
        "petitions.satisfied": 2,
        "petitions.satisfied_only": 1,
    }


def test_every_figure_opens_its_records(make_matter, regions, users, login):
    matter = make_matter(received_on=dt.date(2016, 3, 1))
    _reg(matter, "national", dt.date(2016, 4, 1))
    value = figures.evaluate(["petitions.level_national"], users.leader, [Y2016]).get(
        "petitions.level_national", Y2016
    )
    page = login(users.leader).get(value.url).content.decode()
    assert matter.number in page
