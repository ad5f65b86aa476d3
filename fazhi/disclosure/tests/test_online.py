"""网上申请 through the public pages: submit → tracking code → track → the 党政办 handles it through
the existing steps → the tracking page shows the extension and the reply → rate; a guessed code
finds nothing; the 6th submission from one address is refused; a wrong challenge saves nothing;
personal data is never echoed back; a request without a name is refused with 第二十九条."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from fazhi.core import intake
from fazhi.core.models import LedgerEntry
from fazhi.disclosure.models import Request

APPLY = "/public/disclosure/apply/"
TRACK = "/public/disclosure/track/"
NAME, ID, PHONE, ADDRESS = "李红梅", "430321198805061234", "13807321234", "湖南省湘潭县石鼓镇歇马村5组"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def answer(page: str) -> tuple[str, str]:
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    question = intake.question_of(token)
    a, op, b = intake.signing.loads(token, salt=intake.CHALLENGE_SALT)["q"]
    assert question and "等于多少" in question
    return token, str(a + b if op == "+" else a - b)


def form_data(client, regions, **extra) -> dict:
    page = client.get(APPLY).content.decode()
    token, right = answer(page)
    return {
        "region": regions.town.pk,
        "applicant_type": "natural",
        "applicant_name": NAME,
        "identity_proof": f"居民身份证 {ID}",
        "phone": PHONE,
        "address": ADDRESS,
        "description": "石鼓镇2021年歇马村道路硬化工程的招标文件",
        "form_wanted": "electronic",
        "delivery": "email",
        "email": "lhm@example.cn",
        "challenge_token": token,
        "challenge_answer": right,
        **extra,
    }


def submit(client, regions, **extra):
    return client.post(APPLY, form_data(client, regions, **extra))


def code_of(response) -> str:
    return re.search(
        r"<strong>([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})</strong>", response.content.decode()
    ).group(1)


def test_the_form_opens_without_an_account(client, regions):
    page = client.get(APPLY)
    assert page.status_code == 200
    text = page.content.decode()
    assert "csrfmiddlewaretoken" in text and "验证题" in text and "石鼓镇" in text


def test_submit_track_handle_rate(client, regions, users, disc):
    response = submit(client, regions)
    assert response.status_code == 200
    code = code_of(response)
    text = response.content.decode()
    for secret in (NAME, ID, PHONE, ADDRESS, "lhm@example.cn"):
        assert secret not in text
    req = Request.objects.get()
    assert req.state == Request.State.RECEIVED and req.channel == "online"
    assert req.tracking_digest == intake.digest(code) and code.replace("-", "") not in req.tracking_digest
    assert req.received_on == timezone.localdate()
    entry = LedgerEntry.objects.filter(object_type="disclosure.request", object_id=str(req.pk)).first()
    assert entry is not None and entry.actor_id is None  # written by the anonymous public

    # In the 党政办's register, with the online channel; never on a public page.
    staff = client.__class__()
    staff.force_login(users.gov_office)
    listing = staff.get(reverse("disclosure:request_list")).content.decode()
    assert req.number in listing
    online_only = staff.get(reverse("disclosure:request_list") + "?channel=online").content.decode()
    assert req.number in online_only and "互联网渠道" in online_only

    tracked = client.post(TRACK, {"code": code.lower().replace("-", " ")})
    assert tracked.status_code == 200
    page = tracked.content.decode()
    assert req.number in page and "答复期限" in page and "办理中" in page
    assert NAME not in page and PHONE not in page and "评价答复" not in page

    # The town leader (head of the office) extends; the 党政办 replies.
    leader = client.__class__()
    leader.force_login(disc.leader)
    step = reverse("disclosure:request_step", args=[req.pk, "extend"])
    answered = leader.post(step, {"extend-days": "10", "extend-reason": "需调取档案", "extend-told": "on"})
    assert answered.status_code in (200, 302), answered.content.decode()[:2000]
    page = client.post(TRACK, {"code": code}).content.decode()
    assert "延长答复期限10个工作日" in page

    today = timezone.localdate().isoformat()
    step = reverse("disclosure:request_step", args=[req.pk, "reply"])
    staff.post(step, {"reply-outcome": "1", "reply-replied_on": today, "reply-reply": "现将招标文件提供给您"})
    req.refresh_from_db()
    assert req.state == Request.State.CLOSED

    page = client.post(TRACK, {"code": code}).content.decode()
    assert "现将招标文件提供给您" in page and "评价答复" in page and "基本满意" in page
    rated = client.post(TRACK, {"code": code, "rating": "basic"})
    assert "感谢您的评价" in rated.content.decode()
    req.refresh_from_db()
    assert req.rating == "basic" and req.rated_on == timezone.localdate()
    detail = staff.get(reverse("disclosure:request_detail", args=[req.pk])).content.decode()
    assert "申请人评价" in detail and "基本满意" in detail
    again = client.post(TRACK, {"code": code, "rating": "unsatisfied"})
    assert again.status_code == 400
    req.refresh_from_db()
    assert req.rating == "basic"


def test_rating_window_is_a_rule(client, regions, users):
    response = submit(client, regions)
    code = code_of(response)
    req = Request.objects.get()
    staff = client.__class__()
    staff.force_login(users.gov_office)
    today = timezone.localdate()
    staff.post(
        reverse("disclosure:request_step", args=[req.pk, "reply"]),
        {"reply-outcome": "1", "reply-replied_on": today.isoformat(), "reply-reply": "已公开"},
    )
    from fazhi.disclosure import online

    req.refresh_from_db()
    assert online.rating_open(req, today + timezone.timedelta(days=30))
    assert not online.rating_open(req, today + timezone.timedelta(days=31))
    assert client.post(TRACK, {"code": code}).status_code == 200


def test_a_guessed_code_finds_nothing(client, regions):
    submit(client, regions)
    for guess in ("2345-6789-ABCD", "AAAAAAAAAAAA", "1", "", "' OR 1=1 --"):
        response = client.post(TRACK, {"code": guess})
        assert response.status_code in (400, 404)
        assert "申请编号" not in response.content.decode()


def test_wrong_codes_are_limited_per_address(client, regions, settings):
    settings.FAZHI_INTAKE_LIMITS = {"lookup": (3, 3600)}
    code = code_of(submit(client, regions))
    for _ in range(3):
        client.post(TRACK, {"code": "2345-6789-ABCD"})
    response = client.post(TRACK, {"code": code})
    assert response.status_code == 404 and "查询过于频繁" in response.content.decode()


def test_the_sixth_submission_from_one_address_is_refused(client, regions):
    for i in range(5):
        response = submit(client, regions, phone=f"1380732{i:04d}")
        assert response.status_code == 200, i
    response = submit(client, regions, phone="13907320000")
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Request.objects.count() == 5


def test_three_a_day_per_phone(client, regions):
    for _i in range(3):
        assert submit(client, regions).status_code == 200
    response = client.post(
        APPLY, form_data(client, regions, phone="+86 138-0732-1234"), REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429 and "同一联系电话" in response.content.decode()
    assert Request.objects.count() == 3


def test_wrong_challenge_saves_nothing(client, regions):
    response = submit(client, regions, challenge_answer="999")
    assert response.status_code == 400
    assert "验证题答案不正确" in response.content.decode()
    assert not Request.objects.exists()


def test_a_challenge_is_used_once(client, regions):
    data = form_data(client, regions)
    assert client.post(APPLY, data).status_code == 200
    response = client.post(APPLY, data)
    assert response.status_code == 400 and "已使用过" in response.content.decode()
    assert Request.objects.count() == 1


def test_a_forged_challenge_is_refused(client, regions):
    response = submit(client, regions, challenge_token="e30:forged:sig", challenge_answer="3")
    assert response.status_code == 400 and "验证题无效" in response.content.decode()
    assert not Request.objects.exists()


def test_no_name_is_refused_with_article_29(client, regions):
    response = submit(client, regions, applicant_name="")
    assert response.status_code == 400
    assert "第二十九条" in response.content.decode() and "匿名" in response.content.decode()
    response = submit(client, regions, applicant_name="匿名")
    assert response.status_code == 400
    assert not Request.objects.exists()


def test_an_attachment_is_checked(client, regions):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(APPLY, {**form_data(client, regions), "files": bad})
    assert response.status_code == 400 and "run.exe" in response.content.decode()
    assert not Request.objects.exists()
    good = SimpleUploadedFile(
        "证明.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n", content_type="application/pdf"
    )
    response = client.post(APPLY, {**form_data(client, regions), "files": good})
    assert response.status_code == 200
    from fazhi.core.models import Attachment

    assert Attachment.objects.filter(owner_id=str(Request.objects.get().pk)).count() == 1


def test_a_correction_notice_is_shown_to_the_applicant(client, regions, users):
    code = code_of(submit(client, regions))
    req = Request.objects.get()
    staff = client.__class__()
    staff.force_login(users.gov_office)
    staff.post(
        reverse("disclosure:request_step", args=[req.pk, "ask_correction"]),
        {
            "ask_correction-asked_on": timezone.localdate().isoformat(),
            "ask_correction-asked": "请写明招标文件的文号",
        },
    )
    req.refresh_from_db()
    assert req.state == Request.State.CORRECTION
    page = client.post(TRACK, {"code": code}).content.decode()
    assert "补正告知" in page and "请写明招标文件的文号" in page and "待补正" in page
