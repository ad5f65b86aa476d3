"""Education's authorization table: every page and API operation, reads inside (石鼓镇) and
outside (易俗河镇) scope, and writes.

Written by hand from the intended rules (docs/security.md is generated from it):
- reading needs `education.view` over the record's region: 石鼓镇's town leader, judicial office,
  enforcement officers, governance office and party-government office, the county supervisor
  everywhere; 易俗河镇's enforcement officer reads 易俗河镇 only. A role without it anywhere
  (信访办, 法制审核, grid workers, village cadres, the adviser, the three administrators) gets 403;
  with it, but not over the record, 404.
- recording (activities, boards and their updates, study sessions, oaths, key dates, the
  责任清单) needs `education.record` over the place: 司法所 and 党政办 of 石鼓镇. A place or a
  person outside their town is a bad choice (400); another town's record is not found (404).
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table

# --- who, written out by hand -----------------------------------------------------------------

WRITERS = "judicial gov_office"
READ_IN = f"leader officer officer2 governance county two_regions {WRITERS}"
NOT_IN = "other_officer grid_and_officer"  # education.view elsewhere only
READ_OUT = "county two_regions other_officer grid_and_officer"
NOT_OUT = f"leader officer officer2 governance {WRITERS}"
READ_ANY = f"{READ_IN} {NOT_IN}"

LIST_IN = E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN})
LIST_OUT = E("403", {"200 shown": READ_OUT, "200 hidden": NOT_OUT})
RECORD_IN = E("403", {"200": READ_IN, "404": NOT_IN})
RECORD_OUT = E("403", {"200": READ_OUT, "404": NOT_OUT})
PAGE_ANY = E("403", {"200": READ_ANY})
FORM_ANY = E("403", {"200": WRITERS})


def creates(ok: str) -> tuple[E, E]:
    """A create: inside by the town's writers; outside their place is not a choice (400)."""
    return E("403 unchanged", {ok: WRITERS}), E("403 unchanged", {"400 unchanged": WRITERS})


def changes(ok: str) -> tuple[E, E]:
    """A write on a record: inside by the writers; another town's record is not found."""
    return E("403 unchanged", {ok: WRITERS}), E("403 unchanged", {"404 unchanged": WRITERS})


# --- the tree ---------------------------------------------------------------------------------


def build(t) -> None:
    import datetime as dt

    from fazhi.education import testing
    from fazhi.education.models import DutyItem, KeyDate

    r = t.regions
    staff = testing.make_staff(r)
    t.staff = staff
    t.region = {INSIDE: r.town, OUTSIDE: r.other_town}
    t.mayor = {INSIDE: staff.mayor, OUTSIDE: staff.other_mayor}
    t.mayor_post = {INSIDE: staff.posts.mayor, OUTSIDE: staff.posts.other_mayor}
    t.activity = {
        s: testing.make_activity(region, title=f"矩阵普法活动{s}") for s, region in t.region.items()
    }
    t.board = {
        s: testing.make_board(region, name=f"矩阵宣传栏{s}", updates=[dt.date(2021, 4, 1)])
        for s, region in t.region.items()
    }
    t.board_update = {s: b.updates.get() for s, b in t.board.items()}
    t.session = {
        s: testing.make_session(region, [t.mayor[s]], topic=f"矩阵学法{s}") for s, region in t.region.items()
    }
    t.oath = {
        s: testing.make_oath(region, [t.mayor_post[s]], place=f"矩阵宣誓地点{s}")
        for s, region in t.region.items()
    }
    t.key_date = {
        s: KeyDate.objects.create(region=region, name=f"矩阵重点日期{s}", month=12, day=4)
        for s, region in t.region.items()
    }
    t.duty = {
        s: DutyItem.objects.create(region=region, year=2021, content=f"矩阵责任事项{s}", office="司法所")
        for s, region in t.region.items()
    }


def pk(attr):
    return lambda t, s: {"pk": getattr(t, attr)[s].pk}


def api_pk(attr):
    return lambda t, s: {"id": getattr(t, attr)[s].pk}


def count(label):
    def watch(t, s):
        from django.apps import apps

        return apps.get_model(label).objects.count()

    return watch


def field_of(attr, label, name):
    def watch(t, s):
        from django.apps import apps

        return getattr(apps.get_model(label).objects.get(pk=getattr(t, attr)[s].pk), name)

    return watch


def files_of(attr):
    def watch(t, s):
        from fazhi.core.models import Attachment

        return Attachment.objects.filter(owner_id=str(getattr(t, attr)[s].pk)).count()

    return watch


