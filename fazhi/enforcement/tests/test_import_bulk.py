"""The powers list, planned and written in bulk: the same powers, counts and ledger entries as
row by row, each power in its body's town (its list page shows it)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from fazhi.core import io, ledger
from fazhi.core.models import LedgerEntry
from fazhi.core.tests.importing import filled_template
from fazhi.enforcement.imports import PowerRegister
from fazhi.enforcement.models import Power
from fazhi.enforcement.tests.test_imports import BODY, LAND, SAND

# the power of the enf fixture, as it is, and with a new article
SAND_MINING = [
    BODY,
    "XZCF-ZRZY-001",
    "非法采砂",
    "《湖南省河道采砂管理条例》",
    "第三十条",
    "",
    "责令停止违法行为、没收违法所得、罚款",
    "否",
    "否",
    "是",
]


class RowByRow(PowerRegister):
    """The powers register as it wrote before it planned: each row saved by `save_row`."""

    plan_row = io.Register.plan_row


class _Undo(Exception):
    pass


def _import(register, rows, user):
    data = filled_template("enforcement-powers", rows)
    return io.run_import(register, data, user, file_name="清单.xlsx")


def _written(since: int) -> list[tuple]:
    codes = {str(pk): code for pk, code in Power.objects.values_list("pk", "code")}
    rows = []
    for e in LedgerEntry.objects.filter(id__gt=since).order_by("chain", "id"):
        data = {
            part: {k: codes[str(v)] if k == "id" else v for k, v in values.items() if k != "created_at"}
            if isinstance(values, dict)
            else values
            for part, values in e.data.items()
        }
        key = codes.get(e.object_id, e.object_id) if e.object_type == "enforcement.power" else e.object_id
        rows.append((e.chain, e.action, key, e.object_repr, e.region_path, e.source, e.actor_name, data))
    return rows


def _last() -> int:
    return LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_planned_powers_import_writes_and_ledgers_what_row_by_row_did(enf, users):
    # given: two new powers and the brigade's power, once as it is and once with a new article
    # (two files), and what the row-by-row import wrote of them
    unchanged, changed = [SAND, SAND_MINING, LAND], [SAND, [*SAND_MINING[:4], "第三十一条", *SAND_MINING[5:]]]
    expected = []
    last = _last()
    try:
        with transaction.atomic():
            for rows in (unchanged, changed):
                result = _import(RowByRow(), rows, users.officer)
                expected.append((result.created, result.updated, result.imported, result.summary()))
            expected.append(_written(last))
            raise _Undo
    except _Undo:
        pass
    # when: the powers register imports them, planned and written in bulk
    seen = []
    last = _last()
    for rows in (unchanged, changed):
        result = _import(io.get_register("enforcement-powers"), rows, users.officer)
        seen.append((result.created, result.updated, result.imported, result.summary()))
    seen.append(_written(last))
    # then: the same counts, summaries and entries (creates, the update of 条款, the imports)
    assert seen == expected
    assert (seen[0][0], seen[1][1]) == (2, 1)
    assert Power.objects.get(code="XZCF-ZRZY-001").article == "第三十一条"
    verified = ledger.verify()
    assert verified.ok, verified.lines()


def test_an_imported_power_is_listed_for_its_town_only(enf, users, login):
    # when
    _import(io.get_register("enforcement-powers"), [LAND], users.officer)
    # then: the town's officer finds it in the powers list, the other town's officer does not
    assert (
        "对非法占用土地建住宅的处罚"
        in login(users.officer).get(reverse("enforcement:power_list")).content.decode()
    )
    other = login(users.other_officer).get(reverse("enforcement:power_list")).content.decode()
    assert "对非法占用土地建住宅的处罚" not in other
    assert Power.objects.get(code="XZCF-TD-003").town_code == "430321108"
