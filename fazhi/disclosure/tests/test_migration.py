"""Migration 0004: the disclosure app's own 复议/诉讼 rows move into the one litigation register,
linked to their request, and table 四 counts them there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fazhi.core import figures
from fazhi.core.frozen import importing_at_state
from fazhi.core.models import RecordLink
from fazhi.disclosure.metrics import t4
from fazhi.disclosure.models import Request
from fazhi.litigation.models import Proceeding

BEFORE = [("disclosure", "0003_online_tracking")]
AFTER = [("disclosure", "0004_review_cases_into_litigation")]


@pytest.mark.django_db(transaction=True)
def test_review_cases_move_into_the_litigation_register(regions, users):
    # given the schema before the move, a refused request and two cases of the old register
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    with importing_at_state():
        req = Request.objects.create(
            region=regions.town,
            applicant_type="business",
            applicant_name="湘潭某建材有限公司",
            identity_proof="统一社会信用代码",
            description="某信息",
            channel="in_person",
            submitted_on=dt.date(2021, 4, 1),
            received_on=dt.date(2021, 4, 1),
            state=Request.State.CLOSED,
            closed_on=dt.date(2021, 4, 20),
            replied_on=dt.date(2021, 4, 20),
            outcome="3.4",
        )
    ReviewCase = old.get_model("disclosure", "ReviewCase")
    ReviewCase.objects.create(
        region_id=regions.town.pk,
        town_code=regions.town.code,
        request_id=req.pk,
        kind="reconsideration",
        organ="湘潭县人民政府",
        case_number="湘县政复〔2021〕第37号",
        applicant="湘潭某建材有限公司",
        filed_on=dt.date(2021, 5, 10),
        result="upheld",
        decided_on=dt.date(2021, 7, 1),
    )
    ReviewCase.objects.create(
        region_id=regions.town.pk,
        town_code=regions.town.code,
        kind="suit_after",
        organ="湘潭县人民法院",
        applicant="某申请人",
        filed_on=dt.date(2021, 9, 1),
    )
    # when the migration runs
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    # then both are in the register as 政府信息公开 cases, the first linked to its request
    moved = {p.case_number: p for p in Proceeding.objects.filter(matter="disclosure")}
    review = moved["湘县政复〔2021〕第37号"]
    assert (review.route, review.result, review.concluded_on) == ("review", "upheld", dt.date(2021, 7, 1))
    assert review.applicant_kind == "organization" and review.concerns_id == str(req.pk)
    assert RecordLink.objects.filter(from_id=str(req.pk), to_id=str(review.pk), kind="related").exists()
    suit = moved[""]
    assert (suit.route, suit.result, suit.concerns_id) == ("after_review", "pending", "")
    # and table 四 counts them: 复议 维持 1, 复议后起诉 尚未审结 1
    values = figures.evaluate([t4(n) for n in range(1, 16)], users.gov_office, [figures.Period.year(2021)])
    assert [values[t4(n)].value for n in range(1, 16)] == [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
