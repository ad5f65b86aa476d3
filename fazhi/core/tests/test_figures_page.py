"""口径说明: every registered figure with its code, definition, source and rule in force, open to
every role that reads records; with a year, the reader's own values, each opening its records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.core import figures

URL = reverse("core:figures")


def test_it_lists_every_registered_figure_with_its_definition_source_and_rule(login, users):
    # when the leader opens the page
    response = login(users.leader).get(URL)
    body = response.content.decode()
    # then every registered figure is there, by app, with what it means and where that comes from
    assert response.status_code == 200
    assert "统计指标口径说明" in body and "行政执法" in body
    for figure in figures.registered():
        assert figure.code in body
        assert str(figure.definition) in body
    assert "《中华人民共和国行政处罚法》第五十四条（立案）" in body
    assert "国办公开办函〔2021〕30号" in body
    # the rule in force says which records, which date and which condition
    assert "记录：行政处罚案件；统计期按：立案日期；计：记录数" in body
    assert "条件：状态为 已结案、已归档" in body
    assert "计：罚款金额（元）之和" in body
    # and a rate names its numerator and denominator
    assert "分子：" in body and "罚款收缴率" in body


@pytest.mark.parametrize("who", ["grid_a", "cadre", "governance", "county", "officer"])
def test_every_role_that_reads_records_may_open_it(login, users, who):
    assert login(getattr(users, who)).get(URL).status_code == 200


@pytest.mark.parametrize("who", ["sysadmin", "secadmin", "auditor", "nobody"])
def test_the_system_administrators_and_accounts_without_a_role_may_not(login, users, who):
    assert login(getattr(users, who)).get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, regions):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_has_a_menu_entry_for_readers_of_records_only(login, users):
    assert "口径说明" in login(users.grid_a).get(reverse("home")).content.decode()
    assert "口径说明" not in login(users.sysadmin).get(reverse("home")).content.decode()


def test_a_bad_year_shows_the_definitions_without_values(login, users):
    response = login(users.leader).get(URL, {"year": "abc"})
    assert response.status_code == 200
    assert response.context["year"] is None
