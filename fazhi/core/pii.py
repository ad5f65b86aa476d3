"""Personal information: validators, masking, reusable fields and the ledgered full view.

- Validators with check digits: 居民身份证号码 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015)
  and mainland mobile numbers; Django validators with Chinese messages.
- Masking for display, export and publication: 张某某, 4303**********1234, 138****5678.
- Fields apps reuse: `IdNumberField`, `MobileField`, `PersonNameField` (personal information,
  masked by default) and `CreditCodeField` (an organization's code: validated, not masked).
  A model may also declare plain fields as personal information with
  `pii_fields = {"phone": "mobile", "contact": "name"}`.
- `reveal(user, obj, field)`: the full value for roles holding `roles.VIEW_PII`, each view
  written to the ledger (action "pii.view"); everyone else gets the masked value.

The ledger keeps snapshots of saved records; `mask_snapshot` masks their personal information
for readers without VIEW_PII (the auditor reads the ledger, not identity numbers).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles

# --- kinds of personal information ------------------------------------------------------------

ID_NUMBER = "id_number"
MOBILE = "mobile"
NAME = "name"
ADDRESS = "address"  # a person's home address (住址): the township or village stays, the rest is masked
PII_KINDS = (ID_NUMBER, MOBILE, NAME, ADDRESS)

# --- 居民身份证号码, GB 11643-1999 -------------------------------------------------------------

# Weights of the 17 body digits (2^(17-i) mod 11) and the check character for sum mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# First two digits: province-level division codes (GB/T 2260); 81/82/83: residence permits of
# Hong Kong, Macao and Taiwan residents (港澳台居民居住证), which share the number format.
_ID_PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 "
    "71 81 82 83".split()
)
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_check_char(body17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=True)) % 11]


def normalize_id_number(value) -> str:
    return str(value or "").strip().replace(" ", "").upper()


def validate_id_number(value) -> None:
    """居民身份证号码: 18 characters, a province code, a real date of birth and the check digit."""
    number = normalize_id_number(value)
    if not _ID_RE.match(number):
        raise ValidationError(
            _("身份证号码应为18位：前17位为数字，最后一位为数字或X。"), code="id_number_format"
        )
    if number[:2] not in _ID_PROVINCES:
        raise ValidationError(_("身份证号码的前两位不是有效的省级行政区划代码。"), code="id_number_region")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > timezone.localdate():
        raise ValidationError(_("身份证号码中的出生日期（第7至14位）无效。"), code="id_number_birth")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("身份证号码校验位不正确（GB 11643），请核对是否有输错的数字。"), code="id_number_check"
        )


# --- 统一社会信用代码, GB 32100-2015 -------------------------------------------------------------

# 31 characters: digits and upper-case letters without I, O, Z, S, V.
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_RE = re.compile(rf"^[{_CREDIT_CHARS}]{{2}}\d{{6}}[{_CREDIT_CHARS}]{{10}}$")


def credit_check_char(body17: str) -> str:
    remainder = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(body17, _CREDIT_WEIGHTS, strict=True)) % 31
    return _CREDIT_CHARS[(31 - remainder) % 31]


def normalize_credit_code(value) -> str:
    return str(value or "").strip().replace(" ", "").upper()


def validate_credit_code(value) -> None:
    """统一社会信用代码: 18 characters of the code set, a division code and the check character."""
    code = normalize_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为18位。"), code="credit_code_length")
    if not _CREDIT_RE.match(code):
        raise ValidationError(
            _("统一社会信用代码只能由数字和大写字母（不含I、O、Z、S、V）组成，第3至8位为行政区划代码。"),
            code="credit_code_format",
        )
    if credit_check_char(code[:17]) != code[17]:
        raise ValidationError(
            _("统一社会信用代码校验位不正确（GB 32100），请核对是否有输错的字符。"), code="credit_code_check"
        )


# --- mobile numbers ---------------------------------------------------------------------------

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(value) -> str:
    number = re.sub(r"[\s\-()]", "", str(value or ""))
    for prefix in ("+86", "0086"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
    return number


def validate_mobile(value) -> None:
    """A mainland mobile number: 11 digits beginning 13–19."""
    if not _MOBILE_RE.match(normalize_mobile(value)):
        raise ValidationError(_("手机号码应为以1开头的11位数字（如13812345678）。"), code="mobile")


# --- masking ----------------------------------------------------------------------------------

# Two-character surnames (复姓) kept whole when a person's name is masked.
_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 司空 夏侯 令狐 端木 独孤 南宫 西门 "
    "轩辕 呼延 百里 万俟 闻人 赫连 澹台 公冶 太叔 申屠 濮阳 淳于 单于 钟离 宗政 拓跋 完颜".split()
)
# Words that mark a name as an organization's (organizations' names are public: not masked).
_ORGANIZATION_WORDS = (
    "公司",
    "集团",
    "中心",
    "合作",
    "委员会",
    "协会",
    "学校",
    "学院",
    "医院",
    "诊所",
    "银行",
    "酒店",
    "宾馆",
    "超市",
    "商行",
    "经营部",
    "门市",
    "加油站",
    "养殖场",
    "农场",
    "工作室",
    "事务所",
    "政府",
)
# Single characters that end an organization's name (店, 厂…) when the name is longer than a
# person's usually is; a short name in doubt is masked.
_ORGANIZATION_ENDINGS = tuple("厂店社局所站馆部院队处场行")


def looks_like_organization(name: str) -> bool:
    name = name.strip()
    return (
        len(name.replace("·", "")) > 6
        or any(word in name for word in _ORGANIZATION_WORDS)
        or (len(name) >= 4 and name.endswith(_ORGANIZATION_ENDINGS))
    )


def mask_name(value, organization: bool | None = None) -> str:
    """张三丰 → 张某某, 张三 → 张某, 欧阳娜娜 → 欧阳某某; an organization's name stays whole.

    `organization=None` guesses from the name (a company, shop, co-operative… is not masked).
    """
    name = str(value or "").strip()
    if not name:
        return ""
    if organization or (organization is None and looks_like_organization(name)):
        return name
    if "·" in name:  # 少数民族 names written with a middle dot: keep the first character
        return name[0] + "某某"
    surname = name[:2] if name[:2] in _COMPOUND_SURNAMES and len(name) > 2 else name[0]
    rest = len(name) - len(surname)
    return surname + ("某" if rest <= 1 else "某某")


def _mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_id_number(value) -> str:
    """430321199001011238 → 4303**********1238."""
    return _mask_middle(normalize_id_number(value), 4, 4)


def mask_mobile(value) -> str:
    """13812345678 → 138****5678."""
    return _mask_middle(normalize_mobile(value), 3, 4)


# An address keeps its administrative part, up to the last of these units in it.
_ADDRESS_UNITS = ("省", "市", "县", "区", "镇", "乡", "街道", "村", "社区", "居委会")


def mask_address(value) -> str:
    """湖南省湘潭县石鼓镇歇马村3组12号 → 湖南省湘潭县石鼓镇歇马村****."""
    text = str(value or "").strip()
    if not text:
        return ""
    cut = max((text.rfind(unit) + len(unit) for unit in _ADDRESS_UNITS if unit in text), default=0)
    if cut >= len(text):
        return text
    return (text[:cut] if cut else text[:2]) + "****"


MASKERS = {ID_NUMBER: mask_id_number, MOBILE: mask_mobile, NAME: mask_name, ADDRESS: mask_address}


def mask(kind: str, value) -> str:
    if value in (None, ""):
        return ""
    return MASKERS[kind](value)


# --- fields -----------------------------------------------------------------------------------


class _NormalizingFormField(forms.CharField):
    normalize = staticmethod(lambda value: value)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalize(value) if value else value


class IdNumberFormField(_NormalizingFormField):
    default_validators = [validate_id_number]
    normalize = staticmethod(normalize_id_number)


class CreditCodeFormField(_NormalizingFormField):
    default_validators = [validate_credit_code]
    normalize = staticmethod(normalize_credit_code)


class MobileFormField(_NormalizingFormField):
    default_validators = [validate_mobile]
    normalize = staticmethod(normalize_mobile)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "tel", "autocomplete": "tel"}


class _CodeField(models.CharField):
    """A CharField with a fixed length, a normalizer, validators and a matching form field."""

    length = 18
    form_class: type[forms.Field] = forms.CharField
    normalize = staticmethod(lambda value: value)
    pii_kind: str | None = None

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", self.length)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == self.length:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return self.normalize(value) if value else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = self.normalize(value)
            setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, **kwargs})


class IdNumberField(_CodeField):
    """居民身份证号码 (personal information: masked unless the viewer holds VIEW_PII)."""

    description = _("居民身份证号码")
    default_validators = [validate_id_number]
    form_class = IdNumberFormField
    normalize = staticmethod(normalize_id_number)
    pii_kind = ID_NUMBER


class CreditCodeField(_CodeField):
    """统一社会信用代码 (an organization's public identifier: validated, not masked)."""

    description = _("统一社会信用代码")
    default_validators = [validate_credit_code]
    form_class = CreditCodeFormField
    normalize = staticmethod(normalize_credit_code)


class MobileField(_CodeField):
    """手机号码 (personal information: masked unless the viewer holds VIEW_PII)."""

    description = _("手机号码")
    length = 11
    default_validators = [validate_mobile]
    form_class = MobileFormField
    normalize = staticmethod(normalize_mobile)
    pii_kind = MOBILE


class PersonNameField(models.CharField):
    """A natural person's name (masked as 张某某 unless the viewer holds VIEW_PII)."""

    description = _("姓名")
    pii_kind = NAME

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 50)
        super().__init__(*args, **kwargs)


