"""Side steps at any open state (the state stays, each step in the ledger): 越级 (recorded, the
original dispatch stays on record), 抄告 (a copy to another village, whose cadres then read the
event and nothing more), 领导批示 (the town leader's instruction on the event's page and on the
handler's home)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.conftest import make_user
from fazhi.core.models import LedgerEntry
from fazhi.core.workflow import TransitionRefused
from fazhi.grid.workflow import EVENT

pytestmark = pytest.mark.django_db


def refusal(event, name, user, data=None) -> TransitionRefused:
    with pytest.raises(TransitionRefused) as caught:
        EVENT.fire(event, name, user, data or {})
    return caught.value


def step_url(event, name):
    return reverse("grid:event_step", args=[event.pk, name])


def test_a_leapfrog_is_recorded_and_the_original_dispatcher_stays(make_event, walk, users, login):
    event = walk(make_event(), "accept", "dispatch", "start_handling")
    refused = refusal(event, "leapfrog", users.cadre, {"reason": "涉及跨县水系"})
    assert refused.field == "unit" and "越级" in refused.article
    assert refusal(event, "leapfrog", users.cadre, {"unit": "县水利局"}).field == "reason"
    EVENT.fire(event, "leapfrog", users.cadre, {"unit": "县水利局", "reason": "涉及跨县水系，镇里无法协调"})
    event.refresh_from_db()
    assert (event.state, event.leapfrog_to, event.leapfrogged_by) == ("handling", "县水利局", users.cadre)
    assert (event.dispatched_by, event.dispatched_to) == (
        users.governance,
        users.cadre.memberships.get().region,
    )
    # a 回退 afterwards keeps the dispatcher and the leapfrog on record too
    EVENT.fire(event, "return", users.cadre, {"return_reason": "应由镇水利站处置"})
    event.refresh_from_db()
    assert (event.dispatched_by, event.leapfrog_to, event.state) == (users.governance, "县水利局", "accepted")
    page = login(users.governance).get(event.get_absolute_url()).content.decode()
    assert "越级报送县水利局" in page and "分派人" in page
    entry = LedgerEntry.objects.get(object_id=str(event.pk), action="transition:leapfrog")
    assert (entry.data["from"], entry.data["to"]) == ("handling", "handling")


def test_a_copy_lets_the_other_villages_cadres_read_the_event_and_nothing_more(
    make_event, walk, users, regions, login
):
    other_cadre = make_user("cadre_gutang", "village_cadre", regions.village_b, "古塘村干部")
    event = walk(make_event(description="排水沟堵塞影响古塘村农田"), "accept", "dispatch")
    reader = login(other_cadre)
    assert reader.get(event.get_absolute_url()).status_code == 404
    office = login(users.governance)
    refused = office.post(step_url(event, "copy_to"), {"copy_to-note": "请配合疏通"})
    assert refused.status_code == 409 and "抄告须选择" in refused.content.decode()
    answer = office.post(
        step_url(event, "copy_to"), {"copy_to-village": regions.village_b.pk, "copy_to-note": "请配合疏通"}
    )
    assert answer.status_code == 302
    event.refresh_from_db()
    assert event.state == "dispatched"
    # then: 古塘村's cadre reads it (page and list), takes no step on it
    reader = login(other_cadre)
    assert reader.get(event.get_absolute_url()).status_code == 200
    listed = reader.get(reverse("grid:event_list"))
    assert event.pk in [e.pk for e in listed.context["object_list"]]
    assert refusal(event, "start_handling", other_cadre).code == "forbidden"
    assert "古塘村：请配合疏通" in office.get(event.get_absolute_url()).content.decode()
    assert LedgerEntry.objects.filter(object_id=str(event.pk), action="transition:copy_to").exists()


def test_a_copy_to_a_village_without_cadres_is_refused(make_event, users, regions):
    event = make_event()
    refused = refusal(event, "copy_to", users.governance, {"village": regions.village_b.pk})
    assert refused.code == "no_reader" and refused.field == "village"


def test_a_leaders_instruction_shows_on_the_event_and_the_handlers_home(make_event, walk, users, login):
    event = walk(make_event(description="桥面护栏断裂"), "accept", "dispatch")
    assert refusal(event, "instruct", users.governance, {"instruction": "x"}).code == "forbidden"
    leader = login(users.leader)
    refused = leader.post(step_url(event, "instruct"), {"instruct-instruction": ""})
    assert refused.status_code == 409 and "批示内容" in refused.content.decode()
    leader.post(step_url(event, "instruct"), {"instruct-instruction": "请三日内修复，注意安全警示"})
    event.refresh_from_db()
    assert (event.state, event.instructed_by) == ("dispatched", users.leader)
    assert "请三日内修复，注意安全警示" in leader.get(event.get_absolute_url()).content.decode()
    home = login(users.cadre).get(reverse("home")).content.decode()
    assert "领导批示的网格事件" in home and "请三日内修复" in home


def test_side_steps_are_not_offered_on_a_closed_event(make_event, walk, users):
    event = walk(make_event(), "accept", "dispatch", "start_handling", "resolve", "check_pass")
    assert refusal(event, "instruct", users.leader, {"instruction": "再查"}).code == "state"
    assert refusal(event, "leapfrog", users.governance, {"unit": "县", "reason": "x"}).code == "state"
