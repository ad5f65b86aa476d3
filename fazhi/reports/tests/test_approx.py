"""The approximate-number rule (fazhi.reports.approx) at its edges: N, N+1, N+10^k−1, N+10^k."""

from decimal import Decimal

import pytest

from fazhi.reports import approx

# (N as written, N, 10^k)
EDGES = [
    ("22万余", 220_000, 10_000),
    ("100余", 100, 100),
    ("21000余", 21_000, 1_000),
    ("1万余", 10_000, 10_000),
    ("20余", 20, 10),
    ("10余", 10, 10),
    ("50多", 50, 10),
]


@pytest.mark.parametrize(("phrase", "n", "place"), EDGES)
def test_n_yu_holds_strictly_between_n_and_the_next_place(phrase, n, place):
    # given the phrase "N余" / "N多"
    # then it is false at N, true at N+1 and N+10^k−1, false at N+10^k
    assert not approx.holds(phrase, n)
    assert approx.holds(phrase, n + 1)
    assert approx.holds(phrase, n + place - 1)
    assert not approx.holds(phrase, n + place)


@pytest.mark.parametrize(("phrase", "n", "place"), EDGES)
def test_the_place_is_that_of_the_last_non_zero_digit(phrase, n, place):
    assert approx.last_place(n) == place


@pytest.mark.parametrize(
    ("value", "digits", "wan", "expected"),
    [
        (224_300, 2, True, "22万余"),
        (Decimal("224300.00"), 2, True, "22万余"),
        (Decimal("220000.50"), 2, True, "22万余"),
        (220_000, 2, True, "22万"),  # exactly N: no 余
        (220_001, 2, True, "22万余"),
        (229_999, 2, True, "22万余"),
        (230_000, 2, True, "23万"),
        (123, 1, False, "100余"),
        (100, 1, False, "100"),
        (101, 1, False, "100余"),
        (199, 1, False, "100余"),
        (200, 1, False, "200"),
        (21_345, 2, False, "21000余"),
        (21_000, 2, False, "21000"),
        (21_999, 2, False, "21000余"),
        (22_000, 2, False, "22000"),
        (12_000, 1, True, "1万余"),
        (19_999, 1, True, "1万余"),
        (10_000, 1, True, "1万"),
        (24, 1, False, "20余"),
        (13, 1, False, "10余"),
        (19, 1, False, "10余"),
        (19, 2, False, "19"),
        (7, 1, False, "7"),  # too small to round: exact
        (0, 1, False, "0"),
    ],
)
def test_the_generator_picks_the_largest_n_at_the_precision(value, digits, wan, expected):
    # when the generator words the value
    text = approx.approx(value, digits, wan=wan)
    # then it is the expected phrase, and the phrase holds for the value
    assert text == expected
    if value:
        assert approx.holds(text, value)


def test_the_generator_never_overstates_over_a_range():
    # every value from 10 to 30,000 at 1 and 2 digits, in 万 and not: the phrase holds
    for value in range(10, 30_001, 7):
        for digits in (1, 2):
            for wan in (False, True):
                text = approx.approx(value, digits, wan=wan)
                assert approx.holds(text, value), (value, digits, wan, text)
                assert approx.parse(text).n <= value


def test_duo_is_the_same_rule_with_another_word():
    assert approx.approx(56, 1, word=approx.DUO) == "50多"
    assert approx.holds("50多", 56)
    assert not approx.holds("50多", 60)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2000, "2000"),
        (1985, "约2000"),
        (2100, "约2000"),
        (2110, "约2100"),
        (1904, "约1900"),
        (1905, "约2000"),
    ],
)
def test_about_stays_within_the_tolerance(value, expected):
    # when 约N is generated at 1 digit with the default ±5%
    text = approx.about(value, 1)
    # then it is the expected phrase, within the tolerance
    assert text == expected
    assert approx.holds(text, value)


def test_about_at_the_tolerance_edge():
    # given 约2000 and ±5%: |v − 2000| ≤ 5% of v
    assert approx.about_holds(2000, 2100)  # 100 ≤ 105
    assert approx.about_holds(2000, Decimal("1904.77"))
    assert not approx.about_holds(2000, 1904)  # 96 > 95.2
    assert not approx.about_holds(2000, 2106 + 100)
    # a stricter tolerance (a county rule) refuses what the default allows
    assert not approx.about_holds(2000, 2100, Decimal("0.01"))


def test_formats_a_template_names():
    assert approx.render(224_300, "yu2w") == "22万余"
    assert approx.render(12_345, "yu1w") == "1万余"
    assert approx.render(21_500, "yu2") == "21000余"
    assert approx.render(56, "duo1") == "50多"
    assert approx.render(1985, "about1") == "约2000"
    assert approx.render(2, "cn") == "两"
    assert approx.render(Decimal("1"), "pct") == "100%"
    assert approx.render(Decimal("0.97142"), "pct") == "97.1%"
    assert approx.render(19, "") == "19"
    with pytest.raises(ValueError):
        approx.render(1, "bogus")
