"""行政处罚决定公示: published decisions, the party masked; withdrawn (行政处罚法 第四十八条) and
unpublished ones are not shown; searchable by year, power and village; paged."""

from __future__ import annotations

from django.test import Client


def _page(regions, **query):
    return Client().get(f"/public/{regions.town.code}/decisions/", query).content.decode()


def test_only_the_published_decision_is_shown_masked(published, regions):
    body = _page(regions)
    assert published.shown.number in body and "张某某" in body
    assert published.withdrawn.number not in body
    assert published.unpublished.number not in body


def test_a_withdrawn_decision_disappears(published, regions, step):
    assert published.shown.number in _page(regions)
    # when it is changed and its publication withdrawn
    step(published.shown, "record_change")
    step(published.shown, "withdraw_publication")
    # then it is gone
    assert published.shown.number not in _page(regions)


def test_it_searches_by_year_power_and_village(published, regions, enf):
    number = published.shown.number
    year = published.shown.decided_on.year
    assert number in _page(regions, year=year)
    assert number not in _page(regions, year=year - 5)
    assert number in _page(regions, power=enf.power.pk)
    assert number not in _page(regions, power=enf.catalogued.pk)
    village = published.shown.region.code
    assert number in _page(regions, village=village)
    assert number not in _page(regions, village=regions.village_b.code) or village == regions.village_b.code


def test_another_towns_page_does_not_show_it(published, regions):
    body = Client().get(f"/public/{regions.other_town.code}/decisions/").content.decode()
    assert published.shown.number not in body


def test_nonsense_filters_do_not_break_the_page(published, regions):
    assert (
        Client()
        .get(f"/public/{regions.town.code}/decisions/", {"year": "x", "power": "9" * 30, "page": "zz"})
        .status_code
        == 200
    )
