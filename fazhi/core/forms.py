"""Forms of core's pages: accounts, memberships, regions, the staff register, and the list filters."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.attachments import AttachmentField
from fazhi.core.models import Membership, Person, Post, Region, RegionKind, User
from fazhi.core.models.users import membership_errors, separation_error
from fazhi.core.pii import normalize_mobile, validate_mobile
from fazhi.core.scoping import narrow_choices

# Django's own messages for these validators are not translated into Simplified Chinese (5.2);
# these replace them by error code, so the refusal reads in Chinese whatever catalogue is built.
_PASSWORD_MESSAGES = {
    "password_too_short": _("密码太短，至少需要%(min_length)d个字符"),
    "password_too_common": _("密码过于常见，容易被猜中"),
    "password_entirely_numeric": _("密码不能全部是数字"),
    "password_too_similar": _("密码与%(verbose_name)s过于相似"),
}


def check_password(password: str, user: User | None) -> None:
    """Run AUTH_PASSWORD_VALIDATORS; raise ValidationError with Chinese messages."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        errors = []
        for error in exc.error_list:
            message = _PASSWORD_MESSAGES.get(error.code)
            if message is None:
                errors.append(error)
            else:
                errors.append(ValidationError(message, code=error.code, params=error.params))
        raise ValidationError(errors) from None


