"""The one register of 行政复议 and 行政诉讼 (and labour 仲裁) cases: every app's records link
to it (fazhi.core.links), none imports another.

A `Proceeding` is one case before one organ: its route (行政复议 / 未经复议直接起诉 / 复议后起诉 /
仲裁), the record it concerns (the core link; its type and id are kept on the row too so that a
guard can ask "is a 复议 or 诉讼 on this record pending on that day?" in one query, see
`fazhi.litigation.register`), the applicant or plaintiff (personal information, masked), the
dates filed and concluded, the result (维持 / 纠正 / 其他 / 尚未审结, the four columns of table 四
of the 政府信息公开工作年度报告 template) and the leader who appeared in court (行政诉讼法
第三条第三款: 被诉行政机关负责人应当出庭应诉).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.scoping import RegionScoped


class Route(models.TextChoices):
    REVIEW = "review", _("行政复议")
    DIRECT = "direct", _("行政诉讼（未经复议直接起诉）")
    AFTER_REVIEW = "after_review", _("行政诉讼（复议后起诉）")
    ARBITRATION = "arbitration", _("仲裁")


# The routes before a court: the leader's appearance (出庭应诉) applies to them only.
COURT_ROUTES = (Route.DIRECT, Route.AFTER_REVIEW)
# The routes that stop the surcharge (行政处罚法 第七十三条第三款: 申请行政复议或者提起行政诉讼).
REVIEW_OR_SUIT = (Route.REVIEW, Route.DIRECT, Route.AFTER_REVIEW)


class Result(models.TextChoices):
    # the four result columns of table 四 of the 政府信息公开工作年度报告 template (国办公开办函〔2021〕30号)
    UPHELD = "upheld", _("结果维持")
    CORRECTED = "corrected", _("结果纠正")
    OTHER = "other", _("其他结果")
    PENDING = "pending", _("尚未审结")


class Matter(models.TextChoices):
    """What kind of act the case is about (the disclosure template counts its own only)."""

    DISCLOSURE = "disclosure", _("政府信息公开")
    PENALTY = "penalty", _("行政处罚")
    COERCION = "coercion", _("行政强制")
    LICENSE = "license", _("行政许可")
    PETITION = "petition", _("信访事项处理")
    OTHER = "other", _("其他行政行为")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("自然人")
    ORGANIZATION = "organization", _("法人或其他组织")


class Proceeding(RegionScoped):
    """One 行政复议, 行政诉讼 or 仲裁 case against the town (or one of its offices)."""

    read_permission = roles.LITIGATION_VIEW

    route = models.CharField(_("类别"), max_length=14, choices=Route.choices)
    matter = models.CharField(_("所涉行政行为"), max_length=12, choices=Matter.choices, default=Matter.OTHER)
    case_number = models.CharField(_("案号"), max_length=100, blank=True)
    subject = models.CharField(_("被申请或被诉的行为"), max_length=200)
    organ = models.CharField(_("复议机关、人民法院或仲裁机构"), max_length=100)
    applicant = models.CharField(_("申请人或原告"), max_length=100)
    applicant_kind = models.CharField(
        _("申请人类型"), max_length=12, choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    filed_on = models.DateField(_("申请或起诉日期"))
    concluded_on = models.DateField(_("审结日期"), null=True, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=Result.choices, default=Result.PENDING)
    court_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出庭应诉的负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hearing_on = models.DateField(_("开庭日期"), null=True, blank=True)
    note = models.TextField(_("备注"), blank=True, max_length=2000)
    # The record it concerns (also a core RecordLink record → proceeding, kind "related").
    concerns_type = models.ForeignKey(
        ContentType,
        verbose_name=_("所涉记录类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    concerns_id = models.CharField(_("所涉记录ID"), max_length=64, blank=True, db_index=True)
    concerns_repr = models.CharField(_("所涉记录"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    pii_fields = {"applicant": "name"}

    class Meta:
        verbose_name = _("行政复议与行政诉讼案件")
        verbose_name_plural = _("行政复议与行政诉讼案件")
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["concerns_type", "concerns_id"], name="litigation_concerns")]

    def __str__(self) -> str:
        return self.case_number or f"{self.get_route_display()} {self.filed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("litigation:detail", args=[self.pk])

    @property
    def is_citizen(self) -> bool:
        return self.applicant_kind == ApplicantKind.CITIZEN

    @property
    def pending(self) -> bool:
        return self.concluded_on is None

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.filed_on and self.filed_on > today:
            errors["filed_on"] = _("申请或起诉日期不能晚于今天。")
        if self.concluded_on:
            if self.concluded_on > today:
                errors["concluded_on"] = _("审结日期不能晚于今天。")
            elif self.filed_on and self.concluded_on < self.filed_on:
                errors["concluded_on"] = _("审结日期不能早于申请或起诉日期。")
            if self.result == Result.PENDING:
                errors["result"] = _("已填写审结日期的案件应选择结果（维持、纠正或其他）。")
        elif self.result != Result.PENDING:
            errors["concluded_on"] = _("已审结的案件应填写审结日期。")
        if self.hearing_on and self.filed_on and self.hearing_on < self.filed_on:
            errors["hearing_on"] = _("开庭日期不能早于起诉日期。")
        if self.hearing_on and self.hearing_on > today:
            errors.setdefault("hearing_on", _("开庭日期不能晚于今天（尚未开庭的不填）。"))
        if self.route not in COURT_ROUTES and (self.court_leader_id or self.hearing_on):
            errors["court_leader"] = _("出庭应诉（行政诉讼法第三条第三款）只适用于行政诉讼案件。")
        if errors:
            raise ValidationError(errors)
