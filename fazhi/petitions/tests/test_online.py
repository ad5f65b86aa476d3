"""网上信访 through the public pages: submit → 查询码 → track → the 信访办 accepts, the leader extends,
the 信访办 answers through the existing steps → the tracking page shows exactly 登记, 受理告知,
延期告知, 处理意见书 with their dates (no staff names or notes) → rate once; anonymous petitions are
accepted and told there is no written notice; not-accepted matters show no rating; a guessed
code finds nothing; the 6th submission from one address is refused; a wrong challenge saves nothing."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from fazhi.core import intake
from fazhi.core.models import LedgerEntry
from fazhi.petitions.models import Matter

SUBMIT = "/public/petitions/submit/"
TRACK = "/public/petitions/track/"
NAME, ID, PHONE, ADDRESS = "周建国", "430321196502101238", "13907325678", "湖南省湘潭县石鼓镇古塘村3组"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def form_data(client, regions, **extra) -> dict:
    page = client.get(SUBMIT).content.decode()
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    a, op, b = intake.signing.loads(token, salt=intake.CHALLENGE_SALT)["q"]
    return {
        "region": regions.town.pk,
        "name": NAME,
        "id_number": ID,
        "phone": PHONE,
        "address": ADDRESS,
        "title": "宅基地边界纠纷",
        "content": "邻居建房占用我家宅基地约两米。",
        "requests": "请求依确权图重新确定界址。",
        "kind": "claim",
        "category": "land",
        "challenge_token": token,
        "challenge_answer": str(a + b if op == "+" else a - b),
        **extra,
    }


def submit(client, regions, **extra):
    return client.post(SUBMIT, form_data(client, regions, **extra))


def code_of(response) -> str:
    return re.search(
        r"<strong>([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})</strong>", response.content.decode()
    ).group(1)


def staff(client, user):
    other = client.__class__()
    other.force_login(user)
    return other


def step(who, matter, name, **data):
    response = who.post(
        reverse("petitions:matter_step", args=[matter.pk, name]), {f"{name}-{k}": v for k, v in data.items()}
    )
    assert response.status_code in (200, 302), response.content.decode()[:3000]
    matter.refresh_from_db()


def test_the_form_opens_without_an_account(client, regions):
    response = client.get(SUBMIT)
    assert response.status_code == 200
    assert "匿名反映" in response.content.decode() and "csrfmiddlewaretoken" in response.content.decode()


def test_submit_track_handle_rate(client, regions, users):
    response = submit(client, regions)
    assert response.status_code == 200
    code = code_of(response)
    text = response.content.decode()
    assert "15日内书面告知" in text
    for secret in (NAME, ID, PHONE, ADDRESS):
        assert secret not in text
    matter = Matter.objects.get()
    assert matter.form == "online" and matter.state == Matter.State.REGISTERED
    assert matter.tracking_digest == intake.digest(code) and matter.accept_due_on
    assert matter.petitioners.get().name == NAME
    assert LedgerEntry.objects.filter(object_type="petitions.matter", object_id=str(matter.pk)).exists()

    office = staff(client, users.petition)
    assert matter.number in office.get(reverse("petitions:matter_list")).content.decode()

    page = client.post(TRACK, {"code": code}).content.decode()
    assert "登记" in page and matter.number in page and "受理告知" not in page and NAME not in page

    today = timezone.localdate().isoformat()
    step(office, matter, "accept", decided_on=today, responsible_unit="镇国土所")
    step(staff(client, users.leader), matter, "extend", days="30", reason="需进一步调查核实（内部说明）")
    assert matter.extended
    step(
        office,
        matter,
        "answer",
        answered_on=today,
        facts="经调查属实。",
        decision="由村委会组织双方按确权图重新确定界址。",
        legal_basis="《中华人民共和国土地管理法》第十四条",
    )
    assert matter.state == Matter.State.ANSWERED

    page = client.post(TRACK, {"code": code}).content.decode()
    for label in (
        "登记",
        "受理告知",
        "由镇国土所办理",
        "延期告知",
        "处理意见书",
        "由村委会组织双方按确权图重新确定界址",
    ):
        assert label in page, label
    for hidden in ("内部说明", users.leader.full_name, "经调查属实", NAME, PHONE):
        assert hidden not in page, hidden
    assert "评价处理意见" in page

    rated = client.post(TRACK, {"code": code, "satisfaction": "satisfied"})
    assert "感谢您的评价" in rated.content.decode()
    matter.refresh_from_db()
    assert matter.satisfaction == "satisfied" and matter.rated_on == timezone.localdate()
    assert client.post(TRACK, {"code": code, "satisfaction": "unsatisfied"}).status_code == 400
    matter.refresh_from_db()
    assert matter.satisfaction == "satisfied"
    # The 信访办 can still conclude it through its own step.
    step(office, matter, "conclude", concluded_on=today)
    assert matter.state == Matter.State.CONCLUDED


def test_anonymous_is_accepted_and_told_no_written_notice(client, regions, users):
    response = submit(client, regions, anonymous="on", name="", id_number="", phone="", address="")
    assert response.status_code == 200
    assert "不会向您书面告知" in response.content.decode()
    matter = Matter.objects.get()
    assert not matter.petitioners.exists()
    assert client.post(TRACK, {"code": code_of(response)}).status_code == 200
    office = staff(client, users.petition)
    assert office.get(reverse("petitions:matter_detail", args=[matter.pk])).status_code == 200
    listed = office.get(reverse("petitions:matter_list") + "?form=online").content.decode()
    assert matter.number in listed


def test_anonymous_drops_what_was_typed(client, regions):
    submit(client, regions, anonymous="on")
    assert not Matter.objects.get().petitioners.exists()


def test_a_name_or_anonymity_is_required(client, regions):
    response = submit(client, regions, name="")
    assert response.status_code == 400 and "匿名反映" in response.content.decode()
    assert not Matter.objects.exists()


def test_not_accepted_shows_no_rating(client, regions, users):
    code = code_of(submit(client, regions))
    matter = Matter.objects.get()
    step(
        staff(client, users.petition),
        matter,
        "not_accept",
        decided_on=timezone.localdate().isoformat(),
        reason="属于诉讼程序解决的事项",
        route_told="向人民法院提起诉讼",
    )
    page = client.post(TRACK, {"code": code}).content.decode()
    assert "不予受理告知" in page and "评价处理意见" not in page
    assert client.post(TRACK, {"code": code, "satisfaction": "satisfied"}).status_code == 400
    matter.refresh_from_db()
    assert matter.satisfaction == ""


def test_a_guessed_code_finds_nothing(client, regions):
    submit(client, regions)
    for guess in ("2345-6789-ABCD", "ZZZZZZZZZZZZ", "12345678", ""):
        response = client.post(TRACK, {"code": guess})
        assert response.status_code in (400, 404)
        assert "办理情况" not in response.content.decode()


def test_the_sixth_submission_from_one_address_is_refused(client, regions):
    for _i in range(5):
        assert submit(client, regions, anonymous="on").status_code == 200
    response = submit(client, regions, anonymous="on")
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Matter.objects.count() == 5


def test_wrong_challenge_saves_nothing(client, regions):
    response = submit(client, regions, challenge_answer="-1")
    assert response.status_code == 400 and "验证题答案不正确" in response.content.decode()
    assert not Matter.objects.exists()
