"""行政处罚法 第三十七条 (从旧兼从轻): a power's legal basis has versions with the days they took
effect. The violation day selects the version; where a version that took effect before the
decision punishes more lightly or no longer makes the act an offence, it applies. The notice
and decision are checked against the version that applies, the decision records it and its
document names it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import basis, documents, rules
from fazhi.enforcement.models import BasisVersion, Case, CaseState
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE

pytestmark = pytest.mark.django_db

# the fixtures' case: act 2021-09-01, notice 2021-09-10 (fine ¥500), decision 2021-09-16


def _version(power, label, day, fine_max, **fields) -> BasisVersion:
    values = {"penalty_kinds": ["warning", "fine", "confiscation"], "fine_min": Decimal("0")}
    values.update(fields)
    return BasisVersion.objects.create(
        power=power, label=label, effective_from=day, fine_max=Decimal(fine_max), **values
    )


@pytest.fixture
def old(enf):
    return _version(enf.power, "2015年版", dt.date(2015, 1, 1), "100000")


def _refused(step, case, name, **data) -> TransitionRefused:
    before = Case.objects.filter(pk=case.pk).values().get()
    with pytest.raises(TransitionRefused) as refused:
        step(case, name, **data)
    assert Case.objects.filter(pk=case.pk).values().get() == before  # nothing changed
    return refused.value


def test_the_violation_day_selects_the_version_in_force_then_art37(enf, old, make_case, walk):
    # a heavier version took effect after the act, before the decision: the old one applies
    heavier = _version(enf.power, "2021年修订", dt.date(2021, 9, 14), "200000")
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    assert case.state == CaseState.DECIDED and case.basis_version == old
    assert basis.applicable(case, case.decided_on) == (old, old)
    assert heavier != case.basis_version


def test_a_lighter_version_before_the_decision_applies_and_limits_the_fine_art37(
    enf, old, make_case, walk, step
):
    # given a notice of ¥500 under the old version, then a version capping the fine at ¥400
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    lighter = _version(enf.power, "2021年修订", dt.date(2021, 9, 14), "400")
    # then a decision of ¥500 is refused on the fine, citing 第三十七条 and the version
    refusal = _refused(step, case, "decide")
    assert refusal.code == "fine_outside_basis" and refusal.field == "decided_fine"
    assert "第三十七条" in refusal.reason and "2021年修订" in refusal.reason
    assert refusal.article == rules.ART[37]
    # and one of ¥300 is decided on the new version, which the decision names
    case = step(case, "decide", decided_fine="300")
    assert case.basis_version == lighter
    doc = documents.decision(case)
    text = "\n".join(p.text for p in doc.docx.paragraphs)
    assert "2021年修订，2021年9月14日起施行" in text


def test_the_case_page_names_the_version_applied(enf, old, make_case, walk, login, users):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    body = login(users.officer).get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    assert "适用的依据版本" in body and "2015年版" in body


def test_no_penalty_once_a_newer_version_no_longer_makes_it_an_offence_art37(enf, old, make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    _version(enf.power, "2021年废止", dt.date(2021, 9, 14), "0", no_offence=True, penalty_kinds=[])
    refusal = _refused(step, case, "decide")
    assert refusal.code == "no_longer_offence" and "第三十七条" in refusal.reason
    assert "不予行政处罚" in refusal.reason
    case = step(case, "decide_no_penalty")
    assert case.decision_kind == Case.DecisionKind.NO_PENALTY and case.basis_version.no_offence


def test_a_notice_is_checked_against_the_version_of_its_day_art37(enf, old, make_case, walk, step):
    # a version that took effect before the notice and drops the fine
    _version(enf.power, "2021年修订", dt.date(2021, 9, 5), "0", penalty_kinds=["warning"], fine_min=None)
    case = walk(make_case(), "file", "investigate")
    refusal = _refused(step, case, "notify")
    assert refusal.code == "penalty_kind_not_provided" and refusal.field == "intended_penalties"
    assert "第三十七条" in refusal.reason
    step(case, "notify", intended_penalties=["warning"], intended_fine="", level=None)


def test_a_power_without_versions_stands_on_its_own_basis(enf, make_case, walk):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide")
    assert case.basis_version is None
    text = "\n".join(p.text for p in documents.decision(case).docx.paragraphs)
    assert enf.power.basis in text and "起施行" not in text


def test_the_power_page_adds_a_version_and_names_the_field_of_a_bad_one(login, users, enf):
    client = login(users.officer)
    url = reverse("enforcement:power_detail", args=[enf.power.pk])
    response = client.post(url, {"version-label": "2021年修订", "version-effective_from": "2021-09-14"})
    assert response.status_code == 400
    assert "第三十八条" in response.content.decode()  # no kinds ticked
    assert not BasisVersion.objects.exists()
    response = client.post(
        url,
        {
            "version-label": "2021年修订",
            "version-effective_from": "2021-09-14",
            "version-penalty_kinds": ["warning", "fine"],
            "version-fine_min": "0",
            "version-fine_max": "400",
        },
    )
    assert response.status_code == 302
    version = enf.power.basis_versions.get()
    assert version.fine_max == Decimal("400") and version.penalty_kinds == ["warning", "fine"]
    body = client.get(url).content.decode()
    assert "依据版本" in body and "2021年修订" in body and "2021-09-14" in body
