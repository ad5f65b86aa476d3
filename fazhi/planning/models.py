"""The year's 法治政府建设工作方案 and the leaders' first-responsible duties.

- `WorkPlan`: the plan of a town for a year (the document, its number, the day the party
  committee adopted it and whether rule-of-law work was put on its agenda); the document itself
  is a core attachment of the plan;
- `Task`: a task of the plan (responsible unit and leader from the staff register, deadline,
  status); its evidence is linked to the records that show it through core links
  (`fazhi.core.links.link(task, record, kind=RELATED)`), so planning imports no other app;
- `Progress`: a progress note reported on a task (by the responsible leader, or the 党政办);
- `Duty`: what a 法治建设第一责任人 did as such (an item put on the party committee's agenda,
  the 述法 at year end with its text, a study session they led).

Read with `planning.view`; written with `planning.manage` (党政办); progress also with
`planning.report` by the task's responsible leader.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.scoping import RegionScoped


class PlanningRecord(RegionScoped):
    region_from: str = ""
    read_permission = roles.PLAN_VIEW

    is_sample = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.region_from:
            parent = getattr(self, self.region_from, None)
            if parent is not None:
                self.region_id = parent.region_id
        super().save(*args, **kwargs)


class WorkPlan(PlanningRecord):
    """法治政府建设工作方案 of a year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("方案名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    adopted_on = models.DateField(_("党委研究制定日期"), null=True, blank=True)
    on_agenda = models.BooleanField(_("列入党委重要议事日程"), default=False)
    agenda_note = models.CharField(_("议事日程情况"), max_length=300, blank=True)
    content = models.TextField(_("方案要点"), blank=True)

    class Meta:
        verbose_name = _("法治政府建设工作方案")
        verbose_name_plural = _("法治政府建设工作方案")
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="planning_plan_once_a_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:plan_detail", args=[self.pk])

    def clean(self) -> None:
        if self.adopted_on and self.year and abs(self.adopted_on.year - self.year) > 1:
            raise ValidationError({"adopted_on": _("制定日期应在方案年度或其前一年")})


class Task(PlanningRecord):
    """A task of the plan."""

    region_from = "plan"

    class Status(models.TextChoices):
        OPEN = "open", _("推进中")
        DONE = "done", _("已完成")

    plan = models.ForeignKey(
        WorkPlan, verbose_name=_("工作方案"), on_delete=models.PROTECT, related_name="tasks"
    )
    number = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("任务"), max_length=300)
    unit = models.CharField(_("责任单位"), max_length=100)
    leader = models.ForeignKey(
        "core.Person",
        verbose_name=_("责任领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField(_("完成时限"), db_index=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作方案任务")
        verbose_name_plural = _("工作方案任务")
        ordering = ["plan", "number", "id"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("planning:task_detail", args=[self.pk])

    def clean(self) -> None:
        if self.status == self.Status.DONE and not self.done_on:
            raise ValidationError({"done_on": _("已完成的任务须填写完成日期")})
        if self.status == self.Status.OPEN and self.done_on:
            raise ValidationError({"done_on": _("推进中的任务不应有完成日期")})

    @property
    def is_late(self) -> bool:
        from django.utils import timezone

        if self.status == self.Status.DONE:
            return bool(self.done_on and self.done_on > self.deadline)
        return self.deadline < timezone.localdate()


class Progress(PlanningRecord):
    """A progress note on a task."""

    region_from = "task"

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("填报日期"))
    note = models.TextField(_("进展情况"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")
        ordering = ["-reported_on", "-id"]

    def __str__(self) -> str:
        return f"{self.task} {self.reported_on}"

    def get_absolute_url(self) -> str:
        return reverse("planning:task_detail", args=[self.task_id])


class Duty(PlanningRecord):
    """What a 法治建设第一责任人 did as such in a year."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("列入党委议事日程")
        REPORT = "report", _("年终述法")
        STUDY = "study", _("带头学法（领学）")
        DECISION = "decision", _("研究部署法治建设")
        OTHER = "other", _("其他")

    person = models.ForeignKey(
        "core.Person", verbose_name=_("第一责任人"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    done_on = models.DateField(_("日期"), db_index=True)
    title = models.CharField(_("事项"), max_length=200)
    text = models.TextField(_("内容（述法报告等）"), blank=True)

    class Meta:
        verbose_name = _("第一责任人履职")
        verbose_name_plural = _("第一责任人履职")
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return f"{self.done_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("planning:duty_list") + f"?year={self.done_on.year}"
