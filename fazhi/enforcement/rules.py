"""The statutory numbers of administrative enforcement, each once, with its source.

行政处罚法 is the 2021 revision (in force 2021-07-15). Periods of 2, 3, 5 and 7 days are working
days (第八十五条: 法定节假日 excluded); 15 and 90 days are natural days. Figures the province sets
rather than the law are settings with a documented default.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# --- officers ---------------------------------------------------------------------------------

MIN_OFFICERS = 2  # 行政处罚法 第四十二条: 执法人员不得少于两人
CERTIFICATE_WARNING_DAYS = 30  # expiry warning on the home pages (practice; not statutory)

# --- limitation ---------------------------------------------------------------------------------

LIMITATION_YEARS = 2  # 行政处罚法 第三十六条: 二年内未被发现的，不再给予行政处罚
LIMITATION_YEARS_HARM = 5  # 第三十六条: 涉及公民生命健康安全、金融安全且有危害后果的，延长至五年

# --- simple procedure ---------------------------------------------------------------------------

SIMPLE_FINE_CITIZEN = Decimal("200")  # 行政处罚法 第五十一条: 对公民处以二百元以下罚款
SIMPLE_FINE_ORGANIZATION = Decimal("3000")  # 第五十一条: 对法人或者其他组织处以三千元以下罚款

# --- hearing ------------------------------------------------------------------------------------

# 较大数额罚款 (第六十三条第一款第一项) is set by the province: settings.HEARING_FINE_CITIZEN /
# HEARING_FINE_ORGANIZATION (defaults ¥1,000 and ¥20,000, the figures of a Hunan rule).
# 没收较大数额违法所得、没收较大价值非法财物 (第六十三条第一款第二项) is set by the province too:
# settings.HEARING_CONFISCATION_CITIZEN / HEARING_CONFISCATION_ORGANIZATION. The law gives no figure;
# by default they equal the fine thresholds, as rules that do set one commonly make them (e.g. 财政部
# 《财政行政处罚听证实施办法》2022: "较大数额""较大价值"的标准与较大数额罚款的标准一致).
HEARING_REQUEST_WORKING_DAYS = 5  # 第六十四条第一项: 告知后五日内提出 (工作日, 第八十五条)
HEARING_NOTICE_WORKING_DAYS = 7  # 第六十四条第二项: 举行听证的七日前通知 (工作日, 第八十五条)

# --- statement ----------------------------------------------------------------------------------

# The law gives the party the right to state and defend (第四十四、四十五条) but no period; the
# notices of Hunan's enforcement bodies commonly allow 3 working days. Setting
# ENFORCEMENT_STATEMENT_WORKING_DAYS overrides it.
STATEMENT_WORKING_DAYS = int(getattr(settings, "ENFORCEMENT_STATEMENT_WORKING_DAYS", 3))

# --- decision, service, execution --------------------------------------------------------------

DECISION_DAYS = 90  # 行政处罚法 第六十条: 自立案之日起九十日内作出决定 (自然日)
# 第六十条 sets no extension of its own (法律、法规、规章另有规定的，从其规定); the departments'
# procedural rules commonly let the agency's head approve one extension of thirty days (e.g.
# 《市场监督管理行政处罚程序规定》: 经市场监督管理部门负责人批准，可以延长三十日). A longer one
# (集体讨论决定继续延期) is not a step here.
DECISION_EXTENSIONS = 1  # extensions the head may approve
DECISION_EXTENSION_DAYS = 30  # their length in all (自然日)
SERVICE_WORKING_DAYS = 7  # 第六十一条: 当事人不在场的，七日内送达 (工作日, 第八十五条)
FINE_PAYMENT_DAYS = 15  # 第六十七条: 自收到决定书之日起十五日内缴纳罚款 (自然日)
SURCHARGE_RATE_PER_DAY = Decimal("0.03")  # 第七十二条第一项: 每日按罚款数额的百分之三加处罚款
# 第七十二条第一项: 加处罚款的数额不得超出罚款的数额 (the cap is the fine itself)
# 第七十三条第三款: 当事人申请行政复议或者提起行政诉讼的，加处罚款的数额在行政复议或者行政诉讼期间
# 不予计算 — the days a 复议 or 诉讼 on the case is pending (the litigation register) are left out,
# whether or not execution was suspended (第七十三条第一款: 行政处罚不停止执行).
# The fine's due day falling on a holiday: 行政处罚法 makes only its 二日、三日、五日、七日 working
# days (第八十五条) and says nothing of a period ending on a holiday; the 15 days of 第六十七条 are
# natural days and the due day is not moved. (The civil rule of 民法典 第二百零三条 does not govern
# an administrative penalty's payment period.) FINE_DUE_DAY_MOVES_OFF_HOLIDAYS records the choice.
FINE_DUE_DAY_MOVES_OFF_HOLIDAYS = False

# 行政强制法: compulsory execution through the court (a town has no power of its own).
# 第五十三条: 当事人在法定期限内不申请行政复议或者提起行政诉讼，又不履行行政决定的，没有行政强制执行权
# 的行政机关可以自期限届满之日起三个月内，依照本章规定申请人民法院强制执行.
REVIEW_PERIOD_DAYS = 60  # 行政复议法 第二十条 (2023): 知道该行政行为之日起六十日内提出行政复议申请
LAWSUIT_PERIOD_MONTHS = 6  # 行政诉讼法 第四十六条第一款: 知道作出行政行为之日起六个月内提出
EXECUTION_APPLICATION_MONTHS = 3  # 行政强制法 第五十三条: 自期限届满之日起三个月内
# 第五十四条: 行政机关申请人民法院强制执行前，应当催告当事人履行义务。催告书送达十日后当事人仍未履行
# 义务的，可以申请 — the application is on the eleventh day after the 催告书 was served at the earliest.
REMINDER_WAIT_DAYS = 10
# 第五十六条 (行政处罚法): 先行登记保存 needs the approval of the agency's head, and a decision on the
# evidence within 七日 — working days (第八十五条).
PRESERVATION_DECISION_WORKING_DAYS = 7

# --- publicity ----------------------------------------------------------------------------------

PUBLICATION_WORKING_DAYS = 7  # 国办发〔2018〕118号: 行政处罚决定自作出之日起7个工作日内公开
WITHDRAWAL_WORKING_DAYS = 3  # 行政处罚法 第四十八条: 三日内撤回 (工作日, 第八十五条)

# --- collective discussion ----------------------------------------------------------------------

# 行政处罚法 第五十七条第二款: 对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论
# 决定. fazhi reads "重大" as: the discretion level is 较重 or 严重, or the fine reaches the hearing
# threshold (较大数额, 第六十三条).
COLLECTIVE_DISCUSSION_LEVELS = frozenset({"serious", "severe"})

# 行政处罚法 第六十三条第一款第三、四项: the penalties that give the party the right to a hearing
# whatever their size. (Fines and confiscations give it from the province's 较大数额, 第一、二项;
# 其他较重的行政处罚 and the other cases of 第五、六项 are recorded on the case with their basis.)
HEARING_PENALTY_KINDS = frozenset(
    {"lower_qualification", "revoke_licence", "suspend_business", "close", "restrict_practice"}
)
CONFISCATION_KIND = "confiscation"  # 没收违法所得、没收非法财物 (第九条第三项)
# 第五十一条: the only penalties the simple procedure may impose.
SIMPLE_PENALTY_KINDS = frozenset({"warning", "fine"})


# 第四十五条 (no heavier penalty after a defence) compares kinds by severity. The order is
# 行政处罚法 第九条's, item by item, lightest first: (一) 警告、通报批评; (二) 罚款、没收违法所得、
# 没收非法财物; (三) 暂扣许可证件、降低资质等级、吊销许可证件; (四) 限制开展生产经营活动、责令停产停业、
# 责令关闭、限制从业; (五) 行政拘留. The law settles no order within an item, so kinds of one item
# rank alike; (六) 其他 has no rank and is compared only as the same text.
SEVERITY = {
    "warning": 1,
    "criticism": 1,
    "fine": 2,
    "confiscation": 2,
    "suspend_licence": 3,
    "lower_qualification": 3,
    "revoke_licence": 3,
    "restrict_activity": 4,
    "suspend_business": 4,
    "close": 4,
    "restrict_practice": 4,
    "detention": 5,
}


def lighter_instead(kind: str, dropped) -> bool:
    """A kind not in the notice counts as lighter only when it replaces a notified kind of a
    heavier item of 第九条 (a warning instead of the notified fine)."""
    rank = SEVERITY.get(kind)
    return rank is not None and any(rank < SEVERITY.get(d, 0) for d in dropped)


# 行政处罚法 第五十八条第二款: 初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试
# 取得法律职业资格. "初次从事" is read as a review duty that began on or after the day the 2021
# revision came into force (issue 10's reading): reviewers in post before keep reviewing.
FIRST_REVIEWER_FROM = dt.date(2021, 7, 15)
ART_58_2 = _("行政处罚法第五十八条第二款")

# --- references, as cited in refusals ----------------------------------------------------------

ART = {
    34: _("行政处罚法第三十四条"),
    36: _("行政处罚法第三十六条"),
    42: _("行政处罚法第四十二条"),
    43: _("行政处罚法第四十三条"),
    44: _("行政处罚法第四十四条"),
    45: _("行政处罚法第四十五条"),
    48: _("行政处罚法第四十八条"),
    51: _("行政处罚法第五十一条"),
    57: _("行政处罚法第五十七条"),
    58: _("行政处罚法第五十八条"),
    60: _("行政处罚法第六十条"),
    61: _("行政处罚法第六十一条"),
    62: _("行政处罚法第六十二条"),
    63: _("行政处罚法第六十三条"),
    64: _("行政处罚法第六十四条"),
    37: _("行政处罚法第三十七条"),
    38: _("行政处罚法第三十八条"),
    40: _("行政处罚法第四十条"),
    56: _("行政处罚法第五十六条"),
    66: _("行政处罚法第六十六条"),
    67: _("行政处罚法第六十七条"),
    72: _("行政处罚法第七十二条"),
    73: _("行政处罚法第七十三条"),
}
# 行政强制法 articles, cited by the compulsory-execution guards.
COERCION_ART = {
    35: _("行政强制法第三十五条"),
    53: _("行政强制法第五十三条"),
    54: _("行政强制法第五十四条"),
}
PUBLICITY_RULE = _("国办发〔2018〕118号 行政执法公示制度")


# --- arithmetic ---------------------------------------------------------------------------------


def hearing_threshold(is_citizen: bool) -> Decimal:
    """较大数额罚款 (行政处罚法 第六十三条), as the province sets it."""
    return Decimal(settings.HEARING_FINE_CITIZEN if is_citizen else settings.HEARING_FINE_ORGANIZATION)


def confiscation_threshold(is_citizen: bool) -> Decimal:
    """没收较大数额违法所得、较大价值非法财物 (行政处罚法 第六十三条), as the province sets it."""
    return Decimal(
        settings.HEARING_CONFISCATION_CITIZEN if is_citizen else settings.HEARING_CONFISCATION_ORGANIZATION
    )


def simple_fine_limit(is_citizen: bool) -> Decimal:
    return SIMPLE_FINE_CITIZEN if is_citizen else SIMPLE_FINE_ORGANIZATION


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def limitation_ends(act_date: dt.date, act_end_date: dt.date | None, harm: bool) -> dt.date:
    """The last day on which the act may still be discovered (行政处罚法 第三十六条): two years
    (five with harm to life, health or financial safety) from the act, or from the end of a
    continuing act."""
    start = act_end_date or act_date
    return add_years(start, LIMITATION_YEARS_HARM if harm else LIMITATION_YEARS)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (a day the month lacks → its last day)."""
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def remedy_periods_end(served_on: dt.date) -> dt.date:
    """The last day the party may still ask for 复议 (60 days) or sue (6 months), counted from the
    day the decision was served (知道该行政行为之日): the later of the two."""
    return max(
        served_on + dt.timedelta(days=REVIEW_PERIOD_DAYS), add_months(served_on, LAWSUIT_PERIOD_MONTHS)
    )


