"""Links between records and the "create from this record" actions (fazhi.core.links): an app
offers to create its record from another app's record without importing it."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from fazhi.core import links, roles
from fazhi.core.models import LedgerEntry, RecordLink
from fazhi.testing.sample.models import Matter
from fazhi.testing.sample.models import Person as Party


@pytest.fixture
def event(regions):
    """A grid event (a sample matter stands in for it) in grid A."""
    return Matter.objects.create(region=regions.grid_a, title="村道占道堆放")


@pytest.fixture
def to_dispute():
    """The mediation app's offer: a dispute from a grid event (here: the deadlines page stands in
    for its create page); removed after the test."""
    action = links.register_action("sample.Matter", "转为矛盾纠纷", "core:deadlines", roles.MANAGE_REGIONS)
    yield action
    links.unregister_action(action)


def _render(record, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return Template('{% include "core/_record_actions.html" with record=record %}').render(
        Context({"record": record, "request": request})
    )


def test_it_offers_the_registered_action_to_who_holds_its_permission_over_the_record(
    event, users, to_dispute
):
    # given an action registered for matters, under a permission the 综治办 holds
    # when the 综治办 and a grid worker look at the event
    offered = links.actions_for(event, users.governance)

    # then the 综治办 is offered it, with the event named in the link; the grid worker is not
    assert [a["label"] for a in offered] == ["转为矛盾纠纷"]
    assert offered[0]["url"].endswith(f"?from=sample.matter%3A{event.pk}")
    assert links.actions_for(event, users.grid_a) == []
    assert links.actions_for(event, users.other_officer) == []


def test_the_page_include_shows_the_actions(event, users, to_dispute):
    html = _render(event, users.governance)
    assert "由此生成" in html and "转为矛盾纠纷" in html
    assert _render(event, users.grid_a).strip() == ""


def test_an_action_whose_page_is_not_installed_is_left_out(event, users):
    action = links.register_action("sample.matter", "转为信访事项", "petitions:create", roles.VIEW_RECORDS)
    try:
        assert links.actions_for(event, users.governance) == []
    finally:
        links.unregister_action(action)


def test_the_target_reads_its_source_back_only_if_the_user_may_read_it(event, users, regions):
    # given the create page opened from the event's action
    request = RequestFactory().get("/", {"from": links.source_token(event)})

    # then the 综治办 of the town gets the event, another town's officer nothing
    request.user = users.governance
    assert links.source_from(request) == event
    request.user = users.other_officer
    assert links.source_from(request) is None
    # and a source of a model the target does not accept, or garbage, is nothing
    request.user = users.governance
    assert links.source_from(request, allowed=("sample.person",)) is None
    for token in ("nonsense", "sample.matter:abc", "no.such:1"):
        bad = RequestFactory().get("/", {"from": token})
        bad.user = users.governance
        assert links.source_from(bad) is None


def test_linking_records_both_ways_and_ledgered(event, users, regions):
    # given a dispute created from the event (a party record stands in for the dispute)
    dispute = Party.objects.create(region=regions.grid_a, name="张三")

    # when they are linked
    link = links.link(event, dispute, user=users.governance)

    # then each record lists the other, the link is one row however often it is made, and ledgered
    assert links.link(event, dispute) == link
    assert RecordLink.objects.count() == 1
    (outgoing,) = links.links_of(event, users.governance)
    (incoming,) = links.links_of(dispute, users.governance)
    assert outgoing.outgoing and outgoing.other == dispute
    assert not incoming.outgoing and incoming.other == event
    assert LedgerEntry.objects.filter(object_type="core.recordlink", action="create").count() == 1
    html = _render(event, users.governance)
    assert "关联记录" in html and "张三" in html


def test_a_link_is_read_by_who_reads_its_source(event, users, regions):
    other = Matter.objects.create(region=regions.grid_a, title="另一事件")
    link = links.link(event, other)
    assert RecordLink.objects.visible_to(users.grid_a).filter(pk=link.pk).exists()
    assert not RecordLink.objects.visible_to(users.other_officer).exists()


def test_a_record_cannot_be_linked_to_itself(event):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        links.link(event, event)
