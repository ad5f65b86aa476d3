"""Published annual reports are downloadable as .docx (and PDF where the renderer is installed);
a draft never is."""

from __future__ import annotations

import pytest
from django.test import Client

from fazhi.reports import drafting
from fazhi.reports.models import Report


@pytest.fixture
def report(regions, users):
    return drafting.create_report(regions.town, 2021, users.gov_office)


def test_a_published_report_downloads_and_a_draft_does_not(report, regions):
    url = f"/public/{regions.town.code}/reports/{report.pk}/docx/"
    page = f"/public/{regions.town.code}/disclosure/"
    # given a draft: not listed, not downloadable
    assert report.title not in Client().get(page).content.decode()
    assert Client().get(url).status_code == 404
    # when it is published
    Report.objects.filter(pk=report.pk).update(state=Report.State.PUBLISHED)
    # then it is listed with its downloads
    assert report.title in Client().get(page).content.decode()
    response = Client().get(url)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    pdf = Client().get(f"/public/{regions.town.code}/reports/{report.pk}/pdf/")
    assert pdf.status_code in (200, 503)
    assert Client().get(f"/public/{regions.town.code}/reports/{report.pk}/md/").status_code == 404
    assert Client().get(f"/public/{regions.other_town.code}/reports/{report.pk}/docx/").status_code == 404
