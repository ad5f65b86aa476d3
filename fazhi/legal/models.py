"""Legal work of the town (issue 13): legal advisers (法律顾问, 一村一法律顾问) and their service
log (服务日志), the 法律明白人 register, the yearly catalogue of major administrative decisions
(重大行政决策事项目录) and the decisions with their procedure (重大行政决策程序暂行条例), contract
review (合同合法性审查) and the register of normative documents (行政规范性文件).

Who reads what (`LegalQuerySet`): `legal.view` over the record's region, through a membership
whose role does not give legal opinions. An adviser (a role carrying `legal.opinion`) reads only
what is assigned to them (core assignments, purpose `legal.opinion`), their own adviser record(s)
and their own service log — not the whole town's legal files.

A decision's, a contract's and a normative document's `state` change only through
`fazhi.legal.workflow`; the statutory numbers are in `rules.py`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import numbering, roles, timeline
from fazhi.core.models import Region, RegionKind
from fazhi.core.pii import CreditCodeField, MobileField
from fazhi.core.roles import ROLES
from fazhi.core.scoping import (
    RegionScoped,
    ScopedQuerySet,
    _active,
    _assigned_here,
    assigned_q,
    records_q,
)

MONEY = {"max_digits": 14, "decimal_places": 2}


# --- scope ----------------------------------------------------------------------------------------


def reader_paths(user, permission: str) -> list[str]:
    """Regions where `user` holds `permission` through a role that gives no legal opinion: an
    adviser's membership (legal.opinion) reads only what is assigned to them and their own."""
    if not _active(user):
        return []
    return sorted(
        {
            m.region.path
            for m in user.active_memberships
            if permission in ROLES[m.role].permissions
            and roles.LEGAL_OPINION not in ROLES[m.role].permissions
        }
    )


class LegalQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        q = records_q(reader_paths(user, self.model.read_permission), self.scope_field)
        if _active(user):
            if _assigned_here(self.model, user):
                q |= assigned_q(self.model, user)
            own = getattr(self.model, "owner_lookup", "")
            if own:
                q |= Q(**{own: user.pk})
        return self.filter(q)


class LegalRecord(RegionScoped):
    """Abstract base of the app's records (read with `legal.view`)."""

    read_permission = roles.LEGAL_VIEW
    owner_lookup: str = ""  # a lookup to the user who owns the record (adviser's own)
    region_from: str = ""

    is_sample = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = LegalQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.region_id and self.region_from:
            parent = getattr(self, self.region_from, None)
            if parent is not None:
                self.region_id = parent.region_id
        super().save(*args, **kwargs)


# --- advisers ---------------------------------------------------------------------------------------


