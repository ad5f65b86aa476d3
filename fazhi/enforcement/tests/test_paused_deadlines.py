"""A paused clock stands still: the case list's "overdue" filter, the leader's overdue rows and
the home page's due-soon rows all read the core's one definition (`deadlines.select`), so a
deadline whose clock is paused is not counted overdue."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from fazhi.core import deadlines
from fazhi.core.deadlines import ClockRule, PauseRule

EXPERT = PauseRule("enforcement.test_expertise", "委托鉴定", "测试用暂停规则")
INSPECTION = ClockRule(
    "enforcement.test_inspection", "检测报告", "测试用期限", 5, deadlines.NATURAL_DAYS, pausable=(EXPERT,)
)


def _open(client, **params):
    return {c.cause for c in client.get(reverse("enforcement:case_list"), params).context["page_obj"]}


def test_it_does_not_count_a_paused_deadline_overdue(login, users, make_case, walk):
    # given two filed cases, each with a clock that ran out long ago, one of them paused
    running = walk(make_case(cause="甲采砂案"), "file")
    paused = walk(make_case(cause="乙采砂案"), "file")
    for case in (running, paused):
        deadlines.cancel(case, "enforcement.decision")  # only the test clock is left
        deadlines.start(case, rule=INSPECTION, starts_on=dt.date(2021, 9, 6))
    clock = deadlines.open_deadlines(paused).get(code=INSPECTION.code)
    deadlines.pause(clock, reason="等待鉴定机构出具报告", rule=EXPERT, starts_on=dt.date(2021, 9, 8))
    client = login(users.leader)
    # when the leader filters the case list by overdue and opens the home page
    overdue = _open(client, overdue="1")
    home = client.get("/").content.decode()
    # then only the running clock counts overdue; the paused one shows as paused, not late
    assert overdue == {"甲采砂案"}
    section = home.split("全镇执法逾期事项")[1].split("</section>")[0]
    assert "甲采砂案" in section and "乙采砂案" not in section
