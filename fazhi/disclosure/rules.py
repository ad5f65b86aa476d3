"""The time limits and numbers of 政务公开, each once, with its source.

中华人民共和国政府信息公开条例 (国务院令第711号, 2019年修订; "条例"). Periods of working days on
the statutory calendar (fazhi.core.deadlines). What the regulation leaves to others (the
applicant's period to correct a request, the fee's payment period, the town's report due date,
the disclosure office's name) is a core rule (`fazhi.core.rules`) with a documented default.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fazhi.core import rules

# 条例 第三十三条第二款: 自收到申请之日起20个工作日内予以答复; 延长 ≤ 20 个工作日, 一次 (经政府信息公开
# 工作机构负责人同意并告知申请人); 征求第三方和其他机关意见所需时间不计算在内 (第三款).
REPLY_WORKING_DAYS = 20
REPLY_EXTENSIONS = 1
REPLY_EXTENSION_DAYS = 20
REPLY_WARN_DAYS = 5
# 条例 第三十条: 申请内容不明确的 … 自收到申请之日起7个工作日内一次性告知申请人作出补正.
CORRECTION_NOTICE_WORKING_DAYS = 7
# 条例 第三十二条: 第三方应当自收到征求意见书之日起15个工作日内提出意见.
THIRD_PARTY_WORKING_DAYS = 15
# 条例 第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开;
# 法律、法规对政府信息公开的期限另有规定的，从其规定 (an item's own limit, e.g. 3 or 7).
PROACTIVE_WORKING_DAYS = 20

# The applicant's "合理的补正期限" (第三十条): the regulation sets none.
CORRECTION_PERIOD = rules.declare(
    "disclosure.correction_period",
    _("申请人补正期限"),
    rules.PERIOD,
    {"length": 15, "unit": "working_days"},
    _("本系统默认：条例第三十条只要求“合理的补正期限”，县未规定时按15个工作日"),
)
# 国办函〔2020〕109号《政府信息公开信息处理费管理办法》第七条 as provinces apply it: the applicant pays
# within 20 working days of the day after receiving the fee notice, or the request is not processed.
FEE_PERIOD = rules.declare(
    "disclosure.fee_period",
    _("缴纳信息处理费期限"),
    rules.PERIOD,
    {"length": 20, "unit": "working_days"},
    _(
        "国办函〔2020〕109号《政府信息公开信息处理费管理办法》：自收到收费通知次日起20个工作日内缴纳（默认值）"
    ),
)
# The town's annual report: 条例 第四十九条 sets 31 January for departments and 31 March for the
# county government; a town's date is the county's.
REPORT_DUE = rules.declare(
    "disclosure.report_due",
    _("乡镇政府信息公开工作年度报告报送日期（次年）"),
    rules.TABLE,
    {"month": 1, "day": 31},
    _("本系统默认：参照条例第四十九条部门报告时限（1月31日），以县规定为准"),
)
# Who approves an extension (第三十三条: 政府信息公开工作机构负责人): a leader's post in one of these
# departments of the town, or the town's 主要负责人.
OFFICE_DEPARTMENTS = rules.declare(
    "disclosure.office_departments",
    _("政府信息公开工作机构（部门名称）"),
    rules.CHECKLIST,
    ["党政办", "党政办公室", "党政综合办公室"],
    _("本系统默认：乡镇政府信息公开工作机构一般设在党政办"),
)


def period(code: str, region, on) -> int:
    """The length in working days of rule `code` in force for `region` on `on`; a version in
    another unit cannot be converted: the default holds then."""
    value = rules.value(code, region, on=on)
    if not isinstance(value, dict) or value.get("unit") != "working_days":
        value = rules.declared(code).default
    return int(value["length"])


# 网上申请: after the reply the applicant may rate it (满意 / 基本满意 / 不满意) with the tracking code
# within this many days of the reply (the county's 政务服务“好差评” practice; a default until set).
RATING_DAYS = rules.declare(
    "disclosure.rating_days",
    _("网上申请答复后可评价的期限（日）"),
    rules.NUMBER,
    30,
    _("本系统默认：答复之日起30日内可凭查询码评价，以县规定为准"),
    unit=_("日"),
)


def rating_days(region, on=None) -> int:
    value = rules.value(RATING_DAYS, region, on=on)
    return int(value) if isinstance(value, (int, float)) and value > 0 else 30
