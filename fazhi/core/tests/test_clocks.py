"""Clocks that apps declare (deadlines.ClockRule): due times in natural days, working days or
working hours, a warning time (yellow) before the due time (red), pauses and extensions as
ledgered steps, the "how this date was computed" page, and open clocks counted again when the
holiday table changes. 2021 comes from the built-in calendar: 中秋 19–21 September with
Saturday 18 September worked, 国庆 1–7 October with Sunday 26 September and Saturday
9 October worked."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.core import deadlines, holidays
from fazhi.core.deadlines import ClockRefused, ClockRule, PauseRule
from fazhi.core.models import Deadline, LedgerEntry
from fazhi.testing.sample.models import Matter

D = dt.date
BUILT_IN = deadlines.Calendar({})  # the package's years; no database


def at(day: str, time: str = "00:00") -> dt.datetime:
    """A local moment, aware."""
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day} {time}"))


def texts(computation) -> list[str]:
    return [step.text for step in computation.steps]


# Sample rules, shaped like those of 政府信息公开条例 and 信访工作条例 (the apps declare the real ones).
CONSULTATION = PauseRule("consultation", "征求第三方意见", "条例第三十三条：征求意见所需时间不计算在期限内")
CORRECTION = PauseRule(
    "correction", "补正", "条例第三十条：答复期限自收到补正的申请之日起计算", restarts=True
)
FEE = PauseRule("fee", "缴纳信息处理费", "缴费期间不计算在期限内")
REPLY = ClockRule(
    "sample.reply",
    "答复申请",
    "示例条例第三十三条",
    5,
    deadlines.WORKING_DAYS,
    warn_before=2,
    max_extensions=1,
    max_extension_length=5,
    pausable=(CONSULTATION, CORRECTION),
)
HANDLE = ClockRule(
    "sample.handle", "办理完毕", "示例条例第三十四条", 60, max_extensions=1, max_extension_length=30
)
ON_SITE = ClockRule("sample.on_site", "现场处置", "示例规定第五条", 2, deadlines.WORKING_HOURS, warn_before=1)


@pytest.fixture
def matter(regions):
    return Matter.objects.create(title="依申请公开〔2021〕3号", region=regions.grid_a)


# --- computing -----------------------------------------------------------------------------


def test_it_skips_a_weekend_and_says_so():
    # when: 3 working days from Friday 3 September 2021
    result = deadlines.compute(dt.datetime(2021, 9, 3), 3, deadlines.WORKING_DAYS, cal=BUILT_IN)
    # then: Monday 6, Tuesday 7 and Wednesday 8 count; the weekend is named as skipped
    assert result.due_on == D(2021, 9, 8)
    assert "2021-09-04（星期六） 周末，不计" in texts(result)
    assert "2021-09-05（星期日） 周末，不计" in texts(result)
    assert texts(result)[0] == "起算：2021-09-03（星期五）"
    assert texts(result)[-1] == "届满：2021-09-08（星期三）"


def test_it_counts_an_adjusted_working_saturday_and_skips_the_mid_autumn_holiday():
    # when: 3 working days from Thursday 16 September 2021
    result = deadlines.compute(dt.datetime(2021, 9, 16), 3, deadlines.WORKING_DAYS, cal=BUILT_IN)
    # then: Friday 17, Saturday 18 (worked) and Wednesday 22 count
    assert result.due_on == D(2021, 9, 22)
    lines = texts(result)
    assert "2021-09-18（星期六） 中秋节调休上班，计入" in lines
    assert "2021-09-19（星期日） 法定节假日（中秋节），不计" in lines
    assert "2021-09-21（星期二） 法定节假日（中秋节），不计" in lines


def test_it_skips_national_day_and_counts_the_saturday_worked_after_it():
    # when: 7 working days from 29 September 2021 (行政处罚法 第六十一条、第八十五条)
    result = deadlines.compute(dt.datetime(2021, 9, 29), 7, deadlines.WORKING_DAYS, cal=BUILT_IN)
    # then: 30 September, 8, 9 (Saturday), 11–14 October
    assert result.due_on == D(2021, 10, 14)
    lines = texts(result)
    assert sum("法定节假日（国庆节），不计" in line for line in lines) == 7
    assert "2021-10-09（星期六） 国庆节调休上班，计入" in lines
    assert "2021-10-10（星期日） 周末，不计" in lines
    # and natural days run through the holiday
    assert deadlines.compute(dt.datetime(2021, 9, 30), 15, deadlines.NATURAL_DAYS, cal=BUILT_IN).due_on == D(
        2021, 10, 15
    )


def test_it_counts_working_hours_across_the_lunch_break():
    # when: 2 working hours from 11:00 on Thursday 30 September 2021
    result = deadlines.compute(dt.datetime(2021, 9, 30, 11), 2, deadlines.WORKING_HOURS, cal=BUILT_IN)
    # then: 11:00–12:00 and 14:30–15:30
    assert result.due_at == dt.datetime(2021, 9, 30, 15, 30)
    assert any("计入11:00–12:00、14:30–15:30，共2小时" in line for line in texts(result))


def test_it_counts_working_hours_across_an_evening_and_the_holiday():
    # when: 2 working hours from 16:30 on the eve of National Day
    result = deadlines.compute(dt.datetime(2021, 9, 30, 16, 30), 2, deadlines.WORKING_HOURS, cal=BUILT_IN)
    # then: one hour that evening, the next after the holiday on Friday 8 October
    assert result.due_at == dt.datetime(2021, 10, 8, 9, 30)
    lines = texts(result)
    assert "2021-10-01（星期五） 法定节假日（国庆节），不计" in lines
    assert any(line.startswith("2021-10-08（星期五） 计入08:30–09:30") for line in lines)
    # and a rule's own office hours apply
    summer = ((dt.time(8), dt.time(12)), (dt.time(15), dt.time(18)))
    result = deadlines.compute(
        dt.datetime(2021, 9, 30, 11), 2, deadlines.WORKING_HOURS, cal=BUILT_IN, office_hours=summer
    )
    assert result.due_at == dt.datetime(2021, 9, 30, 16)


def test_it_warns_before_the_due_time(matter):
    # when: 5 working days from Monday 1 November 2021, yellow when 2 are left
    deadline = deadlines.start(matter, rule=REPLY, starts_on=D(2021, 11, 1))
    # then: due Monday 8 November, yellow from Friday 5 November, red after the 8th
    assert deadline.due_on == D(2021, 11, 8) and deadline.warn_at == at("2021-11-05")
    assert deadlines.standing(deadline, at("2021-11-04", "12:00")).level == deadlines.OK
    yellow = deadlines.standing(deadline, at("2021-11-05", "09:00"))
    assert (yellow.level, yellow.tone, yellow.text) == (deadlines.WARNING, "warn", "剩3天")
    red = deadlines.standing(deadline, at("2021-11-09", "09:00"))
    assert (red.level, red.tone, red.text) == (deadlines.OVERDUE, "danger", "逾期1天")


def test_it_turns_a_working_hours_clock_red_after_its_moment(matter):
    # given
    deadline = deadlines.start(matter, rule=ON_SITE, starts_at=at("2021-09-30", "11:00"))
    # then: due 15:30 the same day (the due day is that date), yellow from 14:30
    assert deadline.due_at == at("2021-09-30", "15:30") and deadline.due_on == D(2021, 9, 30)
    assert deadline.period_display == "2个工作小时"
    assert deadlines.standing(deadline, at("2021-09-30", "14:45")).level == deadlines.WARNING
    late = deadlines.standing(deadline, at("2021-09-30", "16:00"))
    assert (late.level, late.text) == (deadlines.OVERDUE, "逾期1小时")


# --- pauses ----------------------------------------------------------------------------------


def test_it_pauses_and_resumes_a_clock_moving_the_due_day_ledgered(matter, users):
    # given: due Monday 8 November 2021
    deadline = deadlines.start(matter, rule=REPLY, starts_on=D(2021, 11, 1))
    # when: paused on Tuesday 2 November to consult a third party
    deadlines.pause(
        deadline, reason="函询权利人", rule=CONSULTATION, starts_on=D(2021, 11, 2), user=users.gov_office
    )
    # then: the clock stands still; it is neither overdue nor due soon on the lists
    assert deadline.paused_since == at("2021-11-02")
    assert deadlines.standing(deadline, at("2021-11-20")).text == "暂停计算"
    overdue = deadlines.select(Deadline.objects.all(), deadlines.SHOW_OVERDUE, today=D(2021, 11, 20))
    assert deadline not in overdue
    # when: the opinion arrives on Thursday 4 November
    deadlines.resume(deadline, on=D(2021, 11, 4), user=users.gov_office)
    # then: 3 and 4 November do not count: 2, 5, 8, 9, 10 November — due Wednesday 10th
    assert deadline.due_on == D(2021, 11, 10) and deadline.paused_since is None
    assert deadlines.standing(deadline, at("2021-11-09")).level == deadlines.WARNING
    entries = LedgerEntry.objects.filter(object_type="core.deadline", object_id=str(deadline.pk))
    paused = entries.get(action="deadline:pause")
    assert paused.actor_id == users.gov_office.pk and paused.data["reason"] == "函询权利人"
    resumed = entries.get(action="deadline:resume")
    assert (resumed.data["due_before"], resumed.data["due_after"]) == ("2021-11-08", "2021-11-10")
    # and the explanation says so
    assert "征求第三方意见（函询权利人）：2021-11-02暂停，2021-11-04恢复，其间2个工作日不计入期限" in texts(
        deadlines.explain(deadline)
    )


def test_it_counts_afresh_after_a_correction(matter):
    # given
    deadline = deadlines.start(matter, rule=REPLY, starts_on=D(2021, 11, 1))
    # when: the requester is asked to correct the request on 2 November and does so on the 10th
    deadlines.pause(deadline, reason="申请内容不明确", rule=CORRECTION, starts_on=D(2021, 11, 2))
    deadlines.resume(deadline, on=D(2021, 11, 10))
    # then: 5 working days from 10 November: 11, 12, 15, 16, 17
    assert deadline.due_on == D(2021, 11, 17)
    assert any("期限自恢复之日重新起算" in line for line in texts(deadlines.explain(deadline)))


def test_it_refuses_a_pause_the_rule_does_not_allow(matter):
    # given
    deadline = deadlines.start(matter, rule=REPLY, starts_on=D(2021, 11, 1))
    # when / then
    with pytest.raises(ClockRefused) as refused:
        deadlines.pause(deadline, reason="待缴费", rule=FEE, starts_on=D(2021, 11, 2))
    assert refused.value.code == "not_pausable"
    assert refused.value.messages == ["示例条例第三十三条：本期限不因“缴纳信息处理费”暂停计算"]
    with pytest.raises(ClockRefused) as refused:
        deadlines.resume(deadline, on=D(2021, 11, 3))
    assert refused.value.code == "not_paused"


def test_it_pauses_working_hours_for_the_paused_office_time(matter):
    # given: 2 working hours from 09:00 on Monday 1 November 2021, due 11:00
    rule = ClockRule(
        "sample.check", "核查", "示例规定第六条", 2, deadlines.WORKING_HOURS, pausable=(CONSULTATION,)
    )
    deadline = deadlines.start(matter, rule=rule, starts_at=at("2021-11-01", "09:00"))
    assert deadline.due_at == at("2021-11-01", "11:00")
    # when: paused from 10:00 to 15:00
    deadlines.pause(deadline, reason="等待权利人答复", rule=CONSULTATION, starts_at=at("2021-11-01", "10:00"))
    deadlines.resume(deadline, at=at("2021-11-01", "15:00"))
    # then: 10:00–12:00 and 14:30–15:00 do not count; the second hour is 15:00–16:00
    assert deadline.due_at == at("2021-11-01", "16:00")
    lines = texts(deadlines.explain(deadline))
    assert any("其间2.5个工作小时不计入期限" in line for line in lines)


# --- extensions ------------------------------------------------------------------------------


def test_it_extends_within_the_maximum_and_refuses_beyond_it(matter, users):
    # given: 60 days from 1 June 2022, one extension of at most 30 days
    deadline = deadlines.start(matter, rule=HANDLE, starts_on=D(2022, 6, 1))
    assert deadline.due_on == D(2022, 7, 31)
    # when: extended by 30 days with the leader's approval
    deadlines.extend(deadline, reason="情况复杂", approver=users.leader, length=30, user=users.petition)
    # then
    assert deadline.due_on == D(2022, 8, 30)
    entry = LedgerEntry.objects.get(action="deadline:extend", object_id=str(deadline.pk))
    assert (
        entry.data["approver"] == "徐镇长"
        and entry.data["length"] == 30
        and entry.actor_id == users.petition.pk
    )
    assert "延长30日：情况复杂（批准人：徐镇长）" in texts(deadlines.explain(deadline))
    # when / then: a second extension is refused, citing the rule
    with pytest.raises(ClockRefused) as refused:
        deadlines.extend(deadline, reason="仍需调查", approver=users.leader, length=5, user=users.petition)
    assert refused.value.code == "extension_count"
    assert refused.value.messages == ["示例条例第三十四条：最多延长1次，本期限已延长1次"]
    assert deadline.extensions.count() == 1 and Deadline.objects.get(pk=deadline.pk).due_on == D(2022, 8, 30)


def test_it_refuses_an_extension_longer_than_the_rule_allows(matter, users):
    # given
    deadline = deadlines.start(matter, rule=HANDLE, starts_on=D(2022, 6, 1))
    # when / then
    with pytest.raises(ClockRefused) as refused:
        deadlines.extend(deadline, reason="情况复杂", approver=users.leader, length=31)
    assert refused.value.code == "extension_length"
    assert "示例条例第三十四条：延长合计不得超过30日" in refused.value.messages[0]
    with pytest.raises(ClockRefused) as refused:
        deadlines.extend(deadline, reason="情况复杂", approver="", length=10)
    assert refused.value.code == "approver_required"
    # and a deadline started the old way allows none
    plain = deadlines.start(matter, code="x", label="告知", rule="示例", days=3, working=True)
    with pytest.raises(ClockRefused) as refused:
        deadlines.extend(plain, reason="情况复杂", approver=users.leader, length=1)
    assert refused.value.messages == ["示例：本期限不得延长"]


def test_it_extends_working_days_across_national_day(matter, users):
    # given: 5 working days from Tuesday 28 September 2021: 29, 30 Sep, 8, 9 (Sat), 11 Oct
    deadline = deadlines.start(matter, rule=REPLY, starts_on=D(2021, 9, 28))
    assert deadline.due_on == D(2021, 10, 11)
    # when: extended by 2 working days
    deadlines.extend(deadline, reason="需要调取档案", approver=users.leader, length=2)
    # then: 12 and 13 October
    assert deadline.due_on == D(2021, 10, 13)


# --- the page ---------------------------------------------------------------------------------


def test_it_explains_a_due_date_to_who_may_read_the_record(matter, users, login):
    # given
    deadline = deadlines.start(matter, rule=REPLY, starts_on=D(2021, 9, 28))
    deadlines.extend(deadline, reason="需要调取档案", approver=users.leader, length=2)
    url = reverse("core:deadline_explain", args=[deadline.pk])
    # when
    html = login(users.grid_a).get(url).content.decode()
    # then: the start, the holiday, the worked Saturday, the extension, the result
    for line in (
        "起算：2021-09-28（星期二）",
        "2021-10-01（星期五） 法定节假日（国庆节），不计",
        "2021-10-09（星期六） 国庆节调休上班，计入",
        "延长2个工作日：需要调取档案（批准人：徐镇长）",
        "届满：2021-10-13（星期三）",
        "示例条例第三十三条",
    ):
        assert line in html
    # and a user who may not read the record gets nothing
    assert login(users.grid_b).get(url).status_code == 404
    assert login(users.other_officer).get(url).status_code == 404
    assert login(users.leader).get(url).status_code == 200


def test_it_links_the_explanation_and_colours_the_deadlines_page(matter, regions, users, login):
    # given: a 10-day clock yellow from 5 days before its end, with 4 days left; one overdue
    today = timezone.localdate()
    rule = ClockRule("sample.soon", "答复", "示例条例第九条", 10, warn_before=5)
    soon = deadlines.start(matter, rule=rule, starts_on=today - dt.timedelta(days=6))
    other = Matter.objects.create(title="逾期事项", region=regions.grid_a)
    late = deadlines.start(other, rule=HANDLE, days=3, starts_on=today - dt.timedelta(days=5))
    # when
    html = login(users.grid_a).get(reverse("core:deadlines")).content.decode()
    # then: yellow and red badges, each row linked to its explanation
    assert '<span class="badge warn">剩4天</span>' in html
    assert '<span class="badge danger">逾期2天</span>' in html
    assert reverse("core:deadline_explain", args=[soon.pk]) in html
    assert reverse("core:deadline_explain", args=[late.pk]) in html


# --- recounting -------------------------------------------------------------------------------


def _enter(rows: list[str]) -> holidays.Parsed:
    content = ("日期,类型,名称\n" + "\n".join(rows) + "\n").encode()
    parsed, _saved = holidays.import_file("holidays.csv", content)
    assert parsed.ok, [str(e) for e in parsed.errors]
    return parsed


def test_it_recounts_open_clocks_when_the_holiday_table_changes(matter, regions):
    # given: in 2027, which nobody has entered, counted Monday–Friday
    hours = deadlines.start(matter, rule=ON_SITE, starts_at=at("2027-09-30", "16:30"))
    other = Matter.objects.create(title="另一申请", region=regions.grid_a)
    paused = deadlines.start(other, rule=REPLY, starts_on=D(2027, 9, 27))
    deadlines.pause(paused, reason="函询", rule=CONSULTATION, starts_on=D(2027, 9, 28))
    deadlines.resume(paused, on=D(2027, 9, 29))
    assert hours.due_at == at("2027-10-01", "09:30") and "2027年" in hours.calendar_note
    # 28 counted, 29 paused, then 30 Sep, 1, 4, 5 Oct
    assert paused.due_on == D(2027, 10, 5)
    # when: the (sample) 2027 arrangement is entered
    parsed = _enter(
        [
            "2027-10-01,休,国庆节（示例）",
            "2027-10-04,休,国庆节（示例）",
            "2027-10-05,休,国庆节（示例）",
            "2027-10-06,休,国庆节（示例）",
            "2027-10-07,休,国庆节（示例）",
            "2027-10-09,班,国庆节调休上班（示例）",
        ]
    )
    # then: both follow the holiday table, the pause kept
    hours.refresh_from_db()
    paused.refresh_from_db()
    assert hours.due_at == at("2027-10-08", "09:30") and hours.calendar_note == ""
    # 28 Sep, (29 paused), 30 Sep, 8 Oct, 9 Oct (Saturday worked), 11 Oct
    assert paused.due_on == D(2027, 10, 11)
    assert parsed.moved == 2
    lines = texts(deadlines.explain(paused))
    assert "2027-10-01（星期五） 法定节假日（国庆节（示例）），不计" in lines
    assert "2027-10-09（星期六） 国庆节调休上班（示例），计入" in lines
    assert any(line.startswith("征求第三方意见（函询）：2027-09-28暂停，2027-09-29恢复") for line in lines)
