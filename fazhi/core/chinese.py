"""Chinese number and date text for official documents: amounts in capital figures (人民币大写)
and the two ways a document writes its date.

- `rmb_upper(221600)` → 贰拾贰万壹仟陆佰元整, as decisions, receipts and agreements write a sum.
  The rules are those of 中国人民银行《支付结算办法》附一《正确填写票据和结算凭证的基本规定》:
  「元」 is followed by 「整」 when there are no 角 or 分 (a 角 without 分 may end without it, and
  fazhi writes none); a zero (or a run of zeros) between non-zero digits is written as one 零
  (1005.07 → 壹仟零伍元零柒分; 220500 → 贰拾贰万零伍佰元整); ten is 壹拾 (10 → 壹拾元整) so
  that nothing can be written in front of 拾.
- `chinese_date(day)` → 2021年9月3日: 成文日期 in GB/T 9704-2012 (7.3.5.1: Arabic numerals, the
  year in full, no leading zero in month or day).
- `chinese_date_upper(day)` → 二〇二一年九月三日: the date in Chinese numerals, as GB/T 9704-1999
  wrote it and as seals, contracts and agreements (调解协议书) often still do.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

UPPER_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_UPPER_UNITS = ("", "拾", "佰", "仟")
_UPPER_GROUPS = ("", "万", "亿")
# The groups above write any amount under 一万亿元; fines and agreements are far below it, and a
# larger amount is an input error rather than a sum to print.
RMB_UPPER_LIMIT = Decimal(10) ** 12

_LOWER_DIGITS = "〇一二三四五六七八九"
BLANK_DATE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


def _decimal(amount) -> Decimal:
    if isinstance(amount, bool):
        raise TypeError("an amount is a number, not a bool")
    if isinstance(amount, float):
        amount = repr(amount)  # 0.1 → "0.1", not 0.1000000000000000055…
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rmb_upper(amount) -> str:
    """An amount of money in capital figures (人民币大写), without the word 人民币:
    5000 → 伍仟元整, 220500 → 贰拾贰万零伍佰元整, 1234.56 → 壹仟贰佰叁拾肆元伍角陆分,
    200.05 → 贰佰元零伍分, 0.5 → 伍角, 0 → 零元整. Rounded to the 分; a negative amount or one of
    一万亿元 or more raises ValueError."""
    amount = _decimal(amount)
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount >= RMB_UPPER_LIMIT:
        raise ValueError(f"amount must be below {RMB_UPPER_LIMIT:,} yuan")
    yuan, cents = divmod(int(amount * 100), 100)
    jiao, fen = divmod(cents, 10)
    groups = []
    while yuan:
        yuan, group = divmod(yuan, 10000)
        groups.append(group)
    text, zero = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            zero = bool(text)
            continue
        if text and (zero or group < 1000):
            text += "零"
        zero, started = False, False
        for pos in (3, 2, 1, 0):
            digit = group // 10**pos % 10
            if digit == 0:
                zero = started
                continue
            if zero:
                text += "零"
                zero = False
            text += UPPER_DIGITS[digit] + _UPPER_UNITS[pos]
            started = True
        text += _UPPER_GROUPS[index]
        zero = False
    if text:
        text += "元"
    if not jiao and not fen:
        return (text or "零元") + "整"
    if jiao:
        text += UPPER_DIGITS[jiao] + "角"
    elif text:
        text += "零"
    if fen:
        text += UPPER_DIGITS[fen] + "分"
    return text


def chinese_date(day: dt.date | None) -> str:
    """成文日期 as GB/T 9704-2012 writes it (7.3.5.1): 2021年12月30日 — Arabic numerals, the
    year in full, no leading zero in month and day. Without a date, the blank form 年  月  日."""
    if day is None:
        return BLANK_DATE
    return f"{day.year}年{day.month}月{day.day}日"


def _small_number(n: int) -> str:
    """1–31 in Chinese numerals as a month or day is written: 十, 十一, 二十, 二十一, 三十一."""
    tens, ones = divmod(n, 10)
    text = ("" if tens == 1 else _LOWER_DIGITS[tens]) + "十" if tens else ""
    return text + (_LOWER_DIGITS[ones] if ones else "")


def chinese_date_upper(day: dt.date | None) -> str:
    """The date in Chinese numerals: 二〇二一年九月三日, 二〇二〇年十二月三十一日 (the year digit
    by digit with 〇, month and day as numbers). Without a date, the blank form."""
    if day is None:
        return BLANK_DATE
    year = "".join(_LOWER_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{_small_number(day.month)}月{_small_number(day.day)}日"