def execution_window(served_on: dt.date) -> tuple[dt.date, dt.date]:
    """行政强制法 第五十三条: the first and last day to apply to the court for execution."""
    end = remedy_periods_end(served_on)
    return end + dt.timedelta(days=1), add_months(end, EXECUTION_APPLICATION_MONTHS)


def late_days(due_on: dt.date | None, paid_on: dt.date, paused_days: int = 0) -> int:
    """The days counted for the surcharge: after the due day up to payment, less the days a
    复议 or 诉讼 was pending (第七十三条第三款)."""
    if due_on is None or paid_on <= due_on:
        return 0
    return max((paid_on - due_on).days - paused_days, 0)


def surcharge(
    fine: Decimal | None, due_on: dt.date | None, paid_on: dt.date, paused_days: int = 0
) -> Decimal:
    """加处罚款 (行政处罚法 第七十二条): 3% of the fine for each day after the due day, never more
    than the fine itself; rounded to the fen. `paused_days`: the days after the due day on which a
    复议 or 诉讼 was pending, not counted (第七十三条第三款)."""
    days = late_days(due_on, paid_on, paused_days)
    if not fine or days <= 0:
        return Decimal("0.00")
    amount = min(fine * SURCHARGE_RATE_PER_DAY * days, fine)
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
