"""Mediation's figures: counted from the disputes, each opening exactly its records."""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core import figures
from fazhi.core.figures import Period, evaluate, records
from fazhi.mediation import metrics as m
from fazhi.mediation.models import DisputeParty, Screening, Session

pytestmark = pytest.mark.django_db
Y2021 = Period.year(2021)


@pytest.fixture
def books(make_dispute, walker, med, users, regions):
    """2021 in 歇马村: two agreements, one failure, one still mediating, one declined; one
    dispute of 2020; two screenings."""

    def mediated(outcome, **fields):
        dispute = walker.walk(make_dispute(**fields), "accept", "mediate")
        Session.objects.create(
            dispute=dispute, held_at=dt.datetime(2021, 9, 10, tzinfo=dt.UTC), place="调解室", record="记录"
        )
        if outcome:
            walker.step(dispute, outcome)
        return dispute

    mediated("succeed", title="甲")
    mediated("succeed", title="乙")
    mediated("fail", title="丙")
    mediated(None, title="丁")
    declined = make_dispute(title="戊")
    party = declined.parties.get(role=DisputeParty.Role.RESPONDENT)
    party.consent = DisputeParty.Consent.REFUSED
    party.save()
    walker.step(declined, "decline")
    make_dispute(title="旧", registered_on=dt.date(2020, 5, 1))
    for day in (dt.date(2021, 3, 25), dt.date(2021, 4, 25)):
        Screening.objects.create(
            region=regions.village_a, screened_on=day, screened_by=users.cadre, found="排查"
        )


def test_it_counts_mediated_and_successful_disputes_and_their_rate(books, users):
    values = evaluate(
        [m.REGISTERED, m.MEDIATED_COUNT, m.SUCCEEDED_COUNT, m.SUCCESS_RATE, m.SCREENINGS],
        users.judicial,
        [Y2021],
    )
    assert values[m.REGISTERED].value == 5  # every dispute registered in 2021
    assert values[m.MEDIATED_COUNT].value == 3  # 甲 乙 丙: the declined and the open are not mediated
    assert values[m.SUCCEEDED_COUNT].value == 2
    assert values[m.SUCCESS_RATE].display.startswith("66.7")
    assert values[m.SCREENINGS].value == 2


def test_a_mediator_of_another_village_counts_none(books, med):
    values = evaluate([m.REGISTERED], med.mediator_b, [Y2021])
    assert values[m.REGISTERED].value == 0


def test_every_figure_opens_a_list_of_exactly_the_records_it_counts(books, users, login):
    client = login(users.judicial)
    codes = [f.code for f in figures.registered("mediation") if f.kind != figures.RATE]
    values = evaluate(codes, users.judicial, [Y2021])
    for code in codes:
        counted = records(code, users.judicial, Y2021)
        response = client.get(values[code].url)
        assert response.status_code == 200, code
        listed = {r.pk for r in response.context["page_obj"].object_list}
        assert listed == set(counted.values_list("pk", flat=True)), code
        assert values[code].value == len(listed), code
