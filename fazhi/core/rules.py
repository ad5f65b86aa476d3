"""Rules a county or a town sets, effective-dated: `value(code, region, on=)`.

An app declares each rule it reads, with the default that holds until a county or town sets
its own and where that default comes from:

    LIMIT = rules.declare("grid.event.handle_days", _("网格事件办理时限"), rules.PERIOD,
                          {"length": 5, "unit": "working_days"}, _("本系统默认（县规则未定）"))
    rules.value(LIMIT, event.region, on=event.reported_on)

A `Rule` row (fazhi.core.models.rules) is one version for one region; the version in force on a
date is the latest whose `effective_from` is on or before it (and whose `effective_to`, if any,
is not before it). The region's own rule comes first, then the nearest ancestor's: a town's rule
overrides the county's, and the declared default holds where neither set one. Figures and
deadlines ask for the rule in force for their own period, so a new version never rewrites last
year's figures. A version in force is never edited: a change is a new version
(`add_version`). Setting a region's rules needs MANAGE_RULES held through a membership *of that
region* (the county supervisor for the county, the judicial office for its town).
Environment variables stay for deployment only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind, Rule, RuleKind

NUMBER, PERIOD, TABLE, CHECKLIST = RuleKind.NUMBER, RuleKind.PERIOD, RuleKind.TABLE, RuleKind.CHECKLIST
PERIOD_UNITS = ("days", "working_days", "working_hours")  # as fazhi.core.models.Deadline.Unit
RULE_REGION_KINDS = (RegionKind.COUNTY, RegionKind.TOWN)


# --- values -----------------------------------------------------------------------------------


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def value_errors(kind: str, value: Any) -> str | None:
    """Why `value` is not a value of `kind`, or None. A number is a JSON number; a period is
    {"length": n > 0, "unit": days | working_days | working_hours}; a table is an object whose
    keys are the categories (values numbers, text or periods); a checklist is a list of items."""
    if kind == NUMBER:
        return None if _is_number(value) else _("数值型规则的取值应为数字")
    if kind == PERIOD:
        if (
            not isinstance(value, dict)
            or set(value) != {"length", "unit"}
            or not isinstance(value["length"], int)
            or isinstance(value["length"], bool)
            or value["length"] <= 0
            or value["unit"] not in PERIOD_UNITS
        ):
            return _("期限型规则的取值应为正整数长度和单位（自然日、工作日或工作小时）")
        return None
    if kind == TABLE:
        if not isinstance(value, dict) or not value:
            return _("对照表型规则的取值应为非空的“类别：取值”对照")
        for key, item in value.items():
            if not str(key).strip():
                return _("对照表的类别不能为空")
            if not (_is_number(item) or isinstance(item, str) or value_errors(PERIOD, item) is None):
                return _("对照表“%(key)s”的取值应为数字、文字或期限") % {"key": key}
        return None
    if kind == CHECKLIST:
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(i, str) and i.strip() for i in value)
        ):
            return _("清单型规则的取值应为非空的条目列表")
        return None
    return _("未知的规则类型")


# --- declarations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Declared:
    code: str
    label: str
    kind: str
    default: Any
    citation: str  # where the default comes from
    unit: str = ""
    help: str = ""


DECLARED: dict[str, Declared] = {}


def declare(code: str, label, kind: str, default, citation, unit: str = "", help="") -> str:
    """Declare a rule an app reads, its default and the default's source; returns the code."""
    if problem := value_errors(kind, default):
        raise ValueError(f"rule {code}: default {default!r}: {problem}")
    DECLARED[code] = Declared(code, label, kind, default, citation, unit, help)
    return code


def declared(code: str) -> Declared:
    try:
        return DECLARED[code]
    except KeyError:
        raise LookupError(f"no rule declared as {code!r}") from None


# --- the rule in force ------------------------------------------------------------------------


@dataclass(frozen=True)
class InForce:
    """The value of a rule on a date for a region, and where it comes from: a `Rule` version
    (of the region or an ancestor), or the declared default (`rule` None)."""

    code: str
    value: Any
    citation: str
    rule: Rule | None
    unit: str = ""

    @property
    def is_default(self) -> bool:
        return self.rule is None


def _codes_up(region: Region | None) -> list[str]:
    return [c for c in region.path.split("/") if c] if region is not None else []


def versions_in_force(code: str, region: Region | None, on: dt.date):
    """The versions of `code` in force on `on` for `region` and its ancestors, nearest first."""
    return (
        Rule.objects.filter(code=code, region__code__in=_codes_up(region), effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("region")
        .order_by("-region__depth", "-effective_from", "-id")
    )


def in_force(code: str, region: Region | None, on: dt.date | None = None) -> InForce:
    """The rule `code` in force on `on` (today) for `region`: its own, else the nearest
    ancestor's, else the declared default. One query."""
    on = on or timezone.localdate()
    rule = versions_in_force(code, region, on).first() if region is not None else None
    if rule is not None:
        return InForce(code, rule.value, rule.citation, rule, rule.unit)
    spec = declared(code)
    return InForce(code, spec.default, str(spec.citation), None, spec.unit)


def value(code: str, region: Region | None, on: dt.date | None = None) -> Any:
    """The value of rule `code` in force on `on` (today) for `region`."""
    return in_force(code, region, on).value


# --- setting rules ----------------------------------------------------------------------------


def regions_for(user):
    """The regions whose rules `user` may set: those of their memberships whose role carries
    MANAGE_RULES (a county or a town), not the regions below them."""
    if not (user and user.is_authenticated and user.is_active):
        return Region.objects.none()
    paths = user.permission_paths(roles.MANAGE_RULES)
    return Region.objects.filter(path__in=paths, kind__in=RULE_REGION_KINDS)


def may_set(user, region: Region) -> bool:
    return regions_for(user).filter(pk=region.pk).exists()


def add_version(
    *,
    code: str,
    region: Region,
    value,
    effective_from: dt.date,
    citation: str,
    user,
    effective_to: dt.date | None = None,
    note: str = "",
    label: str = "",
    kind: str = "",
    unit: str = "",
) -> Rule:
    """A new version of rule `code` for `region` (ledgered). The kind and label come from the
    declaration; a region's MANAGE_RULES holder only."""
    if not may_set(user, region):
        raise PermissionDenied(_("您无权制定该区划的规则。"))
    spec = DECLARED.get(code)
    rule = Rule(
        code=code,
        region=region,
        label=label or (str(spec.label) if spec else code),
        kind=spec.kind if spec else kind,
        unit=unit or (spec.unit if spec else ""),
        value=value,
        effective_from=effective_from,
        effective_to=effective_to,
        citation=citation,
        note=note,
        created_by=user,
    )
    rule.full_clean(exclude=["created_by"])
    with transaction.atomic():
        rule.save()
    return rule


def display(kind: str, value, unit: str = "") -> str:
    """A value as the rules page shows it: 15个工作日, 3（件）, 2项, 类别：取值."""
    from fazhi.core.models.calendar import period_text

    if kind == PERIOD and isinstance(value, dict):
        return period_text(value.get("length"), value.get("unit"))
    if kind == NUMBER:
        return f"{value}{unit}"
    if kind == CHECKLIST and isinstance(value, list):
        return "；".join(value)
    if kind == TABLE and isinstance(value, dict):
        return "；".join(
            f"{k}：{display(PERIOD, v) if isinstance(v, dict) else f'{v}{unit}'}" for k, v in value.items()
        )
    return str(value)
