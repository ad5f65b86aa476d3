"""The time limits of a case and of a rectification order, each a `ClockRule` citing its rule.
The steps that start, meet, cancel and extend them say so in their declarations
(`declarations.py`); the numbers are in `fazhi.enforcement.rules`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from fazhi.core.deadlines import WORKING_DAYS, ClockRule
from fazhi.enforcement import rules
from fazhi.enforcement.models import RectificationOrder

# 第六十条: ninety days from filing; the agency's head may extend it (PERIOD's "extend", through
# fazhi.core.deadlines.extend: reason, approver, at most DECISION_EXTENSIONS extensions of
# DECISION_EXTENSION_DAYS in all).
DECISION = ClockRule(
    "enforcement.decision",
    gettext_lazy("作出行政处罚决定"),
    gettext_lazy("行政处罚法第六十条：自立案之日起九十日内作出决定"),
    rules.DECISION_DAYS,
    max_extensions=rules.DECISION_EXTENSIONS,
    max_extension_length=rules.DECISION_EXTENSION_DAYS,
)
HEARING_REQUEST = ClockRule(
    "enforcement.hearing_request",
    gettext_lazy("当事人申请听证期限"),
    gettext_lazy("行政处罚法第六十四条：告知后五个工作日内提出听证要求"),
    rules.HEARING_REQUEST_WORKING_DAYS,
    WORKING_DAYS,
)
SERVICE = ClockRule(
    "enforcement.service",
    gettext_lazy("送达行政处罚决定书"),
    gettext_lazy("行政处罚法第六十一条：当事人不在场的，七个工作日内送达"),
    rules.SERVICE_WORKING_DAYS,
    WORKING_DAYS,
)
FINE = ClockRule(
    "enforcement.fine",
    gettext_lazy("缴纳罚款"),
    gettext_lazy("行政处罚法第六十七条：收到决定书之日起十五日内缴纳罚款"),
    rules.FINE_PAYMENT_DAYS,
    # 第六十六条第二款: 经当事人申请和行政机关批准，可以暂缓或者分期缴纳 (the step defer_payment)
    max_extensions=1,
)
PRESERVATION = ClockRule(
    "enforcement.preservation",
    gettext_lazy("先行登记保存处理决定"),
    gettext_lazy("行政处罚法第五十六条：先行登记保存的，应当在七个工作日内及时作出处理决定"),
    rules.PRESERVATION_DECISION_WORKING_DAYS,
    WORKING_DAYS,
)
PUBLICATION = ClockRule(
    "enforcement.publication",
    gettext_lazy("公示行政处罚决定"),
    gettext_lazy("国办发〔2018〕118号：作出决定之日起七个工作日内公开"),
    rules.PUBLICATION_WORKING_DAYS,
    WORKING_DAYS,
)
WITHDRAWAL = ClockRule(
    "enforcement.withdrawal",
    gettext_lazy("撤回已公示的行政处罚决定"),
    gettext_lazy("行政处罚法第四十八条：决定被变更、撤销或确认违法的，三个工作日内撤回"),
    rules.WITHDRAWAL_WORKING_DAYS,
    WORKING_DAYS,
)
# 责令改正: the period is the one the order sets (issued_on → deadline), given when it starts.
RECTIFICATION = ClockRule(
    RectificationOrder.DEADLINE_CODE,
    gettext_lazy("责令改正期限"),
    gettext_lazy("责令改正通知书确定的期限"),
    0,
)
