"""The shared mechanism of public submissions (fazhi.core.intake): tracking codes, rate limits,
the offline challenge."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import RequestFactory

from fazhi.core import intake


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_codes_are_long_random_and_readable():
    codes = {intake.new_code() for _ in range(500)}
    assert len(codes) == 500
    for code in list(codes)[:50]:
        raw = intake.normalize(code)
        assert len(raw) == 12 and not set(raw) & set("01OIL")
        assert intake.normalize(code.lower().replace("-", " ")) == raw


def test_a_code_is_stored_only_as_its_keyed_digest():
    code = intake.new_code()
    stored = intake.digest(code)
    assert len(stored) == intake.DIGEST_LENGTH and intake.normalize(code) not in stored.upper()
    assert intake.digest(code.lower()) == stored
    with pytest.raises(ValueError):
        intake.digest("short")


@pytest.mark.django_db
def test_malformed_codes_find_nothing_without_a_query(django_assert_num_queries):
    from fazhi.disclosure.models import Request

    with django_assert_num_queries(0):
        for guess in ("", "1234", "O" * 12, "2345-6789-ABC", "%" * 12):
            assert intake.find(Request.objects.all(), guess) is None


def test_rate_limits_count_per_value_and_scope(settings):
    settings.FAZHI_INTAKE_LIMITS = {"address": (2, 60)}
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.1.1")
    assert intake.refusal(request, "x") is None
    intake.count_submission(request, "x")
    intake.count_submission(request, "x")
    assert "频繁" in intake.refusal(request, "x")
    assert intake.refusal(request, "y") is None  # another form keeps its own count
    assert intake.refusal(RequestFactory().post("/", REMOTE_ADDR="10.1.1.2"), "x") is None


def test_phone_limit_defaults_to_three_a_day():
    request = RequestFactory().post("/")
    for n in range(3):
        intake.count_submission(RequestFactory().post("/", REMOTE_ADDR=f"10.0.0.{n}"), "x", "13800000000")
    assert "联系电话" in intake.refusal(request, "x", "13800000000")
    assert intake.refusal(request, "x", "13800000001") is None


def test_the_challenge_is_chinese_signed_and_single_use():
    question, token = intake.new_challenge()
    assert "等于多少" in question and not any(ch.isdigit() for ch in question.split("？")[0])
    a, op, b = signing.loads(token, salt=intake.CHALLENGE_SALT)["q"]
    right = a + b if op == "+" else a - b
    assert intake.check_answer(token, right + 1) == "验证题答案不正确。"
    assert intake.check_answer(token, "abc")
    assert intake.check_answer(token, right) is None
    assert "已使用过" in intake.check_answer(token, right)


def test_a_forged_or_old_challenge_is_refused(monkeypatch):
    forged = signing.dumps({"q": [1, "+", 1], "n": "x"}, salt="another salt")
    assert "无效" in intake.check_answer(forged, 2)
    _question, token = intake.new_challenge()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + intake.CHALLENGE_MAX_AGE + 5)
    a, op, b = signing.loads(token, salt=intake.CHALLENGE_SALT)["q"]
    assert "过期" in intake.check_answer(token, a + b if op == "+" else a - b)


def test_chinese_numbers():
    assert [intake.chinese_number(n) for n in (0, 7, 10, 12, 20, 29)] == [
        "零",
        "七",
        "十",
        "十二",
        "二十",
        "二十九",
    ]


def test_the_submission_door_shows_the_create_function_s_refusal_on_the_form_and_counts_nothing(
    rf, settings, db
):
    from types import SimpleNamespace

    from django import forms
    from django.core.exceptions import ValidationError

    settings.FAZHI_INTAKE_LIMITS = {"address": (1, 3600)}

    class Form(intake.ChallengeMixin, forms.Form):
        content = forms.CharField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.add_challenge()

    def posted(**data):
        _question, token = intake.new_challenge()
        a, op, b = signing.loads(token, salt=intake.CHALLENGE_SALT)["q"]
        answer = str(a + b if op == "+" else a - b)
        return rf.post(
            "/", {"challenge_token": token, "challenge_answer": answer, **data}, REMOTE_ADDR="10.9.9.9"
        )

    def door(request, create):
        return intake.handle_submission(
            request,
            scope="door",
            form=Form(request.POST or None),
            create=create,
            template="portal/comment_form.html",
            done_template="portal/comment_done.html",
            context={
                "town": SimpleNamespace(code="430321108"),
                "decision": SimpleNamespace(pk=1, title="某方案", comment_until=None),
                "title": "对决策草案提出意见",
            },
        )

    def closed(form):
        raise ValidationError("征求意见期限已届满（示例）")

    # when the app's create function refuses (the period ended meanwhile)
    refused = door(posted(content="意见"), closed)
    # then the form is shown again with the reason, and nothing counts against the limit
    assert refused.status_code == 400 and "征求意见期限已届满（示例）" in refused.content.decode()
    # when it accepts
    done = door(posted(content="意见"), lambda form: {"received_on": None})
    assert done.status_code == 200 and "意见已提交" in done.content.decode()
    # then the one submission allowed an hour is used up
    assert door(posted(content="意见"), lambda form: {}).status_code == 429
