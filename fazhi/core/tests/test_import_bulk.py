"""Imports whose register plans its rows (regions, powers) are written in bulk after planning:
the same regions, counts and ledger entries as row by row, and a change another writer made
between validation and writing is neither lost nor overwritten unseen."""

from __future__ import annotations

import pytest
from django.db import transaction

from fazhi.core import io, ledger
from fazhi.core.imports import RegionRegister
from fazhi.core.models import LedgerEntry, Region, RegionKind
from fazhi.core.tests.importing import filled_template

NEW_VILLAGE = ["430321108203", "新桥村", "村", "430321108", 860, 3090]
NEW_GRID_1 = ["430321108203001", "新桥村第1网格", "网格", "430321108203", 430, 1500]
NEW_GRID_2 = ["430321108203002", "新桥村第2网格", "网格", "430321108203", 430, 1590]
GRID_A_COUNTED = ["430321108201001", "歇马村第1网格", "网格", "430321108201", 150, 520]
GRID_B_AS_IT_IS = ["430321108201002", "歇马村第2网格", "网格", "430321108201", None, None]
FILE = [NEW_VILLAGE, NEW_GRID_1, GRID_A_COUNTED, NEW_GRID_2, GRID_B_AS_IT_IS]


class RowByRow(RegionRegister):
    """The regions register as it wrote before it planned: each row saved by `save_row`."""

    plan_row = io.Register.plan_row


class _Undo(Exception):
    pass


def _workbook(rows) -> bytes:
    """The template filled with `rows`, made once per list of rows: a workbook carries the time it
    was written, so two made a second apart differ, and so would the import entries' file digests."""
    key = repr(rows)
    if key not in _WORKBOOKS:
        _WORKBOOKS[key] = filled_template("regions", rows)
    return _WORKBOOKS[key]


_WORKBOOKS: dict[str, bytes] = {}


def _import(register, rows, user, **kwargs):
    return io.run_import(register, _workbook(rows), user, file_name="区划.xlsx", **kwargs)


def _written(since: int) -> list[tuple]:
    """The entries written after entry `since` in each chain's order, keys of regions given as
    their codes (a region's key depends on which import made it)."""
    codes = {str(pk): code for pk, code in Region.objects.values_list("pk", "code")}
    rows = []
    for e in LedgerEntry.objects.filter(id__gt=since).order_by("chain", "id"):
        data = {
            part: {
                k: codes[str(v)] if k in ("id", "parent_id") and v is not None else v
                for k, v in values.items()
            }
            if isinstance(values, dict)
            else values
            for part, values in e.data.items()
        }
        key = codes.get(e.object_id, e.object_id) if e.object_type == "core.region" else e.object_id
        rows.append(
            (e.chain, e.action, e.object_type, key, e.object_repr, e.region_path, e.source, e.actor_name)
            + (data, e.digests)
        )
    return rows


def _outcome(result) -> tuple:
    return (result.written, result.total, result.created, result.updated, result.imported, result.summary())


def _row_by_row_then_undone(rows, user):
    """What the row-by-row import writes, then rolled back."""
    last = LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    try:
        with transaction.atomic():
            result = _import(RowByRow(), rows, user)
            seen = (
                _outcome(result),
                _written(last),
                sorted(Region.objects.values_list("code", "path", "depth")),
            )
            raise _Undo
    except _Undo:
        pass
    return seen


def test_a_planned_import_writes_and_ledgers_what_row_by_row_did(users, regions):
    # given: a new village with two grids (one after an existing grid), an existing grid
    # counted, another as it is; what the row-by-row import wrote of that file
    expected = _row_by_row_then_undone(FILE, users.governance)
    last = LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first()
    # when: the regions register imports it, planned and written in bulk
    result = _import(io.get_register("regions"), FILE, users.governance)
    # then: the same counts and summary, regions, paths and depths, and entries: three
    # creates and an update in the town's chain, in the file's order, and the import's own
    regions_now = sorted(Region.objects.values_list("code", "path", "depth"))
    assert (_outcome(result), _written(last), regions_now) == expected
    assert (result.created, result.updated, result.imported) == (3, 1, 5)
    assert [e[1] for e in _written(last)] == ["create", "create", "update", "create", "import"]
    grid = Region.objects.get(code="430321108203002")
    assert (grid.parent.code, grid.path, grid.depth) == (
        "430321108203",
        "430321/430321108/430321108203/430321108203002/",
        3,
    )
    # and the entries were chained in the import's own transaction (written in bulk: row by
    # row, they wait for the sealer after the commit), all of one operation, and the ledger verifies
    entries = LedgerEntry.objects.filter(id__gt=last)
    assert not entries.filter(seq__isnull=True).exists()
    assert entries.values("operation").distinct().count() == 1
    verified = ledger.verify()
    assert verified.ok, verified.lines()


