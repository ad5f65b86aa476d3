"""The demo's education and planning records: 石鼓镇 2021 as the report says, by query."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from fazhi.core import demo as kit
from fazhi.core import figures
from fazhi.core.ledger import acting_as
from fazhi.education import demo, duties, metrics
from fazhi.planning import demo as planning_demo
from fazhi.planning import metrics as planning_metrics

Y2021 = figures.Period.year(2021)


def test_the_demo_gives_the_report_s_figures_and_today_s_reminders(db, client):
    with acting_as(None, "command"):
        ctx = kit.build()
        demo.build(ctx)
        planning_demo.build(ctx)
    town = ctx.town
    values = figures.evaluate([*metrics.ALL, *planning_metrics.ALL], town, [Y2021])
    got = {code: values.get(code).value for code in [*metrics.ALL, *planning_metrics.ALL]}
    assert got[metrics.MATERIALS] == 10600  # 发放宣传资料1万余份
    assert (got[metrics.BANNERS], got[metrics.POSTERS]) == (6, 20)  # 悬挂横幅6条，张贴普法宣传画20张
    assert (got[metrics.BOARDS_MADE], got[metrics.BOARD_UPDATES]) == (2, 8)  # 2块，每个季度更新
    assert (got[metrics.OATHS], got[metrics.OATH_TAKERS]) == (1, 5)
    assert got[metrics.STUDY_SESSIONS] == 9 and got[metrics.STUDY_HOURS] > Decimal("50")
    assert got[planning_metrics.TASKS] == 8 and got[planning_metrics.TASKS_DONE] == 8
    assert got[planning_metrics.TASKS_LATE] == 1
    # the 30 November joint event and the 4 December village lectures
    from fazhi.education.models import Activity, Oath

    joint = Activity.objects.get(town_code=town.code, held_on="2021-11-30")
    assert joint.organizers == "司法所、妇联、派出所、综治办"
    assert Activity.objects.filter(town_code=town.code, held_on="2021-12-04").count() == 10
    oath = Oath.objects.get(town_code=town.code, sworn_on__year=2021)
    assert oath.leader.name == "徐彬" and oath.occasion == "石鼓镇第七届人民代表大会第一次会议"
    # now: one board past its quarter, a newly appointed 副镇长 without an oath, overdue tasks
    today = timezone.localdate()
    judicial, leader = ctx.users["judicial"], ctx.users["leader"]
    assert [d.board.name for d in duties.boards_due(judicial, today)] == ["镇政府法治宣传栏"]
    assert [p.person.name for p in duties.posts_without_oath(ctx.users["govoffice"], today)] == ["邓海波"]
    client.force_login(leader)
    assert "工作方案逾期任务" in client.get("/").content.decode()
    # building again makes nothing twice
    demo.build(ctx)
    assert Activity.objects.filter(town_code=town.code, held_on__year=2021).count() == 16
