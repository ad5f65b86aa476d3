"""A user's own account security (我的账户: password change, two-factor authentication, the
second sign-in step) and the security administrator's 登录安全 page (lockouts, failed sign-ins,
authenticators). What is owed before any other page: fazhi.core.security."""

from __future__ import annotations

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.core import ledger, roles, security
from fazhi.core.forms import check_password
from fazhi.core.models import Membership, User
from fazhi.core.views.base import requires

# --- forms -------------------------------------------------------------------------------------


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=gettext_lazy("原密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=gettext_lazy("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy(
            "至少10个字符，不能全是数字，不能过于常见或与用户名、姓名相似，不能与原密码相同。"
        ),
    )
    new_password2 = forms.CharField(
        label=gettext_lazy("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise ValidationError(_("原密码不正确"))
        return old

    def clean(self):
        first, second = self.cleaned_data.get("new_password1"), self.cleaned_data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", _("两次输入的密码不一致"))
        if first and first == self.cleaned_data.get("old_password"):
            self.add_error("new_password1", _("新密码不能与原密码相同"))
        elif first:
            try:
                check_password(first, self.user)
            except ValidationError as exc:
                self.add_error("new_password1", exc)
        return self.cleaned_data

    def save(self) -> User:
        self.user.set_password(self.cleaned_data["new_password1"])
        self.user.save()  # dated and ledgered by the model (one "user.password_change" entry)
        return self.user


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("6位验证码"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]{6}",
                "autofocus": True,
            }
        ),
        help_text=gettext_lazy("打开手机上的身份验证器应用，输入“法治政府建设工作平台”下当前显示的6位数字。"),
        error_messages={
            "required": gettext_lazy("请输入6位验证码"),
            "min_length": gettext_lazy("验证码是6位数字"),
            "max_length": gettext_lazy("验证码是6位数字"),
        },
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip().replace(" ", "")
        if not (len(code) == 6 and code.isdigit()):
            raise ValidationError(_("验证码是6位数字"))
        return code


