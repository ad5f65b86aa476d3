"""People's mediation (人民调解): the committees (调委会), the screening register (矛盾纠纷排查),
disputes with their parties, mediation sessions, the agreement and the follow-up visits.

A dispute's `state` changes only through `fazhi.mediation.workflow.DISPUTE`; the statutory
numbers are in `rules.py`. The file number "（2021）石鼓调字第3号" is issued per committee and
year through `fazhi.core.numbering` (`FILE_NUMBERS`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import numbering, roles, timeline
from fazhi.core.pii import IdNumberField, MobileField
from fazhi.core.scoping import RegionScoped

MONEY = {"max_digits": 14, "decimal_places": 2}


class MediationRecord(RegionScoped):
    """Abstract base of the app's records: read with `mediation.view` over their region; a part
    of a dispute (`region_from = "dispute"`) sits in its dispute's region."""

    region_from: str = ""
    read_permission = roles.DISPUTE_VIEW

    is_sample = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.region_id and self.region_from:
            parent = getattr(self, self.region_from, None)
            if parent is not None:
                self.region_id = parent.region_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        parent = getattr(self, self.region_from, None) if self.region_from else None
        return parent.get_absolute_url() if parent is not None else ""


class Committee(MediationRecord):
    """人民调解委员会 (调委会): of a village (村), a town (乡镇) or a sector (行业性、专业性)."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("村（居）人民调解委员会")
        TOWN = "town", _("乡镇（街道）人民调解委员会")
        SECTOR = "sector", _("行业性、专业性人民调解委员会")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.VILLAGE)
    # The 代字 of its file numbers: "（2021）石鼓调字第3号" has "石鼓".
    number_prefix = models.CharField(_("卷号代字"), max_length=20)

    class Meta:
        verbose_name = _("人民调解委员会")
        verbose_name_plural = _("人民调解委员会")
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("mediation:dispute_list") + f"?committee={self.pk}"


class Screening(MediationRecord):
    """矛盾纠纷排查: who screened which area when, and what was found (登记)."""

    screened_on = models.DateField(_("排查日期"))
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("排查人"), on_delete=models.PROTECT, related_name="+"
    )
    found = models.TextField(_("排查发现的矛盾纠纷"))
    disputes_found = models.PositiveIntegerField(_("发现纠纷数"), default=0)

    class Meta:
        verbose_name = _("矛盾纠纷排查")
        verbose_name_plural = _("矛盾纠纷排查登记")
        ordering = ["-screened_on", "-id"]

    def __str__(self) -> str:
        return f"{self.region} {self.screened_on}"

    def get_absolute_url(self) -> str:
        return reverse("mediation:screening_list")


class Dispute(MediationRecord):
    """A dispute (矛盾纠纷) and its mediation file (人民调解卷宗)."""

    detail_url_name = "mediation:dispute_detail"

    class State(models.TextChoices):
        REGISTERED = "registered", _("已登记")
        DECLINED = "declined", _("不予调解")
        ACCEPTED = "accepted", _("已受理")
        INVESTIGATING = "investigating", _("调查中")
        MEDIATING = "mediating", _("调解中")
        SUCCEEDED = "succeeded", _("调解成功")
        ENDED = "ended", _("调解终止")
        FAILED = "failed", _("调解不成")
        PERFORMING = "performing", _("履行中")
        FOLLOWED_UP = "followed_up", _("已回访")
        CLOSED = "closed", _("已结案")
        ARCHIVED = "archived", _("已归档")

    # 纠纷类型: the 司法部 人民调解统计报表's categories.
    class Type(models.TextChoices):
        FAMILY = "family", _("婚姻家庭")
        NEIGHBOUR = "neighbour", _("邻里")
        HOUSING = "housing", _("房屋宅基地")
        CONTRACT = "contract", _("合同")
        BUSINESS = "business", _("生产经营")
        DAMAGES = "damages", _("损害赔偿")
        LAND = "land", _("山林土地")
        EXPROPRIATION = "expropriation", _("征地拆迁")
        ENVIRONMENT = "environment", _("环境污染")
        LABOUR = "labour", _("劳动争议")
        CONSUMER = "consumer", _("消费")
        MEDICAL = "medical", _("医疗")
        TRAFFIC = "traffic", _("道路交通事故")
        PROPERTY = "property", _("物业")
        OTHER = "other", _("其他")

    class Source(models.TextChoices):
        APPLICATION = "application", _("当事人申请")
        INITIATIVE = "initiative", _("主动调解")
        REFERRAL = "referral", _("接受委托移送")

    class Kind(models.TextChoices):
        PEOPLE = "people", _("人民调解")
        ADMINISTRATIVE = "administrative", _("行政调解")

    committee = models.ForeignKey(
        Committee, verbose_name=_("调解组织"), on_delete=models.PROTECT, related_name="disputes"
    )
    number = models.CharField(_("卷号"), max_length=60, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    title = models.CharField(_("纠纷名称"), max_length=200)
    summary = models.TextField(_("纠纷简要情况"))
    dispute_type = models.CharField(_("纠纷类型"), max_length=16, choices=Type.choices)
    amount = models.DecimalField(
        _("涉及金额（元）"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    source = models.CharField(_("案件来源"), max_length=12, choices=Source.choices)
    referred_by = models.CharField(_("委托移送单位"), max_length=100, blank=True)
    referral_reference = models.CharField(_("委托移送文号"), max_length=100, blank=True)
    kind = models.CharField(_("调解类别"), max_length=16, choices=Kind.choices, default=Kind.PEOPLE)
    mediators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("调解员"), blank=True, related_name="mediated_disputes"
    )
    registered_on = models.DateField(_("登记日期"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("状态"), max_length=14, choices=State.choices, default=State.REGISTERED)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    ended_on = models.DateField(_("调解结束日期"), null=True, blank=True)
    end_reason = models.TextField(_("终止或不成的原因"), blank=True)
    routes_told = models.TextField(_("告知的其他解决途径"), blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)

    timeline_parts = (
        timeline.Part("mediation.disputeparty", "dispute"),
        timeline.Part("mediation.session", "dispute", day="held_at"),
        timeline.Part("mediation.agreement", "dispute", day="signed_on"),
        timeline.Part("mediation.followup", "dispute", day="visited_on"),
    )

    class Meta:
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        ordering = ["-registered_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="dispute_sequence_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number or self.title

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def is_people(self) -> bool:
        return self.kind == self.Kind.PEOPLE

    def clean(self) -> None:
        """What every door checks: the place within the committee's area, a referral's sender,
        no registration in the future."""
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        errors = {}
        if self.committee_id and self.region_id:
            if not self.region.path.startswith(self.committee.region.path):
                errors["region"] = _("纠纷发生地应在所选调解组织的辖区内")
        if self.source == self.Source.REFERRAL and not self.referred_by:
            errors["referred_by"] = _("接受委托移送的纠纷应填写委托移送单位")
        if self.registered_on and self.registered_on > timezone.localdate():
            errors["registered_on"] = _("登记日期不能晚于今天")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """Numbered on first save: the committee's next file number of the registration year."""
        with transaction.atomic():
            adding, given = self._state.adding, bool(self.sequence)
            if not self.sequence and self.committee_id and self.registered_on:
                self.year = self.registered_on.year
                self.sequence, number = numbering.next_number(self.committee, FILE_NUMBERS, self.year)
                self.number = self.number or number
            super().save(*args, **kwargs)
            if adding and given and self.year:  # a number given, not issued: history
                numbering.note_issued(Committee(pk=self.committee_id), FILE_NUMBERS, self.year, self.sequence)


