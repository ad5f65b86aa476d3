"""Education registers importable from Excel (core's import pages and `fazhi import`): the
county's key-date calendar, 普法 activities, publicity boards and study sessions (attendees by
name from the staff register). Rows are written only where the importer holds
`education.record`; read (export) with `education.view`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import roles
from fazhi.core.io import Choice, Column, ColumnType, Date, ImportContext, Integer, Ref, Register, Row, Text
from fazhi.core.models import Person, Region
from fazhi.core.scoping import ensure_writable
from fazhi.education.models import Activity, Attendance, Board, KeyDate, StudySession, Theme

RECORD, VIEW = roles.EDUCATION_RECORD, roles.EDUCATION_VIEW


def _regions(user):
    return Region.objects.writable_by(user, RECORD)


def _region_column(example="430321108"):
    return Column(
        gettext_lazy("区划代码"),
        "region",
        Ref(Region, "code", queryset=_regions, noun=gettext_lazy("区划")),
        required=True,
        example=example,
        help=gettext_lazy("乡镇9位或村（社区）12位，须在您的管辖范围内"),
    )


class Hours(ColumnType):
    number_format = "0.0"

    def parse(self, value, ctx):
        try:
            hours = Decimal(str(value).strip()).quantize(Decimal("0.1"))
        except InvalidOperation:
            raise ValidationError(_("应为学时数，如 2 或 1.5")) from None
        if hours < Decimal("0.5") or hours > 99:
            raise ValidationError(_("学时应在0.5到99之间"))
        return hours

    def hint(self):
        return _("学时（可有一位小数）")


def _filled(model, values: dict) -> dict:
    """Blank cells: empty text for text fields, the field's default for the others."""
    filled = {}
    for name, value in values.items():
        if value is None:
            field = model._meta.get_field(name)
            if field.get_internal_type() in ("CharField", "TextField"):
                value = ""
            elif field.has_default():
                continue
        filled[name] = value
    return filled


class _Saving(Register):
    import_permission = RECORD
    export_permission = VIEW

    def save_row(self, row: Row, ctx: ImportContext):
        obj = self.model(**_filled(self.model, row.values))
        obj.full_clean()
        obj.save()
        ensure_writable(obj, ctx.user, RECORD)
        ctx.created += 1
        return obj


class KeyDateRegister(_Saving):
    code = "education-key-dates"
    title = gettext_lazy("普法重点日期（县日历）")
    description = gettext_lazy("每行一个重点宣传日期，如 12月4日 国家宪法日。区划填县（6位）或乡镇代码。")
    model = KeyDate
    key = ("region", "month", "day", "name")
    columns = [
        _region_column("430321"),
        Column(gettext_lazy("名称"), "name", Text(100), required=True, example="国家宪法日"),
        Column(gettext_lazy("月"), "month", Integer(1, 12), required=True, example="12"),
        Column(gettext_lazy("日"), "day", Integer(1, 31), required=True, example="4"),
        Column(gettext_lazy("主题"), "theme", Choice(Theme.choices), example="宪法宣传"),
        Column(gettext_lazy("说明"), "note", Text(200)),
    ]


class ActivityRegister(_Saving):
    code = "education-activities"
    title = gettext_lazy("普法活动")
    description = gettext_lazy(
        "每行一次普法活动及其宣传资料、横幅、宣传画、受众和咨询人次。照片请在活动页面上传。"
    )
    model = Activity
    key = ("region", "held_on", "title")
    columns = [
        _region_column(),
        Column(gettext_lazy("活动日期"), "held_on", Date(), required=True, example="2021-11-30"),
        Column(gettext_lazy("活动名称"), "title", Text(200), required=True, example="宪法宣传周联合宣传活动"),
        Column(gettext_lazy("主题"), "theme", Choice(Theme.choices), required=True, example="宪法宣传"),
        Column(gettext_lazy("组织单位"), "organizers", Text(200), required=True, example="司法所、妇联"),
        Column(gettext_lazy("地点"), "place", Text(200), required=True, example="镇政府前坪"),
        Column(gettext_lazy("受众（人次）"), "audience", Integer(0), example="300"),
        Column(gettext_lazy("发放宣传资料（份）"), "materials", Integer(0), example="1200"),
        Column(gettext_lazy("悬挂横幅（条）"), "banners", Integer(0), example="2"),
        Column(gettext_lazy("张贴宣传画（张）"), "posters", Integer(0), example="5"),
        Column(gettext_lazy("现场咨询（人次）"), "consultations", Integer(0), example="40"),
        Column(gettext_lazy("参与的法律顾问"), "advisers", Text(200)),
        Column(gettext_lazy("参与的法律明白人"), "legal_persons", Text(200)),
        Column(gettext_lazy("活动情况"), "summary", Text(), width=40),
    ]


