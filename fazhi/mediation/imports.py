"""The mediation app's Excel register (core's import pages and `fazhi import`): the 矛盾纠纷排查
register — one row per screening: the village or grid screened (its code), the day, who screened
(an account's name in the town; blank: the importer), what was found and how many disputes.
Written with `mediation.register` over the area; a bad row is reported with its row, column and
reason and nothing is written."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import roles
from fazhi.core.io import Column, Date, ImportContext, Integer, Register, Row, Text, in_scope, scope_paths
from fazhi.core.models import Region, RegionKind, User
from fazhi.core.scoping import ensure_writable
from fazhi.mediation.models import Screening


class ScreeningRegister(Register):
    code = "mediation-screenings"
    title = gettext_lazy("矛盾纠纷排查登记")
    description = gettext_lazy(
        "每行一次排查：排查区域填村（社区）或网格的代码；排查人填本镇账号的姓名或用户名，留空为导入人；"
        "只能导入您可登记的区域。"
    )
    model = Screening
    key = ()  # two screenings of one area on one day are two records
    import_permission = roles.DISPUTE_REGISTER
    export_permission = roles.DISPUTE_VIEW
    columns = [
        Column(
            gettext_lazy("排查区域代码"),
            "area",
            Text(15, digits=True),
            required=True,
            example="430321108201",
            source="region.code",
            help=gettext_lazy("村（社区）12位或网格15位"),
        ),
        Column(gettext_lazy("排查日期"), "screened_on", Date(), required=True, example="2021-03-15"),
        Column(
            gettext_lazy("排查人"), "screener", Text(150), example="李网格", source="screened_by.full_name"
        ),
        Column(
            gettext_lazy("排查发现的矛盾纠纷"),
            "found",
            Text(2000),
            required=True,
            example="两户因宅基地界址发生争执",
        ),
        Column(gettext_lazy("发现纠纷数"), "disputes_found", Integer(0, 1000), example="1"),
    ]

    def queryset(self, user):
        return (
            Screening.objects.visible_to(user)
            .select_related("region", "screened_by")
            .order_by("-screened_on", "-id")
        )

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        area = Region.objects.filter(
            code=v.pop("area"), kind__in=[RegionKind.VILLAGE, RegionKind.GRID]
        ).first()
        if area is None:
            raise ValidationError({"area": _("没有这个代码的村（社区）或网格")})
        paths = ctx.cache.setdefault("writable", scope_paths(ctx.user, roles.DISPUTE_REGISTER))
        if not in_scope(area.path, paths):
            raise ValidationError({"area": _("“%(area)s”不在您可登记排查的区域内") % {"area": area.name}})
        if v["screened_on"] > timezone.localdate():
            raise ValidationError({"screened_on": _("排查日期不能晚于今天")})
        name = (v.pop("screener", "") or "").strip()
        screener = ctx.user
        if name:
            town_path = "/".join(area.path.split("/")[:2]) + "/"  # the county's and the town's codes
            found = (
                User.objects.filter(Q(full_name=name) | Q(username=name), is_active=True)
                .filter(memberships__region__path__startswith=town_path)
                .distinct()
            )
            candidates = list(found[:2])
            if not candidates:
                raise ValidationError({"screener": _("本镇没有名为“%(name)s”的账号") % {"name": name}})
            if len(candidates) > 1:
                raise ValidationError(
                    {"screener": _("本镇有多个名为“%(name)s”的账号，请填用户名") % {"name": name}}
                )
            screener = candidates[0]
        v["region"], v["screened_by"] = area, screener
        v.setdefault("disputes_found", 0)
        if v["disputes_found"] is None:
            v["disputes_found"] = 0

    def save_row(self, row: Row, ctx: ImportContext):
        screening = Screening(**row.values)
        screening.full_clean()
        screening.save()
        ensure_writable(screening, ctx.user, roles.DISPUTE_REGISTER)
        ctx.created += 1
        return screening


REGISTERS = [ScreeningRegister()]
