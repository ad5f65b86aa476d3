"""Issue 10, the audited rules: the penalty stands on its basis (行政处罚法 第三十四、三十八条),
dates that cannot lie, and execution the way the law runs it (第六十六、七十二、七十三条;
行政强制法 第三十五、五十三、五十四条). Each refusal names its field, cites its article and
changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core.workflow import TransitionRefused
from fazhi.enforcement import documents, execution, rules
from fazhi.enforcement.models import Case, CaseState, DiscretionLevel
from fazhi.enforcement.tests.conftest import THROUGH_NOTICE
from fazhi.litigation.testing import build_proceeding

pytestmark = pytest.mark.django_db


def _refused(step, case, name, **data) -> TransitionRefused:
    before = Case.objects.filter(pk=case.pk).values().get()
    with pytest.raises(TransitionRefused) as refused:
        step(case, name, **data)
    assert Case.objects.filter(pk=case.pk).values().get() == before  # nothing changed
    return refused.value


# --- 第三十八条: the penalty stands on its basis -------------------------------------------------


def test_an_inactive_power_cannot_file_notify_or_decide_art38(enf, make_case, step, walk):
    # given a draft case and one filed and investigated, on a power later marked 无效
    draft = make_case()
    open_case = walk(make_case(), "file", "investigate")
    enf.power.active = False
    enf.power.save()
    # then filing, notice and decision are refused, citing 第三十八条
    for case, name in [(draft, "file"), (open_case, "notify")]:
        refusal = _refused(step, case, name)
        assert refusal.code == "power_inactive" and "第三十八条" in refusal.reason


def test_the_api_does_not_file_a_case_on_an_inactive_power_art38(enf, regions, login, users):
    enf.power.active = False
    enf.power.save()
    response = login(users.officer).post(
        "/api/v1/enforcement/cases/",
        {
            "body": enf.body.pk,
            "region": regions.grid_a.pk,
            "cause": "非法采砂案",
            "party": enf.citizen.pk,
            "power": enf.power.pk,
            "act_date": "2021-09-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "power" in response.json()
    assert not Case.objects.exists()


def test_a_notice_of_a_kind_the_basis_does_not_provide_is_refused_art38(make_case, walk, step):
    # given the power provides 警告, 没收违法所得, 罚款 and 暂扣、吊销许可证件 only
    case = walk(make_case(), "file", "investigate")
    # when the notice intends 责令停产停业
    refusal = _refused(step, case, "notify", intended_penalties=["suspend_business"], intended_fine=None)
    # then refused on the field, citing 第三十八条
    assert refusal.code == "penalty_kind_not_provided" and refusal.field == "intended_penalties"
    assert "第三十八条" in refusal.reason and "责令停产停业" in refusal.reason


def test_a_decision_of_a_kind_the_basis_does_not_provide_is_refused_art38(enf, make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    refusal = _refused(step, case, "decide", decided_penalties=["close"], decided_fine=None)
    assert refusal.code == "penalty_kind_not_provided" and refusal.field == "decided_penalties"


def test_a_town_never_detains_art18(make_case, walk, step):
    case = walk(make_case(), "file", "investigate")
    refusal = _refused(step, case, "notify", intended_penalties=["detention"], intended_fine=None)
    assert refusal.code == "detention_not_town" and "第十八条" in refusal.reason


def test_a_fine_outside_the_range_of_the_basis_is_refused_art38(enf, make_case, walk, step):
    enf.power.fine_min, enf.power.fine_max = Decimal("1000"), Decimal("50000")
    enf.power.save()
    case = walk(make_case(), "file", "investigate")
    refusal = _refused(step, case, "notify", intended_fine="800", level="general")
    assert refusal.code == "fine_outside_basis" and refusal.field == "intended_fine"
    assert "1000" in refusal.reason and "50000" in refusal.reason


def test_a_discretion_level_with_no_fine_range_allows_no_fine_art34(enf, make_case, walk, step):
    # given the 轻微 level sets no fine range (不处罚款)
    DiscretionLevel.objects.filter(pk=enf.levels["minor"].pk).update(fine_min=None, fine_max=None)
    case = walk(make_case(), "file", "investigate")
    # when a fine is intended at that level, even with a reason recorded
    refusal = _refused(
        step, case, "notify", intended_fine="200", level="minor", fine_outside_range_reason="情节特殊"
    )
    # then it is refused, not waved through
    assert refusal.code == "level_without_fine" and "第三十四条" in refusal.reason


# --- dates that cannot lie --------------------------------------------------------------------------


def test_a_notice_dated_next_month_is_refused_and_nothing_is_stuck(make_case, walk, step):
    case = walk(make_case(), "file", "investigate")
    next_month = (timezone.localdate() + dt.timedelta(days=31)).isoformat()
    refusal = _refused(step, case, "notify", notified_on=next_month)
    assert refusal.code == "date_in_future" and refusal.field == "notified_on"
    # and the case can still be notified on a real day
    step(case, "notify")
    assert case.state == CaseState.NOTIFIED


def test_a_case_is_not_filed_before_the_violation(make_case, step):
    case = make_case(act_date=dt.date(2021, 9, 10))
    refusal = _refused(step, case, "file", filed_on="2021-09-06")
    assert refusal.code == "date_out_of_order" and refusal.field == "filed_on"
    assert "违法行为发生日期" in refusal.reason


def test_a_notice_is_not_dated_before_the_filing(make_case, walk, step):
    case = walk(make_case(), "file", "investigate")
    refusal = _refused(step, case, "notify", notified_on="2021-09-01")
    assert refusal.code == "date_out_of_order" and "立案日期" in refusal.reason


def test_a_decision_is_not_dated_before_the_review_it_relies_on_art58(make_case, walk, step):
    case = walk(make_case(), "file", "investigate", "submit_for_review")
    step(case, "approve_review", reviewed_on="2021-09-09")
    step(case, "notify", notified_on="2021-09-10")
    step(case, "record_statement", statement_on="2021-09-13")
    refusal = _refused(step, case, "decide", decided_on="2021-09-08")
    assert refusal.code in ("date_out_of_order", "decided_before_notice")


def test_archiving_is_not_dated_before_closing(make_case, walk, step):
    case = walk(
        make_case(), *THROUGH_NOTICE, "record_statement", "decide", "serve", "record_payment", "close"
    )
    refusal = _refused(step, case, "archive", archived_on="2021-09-20")
    assert refusal.code == "date_out_of_order" and "结案日期" in refusal.reason


# --- execution ------------------------------------------------------------------------------------


@pytest.fixture
def served(make_case, walk):
    """A ¥500 fine served on 2021-09-17, due 2021-10-02."""
    return walk(make_case(), *THROUGH_NOTICE, "record_statement", "decide", "serve")


def test_the_surcharge_leaves_out_the_days_a_review_was_pending_art73(served, step):
    # given a 复议 filed on 2021-10-05 and decided (维持) on 2021-11-04: 30 days pending
    build_proceeding(
        concerns=served, filed_on=dt.date(2021, 10, 5), concluded_on=dt.date(2021, 11, 4), result="upheld"
    )
    # when the fine is paid on 2021-11-08: 37 days after the due day, 30 of them pending
    assert execution.paused_days(served, dt.date(2021, 11, 8)) == 30
    assert execution.surcharge(served, dt.date(2021, 11, 8)) == Decimal("105.00")  # 7 days × 15
    refusal = _refused(step, served, "record_payment", paid_on="2021-11-08", amount_paid="500")
    assert "第七十三条第三款" in refusal.reason and "应缴605.00元" in refusal.reason
    step(served, "record_payment", paid_on="2021-11-08", amount_paid="605")
    assert served.surcharge == Decimal("105.00")


def test_a_deferred_payment_counts_the_surcharge_from_the_approved_day_art66(served, step):
    # given the leader approves paying by 2021-11-30 (第六十六条第二款)
    step(
        served, "defer_payment", "leader", applied_on="2021-09-28", new_due_on="2021-11-30", reason="家庭困难"
    )
    assert served.fine_due_on == dt.date(2021, 11, 30) and served.payment_deferred_to == dt.date(2021, 11, 30)
    # then a payment on 2021-11-30 carries no surcharge
    step(served, "record_payment", paid_on="2021-11-30", amount_paid="500")
    assert served.surcharge == Decimal("0.00")


def test_deferral_is_the_leaders_approval(served, step):
    with pytest.raises(TransitionRefused):
        step(
            served,
            "defer_payment",
            "officer",
            applied_on="2021-09-28",
            new_due_on="2021-11-30",
            reason="困难",
        )


def test_compulsory_execution_waits_for_the_remedy_periods_coercion_art53(served, step):
    # 复议 60 days, 诉讼 6 months from service (2021-09-17): the window opens 2022-03-18
    assert rules.execution_window(dt.date(2021, 9, 17)) == (dt.date(2022, 3, 18), dt.date(2022, 6, 17))
    step(served, "remind", reminded_on="2022-03-01")
    refusal = _refused(step, served, "apply_compulsory", applied_on="2022-03-10")
    assert refusal.code == "remedy_periods_running" and "行政强制法第五十三条" in refusal.reason
    refusal = _refused(step, served, "apply_compulsory", applied_on="2022-06-20")
    assert refusal.code == "execution_window_closed"
    step(served, "apply_compulsory", applied_on="2022-03-18")
    assert served.compulsory_execution_applied_on == dt.date(2022, 3, 18)


def test_compulsory_execution_needs_a_reminder_served_ten_days_before_coercion_art54(served, step):
    refusal = _refused(step, served, "apply_compulsory", applied_on="2022-03-20")
    assert refusal.code == "not_reminded" and "行政强制法第五十四条" in refusal.reason
    step(served, "remind", reminded_on="2022-03-15")
    refusal = _refused(step, served, "apply_compulsory", applied_on="2022-03-25")
    assert refusal.code == "reminder_period" and "2022-03-26" in refusal.reason
    step(served, "apply_compulsory", applied_on="2022-03-26")
    assert served.state == CaseState.EXECUTING


def test_no_reminder_before_the_payment_period_ran_out(served, step):
    refusal = _refused(step, served, "remind", reminded_on="2021-10-01")
    assert refusal.code == "reminder_before_due"


def test_no_compulsory_execution_while_a_suit_is_pending_coercion_art53(served, step):
    step(served, "remind", reminded_on="2022-03-01")
    build_proceeding(concerns=served, route="direct", organ="湘潭县人民法院", filed_on=dt.date(2022, 1, 10))
    refusal = _refused(step, served, "apply_compulsory", applied_on="2022-03-20")
    assert refusal.code == "review_or_suit_pending" and "2022-01-10" in refusal.reason


def test_the_reminder_is_a_case_document_with_the_amounts(served, step, login, users):
    step(served, "remind", reminded_on="2021-10-12")
    doc, filename = documents.case_document(served, "reminder")
    text = "\n".join(p.text for p in doc.docx.paragraphs)
    assert doc.title == "催告书" and filename.endswith("催告书.docx")
    assert "行政强制法》第三十五条、第五十四条" in text and "陈述和申辩" in text
    assert "¥150.00" in text  # 10 days × 3% of ¥500 by 2021-10-12
    page = login(users.officer).get(reverse("enforcement:case_detail", args=[served.pk])).content.decode()
    assert reverse("enforcement:case_document", args=[served.pk, "reminder"]) in page


# --- documents ------------------------------------------------------------------------------------


def test_a_document_before_its_step_carries_a_draft_mark(make_case, walk):
    case = walk(make_case(), "file", "investigate")
    doc, filename = documents.case_document(case, "notice")
    header = "".join(p.text for p in doc.docx.sections[0].header.paragraphs)
    assert "草稿" in header and "草稿" in filename
    notified = walk(make_case(), *THROUGH_NOTICE)
    doc, filename = documents.case_document(notified, "notice")
    assert "草稿" not in "".join(p.text for p in doc.docx.sections[0].header.paragraphs)


# --- the filing form --------------------------------------------------------------------------------


def _filing(enf, regions, **extra):
    return {
        "body": enf.body.pk,
        "cause": "非法采砂案",
        "source": "patrol",
        "procedure": "general",
        "party_kind": "citizen",
        "party_name": enf.citizen.name,
        "party_id_number": enf.citizen.id_number,
        "power": enf.power.pk,
        "region": regions.grid_a.pk,
        "act_date": "2021-09-01",
        "officers": [enf.wang.pk, enf.zhao.pk],
        "filed_on": "2021-09-06",
        **extra,
    }


def test_a_filing_form_submitted_twice_files_one_case(enf, regions, login, users):
    client = login(users.officer)
    page = client.get(reverse("enforcement:case_create")).content.decode()
    token = page.split('name="form_token" value="', 1)[1].split('"', 1)[0]
    assert len(token) == 32
    first = client.post(reverse("enforcement:case_create"), _filing(enf, regions, form_token=token))
    again = client.post(reverse("enforcement:case_create"), _filing(enf, regions, form_token=token))
    assert first.status_code == 302 and again.status_code == 302
    assert Case.objects.count() == 1 and again.url == first.url
    # a new form (a new token) files a new case
    client.post(reverse("enforcement:case_create"), _filing(enf, regions, form_token="b" * 32))
    assert Case.objects.count() == 2


def test_the_facts_have_a_length_limit(enf, regions, login, users):
    response = login(users.officer).post(
        reverse("enforcement:case_create"), _filing(enf, regions, facts="违" * 2001, form_token="c" * 32)
    )
    assert response.status_code == 400 and not Case.objects.exists()


def test_the_import_templates_examples_name_the_demos_brigade_and_power():
    from fazhi.enforcement import imports
    from fazhi.enforcement.demo.data import BODY_NAME, POWERS

    assert imports.EXAMPLE_BODY == BODY_NAME and imports.EXAMPLE_POWER == POWERS[0].code


@pytest.mark.parametrize("phone", ["0731-52801234", "073152801234", "0731-5280123-801", "13812345678"])
def test_a_landline_is_accepted_where_a_phone_is_asked(enf, regions, login, users, phone):
    response = login(users.officer).post(
        reverse("enforcement:case_create"),
        _filing(
            enf,
            regions,
            party_name="李四",
            party_id_number="",
            party_kind="organization",
            party_credit_code=enf.company.credit_code,
            party_phone=phone,
            form_token="d" * 32,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_phone_that_is_neither_is_refused(enf, regions, login, users):
    response = login(users.officer).post(
        reverse("enforcement:case_create"),
        _filing(enf, regions, party_phone="12345", form_token="e" * 32),
    )
    assert response.status_code == 400 and "固定电话" in response.content.decode()


# --- a wrong day is repaired, not stuck -----------------------------------------------------------


def test_a_day_recorded_wrongly_is_corrected_with_a_reason_in_the_ledger(make_case, walk, step):
    from fazhi.core.models import LedgerEntry

    case = walk(make_case(), *THROUGH_NOTICE)
    # the notice was given on 09-11, not 09-10
    step(
        case,
        "correct_notified",
        field="notified_on",
        new_day="2021-09-11",
        reason="告知书送达回证日期为9月11日",
    )
    assert case.notified_on == dt.date(2021, 9, 11) and case.state == CaseState.NOTIFIED
    entry = LedgerEntry.objects.filter(action="transition:correct_notified").latest("pk")
    assert entry.data["input"]["reason"].startswith("告知书送达回证")
    # a correction that breaks the order is refused, naming the day it would precede
    refusal = _refused(
        step, case, "correct_notified", field="notified_on", new_day="2021-09-01", reason="误填"
    )
    assert refusal.code == "date_out_of_order" and "立案日期" in refusal.reason


def test_an_archived_case_is_not_corrected(make_case, walk, step):
    case = walk(
        make_case(),
        *THROUGH_NOTICE,
        "record_statement",
        "decide",
        "serve",
        "record_payment",
        "close",
        "archive",
    )
    with pytest.raises(TransitionRefused):
        step(case, "correct_closed", field="closed_on", new_day="2021-09-21", reason="误填")


def test_the_filing_form_offers_the_levels_of_the_chosen_power(enf, login, users):
    page = login(users.officer).get(reverse("enforcement:case_create")).content.decode()
    assert f'data-power="{enf.power.pk}"' in page and "enforcement/filing.js" in page


# --- 先行登记保存 (第五十六条) ------------------------------------------------------------------------


def test_evidence_is_preserved_with_the_leaders_approval_and_decided_in_seven_working_days_art56(
    make_case, walk, step, users
):
    from fazhi.core import deadlines

    case = walk(make_case(), "file", "investigate")
    # an officer cannot approve it
    with pytest.raises(TransitionRefused):
        step(case, "preserve", "officer", preserved_on="2021-09-07", items="采砂船一艘", reason="可能被转移")
    step(
        case,
        "preserve",
        "leader",
        preserved_on="2021-09-07",
        items="采砂船一艘（停放于涓水河歇马段）",
        reason="可能被转移",
    )
    assert case.preservation == "preserved" and case.preservation_approved_by == users.leader
    due = deadlines.open_deadlines(case).get(code="enforcement.preservation").due_on
    assert due == dt.date(2021, 9, 16)  # 7 working days after Tue 2021-09-07
    doc, _name = documents.case_document(case, "preservation")
    text = "\n".join(p.text for p in doc.docx.paragraphs)
    assert "第五十六条" in text and "采砂船一艘" in text and "7个工作日内" in text
    step(case, "decide_preservation", decided_on="2021-09-10", outcome="release")
    assert case.preservation == "decided" and "解除先行登记保存" in case.preservation_outcome


def test_a_notice_is_not_given_on_a_case_whose_facts_are_empty_art44(make_case, walk, step):
    case = walk(make_case(facts=""), "file", "investigate")
    refusal = _refused(step, case, "notify")
    assert refusal.code == "facts_missing" and refusal.field == "facts" and "第四十四条" in refusal.reason
    # the notice step itself takes the facts: nothing is stuck
    step(case, "notify", facts="当事人在歇马村河段采砂约二十立方米。")
    assert case.state == CaseState.NOTIFIED and case.facts.startswith("当事人在歇马村河段")


# --- 第四十条: no penalty without evidence on file ---------------------------------------------


def test_a_penalty_is_not_decided_on_a_case_with_no_evidence_art40(make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    refusal = _refused(step, case, "decide", evidence=False)
    assert refusal.code == "evidence_missing" and refusal.field == "evidence"
    assert "第四十条" in refusal.reason and refusal.article == rules.ART[40]
    # once evidence is on file the decision goes through
    case.evidence.create(
        kind="documentary", description="询问笔录一份", collected_at=dt.datetime(2021, 9, 8, 9, tzinfo=dt.UTC)
    )
    assert step(case, "decide").state == CaseState.DECIDED


def test_the_case_page_and_the_api_show_the_decision_refused_without_evidence_art40(
    make_case, walk, login, users
):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    page = login(users.leader).get(reverse("enforcement:case_detail", args=[case.pk]))
    assert "第四十条" in page.content.decode()
    response = login(users.leader).post(
        f"/api/v1/enforcement/cases/{case.pk}/steps/decide/",
        {"decided_on": "2021-09-16", "decided_penalties": ["fine"], "decided_fine": "500"},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "evidence_missing" and "第四十条" in str(body)
    assert Case.objects.get(pk=case.pk).state == CaseState.STATEMENT


# --- 第四十五条: no heavier penalty after a defence, weighed by 第九条's order --------------------


def test_a_warning_instead_of_the_notified_fine_is_lighter_and_allowed_art45(make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")  # notified: a fine of ¥500
    case = step(case, "decide", decided_penalties=["warning"], decided_fine="")
    assert case.state == CaseState.DECIDED and case.decided_penalties == ["warning"]


def test_a_heavier_kind_or_an_added_free_text_penalty_is_refused_art45(make_case, walk, step):
    case = walk(make_case(), *THROUGH_NOTICE, "record_statement")
    # 暂扣许可证件 (第九条第三项) instead of the fine (第二项) is heavier
    refusal = _refused(step, case, "decide", decided_penalties=["suspend_licence"], decided_fine="")
    assert refusal.code == "heavier_after_statement" and refusal.field == "decided_penalties"
    assert "第四十五条" in refusal.reason
    # a penalty in free text that the notice did not give is added, whatever it says
    refusal = _refused(step, case, "decide", decided_other="责令拆除采砂设备")
    assert refusal.code == "heavier_after_statement" and refusal.field == "decided_other"
    assert "其他处罚" in refusal.reason
