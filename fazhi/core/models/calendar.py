from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledgered import Ledgered
from fazhi.core.scoping import OwnedQuerySet, RegionScoped


class CalendarYear(Ledgered, models.Model):
    """A year whose statutory holidays an administrator entered (国务院办公厅 annual notice).

    An entered year takes precedence over the `chinese-calendar` package for every date in it.
    Every change of a year or of its days is ledgered (imports, the calendar page, the admin).
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)  # e.g. 国办发明电〔2026〕x号
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    entered_at = models.DateTimeField(_("录入时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日年度")
        verbose_name_plural = _("节假日年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(Ledgered, models.Model):
    """A day of an entered year that differs from Monday–Friday: a holiday on a weekday, or an
    adjusted working day (调休) on a weekend."""

    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    name = models.CharField(_("名称"), max_length=50, blank=True)  # 春节 / 国庆节 / 调休上班

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Deadline(RegionScoped):
    """A statutory time limit on one record: the obligation, its rule, when it is due, and
    whether it was met."""

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        MET = "met", _("已完成")
        CANCELLED = "cancelled", _("已撤销")

    class Unit(models.TextChoices):
        NATURAL_DAYS = "days", _("自然日")
        WORKING_DAYS = "working_days", _("工作日")
        WORKING_HOURS = "working_hours", _("工作小时")

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("事项"), max_length=200)
    code = models.CharField(_("期限代码"), max_length=60)
    label = models.CharField(_("义务"), max_length=100)
    rule = models.CharField(_("依据"), max_length=200)
    starts_on = models.DateField(_("起算日"))
    # the moment the clock starts (periods of working hours count from it; day periods from
    # the day after `starts_on`)
    starts_at = models.DateTimeField(_("起算时间"), null=True, blank=True)
    days = models.PositiveIntegerField(_("期限天数"))  # the period's length, in `unit`
    unit = models.CharField(_("计算单位"), max_length=20, choices=Unit.choices, default=Unit.NATURAL_DAYS)
    working_days = models.BooleanField(_("按工作日计算"), default=False)  # unit == WORKING_DAYS
    # office hours of a working-hours period, [["08:30", "12:00"], ["14:30", "17:30"]]; empty: default
    office_hours = models.JSONField(_("工作时间"), default=list, blank=True)
    due_on = models.DateField(_("届满日"), db_index=True)
    due_at = models.DateTimeField(_("届满时间"), null=True, blank=True)
    # yellow from this moment on (warn_before of the rule, counted in the period's unit)
    warn_before = models.PositiveIntegerField(_("提前预警"), null=True, blank=True)
    warn_at = models.DateTimeField(_("预警时间"), null=True, blank=True)
    # extensions the rule allows: how many, and their total length in `unit` (empty: no cap)
    max_extensions = models.PositiveSmallIntegerField(_("最多延长次数"), default=0)
    max_extension_length = models.PositiveIntegerField(_("延长总长度上限"), null=True, blank=True)
    # the codes of the pauses the rule allows (PauseRule.code)
    pause_rules = models.JSONField(_("可暂停事由"), default=list, blank=True)
    paused_since = models.DateTimeField(_("暂停自"), null=True, blank=True)
    calendar_note = models.CharField(_("日历说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    met_late = models.BooleanField(_("逾期完成"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    # read by who may read the record it belongs to
    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "code"]),
            # "open and due by …" (home pages, deadlines page, `fazhi deadlines`) seeks the open
            # rows instead of scanning every deadline due before the day (benchmarks/RESULTS.md)
            models.Index(fields=["status", "due_on"], name="core_deadline_open_due"),
            # a record's open deadlines, soonest first (the case list's next deadline and overdue
            # filter, per row): without it SQLite takes the index above for those subqueries
            models.Index(
                fields=["content_type", "object_id", "status", "due_on"], name="core_deadline_owner_open"
            ),
            # a town's open deadlines by due day (home pages, the deadlines page): the town's rows only
            models.Index(fields=["town_code", "status", "due_on"], name="core_deadline_town_open"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} · {self.label} · {self.due_on}"

    @property
    def period_display(self) -> str:
        """The period as the law states it: 15日, 7个工作日, 4个工作小时."""
        return period_text(self.days, self.unit)


def period_text(length: int, unit: str) -> str:
    if unit == Deadline.Unit.WORKING_HOURS:
        return _("%(n)s个工作小时") % {"n": length}
    if unit == Deadline.Unit.WORKING_DAYS:
        return _("%(n)s个工作日") % {"n": length}
    return _("%(n)s日") % {"n": length}


class DeadlinePause(models.Model):
    """A span during which a deadline's clock stood still (征求第三方意见, 缴纳信息处理费 …), or
    after which it started again (补正: `restarts`). Written only by `deadlines.pause` and
    `deadlines.resume`, each a ledger entry on the deadline."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="pauses")
    # its deadline's town (the distribution column, co-located with the deadline)
    town_code = models.CharField(_("乡镇代码"), max_length=9, editable=False, db_index=True, default="")
    rule_code = models.CharField(_("暂停事由代码"), max_length=60)
    rule_label = models.CharField(_("暂停事由"), max_length=100)
    citation = models.CharField(_("依据"), max_length=200, blank=True)
    restarts = models.BooleanField(_("恢复后重新起算"), default=False)
    reason = models.CharField(_("说明"), max_length=200)
    starts_at = models.DateTimeField(_("暂停时间"))
    ends_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期限暂停")
        verbose_name_plural = _("期限暂停")
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.deadline_id} · {self.rule_label} · {self.starts_at}"

    def save(self, *args, **kwargs):
        self.town_code = self.deadline.town_code
        super().save(*args, **kwargs)


class DeadlineExtension(models.Model):
    """An approved extension of a deadline by `length` (in the deadline's unit). Written only by
    `deadlines.extend`, a ledger entry on the deadline."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    town_code = models.CharField(_("乡镇代码"), max_length=9, editable=False, db_index=True, default="")
    reason = models.CharField(_("延长理由"), max_length=200)
    length = models.PositiveIntegerField(_("延长长度"))
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approver_name = models.CharField(_("批准人"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期限延长")
        verbose_name_plural = _("期限延长")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.deadline_id} · +{self.length}"

    def save(self, *args, **kwargs):
        self.town_code = self.deadline.town_code
        super().save(*args, **kwargs)