class BoardRegister(_Saving):
    code = "education-boards"
    title = gettext_lazy("法治宣传阵地")
    description = gettext_lazy("每行一处法治宣传栏、LED屏、法治文化广场或长廊。内容更新请在阵地页面登记。")
    model = Board
    key = ("region", "name")
    columns = [
        _region_column(),
        Column(gettext_lazy("名称"), "name", Text(100), required=True, example="镇政府法治宣传栏"),
        Column(gettext_lazy("类型"), "kind", Choice(Board.Kind.choices), required=True, example="法治宣传栏"),
        Column(gettext_lazy("位置"), "place", Text(200), required=True, example="镇政府大门东侧"),
        Column(gettext_lazy("设立日期"), "since", Date(), required=True, example="2021-03-01"),
        Column(gettext_lazy("负责单位"), "office", Text(100), example="司法所"),
    ]

    def clean_row(self, row, ctx):
        if not row.values.get("office"):
            row.values["office"] = "司法所"


class StudySessionRegister(_Saving):
    code = "education-study"
    title = gettext_lazy("学法与培训")
    description = gettext_lazy(
        "每行一次学法或培训。参加人员填姓名，用顿号分隔，须为工作人员名册中本乡镇的人员；每人记本次学时。"
    )
    model = StudySession
    key = ("region", "held_on", "topic")
    columns = [
        _region_column(),
        Column(
            gettext_lazy("类别"),
            "kind",
            Choice(StudySession.Kind.choices),
            required=True,
            example="党委理论学习中心组集体学法",
        ),
        Column(gettext_lazy("日期"), "held_on", Date(), required=True, example="2021-03-18"),
        Column(gettext_lazy("学习内容"), "topic", Text(200), required=True, example="学习习近平法治思想"),
        Column(gettext_lazy("学时"), "hours", Hours(), required=True, example="2"),
        Column(gettext_lazy("地点"), "place", Text(100)),
        Column(
            gettext_lazy("参加人员"), "attendees", Text(), example="徐彬、罗志明", source="attendee_names"
        ),
    ]

    def queryset(self, user):
        qs = super().queryset(user).prefetch_related("attendances__person")
        for session in qs:
            session.attendee_names = "、".join(a.person.name for a in session.attendances.all())
        return qs

    def clean_row(self, row, ctx):
        names = [
            n.strip()
            for n in (row.values.pop("attendees", "") or "")
            .replace(",", "、")
            .replace("，", "、")
            .split("、")
        ]
        names = [n for n in names if n]
        region = row.values.get("region")
        people = []
        if region is not None and names:
            town_code = region.path.split("/")[1] if region.path.count("/") >= 2 else region.code
            found = {
                p.name: p
                for p in Person.objects.visible_to(ctx.user).filter(town_code=town_code, name__in=names)
            }
            missing = [n for n in names if n not in found]
            if missing:
                raise ValidationError(
                    {"attendees": _("工作人员名册中没有：%(names)s") % {"names": "、".join(missing)}}
                )
            people = [found[n] for n in names]
        row.extra["people"] = people

    def save_row(self, row, ctx):
        session = super().save_row(row, ctx)
        for person in row.extra.get("people", []):
            Attendance(session=session, person=person, region=session.region, hours=session.hours).save()
        return session


REGISTERS = [KeyDateRegister(), ActivityRegister(), BoardRegister(), StudySessionRegister()]
