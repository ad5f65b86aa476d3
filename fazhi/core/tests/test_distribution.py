"""Scoping that costs the town, not the county: every region-scoped record carries its town's
code, set from its region by every way a record is written; a town's lists and figures select
by an index on it; every table is named in docs/scale.md with its distribution column, or as a
reference, local or not-yet-distributable table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.core import bulk, deadlines, distribution
from fazhi.core.figures import Period, evaluate
from fazhi.core.models import Deadline, DocumentCounter, Region
from fazhi.enforcement.metrics import CASES_FILED
from fazhi.enforcement.models import Case

SCALE_DOC = Path(__file__).resolve().parents[3] / "docs" / "scale.md"


def _project_models():
    return [m for m in apps.get_models() if m._meta.app_label != "sample" and not m._meta.proxy]


def test_every_table_has_a_layout():
    # a new model must be distributed (a town code) or declared reference, local or a gap
    missing = [m._meta.label_lower for m in apps.get_models() if distribution.layout(m)[0] == "none"]
    assert missing == []


def test_docs_scale_names_every_table():
    text = SCALE_DOC.read_text(encoding="utf-8")
    missing = [m._meta.db_table for m in _project_models() if f"`{m._meta.db_table}`" not in text]
    assert missing == []


def test_every_door_sets_the_town_code(enf, regions, make_case):
    # a save, a bulk write and a move to another town
    case = make_case()
    assert case.town_code == "430321108"
    made = bulk.insert(
        Case,
        [
            Case(
                body=enf.body,
                region=regions.grid_a,
                cause="批量案",
                party=enf.citizen,
                power=enf.power,
                act_date=dt.date(2021, 9, 1),
            )
        ],
    )
    assert Case.objects.get(pk=made[0].pk).town_code == "430321108"
    Case.objects.filter(pk=case.pk).update(region=regions.other_town)
    assert Case.objects.get(pk=case.pk).town_code == "430321100"
    county = Region.objects.get(code="430321")
    deadline_owner = Case.objects.get(pk=case.pk)
    deadline_owner.region = county
    deadline_owner.save(update_fields=["region"])
    assert Case.objects.get(pk=case.pk).town_code == "430321"  # a county record: the county's code


def test_a_town_reads_only_its_rows(users, regions, make_case):
    # given a case in each town
    mine = make_case(cause="石鼓镇案")
    make_case(cause="易俗河镇案", region=regions.other_town)
    # then the officer's scope is the town code, and the county supervisor's the county's prefix
    assert list(Case.objects.visible_to(users.officer)) == [mine]
    assert Case.objects.visible_to(users.county).count() == 2
    assert "town_code" in str(Case.objects.visible_to(users.officer).query)


def _plan(sql: str, params) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row) for row in cursor.fetchall())


@pytest.mark.django_db
def test_a_towns_list_and_figures_use_the_town_code_index(users, regions, make_case):
    # given cases in two towns
    make_case(cause="石鼓镇案")
    make_case(cause="易俗河镇案", region=regions.other_town)
    # when the plans of the officer's case list and the town's deadlines are explained
    queries = [
        Case.objects.visible_to(users.officer).order_by("-id"),
        Deadline.objects.visible_to(users.officer).filter(status="open"),
        Case.objects.under(regions.town).filter(filed_on__year=2021),
    ]
    # then each reads an index on the town code, and (PostgreSQL) scans no domain table whole
    for qs in queries:
        sql, params = qs.query.sql_with_params()
        plan = _plan(sql, params)
        assert "town_code" in plan, plan
        if connection.vendor == "postgresql":
            assert "Seq Scan on enforcement_case" not in plan and "Seq Scan on core_deadline" not in plan, (
                plan
            )


def test_a_towns_figures_select_by_the_town_code(regions, make_case):
    # given a case filed in 2021 in each town
    make_case(cause="石鼓镇案", filed_on=dt.date(2021, 5, 6))
    make_case(cause="易俗河镇案", region=regions.other_town, filed_on=dt.date(2021, 5, 6))
    # when the town's figure is computed
    with CaptureQueriesContext(connection) as queries:
        values = evaluate([CASES_FILED], regions.town, [Period.year(2021)])
    # then it counts the town's case, in one query on the town code
    assert values.get(CASES_FILED, Period.year(2021)).value == 1
    assert [q for q in queries.captured_queries if "enforcement_case" in q["sql"]][0]["sql"].count(
        "town_code"
    )


def test_the_parts_of_a_deadline_and_a_counter_carry_their_town(enf, users, make_case, walk):
    # given a filed case (its number from the body's counter) with its decision clock extended
    case = walk(make_case(), "file")
    deadline = Deadline.objects.get(object_id=str(case.pk), code="enforcement.decision")
    extension = deadlines.extend(deadline, reason="案情复杂", approver=users.leader, length=10)
    # then the extension and the body's number counter sit in the town's rows
    assert extension.town_code == deadline.town_code == "430321108"
    counter = DocumentCounter.objects.get(issuer_key=f"enforcement.enforcementbody:{enf.body.pk}")
    assert counter.town_code == "430321108"


def test_every_region_scoped_list_of_a_town_reads_the_town_code_index(users, make_case):
    # given a case (so that the tables are not empty)
    make_case()
    # when the officer's list of every region-scoped model is explained
    from fazhi.core.scoping import RegionScoped

    models_ = [
        m
        for m in apps.get_models()
        if issubclass(m, RegionScoped)
        and m._meta.app_label != "sample"
        and m._meta.label_lower not in distribution.READ_WHOLE
    ]
    for model in models_:
        qs = model._default_manager.visible_to(users.officer).order_by("-pk")
        try:
            sql, params = qs.query.sql_with_params()
        except EmptyResultSet:  # the officer reads none of it: no query at all
            continue
        plan = _plan(sql, params)
        # then each reads an index on the town code — or, where the officer reads only what is
        # their own (a legal adviser's records, by `owner_lookup`), the index on the owner —
        # and (PostgreSQL) scans no table whole
        owner = getattr(model, "owner_lookup", "")
        owned = bool(owner) and f"{owner.split('__')[-1]}_id" in plan
        assert "town_code" in plan or owned, (model._meta.label, plan)
        if connection.vendor == "postgresql":
            assert f"Seq Scan on {model._meta.db_table}" not in plan, (model._meta.label, plan)
