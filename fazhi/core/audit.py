"""The auditor's tools on the ledger: one search filter (the audit page, its Excel export and
`fazhi ledger show`), verification runs that are themselves ledgered, and readable rows.

The auditor holds no domain role and reads no domain record; what the ledger says about
records is shown with their personal information masked (fazhi.core.pii.mask_snapshot).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import django_filters
from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import ledger, pii
from fazhi.core.ledgered import Ledgered
from fazhi.core.models import LedgerEntry, User
from fazhi.core.widgets import DateInput

LEDGER_OBJECT_TYPE = LedgerEntry._meta.label_lower

# Actions written by core; transitions are "transition:<name>" (fazhi.core.workflow).
ACTION_LABELS = {
    "create": gettext_lazy("新建"),
    "update": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
    "pii.view": gettext_lazy("查看完整个人信息"),
    "ledger.verify": gettext_lazy("校验台账"),
    "ledger.anchor": gettext_lazy("锚定台账链头"),
    "ledger.export": gettext_lazy("导出台账"),
    "user.password_change": gettext_lazy("修改密码"),
    "security.unlock": gettext_lazy("解除登录锁定"),
    "security.2fa_enrol": gettext_lazy("绑定身份验证器"),
    "security.2fa_remove": gettext_lazy("解除绑定身份验证器"),
    "security.2fa_reset": gettext_lazy("重置身份验证器"),
    "security.2fa_failure": gettext_lazy("双因素验证码错误"),
    "api.token": gettext_lazy("申请接口令牌"),
    "backup": gettext_lazy("备份"),
    "import": gettext_lazy("导入"),
}
SOURCE_LABELS = {
    "web": gettext_lazy("网页"),
    "api": gettext_lazy("接口"),
    "import": gettext_lazy("导入"),
    "command": gettext_lazy("命令行"),
    "system": gettext_lazy("系统"),
}


def action_label(entry: LedgerEntry) -> str:
    if entry.action in ACTION_LABELS:
        return str(ACTION_LABELS[entry.action])
    if entry.action.startswith("transition:"):
        return _("流转：%(label)s") % {"label": (entry.data or {}).get("label") or entry.action[11:]}
    return entry.action


def object_types() -> list[tuple[str, str]]:
    """(label, verbose name) of every ledgered model, for the search form."""
    found = [
        (model._meta.label_lower, str(model._meta.verbose_name))
        for model in apps.get_models()
        if issubclass(model, Ledgered)
    ]
    found.append((LEDGER_OBJECT_TYPE, str(LedgerEntry._meta.verbose_name)))
    return sorted(found)


def model_of(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


# --- search -----------------------------------------------------------------------------------


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class LedgerFilter(django_filters.FilterSet):
    """Search the ledger by actor, action, object and date range (local dates, inclusive)."""

    actor = django_filters.CharFilter(
        label=gettext_lazy("操作人"), method="filter_actor", help_text=gettext_lazy("账号或姓名")
    )
    action = django_filters.CharFilter(
        label=gettext_lazy("动作"),
        method="filter_action",
        help_text=gettext_lazy("如 pii.view；以 * 结尾按前缀"),
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    pii_kind = django_filters.ChoiceFilter(
        label=gettext_lazy("查看的个人信息"),
        method="filter_pii_kind",
        choices=[
            (pii.ID_NUMBER, gettext_lazy("身份证号码")),
            (pii.MOBILE, gettext_lazy("手机号码")),
            (pii.NAME, gettext_lazy("姓名")),
            (pii.ADDRESS, gettext_lazy("住址")),
        ],
        empty_label=gettext_lazy("（不限）"),
    )
    object_type = django_filters.CharFilter(
        label=gettext_lazy("对象类型"),
        field_name="object_type",
        widget=forms.TextInput(attrs={"list": "audit-object-types"}),
    )
    object_id = django_filters.CharFilter(label=gettext_lazy("对象ID"), field_name="object_id")
    since = django_filters.DateFilter(
        label=gettext_lazy("起始日期"), method="filter_since", widget=DateInput()
    )
    until = django_filters.DateFilter(
        label=gettext_lazy("截止日期"), method="filter_until", widget=DateInput()
    )

    class Meta:
        model = LedgerEntry
        fields: list[str] = []

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        people = User.objects.filter(Q(username__iexact=value) | Q(full_name__icontains=value))
        return queryset.filter(Q(actor_name__iexact=value) | Q(actor_id__in=people.values("pk")))

    def filter_action(self, queryset, name, value):
        value = value.strip()
        if value.endswith("*"):
            return queryset.filter(action__startswith=value[:-1])
        return queryset.filter(action=value)

    def filter_pii_kind(self, queryset, name, value):
        return queryset.filter(action="pii.view", data__kind=value)

    def filter_since(self, queryset, name, value):
        return queryset.filter(at__gte=_day_start(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(at__lt=_day_start(value + dt.timedelta(days=1)))

    def describe(self) -> dict:
        """The filters in use, for the ledger entry of an export."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return {key: value for key, value in data.items() if value not in (None, "")}


