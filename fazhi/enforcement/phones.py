"""A party's 联系电话: a mainland mobile number (core's check) or a landline with its area code
(0731-52801234, 073152801234, with an extension -801). Masked as a mobile number is
(personal information, core.pii "mobile": 073****1234)."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fazhi.core import pii

# 区号 (0 then 2–3 digits) and a 7- or 8-digit number, optionally an extension (分机).
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalize_phone(value) -> str:
    text = re.sub(r"[\s()（）]", "", str(value or "")).replace("—", "-").replace("－", "-")
    if text.startswith("0") and _LANDLINE_RE.match(text):
        return text
    return pii.normalize_mobile(text)


def validate_phone(value) -> None:
    number = normalize_phone(value)
    if _LANDLINE_RE.match(number):
        return
    try:
        pii.validate_mobile(number)
    except ValidationError:
        raise ValidationError(
            _("联系电话应为11位手机号码（如13812345678），或带区号的固定电话（如0731-52801234）。"),
            code="phone",
        ) from None


class PhoneFormField(forms.CharField):
    default_validators = [validate_phone]

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_phone(value) if value else value
