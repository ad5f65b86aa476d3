"""The reports app's records: the annual report (法治政府建设年度报告) of a town for a year, its
sections (each tagged with the content item of the 2019 督察工作规定 it fulfils), the problems of
section (3) as items (problem, cause, measure), and the figures frozen into it on approval with
the ids of the records behind each.

A report's `state` changes only through `fazhi.reports.workflow.REPORT`. The sections' text holds
live placeholders (`{enforcement.cases_filed}`, `{enforcement.fines_paid|yu2w}`,
`{petitions.beijing@-5}`) resolved from the figure registry (fazhi.reports.compose); the report
reads other apps only through their registered figures.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.scoping import RegionScoped


class ContentItem(models.IntegerChoices):
    """The five contents of the annual report (法治政府建设与责任落实督察工作规定, 厅字〔2019〕28号)."""

    MEASURES = 1, _("（一）主要举措和成效")
    FIRST_RESPONSIBLE = 2, _("（二）党政主要负责人履行推进法治建设第一责任人职责情况")
    SHORTCOMINGS = 3, _("（三）存在的不足和原因")
    NEXT_YEAR = 4, _("（四）下一年度主要安排")
    OTHER = 5, _("（五）其他需要报告的情况")


# Items approval needs (the fifth, 其他, may be empty).
REQUIRED_ITEMS = (
    ContentItem.MEASURES,
    ContentItem.FIRST_RESPONSIBLE,
    ContentItem.SHORTCOMINGS,
    ContentItem.NEXT_YEAR,
)


class ReportRecord(RegionScoped):
    """Abstract base: read with `reports.view` over the region; a part sits in its report's."""

    read_permission = roles.REPORT_VIEW

    is_sample = models.BooleanField(_("示例数据"), default=False)

    class Meta:
        abstract = True


class Report(ReportRecord):
    """One annual report of a region (a town, or the county's roll-up) for a year: the
    法治政府建设年度报告, or the 政府信息公开工作年度报告 on the same machinery (its tables are
    sections whose key names a template table, fazhi.reports.tables)."""

    detail_url_name = "reports:report_detail"

    class Kind(models.TextChoices):
        RULE_OF_LAW = "rule_of_law", _("法治政府建设年度报告")
        # 政府信息公开条例 第四十九、五十条; the national template 国办公开办函〔2021〕30号.
        DISCLOSURE = "disclosure", _("政府信息公开工作年度报告")

    class State(models.TextChoices):
        DRAFT = "draft", _("起草中")
        REVIEW = "review", _("待审核")
        DELIBERATION = "deliberation", _("待集体审议")
        APPROVAL = "approval", _("待审定")
        APPROVED = "approved", _("已审定")
        SUBMITTED = "submitted", _("已报送")
        CLEARED = "cleared", _("已保密审查")
        PUBLISHED = "published", _("已公布")

    kind = models.CharField(_("报告类型"), max_length=20, choices=Kind.choices, default=Kind.RULE_OF_LAW)
    year = models.PositiveSmallIntegerField(_("年度"))
    outline = models.CharField(_("章节模板"), max_length=30, default="reference")
    title = models.CharField(_("标题"), max_length=200)
    authority = models.CharField(_("署名机关"), max_length=100)
    signed_on = models.DateField(_("成文日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    review_opinion = models.TextField(_("审核意见"), blank=True)
    meeting = models.CharField(_("集体审议会议"), max_length=200, blank=True)
    deliberated_on = models.DateField(_("审议日期"), null=True, blank=True)
    meeting_record = models.TextField(_("审议记录"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审定人"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_on = models.DateField(_("审定日期"), null=True, blank=True)
    # The town's ledger chain head (and the newest anchor) when the report was approved.
    chain_head = models.JSONField(_("台账链头"), default=dict, blank=True)
    submitted_on = models.DateField(_("报送日期"), null=True, blank=True)
    submission_reference = models.CharField(_("报送文号"), max_length=100, blank=True)
    submitted_to = models.CharField(_("报送单位"), max_length=300, blank=True)
    secrecy_reviewer = models.CharField(_("保密审查人"), max_length=100, blank=True)
    secrecy_on = models.DateField(_("保密审查日期"), null=True, blank=True)
    secrecy_opinion = models.TextField(_("保密审查意见"), blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    published_at = models.CharField(_("公布载体"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("年度报告")
        verbose_name_plural = _("年度报告")
        ordering = ["-year", "region__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "kind", "year"], name="reports_one_report_per_region_year"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def frozen_figures(self) -> bool:
        return self.state in FROZEN_STATES


FROZEN_STATES = (
    Report.State.APPROVED,
    Report.State.SUBMITTED,
    Report.State.CLEARED,
    Report.State.PUBLISHED,
)


class ReportPart(ReportRecord):
    """A part of a report sits in its report's region and is closed with it."""

    frozen_with = ("report",)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.region_id and self.report_id:
            self.region_id = self.report.region_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.report.get_absolute_url()


class Section(ReportPart):
    """A section of a report: its heading (一、 level 1, （一） level 2, none for the opening or a
    closing paragraph), the content item it fulfils and its text with live placeholders."""

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.CharField(_("模板键"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    level = models.PositiveSmallIntegerField(_("标题层级"), default=1)
    heading = models.CharField(_("标题"), max_length=200, blank=True)
    item = models.PositiveSmallIntegerField(
        _("对应报告内容"), choices=ContentItem.choices, null=True, blank=True
    )
    body = models.TextField(_("正文"), blank=True)
    lists_problems = models.BooleanField(_("列出存在的问题"), default=False)

    class Meta:
        verbose_name = _("报告章节")
        verbose_name_plural = _("报告章节")
        ordering = ["report", "order", "id"]

    def __str__(self) -> str:
        return self.heading or str(_("（无标题段落）"))


class Problem(ReportPart):
    """An item of section (3): the problem, its cause and the measure taken or planned."""

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="problems"
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    problem = models.TextField(_("存在的问题"))
    cause = models.TextField(_("原因"), blank=True)
    measure = models.TextField(_("整改措施"), blank=True)

    class Meta:
        verbose_name = _("存在的问题")
        verbose_name_plural = _("存在的问题")
        ordering = ["report", "order", "id"]

    def __str__(self) -> str:
        return self.problem[:40]


class FrozenFigure(ReportPart):
    """A figure as it stood when the report was approved: the value, its definition and the ids
    of the records behind it, so that a later edit of a record never changes the report."""

    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="figures"
    )
    code = models.CharField(_("指标代码"), max_length=80)
    year = models.PositiveSmallIntegerField(_("统计年度"))
    label = models.CharField(_("指标名称"), max_length=200)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    kind = models.CharField(_("计算方式"), max_length=10)
    definition = models.TextField(_("口径"))
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(_("分子"), max_digits=24, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(_("分母"), max_digits=24, decimal_places=6, null=True, blank=True)
    record_ids = models.JSONField(_("记录编号"), default=list, blank=True)
    frozen_at = models.DateTimeField(_("冻结时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("冻结指标")
        verbose_name_plural = _("冻结指标")
        ordering = ["report", "code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "code", "year"], name="reports_one_frozen_figure_per_code_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}@{self.year}"
