"""Approximate numbers in the reference report's style, that never overstate.

The annual report words its figures as "22万余元", "100余份", "21000余份", "1万余份", "50多例",
"约2000平方米". fazhi's rule for them (this system's rule, issue 16; the law fixes none):

- "N余" / "N多": the value is strictly more than N and less than N + 10^k, where 10^k is the
  place value of N's last non-zero digit: 22万余 ∈ (220,000, 230,000); 100余 ∈ (100, 200);
  21000余 ∈ (21,000, 22,000); 1万余 ∈ (10,000, 20,000). A value equal to N is written exactly
  ("22万"), never with 余.
- "约N": |value − N| ≤ tolerance × value (a county rule, `reports.about_tolerance`, default 5%).
- The generator (`approx`) keeps `digits` significant digits (the section's precision) and picks
  the largest N the rule allows at that precision: 224,300 → 22万余 (2 digits, in 万).

Pure functions over int/Decimal: no database, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

YU, DUO, ABOUT = "余", "多", "约"
WAN = 10_000  # 万
DEFAULT_TOLERANCE = Decimal("0.05")  # the default of reports.about_tolerance (±5%)

_CN_DIGITS = "零一二三四五六七八九"


def _dec(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def last_place(n: int) -> int:
    """10^k, the place value of the last non-zero digit of `n` (> 0): 220000 → 10000."""
    if n <= 0:
        raise ValueError("N must be positive")
    place = 1
    while n % (place * 10) == 0:
        place *= 10
    return place


def yu_holds(n: int, value) -> bool:
    """Whether "N余" (or "N多") truthfully describes `value`: N < value < N + 10^k."""
    v = _dec(value)
    return Decimal(n) < v < Decimal(n + last_place(n))


def about_holds(n: int, value, tolerance=DEFAULT_TOLERANCE) -> bool:
    """Whether "约N" truthfully describes `value`: |value − N| ≤ tolerance × value."""
    v = _dec(value)
    return v > 0 and abs(v - Decimal(n)) <= _dec(tolerance) * v


def _number(n: int | Decimal, wan: bool) -> str:
    """An integer as the report writes it: 21000, or in 万 (22万, 1.5万) when `wan`."""
    if wan and n >= WAN:
        shown = (Decimal(n) / WAN).normalize()
        text = f"{shown:f}"
        return f"{text}万"
    return str(int(n))


def exact(value) -> str:
    """The value as written exactly: an integer without separators, else two decimals."""
    v = _dec(value)
    if v == v.to_integral_value():
        return str(int(v))
    return f"{v.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"


def floor_to(value, digits: int) -> int:
    """The largest number ≤ value (a positive integer part) with `digits` significant digits."""
    whole = int(_dec(value).to_integral_value(rounding=ROUND_FLOOR))
    if whole <= 0:
        return 0
    place = 10 ** max(0, len(str(whole)) - digits)
    return whole // place * place


def approx(value, digits: int = 1, *, wan: bool = False, word: str = YU) -> str:
    """ "N余" (word 余 or 多) at `digits` significant digits, in 万 when `wan` (and ≥ 1万); the
    exact value when it is N itself or too small to round (< 10)."""
    v = _dec(value)
    n = floor_to(v, digits)
    if n < 10 or Decimal(n) == v:
        return _number(v, wan) if v == v.to_integral_value() and v >= 10 else exact(v)
    if not yu_holds(n, v):  # cannot happen: n ≤ v < n + place ≤ n + 10^k
        raise AssertionError((n, v))
    return f"{_number(n, wan)}{word}"


def about(value, digits: int = 1, *, wan: bool = False, tolerance=DEFAULT_TOLERANCE) -> str:
    """ "约N": `value` rounded to `digits` significant digits, more digits while the rule's
    tolerance is not met; the exact value when no rounding is needed or possible."""
    v = _dec(value)
    whole = int(v.to_integral_value(rounding=ROUND_HALF_UP))
    if whole < 10:
        return exact(v)
    for d in range(digits, len(str(whole)) + 1):
        place = 10 ** max(0, len(str(whole)) - d)
        n = int((Decimal(whole) / place).to_integral_value(rounding=ROUND_HALF_UP)) * place
        if Decimal(n) == v:
            return _number(n, wan)
        if about_holds(n, v, tolerance):
            return f"{ABOUT}{_number(n, wan)}"
    return exact(v)


def chinese_small(value) -> str:
    """A small count in characters before a measure word: 1 一, 2 两, … 10 十; else digits."""
    v = _dec(value)
    if v != v.to_integral_value() or not 0 < v <= 10:
        return exact(v)
    n = int(v)
    if n == 2:
        return "两"
    if n == 10:
        return "十"
    return _CN_DIGITS[n]


def percent(value, places: int = 1) -> str:
    """A ratio (0.9…) as the report writes it: 100%, 97.1%."""
    if value is None:
        return "—"
    pct = (_dec(value) * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pct = pct.normalize() if pct == pct.to_integral_value() else pct
    return f"{pct:f}%"


# --- reading a phrase back -------------------------------------------------------------------

_PHRASE = re.compile(r"^(约)?(\d+(?:\.\d+)?)(万)?(余|多)?$")


@dataclass(frozen=True)
class Phrase:
    n: Decimal
    word: str  # "", 余/多, 约


def parse(text: str) -> Phrase:
    """ "22万余" → Phrase(220000, "余"); "约2000" → Phrase(2000, "约"); "19" → Phrase(19, "")."""
    found = _PHRASE.match(text.strip())
    if not found:
        raise ValueError(f"not a number phrase: {text!r}")
    about_word, digits, wan, yu = found.groups()
    n = Decimal(digits) * (WAN if wan else 1)
    return Phrase(n, about_word or yu or "")


def holds(text: str, value, tolerance=DEFAULT_TOLERANCE) -> bool:
    """Whether the phrase `text` truthfully describes `value` under the rule above."""
    phrase = parse(text)
    if phrase.word in (YU, DUO):
        return phrase.n == phrase.n.to_integral_value() and yu_holds(int(phrase.n), value)
    if phrase.word == ABOUT:
        return about_holds(phrase.n, value, tolerance)
    return phrase.n == _dec(value)


# --- the formats a template names -------------------------------------------------------------

_FORMAT = re.compile(r"^(yu|duo|about)(\d)?(w)?$")


def render(value, fmt: str = "", tolerance=DEFAULT_TOLERANCE) -> str:
    """A figure's value in a sentence, by the template's format: "" exact; "pct" a percentage;
    "cn" a small count in characters (两处); "yu2w" N余 at 2 digits in 万; "duo1" N多;
    "about2" 约N at 2 digits."""
    if value is None:
        return "—"
    if fmt in ("", "n"):
        return exact(value)
    if fmt == "pct":
        return percent(value)
    if fmt == "cn":
        return chinese_small(value)
    found = _FORMAT.match(fmt)
    if not found:
        raise ValueError(f"unknown number format {fmt!r}")
    kind, digits, wan = found.groups()
    digits = int(digits or 1)
    if kind == "about":
        return about(value, digits, wan=bool(wan), tolerance=tolerance)
    return approx(value, digits, wan=bool(wan), word=YU if kind == "yu" else DUO)
