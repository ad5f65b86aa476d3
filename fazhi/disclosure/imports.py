"""The disclosure registers: the county's 基层政务公开标准目录 as the town applies it (imported from
its Excel, one row per 二级事项), the town's requests (export) and proactive publications (export)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy

from fazhi.core import roles
from fazhi.core.io import Choice, Column, Date, ImportContext, Integer, Ref, Register, Row, Text, scope_paths
from fazhi.core.models import Region, RegionKind
from fazhi.disclosure.models import CatalogueItem, Publication, Request


def _towns(user):
    paths = scope_paths(user, roles.DISCLOSURE_HANDLE)
    if not paths:
        return Region.objects.none()
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return Region.objects.filter(q, kind=RegionKind.TOWN)


def _town_column():
    return Column(
        gettext_lazy("乡镇区划代码"),
        "region",
        Ref(Region, "code", queryset=_towns, noun=gettext_lazy("乡镇")),
        required=True,
        example="430321108",
        help=gettext_lazy("目录适用的乡镇（9位区划代码）"),
    )


FIELDS = (
    "level1",
    "level2",
    "content",
    "basis",
    "time_limit_days",
    "time_limit_text",
    "publisher",
    "channels",
    "audience",
    "mode",
    "level",
)


class CatalogueRegister(Register):
    code = "disclosure-catalogue"
    title = gettext_lazy("基层政务公开标准目录")
    description = gettext_lazy(
        "每行一个二级事项，按县发布的基层政务公开标准目录填写。同一乡镇、领域和序号的行更新已有事项，否则新增。"
        "公开时限填工作日数（信息形成或变更之日起），不填按20个工作日（政府信息公开条例第二十六条）。"
    )
    model = CatalogueItem
    key = ("region", "domain", "code")
    import_permission = roles.DISCLOSURE_HANDLE
    export_permission = roles.DISCLOSURE_VIEW
    columns = [
        _town_column(),
        Column(gettext_lazy("领域"), "domain", Text(50), required=True, example="公共法律服务"),
        Column(gettext_lazy("序号"), "code", Text(20), required=True, example="3"),
        Column(gettext_lazy("一级事项"), "level1", Text(100), required=True, example="法治宣传"),
        Column(gettext_lazy("二级事项"), "level2", Text(200), required=True, example="普法资讯"),
        Column(
            gettext_lazy("公开内容（要素）"),
            "content",
            Text(),
            required=True,
            width=40,
            example="普法活动安排、法治文化阵地信息",
        ),
        Column(
            gettext_lazy("公开依据"), "basis", Text(), width=30, example="《中华人民共和国政府信息公开条例》"
        ),
        Column(
            gettext_lazy("公开时限（工作日）"),
            "time_limit_days",
            Integer(min_value=1, max_value=365),
            example="20",
            help=gettext_lazy("不填按20个工作日"),
        ),
        Column(
            gettext_lazy("公开时限（原文）"),
            "time_limit_text",
            Text(100),
            example="信息形成或变更之日起20个工作日内",
        ),
        Column(gettext_lazy("公开主体"), "publisher", Text(100), required=True, example="石鼓镇人民政府"),
        Column(gettext_lazy("公开渠道和载体"), "channels", Text(300), example="政府网站、政务公开栏"),
        Column(
            gettext_lazy("公开对象"), "audience", Choice(CatalogueItem.Audience.choices), example="全社会"
        ),
        Column(gettext_lazy("公开方式"), "mode", Choice(CatalogueItem.Mode.choices), example="主动公开"),
        Column(gettext_lazy("公开层级"), "level", Choice(CatalogueItem.Level.choices), example="乡级"),
    ]

    def queryset(self, user):
        return (
            CatalogueItem.objects.visible_to(user)
            .select_related("region")
            .order_by("region__path", "domain", "code")
        )

    def _item(self, row: Row) -> CatalogueItem:
        v = row.values
        item = CatalogueItem.objects.filter(
            region=v["region"], domain=v["domain"], code=v["code"]
        ).first() or (CatalogueItem(region=v["region"], domain=v["domain"], code=v["code"]))
        for name in FIELDS:
            value = v.get(name)
            if value in (None, ""):
                value = CatalogueItem._meta.get_field(name).get_default()
            setattr(item, name, value)
        return item

    def clean_row(self, row: Row, ctx: ImportContext) -> None:
        item = self._item(row)
        try:
            item.full_clean(validate_unique=False)
        except ValidationError as error:
            raise ValidationError(error.message_dict) from None

    def save_row(self, row: Row, ctx: ImportContext) -> CatalogueItem:
        item = self._item(row)
        if item.pk is None:
            ctx.created += 1
        else:
            ctx.updated += 1
        item.save()
        return item


class RequestRegister(Register):
    """The requests as a register (export only: requests are registered through their form, which
    starts their clocks)."""

    code = "disclosure-requests"
    title = gettext_lazy("政府信息公开申请登记簿")
    description = gettext_lazy(
        "导出本乡镇的政府信息公开申请（申请人信息按权限遮蔽）。申请须逐件登记，不能批量导入。"
    )
    model = Request
    key = ("number",)
    export_permission = roles.DISCLOSURE_VIEW
    columns = [
        Column(gettext_lazy("申请编号"), "number", Text(60)),
        Column(
            gettext_lazy("申请人类型"),
            "applicant_type",
            Choice(Request._meta.get_field("applicant_type").choices),
        ),
        Column(gettext_lazy("申请人姓名或名称"), "applicant_name", Text(100), pii="name"),
        Column(gettext_lazy("所需政府信息"), "description", Text(), width=40),
        Column(gettext_lazy("收到申请日期"), "received_on", Date()),
        Column(gettext_lazy("状态"), "state", Choice(Request.State.choices)),
        Column(gettext_lazy("办理结果"), "outcome", Choice(Request._meta.get_field("outcome").choices)),
        Column(gettext_lazy("答复日期"), "replied_on", Date()),
    ]

    def queryset(self, user):
        return Request.objects.visible_to(user).order_by("-received_on", "-id")


class PublicationRegister(Register):
    code = "disclosure-publications"
    title = gettext_lazy("主动公开信息登记簿")
    description = gettext_lazy("导出本乡镇主动公开信息的形成日期、应公开日期和首次公开日期。")
    model = Publication
    key = ("title",)
    export_permission = roles.DISCLOSURE_VIEW
    columns = [
        Column(gettext_lazy("类别"), "kind", Choice(Publication.Kind.choices)),
        Column(gettext_lazy("信息名称"), "title", Text(200)),
        Column(gettext_lazy("文号"), "document_number", Text(100)),
        Column(gettext_lazy("形成或变更日期"), "made_on", Date()),
        Column(gettext_lazy("公开时限（工作日）"), "time_limit_days", Integer()),
        Column(gettext_lazy("应公开日期"), "due_on", Date()),
        Column(gettext_lazy("首次公开日期"), "first_published_on", Date()),
    ]

    def queryset(self, user):
        return Publication.objects.visible_to(user).order_by("-made_on", "-id")


REGISTERS = [CatalogueRegister(), RequestRegister(), PublicationRegister()]
