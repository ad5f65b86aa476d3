"""The Excel register of matters (core's import pages and `fazhi import` / `fazhi export`): the
county's list of matters transferred or assigned to the town (one row each, named by the
sender's reference), registered through the same intake as the page (numbered, the 15-day and
5-working-day clocks started from the day received). The export is the town's matters, the
petitioner's personal information masked unless the reader holds core.view_pii there."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import pii, roles
from fazhi.core.io import Choice, Column, Date, ImportContext, Register, Row, Text, in_scope, scope_paths
from fazhi.core.models import Region, RegionKind
from fazhi.core.scoping import ensure_writable, town_code_of
from fazhi.petitions import workflow
from fazhi.petitions.models import Matter, Petitioner

SOURCES = [(Matter.Source.TRANSFERRED, "上级转送"), (Matter.Source.ASSIGNED, "上级交办")]


class MatterRegister(Register):
    code = "petitions-matters"
    title = gettext_lazy("信访事项（上级转送、交办清单）")
    description = gettext_lazy(
        "每行一件上级转送或交办的信访事项，以来文编号区分；村（社区）填区划代码。导入后即登记并开始计算"
        "15日受理告知期限和5个工作日异议期限（信访工作条例第二十二条、第二十三条）。"
    )
    model = Matter
    key = ("sender_reference",)
    import_permission = roles.PETITION_HANDLE
    export_permission = roles.PETITION_VIEW
    columns = [
        Column(
            gettext_lazy("来文编号"),
            "sender_reference",
            Text(100),
            required=True,
            example="湘县信转〔2021〕118号",
        ),
        Column(
            gettext_lazy("国家信访信息系统编号"), "national_number", Text(40), example="XF4303212021090100012"
        ),
        Column(
            gettext_lazy("来源"),
            "source",
            Choice(SOURCES, aliases={"转送": Matter.Source.TRANSFERRED, "交办": Matter.Source.ASSIGNED}),
            required=True,
            example="上级转送",
        ),
        Column(gettext_lazy("转送、交办机关"), "sender", Text(100), required=True, example="湘潭县信访局"),
        Column(
            gettext_lazy("交办期限"),
            "sender_deadline",
            Date(),
            example="2021-11-30",
            help=gettext_lazy("交办的须填"),
        ),
        Column(gettext_lazy("收到日期"), "received_on", Date(), required=True, example="2021-09-01"),
        Column(
            gettext_lazy("村（社区）代码"),
            "region",
            Text(12, digits=True),
            required=True,
            example="430321108201",
            source="region.code",
        ),
        Column(
            gettext_lazy("信访人"),
            "name",
            Text(100),
            required=True,
            example="刘德华",
            source="first_name",
            pii=pii.NAME,
        ),
        Column(
            gettext_lazy("身份证号码"),
            "id_number",
            Text(18),
            example="43032119690101123X",
            source="first_id",
            pii=pii.ID_NUMBER,
        ),
        Column(
            gettext_lazy("联系电话"),
            "phone",
            Text(20),
            example="13907321234",
            source="first_phone",
            pii=pii.MOBILE,
        ),
        Column(
            gettext_lazy("信访形式"), "form", Choice(Matter.Form.choices), required=True, example="信息网络"
        ),
        Column(gettext_lazy("事由"), "title", Text(200), required=True, example="反映征地补偿款未发放"),
        Column(
            gettext_lazy("反映的主要问题"),
            "content",
            Text(),
            required=True,
            example="2020年修路征收承包地补偿款未发放。",
        ),
        Column(gettext_lazy("诉求"), "requests", Text(), example="要求发放补偿款"),
        Column(
            gettext_lazy("信访类别"), "kind", Choice(Matter.Kind.choices), required=True, example="申诉求决类"
        ),
        Column(
            gettext_lazy("内容分类"),
            "category",
            Choice(Matter.Category.choices),
            required=True,
            example="土地征收",
        ),
    ]

    def queryset(self, user):
        return (
            Matter.objects.visible_to(user)
            .select_related("region")
            .prefetch_related("petitioners")
            .order_by("-received_on", "-id")
        )

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        v = row.values
        region = Region.objects.filter(
            code=v["region"], kind__in=(RegionKind.VILLAGE, RegionKind.TOWN)
        ).first()
        paths = ctx.cache.setdefault("paths", scope_paths(ctx.user, roles.PETITION_HANDLE))
        if region is None or not in_scope(region.path, paths):
            raise ValidationError(
                {"region": _("村（社区）代码“%(code)s”不存在或不在您的管辖范围内") % {"code": v["region"]}}
            )
        if Matter.objects.filter(
            town_code=town_code_of(region), sender_reference=v["sender_reference"]
        ).exists():
            raise ValidationError(
                {"sender_reference": _("来文编号“%(ref)s”已登记") % {"ref": v["sender_reference"]}}
            )
        masked = set(row.extra.get("masked", ()))
        person = Petitioner(
            name=v.pop("name"),
            id_number="" if "id_number" in masked else v.pop("id_number", "") or "",
            phone="" if "phone" in masked else v.pop("phone", "") or "",
        )
        v.pop("id_number", None)
        v.pop("phone", None)
        v["region"] = region
        matter = Matter(
            **{k: (val if val is not None else "") for k, val in v.items() if k != "sender_deadline"}
        )
        matter.sender_deadline = v.get("sender_deadline")
        matter.requests = matter.requests or ""
        matter.national_number = matter.national_number or ""
        try:
            matter.full_clean(exclude=["number", "year", "sequence", "town_code"])
            person.full_clean(exclude=["matter", "region", "town_code"])
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None
        row.extra["matter"], row.extra["person"] = matter, person

    def save_row(self, row: Row, ctx: ImportContext):
        matter = workflow.intake(row.extra["matter"], [row.extra["person"]], ctx.user)
        ensure_writable(matter, ctx.user, roles.PETITION_HANDLE)
        ctx.created += 1
        return matter


REGISTERS = [MatterRegister()]
