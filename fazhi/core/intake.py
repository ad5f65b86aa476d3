"""Public submissions without an account (网上申请, 网上信访): the shared mechanism.

- Tracking codes (查询码): 12 characters drawn with `secrets` from an alphabet without look-alikes
  (no 0/O, 1/I/L), shown once to the submitter and stored only as a keyed digest (HMAC of
  SECRET_KEY); a lookup is one indexed query on the digest, so a wrong code finds nothing and
  nothing can be listed or guessed letter by letter.
- Rate limits per client address and per phone (the cache; `FAZHI_INTAKE_LIMITS` overrides the
  defaults: 5 submissions an hour per address, 3 a day per phone, 30 wrong codes an hour per address).
- An offline challenge: an arithmetic question written in Chinese, its parts signed with a
  timestamp (Django's signing, keyed by SECRET_KEY), answered within 30 minutes, usable once.
- Attachments go through `fazhi.core.attachments.AttachmentField` (size and type checks).
- `handle_submission`: the public submission door itself — limits, the form, the challenge
  last, the app's create function, the confirmation page — so that a kind of public submission
  is a form, a create function and two templates (legal's online comments use it).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import pii

# --- tracking codes -----------------------------------------------------------------------------

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0 O 1 I L: nothing to misread on a phone
CODE_LENGTH = 12
DIGEST_LENGTH = 64


def new_code() -> str:
    """A fresh tracking code (12 characters, about 59 bits), as the submitter is shown it."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize(code: str) -> str | None:
    """The code without spaces or dashes, upper case; None when it cannot be a code."""
    cleaned = "".join(ch for ch in (code or "").upper() if ch not in " -\t")
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def digest(code: str) -> str:
    """The stored form of a code: HMAC-SHA256 keyed by SECRET_KEY (a leaked table reveals no code)."""
    cleaned = normalize(code)
    if cleaned is None:
        raise ValueError("not a tracking code")
    return salted_hmac("fazhi.intake.tracking", cleaned, algorithm="sha256").hexdigest()


def find(queryset, code: str, field: str = "tracking_digest"):
    """The one record of `queryset` whose code is `code`, or None (a malformed code finds nothing)."""
    if normalize(code) is None:
        return None
    return queryset.filter(**{field: digest(code)}).first()


# --- rate limits -------------------------------------------------------------------------------

DEFAULT_LIMITS = {
    "address": (5, 3600),  # submissions per client address per hour
    "phone": (3, 86400),  # submissions per phone per day
    "lookup": (30, 3600),  # wrong tracking codes per client address per hour
}


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "FAZHI_INTAKE_LIMITS", {})}


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(kind: str, scope: str, value: str) -> str:
    tag = salted_hmac("fazhi.intake.limit", f"{kind}:{value}", algorithm="sha256").hexdigest()[:32]
    return f"fazhi:intake:{scope}:{kind}:{tag}"


def _count(kind: str, scope: str, value: str) -> int:
    return int(cache.get(_key(kind, scope, value), 0) or 0)


def over_limit(kind: str, scope: str, value: str) -> bool:
    """Whether `value` (an address, a phone) has used up its allowance of `kind` in `scope`."""
    if not value:
        return False
    allowed, _seconds = limits()[kind]
    return _count(kind, scope, value) >= allowed


def hit(kind: str, scope: str, value: str) -> None:
    """Count one use of `value` against its allowance (the window starts at the first use)."""
    if not value:
        return
    _allowed, seconds = limits()[kind]
    key = _key(kind, scope, value)
    if cache.add(key, 1, timeout=seconds):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds)


