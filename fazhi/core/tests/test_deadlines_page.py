"""The scoped 'due soon / overdue' page and `fazhi deadlines` on the command line."""

import datetime as dt
import io

import openpyxl
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from fazhi.core import deadlines
from fazhi.core.models import LedgerEntry
from fazhi.testing.sample.models import Matter


def _deadline(region, title, due_in, *, code="sample.reply", label="答复", working=False, days=None):
    """An open deadline on a new record in `region`, due `due_in` days from today (natural days)."""
    matter = Matter.objects.create(title=title, region=region)
    today = timezone.localdate()
    if days is None:
        days = 10
    return deadlines.start(
        matter,
        code=code,
        label=label,
        rule="示例条例第二十二条",
        days=days,
        working=working,
        starts_on=today + dt.timedelta(days=due_in - days),
    )


def test_it_shows_a_grid_worker_only_the_deadlines_of_their_grid(users, regions, login):
    # given
    _deadline(regions.grid_a, "歇马村一网格来信", 3)
    _deadline(regions.grid_c, "古塘村来信", 3)
    _deadline(regions.other_grid, "城东村来信", 3)
    # when
    html = login(users.grid_a).get(reverse("core:deadlines")).content.decode()
    # then
    assert "歇马村一网格来信" in html
    assert "古塘村来信" not in html and "城东村来信" not in html
    # and the town leader sees both of the town's, not the other town's
    html = login(users.leader).get(reverse("core:deadlines")).content.decode()
    assert "歇马村一网格来信" in html and "古塘村来信" in html and "城东村来信" not in html


def test_it_refuses_users_who_read_no_records(users, login):
    assert login(users.sysadmin).get(reverse("core:deadlines")).status_code == 403


def test_it_filters_overdue_and_due_soon_with_days_left_badges(users, regions, login):
    # given
    _deadline(regions.grid_a, "逾期事项", -3)
    _deadline(regions.grid_a, "明日到期事项", 1)
    _deadline(regions.grid_a, "下月到期事项", 30)
    client = login(users.leader)
    # when
    overdue = client.get(reverse("core:deadlines"), {"show": "overdue"}).content.decode()
    soon = client.get(reverse("core:deadlines"), {"show": "soon", "within": 7}).content.decode()
    everything_open = client.get(reverse("core:deadlines")).content.decode()
    # then
    assert "逾期事项" in overdue and "逾期3天" in overdue and "明日到期事项" not in overdue
    assert (
        "明日到期事项" in soon and "剩1天" in soon and "逾期事项" not in soon and "下月到期事项" not in soon
    )
    assert all(t in everything_open for t in ("逾期事项", "明日到期事项", "下月到期事项"))


def test_it_lists_deadlines_met_late(users, regions, login):
    # given
    late = _deadline(regions.grid_a, "迟办事项", -2)
    _deadline(regions.grid_a, "按时事项", 5)
    deadlines.meet(Matter.objects.get(title="迟办事项"), late.code)
    deadlines.meet(Matter.objects.get(title="按时事项"), late.code)
    # when
    html = login(users.leader).get(reverse("core:deadlines"), {"show": "late"}).content.decode()
    # then
    assert "迟办事项" in html and "逾期完成" in html and "按时事项" not in html


def test_it_shows_the_calendar_note_of_a_deadline_that_fell_back(users, regions, login):
    # given: a working-day deadline counted in 2031, which nobody entered
    matter = Matter.objects.create(title="远期事项", region=regions.grid_a)
    deadlines.start(
        matter, code="x", label="告知", rule="示例", days=3, working=True, starts_on=dt.date(2030, 12, 31)
    )
    # when
    html = login(users.grid_a).get(reverse("core:deadlines")).content.decode()
    # then
    assert "2031年的法定节假日安排尚未录入，按周一至周五计算工作日" in html
    assert "3个工作日" in html


def test_it_filters_by_kind_of_deadline(users, regions, login):
    _deadline(regions.grid_a, "受理事项", 3, code="petition.accept", label="告知是否受理")
    _deadline(regions.grid_a, "办理事项", 3, code="petition.handle", label="办理完毕")
    html = login(users.leader).get(reverse("core:deadlines"), {"code": "petition.accept"}).content.decode()
    assert "受理事项" in html and "办理事项" not in html


def test_it_pages_through_a_long_list(users, regions, login):
    # given: 55 open deadlines
    for i in range(55):
        _deadline(regions.grid_a, f"事项{i:02d}", i)
    client = login(users.leader)
    # when
    first = client.get(reverse("core:deadlines"))
    # then
    assert first.context["total"] == 55 and len(first.context["items"]) == 50
    assert "事项49" in first.content.decode() and "事项50" not in first.content.decode()
    second = client.get(reverse("core:deadlines") + "?" + first.context["next_query"])
    titles = [i["d"].object_repr for i in second.context["items"]]
    assert titles == ["事项50", "事项51", "事项52", "事项53", "事项54"]
    assert not second.context["next_query"]


def test_it_exports_the_filtered_scoped_list_to_excel_and_ledgers_it(users, regions, login):
    # given
    _deadline(regions.grid_a, "逾期事项", -1)
    _deadline(regions.grid_a, "未到期事项", 20)
    _deadline(regions.grid_c, "别的网格逾期事项", -1)
    # when
    response = login(users.grid_a).get(reverse("core:deadlines"), {"show": "overdue", "format": "xlsx"})
    # then
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("事项", "义务", "依据")
    assert [r[0] for r in rows[1:]] == ["逾期事项"]
    assert rows[1][7] == "逾期1天"
    entry = LedgerEntry.objects.get(action="export")
    assert entry.actor_name == "grid_a" and entry.data["rows"] == 1


# --- fazhi deadlines ---------------------------------------------------------------------------


def _command(*args) -> str:
    out = io.StringIO()
    call_command("deadlines", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_overdue_item(users, regions):
    # given
    _deadline(regions.grid_a, "逾期来信", -2, label="告知是否受理")
    _deadline(regions.grid_c, "下月事项", 30)
    # when
    out = _command("--overdue")
    # then
    assert "[逾期2天]" in out and "逾期来信 · 告知是否受理" in out and "歇马村第1网格" in out
    assert "下月事项" not in out
    assert "共 1 项" in out


def test_the_command_lists_due_soon_in_a_users_scope(users, regions):
    # given
    _deadline(regions.grid_a, "本网格事项", 2)
    _deadline(regions.grid_c, "别的网格事项", 2)
    _deadline(regions.grid_a, "下月事项", 30)
    # when
    out = _command("--user", "grid_a", "--within", "5")
    # then
    assert "本网格事项" in out and "[剩2天]" in out
    assert "别的网格事项" not in out and "下月事项" not in out
    # and without a user, everything due within 5 days
    out = _command("--within", "5")
    assert "本网格事项" in out and "别的网格事项" in out
