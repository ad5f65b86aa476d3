"""The numbers of the petitions app, each once, with its source.

Statutory ones are constants of the 信访工作条例 (中共中央、国务院, 2022, in force 2022-05-01).
The article numbers follow ../shared/LAW.md and the 条例's text as found (第二十三条第三款 quoted
by 福田区信访局 for the 15 days and 5 working days); the numbering of 第三十四—三十六条 was not
checked against an official text in this session: see the report.

Numbers the 条例 leaves to the provinces and counties (the size of a 集体访, whether 基本满意
counts as satisfied, what a 积案 is, the 三无 checklist) are county rules (`fazhi.core.rules`) with
the defaults below, which are this system's, not law.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import rules

DEFAULT_SOURCE = _("本系统默认（县规则未定）")

# 第二十二条、第二十三条: 收到信访事项之日起15日内书面告知信访人是否受理.
ACCEPT_DAYS = 15
# 第二十三条第三款: 转送、交办的信访事项不属于本机关职权范围的，自收到之日起5个工作日内提出异议.
OBJECT_WORKING_DAYS = 5
# 第三十四条 (LAW.md): 自受理之日起60日内办结; 经批准可以适当延长，延长期限不得超过30日，并告知延期理由.
HANDLE_DAYS = 60
HANDLE_EXTENSIONS = 1
HANDLE_EXTENSION_DAYS = 30
# 第三十五条: 自收到书面答复之日起30日内请求复查; 复查机关自收到复查请求之日起30日内提出复查意见.
REVIEW_REQUEST_DAYS = 30
REVIEW_DAYS = 30
# 第三十六条: 自收到书面答复之日起30日内请求复核; 复核机关自收到复核请求之日起30日内提出复核意见;
# 复核终结后，以同一事实和理由提出的，不再受理.
RE_REVIEW_REQUEST_DAYS = 30
RE_REVIEW_DAYS = 30
# 走访: 多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不超过5人 (the petitioners'
# duty: a record with more is flagged, never refused).
MAX_REPRESENTATIVES = 5

COLLECTIVE_PERSONS = rules.declare(
    "petitions.collective_persons",
    _("集体访认定人数（人）"),
    rules.NUMBER,
    5,
    DEFAULT_SOURCE,
    unit=_("人"),
    help=_("来访人数达到该人数的走访记为集体访。"),
)
BASIC_COUNTS_SATISFIED = rules.declare(
    "petitions.basic_counts_satisfied",
    _("满意率是否计入“基本满意”（1计入，0不计）"),
    rules.NUMBER,
    1,
    DEFAULT_SOURCE,
)
BACKLOG_DAYS = rules.declare(
    "petitions.backlog_days",
    _("积案认定：超过办理期限未办结的天数"),
    rules.NUMBER,
    0,
    DEFAULT_SOURCE,
    unit=_("日"),
    help=_("已受理的信访事项超过办理期限（含延期）该天数仍未办理完毕的，计为积案。"),
)
THREE_NONE = rules.declare(
    "petitions.three_none_items",
    _("“三无”乡镇（街道）创建事项"),
    rules.CHECKLIST,
    ["无进京非正常上访", "无群体性事件", "无因信访问题引发的刑事案件"],
    _("本系统默认（县“三无”创建标准未定；常见口径：无进京非正常上访、无群体性事件、无信访引发的刑事案件）"),
)


def collective_persons(region, on=None) -> int:
    return int(rules.value(COLLECTIVE_PERSONS, region, on=on))


def three_none_items(region, on=None) -> list[str]:
    return list(rules.value(THREE_NONE, region, on=on))


# 网上信访: the petitioner rates the 处理意见 (满意 / 基本满意 / 不满意) with the 查询码 within this many
# days of the written answer (信访工作条例 第三十五条's 30-day review window as the default).
RATING_DAYS = rules.declare(
    "petitions.rating_days",
    _("处理意见书送达后可评价的期限（日）"),
    rules.NUMBER,
    30,
    DEFAULT_SOURCE,
    unit=_("日"),
)


def rating_days(region, on=None) -> int:
    value = rules.value(RATING_DAYS, region, on=on)
    return int(value) if isinstance(value, (int, float)) and value > 0 else 30