# Personal information in core models that predate these fields (staff mobile numbers).
_CORE_DECLARED = {"core.user": {"mobile": MOBILE}}


def pii_kind_of(model, field_name: str) -> str | None:
    """The kind of personal information `field_name` of `model` holds, or None."""
    declared = getattr(model, "pii_fields", None) or _CORE_DECLARED.get(model._meta.label_lower, {})
    if field_name in declared:
        return declared[field_name]
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return None
    return getattr(field, "pii_kind", None)


def pii_fields_of(model) -> dict[str, str]:
    """{attname: kind} of every personal-information field of `model`."""
    found = {}
    for field in model._meta.concrete_fields:
        kind = pii_kind_of(model, field.name)
        if kind:
            found[field.attname] = kind
    return found


# --- the full view ----------------------------------------------------------------------------


def masked(obj, field_name: str) -> str:
    kind = pii_kind_of(type(obj), field_name)
    value = getattr(obj, field_name)
    return mask(kind, value) if kind else str(value or "")


def may_see_full(user, obj) -> bool:
    """True if `user` may see the personal information of `obj` — or of a party named by `obj`
    (a case, an order) — in full: a role they hold over the record's region carries VIEW_PII,
    and they may read the record there. Decided from the region's path, without a query when
    the region is loaded (list pages select it)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    region = getattr(obj, "region", None)
    if region is None:
        return user.can(roles.VIEW_PII)
    read = getattr(type(obj), "read_permission", roles.VIEW_RECORDS)
    return all(
        any(region.path.startswith(p) for p in user.permission_paths(permission))
        for permission in (roles.VIEW_PII, read)
    )


def masked_copy(obj):
    """A copy of `obj` (not saved, never to be saved) with every personal-information field
    masked: what a document or archive built for a reader without VIEW_PII shows."""
    import copy

    clone = copy.copy(obj)
    for attname, kind in pii_fields_of(type(obj)).items():
        value = getattr(clone, attname)
        if isinstance(value, str) and value:
            if kind == NAME and getattr(obj, "is_citizen", None) is False:
                continue  # an organization's name is not personal information
            setattr(clone, attname, mask(kind, value))
    clone._masked_copy = True
    return clone


def record_full_view(
    user, obj, *, via: str, kinds=None, object_type: str = "", object_repr: str = "", **data
):
    """Write one "pii.view" ledger entry per kind of personal information shown in full to
    `user` by an output (`via`: page, document, archive, export), so that the auditor's "who
    viewed a full identity number" search finds every kind of output."""
    from fazhi.core import ledger

    if kinds is None:
        kinds = sorted({k for a, k in pii_fields_of(type(obj)).items() if getattr(obj, a, None)})
    if obj is not None and getattr(obj, "is_citizen", True) is False:
        kinds = [k for k in kinds if k != NAME]
    for kind in kinds:
        ledger.record(
            "pii.view",
            obj,
            object_type=object_type,
            object_repr=object_repr,
            actor=user,
            data={"kind": kind, "via": via, **data},
        )


def reveal(user, obj, field_name: str) -> str:
    """The full value of a personal-information field for a user who may see it, written to the
    ledger (action "pii.view", the field but never the value); otherwise the masked value.

    A record the user cannot see through `visible_to` is never revealed.
    """
    from fazhi.core import ledger

    value = getattr(obj, field_name)
    if not may_see_full(user, obj):
        return masked(obj, field_name)
    field_label = field_name
    try:
        field_label = str(type(obj)._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:
        pass
    ledger.record(
        "pii.view",
        obj,
        actor=user,
        data={
            "field": field_name,
            "label": field_label,
            "kind": pii_kind_of(type(obj), field_name),
            "via": "page",
        },
    )
    return str(value or "")


def mask_snapshot(model, data):
    """A copy of a ledger entry's `data` with the personal information of `model` masked."""
    if model is None or not isinstance(data, dict):
        return data
    fields = pii_fields_of(model)
    if not fields:
        return data
    result = dict(data)
    for key in ("before", "after", "input"):
        part = result.get(key)
        if isinstance(part, dict):
            result[key] = {
                name: (mask(fields[name], value) if name in fields and isinstance(value, str) else value)
                for name, value in part.items()
            }
    return result
