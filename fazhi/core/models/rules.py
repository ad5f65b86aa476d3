"""Rules a county or a town sets: time limits per category, 积案 definitions, checklists,
thresholds, due dates, template versions. One row is one version of one rule (`code`) for one
region, in force from `effective_from` (to `effective_to`, or open). A new version is a new
row; a version in force is never edited (fazhi.core.rules).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledgered import Ledgered


class RuleKind(models.TextChoices):
    NUMBER = "number", _("数值")
    PERIOD = "period", _("期限")
    TABLE = "table", _("对照表")
    CHECKLIST = "checklist", _("清单")


class Rule(Ledgered, models.Model):
    region = models.ForeignKey(
        "core.Region", verbose_name=_("制定区划"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("规则代码"), max_length=80, db_index=True)
    label = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=RuleKind.choices)
    value = models.JSONField(_("取值"))
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    effective_from = models.DateField(_("施行日期"))
    effective_to = models.DateField(_("废止日期"), null=True, blank=True)
    citation = models.CharField(_("依据"), max_length=200)  # 湘潭县司法局〔2022〕3号 第五条
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("规则")
        verbose_name_plural = _("规则")
        ordering = ["code", "region__path", "-effective_from", "-id"]
        indexes = [models.Index(fields=["code", "region", "effective_from"], name="core_rule_in_force")]
        constraints = [
            models.UniqueConstraint(fields=["code", "region", "effective_from"], name="core_rule_version")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.region}, {self.effective_from})"

    def clean(self) -> None:
        from fazhi.core.rules import value_errors

        errors = {}
        if problem := value_errors(self.kind, self.value):
            errors["value"] = problem
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = _("废止日期不能早于施行日期")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """A version already in force is never changed: a new rule is a new version."""
        if self.pk is not None:
            stored = Rule.objects.filter(pk=self.pk).values_list("effective_from", flat=True).first()
            if stored is not None and stored <= timezone.localdate():
                raise ValidationError(_("已施行的规则版本不能修改，请新增一个版本。"))
        super().save(*args, **kwargs)