class UserCreateForm(forms.ModelForm):
    password1 = forms.CharField(
        label=_("初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "至少10个字符，不能全是数字，不能过于常见或与用户名相似。请当面告知本人，并提醒其登录后修改。"
        ),
    )
    password2 = forms.CharField(
        label=_("再次输入初始密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "mobile"]
        labels = {"username": _("用户名")}
        help_texts = {"username": _("登录用的名字：字母、数字及 @ . + - _，创建后不能修改。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["mobile"].validators.append(validate_mobile)
        self.fields["mobile"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "tel"})

    def clean_mobile(self):
        return normalize_mobile(self.cleaned_data["mobile"]) if self.cleaned_data["mobile"] else ""

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            raise ValidationError(_("两次输入的密码不一致"))
        return second

    def _post_clean(self):
        super()._post_clean()
        password = self.cleaned_data.get("password1")
        if password:
            try:
                check_password(password, self.instance)
            except ValidationError as exc:
                self.add_error("password1", exc)

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "mobile"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["mobile"].validators.append(validate_mobile)
        self.fields["mobile"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "tel"})

    def clean_mobile(self):
        return normalize_mobile(self.cleaned_data["mobile"]) if self.cleaned_data["mobile"] else ""


class PasswordResetForm(forms.Form):
    password1 = forms.CharField(
        label=_("新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=UserCreateForm.base_fields["password1"].help_text,
    )
    password2 = forms.CharField(
        label=_("再次输入新密码"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致"))
        if first:
            try:
                check_password(first, self.user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return self.cleaned_data

    def save(self) -> User:
        self.user.set_password(self.cleaned_data["password1"])
        self.user.save(update_fields=["password"])
        return self.user


class TokenForm(forms.Form):
    """A new API token: what it is for and how long it lasts (fazhi.core.tokens)."""

    name = forms.CharField(
        label=_("用途"), max_length=100, help_text=_("如“网格员手机”“县级平台”，便于日后辨认和撤销")
    )
    days = forms.IntegerField(label=_("有效天数"), min_value=1)

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.FAZHI_TOKEN_DAYS
        self.fields["days"].validators.append(MaxValueValidator(settings.FAZHI_TOKEN_MAX_DAYS))
        self.fields["days"].help_text = _("最长%(max)s天") % {"max": settings.FAZHI_TOKEN_MAX_DAYS}


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MembershipFormSet(forms.BaseInlineFormSet):
    """Memberships edited together (the admin site): the roles kept must go together."""

    def clean(self):
        super().clean()
        kept = [
            f.cleaned_data["role"]
            for f in self.forms
            if f.cleaned_data and f.cleaned_data.get("role") and not f.cleaned_data.get("DELETE")
        ]
        if error := separation_error(kept):
            raise ValidationError(error)


class MembershipForm(forms.ModelForm):
    """Give an account a role over a region, within the rules of 三员分立.

    `actor` is who gives it (may not change their own account); `regions` the regions they may
    assign (fazhi.core.administration.assignable_regions_for).
    """

    class Meta:
        model = Membership
        fields = ["role", "region", "since", "until"]
        widgets = {"since": _date_input(), "until": _date_input()}
        help_texts = {
            "since": _("留空：即日起"),
            "until": _("留空：长期；到期后该任职不再授予任何权限（任职记录保留）"),
        }

    def __init__(self, *args, actor: User | None = None, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        region_field = self.fields["region"]
        region_field.queryset = (regions if regions is not None else Region.objects.all()).order_by("path")
        region_field.label_from_instance = lambda r: (
            f"{'　' * r.depth}{r.name}（{r.get_kind_display()} {r.code}）"
        )
        region_field.help_text = _(
            "网格员选网格，村（居）委会干部选村（社区），县司法局和三员选县，其余角色选镇。"
        )

    def clean(self):
        cleaned = super().clean()
        user = self.instance.user if self.instance.user_id else None  # None: an account being created
        errors = membership_errors(
            user,
            cleaned.get("role"),
            cleaned.get("region"),
            actor=self.actor,
            exclude_pk=self.instance.pk,
        )
        for field, message in errors.items():
            if field == "__all__":
                raise ValidationError(message)
            self.add_error(field, message)
        return cleaned


class MembershipPeriodForm(forms.ModelForm):
    """The period a membership is held (起始日期 / 截止日期): ending a role is giving its
    membership an end date, so the record of who held it when is kept. Membership.clean checks
    the dates (截止日期 not before 起始日期) and the rules of every door (not one's own account)."""

    class Meta:
        model = Membership
        fields = ["since", "until"]
        widgets = MembershipForm.Meta.widgets
        help_texts = MembershipForm.Meta.help_texts


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = ["name", "households", "population"]


# --- the staff register (党政办) ------------------------------------------------------------------

SHOW_CHOICES = [("current", _("现任")), ("all", _("全部（含离任）"))]


class StaffFilterForm(forms.Form):
    region = forms.ModelChoiceField(label=_("区划"), required=False, queryset=Region.objects.none())
    department = forms.CharField(label=_("部门"), required=False, max_length=100)
    q = forms.CharField(label=_("姓名或职务"), required=False, max_length=50)
    show = forms.ChoiceField(label=_("范围"), required=False, choices=SHOW_CHOICES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["region"]
        field.queryset = Region.objects.visible_to(user)
        field.empty_label = gettext("全部")
        field.label_from_instance = lambda r: f"{'　' * r.depth}{r.name}"


class PersonForm(forms.ModelForm):
    photo_file = AttachmentField(label=_("照片"), required=False, accept="image/*")

    class Meta:
        model = Person
        fields = ["name", "sex", "region", "phone", "user", "note"]
        labels = {"region": _("工作单位所在区划")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_choices(self.fields, user, roles.MANAGE_STAFF)
        paths = user.permission_paths(roles.MANAGE_STAFF)
        under = Q(pk__in=[])
        for p in paths:
            under |= Q(memberships__region__path__startswith=p)
        accounts = User.objects.filter(under, is_active=True).distinct().order_by("username")
        self.fields["user"].queryset = accounts
        self.fields["user"].required = False
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.username})"


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title", "kind", "department", "region", "since", "until", "taken_by", "document", "order"]
        labels = {"region": _("任职区划")}
        widgets = {"since": _date_input(), "until": _date_input()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        narrow_choices(self.fields, user, roles.MANAGE_STAFF)


# --- list filters ------------------------------------------------------------------------------

ACTIVE_CHOICES = [("", _("全部")), ("1", _("启用")), ("0", _("已停用"))]


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("用户名或姓名"), required=False)
    role = forms.ChoiceField(label=_("角色"), required=False)
    region = forms.ModelChoiceField(label=_("区划"), required=False, queryset=Region.objects.none())
    active = forms.ChoiceField(label=_("状态"), required=False, choices=ACTIVE_CHOICES)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("全部")), ("none", _("无任职")), *roles.ROLE_CHOICES]
        region_field = self.fields["region"]
        region_field.queryset = (regions if regions is not None else Region.objects.none()).exclude(
            kind=RegionKind.GRID
        )
        region_field.empty_label = gettext("全部")
        region_field.label_from_instance = lambda r: f"{'　' * r.depth}{r.name}"


class RegionFilterForm(forms.Form):
    q = forms.CharField(label=_("名称或代码"), required=False)
    kind = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *RegionKind.choices])


# --- assignments (分派) ----------------------------------------------------------------------------

RECORD_CHOICES_SHOWN = 300  # newest records offered per model and purpose


class AssignmentForm(forms.Form):
    """Give a record to a person for a purpose (fazhi.core.links.give checks it all again)."""

    purpose = forms.ChoiceField(label=_("事由"))
    record = forms.ChoiceField(
        label=_("事项"),
        help_text=_("您有权分派的记录（最新的在前）"),
        error_messages={"invalid_choice": _("所选事项不在您有权分派的记录中")},
    )
    user = forms.ModelChoiceField(
        label=_("承办人"),
        queryset=User.objects.none(),
        error_messages={"invalid_choice": _("所选人员在您的辖区内没有适合此事由的有效任职")},
    )
    since = forms.DateField(
        label=_("起始日期"), required=False, widget=_date_input(), help_text=_("留空：今天")
    )
    until = forms.DateField(
        label=_("截止日期"), required=False, widget=_date_input(), help_text=_("留空：长期")
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=200)

    def __init__(self, *args, giver: User, **kwargs):
        from fazhi.core import links

        super().__init__(*args, **kwargs)
        self.giver = giver
        self.purposes = {p.code: p for p in links.purposes_for(giver)}
        self.fields["purpose"].choices = [(code, p.label) for code, p in self.purposes.items()]
        self.records: dict[str, object] = {}
        for purpose in self.purposes.values():
            for queryset in links.assignable_records(giver, purpose):
                for record in queryset.select_related("region")[:RECORD_CHOICES_SHOWN]:
                    self.records.setdefault(links.source_token(record), record)
        self.fields["record"].choices = [
            (token, f"{record}（{record.region.name}）") for token, record in self.records.items()
        ]
        # who fits somewhere in the giver's regions; links.give checks the chosen record's region
        fitting = Q(pk__in=[])
        for purpose in self.purposes.values():
            for region in Region.objects.writable_by(giver, purpose.permission).filter(
                pk__in=[m.region_id for m in giver.active_memberships]
            ):
                fitting |= Q(pk__in=links.assignees(region, purpose).values("pk"))
        self.fields["user"].queryset = User.objects.filter(fitting).order_by("username")
        self.fields["user"].label_from_instance = lambda u: f"{u} ({u.username})"

    def clean(self):
        from fazhi.core import links

        cleaned = super().clean()
        record = self.records.get(cleaned.get("record") or "")
        if not self.errors and record is not None:
            try:
                links.give(
                    record,
                    cleaned["user"],
                    purpose=cleaned["purpose"],
                    by=self.giver,
                    since=cleaned.get("since"),
                    until=cleaned.get("until"),
                    note=cleaned.get("note") or "",
                    dry_run=True,
                )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
        cleaned["record_object"] = record
        return cleaned

    def save(self):
        from fazhi.core import links

        data = self.cleaned_data
        return links.give(
            data["record_object"],
            data["user"],
            purpose=data["purpose"],
            by=self.giver,
            since=data.get("since"),
            until=data.get("until"),
            note=data.get("note") or "",
        )
