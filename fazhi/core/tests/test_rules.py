"""Rules a county or a town sets (fazhi.core.rules): the rule in force for a date and a region,
the town's over the county's, versions never edited once in force, the rules page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fazhi.core import rules
from fazhi.core.models import LedgerEntry, Rule

TODAY = timezone.localdate()
CODE = "sample.reply_period"  # declared by the sample app: 15 working days, 示例条例 第十条
BACKLOG = "test.backlog_months"


@pytest.fixture(autouse=True)
def backlog_rule():
    rules.declare(BACKLOG, "积案认定月数", rules.NUMBER, 3, "本系统默认（县规则未定）", unit="个月")
    yield
    rules.DECLARED.pop(BACKLOG, None)


def _add(user, region, value, since, code=BACKLOG, **kw):
    return rules.add_version(
        code=code,
        region=region,
        value=value,
        effective_from=since,
        citation="湘潭县司法局〔2021〕3号",
        user=user,
        **kw,
    )


def test_the_default_holds_until_a_region_sets_its_own(regions):
    found = rules.in_force(BACKLOG, regions.grid_a, TODAY)
    assert found.value == 3 and found.is_default and "默认" in found.citation


def test_the_towns_rule_overrides_the_countys_and_each_holds_from_its_date(regions, users):
    # given the county's rule since 2020 and 石鼓镇's own since 2021-07-01
    _add(users.county, regions.county, 6, dt.date(2020, 1, 1))
    _add(users.judicial, regions.town, 4, dt.date(2021, 7, 1))

    # then a grid of 石鼓镇 reads the county's rule before July 2021 and the town's after
    assert rules.value(BACKLOG, regions.grid_a, on=dt.date(2021, 6, 30)) == 6
    assert rules.value(BACKLOG, regions.grid_a, on=dt.date(2021, 7, 1)) == 4
    # another town reads the county's; before 2020 the default holds
    assert rules.value(BACKLOG, regions.other_grid, on=dt.date(2021, 7, 1)) == 6
    assert rules.value(BACKLOG, regions.grid_a, on=dt.date(2019, 12, 31)) == 3


def test_a_new_version_replaces_the_old_from_its_date_and_a_lapsed_rule_falls_back(regions, users):
    _add(users.county, regions.county, 6, dt.date(2020, 1, 1))
    _add(users.county, regions.county, 5, dt.date(2022, 1, 1))
    _add(users.judicial, regions.town, 2, dt.date(2021, 1, 1), effective_to=dt.date(2021, 12, 31))
    assert rules.value(BACKLOG, regions.town, on=dt.date(2021, 5, 1)) == 2
    assert rules.value(BACKLOG, regions.town, on=dt.date(2022, 5, 1)) == 5
    assert rules.value(BACKLOG, regions.town, on=dt.date(2020, 5, 1)) == 6


def test_it_validates_the_value_by_kind(regions, users):
    with pytest.raises(ValidationError):
        _add(users.judicial, regions.town, "三个月", TODAY)
    with pytest.raises(ValidationError):
        _add(users.judicial, regions.town, {"length": 0, "unit": "days"}, TODAY, code=CODE)
    assert rules.value_errors(rules.CHECKLIST, ["现场照片", "询问笔录"]) is None
    assert rules.value_errors(rules.CHECKLIST, []) is not None
    assert rules.value_errors(rules.TABLE, {"土地": {"length": 30, "unit": "days"}, "婚姻": 15}) is None
    assert rules.value_errors(rules.TABLE, {"土地": [1]}) is not None


def test_a_version_in_force_is_never_edited(regions, users):
    rule = _add(users.judicial, regions.town, 4, TODAY - dt.timedelta(days=1))
    rule.value = 9
    with pytest.raises(ValidationError):
        rule.save()
    assert Rule.objects.get(pk=rule.pk).value == 4


def test_only_the_county_supervisor_and_the_towns_judicial_office_set_rules(regions, users):
    # the judicial office sets its town's rule, not the county's nor another town's
    with pytest.raises(PermissionDenied):
        _add(users.judicial, regions.county, 4, TODAY)
    with pytest.raises(PermissionDenied):
        _add(users.judicial, regions.other_town, 4, TODAY)
    # the county supervisor sets the county's, not a town's; others none
    with pytest.raises(PermissionDenied):
        _add(users.county, regions.town, 4, TODAY)
    for name in ("leader", "gov_office", "sysadmin", "grid_a"):
        with pytest.raises(PermissionDenied):
            _add(getattr(users, name), regions.town, 4, TODAY)
    assert list(rules.regions_for(users.county)) == [regions.county]
    assert list(rules.regions_for(users.judicial)) == [regions.town]


def test_a_new_version_is_ledgered(regions, users):
    rule = _add(users.judicial, regions.town, 4, TODAY)
    assert LedgerEntry.objects.filter(
        object_type="core.rule", object_id=str(rule.pk), action="create"
    ).exists()


def test_the_rules_page_shows_each_declared_rule_with_its_value_in_force(client, regions, users):
    # given the town's own backlog rule
    _add(users.judicial, regions.town, 4, dt.date(2021, 1, 1))

    # when a grid worker of the town opens the rules page
    client.force_login(users.grid_a)
    body = client.get(reverse("core:rules")).content.decode()

    # then the town's value and source are shown, and the default of the rule it did not set
    assert "积案认定月数" in body and "4个月" in body and "湘潭县司法局〔2021〕3号" in body
    assert "示例答复期限" in body and "15个工作日" in body and "示例条例 第十条" in body


def test_the_judicial_office_adds_a_version_through_the_page(client, regions, users):
    # when the judicial office posts a new version of the reply period
    client.force_login(users.judicial)
    url = reverse("core:rule_add", args=[CODE])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "region": regions.town.pk,
            "effective_from": "2021-03-01",
            "citation": "石鼓镇人民政府〔2021〕5号",
            "length": 10,
            "period_unit": "days",
        },
    )

    # then it is the rule in force from that day, listed in the rule's history
    assert response.status_code == 302
    assert rules.value(CODE, regions.grid_a, on=dt.date(2021, 3, 1)) == {"length": 10, "unit": "days"}
    history = client.get(reverse("core:rule_detail", args=[CODE])).content.decode()
    assert "石鼓镇人民政府〔2021〕5号" in history and "10日" in history


def test_the_page_refuses_a_region_the_user_may_not_set(client, regions, users):
    client.force_login(users.judicial)
    response = client.post(
        reverse("core:rule_add", args=[BACKLOG]),
        {"region": regions.county.pk, "effective_from": "2021-03-01", "citation": "x", "number": "2"},
    )
    assert response.status_code == 200  # the form again, with the region refused
    assert not Rule.objects.exists()
