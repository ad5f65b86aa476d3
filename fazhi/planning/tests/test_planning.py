"""The work plan: figures of its tasks on hand-made records, the responsible leader's overdue
tasks on their home page, reporting progress (only the responsible leader or the 党政办), and
evidence linked from a record's page."""

from __future__ import annotations

import datetime as dt

from fazhi.core import figures
from fazhi.core.links import links_of
from fazhi.education.testing import make_activity
from fazhi.planning import metrics
from fazhi.planning.models import Progress, Task
from fazhi.planning.testing import make_planning, make_task


def test_the_task_figures_count_done_late_and_open_of_the_year_in_the_town(regions, users):
    p = make_planning(regions, users.leader)
    make_task(p.plan, "明年任务", dt.date(2022, 3, 1))
    year = figures.Period.year(2021)
    values = figures.evaluate(metrics.ALL, users.leader, [year])
    got = {code: values.get(code).value for code in metrics.ALL}
    assert got == {
        metrics.TASKS: 3,
        metrics.TASKS_DONE: 2,
        metrics.TASKS_LATE: 2,  # done after its deadline, and open past it
        metrics.TASKS_OPEN: 1,
        metrics.DUTIES: 0,
    }
    assert values.get(metrics.TASKS_LATE).url == "/planning/tasks/?stage=late&year=2021"


def test_the_responsible_leader_sees_their_overdue_task_at_home(client, regions, users):
    make_planning(regions, users.leader)
    client.force_login(users.leader)
    page = client.get("/").content.decode()
    assert "工作方案逾期任务" in page and "开展年终述法" in page and "易俗河任务" not in page
    # another reader of the plan who is not responsible sees no section
    client.force_login(users.governance)
    assert "工作方案逾期任务" not in client.get("/").content.decode()


def test_progress_is_reported_by_the_responsible_leader_and_marks_the_task_done(client, regions, users):
    p = make_planning(regions, users.leader)
    url = f"/planning/tasks/{p.open_late.pk}/progress/new/"
    client.force_login(users.governance)  # holds planning.report but is not responsible
    assert client.post(url, {"reported_on": "2021-12-30", "note": "x"}).status_code == 403
    client.force_login(users.leader)
    answer = client.post(
        url, {"reported_on": "2021-12-30", "note": "已完成述法", "done": "on", "done_on": "2021-12-30"}
    )
    assert answer.status_code == 302
    task = Task.objects.get(pk=p.open_late.pk)
    assert (task.status, task.done_on) == ("done", dt.date(2021, 12, 30))
    assert Progress.objects.get().reported_by == users.leader


def test_an_activity_is_linked_to_a_task_as_its_evidence(client, regions, users):
    p = make_planning(regions)
    activity = make_activity(regions.town)
    client.force_login(users.gov_office)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "关联到工作方案任务" in page
    token = f"education.activity:{activity.pk}"
    assert client.get(f"/planning/evidence/?from={token}").status_code == 200
    answer = client.post("/planning/evidence/", {"from": token, "task": p.done_late.pk})
    assert answer.status_code == 302
    assert [item.other for item in links_of(p.done_late, users.gov_office)] == [activity]
    # another town's task is not a choice
    answer = client.post("/planning/evidence/", {"from": token, "task": p.other_task.pk})
    assert answer.status_code == 400


def test_every_planning_page_opens_for_the_party_office(client, regions, users):
    p = make_planning(regions)
    client.force_login(users.gov_office)
    for url in [
        "/planning/",
        "/planning/?year=2021",
        "/planning/plans/",
        "/planning/plans/new/",
        f"/planning/plans/{p.plan.pk}/",
        f"/planning/plans/{p.plan.pk}/tasks/new/",
        "/planning/tasks/",
        "/planning/tasks/?stage=late",
        f"/planning/tasks/{p.open_late.pk}/",
        f"/planning/tasks/{p.open_late.pk}/progress/new/",
        "/planning/duties/",
        "/planning/duties/new/",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_duties_page_shows_the_study_the_leaders_led(client, regions, users):
    from fazhi.education.testing import make_session

    p = make_planning(regions)
    make_session(regions.town, [p.mayor], topic="会前学法：行政处罚法", led_by=p.mayor)
    client.force_login(users.leader)
    page = client.get("/planning/duties/?year=2021").content.decode()
    assert "会前学法：行政处罚法" in page and "徐彬" in page
