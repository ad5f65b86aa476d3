"""The numbers of the legal app, each once, with its source.

重大行政决策程序暂行条例 (国务院令第713号, 2019; townships follow it by reference, 第四十二条);
国办发〔2018〕115号 (行政规范性文件合法性审核机制). Numbers the law leaves to a province, a
county or a contract are core rules (`rules.declare`) with a documented default.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from fazhi.core import rules

# 第十五条第二款: 公开征求意见的期限一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明.
COMMENT_DAYS = 30
# 第二十六条第二款: 送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日.
REVIEW_WORKING_DAYS = 7

ART = {
    3: _("重大行政决策程序暂行条例第三条"),
    15: _("重大行政决策程序暂行条例第十五条"),
    25: _("重大行政决策程序暂行条例第二十五条"),
    26: _("重大行政决策程序暂行条例第二十六条"),
    28: _("重大行政决策程序暂行条例第二十八条"),
    29: _("重大行政决策程序暂行条例第二十九条"),
    30: _("重大行政决策程序暂行条例第三十条"),
    31: _("重大行政决策程序暂行条例第三十一条"),
    32: _("重大行政决策程序暂行条例第三十二条"),
    33: _("重大行政决策程序暂行条例第三十三条"),
}
NORMATIVE_ART = _("国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见（国办发〔2018〕115号）")

DEFAULT_SOURCE = _("本系统默认值（县、镇未规定时适用；非法定）")

# Contract review: the time limit is a county's or town's rule (no statute sets it).
CONTRACT_REVIEW_RULE = rules.declare(
    "legal.contract.review_period",
    _("合同合法性审查时限"),
    rules.PERIOD,
    {"length": 5, "unit": "working_days"},
    DEFAULT_SOURCE,
)
# Filing a signed contract with the judicial office (合同备案): within a set time of signing; a
# county's or town's rule (default 10 working days).
CONTRACT_FILING_RULE = rules.declare(
    "legal.contract.filing_period",
    _("合同签订后备案时限"),
    rules.PERIOD,
    {"length": 10, "unit": "working_days"},
    DEFAULT_SOURCE,
)
# Normative documents: 国办发〔2018〕115号 — 审核时间原则上不少于5个工作日、最长不超过15个工作日;
# the town's own period within that range is a rule (default: the minimum, 5 working days).
NORMATIVE_REVIEW_RULE = rules.declare(
    "legal.normative.review_period",
    _("行政规范性文件合法性审核时限"),
    rules.PERIOD,
    {"length": 5, "unit": "working_days"},
    _("国办发〔2018〕115号：原则上不少于5个工作日，最长不超过15个工作日；本系统默认取5个工作日"),
)
NORMATIVE_REVIEW_MAX_WORKING_DAYS = 15  # 国办发〔2018〕115号


def working_days(code: str, region, on: dt.date | None) -> int:
    value = rules.value(code, region, on=on)
    if value.get("unit") != "working_days":
        value = rules.declared(code).default
    return int(value["length"])
