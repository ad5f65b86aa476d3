"""Education's figures, declared on the registry (fazhi.core.figures).

The 2021 report's paragraph 三(四): "制作法制宣传栏2块且每个季度更新宣传内容，悬挂横幅6条，张贴普法宣传
画20张，发放宣传资料1万余份". Each output is a SUM over the 普法 activities held in the period (the
activity's date places it), so an activity's outputs are counted once, on that activity. The
materials counted here are the 普法 activities' only: the enforcement brigade's handouts
("发放各类宣传资料21000余份", paragraph 三(二)) are enforcement's own figure, counted from its
records, and an activity records only what was handed out at it — the report names both numbers
and neither includes the other. Boards are counted from the board register (made: by the day
set up; updated: one per content update), not from activities.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import COUNT, SUM, Figure, SourceKind, register
from fazhi.core.filters import figure_link
from fazhi.education.filters import (
    ActivityFilterSet,
    AttendanceFilterSet,
    BoardFilterSet,
    BoardUpdateFilterSet,
    OathFilterSet,
    StudySessionFilterSet,
)
from fazhi.education.models import Activity, Attendance, Board, BoardUpdate, Oath, OathTaker, StudySession

ACTIVITIES = "education.activities"
AUDIENCE = "education.audience"
MATERIALS = "education.materials"
BANNERS = "education.banners"
POSTERS = "education.posters"
CONSULTATIONS = "education.consultations"
BOARDS_MADE = "education.boards_made"
BOARD_UPDATES = "education.board_updates"
STUDY_SESSIONS = "education.study_sessions"
STUDY_HOURS = "education.study_hours"
OATHS = "education.oaths"
OATH_TAKERS = "education.oath_takers"

REPORT = _("湘潭县石鼓镇2021年法治政府建设工作报告三（四）的用语")
ACTIVITY_FIGURES = [ACTIVITIES, AUDIENCE, MATERIALS, BANNERS, POSTERS, CONSULTATIONS]
ALL = [*ACTIVITY_FIGURES, BOARDS_MADE, BOARD_UPDATES, STUDY_SESSIONS, STUDY_HOURS, OATHS, OATH_TAKERS]


def _activities():
    return figure_link(ActivityFilterSet, "education:activity_list", year_param="year")


def _activity_sum(code, label, unit, field, definition):
    return Figure(
        code,
        label,
        unit,
        SUM,
        definition=definition,
        source=REPORT,
        source_kind=SourceKind.REPORT,
        model=Activity,
        date_field="held_on",
        field=field,
        link=_activities(),
    )


register(
    Figure(
        ACTIVITIES,
        _("普法活动"),
        _("次"),
        COUNT,
        definition=_("活动日期在统计期内的普法宣传活动（每次活动一条，可按主题、重点日期分组）。"),
        source=_("本系统口径：普法活动登记"),
        source_kind=SourceKind.SYSTEM,
        model=Activity,
        date_field="held_on",
        link=_activities(),
    ),
    _activity_sum(AUDIENCE, _("普法受众"), _("人次"), "audience", _("统计期内普法活动登记的受众人次之和。")),
    _activity_sum(
        MATERIALS,
        _("发放普法宣传资料"),
        _("份"),
        "materials",
        _(
            "统计期内普法活动现场发放的宣传资料份数之和。只计普法活动登记的数量；执法大队执法中发放的"
            "宣传资料是执法的数字（报告三（二）“21000余份”），由执法记录统计，不计入此数，此数也不计入执法的数。"
        ),
    ),
    _activity_sum(BANNERS, _("悬挂横幅"), _("条"), "banners", _("统计期内普法活动悬挂的横幅条数之和。")),
    _activity_sum(
        POSTERS, _("张贴普法宣传画"), _("张"), "posters", _("统计期内普法活动张贴的宣传画张数之和。")
    ),
    _activity_sum(
        CONSULTATIONS,
        _("现场法律咨询"),
        _("人次"),
        "consultations",
        _("统计期内普法活动现场解答咨询的人次之和。"),
    ),
    Figure(
        BOARDS_MADE,
        _("制作法治宣传栏（阵地）"),
        _("块"),
        COUNT,
        definition=_(
            "设立日期在统计期内的法治宣传栏、LED屏、法治文化广场等宣传阵地（按阵地登记，不按活动）。"
        ),
        source=REPORT,
        source_kind=SourceKind.REPORT,
        model=Board,
        date_field="since",
        link=figure_link(BoardFilterSet, "education:board_list", year_param="year"),
    ),
    Figure(
        BOARD_UPDATES,
        _("宣传阵地内容更新"),
        _("次"),
        COUNT,
        definition=_("更新日期在统计期内的宣传阵地内容更新（每块阵地每次更新一条）。"),
        source=REPORT,
        source_kind=SourceKind.REPORT,
        model=BoardUpdate,
        date_field="updated_on",
        link=figure_link(BoardUpdateFilterSet, "education:board_update_list", year_param="year"),
    ),
    Figure(
        STUDY_SESSIONS,
        _("学法活动"),
        _("次"),
        COUNT,
        definition=_(
            "日期在统计期内的学法与培训（党委理论学习中心组集体学法、会前学法、执法人员培训、旁听庭审、考试、参加县级培训）。"
        ),
        source=_("本系统口径：学法与培训登记"),
        source_kind=SourceKind.SYSTEM,
        model=StudySession,
        date_field="held_on",
        link=figure_link(StudySessionFilterSet, "education:study_list", year_param="year"),
    ),
    Figure(
        STUDY_HOURS,
        _("参学学时"),
        _("人·学时"),
        SUM,
        definition=_("统计期内学法与培训参学记录的学时之和（每人每次一条；按人汇总即个人年度学时）。"),
        source=_("本系统口径：参学记录"),
        source_kind=SourceKind.SYSTEM,
        model=Attendance,
        date_field="held_on",
        field="hours",
        link=figure_link(AttendanceFilterSet, "education:hours", year_param="year"),
    ),
    Figure(
        OATHS,
        _("宪法宣誓仪式"),
        _("次"),
        COUNT,
        definition=_("宣誓日期在统计期内的宪法宣誓仪式。"),
        source=_("全国人大常委会关于实行宪法宣誓制度的决定（2018年修订）"),
        source_kind=SourceKind.STATUTE,
        model=Oath,
        date_field="sworn_on",
        link=figure_link(OathFilterSet, "education:oath_list", year_param="year"),
    ),
    Figure(
        OATH_TAKERS,
        _("宪法宣誓人"),
        _("人次"),
        COUNT,
        definition=_("宣誓日期在统计期内的宪法宣誓中宣誓的人次。"),
        source=_("全国人大常委会关于实行宪法宣誓制度的决定（2018年修订）"),
        source_kind=SourceKind.STATUTE,
        model=OathTaker,
        date_field="sworn_on",
        link=figure_link(OathFilterSet, "education:oath_list", year_param="year"),
    ),
)
