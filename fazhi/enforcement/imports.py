"""Enforcement registers importable from Excel: the powers list (权责清单) and its discretion
standards (裁量基准), one row per power and one row per level of a power.

A row names its enforcement body by name and its power by code; a power already in the list
is updated (matched by body and code), a new one created. Only bodies under the importing
user's enforcement memberships can be written to.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import roles
from fazhi.core.io import (
    Choice,
    Column,
    ColumnType,
    Date,
    ImportContext,
    Ref,
    Register,
    Row,
    RowPlan,
    Text,
    plan,
    scope_paths,
)
from fazhi.core.scoping import town_code_of
from fazhi.enforcement import rules
from fazhi.enforcement.models import (
    BasisVersion,
    Case,
    DiscretionLevel,
    EnforcementBody,
    PenaltyKind,
    Power,
    kinds_in_text,
)

# The templates' examples name the demo's brigade and its first power (fazhi/enforcement/demo/
# data.py: BODY_NAME, POWERS[0]), so that a new user's first import of the example row works.
EXAMPLE_BODY = "石鼓镇综合行政执法大队"
EXAMPLE_POWER = "XZCF-SL-001"


class Money(ColumnType):
    """An amount in yuan, 0 or more, to the fen."""

    number_format = "0.00"

    def parse(self, value, ctx):
        text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValidationError(
                _("应为金额（元），如 1000 或 1000.50（“%(value)s”不是金额）") % {"value": text}
            ) from None
        if amount < 0:
            raise ValidationError(_("金额不能为负数"))
        if amount != amount.quantize(Decimal("0.01")):
            raise ValidationError(_("金额最多保留两位小数"))
        return amount.quantize(Decimal("0.01"))

    def hint(self):
        return _("金额（元）")


YES_NO = Choice([(True, gettext_lazy("是")), (False, gettext_lazy("否"))], aliases={"Y": True, "N": False})


def _managed_bodies(user):
    """Bodies under the regions where the user holds ENFORCEMENT_MANAGE."""
    paths = scope_paths(user, roles.ENFORCEMENT_MANAGE)
    if not paths:
        return EnforcementBody.objects.none()
    q = Q()
    for path in paths:
        q |= Q(region__path__startswith=path)
    return EnforcementBody.objects.filter(q)


def _body_column():
    return Column(
        gettext_lazy("执法主体"),
        "body",
        Ref(EnforcementBody, "name", queryset=_managed_bodies, noun=gettext_lazy("执法主体")),
        required=True,
        example=EXAMPLE_BODY,
        help=gettext_lazy("须为系统中已有的执法主体名称"),
    )


class PowerRegister(Register):
    code = "enforcement-powers"
    title = gettext_lazy("权责清单（行政处罚事项）")
    description = gettext_lazy(
        "每行一项行政处罚事项。执法主体和事项编码相同的行更新已有事项，否则新增。"
        "裁量基准在“裁量基准”台账中按等级逐行导入。"
    )
    model = Power
    key = ("body", "code")
    import_permission = roles.ENFORCEMENT_MANAGE
    export_permission = roles.CASE_VIEW
    columns = [
        _body_column(),
        Column(gettext_lazy("事项编码"), "code", Text(40), required=True, example=EXAMPLE_POWER),
        Column(
            gettext_lazy("事项名称"),
            "name",
            Text(200),
            required=True,
            example="对未经许可在河道管理范围内采砂的处罚",
        ),
        Column(
            gettext_lazy("法律依据"), "law", Text(200), required=True, example="《湖南省河道采砂管理条例》"
        ),
        Column(gettext_lazy("条款"), "article", Text(100), required=True, example="第三十条"),
        Column(gettext_lazy("依据条文"), "basis_text", Text(), width=40),
        Column(
            gettext_lazy("处罚种类"), "penalties", Text(300), example="责令停止违法行为、没收违法所得、罚款"
        ),
        Column(
            gettext_lazy("列入法制审核目录"),
            "in_review_catalogue",
            YES_NO,
            example="否",
            help=gettext_lazy("重大执法决定法制审核目录清单中的事项填“是”"),
        ),
        Column(gettext_lazy("赋权乡镇事项"), "devolved", YES_NO, example="是"),
        Column(gettext_lazy("有效"), "active", YES_NO, example="是", help=gettext_lazy("不填视为“是”")),
    ]

    def queryset(self, user):
        return Power.objects.visible_to(user).select_related("body").order_by("body__name", "code")

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        power = self._power(row)
        power.full_clean(exclude=["region"], validate_unique=False)
        ctx.pending[(power.body_id, power.code)] = power

    def plan_row(self, row: Row, ctx: ImportContext) -> RowPlan:
        """The power `clean_row` made (new, or the listed one with the row's values), in its
        body's region with that region's town code, as `save` would place it."""
        power = ctx.pending[(row.values["body"].pk, row.values["code"])]
        if power.region_id is None:
            power.region = power.body.region
        power.town_code = town_code_of(power.region)
        return plan(row, power)

    def _power(self, row: Row) -> Power:
        v = row.values
        power = Power.objects.filter(body=v["body"], code=v["code"]).first() or Power(
            body=v["body"], code=v["code"]
        )
        for name in ("name", "law", "article", "penalties"):
            setattr(power, name, v[name] or "")
        power.basis_text = v["basis_text"] or ""
        power.in_review_catalogue = bool(v["in_review_catalogue"])
        power.devolved = bool(v["devolved"])
        power.active = True if v["active"] is None else v["active"]
        # the structured kinds (第三十八条) read from the row's text, on both paths alike
        power.penalty_kinds = kinds_in_text(power.penalties)
        return power

    def save_row(self, row: Row, ctx: ImportContext) -> Power:
        power = self._power(row)
        if power.pk is None:
            power.save()
            ctx.created += 1
        elif Power.objects.filter(pk=power.pk).values(*_POWER_FIELDS).get() == {
            f: getattr(power, f) for f in _POWER_FIELDS
        }:
            ctx.unchanged += 1
        else:
            power.save()
            ctx.updated += 1
        return power


_POWER_FIELDS = (
    "name",
    "law",
    "article",
    "basis_text",
    "penalties",
    "in_review_catalogue",
    "devolved",
    "active",
)


class DiscretionLevelRegister(Register):
    code = "enforcement-discretion"
    title = gettext_lazy("裁量基准")
    description = gettext_lazy(
        "每行一个处罚事项的一个裁量等级及其罚款幅度。事项须已在权责清单中；同一事项、同一等级的行更新已有等级。"
    )
    model = DiscretionLevel
    key = ("body", "power_code", "level")
    import_permission = roles.ENFORCEMENT_MANAGE
    export_permission = roles.CASE_VIEW
    columns = [
        Column(
            gettext_lazy("执法主体"),
            "body",
            Ref(EnforcementBody, "name", queryset=_managed_bodies, noun=gettext_lazy("执法主体")),
            required=True,
            source="power.body",
            example=EXAMPLE_BODY,
        ),
        Column(
            gettext_lazy("事项编码"),
            "power_code",
            Text(40),
            required=True,
            source="power.code",
            example=EXAMPLE_POWER,
        ),
        Column(
            gettext_lazy("裁量等级"),
            "level",
            Choice(DiscretionLevel.Level.choices),
            required=True,
            example="一般",
        ),
        Column(gettext_lazy("罚款下限（元）"), "fine_min", Money(), example="1000"),
        Column(gettext_lazy("罚款上限（元）"), "fine_max", Money(), example="10000"),
        Column(
            gettext_lazy("适用情形"),
            "description",
            Text(),
            width=40,
            example="采砂量在10立方米以上50立方米以下",
        ),
        Column(gettext_lazy("处罚内容"), "penalties", Text(300), example="没收违法所得，并处罚款"),
    ]

    def queryset(self, user):
        return (
            DiscretionLevel.objects.visible_to(user)
            .select_related("power__body")
            .order_by("power__body__name", "power__code", "fine_min", "id")
        )

    def _level(self, row: Row) -> DiscretionLevel:
        v = row.values
        power = Power.objects.filter(body=v["body"], code=v["power_code"]).first()
        if power is None:
            raise ValidationError(
                {
                    "power_code": _("权责清单中没有编码为“%(code)s”的事项，请先导入权责清单")
                    % {"code": v["power_code"]}
                }
            )
        level = DiscretionLevel.objects.filter(power=power, level=v["level"]).first() or DiscretionLevel(
            power=power, level=v["level"]
        )
        level.fine_min, level.fine_max = v["fine_min"], v["fine_max"]
        level.description = v["description"] or ""
        level.penalties = v["penalties"] or ""
        return level

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        level = self._level(row)
        level.full_clean(exclude=["region"], validate_unique=False)

    def save_row(self, row: Row, ctx: ImportContext) -> DiscretionLevel:
        level = self._level(row)
        created = level.pk is None
        level.save()
        if created:
            ctx.created += 1
        else:
            ctx.updated += 1
        return level


class BasisVersionRegister(Register):
    """The versions of each power's legal basis with the days they took effect (行政处罚法
    第三十七条), imported with the powers list: a row names its power by body and code; a row of
    the same power and 施行日期 updates that version, unless a decision already applies it."""

    code = "enforcement-basis-versions"
    title = gettext_lazy("处罚依据版本")
    description = gettext_lazy(
        "每行一个处罚事项的一个依据版本及其施行日期（行政处罚法第三十七条：从旧兼从轻）。事项须已在权责清单中；"
        "同一事项、同一施行日期的行更新已有版本，已有处罚决定适用的版本不能修改。"
    )
    model = BasisVersion
    key = ("body", "power_code", "effective_from")
    import_permission = roles.ENFORCEMENT_MANAGE
    export_permission = roles.CASE_VIEW
    columns = [
        Column(
            gettext_lazy("执法主体"),
            "body",
            Ref(EnforcementBody, "name", queryset=_managed_bodies, noun=gettext_lazy("执法主体")),
            required=True,
            source="power.body",
            example=EXAMPLE_BODY,
        ),
        Column(
            gettext_lazy("事项编码"),
            "power_code",
            Text(40),
            required=True,
            source="power.code",
            example=EXAMPLE_POWER,
        ),
        Column(gettext_lazy("版本"), "label", Text(100), required=True, example="2019年修正"),
        Column(gettext_lazy("施行日期"), "effective_from", Date(), required=True, example="2019-11-29"),
        Column(gettext_lazy("法律依据"), "law", Text(200), help=gettext_lazy("不填则同处罚事项")),
        Column(gettext_lazy("条款"), "article", Text(100), help=gettext_lazy("不填则同处罚事项")),
        Column(gettext_lazy("依据条文"), "basis_text", Text(), width=40),
        Column(
            gettext_lazy("处罚种类"),
            "penalties",
            Text(300),
            source="penalty_kind_labels",
            example="警告、罚款、没收违法所得",
        ),
        Column(gettext_lazy("法定罚款下限（元）"), "fine_min", Money(), example="0"),
        Column(gettext_lazy("法定罚款上限（元）"), "fine_max", Money(), example="50000"),
        Column(gettext_lazy("不再认为是违法"), "no_offence", YES_NO, example="否"),
    ]

    def queryset(self, user):
        return (
            BasisVersion.objects.visible_to(user)
            .select_related("power__body")
            .order_by("power__body__name", "power__code", "effective_from", "id")
        )

    def _version(self, row: Row) -> BasisVersion:
        v = row.values
        power = Power.objects.filter(body=v["body"], code=v["power_code"]).first()
        if power is None:
            raise ValidationError(
                {
                    "power_code": _("权责清单中没有编码为“%(code)s”的事项，请先导入权责清单")
                    % {"code": v["power_code"]}
                }
            )
        version = BasisVersion.objects.filter(power=power, effective_from=v["effective_from"]).first()
        if version is None:
            version = BasisVersion(power=power, effective_from=v["effective_from"])
        else:
            used = Case.objects.filter(basis_version=version).first()
            if used is not None:
                raise ValidationError(
                    {
                        "effective_from": _(
                            "%(art)s：案件%(case)s的处罚决定已适用该依据版本，不能修改；依据修改的，请以新的施行日期新增版本"
                        )
                        % {"art": rules.ART[37], "case": used.number or used.cause}
                    }
                )
        version.label = v["label"]
        for name in ("law", "article", "basis_text"):
            setattr(version, name, v[name] or "")
        version.penalty_kinds = [k for k in kinds_in_text(v["penalties"] or "") if k != PenaltyKind.DETENTION]
        version.fine_min, version.fine_max = v["fine_min"], v["fine_max"]
        version.no_offence = bool(v["no_offence"])
        return version

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        version = self._version(row)
        version.full_clean(exclude=["region"], validate_unique=False)
        if (
            version.fine_min is not None
            and version.fine_max is not None
            and version.fine_min > version.fine_max
        ):
            raise ValidationError({"fine_max": _("罚款上限不能低于下限")})

    def save_row(self, row: Row, ctx: ImportContext) -> BasisVersion:
        version = self._version(row)
        created = version.pk is None
        version.save()
        if created:
            ctx.created += 1
        else:
            ctx.updated += 1
        return version


REGISTERS = [PowerRegister(), DiscretionLevelRegister(), BasisVersionRegister()]