def test_a_new_region_is_found_where_its_town_and_village_are(users, regions, login):
    # when: the governance office imports a village and its grid
    _import(io.get_register("regions"), [NEW_VILLAGE, NEW_GRID_1], users.governance)
    # then: the grid lies in the town's subtree and the village's, as one created on its page
    village = Region.objects.get(code="430321108203")
    assert Region.objects.subtree(regions.town).filter(code="430321108203001").exists()
    assert list(village.descendants(include_self=False).values_list("code", flat=True)) == ["430321108203001"]
    # and a region created afterwards, one by one, takes the next free key
    later = Region.objects.create(
        code="430321108204", name="后建村", kind=RegionKind.VILLAGE, parent=regions.town
    )
    assert later.pk > Region.objects.get(code="430321108203001").pk


def test_a_region_renamed_after_validation_is_updated_from_its_new_name(users, regions):
    # given: while the file is being imported, after its rows were checked, someone renames grid A
    def rename_meanwhile(status, done, total):
        if status == "importing" and done == 0:
            with ledger.acting_as(users.sysadmin, "web"):
                grid = Region.objects.get(code="430321108201001")
                grid.name = "歇马村一组网格"
                grid.save()

    last = LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first()
    # when
    result = _import(
        io.get_register("regions"), [GRID_A_COUNTED], users.governance, progress=rename_meanwhile
    )
    # then: the file's values are written, and the import's entry starts from the rename, not
    # from the name the rows were checked against
    assert result.written and result.updated == 1
    grid = Region.objects.get(code="430321108201001")
    assert (grid.name, grid.households, grid.population) == ("歇马村第1网格", 150, 520)
    update = LedgerEntry.objects.filter(id__gt=last, action="update", source="import").get()
    assert update.data["before"]["name"] == "歇马村一组网格"
    assert update.data["after"] == {"name": "歇马村第1网格", "households": 150, "population": 520}


def test_a_code_taken_by_another_writer_after_validation_refuses_the_file_naming_the_row(users, regions):
    # given: after the rows were checked, someone creates a grid under another village with the
    # code of the file's second grid
    def take_the_code(status, done, total):
        if status == "importing" and done == 0:
            with ledger.acting_as(users.sysadmin, "web"):
                Region.objects.create(
                    code="430321108203002", name="抢先网格", kind=RegionKind.GRID, parent=regions.village_b
                )

    before = Region.objects.count()
    # when
    result = _import(
        io.get_register("regions"),
        [NEW_VILLAGE, NEW_GRID_1, NEW_GRID_2],
        users.governance,
        progress=take_the_code,
    )
    # then: nothing of the file is written, and the error names row 5 (the second grid) and its code
    assert not result.written
    assert Region.objects.count() == before + 1  # the other writer's grid only
    assert not Region.objects.filter(code="430321108203").exists()
    assert [(e["row"], e["column"]) for e in result.errors] == [(5, "区划代码")]
    assert "已存在" in result.errors[0]["message"]


@pytest.mark.parametrize("rows", [[NEW_VILLAGE], [GRID_A_COUNTED, GRID_B_AS_IT_IS]])
def test_a_planned_import_leaves_no_row_without_its_entry(users, regions, rows):
    # when
    _import(io.get_register("regions"), rows, users.governance)
    # then: fazhi ledger verify finds every region named by an entry and every chain whole
    verified = ledger.verify()
    assert verified.ok, verified.lines()
