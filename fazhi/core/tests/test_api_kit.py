"""Core's API kit, through the API door on enforcement's endpoints: a record's open deadlines
and files in its lists (one query per kind for the whole page), its workflow steps
(`steps/`, `steps/{step}/`) and file uploads (`attachments/`) with the downloads they give."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from fazhi.core import deadlines
from fazhi.core.models import Attachment, LedgerEntry
from fazhi.enforcement.models import Case, Evidence

BASE = "/api/v1/enforcement"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"


@pytest.fixture
def api(users):
    def _api(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _api


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def photo(name="现场照片.jpg", content=JPEG):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


@pytest.fixture
def evidence(make_case):
    return Evidence.objects.create(
        case=make_case(),
        kind=Evidence.Kind.SCENE_RECORD,
        description="现场检查笔录一份",
        collected_at=dt.datetime(2021, 9, 3, 10, tzinfo=dt.UTC),
    )


def _case_with_deadlines(make_case, n: int) -> Case:
    case = make_case(cause=f"期限案件{n}")
    today = timezone.localdate()
    deadlines.start(case, code="kit.reply", label="答复", rule="示例条例第三条", days=10, starts_on=today)
    deadlines.start(
        case,
        code="kit.late",
        label="补正",
        rule="示例条例第五条",
        days=3,
        starts_on=today - dt.timedelta(days=9),
    )
    return case


def _list_queries(client) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"{BASE}/cases/", {"page_size": 50})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


# --- open deadlines and files, per page ----------------------------------------------------------


def test_it_lists_cases_with_their_open_deadlines_in_the_same_number_of_queries_for_1_or_20(
    api, users, make_case
):
    client = api(users.officer)
    # given one case with an open deadline and an overdue one
    first = _case_with_deadlines(make_case, 0)
    _list_queries(client)  # caches of the process (content types, the user's regions) warmed
    # when the list is read
    few, answer = _list_queries(client)
    # then the case shows its open deadlines, soonest first, with how each stands
    shown = {c["id"]: c for c in answer["results"]}[first.pk]["open_deadlines"]
    assert [d["code"] for d in shown] == ["kit.late", "kit.reply"]
    late, reply = shown
    assert late["level"] == "overdue" and late["days_left"] < 0 and "逾期" in late["standing"]
    assert reply["level"] == "ok" and reply["days_left"] > 0 and reply["paused"] is False
    assert reply["rule"] == "示例条例第三条" and reply["label"] == "答复"
    assert reply["explain_url"].endswith(f"/core/deadlines/{reply['id']}/explain/")
    # and when 19 more cases are listed, no query is made per case
    for n in range(1, 20):
        _case_with_deadlines(make_case, n)
    many, answer = _list_queries(client)
    assert len(answer["results"]) == 20
    assert all(len(c["open_deadlines"]) == 2 for c in answer["results"])
    assert many == few


def test_a_single_case_shows_its_open_deadlines_and_not_the_met_ones(api, users, make_case):
    case = _case_with_deadlines(make_case, 0)
    deadlines.meet(case, "kit.reply")
    # when
    shown = api(users.officer).get(f"{BASE}/cases/{case.pk}/").json()["open_deadlines"]
    # then
    assert [d["code"] for d in shown] == ["kit.late"]


def test_the_explain_url_of_an_open_deadline_opens_its_computation(api, users, make_case, client):
    case = _case_with_deadlines(make_case, 0)
    url = api(users.officer).get(f"{BASE}/cases/{case.pk}/").json()["open_deadlines"][0]["explain_url"]
    client.force_login(users.officer)
    assert client.get(url).status_code == 200


# --- uploads and downloads --------------------------------------------------------------------------


def test_an_officer_uploads_evidence_and_a_reader_downloads_it(api, users, evidence, media):
    # when the case's officer uploads a photo to the evidence
    response = api(users.officer).post(
        f"{BASE}/evidence/{evidence.pk}/attachments/",
        {"file": photo(), "caption": "采砂船"},
        format="multipart",
    )
    # then the file is stored once under its digest, and the ledger vouches for the digest
    assert response.status_code == 201, response.json()
    stored = response.json()
    assert stored["name"] == "现场照片.jpg" and stored["size"] == len(JPEG)
    assert stored["content_type"] == "image/jpeg" and stored["caption"] == "采砂船"
    [path] = stored_files(media)
    assert path.read_bytes() == JPEG and stored["digest"] in path.name
    entry = LedgerEntry.objects.get(object_type="core.attachment", object_id=str(stored["id"]))
    assert stored["digest"] in entry.digests and entry.source == "api"
    # and the evidence lists it
    listed = api(users.officer).get(f"{BASE}/evidence/{evidence.pk}/").json()["attachments"]
    assert [(a["id"], a["digest"]) for a in listed] == [(stored["id"], stored["digest"])]
    # and a reader of the town (the leader, who may not upload) downloads it through the API
    download = api(users.leader).get(stored["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == JPEG
    assert download["Content-Type"] == "image/jpeg" and download["Content-Security-Policy"] == "sandbox"
    # and its description too
    assert api(users.leader).get(f"/api/v1/attachments/{stored['id']}/").json()["digest"] == stored["digest"]


def test_a_file_is_not_served_outside_its_records_scope(api, users, evidence, media):
    stored = (
        api(users.officer)
        .post(f"{BASE}/evidence/{evidence.pk}/attachments/", {"file": photo()}, format="multipart")
        .json()
    )
    # another town's officer and a grid worker (who reads no enforcement record) get 404
    assert api(users.other_officer).get(stored["download_url"]).status_code == 404
    assert api(users.grid_a).get(stored["download_url"]).status_code == 404
    assert api(users.other_officer).get(f"/api/v1/attachments/{stored['id']}/").status_code == 404
    # and nobody signed in gets nothing
    assert APIClient().get(stored["download_url"]).status_code in (401, 403)


def test_an_upload_outside_the_writable_scope_is_refused_and_stores_nothing(api, users, evidence, media):
    # the leader reads the case but does not handle it: 403; another town's officer: 404
    leader = api(users.leader).post(
        f"{BASE}/evidence/{evidence.pk}/attachments/", {"file": photo()}, format="multipart"
    )
    other = api(users.other_officer).post(
        f"{BASE}/evidence/{evidence.pk}/attachments/", {"file": photo()}, format="multipart"
    )
    assert leader.status_code == 403 and other.status_code == 404
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused_with_the_reason_and_stores_nothing(
    api, users, evidence, media, settings
):
    settings.ATTACHMENT_MAX_MB = 1
    big = JPEG[:-2] + b"\x00" * (1024 * 1024) + b"\xff\xd9"
    # when
    response = api(users.officer).post(
        f"{BASE}/evidence/{evidence.pk}/attachments/", {"file": photo("大照片.jpg", big)}, format="multipart"
    )
    # then
    assert response.status_code == 400
    [reason] = response.json()["file"]
    assert "大照片.jpg" in reason and "超过大小上限（1 MB）" in reason
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_a_program_renamed_as_a_photo_is_refused(api, users, evidence, media):
    program = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
    response = api(users.officer).post(
        f"{BASE}/evidence/{evidence.pk}/attachments/",
        {"file": photo("照片.jpg", program)},
        format="multipart",
    )
    assert response.status_code == 400 and "可执行程序" in response.json()["file"][0]
    assert stored_files(media) == []


def test_an_upload_without_a_file_names_the_field(api, users, evidence, media):
    response = api(users.officer).post(f"{BASE}/evidence/{evidence.pk}/attachments/", {}, format="multipart")
    assert response.status_code == 400 and response.json() == {"file": ["请选择要上传的文件"]}


# --- workflow steps ------------------------------------------------------------------------------------


def test_the_steps_say_why_one_is_refused_with_its_code_field_and_article(api, users, make_case, enf):
    # given a draft case with a single officer
    case = make_case(officers=[enf.wang])
    # when
    steps = {s["name"]: s for s in api(users.officer).get(f"{BASE}/cases/{case.pk}/steps/").json()}
    # then filing is offered but refused, on the officers, citing 第四十二条
    assert steps["file"]["allowed"] is False
    assert steps["file"]["code"] == "too_few_officers" and steps["file"]["field"] == "officers"
    assert steps["file"]["article"] == "行政处罚法第四十二条" and "第四十二条" in steps["file"]["reason"]
    assert "filed_on" in steps["file"]["fields"]


def test_a_refused_step_answers_409_with_the_code_and_the_field(api, users, make_case, enf):
    case = make_case(officers=[enf.wang])
    # when
    response = api(users.officer).post(f"{BASE}/cases/{case.pk}/steps/file/", {"filed_on": "2021-09-06"})
    # then
    assert response.status_code == 409
    answer = response.json()
    assert answer["code"] == "too_few_officers" and answer["article"] == "行政处罚法第四十二条"
    assert answer["data"] == {"officers": [answer["detail"]]}
    assert Case.objects.get(pk=case.pk).state == "draft"


def test_a_step_is_fired_with_its_input_and_answers_the_record_and_its_ledger_entry(api, users, make_case):
    case = make_case()
    # when
    response = api(users.officer).post(
        f"{BASE}/cases/{case.pk}/steps/file/", {"filed_on": "2021-09-06"}, format="json"
    )
    # then
    assert response.status_code == 200, response.json()
    answer = response.json()
    assert answer["record"]["state"] == "filed" and answer["record"]["filed_on"] == "2021-09-06"
    entry = LedgerEntry.objects.get(pk=answer["ledger_entry"])
    assert entry.action == "transition:file" and entry.object_id == str(case.pk)
    # and the deadlines the step started are among the case's open deadlines
    assert answer["record"]["open_deadlines"]


def test_a_step_without_the_role_is_403_and_outside_the_scope_404(api, users, make_case):
    case = make_case()
    # the judicial office reads the case but holds no role of the case's steps
    assert api(users.judicial).post(f"{BASE}/cases/{case.pk}/steps/file/", {}).status_code == 403
    assert api(users.other_officer).post(f"{BASE}/cases/{case.pk}/steps/file/", {}).status_code == 404
    assert api(users.other_officer).get(f"{BASE}/cases/{case.pk}/steps/").status_code == 404
    assert Case.objects.get(pk=case.pk).state == "draft"


def test_an_unknown_step_is_404(api, users, make_case):
    response = api(users.officer).post(f"{BASE}/cases/{make_case().pk}/steps/demolish/", {})
    assert response.status_code == 404 and "demolish" in response.json()["detail"]


def test_bad_step_input_is_400_naming_the_field(api, users, make_case, walk):
    case = walk(make_case(), "file", "investigate")
    response = api(users.officer).post(
        f"{BASE}/cases/{case.pk}/steps/notify/",
        {"intended_penalties": ["fine"], "intended_fine": "很多"},
        format="json",
    )
    assert response.status_code == 400 and "intended_fine" in response.json()["data"]
