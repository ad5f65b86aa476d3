"""The reports pages as a user meets them: the dashboard, a draft from the form, its preview
with figures opening their records, editing a section, the outputs."""

import json

from fazhi.reports.models import Report


def test_the_town_dashboard_shows_the_year_and_opens_the_records(login, users, actions):
    client = login(users.leader)
    page = client.get("/reports/?year=2021")
    assert page.status_code == 200
    html = page.content.decode()
    assert "制止焚烧秸秆" in html
    assert "<svg" in html
    # the value opens its records, within the town
    records = client.get("/reports/records/?code=enforcement.straw_burning_stops&year=2021&region=430321108")
    assert records.status_code == 200
    assert "歇马村" in records.content.decode()


def test_the_county_dashboard_puts_the_towns_side_by_side(login, users, actions):
    page = login(users.county).get("/reports/?year=2021")
    assert page.status_code == 200
    html = page.content.decode()
    assert "石鼓镇" in html and "易俗河镇" in html
    assert "全县" in html


def test_a_draft_from_the_form_then_a_section_edited_with_a_placeholder(login, users, regions, actions):
    client = login(users.gov_office)
    created = client.post(
        "/reports/annual/new/", {"region": regions.town.pk, "year": 2021, "outline": "reference"}
    )
    assert created.status_code == 302
    report = Report.objects.get(region=regions.town, year=2021)
    page = client.get(f"/reports/annual/{report.pk}/")
    html = page.content.decode()
    assert "制止焚烧秸秆10余起" in html
    assert "（待数据）" in html
    section = report.sections.get(key="enforcement")
    edited = client.post(
        f"/reports/annual/{report.pk}/sections/{section.pk}/",
        {
            "heading": section.heading,
            "level": 2,
            "item": 1,
            "body": "全年制止焚烧秸秆{enforcement.straw_burning_stops}起。",
        },
    )
    assert edited.status_code == 302
    assert "全年制止焚烧秸秆13起。" in client.get(f"/reports/annual/{report.pk}/").content.decode()
    md = client.get(f"/reports/annual/{report.pk}/report.md")
    assert "全年制止焚烧秸秆13起。" in md.content.decode()
    data = json.loads(client.get(f"/reports/annual/{report.pk}/report.json").content)
    figure = next(f for f in data["figures"] if f["code"] == "enforcement.straw_burning_stops")
    assert figure["value"] == 13 and len(figure["record_ids"]) == 23


def test_a_reader_cannot_edit(login, users, report):
    section = report.sections.first()
    answer = login(users.leader).post(f"/reports/annual/{report.pk}/sections/{section.pk}/", {"body": "x"})
    assert answer.status_code == 403


def test_the_home_page_lists_the_report_waiting_for_the_reader(login, users, report):
    # given a draft: 党政办 submits it; then it waits for 司法所's review
    assert "待办的年度报告" in login(users.gov_office).get("/").content.decode()
    from fazhi.reports.workflow import REPORT

    REPORT.fire(report, "submit", users.gov_office)
    home = login(users.judicial).get("/").content.decode()
    assert "待办的年度报告" in home and report.title in home
    # the leader has nothing to do yet (the 1 April deadline shows among the overdue items)
    assert "待办的年度报告" not in login(users.leader).get("/").content.decode()
