"""Figures the town publishes: each declared figure with its value for the last complete year
and its definition (口径说明)."""

from __future__ import annotations

from django.test import Client

from fazhi.core import figures
from fazhi.portal.figures import published_codes


def test_each_published_figure_shows_with_its_definition(published, regions):
    body = Client().get(f"/public/{regions.town.code}/figures/").content.decode()
    assert published_codes()
    for code in published_codes():
        figure = figures.get(code)
        assert str(figure.label) in body and str(figure.definition)[:20] in body


def test_a_year_is_chosen_and_counts_the_decisions_of_that_year(published, regions):
    year = published.shown.decided_on.year
    page = Client().get(f"/public/{regions.town.code}/figures/", {"year": year})
    if year in page.context["years"]:
        [decided] = [v for v in page.context["values"] if v.code == "enforcement.penalty_decisions"]
        assert decided.value == 3
    assert Client().get(f"/public/{regions.town.code}/figures/", {"year": "abc"}).status_code == 200