def _check_code(form: CodeForm, device) -> bool:
    """Whether the form's code is the device's current one; if not, the Chinese reason is added
    to the form. Repeated wrong codes are slowed down by django-otp's throttling."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = (info or {}).get("locked_until")
        seconds = max(1, int((wait - timezone.now()).total_seconds()) + 1) if wait else 1
        form.add_error("code", _("验证码错误次数过多，请%(seconds)s秒后再试") % {"seconds": seconds})
        return False
    with transaction.atomic():
        device = type(device).objects.select_for_update().get(pk=device.pk)
        if device.verify_token(form.cleaned_data["code"]):
            return True
    form.add_error("code", _("验证码不正确或已过期，请输入验证器上当前显示的6位数字"))
    return False


def _next_url(request: HttpRequest, default: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


def _qr_svg(text: str) -> str:
    """The QR code of `text` as inline SVG, drawn here (no network, no image file)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    image = qrcode.make(text, image_factory=SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode")


# --- my account --------------------------------------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = security.two_factor_device(user)
    return render(
        request,
        "core/security_account.html",
        {
            "title": _("我的账户"),
            "account": user,
            "expires_at": security.password_expires_at(user),
            "device": device,
            "two_factor_required": security.two_factor_required(user),
            "open_tokens": user.api_tokens.in_force().count(),
        },
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The account's API tokens (one per device or system): issue one (the key is shown once),
    see when each was used, revoke it. Accounts with a second factor issue theirs here."""
    from fazhi.core import tokens
    from fazhi.core.forms import TokenForm
    from fazhi.core.models import ApiToken

    form = TokenForm(request.POST or None)
    issued_key = None
    if request.method == "POST" and form.is_valid():
        reason = security.password_change_reason(request.user)
        if reason:
            form.add_error(None, reason)
        else:
            try:
                _token, issued_key = tokens.issue(
                    request.user, form.cleaned_data["name"], form.cleaned_data["days"], source="web"
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                form = TokenForm()
    return render(
        request,
        "core/tokens.html",
        {
            "title": _("接口令牌"),
            "tokens": ApiToken.objects.filter(user=request.user)[:50],
            "form": form,
            "issued_key": issued_key,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke a token: its holder's, or any account's for the system administrator (403
    otherwise; another person's token is not even found: 404)."""
    from fazhi.core import tokens
    from fazhi.core.models import ApiToken

    token = get_object_or_404(ApiToken.objects.select_related("user"), pk=pk)
    if not tokens.may_revoke(token, request.user):
        raise Http404
    tokens.revoke(token, by=request.user)
    messages.success(request, _("已撤销令牌“%(token)s”。") % {"token": token})
    if token.user_id != request.user.pk:
        return redirect("core:user_detail", pk=token.user_id)
    return redirect("core:token_list")


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, user)  # this session stays signed in; others end
        messages.success(request, _("密码已修改，请牢记新密码。"))
        return redirect(_next_url(request, reverse("core:account")))
    return render(
        request,
        "core/password_change.html",
        {
            "title": _("修改密码"),
            "form": form,
            "reason": security.password_change_reason(user),
            "next": _next_url(request, ""),
            "submit_label": _("修改密码"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """双因素认证: enrol an authenticator app (scan the QR code, confirm with a code), or see and
    replace the one enrolled."""
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = request.user
    device = security.two_factor_device(user)
    if device is not None:
        if request.method == "POST" and request.POST.get("action") == "remove":
            with transaction.atomic():
                TOTPDevice.objects.filter(user=user).delete()
                ledger.record("security.2fa_remove", user)
            messages.success(request, _("已解除绑定的身份验证器，可重新扫码绑定。"))
            return redirect("core:two_factor")
        return render(
            request,
            "core/two_factor.html",
            {"title": _("双因素认证"), "device": device, "required": security.two_factor_required(user)},
        )
    pending = security.two_factor_device(user, confirmed=False)
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=_("身份验证器"), confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _check_code(form, pending):
        with transaction.atomic():
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            ledger.record("security.2fa_enrol", user)
        otp_login(request, pending)  # this sign-in is verified by the code just given
        messages.success(request, _("已绑定身份验证器：以后每次登录都需输入验证器上的6位验证码。"))
        return redirect(_next_url(request, reverse("core:account")))
    secret = b32encode(pending.bin_key).decode()
    return render(
        request,
        "core/two_factor.html",
        {
            "title": _("双因素认证"),
            "form": form,
            "qr_svg": mark_safe(_qr_svg(pending.config_url)),  # noqa: S308 - SVG drawn by qrcode
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": security.two_factor_required(user),
            "next": _next_url(request, ""),
        },
        status=400 if form.errors else 200,
    )


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: the 6-digit code of the user's authenticator."""
    from django_otp import login as otp_login

    user = request.user
    device = security.two_factor_device(user)
    target = _next_url(request, reverse("home"))
    if device is not None and security.is_verified(user):
        return redirect(target)
    form = CodeForm(request.POST or None)
    if device is not None and request.method == "POST" and form.is_valid():
        if _check_code(form, device):
            otp_login(request, device)
            return redirect(target)
        ledger.record("security.2fa_failure", user)
    return render(
        request,
        "core/two_factor_verify.html",
        {"title": _("双因素认证"), "form": form, "device": device, "next": _next_url(request, "")},
        status=400 if form.errors else 200,
    )


# --- the security administrator's page -----------------------------------------------------------


@requires(roles.MANAGE_SECURITY)
def login_security(request: HttpRequest) -> HttpResponse:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    lockouts = security.current_lockouts()
    names = dict(
        User.objects.filter(username__in=[row["username"] for row in lockouts]).values_list(
            "username", "full_name"
        )
    )
    for row in lockouts:
        row["full_name"] = names.get(row["username"], "")
    listed_roles = security.two_factor_roles()
    devices = {d.user_id: d for d in TOTPDevice.objects.filter(confirmed=True).order_by("-id")}
    listed = set(Membership.objects.filter(role__in=listed_roles).values_list("user_id", flat=True))
    accounts = User.objects.filter(is_active=True, pk__in=listed | set(devices)).order_by("username")
    two_factor_rows = [
        {"account": account, "device": devices.get(account.pk), "listed": account.pk in listed}
        for account in accounts
    ]
    period = security.cool_off()
    return render(
        request,
        "core/security.html",
        {
            "title": _("登录安全"),
            "lockouts": lockouts,
            "failures": security.recent_failures(),
            "two_factor_rows": two_factor_rows,
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(period.total_seconds() // 60) if period else None,
            "max_age_days": settings.PASSWORD_MAX_AGE_DAYS,
            "two_factor_required": settings.FAZHI_2FA_REQUIRED,
            "two_factor_roles": "、".join(str(roles.ROLES[c].label) for c in sorted(listed_roles)),
        },
    )


@requires(roles.MANAGE_SECURITY)
@require_POST
def security_unlock(request: HttpRequest) -> HttpResponse:
    """解除锁定: clear an account's failed sign-ins before the lock ends by itself."""
    username = request.POST.get("username", "").strip()
    if not username:
        messages.error(request, _("请选择要解除锁定的账户"))
        return redirect("core:security")
    account = User.objects.filter(username=username).first()
    with transaction.atomic():
        cleared = security.unlock(username)
        ledger.record(
            "security.unlock",
            account,
            object_type="" if account else "axes.accessattempt",
            object_repr="" if account else username,
            data={"username": username, "cleared": cleared},
        )
    messages.success(request, _("已解除“%(username)s”的锁定，可以重新登录。") % {"username": username})
    return redirect("core:security")


@requires(roles.MANAGE_SECURITY)
@require_POST
def security_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """An account's lost authenticator: remove it, so that its holder enrols a new one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    account = get_object_or_404(User, pk=pk)
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=account).delete()
        if removed:
            ledger.record("security.2fa_reset", account, data={"devices": removed})
    if removed:
        messages.success(
            request,
            _("已重置“%(name)s”的身份验证器：其下次登录时须重新绑定。") % {"name": account},
        )
    else:
        messages.info(request, _("“%(name)s”没有绑定身份验证器。") % {"name": account})
    return redirect("core:security")


urlpatterns = [
    path("account/", account, name="account"),
    path("account/password/", password_change, name="password_change"),
    path("account/tokens/", token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", token_revoke, name="token_revoke"),
    path("account/two-factor/", two_factor, name="two_factor"),
    path("account/two-factor/verify/", two_factor_verify, name="two_factor_verify"),
    path("security/", login_security, name="security"),
    path("security/unlock/", security_unlock, name="security_unlock"),
    path("security/two-factor/<int:pk>/reset/", security_two_factor_reset, name="security_two_factor_reset"),
]
