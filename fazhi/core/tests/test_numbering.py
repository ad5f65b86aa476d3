"""Document numbers from one counter row per issuer, series and year (fazhi.core.numbering)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from fazhi.core import numbering
from fazhi.core.models import DocumentCounter
from fazhi.core.numbering import Series, next_number

AGREEMENTS = Series("test.agreement", pattern="（{year}）{prefix}调字第{seq}号", prefix="石鼓")
NOTICES = Series("test.notice", prefix=lambda region: region.name.removesuffix("镇") + "信告")


def test_it_numbers_per_issuer_series_and_year(regions):
    # given two towns and two series
    town, other = regions.town, regions.other_town
    # when numbers are issued
    first = next_number(town, NOTICES, 2021)
    second = next_number(town, NOTICES, 2021)
    next_year = next_number(town, NOTICES, 2022)
    other_town = next_number(other, NOTICES, 2021)
    other_series = next_number(town, AGREEMENTS, 2021)
    # then each counter runs on its own, with the series' pattern and the issuer's prefix
    assert first == (1, "石鼓信告〔2021〕1号")
    assert second == (2, "石鼓信告〔2021〕2号")
    assert next_year == (1, "石鼓信告〔2022〕1号")
    assert other_town == (1, "易俗河信告〔2021〕1号")
    assert other_series.text == "（2021）石鼓调字第1号"
    assert (
        DocumentCounter.objects.get(issuer_key=f"core.region:{town.pk}", series="test.notice", year=2021).last
        == 2
    )


def test_a_pattern_may_pad_the_sequence_and_a_caller_may_give_the_prefix(db):
    padded = Series("test.padded", pattern="{prefix}〔{year}〕{seq:03d}号", prefix="石鼓政发")
    assert next_number("石鼓镇人民政府", padded, 2021).text == "石鼓政发〔2021〕001号"
    assert next_number("石鼓镇人民政府", padded, 2021, prefix="石鼓政办").text == "石鼓政办〔2021〕002号"


def test_a_new_counter_continues_the_numbers_already_issued(db):
    # given a series whose records already hold numbers up to 18 (a database upgraded from MAX+1)
    upgraded = Series("test.upgraded", prefix="石鼓执罚", highest_issued=lambda issuer, year: 18)
    # when the first number is issued from the counter
    number = next_number("body:1", upgraded, 2021)
    # then it follows them, and from then on the counter alone decides
    assert number.text == "石鼓执罚〔2021〕19号"
    assert next_number("body:1", upgraded, 2021).sequence == 20


def test_a_number_is_never_issued_twice_even_when_its_record_is_gone(db):
    # given records whose highest number goes down (the last record withdrawn or deleted)
    held = [5]
    shrinking = Series("test.shrinking", highest_issued=lambda issuer, year: max(held, default=0))
    assert next_number("x", shrinking, 2021).sequence == 6
    held.clear()
    # then the next number is still the next one
    assert next_number("x", shrinking, 2021).sequence == 7


def test_a_rolled_back_transaction_gives_its_number_back(db):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        assert next_number("x", AGREEMENTS, 2021).sequence == 1
        raise Refused
    assert next_number("x", AGREEMENTS, 2021).sequence == 1


def test_a_number_given_by_hand_moves_the_counter_on(db):
    # given a counter at 2 and a record imported with number 10
    next_number("x", AGREEMENTS, 2021)
    next_number("x", AGREEMENTS, 2021)
    numbering.note_issued("x", AGREEMENTS, 2021, 10)
    numbering.note_issued("x", AGREEMENTS, 2021, 4)  # lower: no effect
    # then
    assert numbering.last_issued("x", AGREEMENTS, 2021) == 10
    assert next_number("x", AGREEMENTS, 2021).sequence == 11


def test_an_unsaved_issuer_is_refused(regions):
    from fazhi.core.models import Region

    with pytest.raises(ValueError):
        next_number(Region(name="新镇"), NOTICES, 2021)


def _file_database() -> bool:
    return not (connection.vendor == "sqlite" and connection.is_in_memory_db())


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_get_distinct_numbers():
    if not _file_database():
        pytest.skip("threads need a database on disk (FAZHI_TEST_DB or PostgreSQL)")
    # given eight callers issuing numbers at the same moment, each in its own transaction
    results, errors = [], []
    barrier = threading.Barrier(8)

    def issue():
        try:
            barrier.wait()
            for _i in range(5):
                with transaction.atomic():
                    results.append(next_number("石鼓镇", AGREEMENTS, 2021).sequence)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue) for _i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every number was issued once
    assert not errors
    assert sorted(results) == list(range(1, 41))
