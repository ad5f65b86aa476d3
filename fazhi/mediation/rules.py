"""The time limits of people's mediation, each once, with its source.

人民调解法 (2010) and 人民调解工作若干规定 (司法部令第75号, 2002). The one-month limit is a
rule of the 司法部 regulation, not of the law; continuing past it needs both parties' consent
(a provincial practice: DOMAIN.md 2(a)); its length is this system's rule until the county sets
one.
"""

from __future__ import annotations

import calendar
import datetime as dt

# 人民调解工作若干规定 第三十三条: 调解纠纷，一般在一个月内调结 (a calendar month from acceptance).
MEDIATION_MONTHS = 1
# Continuing past the month: with both parties' consent (provincial rules, e.g. the local
# regulation quoted in DOMAIN.md 2(a), arts. 36–39). fazhi allows one extension of at most 30
# days (this system's rule until the county sets one).
MEDIATION_EXTENSIONS = 1
MEDIATION_EXTENSION_DAYS = 30

# 人民调解法 第三十三条: 自调解协议生效之日起三十日内共同向人民法院申请司法确认.
CONFIRMATION_DAYS = 30


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day if it has none)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def mediation_days(accepted_on: dt.date) -> int:
    """One month from acceptance, in days (the period counts from the next day)."""
    return (months_later(accepted_on, MEDIATION_MONTHS) - accepted_on).days
