"""The demo's disclosure records: 石鼓镇's 2021 template adds up, covers every applicant type and
most outcomes, and the 党政办 has open work now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core import figures
from fazhi.core.models import User
from fazhi.disclosure import metrics
from fazhi.disclosure.metrics import t3
from fazhi.disclosure.models import Publication, Request

pytestmark = pytest.mark.django_db
TOWN = "430321108"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Core's demo town and accounts with this app's builder, once for the module inside a
    transaction rolled back afterwards (the whole demo is `fazhi demo`; building only this app
    keeps the suite short). Each test runs in a savepoint, as any `db` test."""
    import time

    from django.db import transaction

    from fazhi.core import demo as kit
    from fazhi.core.ledger import acting_as
    from fazhi.disclosure import demo as disclosure_demo

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with acting_as(None, "command"):
                ctx = kit.build()
                started = time.monotonic()
                disclosure_demo.build(ctx)
                ctx.log.append(f"disclosure demo built in {time.monotonic() - started:.1f} s")
            yield ctx
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_the_2021_template_adds_up_and_covers_the_applicant_types(demo, db):  # noqa: F811
    print(demo.log[-1])
    office = User.objects.get(username="govoffice")
    period = figures.Period.year(2021)
    codes = [t3(r) for r in ("1", "2", "3_7", "4")] + [metrics.CHECK_OPEN, metrics.CHECK_LATE]
    codes += [t3("1", c) for c in ("1", "2_1", "2_2", "2_3", "2_4", "2_5")]
    values = figures.evaluate(codes, office, [period])
    got = {c: values.get(c).value for c in codes}
    assert got[t3("2")] == 2 and got[t3("4")] == 1
    assert got[t3("1")] + got[t3("2")] == got[t3("3_7")] + got[t3("4")]
    assert got[metrics.CHECK_OPEN] == got[metrics.CHECK_LATE] == 0
    assert all(got[t3("1", c)] >= 1 for c in ("1", "2_1", "2_2", "2_3", "2_4", "2_5"))
    outcomes = set(
        Request.objects.filter(town_code=TOWN, closed_on__year=2021).values_list("outcome", flat=True)
    )
    assert {"1", "2", "3.4", "4.1", "4.2", "5.1", "5.2", "6.1", "6.2"} <= outcomes


def test_the_office_has_open_requests_and_publications_due(demo, client):  # noqa: F811
    client.force_login(User.objects.get(username="govoffice"))
    assert Request.objects.filter(town_code=TOWN).exclude(state="closed").count() == 4
    home = client.get(reverse("home")).content.decode()
    assert "政府信息公开申请" in home and "待主动公开的信息" in home
    page = client.get(reverse("disclosure:annual"), {"year": 2021}).content.decode()
    assert "勾稽关系成立" in page
    assert Publication.objects.filter(town_code=TOWN, first_published_on__isnull=True).count() == 2
    assert client.get(reverse("disclosure:index")).status_code == 200
    directory = client.get(reverse("disclosure:directory")).content.decode()
    assert "徐彬" in directory and "<img" in directory


def test_every_demo_request_page_and_reply_document_opens(demo, client):  # noqa: F811
    import io

    from docx import Document

    client.force_login(User.objects.get(username="govoffice"))
    for name in ("request_list", "publication_list", "catalogue_list", "yearly_list"):
        assert client.get(reverse(f"disclosure:{name}")).status_code == 200
    for req in Request.objects.filter(
        town_code=TOWN, received_on__year__gte=2020, received_on__year__lte=2021
    ):
        assert client.get(reverse("disclosure:request_detail", args=[req.pk])).status_code == 200
        answer = client.get(reverse("disclosure:request_document", args=[req.pk]))
        assert answer.status_code == 200, req.number
        text = "\n".join(p.text for p in Document(io.BytesIO(answer.content)).paragraphs)
        assert "行政复议" in text and "行政诉讼" in text, req.number
    for pub in Publication.objects.filter(town_code=TOWN)[:5]:
        assert client.get(reverse("disclosure:publication_detail", args=[pub.pk])).status_code == 200
