"""The grid app's Excel registers (core's import pages and `fazhi import`). The event categories
(大类/小类) with their handling unit, public flag and their own time limits (empty: the county
rule's); the category tree is the county's, one table for every town. The grids' profiles —
one row per grid already in the region tree (core's 村（社区）与网格 register creates grids), with
its households and population (kept on the region) and its level label, the day it was drawn
and the day it was revoked. Written with `grid.manage` (综治办) over the grid's town; a bad row is
reported with its row, column and reason and nothing is written."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import roles
from fazhi.core.io import (
    Choice,
    Column,
    Date,
    ImportContext,
    Integer,
    Register,
    Row,
    Text,
    in_scope,
    scope_paths,
)
from fazhi.core.models import Region, RegionKind
from fazhi.core.scoping import ensure_writable
from fazhi.grid.models import EventCategory, GridProfile

REGION_FIELDS = ("households", "population")


class GridProfileRegister(Register):
    code = "grid-profiles"
    title = gettext_lazy("网格信息")
    description = gettext_lazy(
        "每行一个网格：网格代码须已在“村（社区）与网格”中登记；户数、人口写入该网格，网格层级、划定日期和撤销日期"
        "写入网格信息。只能导入您管辖的乡镇的网格。"
    )
    model = GridProfile
    key = ("code",)
    import_permission = roles.GRID_MANAGE
    export_permission = roles.GRID_VIEW
    columns = [
        Column(
            gettext_lazy("网格代码"),
            "code",
            Text(15, digits=True),
            required=True,
            example="430321108201001",
            source="region.code",
            help=gettext_lazy("15位，所属村代码加3位"),
        ),
        Column(gettext_lazy("网格名称"), "name", Text(100), example="歇马村第1网格", source="region.name"),
        Column(
            gettext_lazy("户数"), "households", Integer(0, 100000), example="120", source="region.households"
        ),
        Column(
            gettext_lazy("人口"), "population", Integer(0, 1000000), example="430", source="region.population"
        ),
        Column(gettext_lazy("网格层级"), "level_label", Text(20), example="三级网格"),
        Column(gettext_lazy("划定日期"), "established_on", Date(), example="2016-03-01"),
        Column(
            gettext_lazy("撤销日期"),
            "dissolved_on",
            Date(),
            example="",
            help=gettext_lazy("网格调整撤销后填写；在用的网格留空"),
        ),
    ]

    def queryset(self, user):
        return GridProfile.objects.visible_to(user).select_related("region").order_by("region__path")

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        grid = Region.objects.filter(code=v["code"], kind=RegionKind.GRID).first()
        if grid is None:
            raise ValidationError(
                {"code": _("没有代码为%(code)s的网格，请先导入村（社区）与网格") % {"code": v["code"]}}
            )
        paths = ctx.cache.setdefault("managed", scope_paths(ctx.user, roles.GRID_MANAGE))
        if not in_scope(grid.path, paths):
            raise ValidationError({"code": _("网格%(code)s不在您管辖的乡镇内") % {"code": v["code"]}})
        if v.get("name") and v["name"] != grid.name:
            raise ValidationError(
                {
                    "name": _("网格名称与代码不符：代码%(code)s是“%(name)s”")
                    % {"code": grid.code, "name": grid.name}
                }
            )
        established, dissolved = v.get("established_on"), v.get("dissolved_on")
        profile = GridProfile.objects.filter(region=grid).first()
        if established is None and profile is not None:
            established = profile.established_on
        if established and dissolved and dissolved < established:
            raise ValidationError({"dissolved_on": _("撤销日期不能早于划定日期")})
        row.extra["grid"] = grid

    def save_row(self, row: Row, ctx: ImportContext):
        v, grid = row.values, row.extra["grid"]
        changed_region = [f for f in REGION_FIELDS if v.get(f) is not None and getattr(grid, f) != v[f]]
        for name in changed_region:
            setattr(grid, name, v[name])
        if changed_region:
            grid.save(update_fields=changed_region)
        profile = GridProfile.objects.filter(region=grid).first()
        created = profile is None
        if created:
            profile = GridProfile(region=grid)
        before = (profile.level_label, profile.established_on, profile.dissolved_on)
        profile.level_label = v.get("level_label") or ""
        if v.get("established_on"):
            profile.established_on = v["established_on"]
        profile.dissolved_on = v.get("dissolved_on")
        if created or before != (profile.level_label, profile.established_on, profile.dissolved_on):
            profile.full_clean()
            profile.save()
            ensure_writable(profile, ctx.user, roles.GRID_MANAGE)
        if created:
            ctx.created += 1
        elif changed_region or before != (profile.level_label, profile.established_on, profile.dissolved_on):
            ctx.updated += 1
        else:
            ctx.unchanged += 1
        return profile


YES_NO = Choice([(True, gettext_lazy("是")), (False, gettext_lazy("否"))], aliases={"Y": True, "N": False})
CATEGORY_FIELDS = (
    "name",
    "parent",
    "handling_unit",
    "is_public",
    "is_active",
    "order",
    "accept_hours",
    "handle_days",
    "check_days",
)


class EventCategoryRegister(Register):
    code = "grid-categories"
    title = gettext_lazy("网格事件类别及时限")
    description = gettext_lazy(
        "每行一个类别：大类不填所属大类代码，小类填所属大类的代码（大类须已有或在本文件更靠前的行）。"
        "受理、办理、核查时限留空时按县规则的时限。类别全县共用。"
    )
    model = EventCategory
    key = ("code",)
    import_permission = roles.GRID_MANAGE
    export_permission = roles.GRID_VIEW
    columns = [
        Column(gettext_lazy("类别代码"), "code", Text(20, digits=True), required=True, example="0104"),
        Column(gettext_lazy("类别名称"), "name", Text(50), required=True, example="土地承包纠纷"),
        Column(
            gettext_lazy("所属大类代码"),
            "parent_code",
            Text(20, digits=True),
            example="01",
            source="parent.code",
            help=gettext_lazy("大类留空"),
        ),
        Column(gettext_lazy("默认处置单位"), "handling_unit", Text(50), example="司法所"),
        Column(gettext_lazy("可公开"), "is_public", YES_NO, example="否", help=gettext_lazy("不填视为“否”")),
        Column(gettext_lazy("启用"), "is_active", YES_NO, example="是", help=gettext_lazy("不填视为“是”")),
        Column(gettext_lazy("排序"), "order", Integer(0, 999), example="4"),
        Column(gettext_lazy("受理时限（工作小时）"), "accept_hours", Integer(1, 200), example="4"),
        Column(gettext_lazy("办理时限（工作日）"), "handle_days", Integer(1, 200), example="5"),
        Column(gettext_lazy("核查时限（工作日）"), "check_days", Integer(1, 200), example="2"),
    ]

    def queryset(self, user):
        return EventCategory.objects.select_related("parent").order_by("order", "code")

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        parent_code = v.pop("parent_code", None) or ""
        parent = None
        if parent_code:
            if parent_code == v["code"]:
                raise ValidationError({"parent_code": _("类别不能是自己的大类")})
            parent = ctx.pending.get(parent_code) or EventCategory.objects.filter(code=parent_code).first()
            if parent is None:
                raise ValidationError({"parent_code": _("没有代码为%(code)s的大类") % {"code": parent_code}})
            if parent.parent_id:
                raise ValidationError(
                    {"parent_code": _("%(code)s是小类，事件类别只分大类和小类两级") % {"code": parent_code}}
                )
        v["parent"] = parent
        v["is_public"] = bool(v.get("is_public"))
        v["is_active"] = True if v.get("is_active") is None else v["is_active"]
        v["order"] = v.get("order") or 0
        v["handling_unit"] = v.get("handling_unit") or ""
        ctx.pending[v["code"]] = EventCategory(code=v["code"], name=v["name"], parent=parent)

    def save_row(self, row: Row, ctx: ImportContext):
        v = row.values
        category = EventCategory.objects.filter(code=v["code"]).first()
        created = category is None
        if created:
            category = EventCategory(code=v["code"])
        before = {f: getattr(category, f) for f in CATEGORY_FIELDS}
        if v["parent"] is not None and v["parent"].pk is None:  # a 大类 of an earlier row of the file
            v["parent"] = EventCategory.objects.get(code=v["parent"].code)
        for name in CATEGORY_FIELDS:
            setattr(category, name, v.get(name))
        after = {f: getattr(category, f) for f in CATEGORY_FIELDS}
        if created or before != after:
            category.full_clean()
            category.save()
            if created:
                ctx.created += 1
            else:
                ctx.updated += 1
        else:
            ctx.unchanged += 1
        return category


REGISTERS = [EventCategoryRegister(), GridProfileRegister()]
