"""政务公开 records: requests for government information (依申请公开) with their applicant, the
yearly register of the template's table 二 counts kept here (行政许可, 行政事业性收费), the
复议/诉讼 cases about disclosure (table 四), and the proactive catalogue with its items.

A request's `state` changes only through `fazhi.disclosure.workflow.REQUEST`; its outcome is
coded to the rows of table 三 of the national template (国办公开办函〔2021〕30号), and the year it
was received, closed and carried into (`year`, `closed_year`, `carried_on`) place it in the
template's 本年新收 / 上年结转 / 本年办理结果 / 结转下年度 rows (`fazhi.disclosure.metrics`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import numbering, roles
from fazhi.core.pii import MobileField
from fazhi.core.scoping import RegionScoped

MONEY = {"max_digits": 14, "decimal_places": 2}


class DisclosureRecord(RegionScoped):
    """Abstract base: read with `disclosure.view` over the record's region (the town)."""

    read_permission = roles.DISCLOSURE_VIEW

    is_sample = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        abstract = True


# --- requests ------------------------------------------------------------------------------------


class ApplicantType(models.TextChoices):
    """The columns of table 三: 自然人; 法人或其他组织 (five kinds)."""

    NATURAL = "natural", _("自然人")
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER = "other", _("其他")


class Outcome(models.TextChoices):
    """The rows of table 三 part 三 (本年度办理结果), coded by their numbering in the template."""

    OPEN = "1", _("（一）予以公开")
    PARTIAL = "2", _("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    SECRET = "3.1", _("（三）不予公开 1.属于国家秘密")
    LAW_FORBIDS = "3.2", _("（三）不予公开 2.其他法律行政法规禁止公开")
    SAFETY = "3.3", _("（三）不予公开 3.危及“三安全一稳定”")
    THIRD_PARTY = "3.4", _("（三）不予公开 4.保护第三方合法权益")
    INTERNAL = "3.5", _("（三）不予公开 5.属于三类内部事务信息")
    PROCESS = "3.6", _("（三）不予公开 6.属于四类过程性信息")
    ENFORCEMENT_FILE = "3.7", _("（三）不予公开 7.属于行政执法案卷")
    QUERY = "3.8", _("（三）不予公开 8.属于行政查询事项")
    NOT_HELD = "4.1", _("（四）无法提供 1.本机关不掌握相关政府信息")
    NEEDS_MAKING = "4.2", _("（四）无法提供 2.没有现成信息需要另行制作")
    STILL_UNCLEAR = "4.3", _("（四）无法提供 3.补正后申请内容仍不明确")
    PETITION = "5.1", _("（五）不予处理 1.信访举报投诉类申请")
    REPEAT = "5.2", _("（五）不予处理 2.重复申请")
    PUBLICATION = "5.3", _("（五）不予处理 3.要求提供公开出版物")
    VEXATIOUS = "5.4", _("（五）不予处理 4.无正当理由大量反复申请")
    CONFIRM = "5.5", _("（五）不予处理 5.要求行政机关确认或重新出具已获取信息")
    NO_CORRECTION = (
        "6.1",
        _("（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    )
    UNPAID = (
        "6.2",
        _("（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    )
    OTHER = "6.3", _("（六）其他处理 3.其他")


# Outcomes the step 答复 may record (6.1 and 6.2 are their own steps: no correction, unpaid fee).
REPLY_OUTCOMES = [c for c in Outcome if c not in (Outcome.NO_CORRECTION, Outcome.UNPAID)]


class Channel(models.TextChoices):
    """How the request came in: it decides the day it counts as received (条例 第三十一条)."""

    IN_PERSON = "in_person", _("当面提交")
    REGISTERED_MAIL = "registered_mail", _("邮寄（需签收）")
    ORDINARY_MAIL = "ordinary_mail", _("平常信函")
    ONLINE = "online", _("互联网渠道")
    FAX = "fax", _("传真")


class Rating(models.TextChoices):
    """The applicant's rating of the reply (网上申请, with the tracking code)."""

    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Request(DisclosureRecord):
    """A request for government information (政府信息公开申请), 条例 第二十九条."""

    detail_url_name = "disclosure:request_detail"

    class State(models.TextChoices):
        RECEIVED = "received", _("办理中")
        CORRECTION = "correction", _("待补正")
        CONSULTING = "consulting", _("征求第三方意见")
        FEE = "fee", _("待缴纳信息处理费")
        CLOSED = "closed", _("已办结")

    class Form(models.TextChoices):
        PAPER = "paper", _("纸质")
        ELECTRONIC = "electronic", _("电子")
        OTHER = "other", _("其他")

    class Delivery(models.TextChoices):
        MAIL = "mail", _("邮寄")
        EMAIL = "email", _("电子邮件")
        FAX = "fax", _("传真")
        COLLECT = "collect", _("自行领取")
        ONSITE = "onsite", _("当场阅读、抄录")

    number = models.CharField(_("申请编号"), max_length=60, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("收到年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    applicant_type = models.CharField(_("申请人类型"), max_length=16, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("申请人姓名或名称"), max_length=100)
    identity_proof = models.CharField(
        _("身份证明"),
        max_length=100,
        help_text=_("证件名称及号码，如：居民身份证 4303…；营业执照 统一社会信用代码"),
    )
    representative = models.CharField(_("法定代表人或联系人"), max_length=50, blank=True)
    phone = MobileField(_("联系电话"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    description = models.TextField(_("所需政府信息的名称、文号或者特征性描述"))
    purpose = models.CharField(_("用途说明"), max_length=200, blank=True)
    form_wanted = models.CharField(
        _("信息的载体形式"), max_length=12, choices=Form.choices, default=Form.PAPER
    )
    delivery = models.CharField(_("获取方式"), max_length=12, choices=Delivery.choices, default=Delivery.MAIL)
    channel = models.CharField(_("申请方式"), max_length=16, choices=Channel.choices)
    submitted_on = models.DateField(_("提交日期"), help_text=_("当面提交之日、寄出之日或网上提交之日"))
    received_on = models.DateField(_("收到申请日期"))
    received_note = models.CharField(_("收到日期依据"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.RECEIVED)
    # 补正 (第三十条)
    correction_asked_on = models.DateField(_("补正告知日期"), null=True, blank=True)
    correction_asked = models.TextField(_("需要补正的事项"), blank=True)
    corrected_on = models.DateField(_("收到补正日期"), null=True, blank=True)
    # 征求第三方意见 (第三十二条)
    third_party = models.CharField(_("第三方"), max_length=100, blank=True)
    consulted_on = models.DateField(_("征求意见日期"), null=True, blank=True)
    third_party_answer = models.TextField(_("第三方意见"), blank=True)
    third_party_answered_on = models.DateField(_("意见答复或期满日期"), null=True, blank=True)
    # 信息处理费 (第四十二条; 国办函〔2020〕109号)
    fee_amount = models.DecimalField(
        _("信息处理费（元）"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    fee_basis = models.CharField(_("收费依据"), max_length=200, blank=True)
    fee_notice_on = models.DateField(_("收费通知送达日期"), null=True, blank=True)
    fee_paid_on = models.DateField(_("缴费日期"), null=True, blank=True)
    fee_paid = models.DecimalField(_("实收金额（元）"), null=True, blank=True, **MONEY)
    # 答复 (第三十三、三十六条)
    outcome = models.CharField(_("办理结果"), max_length=4, choices=Outcome.choices, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)
    reasons = models.TextField(_("理由"), blank=True)
    right_organ = models.CharField(_("负责公开的机关"), max_length=100, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    closed_year = models.PositiveSmallIntegerField(_("办结年度"), null=True, blank=True)
    # 1 January of the year after receipt when not closed in the year received: the request is
    # then 上年结转 of that year (and 结转下年度 of the year received).
    carried_on = models.DateField(_("结转下年度日期"), null=True, blank=True)
    # 网上申请 (fazhi.disclosure.online): the tracking code's keyed digest (fazhi.core.intake), and
    # the applicant's rating of the reply.
    tracking_digest = models.CharField(
        _("查询码摘要"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    rating = models.CharField(_("申请人评价"), max_length=12, choices=Rating.choices, blank=True)
    rated_on = models.DateField(_("评价日期"), null=True, blank=True)

    pii_fields = {
        "applicant_name": "name",
        "representative": "name",
        "phone": "mobile",
        "address": "address",
        "identity_proof": "id_number",
    }

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="disclosure_request_sequence_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"{self.applicant_name} {self.received_on}"

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def is_organization(self) -> bool:
        return self.applicant_type != ApplicantType.NATURAL

    @property
    def is_citizen(self) -> bool:
        """A natural person (their name is personal information; an organization's is not)."""
        return self.applicant_type == ApplicantType.NATURAL

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def set_years(self) -> None:
        """The template's placing of the request: year received, year closed, carried."""
        if self.received_on:
            self.year = self.received_on.year
        self.closed_year = self.closed_on.year if self.closed_on else None
        if self.received_on and (self.closed_on is None or self.closed_on.year > self.received_on.year):
            self.carried_on = dt.date(self.received_on.year + 1, 1, 1)
        else:
            self.carried_on = None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        errors = {}
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = _("收到申请日期不能晚于今天")
        if self.received_on and self.submitted_on and self.received_on < self.submitted_on:
            errors["received_on"] = _("收到申请日期不能早于提交日期")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """Numbered on first save (the town's series of the year received); years placed."""
        self.set_years()
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = list({*fields, "year", "closed_year", "carried_on"})
        with transaction.atomic():
            if not self.sequence and self.region_id and self.received_on and fields is None:
                self.sequence, number = numbering.next_number(self.region, REQUEST_NUMBERS, self.year)
                self.number = self.number or number
            super().save(*args, **kwargs)


def _prefix(region) -> str:
    name = region.name or ""
    return name[:-1] if name.endswith(("镇", "乡")) else name


REQUEST_NUMBERS = numbering.Series(
    "disclosure.request",
    pattern="{prefix}依申请〔{year}〕{seq}号",  # 石鼓依申请〔2021〕3号
    prefix=_prefix,
    highest_issued=numbering.highest_in(Request, "region"),
)


# --- the yearly register (table 二 counts kept here) ------------------------------------------------


class YearlyFigure(DisclosureRecord):
    """A count or amount of table 二 that no app records yet, entered by 党政办 per year with the
    document it comes from (行政许可 decisions, 行政事业性收费 amount)."""

    class Item(models.TextChoices):
        PERMITS = "permits", _("行政许可 本年处理决定数量（件）")
        FEES = "fees", _("行政事业性收费 本年收费金额（万元）")
        PUNISHMENTS = "punishments", _("行政处罚 本年处理决定数量（件，执法应用未记录时）")
        COMPULSIONS = "compulsions", _("行政强制 本年处理决定数量（件，执法应用未记录时）")

    year = models.PositiveSmallIntegerField(_("年度"))
    item = models.CharField(_("项目"), max_length=12, choices=Item.choices)
    value = models.DecimalField(
        _("数量或金额"), max_digits=14, decimal_places=4, validators=[MinValueValidator(0)]
    )
    source = models.CharField(_("数据来源文件"), max_length=200)
    year_end = models.DateField(_("年末日期"), editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("主动公开年度数据")
        verbose_name_plural = _("主动公开年度数据")
        ordering = ["-year", "item"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "item"], name="disclosure_yearly_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_item_display()}"

    def save(self, *args, **kwargs):
        self.year_end = dt.date(self.year, 12, 31)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("disclosure:yearly_list")


# 复议 and 诉讼 about disclosure (table 四) are in the one register (the litigation app), linked
# to the request through core's links.


# --- proactive disclosure (主动公开) ------------------------------------------------------------


class PublicChannel(models.TextChoices):
    """公开渠道和载体, as the county catalogues list them."""

    WEBSITE = "website", _("政府网站")
    GAZETTE = "gazette", _("政府公报")
    SOCIAL = "social", _("两微一端")
    PRESS = "press", _("发布会/听证会")
    BROADCAST = "broadcast", _("广播电视")
    PAPER = "paper", _("纸质媒体")
    READING_POINT = "reading_point", _("公开查阅点")
    SERVICE_CENTRE = "service_centre", _("政务服务中心")
    SERVICE_STATION = "service_station", _("便民服务站")
    DOOR = "door", _("入户/现场")
    BOARD = "board", _("政务、村务公开栏（电子屏）")
    PUSH = "push", _("精准推送")
    HOTLINE = "hotline", _("12345热线")
    OTHER = "other", _("其他")


class CatalogueItem(DisclosureRecord):
    """One line of the county's 基层政务公开标准目录 as the town applies it (序号, 一级/二级事项,
    公开内容, 公开依据, 公开时限, 公开主体, 公开渠道和载体, 公开对象, 公开方式, 公开层级)."""

    class Audience(models.TextChoices):
        ALL = "all", _("全社会")
        SPECIFIC = "specific", _("特定群众")

    class Mode(models.TextChoices):
        PROACTIVE = "proactive", _("主动公开")
        ON_REQUEST = "on_request", _("依申请公开")

    class Level(models.TextChoices):
        COUNTY = "county", _("县级")
        TOWN = "town", _("乡级")
        VILLAGE = "village", _("村级")

    domain = models.CharField(_("领域"), max_length=50, help_text=_("如：公共法律服务、财政预决算、社会救助"))
    code = models.CharField(_("序号"), max_length=20)
    level1 = models.CharField(_("一级事项"), max_length=100)
    level2 = models.CharField(_("二级事项"), max_length=200)
    content = models.TextField(_("公开内容（要素）"))
    basis = models.TextField(_("公开依据"), blank=True)
    time_limit_days = models.PositiveSmallIntegerField(
        _("公开时限（工作日）"),
        default=20,
        validators=[MinValueValidator(1)],
        help_text=_("信息形成或变更之日起的工作日数；条例第二十六条默认20个工作日"),
    )
    time_limit_text = models.CharField(_("公开时限（原文）"), max_length=100, blank=True)
    publisher = models.CharField(_("公开主体"), max_length=100)
    channels = models.CharField(_("公开渠道和载体"), max_length=300, blank=True)
    audience = models.CharField(_("公开对象"), max_length=10, choices=Audience.choices, default=Audience.ALL)
    mode = models.CharField(_("公开方式"), max_length=12, choices=Mode.choices, default=Mode.PROACTIVE)
    level = models.CharField(_("公开层级"), max_length=10, choices=Level.choices, default=Level.TOWN)
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("政务公开标准目录事项")
        verbose_name_plural = _("政务公开标准目录")
        ordering = ["region__path", "domain", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "domain", "code"], name="disclosure_catalogue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.level2}"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:catalogue_list")


class Publication(DisclosureRecord):
    """A piece of information to publish proactively: made or changed on a day, due within its
    item's time limit (working days, 条例 第二十六条), published on one or more channels. The staff
    directory (工作人员名录), the 政府信息公开指南 and the 政府信息公开目录 are publications of
    their own kinds (条例 第十二条: kept up to date)."""

    detail_url_name = "disclosure:publication_detail"

    class Kind(models.TextChoices):
        ITEM = "item", _("主动公开信息")
        DIRECTORY = "directory", _("工作人员名录")
        GUIDE = "guide", _("政府信息公开指南")
        INDEX = "index", _("政府信息公开目录")

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.ITEM)
    item = models.ForeignKey(
        CatalogueItem,
        verbose_name=_("目录事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )
    title = models.CharField(_("信息名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=100, blank=True)
    made_on = models.DateField(_("形成或变更日期"))
    time_limit_days = models.PositiveSmallIntegerField(_("公开时限（工作日）"), default=20)
    due_on = models.DateField(_("应公开日期"), null=True, blank=True)
    first_published_on = models.DateField(_("首次公开日期"), null=True, blank=True)
    late = models.BooleanField(_("逾期公开"), default=False)
    content = models.TextField(_("内容摘要"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("主动公开信息")
        verbose_name_plural = _("主动公开信息")
        ordering = ["-made_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        if self.made_on and self.made_on > timezone.localdate():
            raise ValidationError({"made_on": _("形成或变更日期不能晚于今天")})
        if self.item_id and self.region_id and self.item.region_id != self.region_id:
            raise ValidationError({"item": _("目录事项应为本乡镇的目录")})


class PublicationChannel(DisclosureRecord):
    """Where and when a publication was published (渠道、载体、公开日期)."""

    publication = models.ForeignKey(
        Publication, verbose_name=_("主动公开信息"), on_delete=models.CASCADE, related_name="channels"
    )
    channel = models.CharField(_("公开渠道"), max_length=16, choices=PublicChannel.choices)
    published_on = models.DateField(_("公开日期"))
    place = models.CharField(_("网址或位置"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("公开渠道记录")
        verbose_name_plural = _("公开渠道记录")
        ordering = ["publication", "published_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.published_on}"

    def get_absolute_url(self) -> str:
        return self.publication.get_absolute_url()

    def clean(self) -> None:
        from django.core.exceptions import ValidationError
        from django.utils import timezone

        if self.published_on and self.published_on > timezone.localdate():
            raise ValidationError({"published_on": _("公开日期不能晚于今天")})
        if self.published_on and self.publication_id and self.published_on < self.publication.made_on:
            raise ValidationError({"published_on": _("公开日期不能早于信息形成或变更日期")})
