"""The education app's numbers and the oath's requirements, each once, with its source.

宪法宣誓: 全国人民代表大会常务委员会关于实行宪法宣誓制度的决定 (2015年7月1日通过, 2018年2月24日修订,
in force from 2018-03-12). 一: those elected or appointed swear publicly on taking office; 二: the
oath text; 八: 单独宣誓 or 集体宣誓 (集体: 由一人领誓), the place hangs the national flag or emblem,
the national anthem is sung. The decision sets no number of days: how soon after taking office
the oath must be recorded is a rule here (`OATH_DUE_RULE`, a system default until the county
sets one). The decision has no 监誓人; the field is for provinces whose rules add one.

Boards: the 2021 report says the boards were updated "每个季度"; no statute fixes the period.
`BOARD_UPDATE_RULE` (months, default 3) is this system's default until the county sets one.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import rules

DECISION = gettext_lazy("全国人大常委会关于实行宪法宣誓制度的决定（2018年修订）")
# The 2018 text (decision 二) is in force from 2018-03-12; oaths before it read the 2015 text.
TEXT_2018_FROM = dt.date(2018, 3, 12)
OATH_TEXT_2018 = (
    "我宣誓：忠于中华人民共和国宪法，维护宪法权威，履行法定职责，忠于祖国、忠于人民，"
    "恪尽职守、廉洁奉公，接受人民监督，为建设富强民主文明和谐美丽的社会主义现代化强国努力奋斗！"
)

DEFAULT_SOURCE = gettext_lazy("本系统默认（县规则未定；非法定期限）")

# Days after taking a post (by election or appointment) within which the oath is expected.
OATH_DUE_DAYS = 30
OATH_DUE_RULE = rules.declare(
    "education.oath.due_days",
    gettext_lazy("任职后宪法宣誓的期限"),
    rules.NUMBER,
    OATH_DUE_DAYS,
    gettext_lazy("本系统默认（宪法宣誓制度决定第一条只规定“在就职时”宣誓，未规定天数；县规则未定）"),
    unit=gettext_lazy("日"),
)

# Months a board may go without a content update ("每个季度更新").
BOARD_UPDATE_MONTHS = 3
BOARD_UPDATE_RULE = rules.declare(
    "education.board.update_months",
    gettext_lazy("法治宣传阵地内容更新周期"),
    rules.NUMBER,
    BOARD_UPDATE_MONTHS,
    gettext_lazy("本系统默认：每个季度更新（石鼓镇2021年报告的做法；非法定期限）"),
    unit=gettext_lazy("个月"),
)


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day if it has none)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def board_months(region, on: dt.date) -> int:
    return int(rules.value(BOARD_UPDATE_RULE, region, on=on))


def oath_days(region, on: dt.date) -> int:
    return int(rules.value(OATH_DUE_RULE, region, on=on))


def oath_errors(oath) -> dict[str, list[ValidationError]]:
    """Why a ceremony's record does not meet the decision 八 (form, flag or emblem, anthem) and
    二 (the text in force), field by field, each with a stable code."""
    errors: dict[str, list[ValidationError]] = {}

    def refuse(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if oath.form == "collective" and not oath.leader_id:
        refuse(
            "leader",
            _("集体宣誓须由一人领誓：请填写领誓人（%(law)s第八条）") % {"law": DECISION},
            "education.oath.leader_required",
        )
    if oath.display == "none":
        refuse(
            "display",
            _("宣誓场所应当悬挂中华人民共和国国旗或者国徽（%(law)s第八条）") % {"law": DECISION},
            "education.oath.flag_required",
        )
    if oath.sworn_on and oath.sworn_on >= TEXT_2018_FROM:
        if not oath.anthem:
            refuse(
                "anthem",
                _("宣誓仪式应当奏唱中华人民共和国国歌（%(law)s第八条）") % {"law": DECISION},
                "education.oath.anthem_required",
            )
        if oath.text_version != "2018":
            refuse(
                "text_version",
                _("2018年3月12日起宣誓应使用2018年修订的誓词（%(law)s第二条）") % {"law": DECISION},
                "education.oath.text_version",
            )
    elif oath.sworn_on and oath.text_version == "2018":
        refuse(
            "text_version",
            _("2018年3月12日前的宣誓使用2015年誓词（%(law)s第二条）") % {"law": DECISION},
            "education.oath.text_version",
        )
    return errors
