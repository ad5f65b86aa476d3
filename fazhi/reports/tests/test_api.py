"""The API: figures with definitions and values for a scope and period; reports with steps."""

from rest_framework.test import APIClient


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_figures_for_a_town_and_a_year(users, actions):
    answer = _api(users.county).get("/api/v1/reports/figures/?region=430321108&year=2021")
    assert answer.status_code == 200
    row = next(r for r in answer.json() if r["code"] == "enforcement.straw_burning_stops")
    assert row["value"] == "13" and row["definition"] and row["unit"] == "起"
    other = _api(users.county).get(
        "/api/v1/reports/figures/enforcement.straw_burning_stops/?region=430321100&year=2021"
    )
    assert other.json()["value"] == "10"


def test_a_role_without_reports_view_is_refused(users):
    assert _api(users.officer).get("/api/v1/reports/figures/").status_code == 403


def test_a_report_drafted_and_stepped_through_the_api(users, regions, actions):
    client = _api(users.gov_office)
    created = client.post("/api/v1/reports/annual/", {"region": regions.town.pk, "year": 2021}, format="json")
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    steps = client.get(f"/api/v1/reports/annual/{pk}/steps/").json()
    assert any(s["name"] == "submit" and s["allowed"] for s in steps)
    assert client.post(f"/api/v1/reports/annual/{pk}/steps/submit/", {}, format="json").status_code == 200
    refused = _api(users.gov_office).post(f"/api/v1/reports/annual/{pk}/steps/review/", {}, format="json")
    assert refused.status_code == 403
    composed = client.get(f"/api/v1/reports/annual/{pk}/composed/").json()
    assert any(f["code"] == "enforcement.sand_mining_actions" for f in composed["figures"])
    md = client.get(f"/api/v1/reports/annual/{pk}/output/?fmt=md")
    assert "专项整治行动共20余次" in md.content.decode()