FILE_NUMBERS = numbering.Series(
    "mediation.file",
    pattern="（{year}）{prefix}调字第{seq}号",  # 人民调解卷宗 卷号 "（年）X人调字第N号"
    prefix=lambda committee: committee.number_prefix,
    highest_issued=numbering.highest_in(Dispute, "committee"),
)


class DisputeParty(MediationRecord):
    """A party to a dispute (当事人), as the 人民调解申请书 lists them, with their consent to
    mediation (人民调解法 第十七条)."""

    region_from = "dispute"
    frozen_with = ("dispute",)

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("申请人")
        RESPONDENT = "respondent", _("被申请人")
        THIRD = "third", _("第三人")

    class Sex(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    class Consent(models.TextChoices):
        PENDING = "", _("未表态")
        GIVEN = "given", _("同意调解")
        REFUSED = "refused", _("拒绝调解")

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("纠纷"), on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField(_("当事人地位"), max_length=10, choices=Role.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    sex = models.CharField(_("性别"), max_length=6, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    age = models.PositiveSmallIntegerField(
        _("年龄"), null=True, blank=True, validators=[MaxValueValidator(150)]
    )
    occupation = models.CharField(_("职业或职务"), max_length=100, blank=True)
    phone = MobileField(_("联系方式"), blank=True)
    address = models.CharField(_("单位或住址"), max_length=200, blank=True)
    id_number = IdNumberField(_("身份证号码"), blank=True)
    agent = models.CharField(_("委托代理人"), max_length=100, blank=True)
    consent = models.CharField(
        _("是否同意调解"), max_length=8, choices=Consent.choices, default="", blank=True
    )
    consent_on = models.DateField(_("表态日期"), null=True, blank=True)

    pii_fields = {
        "name": "name",
        "id_number": "id_number",
        "phone": "mobile",
        "address": "address",
        "agent": "name",
    }

    class Meta:
        verbose_name = _("纠纷当事人")
        verbose_name_plural = _("纠纷当事人")
        ordering = ["dispute", "role", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.consent and not self.consent_on:
            raise ValidationError({"consent_on": _("记录当事人是否同意调解时应填写表态日期")})


class Session(MediationRecord):
    """A mediation session (调解), as the 人民调解记录 records it."""

    region_from = "dispute"
    frozen_with = ("dispute",)

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("纠纷"), on_delete=models.CASCADE, related_name="sessions"
    )
    held_at = models.DateTimeField(_("调解时间"))
    place = models.CharField(_("调解地点"), max_length=200)
    mediators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("调解员"), blank=True, related_name="+"
    )
    parties_present = models.ManyToManyField(
        DisputeParty, verbose_name=_("到场当事人"), blank=True, related_name="sessions"
    )
    participants = models.CharField(_("参加人"), max_length=300, blank=True)
    record = models.TextField(_("调解记录"))

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        ordering = ["dispute", "held_at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute} {self.held_at:%Y-%m-%d}"


class Agreement(MediationRecord):
    """The mediation agreement (人民调解协议书, or the oral agreement the mediator records:
    人民调解法 第二十八条), written by the step 调解成功."""

    region_from = "dispute"
    frozen_with = ("dispute",)

    class Form(models.TextChoices):
        WRITTEN = "written", _("书面协议")
        ORAL = "oral", _("口头协议")

    class Confirmation(models.TextChoices):
        NONE = "", _("未申请")
        APPLIED = "applied", _("已申请司法确认")
        CONFIRMED = "confirmed", _("裁定确认有效")
        REJECTED = "rejected", _("裁定驳回申请")

    dispute = models.OneToOneField(
        Dispute, verbose_name=_("纠纷"), on_delete=models.CASCADE, related_name="agreement"
    )
    form = models.CharField(_("协议形式"), max_length=8, choices=Form.choices, default=Form.WRITTEN)
    facts = models.TextField(_("纠纷主要事实、争议事项及各方责任"), blank=True)
    content = models.TextField(_("协议内容"))
    performance_terms = models.TextField(_("履行方式、地点、期限"), blank=True)
    signed_on = models.DateField(_("协议生效日期"))
    copies = models.PositiveSmallIntegerField(_("协议份数"), default=3)
    performed = models.BooleanField(_("已履行完毕"), default=False)
    performance_note = models.TextField(_("履行情况"), blank=True)
    confirmation = models.CharField(
        _("司法确认"), max_length=10, choices=Confirmation.choices, default="", blank=True
    )
    confirmation_applied_on = models.DateField(_("申请司法确认日期"), null=True, blank=True)
    confirmation_court = models.CharField(_("受理法院"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("调解协议")
        verbose_name_plural = _("调解协议")

    def __str__(self) -> str:
        return f"{self.dispute} {self.get_form_display()}"


class FollowUp(MediationRecord):
    """A follow-up visit (人民调解回访记录): performance and satisfaction."""

    region_from = "dispute"
    frozen_with = ("dispute",)

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("纠纷"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    visited_on = models.DateField(_("回访日期"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    result = models.TextField(_("回访情况"))

    class Meta:
        verbose_name = _("回访记录")
        verbose_name_plural = _("回访记录")
        ordering = ["dispute", "visited_on", "id"]

    def __str__(self) -> str:
        return f"{self.dispute} {self.visited_on}"
