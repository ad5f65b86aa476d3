"""The demo kit: the bulk path writes a ledger chain that verifies, builders run in order."""

from __future__ import annotations

import pytest

from fazhi.core import bulk, ledger
from fazhi.core import demo as kit
from fazhi.core.models import LedgerEntry, Region, RegionKind


def test_records_written_in_bulk_leave_a_chain_that_verifies(db):
    # given a region saved the ordinary way (its entry written by ledger.record)
    county = Region(code="430321", name="湘潭县", kind=RegionKind.COUNTY)
    county.save()
    before = LedgerEntry.objects.order_by("-id").values_list("id", flat=True).first()  # ids, not a count
    # when a hundred towns are inserted in bulk
    towns = bulk.insert(
        Region,
        [
            Region(
                code=f"430321{k:03d}",
                name=f"第{k}镇",
                kind=RegionKind.TOWN,
                parent=county,
                path=f"{county.path}430321{k:03d}/",
                depth=1,
            )
            for k in range(100, 200)
        ],
    )
    # then each has its "create" entry, all of one operation, and the chain verifies
    entries = LedgerEntry.objects.filter(id__gt=before).order_by("id")
    assert [e.object_id for e in entries] == [str(t.pk) for t in towns]
    assert {e.action for e in entries} == {"create"}
    assert len({e.operation for e in entries}) == 1 and entries[0].operation
    assert ledger.verify().ok
    # and an ordinary entry written afterwards chains on the last bulk one
    Region(code="430321300", name="后镇", kind=RegionKind.TOWN, parent=county).save()
    assert ledger.verify().ok


def test_builders_run_after_the_apps_they_need(monkeypatch):
    monkeypatch.setattr(kit, "_BUILDERS", {})
    monkeypatch.setattr(
        kit, "import_module", lambda name: (_ for _ in ()).throw(ModuleNotFoundError(name=name))
    )
    kit.register("grid", lambda ctx: None, after=("enforcement",))
    kit.register("enforcement", lambda ctx: None, volumes={"案件": 19})
    assert [b.app for b in kit.load_builders()] == ["enforcement", "grid"]


def test_the_demo_leaves_a_ledger_that_verifies(demo, db):
    assert ledger.verify().ok
    assert demo.other_town.name == "易俗河镇"


def test_it_refuses_a_historical_case_written_at_a_state_without_what_its_steps_recorded(enf, regions):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from fazhi.core import bulk
    from fazhi.enforcement.models import Case, CaseState

    # given: an archived case of 2019 without its closing and archiving dates
    row = Case(
        body=enf.body,
        region=regions.grid_a,
        party=enf.citizen,
        power=enf.power,
        cause="历史采砂案",
        act_date=dt.date(2019, 5, 1),
        state=CaseState.ARCHIVED,
        decided_on=dt.date(2019, 6, 1),
        decision_kind=Case.DecisionKind.PENALTY,
    )
    # when / then: refused, naming the row and the missing fields; nothing written
    with pytest.raises(ValidationError, match="第1条.*结案日期.*归档日期"):
        bulk.insert(Case, [row])
    assert not Case.objects.exists()
