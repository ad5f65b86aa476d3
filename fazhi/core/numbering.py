"""Document numbers (发文字号, 案号, 文书编号): one counter row per issuer, series and year.

A series is declared once, next to the model it numbers:

    CASE_NUMBERS = numbering.Series(
        "enforcement.case",
        pattern="{prefix}〔{year}〕{seq}号",            # 石鼓执罚〔2021〕19号 (GB/T 9704 7.2.4)
        prefix=lambda body: body.case_prefix,          # 机关代字 of the issuer
        highest_issued=numbering.highest_in("enforcement.Case", "body"),
    )

and a number is taken inside the transaction that saves the record:

    sequence, number = numbering.next_number(body, CASE_NUMBERS, 2021)

`next_number` locks the counter row (`SELECT … FOR UPDATE`; on SQLite the IMMEDIATE write lock
serialises writers), increments it and returns the sequence with its text. Two concurrent
callers get distinct numbers; a caller whose transaction rolls back (a refused filing) gives its
number back with it. A number once committed is never issued again, whatever becomes of its
record (a withdrawn or cancelled case keeps its number and nothing reuses it): the counter only
goes up, unlike `MAX(sequence) + 1`.

A counter that does not exist yet starts from the highest sequence already issued in the
series (`highest_issued`), so a database upgraded from the MAX-based numbering, a restored
backup without counters or imported history continues its sequence. Records saved with an
explicit sequence (imports of history) tell the counter with `note_issued`.

`pattern` is a str.format pattern over `prefix`, `year` and `seq` (e.g. "{prefix}〔{year}〕{seq}号",
"（{year}）{prefix}调字第{seq}号", "{prefix}〔{year}〕{seq:03d}号").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from fazhi.core.models import DocumentCounter

DEFAULT_PATTERN = "{prefix}〔{year}〕{seq}号"  # GB/T 9704-2012 7.2.4: 年份用六角括号，序号不编虚位


class Number(NamedTuple):
    sequence: int
    text: str


@dataclass(frozen=True)
class Series:
    """A kind of numbered document. `code` names the series in the counter table (stable: it
    keys the rows); `prefix` gives the issuer's 机关代字 (a string or a function of the issuer);
    `highest_issued(issuer, year)` the highest sequence issued before the counter existed."""

    code: str
    pattern: str = DEFAULT_PATTERN
    prefix: str | Callable[[object], str] = ""
    highest_issued: Callable[[object, int], int | None] | None = None

    def prefix_of(self, issuer) -> str:
        return self.prefix(issuer) if callable(self.prefix) else self.prefix

    def format(self, issuer, year: int, sequence: int, *, prefix: str | None = None) -> str:
        prefix = self.prefix_of(issuer) if prefix is None else prefix
        return self.pattern.format(prefix=prefix, year=year, seq=int(sequence))


def issuer_key(issuer) -> str:
    """The counter's key of an issuer: "enforcement.enforcementbody:3" for a saved record, the
    string itself for a string."""
    if isinstance(issuer, str):
        return issuer
    if getattr(issuer, "pk", None) is None:
        raise ValueError("the issuer of a number must be saved first")
    return f"{issuer._meta.label_lower}:{issuer.pk}"


def highest_in(
    model: str | type[models.Model],
    issuer_field: str,
    *,
    year_field: str = "year",
    sequence_field: str = "sequence",
) -> Callable[[object, int], int | None]:
    """`highest_issued` for a model that stores its issuer, year and sequence: the MAX over the
    issuer's records of the year (deleted rows cannot be seen; that is why the counter exists)."""

    def highest(issuer, year: int) -> int | None:
        target = apps.get_model(model) if isinstance(model, str) else model
        rows = target._base_manager.filter(**{issuer_field: issuer, year_field: year})
        return rows.aggregate(m=models.Max(sequence_field))["m"]

    return highest


def _counter(key: str, series: Series, issuer, year: int) -> DocumentCounter:
    """The locked counter row, created (from the highest sequence already issued) if missing."""
    lookup = {"issuer_key": key, "series": series.code, "year": year}
    counter = DocumentCounter.objects.select_for_update(no_key=True).filter(**lookup).first()
    if counter is not None:
        return counter
    start = (series.highest_issued(issuer, year) if series.highest_issued else None) or 0
    try:
        with transaction.atomic():  # a savepoint: a concurrent creator wins the unique constraint
            return DocumentCounter.objects.create(
                **lookup, last=start, town_code=getattr(issuer, "town_code", "") or ""
            )
    except IntegrityError:
        return DocumentCounter.objects.select_for_update(no_key=True).get(**lookup)


def next_number(issuer, series: Series, year: int, *, prefix: str | None = None) -> Number:
    """Issue the next number of `series` for `issuer` in `year`: (sequence, text). Call it
    inside the transaction that saves the numbered record; `prefix` overrides the series'."""
    key = issuer_key(issuer)
    with transaction.atomic():
        counter = _counter(key, series, issuer, year)
        counter.last += 1
        counter.save(update_fields=["last", "updated_at"])
    return Number(counter.last, series.format(issuer, year, counter.last, prefix=prefix))


def last_issued(issuer, series: Series, year: int) -> int:
    """The last sequence issued (0 for none), without issuing one."""
    counter = DocumentCounter.objects.filter(
        issuer_key=issuer_key(issuer), series=series.code, year=year
    ).first()
    if counter is not None:
        return counter.last
    return (series.highest_issued(issuer, year) if series.highest_issued else None) or 0


def note_issued(issuer, series: Series, year: int, sequence: int) -> None:
    """A record was saved with `sequence` given (history imported, a number issued elsewhere):
    the counter goes up to it, so that the next number follows it. Without a counter nothing is
    written: the counter, when it is created, starts from `highest_issued`."""
    DocumentCounter.objects.filter(
        issuer_key=issuer_key(issuer), series=series.code, year=year, last__lt=sequence
    ).update(last=sequence, updated_at=timezone.now())