class Adviser(LegalRecord):
    """A legal adviser's engagement for one region (the town's government, or one village): the
    lawyer, the firm, the contract period and fee, the service terms and the 公示牌 content."""

    owner_lookup = "user"

    class Rating(models.TextChoices):
        NONE = "", _("未评价")
        EXCELLENT = "excellent", _("优秀")
        GOOD = "good", _("称职")
        FAIR = "fair", _("基本称职")
        POOR = "poor", _("不称职")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="legal_advisers",
    )
    name = models.CharField(_("姓名"), max_length=50)
    firm = models.CharField(_("执业机构（律师事务所）"), max_length=100)
    licence_number = models.CharField(_("执业证号"), max_length=17)
    phone = MobileField(_("联系电话"), blank=True)
    senior = models.BooleanField(_("资深律师"), default=False)
    contract_start = models.DateField(_("聘期起"))
    contract_end = models.DateField(_("聘期止"))
    fee = models.DecimalField(
        _("年服务费（元）"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    duty_days_month = models.PositiveSmallIntegerField(_("每月值班天数（合同约定）"), default=1)
    lectures_quarter = models.PositiveSmallIntegerField(_("每季度法治讲座次数（合同约定）"), default=1)
    service_time = models.CharField(_("服务时间（公示牌）"), max_length=100, blank=True)
    service_place = models.CharField(_("服务地点（公示牌）"), max_length=100, blank=True)
    # The 公示牌 photo: an attachment of this adviser, stored after its metadata (EXIF: the camera's
    # GPS position and time) was stripped (`fazhi.legal.photos`); the portal publishes it.
    photo = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("公示牌照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rating = models.CharField(
        _("年度评价（村委会评价表）"), max_length=10, choices=Rating.choices, blank=True, default=""
    )
    spot_check = models.TextField(_("司法所抽查情况"), blank=True)

    class Meta:
        verbose_name = _("法律顾问")
        verbose_name_plural = _("法律顾问")
        ordering = ["region__path", "-contract_end", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.region.name}）"

    def get_absolute_url(self) -> str:
        return reverse("legal:adviser_detail", args=[self.pk])

    def is_current(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.contract_start <= on <= self.contract_end

    def clean(self) -> None:
        errors = {}
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            errors["contract_end"] = _("聘期止不能早于聘期起")
        if self.region_id and self.region.kind not in (RegionKind.TOWN, RegionKind.VILLAGE):
            errors["region"] = _("法律顾问服务的应为乡镇人民政府或村（社区）")
        if self.licence_number and (len(self.licence_number) != 17 or not self.licence_number.isdigit()):
            # 律师执业证号: 17 digits (司法部律师执业证管理办法)
            errors["licence_number"] = _("律师执业证号应为17位数字")
        if errors:
            raise ValidationError(errors)


def current_q(on: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}contract_start__lte": on, f"{prefix}contract_end__gte": on})


def coverage(region: Region, on: dt.date | None = None, user=None) -> dict:
    """一村一法律顾问: the villages under `region` with an adviser whose contract is current on
    `on` (today), of all its villages; the lacking villages listed. Two queries, counted by SQL."""
    on = on or timezone.localdate()
    advisers = Adviser.objects.all() if user is None else Adviser.objects.visible_to(user)
    villages = Region.objects.filter(kind=RegionKind.VILLAGE, path__startswith=region.path)
    covered = Exists(advisers.filter(current_q(on), region=OuterRef("pk")))
    counts = villages.aggregate(total=models.Count("pk"), covered=models.Count("pk", filter=Q(covered)))
    lacking = list(villages.filter(~Q(covered)).order_by("path"))
    total, done = counts["total"], counts["covered"]
    return {
        "on": on,
        "total": total,
        "covered": done,
        "rate": round(100 * done / total, 1) if total else None,
        "lacking": lacking,
    }


class LegalLiterate(LegalRecord):
    """法律明白人: 1名法律顾问 + N名法律明白人 per village."""

    name = models.CharField(_("姓名"), max_length=50)
    since = models.DateField(_("确定日期"))
    until = models.DateField(_("退出日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("法律明白人")
        verbose_name_plural = _("法律明白人")
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("legal:literate_list")


# --- the catalogue of major decisions -------------------------------------------------------------------


class Catalogue(LegalRecord):
    """重大行政决策事项目录 of a year (重大行政决策程序暂行条例 第三条第三款: 经同级党委同意后向社会公布)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("目录名称"), max_length=200)
    party_consent = models.CharField(_("镇党委同意情况（会议、日期）"), max_length=200, blank=True)
    party_consent_on = models.DateField(_("党委同意日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("重大行政决策事项目录")
        verbose_name_plural = _("重大行政决策事项目录")
        ordering = ["-year", "region__path"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="legal_catalogue_year_unique")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("legal:catalogue_detail", args=[self.pk])

    def clean(self) -> None:
        if self.published_on and not self.party_consent_on:
            raise ValidationError(
                {
                    "party_consent_on": _(
                        "决策事项目录应经同级党委同意后向社会公布（重大行政决策程序暂行条例第三条）"
                    )
                }
            )
        if self.published_on and self.party_consent_on and self.published_on < self.party_consent_on:
            raise ValidationError({"published_on": _("公布日期不能早于党委同意日期")})


class CatalogueEntry(LegalRecord):
    """One entry of the catalogue, with the procedures it requires (合法性审查 and 集体讨论决定
    always)."""

    region_from = "catalogue"
    catalogue = models.ForeignKey(
        Catalogue, verbose_name=_("目录"), on_delete=models.PROTECT, related_name="entries"
    )
    name = models.CharField(_("事项名称"), max_length=200)
    decider = models.CharField(_("决策主体"), max_length=100, default="镇人民政府")
    undertaker = models.CharField(_("承办单位"), max_length=100)
    legal_basis = models.TextField(_("法律依据"), blank=True)
    needs_participation = models.BooleanField(_("公众参与"), default=True)
    needs_hearing = models.BooleanField(_("听证"), default=False)
    needs_experts = models.BooleanField(_("专家论证"), default=False)
    needs_risk = models.BooleanField(_("风险评估"), default=False)
    needs_competition = models.BooleanField(_("公平竞争审查"), default=False)
    planned_by = models.DateField(_("计划完成时间"), null=True, blank=True)
    added_on = models.DateField(_("列入日期"), null=True, blank=True)
    adjustment = models.CharField(_("增补或调整及其批准"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("决策事项")
        verbose_name_plural = _("决策事项")
        ordering = ["catalogue", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.catalogue.get_absolute_url()

    def procedures(self) -> list[str]:
        found = []
        for flag, label in (
            ("needs_participation", _("公众参与")),
            ("needs_hearing", _("听证")),
            ("needs_experts", _("专家论证")),
            ("needs_risk", _("风险评估")),
            ("needs_competition", _("公平竞争审查")),
        ):
            if getattr(self, flag):
                found.append(str(label))
        return [*found, str(_("合法性审查")), str(_("集体讨论决定"))]


# --- major decisions ----------------------------------------------------------------------------------


class Decision(LegalRecord):
    """A major administrative decision (重大行政决策) and its file."""

    assignable = True  # given to an adviser for their opinion (purpose legal.opinion)

    class State(models.TextChoices):
        STARTED = "started", _("已启动")
        DRAFTED = "drafted", _("草案拟定")
        CONSULTING = "consulting", _("公开征求意见中")
        IN_REVIEW = "in_review", _("合法性审查中")
        REVIEWED = "reviewed", _("审查通过")
        POSTPONED = "postponed", _("暂缓决策")
        DECIDED = "decided", _("集体讨论通过")
        REJECTED = "rejected", _("未通过")
        REPORTED = "reported", _("已报告镇党委")
        PUBLISHED = "published", _("已公布")
        EXECUTING = "executing", _("执行中")
        STOPPED = "stopped", _("停止执行")
        ARCHIVED = "archived", _("已归档")

    class Outcome(models.TextChoices):
        NONE = "", _("—")
        LAWFUL = "lawful", _("合法")
        LAWFUL_IF_AMENDED = "amend", _("修改后合法")
        UNLAWFUL = "unlawful", _("不合法")

    class Meeting(models.TextChoices):
        EXECUTIVE = "executive", _("镇政府常务会议")
        PLENARY = "plenary", _("镇政府全体会议")

    class Resolution(models.TextChoices):
        NONE = "", _("—")
        AGREED = "agreed", _("同意")
        REFUSED = "refused", _("不同意")
        AMEND = "amend", _("修改")
        POSTPONE = "postpone", _("暂缓")

    class Risk(models.TextChoices):
        NONE = "", _("—")
        LOW = "low", _("低风险")
        MEDIUM = "medium", _("中风险")
        HIGH = "high", _("高风险")

    entry = models.ForeignKey(
        CatalogueEntry, verbose_name=_("目录事项"), on_delete=models.PROTECT, related_name="decisions"
    )
    title = models.CharField(_("决策名称"), max_length=200)
    undertaker = models.CharField(_("承办单位"), max_length=100)
    started_on = models.DateField(_("启动日期"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.STARTED)
    draft = models.TextField(_("决策草案及说明"), blank=True)
    drafted_on = models.DateField(_("草案形成日期"), null=True, blank=True)
    # 公众参与 (第十四条、第十五条)
    comment_published_on = models.DateField(_("征求意见公布日期"), null=True, blank=True)
    comment_channels = models.CharField(_("公布途径"), max_length=200, blank=True)
    comment_how = models.CharField(_("提出意见的方式"), max_length=200, blank=True)
    comment_until = models.DateField(_("征求意见截止日期"), null=True, blank=True)
    comment_short_reason = models.TextField(_("缩短征求意见期限的理由（已公开说明）"), blank=True)
    comment_closed_on = models.DateField(_("征求意见结束日期"), null=True, blank=True)
    hearing_on = models.DateField(_("听证会日期"), null=True, blank=True)
    hearing_report = models.TextField(_("听证报告"), blank=True)
    # 专家论证、风险评估、公平竞争审查
    expert_opinion = models.TextField(_("专家论证意见"), blank=True)
    expert_on = models.DateField(_("专家论证日期"), null=True, blank=True)
    risk_report = models.TextField(_("风险评估报告"), blank=True)
    risk_level = models.CharField(_("风险等级"), max_length=8, choices=Risk.choices, blank=True, default="")
    risk_on = models.DateField(_("风险评估日期"), null=True, blank=True)
    competition_review = models.TextField(_("公平竞争审查结论"), blank=True)
    competition_on = models.DateField(_("公平竞争审查日期"), null=True, blank=True)
    # 合法性审查 (第二十五条至第二十八条)
    review_submitted_on = models.DateField(_("送请合法性审查日期"), null=True, blank=True)
    review_due_on = models.DateField(_("要求反馈审查意见日期"), null=True, blank=True)
    review_short_reason = models.TextField(_("审查时间少于7个工作日的理由"), blank=True)
    review_opinion = models.TextField(_("合法性审查意见"), blank=True)
    reviewed_on = models.DateField(_("审查意见日期"), null=True, blank=True)
    review_outcome = models.CharField(
        _("审查结论"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 集体讨论决定 (第三十条、第三十一条)
    meeting_type = models.CharField(_("会议类型"), max_length=10, choices=Meeting.choices, blank=True)
    meeting_on = models.DateField(_("会议日期"), null=True, blank=True)
    attendees = models.TextField(_("参会人员"), blank=True)
    resolution = models.CharField(
        _("会议决定"), max_length=10, choices=Resolution.choices, blank=True, default=""
    )
    minutes = models.TextField(_("会议纪要（含不同意见）"), blank=True)
    # 报告、公布、执行、评估、归档 (第三十二条至第三十九条)
    reported_on = models.DateField(_("报告镇党委日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    publication_channel = models.CharField(_("公布途径"), max_length=200, blank=True)
    uptake_note = models.TextField(_("公众意见、专家论证意见的采纳情况说明"), blank=True)
    evaluation = models.TextField(_("决策后评估"), blank=True)
    stopped_reason = models.TextField(_("停止执行的理由"), blank=True)
    adjustment_reason = models.TextField(_("调整决策的理由"), blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)

    timeline_parts = (
        timeline.Part("legal.publiccomment", "decision", day="received_on"),
        timeline.Part("legal.engagement", "decision", day="day"),
    )

    class Meta:
        verbose_name = _("重大行政决策")
        verbose_name_plural = _("重大行政决策")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("legal:decision_detail", args=[self.pk])

    @property
    def review_passed(self) -> bool:
        return self.review_outcome in (self.Outcome.LAWFUL, self.Outcome.LAWFUL_IF_AMENDED)

    def clean(self) -> None:
        """A decision belongs to an entry of a published catalogue over its region (第三条)."""
        errors = {}
        if self.entry_id:
            catalogue = self.entry.catalogue
            if not catalogue.published_on:
                errors["entry"] = _(
                    "该事项所在的决策事项目录尚未公布，不能据此启动决策（重大行政决策程序暂行条例第三条）"
                )
            elif self.region_id and not self.region.path.startswith(catalogue.region.path):
                errors["entry"] = _("目录事项不属于本区划的决策事项目录（重大行政决策程序暂行条例第三条）")
        if self.started_on and self.started_on > timezone.localdate():
            errors["started_on"] = _("启动日期不能晚于今天")
        if errors:
            raise ValidationError(errors)


class PublicComment(LegalRecord):
    """A comment received in public participation, and its answer (采纳 / 部分采纳 / 不采纳)."""

    region_from = "decision"
    frozen_with = ("decision",)

    class Channel(models.TextChoices):
        OFFLINE = "offline", _("书面、电话等（工作人员登记）")
        ONLINE = "online", _("网上提交（公众门户）")

    class Answer(models.TextChoices):
        PENDING = "", _("未答复")
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        REJECTED = "rejected", _("不采纳")

    decision = models.ForeignKey(
        Decision, verbose_name=_("决策"), on_delete=models.CASCADE, related_name="comments"
    )
    received_on = models.DateField(_("收到日期"))
    commenter = models.CharField(_("意见人（可匿名）"), max_length=100, blank=True)
    phone = MobileField(_("联系电话（不公开）"), blank=True)
    channel = models.CharField(_("提交渠道"), max_length=10, choices=Channel.choices, default=Channel.OFFLINE)
    content = models.TextField(_("意见内容"))
    answer = models.CharField(_("采纳情况"), max_length=10, choices=Answer.choices, blank=True, default="")
    reason = models.TextField(_("理由"), blank=True)

    pii_fields = {"commenter": "name", "phone": "mobile"}

    class Meta:
        verbose_name = _("公众意见")
        verbose_name_plural = _("公众意见")
        ordering = ["decision", "received_on", "id"]

    def __str__(self) -> str:
        return f"{self.decision} {self.received_on}"

    def get_absolute_url(self) -> str:
        return self.decision.get_absolute_url()

    def clean(self) -> None:
        if self.answer in (self.Answer.PARTLY, self.Answer.REJECTED) and not self.reason:
            raise ValidationError({"reason": _("部分采纳或不采纳的意见应说明理由")})


# --- contracts -------------------------------------------------------------------------------------------


class Contract(LegalRecord):
    """A contract the town signs, reviewed for legality before signing (合同合法性审查)."""

    assignable = True

    class State(models.TextChoices):
        DRAFTED = "drafted", _("草拟")
        IN_REVIEW = "in_review", _("审查中")
        APPROVED = "approved", _("审查通过")
        REFUSED = "refused", _("审查不同意")
        SIGNED = "signed", _("已签订")
        FILED = "filed", _("已备案")
        DONE = "done", _("履行完毕")

    class Outcome(models.TextChoices):
        NONE = "", _("—")
        AGREE = "agree", _("同意签订")
        AMEND = "amend", _("修改后签订")
        REFUSE = "refuse", _("不同意")

    class Exclusion(models.TextChoices):
        NONE = "", _("无（应审查）")
        PROCUREMENT = "procurement", _("政府集中采购")
        PERSONNEL = "personnel", _("劳动人事")

    title = models.CharField(_("合同名称"), max_length=200)
    undertaker = models.CharField(_("承办单位"), max_length=100)
    counterparty = models.CharField(_("合同相对方"), max_length=200)
    credit_code = CreditCodeField(_("统一社会信用代码"), blank=True)
    standing_evidence = models.TextField(_("主体资格证明材料"), blank=True)
    amount = models.DecimalField(
        _("合同金额（元）"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    term_start = models.DateField(_("履行期限起"), null=True, blank=True)
    term_end = models.DateField(_("履行期限止"), null=True, blank=True)
    public_funds = models.BooleanField(_("使用财政资金或国有资源"), default=True)
    exclusion = models.CharField(
        _("不适用审查的情形"), max_length=12, choices=Exclusion.choices, blank=True, default=""
    )
    draft = models.TextField(_("合同文本要点"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFTED)
    submitted_on = models.DateField(_("送审日期"), null=True, blank=True)
    review_opinion = models.TextField(_("审查意见（主体资格、合法性、文字表述）"), blank=True)
    reviewed_on = models.DateField(_("审查日期"), null=True, blank=True)
    review_outcome = models.CharField(
        _("审查结论"), max_length=8, choices=Outcome.choices, blank=True, default=""
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True)
    done_on = models.DateField(_("履行完毕日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("合同")
        verbose_name_plural = _("合同审查")
        ordering = ["-submitted_on", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("legal:contract_detail", args=[self.pk])

    @property
    def review_passed(self) -> bool:
        return self.review_outcome in (self.Outcome.AGREE, self.Outcome.AMEND)

    def clean(self) -> None:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("履行期限止不能早于起")})


# --- normative documents ------------------------------------------------------------------------------


class NormativeDocument(LegalRecord):
    """A 行政规范性文件 of the town: 统一登记、统一编号、统一印发 (国办发〔2018〕37号), issued only
    after a passed 合法性审核 (国办发〔2018〕115号)."""

    assignable = True

    class State(models.TextChoices):
        DRAFTED = "drafted", _("起草")
        IN_REVIEW = "in_review", _("合法性审核中")
        APPROVED = "approved", _("审核通过")
        ISSUED = "issued", _("已印发")
        REPEALED = "repealed", _("已废止")

    class Outcome(models.TextChoices):
        NONE = "", _("—")
        LAWFUL = "lawful", _("合法")
        LAWFUL_IF_AMENDED = "amend", _("修改后合法")
        UNLAWFUL = "unlawful", _("不合法")

    title = models.CharField(_("文件名称"), max_length=200)
    number = models.CharField(_("统一编号"), max_length=60, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("编号年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("编号序号"), null=True, blank=True)
    drafting_unit = models.CharField(_("起草单位"), max_length=100)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFTED)
    submitted_on = models.DateField(_("送审日期"), null=True, blank=True)
    review_opinion = models.TextField(_("合法性审核意见"), blank=True)
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    review_outcome = models.CharField(
        _("审核结论"), max_length=10, choices=Outcome.choices, blank=True, default=""
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deliberated_on = models.DateField(_("集体审议日期"), null=True, blank=True)
    issued_on = models.DateField(_("印发日期"), null=True, blank=True)
    published_on = models.DateField(_("公布日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    amended_note = models.TextField(_("修改情况"), blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    repeal_reason = models.TextField(_("废止理由"), blank=True)

    class Meta:
        verbose_name = _("行政规范性文件")
        verbose_name_plural = _("行政规范性文件")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="legal_normative_sequence_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("legal:normative_detail", args=[self.pk])

    @property
    def review_passed(self) -> bool:
        return self.review_outcome in (self.Outcome.LAWFUL, self.Outcome.LAWFUL_IF_AMENDED)

    def standing(self, on: dt.date | None = None) -> str:
        """现行有效 / 已失效 / 已废止 on `on` (today): past its validity a document leaves 现行有效
        by itself, without a step."""
        on = on or timezone.localdate()
        if self.repealed_on and self.repealed_on <= on:
            return str(_("已废止"))
        if not self.issued_on or self.issued_on > on:
            return str(self.get_state_display())
        if self.valid_until and self.valid_until < on:
            return str(_("已失效"))
        return str(_("现行有效"))

    def clean(self) -> None:
        errors = {}
        if self.issued_on and not self.review_passed:
            errors["issued_on"] = _("未经合法性审核或者经审核不合法的，不得印发（国办发〔2018〕115号）")
        if self.valid_until and self.issued_on and self.valid_until < self.issued_on:
            errors["valid_until"] = _("有效期至不能早于印发日期")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """Numbered when issued: the town's next 统一编号 of the issue year."""
        with transaction.atomic():
            if self.issued_on and not self.sequence and self.region_id:
                self.year = self.issued_on.year
                self.sequence, number = numbering.next_number(self.region, NORMATIVE_NUMBERS, self.year)
                self.number = self.number or number
            super().save(*args, **kwargs)


def _normative_prefix(region) -> str:
    return f"{region.name.removesuffix('镇').removesuffix('乡').removesuffix('街道')}政规"


NORMATIVE_NUMBERS = numbering.Series(
    "legal.normative",
    pattern="{prefix}〔{year}〕{seq}号",  # 统一编号, e.g. 石鼓政规〔2021〕1号 (GB/T 9704 7.2.4)
    prefix=_normative_prefix,
    highest_issued=numbering.highest_in(NormativeDocument, "region"),
)


# --- the service log ---------------------------------------------------------------------------------------


class Engagement(LegalRecord):
    """One piece of an adviser's work (服务日志): what, when, how long, where, the record it
    concerns and the opinion given."""

    owner_lookup = "adviser__user"

    class Kind(models.TextChoices):
        DECISION = "decision", _("重大行政决策或重大行政行为法律意见")
        NORMATIVE = "normative", _("规范性文件合法性审核")
        CONTRACT = "contract", _("合同审查")
        VILLAGE_RULES = "village_rules", _("村规民约或村级重大事项审查")
        PETITION = "petition", _("信访或涉法涉诉事项意见")
        LITIGATION = "litigation", _("代理复议、诉讼、仲裁")
        MEDIATION = "mediation", _("参与矛盾纠纷调解")
        LECTURE = "lecture", _("法治讲座")
        DUTY = "duty", _("村（社区）值班")
        VISIT = "visit", _("走访")
        CONSULTATION = "consultation", _("法律咨询")
        AID = "aid", _("法律援助转介")

    REVIEW_KINDS = (Kind.DECISION, Kind.NORMATIVE, Kind.CONTRACT, Kind.VILLAGE_RULES)

    adviser = models.ForeignKey(
        Adviser, verbose_name=_("法律顾问"), on_delete=models.PROTECT, related_name="engagements"
    )
    kind = models.CharField(_("服务类型"), max_length=14, choices=Kind.choices)
    day = models.DateField(_("日期"))
    hours = models.DecimalField(
        _("时长（小时）"), max_digits=5, decimal_places=1, default=1, validators=[MinValueValidator(0)]
    )
    place = models.CharField(_("地点"), max_length=100, blank=True)
    subject = models.CharField(_("事项"), max_length=200)
    people = models.PositiveIntegerField(_("人数（咨询、讲座）"), default=0)
    opinion = models.TextField(_("法律意见或服务内容"), blank=True)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("涉及的决策"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    contract = models.ForeignKey(
        Contract,
        verbose_name=_("涉及的合同"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    normative = models.ForeignKey(
        NormativeDocument,
        verbose_name=_("涉及的规范性文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("法律顾问服务")
        verbose_name_plural = _("法律顾问服务日志")
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["town_code", "day"], name="legal_engagement_town_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("legal:engagement_list") + f"?adviser={self.adviser_id}"

    def concerns(self):
        return self.decision or self.contract or self.normative

    def clean(self) -> None:
        errors = {}
        if self.day and self.day > timezone.localdate():
            errors["day"] = _("服务日期不能晚于今天")
        if self.kind == self.Kind.DECISION and not self.decision_id:
            errors["decision"] = _("重大行政决策法律意见应选择涉及的决策")
        if self.kind == self.Kind.CONTRACT and not self.contract_id:
            errors["contract"] = _("合同审查应选择涉及的合同")
        if self.kind == self.Kind.NORMATIVE and not self.normative_id:
            errors["normative"] = _("规范性文件合法性审核应选择涉及的文件")
        if self.kind in (self.Kind.CONSULTATION, self.Kind.LECTURE) and not self.people:
            errors["people"] = _("法律咨询和讲座应填写人数")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.region_id:  # the region the adviser serves (figures by village group by it)
            self.region_id = self.adviser.region_id
        super().save(*args, **kwargs)
