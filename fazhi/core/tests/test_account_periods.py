"""The period of a membership (起始日期 / 截止日期): given on the account page and in the account
import, checked the same way (the end not before the start), and out of it the membership
grants nothing (User.active_memberships)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from fazhi.core import io
from fazhi.core.models import LedgerEntry, Membership, User
from fazhi.core.tests.importing import filled_template, sheet_rows

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)
TOMORROW = TODAY + dt.timedelta(days=1)


def _import(user, rows):
    return io.run_import(
        io.get_register("users"), filled_template("users", rows), user, file_name="任职.xlsx"
    )


# --- the account page --------------------------------------------------------------------------


def test_it_gives_a_membership_for_a_period_on_the_account_page(users, regions, login):
    # given the system administrator on a grid worker's account
    client = login(users.sysadmin)

    # when they give the worker grid B from the first of the year to the end of next month
    response = client.post(
        reverse("core:membership_add", args=[users.grid_a.pk]),
        {
            "role": "grid_worker",
            "region": regions.grid_b.pk,
            "since": "2021-01-01",
            "until": (TODAY + dt.timedelta(days=40)).isoformat(),
        },
    )

    # then the membership holds those dates, the account page shows them, the change is ledgered
    assert response.status_code == 302
    membership = Membership.objects.get(user=users.grid_a, region=regions.grid_b)
    assert membership.since == dt.date(2021, 1, 1)
    page = client.get(reverse("core:user_detail", args=[users.grid_a.pk])).content.decode()
    assert "2021-01-01" in page and "修改期间" in page
    entry = LedgerEntry.objects.get(
        object_type="core.membership", object_id=str(membership.pk), action="create"
    )
    assert entry.data["after"]["since"] == "2021-01-01"


def test_it_refuses_an_end_before_the_start_and_names_the_field(users, regions, login):
    # given the system administrator
    client = login(users.sysadmin)

    # when the end date is before the start date
    response = client.post(
        reverse("core:membership_add", args=[users.grid_a.pk]),
        {"role": "grid_worker", "region": regions.grid_b.pk, "since": "2021-06-01", "until": "2021-05-31"},
    )

    # then the page says so on the 截止日期 field and nothing is saved
    assert response.status_code == 400
    assert response.context["membership_form"].errors["until"] == ["截止日期不能早于起始日期"]
    assert not Membership.objects.filter(user=users.grid_a, region=regions.grid_b).exists()


def test_an_ended_membership_grants_nothing(users, login):
    # given a grid worker who opens the deadlines page of their grid
    worker = login(users.grid_a)
    assert worker.get(reverse("core:deadlines")).status_code == 200
    membership = users.grid_a.memberships.get()

    # when the system administrator ends the membership yesterday
    admin = login(users.sysadmin)
    response = admin.post(
        reverse("core:membership_period", args=[users.grid_a.pk, membership.pk]),
        {"since": "", "until": YESTERDAY.isoformat()},
    )
    assert response.status_code == 302

    # then the worker may no longer open it, and the membership is kept with its end date
    worker = login(User.objects.get(pk=users.grid_a.pk))
    assert worker.get(reverse("core:deadlines")).status_code == 403
    membership.refresh_from_db()
    assert membership.until == YESTERDAY
    assert LedgerEntry.objects.filter(
        object_type="core.membership", object_id=str(membership.pk), action="update"
    ).exists()


def test_a_membership_that_starts_tomorrow_grants_nothing_today(users, regions, login):
    # given a new account whose grid membership starts tomorrow
    newcomer = User.objects.create_user("newcomer", password="x", full_name="新网格员")
    Membership.objects.create(user=newcomer, role="grid_worker", region=regions.grid_a, since=TOMORROW)

    # then today it opens no page of the grid
    client = login(User.objects.get(pk=newcomer.pk))
    assert client.get(reverse("core:deadlines")).status_code == 403
    assert client.get(reverse("core:staff_list")).status_code == 403


def test_the_period_page_refuses_an_end_before_the_start(users, login):
    # given a membership that started on 2021-03-01
    membership = users.grid_a.memberships.get()
    membership.since = dt.date(2021, 3, 1)
    membership.save()
    client = login(users.sysadmin)

    # when the end is set before it
    response = client.post(
        reverse("core:membership_period", args=[users.grid_a.pk, membership.pk]),
        {"since": "2021-03-01", "until": "2021-02-28"},
    )

    # then the 截止日期 field says why and nothing changes
    assert response.status_code == 400
    assert "截止日期不能早于起始日期" in response.content.decode()
    membership.refresh_from_db()
    assert membership.until is None


def test_nobody_changes_the_period_of_their_own_membership(users, login):
    # given the system administrator's own membership
    own = users.sysadmin.memberships.get()
    client = login(users.sysadmin)

    # when they try to end it
    response = client.post(
        reverse("core:membership_period", args=[users.sysadmin.pk, own.pk]),
        {"since": "", "until": YESTERDAY.isoformat()},
    )

    # then it is refused (三员分立) and the membership is unchanged
    assert response.status_code == 400
    assert "不能为自己的账户增删任职" in response.content.decode()
    own.refresh_from_db()
    assert own.until is None


# --- the account import ------------------------------------------------------------------------


def test_it_imports_memberships_with_their_periods(users, regions):
    # when the system administrator imports a membership for last year and an open one
    result = _import(
        users.sysadmin,
        [
            ["liming", "李明", "", "网格员", "430321108201002", "2021-01-01", "2021-12-31"],
            ["liming", "李明", "", "网格员", "430321108202001", dt.datetime(2022, 1, 1), None],
        ],
    )

    # then both are written with their dates, and only the open one gives a role today
    assert result.written and result.created == 2
    liming = User.objects.get(username="liming")
    periods = {m.region.code: (m.since, m.until) for m in liming.memberships.select_related("region")}
    assert periods == {
        "430321108201002": (dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
        "430321108202001": (dt.date(2022, 1, 1), None),
    }
    assert liming.permission_paths("core.view_records") == [regions.grid_c.path]


def test_it_reports_bad_periods_by_row_and_column_and_writes_nothing(users):
    # when one row ends before it starts and another gives a date that is not one
    result = _import(
        users.sysadmin,
        [
            ["liming", "李明", "", "网格员", "430321108201002", "2021-06-01", "2021-05-31"],
            ["wangwu", "王五", "", "网格员", "430321108201001", "去年春天", ""],
            ["zhaoliu", "赵六", "", "网格员", "430321108201001", "2021-01-01", ""],
        ],
    )

    # then each bad row is named with its column and reason, and nothing is written
    errors = {(e["row"], e["column"]): e["message"] for e in result.errors}
    assert errors[(3, "截止日期")] == "截止日期不能早于起始日期"
    assert "日期格式应为 2021-03-05" in errors[(4, "起始日期")]
    assert len(errors) == 2
    assert not result.written
    assert not User.objects.filter(username__in=["liming", "wangwu", "zhaoliu"]).exists()


def test_the_export_carries_the_periods(users):
    # given a membership with an end date
    membership = users.grid_a.memberships.get()
    membership.since, membership.until = dt.date(2021, 1, 1), dt.date(2021, 12, 31)
    membership.save()

    # when the system administrator exports the accounts register
    data, _count = io.export_for(io.get_register("users"), users.sysadmin)

    # then the period is in its two columns
    header, *rows = sheet_rows(data)
    since, until = header.index("起始日期"), header.index("截止日期")
    row = next(r for r in rows if r[0] == "grid_a")
    assert (row[since].date(), row[until].date()) == (dt.date(2021, 1, 1), dt.date(2021, 12, 31))
