"""The pages as a user meets them: entering an activity with a photo, a board update, a study
session from the staff register, an oath and its refusals, and the overview of the year."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.core.attachments import for_owner
from fazhi.core.tests.test_attachments import png
from fazhi.education.models import Activity, Attendance, BoardUpdate, Oath, OathTaker
from fazhi.education.testing import make_activity, make_board


def test_an_activity_entered_with_a_photo_shows_in_the_year_s_figures(client, regions, users):
    # given the judicial office on the spot
    client.force_login(users.judicial)
    # when it enters the activity with a photo
    answer = client.post(
        "/education/activities/new/",
        {
            "region": regions.town.pk,
            "held_on": "2021-11-30",
            "title": "宪法宣传周联合宣传",
            "theme": "constitution",
            "organizers": "司法所、妇联、派出所、综治办",
            "place": "镇政府前坪",
            "audience": "350",
            "materials": "2000",
            "banners": "2",
            "posters": "6",
            "consultations": "45",
            "photos": SimpleUploadedFile("现场.png", png(), content_type="image/png"),
        },
    )
    # then it is saved with its photo, and the overview of 2021 counts it
    activity = Activity.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/education/activities/{activity.pk}/"
    assert [f.original_name for f in for_owner(activity, users.judicial)] == ["现场.png"]
    assert activity.recorded_by == users.judicial
    page = client.get("/education/?year=2021").content.decode()
    assert "2,000" in page and "宪法宣传" in page
    detail = client.get(f"/education/activities/{activity.pk}/").content.decode()
    assert "现场.png" in detail


def test_a_refused_photo_saves_nothing(client, regions, users):
    client.force_login(users.judicial)
    answer = client.post(
        "/education/activities/new/",
        {
            "region": regions.town.pk,
            "held_on": "2021-11-30",
            "title": "带程序的照片",
            "theme": "other",
            "organizers": "司法所",
            "place": "村部",
            "photos": SimpleUploadedFile("a.png", b"MZ\x90\x00 not a picture", content_type="image/png"),
        },
    )
    assert answer.status_code == 400
    assert not Activity.objects.exists()


def test_a_future_day_and_another_town_are_refused(client, regions, users):
    client.force_login(users.judicial)
    answer = client.post(
        "/education/activities/new/",
        {
            "region": regions.other_town.pk,
            "held_on": "2999-01-01",
            "title": "x",
            "theme": "other",
            "organizers": "司法所",
            "place": "村部",
        },
    )
    assert answer.status_code == 400
    errors = answer.context["form"].errors
    assert "region" in errors and "held_on" in errors


def test_a_board_update_is_recorded_from_the_board_page(client, regions, users):
    board = make_board(regions.town, since=dt.date(2021, 1, 5))
    client.force_login(users.gov_office)
    answer = client.post(
        f"/education/boards/{board.pk}/updates/new/", {"updated_on": "2021-04-01", "content": "民法典专栏"}
    )
    assert answer.status_code == 302
    update = BoardUpdate.objects.get()
    assert update.region == regions.town and update.board == board


def test_a_study_session_takes_its_attendees_from_the_staff_register(client, regions, users, staff):
    client.force_login(users.gov_office)
    answer = client.post(
        "/education/study/new/",
        {
            "region": regions.town.pk,
            "kind": "center_group",
            "held_on": "2021-04-08",
            "topic": "学习宪法",
            "hours": "2.5",
            "led_by": staff.mayor.pk,
            "attendees": [staff.mayor.pk, staff.deputy.pk],
        },
    )
    assert answer.status_code == 302
    assert sorted((a.person.name, str(a.hours), a.held_on) for a in Attendance.objects.all()) == [
        ("徐彬", "2.5", dt.date(2021, 4, 8)),
        ("罗副镇长", "2.5", dt.date(2021, 4, 8)),
    ]
    # another town's person is not a choice
    answer = client.post(
        "/education/study/new/",
        {
            "region": regions.town.pk,
            "kind": "center_group",
            "held_on": "2021-04-08",
            "topic": "学习宪法",
            "hours": "1",
            "attendees": [staff.other_mayor.pk],
        },
    )
    assert answer.status_code == 400 and "attendees" in answer.context["form"].errors


def _oath(staff, regions, **extra):
    return {
        "region": regions.town.pk,
        "sworn_on": "2021-08-20",
        "place": "镇政府大会议室",
        "occasion": "石鼓镇第七届人民代表大会第一次会议",
        "organizer": "大会主席团",
        "form": "collective",
        "leader": staff.mayor.pk,
        "text_version": "2018",
        "display": "flag",
        "anthem": "on",
        "swearers": [staff.posts.mayor.pk, staff.posts.deputy.pk],
        **extra,
    }


def test_an_oath_is_recorded_with_those_who_swore_and_their_posts(client, regions, users, staff):
    client.force_login(users.gov_office)
    photo = SimpleUploadedFile("宣誓.png", png(), content_type="image/png")
    answer = client.post("/education/oaths/new/", _oath(staff, regions, photos=photo))
    assert answer.status_code == 302
    assert [f.original_name for f in for_owner(Oath.objects.get(), users.gov_office)] == ["宣誓.png"]
    assert sorted((t.person.name, t.title, t.taken_by) for t in OathTaker.objects.all()) == [
        ("徐彬", "镇长", "election"),
        ("罗副镇长", "副镇长", "election"),
    ]


def test_an_oath_without_leader_flag_or_anthem_is_refused_citing_the_decision(client, regions, users, staff):
    client.force_login(users.gov_office)
    data = _oath(staff, regions, leader="", display="none")
    data.pop("anthem")
    answer = client.post("/education/oaths/new/", data)
    assert answer.status_code == 400
    errors = answer.context["form"].errors.as_data()
    codes = {field: [e.code for e in found] for field, found in errors.items()}
    assert codes == {
        "leader": ["education.oath.leader_required"],
        "display": ["education.oath.flag_required"],
        "anthem": ["education.oath.anthem_required"],
    }
    assert "第八条" in str(errors["leader"][0].message)
    assert not Oath.objects.exists()


def test_every_page_opens_for_the_judicial_office(client, regions, users, staff):
    make_activity(regions.town)
    client.force_login(users.judicial)
    for url in [
        "/education/",
        "/education/activities/",
        "/education/activities/export/",
        "/education/activities/new/",
        "/education/boards/",
        "/education/boards/?due=1",
        "/education/boards/new/",
        "/education/boards/updates/",
        "/education/study/",
        "/education/study/new/",
        "/education/study/hours/?year=2021",
        "/education/oaths/",
        "/education/oaths/new/",
        "/education/oaths/overdue/",
        "/education/key-dates/",
        "/education/key-dates/new/",
        "/education/duties/",
        "/education/duties/new/",
    ]:
        assert client.get(url).status_code == 200, url


def test_an_activity_is_corrected_by_the_office_and_the_ledger_keeps_the_first_version(
    client, regions, users
):
    from fazhi.core.models import LedgerEntry

    activity = make_activity(regions.town, materials=100)
    client.force_login(users.judicial)
    data = {
        "region": regions.town.pk,
        "held_on": "2021-11-30",
        "title": activity.title,
        "theme": "constitution",
        "organizers": activity.organizers,
        "place": activity.place,
        "audience": "300",
        "materials": "1000",
        "banners": "2",
        "posters": "5",
        "consultations": "40",
    }
    assert client.post(f"/education/activities/{activity.pk}/edit/", data).status_code == 302
    activity.refresh_from_db()
    assert activity.materials == 1000
    assert LedgerEntry.objects.filter(object_id=str(activity.pk), action="update").exists()