def _upload(name="现场照片.jpg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9", "image/jpeg"
    )


def activity_data(t, s):
    return {
        "region": t.region[s].pk,
        "held_on": "2021-12-04",
        "title": "矩阵登记活动",
        "theme": "constitution",
        "organizers": "司法所",
        "place": "村部",
        "audience": 10,
        "materials": 10,
        "banners": 0,
        "posters": 0,
        "consultations": 0,
    }


def board_data(t, s):
    return {
        "region": t.region[s].pk,
        "name": "矩阵新宣传栏",
        "kind": "board",
        "place": "村部",
        "since": "2021-01-01",
        "office": "司法所",
    }


def study_data(t, s):
    return {
        "region": t.region[s].pk,
        "kind": "center_group",
        "held_on": "2021-05-06",
        "topic": "矩阵集体学法",
        "hours": "2",
        "attendees": [t.mayor[s].pk],
    }


def oath_data(t, s):
    return {
        "region": t.region[s].pk,
        "sworn_on": "2021-08-21",
        "place": "会议室",
        "occasion": "矩阵宣誓",
        "organizer": "主席团",
        "form": "single",
        "text_version": "2018",
        "display": "flag",
        "anthem": "on",
        "swearers": [t.mayor_post[s].pk],
    }


def keydate_data(t, s):
    return {"region": t.region[s].pk, "name": "矩阵新日期", "month": 6, "day": 26, "theme": "drugs"}


def duty_data(t, s):
    return {"region": t.region[s].pk, "year": 2021, "content": "矩阵新事项", "office": "司法所"}


def _create_row(name, data, label):
    inside, outside = creates("302 changed")
    return Row(
        name, variant="POST", method="POST", data=data, watch=count(label), inside=inside, outside=outside
    )


_update_in, _update_out = changes("302 changed")