def refusal(request, scope: str, phone: str = "") -> str | None:
    """Why a submission from this request (and phone) is refused now, or None."""
    if over_limit("address", scope, client_address(request)):
        allowed, seconds = limits()["address"]
        return _("提交过于频繁：同一网络地址每%(hours)s小时最多提交%(n)s件，请稍后再试。") % {
            "hours": max(1, seconds // 3600),
            "n": allowed,
        }
    if phone and over_limit("phone", scope, phone):
        allowed, seconds = limits()["phone"]
        return _("同一联系电话每%(days)s天最多提交%(n)s件，请稍后再试或到现场办理。") % {
            "days": max(1, seconds // 86400),
            "n": allowed,
        }
    return None


def count_submission(request, scope: str, phone: str = "") -> None:
    hit("address", scope, client_address(request))
    if phone:
        hit("phone", scope, phone)


# --- the offline challenge -------------------------------------------------------------------------

CHALLENGE_SALT = "fazhi.intake.challenge"
CHALLENGE_MAX_AGE = 30 * 60
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """0–99 in Chinese numerals: 零, 七, 十, 十二, 二十, 三十五."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def _question(a: int, op: str, b: int) -> str:
    word = _("加") if op == "+" else _("减")
    return _("%(a)s%(op)s%(b)s等于多少？（请填阿拉伯数字）") % {
        "a": chinese_number(a),
        "op": word,
        "b": chinese_number(b),
    }


def new_challenge() -> tuple[str, str]:
    """(question, token): the token carries the signed question parts and a nonce."""
    a, b = secrets.randbelow(20) + 1, secrets.randbelow(9) + 1
    op = "+" if secrets.randbelow(2) else "-"
    if op == "-" and b > a:
        a, b = b, a
    token = signing.dumps({"q": [a, op, b], "n": secrets.token_hex(8)}, salt=CHALLENGE_SALT, compress=False)
    return _question(a, op, b), token


def question_of(token: str) -> str | None:
    try:
        a, op, b = signing.loads(token, salt=CHALLENGE_SALT)["q"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return _question(a, op, b)


def check_answer(token: str, answer) -> str | None:
    """Why the answer is refused (expired, forged, reused, wrong), or None; a right answer uses
    the challenge up."""
    try:
        payload = signing.loads(token or "", salt=CHALLENGE_SALT, max_age=CHALLENGE_MAX_AGE)
        a, op, b = payload["q"]
        nonce = str(payload["n"])
    except signing.SignatureExpired:
        return _("验证题已过期，请回答新的验证题。")
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return _("验证题无效，请回答新的验证题。")
    expected = a + b if op == "+" else a - b
    try:
        given = int(str(answer).strip())
    except (TypeError, ValueError):
        return _("请填写验证题的答案（阿拉伯数字）。")
    if not hmac.compare_digest(str(given), str(expected)):
        return _("验证题答案不正确。")
    if not cache.add(f"fazhi:intake:challenge:{nonce}", 1, timeout=CHALLENGE_MAX_AGE + 60):
        return _("验证题已使用过，请回答新的验证题。")
    return None


class ChallengeMixin:
    """For a public form: adds the hidden `challenge_token` and the `challenge_answer` fields,
    checks the answer last (so a refused form uses no challenge up), and after an invalid post
    `renew_challenge()` shows a fresh question."""

    def add_challenge(self) -> None:
        question, token = new_challenge()
        if self.is_bound:
            question = question_of(self.data.get("challenge_token", "")) or question
        self.fields["challenge_token"] = forms.CharField(
            widget=forms.HiddenInput, initial=token, required=False
        )
        self.fields["challenge_answer"] = forms.CharField(
            label=_("验证题：") + question,
            max_length=6,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 6}),
            help_text=gettext_lazy("防止机器批量提交，无需联网验证"),
        )

    def check_challenge(self) -> bool:
        """Run after the other checks passed; adds the refusal to `challenge_answer`."""
        reason = check_answer(self.data.get("challenge_token", ""), self.data.get("challenge_answer", ""))
        if reason:
            self.add_error("challenge_answer", reason)
            return False
        return True

    def renew_challenge(self) -> None:
        question, token = new_challenge()
        self.data = self.data.copy()
        self.data["challenge_token"] = token
        self.data["challenge_answer"] = ""
        self.fields["challenge_answer"].label = _("验证题：") + question


class TrackForm(forms.Form):
    """The tracking page's form: the code the submitter was given (sent by POST, never in a URL)."""

    code = forms.CharField(label=gettext_lazy("查询码"), max_length=20)


# --- the submission door -----------------------------------------------------------------------


def handle_submission(
    request: HttpRequest,
    *,
    scope: str,
    form: forms.Form,
    create: Callable[[forms.Form], dict],
    template: str,
    done_template: str,
    context: dict | None = None,
    phone_field: str = "phone",
    anonymous_field: str = "",
) -> HttpResponse:
    """One public submission, from any app.

    GET shows `form` (a `ChallengeMixin` form built by the caller with `request.POST` /
    `request.FILES`) on `template`. A POST is refused with 429 when the client address or the
    phone (`phone_field`, however typed; none when `anonymous_field` is ticked) has used up its
    allowance in `scope`; an invalid form is shown again with 400 and a fresh challenge (the
    challenge is checked last, so a refused form uses none up). A valid one goes to
    `create(form)`, which writes the record through the app's own door and returns the context
    of `done_template` (the confirmation page: a tracking code, when the kind has one, is shown
    there once); a `ValidationError` it raises is shown on the form. The submission then counts
    against the limits. `context` is added to both pages (title, submit label, the record the
    submission concerns).
    """
    context = dict(context or {})
    refused = None
    if request.method == "POST":
        anonymous = bool(anonymous_field and request.POST.get(anonymous_field))
        phone = "" if anonymous else pii.normalize_mobile(request.POST.get(phone_field, ""))
        refused = refusal(request, scope, phone)
        if refused is None and form.is_valid() and form.check_challenge():
            try:
                done = create(form)
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                count_submission(request, scope, phone)
                return render(request, done_template, {**context, **done})
        form.renew_challenge()
    status = 429 if refused else (400 if form.errors else 200)
    return render(request, template, {**context, "form": form, "refused": refused}, status=status)