def search(params, queryset=None):
    """(filterset, queryset newest first); an invalid form matches nothing."""
    filterset = LedgerFilter(params, queryset=queryset if queryset is not None else LedgerEntry.objects.all())
    if params and not filterset.is_valid():
        return filterset, LedgerEntry.objects.none()
    return filterset, filterset.qs.order_by("-id")


# --- readable rows ----------------------------------------------------------------------------


def masked_data(entry: LedgerEntry) -> dict:
    return pii.mask_snapshot(model_of(entry.object_type), entry.data)


def masked_repr(entry: LedgerEntry) -> str:
    """The entry's object as shown to the auditor: a person named by the record is masked."""
    model = model_of(entry.object_type)
    if model is not None and pii.NAME in pii.pii_fields_of(model).values():
        return pii.mask_name(entry.object_repr)
    return entry.object_repr


def summary(entry: LedgerEntry, data: dict | None = None) -> str:
    """One line saying what the entry records, personal information masked."""
    data = masked_data(entry) if data is None else data
    if entry.action == "pii.view":
        return _("查看字段：%(label)s") % {"label": data.get("label") or data.get("field", "")}
    if entry.action.startswith("transition:"):
        return f"{data.get('from', '')} → {data.get('to', '')}"
    if entry.action == "update":
        before, after = data.get("before") or {}, data.get("after") or {}
        parts = [f"{key}: {before.get(key)!s} → {value!s}" for key, value in list(after.items())[:4]]
        return "；".join(parts)
    if entry.action in ("ledger.verify", "ledger.export"):
        return str(data.get("result", ""))
    return ""


def actor_display(entry: LedgerEntry, names: dict[int, str]) -> str:
    if entry.actor_id is None:
        return entry.actor_name or _("系统")
    full = names.get(entry.actor_id)
    return f"{full}（{entry.actor_name}）" if full and full != entry.actor_name else entry.actor_name


def full_names(entries) -> dict[int, str]:
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "full_name")) if ids else {}


def rows(entries) -> list[dict]:
    entries = list(entries)
    names = full_names(entries)
    type_names = dict(object_types())
    result = []
    for entry in entries:
        data = masked_data(entry)
        result.append(
            {
                "entry": entry,
                "at": timezone.localtime(entry.at),
                "actor": actor_display(entry, names),
                "source": str(SOURCE_LABELS.get(entry.source, entry.source)),
                "action": action_label(entry),
                "object_type": type_names.get(entry.object_type, entry.object_type),
                "object_repr": masked_repr(entry),
                "summary": summary(entry, data),
                "data": json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True),
            }
        )
    return result


# --- verification -----------------------------------------------------------------------------


@dataclass
class Verification:
    chain: ledger.VerifyResult
    files: object | None = None  # fazhi.core.attachments.FilesResult when files were checked

    @property
    def ok(self) -> bool:
        return self.chain.ok and (self.files is None or self.files.ok)

    def lines(self) -> list[str]:
        lines = self.chain.lines()
        if self.files is not None:
            lines.append(str(self.files))
            lines += [str(problem) for problem in self.files.problems]
        return lines


def run_verification(
    *, files: bool = False, deep: bool = False, exported: dict | None = None
) -> Verification:
    """Walk every chain and anchor (against an `exported` anchor too; every unledgered row with
    `deep`), and re-hash the stored files; the run itself is written to the ledger."""
    from fazhi.core import attachments

    chain = ledger.verify(deep=deep, exported=exported)
    result = Verification(chain=chain, files=attachments.verify_files() if files else None)
    data = {
        "ok": result.ok,
        "result": " ".join([str(chain)] + ([str(result.files)] if result.files is not None else [])),
        "checked": chain.checked,
        "chains": chain.chains,
        "anchors": chain.anchors,
        "broken_id": chain.broken_id,
        "faults": [str(fault) for fault in chain.faults[:100]],
        "unledgered": {rows.label: rows.count for rows in chain.unledgered},
    }
    if exported is not None:
        data["exported_anchor"] = {"at": exported.get("at"), "root": exported.get("root")}
    if result.files is not None:
        data["files_checked"] = result.files.checked
        data["file_problems"] = [str(p) for p in result.files.problems[:100]]
    ledger.record("ledger.verify", object_type=LEDGER_OBJECT_TYPE, object_repr=_("台账"), data=data)
    return result


def last_verification() -> LedgerEntry | None:
    return LedgerEntry.objects.filter(action="ledger.verify").order_by("-id").first()