PAGES = [
    Row("education:index", anywhere=PAGE_ANY),
    Row("education:activity_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.activity[s].title),
    Row("education:activity_export", anywhere=PAGE_ANY),
    Row("education:activity_create", anywhere=FORM_ANY),
    _create_row("education:activity_create", activity_data, "education.Activity"),
    Row("education:activity_detail", kwargs=pk("activity"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "education:activity_edit",
        kwargs=pk("activity"),
        inside=E("403", {"200": WRITERS}),
        outside=E("403", {"404": WRITERS}),
    ),
    Row(
        "education:activity_edit",
        variant="POST",
        method="POST",
        kwargs=pk("activity"),
        data=lambda t, s: {**activity_data(t, s), "region": t.region[s].pk, "title": "矩阵改名活动"},
        watch=field_of("activity", "education.Activity", "title"),
        inside=_update_in,
        outside=_update_out,
    ),
    Row("education:board_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.board[s].name),
    Row("education:board_create", anywhere=FORM_ANY),
    _create_row("education:board_create", board_data, "education.Board"),
    Row("education:board_detail", kwargs=pk("board"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "education:board_update_create",
        kwargs=pk("board"),
        inside=E("403", {"200": WRITERS}),
        outside=E("403", {"404": WRITERS}),
    ),
    Row(
        "education:board_update_create",
        variant="POST",
        method="POST",
        kwargs=pk("board"),
        data={"updated_on": "2021-07-01", "content": "矩阵更新内容"},
        watch=count("education.BoardUpdate"),
        inside=_update_in,
        outside=_update_out,
    ),
    Row(
        "education:board_update_list",
        inside=LIST_IN,
        outside=LIST_OUT,
        marker=lambda t, s: f"{t.board[s].name}</a>",
    ),
    Row("education:study_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.session[s].topic),
    Row("education:study_create", anywhere=FORM_ANY),
    _create_row("education:study_create", study_data, "education.StudySession"),
    Row("education:study_detail", kwargs=pk("session"), inside=RECORD_IN, outside=RECORD_OUT),
    Row(
        "education:hours",
        query={"year": 2021},
        inside=E("403", {"200 shown": READ_IN, "200 hidden": NOT_IN}),
        outside=E("403", {"200 shown": READ_OUT, "200 hidden": NOT_OUT}),
        marker=lambda t, s: t.mayor[s].name,
    ),
    Row("education:oath_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.oath[s].place),
    Row("education:oath_create", anywhere=FORM_ANY),
    _create_row("education:oath_create", oath_data, "education.Oath"),
    Row("education:oath_detail", kwargs=pk("oath"), inside=RECORD_IN, outside=RECORD_OUT),
    Row("education:oath_overdue", anywhere=PAGE_ANY),
    Row("education:keydate_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.key_date[s].name),
    Row("education:keydate_create", anywhere=FORM_ANY),
    _create_row("education:keydate_create", keydate_data, "education.KeyDate"),
    Row("education:duty_list", inside=LIST_IN, outside=LIST_OUT, marker=lambda t, s: t.duty[s].content),
    Row("education:duty_create", anywhere=FORM_ANY),
    _create_row("education:duty_create", duty_data, "education.DutyItem"),
]

P = "v1_education"


def _api_create(resource, data, label):
    inside, outside = creates("201 changed")
    return Row(
        f"{P}_{resource}_create",
        method="POST",
        encoding="json",
        data=data,
        watch=count(label),
        inside=inside,
        outside=outside,
    )


def _api_patch(resource, attr, label, name, value):
    inside, outside = changes("200 changed")
    return Row(
        f"{P}_{resource}_partial_update",
        method="PATCH",
        encoding="json",
        kwargs=api_pk(attr),
        data={name: value},
        watch=field_of(attr, label, name),
        inside=inside,
        outside=outside,
    )


def _api_reads(resource, attr, marker):
    return [
        Row(f"{P}_{resource}_list", inside=LIST_IN, outside=LIST_OUT, marker=marker),
        Row(f"{P}_{resource}_retrieve", kwargs=api_pk(attr), inside=RECORD_IN, outside=RECORD_OUT),
    ]


def _api_upload(resource, attr):
    inside, outside = changes("201 changed")
    return Row(
        f"{P}_{resource}_attachments_create",
        method="POST",
        kwargs=api_pk(attr),
        encoding="multipart",
        data=lambda t, s: {"file": _upload()},
        watch=files_of(attr),
        inside=inside,
        outside=outside,
    )


def _api_session(t, s):
    return {
        "region": t.region[s].pk,
        "kind": "exam",
        "held_on": "2021-10-10",
        "topic": "接口学法考试",
        "hours": "1.0",
        "attendances": [{"person": t.mayor[s].pk, "score": "92"}],
    }


def _api_oath(t, s):
    return {**oath_data(t, s), "anthem": True, "takers": [{"post": t.mayor_post[s].pk}], "swearers": None}


def _clean(data):
    return lambda t, s: {k: v for k, v in data(t, s).items() if v is not None and k != "swearers"}


OPERATIONS = [
    *_api_reads("activities", "activity", lambda t, s: t.activity[s].title),
    _api_create("activities", activity_data, "education.Activity"),
    _api_patch("activities", "activity", "education.Activity", "title", "接口改名"),
    _api_upload("activities", "activity"),
    *_api_reads("boards", "board", lambda t, s: t.board[s].name),
    _api_create("boards", board_data, "education.Board"),
    _api_patch("boards", "board", "education.Board", "place", "接口新位置"),
    *_api_reads("board_updates", "board_update", lambda t, s: f'"board":{t.board[s].pk},'),
    Row(
        f"{P}_board_updates_create",
        method="POST",
        encoding="json",
        data=lambda t, s: {"board": t.board[s].pk, "updated_on": "2021-07-01", "content": "接口更新"},
        watch=count("education.BoardUpdate"),
        inside=E("403 unchanged", {"201 changed": WRITERS}),
        outside=E("403 unchanged", {"400 unchanged": WRITERS}),
    ),
    *_api_reads("study_sessions", "session", lambda t, s: t.session[s].topic),
    _api_create("study_sessions", _api_session, "education.StudySession"),
    _api_patch("study_sessions", "session", "education.StudySession", "topic", "接口改题"),
    *_api_reads("oaths", "oath", lambda t, s: t.oath[s].place),
    _api_create("oaths", _clean(_api_oath), "education.Oath"),
    _api_patch("oaths", "oath", "education.Oath", "place", "接口新地点"),
    _api_upload("oaths", "oath"),
    *_api_reads("key_dates", "key_date", lambda t, s: t.key_date[s].name),
    _api_create("key_dates", keydate_data, "education.KeyDate"),
    *_api_reads("duties", "duty", lambda t, s: t.duty[s].content),
    _api_create("duties", duty_data, "education.DutyItem"),
]

TABLE = Table(
    app="education",
    title="education — 普法、学法与宪法宣誓 / legal education, study and oaths",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("education",),
    operation_prefixes=("v1_education_",),
    intro=__doc__.split("\n\n", 1)[1].strip(),
)
