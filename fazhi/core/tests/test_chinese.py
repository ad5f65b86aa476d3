"""Amounts in capital figures (人民币大写, 中国人民银行《正确填写票据和结算凭证的基本规定》) and
the dates official documents write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.core.chinese import chinese_date, chinese_date_upper, rmb_upper


@pytest.mark.parametrize(
    ("amount", "upper"),
    [
        # whole yuan: 「元」 then 「整」
        ("221600.00", "贰拾贰万壹仟陆佰元整"),
        ("5000", "伍仟元整"),
        ("1", "壹元整"),
        ("0", "零元整"),
        # ten is 壹拾, so that nothing can be written in front of 拾
        ("10", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("110", "壹佰壹拾元整"),
        ("100000", "壹拾万元整"),
        ("100000000", "壹亿元整"),
        # a zero, or a run of zeros, between digits is one 零
        ("1005.07", "壹仟零伍元零柒分"),
        ("220500", "贰拾贰万零伍佰元整"),
        ("10005", "壹万零伍元整"),
        ("1050", "壹仟零伍拾元整"),
        ("1000001", "壹佰万零壹元整"),
        ("100010000", "壹亿零壹万元整"),
        ("100001000", "壹亿零壹仟元整"),
        ("100000001", "壹亿零壹元整"),
        # a zero 万 place before a non-zero 千: 「可以只写一个零字，也可以不写零字」; fazhi writes none,
        # as in the rule's own example ¥107000.53
        ("3005000", "叁佰万伍仟元整"),
        ("107000.53", "壹拾万柒仟元伍角叁分"),
        # trailing zeros of a group are not written
        ("12000000", "壹仟贰佰万元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        # 角 and 分: no 「整」 after 分; 零 for a missing 角 between 元 and 分
        ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
        ("200.05", "贰佰元零伍分"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("0.55", "伍角伍分"),
    ],
)
def test_it_writes_amounts_in_capital_figures(amount, upper):
    assert rmb_upper(Decimal(amount)) == upper


def test_it_takes_integers_floats_and_strings_and_rounds_to_the_fen():
    assert rmb_upper(221600) == "贰拾贰万壹仟陆佰元整"
    assert rmb_upper(0.1) == "壹角"  # not 0.1000000000000000055…
    assert rmb_upper("10.005") == "壹拾元零壹分"  # 四舍五入 to the 分
    assert rmb_upper("0.004") == "零元整"


@pytest.mark.parametrize("amount", ["-0.01", "-5000", "1000000000000", "1e15", "NaN", "Infinity"])
def test_it_refuses_negative_huge_and_impossible_amounts(amount):
    with pytest.raises(ValueError):
        rmb_upper(Decimal(amount))


def test_it_refuses_what_is_not_an_amount():
    with pytest.raises(ValueError):
        rmb_upper("五千")
    with pytest.raises(TypeError):
        rmb_upper(True)


def test_it_writes_the_date_of_a_document_in_arabic_numerals():
    # GB/T 9704-2012 7.3.5.1: the year in full, no leading zero in month and day
    assert chinese_date(dt.date(2021, 9, 3)) == "2021年9月3日"
    assert chinese_date(dt.date(2021, 12, 30)) == "2021年12月30日"
    assert chinese_date(None) == "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2021, 9, 3), "二〇二一年九月三日"),
        (dt.date(2020, 12, 31), "二〇二〇年十二月三十一日"),
        (dt.date(2000, 10, 10), "二〇〇〇年十月十日"),
        (dt.date(2019, 11, 20), "二〇一九年十一月二十日"),
        (dt.date(2022, 1, 21), "二〇二二年一月二十一日"),
    ],
)
def test_it_writes_the_date_in_chinese_numerals(day, text):
    assert chinese_date_upper(day) == text


def test_the_documents_and_enforcement_use_the_same_helpers():
    from fazhi.core import documents as core_documents
    from fazhi.enforcement import documents as enforcement_documents

    assert core_documents.chinese_date is chinese_date
    assert enforcement_documents.rmb_upper is rmb_upper
