"""Administrative law enforcement (行政执法): bodies, officers and certificates, the powers list
with its discretion standards, parties, cases and their record, rectification orders and
special campaigns.

Statutory numbers live in `rules.py`; the case procedure in `workflow/`. Nothing here assigns
a workflow state: `Case.state`, `Case.publicity` and `Case.decision_period` change only through
the workflows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import numbering, roles, timeline
from fazhi.core.pii import (
    CreditCodeField,
    IdNumberField,
    validate_credit_code,
    validate_id_number,
)
from fazhi.core.scoping import RegionScoped
from fazhi.enforcement.phones import validate_phone

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


def next_sequence(model, body_id: int, year: int) -> int:
    """The next sequence of a body's documents of one kind (cases or rectification orders) in a
    year, from the body's counter row (fazhi.core.numbering), which it locks: called inside the
    transaction that saves the document, two filings cannot take the same number (and a unique
    constraint backs this up), and a number once issued is never issued again."""
    series = NUMBER_SERIES[model._meta.label_lower]
    return numbering.next_number(EnforcementBody(pk=body_id), series, year).sequence


def format_number(prefix: str, year: int, sequence: int) -> str:
    """石鼓执罚〔2021〕19号 (GB/T 9704 发文字号: 机关代字、年份、序号)."""
    return numbering.DEFAULT_PATTERN.format(prefix=prefix, year=year, seq=sequence)


def noon(day: dt.date | None) -> dt.datetime | None:
    """A day as an aware datetime (for deadlines met on a recorded date rather than now)."""
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


class EnforcementRecord(RegionScoped):
    """Abstract base of the app's records: region-scoped, ledgered, marked when sample data.

    A record that belongs to a parent record (`region_from`) takes the parent's region when
    none is given, so certificates, evidence and reviews sit where their officer or case sits.
    """

    region_from: str = ""
    read_permission = roles.CASE_VIEW
    # The URL name of the record's own page (taking its pk); a record without one links to the
    # page of its parent (`region_from`): evidence to its case, a certificate to its officer.
    detail_url_name: str = ""

    is_sample = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        if self.detail_url_name:
            return reverse(self.detail_url_name, args=[self.pk])
        parent = getattr(self, self.region_from, None) if self.region_from else None
        return parent.get_absolute_url() if parent is not None else ""

    def save(self, *args, **kwargs):
        if not self.region_id and self.region_from:
            parent = getattr(self, self.region_from, None)
            if parent is not None:
                self.region_id = parent.region_id
        super().save(*args, **kwargs)


# --- enforcement bodies, officers, certificates ------------------------------------------------


class EnforcementBody(EnforcementRecord):
    """执法主体: the body in whose name penalties are decided."""

    def get_absolute_url(self) -> str:
        return reverse("enforcement:body_list")  # bodies have no page of their own

    class Kind(models.TextChoices):
        STATUTORY = "statutory", _("法定行政机关")
        AUTHORIZED = "authorized", _("法律法规授权组织")
        ENTRUSTED = "entrusted", _("受委托组织")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("主体类型"), max_length=12, choices=Kind.choices, default=Kind.STATUTORY)
    legal_basis = models.TextField(_("职权依据"), blank=True)
    # 机关代字 of the documents: 石鼓执罚〔2021〕19号 and 石鼓执改〔2021〕3号.
    case_prefix = models.CharField(_("处罚文书代字"), max_length=20, help_text=_("如：石鼓执罚"))
    order_prefix = models.CharField(
        _("责令改正文书代字"), max_length=20, blank=True, help_text=_("如：石鼓执改")
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    complaint_channel = models.CharField(_("投诉举报渠道"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("执法主体")
        verbose_name_plural = _("执法主体")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def order_prefix_or_default(self) -> str:
        return self.order_prefix or f"{self.case_prefix}改"


class Officer(EnforcementRecord):
    """执法人员: a person enforcing in the name of a body (持证上岗、亮证执法)."""

    detail_url_name = "enforcement:officer_detail"

    region_from = "body"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )
    name = models.CharField(_("姓名"), max_length=50)
    body = models.ForeignKey(
        EnforcementBody, verbose_name=_("执法主体"), on_delete=models.PROTECT, related_name="officers"
    )
    position = models.CharField(_("职务"), max_length=50, blank=True)
    active = models.BooleanField(_("在岗"), default=True)
    # 法制审核人员 (行政处罚法 第五十八条第二款): when their review duty began, and their national
    # legal professional qualification (法律职业资格证书编号); a reviewer who began on or after
    # 2021-07-15 (初次从事, rules.FIRST_REVIEWER_FROM) reviews only with it.
    review_duty_since = models.DateField(_("从事法制审核起始日期"), null=True, blank=True)
    legal_qualification = models.CharField(_("法律职业资格证书编号"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def certificate_on(self, day: dt.date) -> Certificate | None:
        """The certificate that lets this officer act on `day`, if any (行政处罚法 第四十二条)."""
        for certificate in self.certificates.all():
            if certificate.is_valid_on(day):
                return certificate
        return None

    @property
    def current_certificate(self) -> Certificate | None:
        return self.certificates.order_by("-valid_until").first()

    def training_hours(self, year: int) -> Decimal:
        row = self.trainings.filter(year=year).first()
        return row.hours if row else ZERO


class Certificate(EnforcementRecord):
    """行政执法证: valid between two dates unless suspended or revoked."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        EXPIRED = "expired", _("已过期")
        SUSPENDED = "suspended", _("暂扣")
        REVOKED = "revoked", _("注销（吊销）")

    region_from = "officer"

    officer = models.ForeignKey(
        Officer, verbose_name=_("执法人员"), on_delete=models.CASCADE, related_name="certificates"
    )
    number = models.CharField(_("证件编号"), max_length=40, unique=True)
    issuing_authority = models.CharField(_("发证机关"), max_length=100)
    valid_from = models.DateField(_("有效期起"))
    valid_until = models.DateField(_("有效期至"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.VALID)
    # From when a suspension or revocation applies (empty: it applies to every day).
    status_changed_on = models.DateField(_("状态变更日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政执法证")
        verbose_name_plural = _("行政执法证")
        ordering = ["-valid_until"]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("有效期至不能早于有效期起")})

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the holder may act on `day`: within the validity dates, and not suspended or
        revoked by then. (Expiry follows from the dates; the stored status only says so.)"""
        if not (self.valid_from <= day <= self.valid_until):
            return False
        if self.status in (self.Status.SUSPENDED, self.Status.REVOKED):
            return self.status_changed_on is not None and day < self.status_changed_on
        return True


def expiring_certificates(user, today: dt.date | None = None, within: int | None = None):
    """Certificates the user can see that run out within `within` days (default
    rules.CERTIFICATE_WARNING_DAYS) or already have, of officers still in post: for the
    officer's and the brigade leader's home pages."""
    from fazhi.enforcement.rules import CERTIFICATE_WARNING_DAYS

    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=CERTIFICATE_WARNING_DAYS if within is None else within)
    return (
        Certificate.objects.visible_to(user)
        .filter(officer__active=True, valid_until__lte=horizon)
        .exclude(status=Certificate.Status.REVOKED)
        .select_related("officer")
        .order_by("valid_until")
    )


class OfficerTraining(EnforcementRecord):
    """Hours of legal training an officer took in a year (执法人员年度培训)."""

    region_from = "officer"

    officer = models.ForeignKey(
        Officer, verbose_name=_("执法人员"), on_delete=models.CASCADE, related_name="trainings"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    hours = models.DecimalField(
        _("培训学时"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0)]
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("执法人员培训")
        verbose_name_plural = _("执法人员培训")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["officer", "year"], name="officer_training_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.officer} {self.year}"


# --- powers list and discretion standards ------------------------------------------------------


class PenaltyKind(models.TextChoices):
    """行政处罚的种类 (行政处罚法 第九条)."""

    WARNING = "warning", _("警告")
    CRITICISM = "criticism", _("通报批评")
    FINE = "fine", _("罚款")
    CONFISCATION = "confiscation", _("没收违法所得、没收非法财物")
    SUSPEND_LICENCE = "suspend_licence", _("暂扣许可证件")
    LOWER_QUALIFICATION = "lower_qualification", _("降低资质等级")
    REVOKE_LICENCE = "revoke_licence", _("吊销许可证件")
    RESTRICT_ACTIVITY = "restrict_activity", _("限制开展生产经营活动")
    SUSPEND_BUSINESS = "suspend_business", _("责令停产停业")
    CLOSE = "close", _("责令关闭")
    RESTRICT_PRACTICE = "restrict_practice", _("限制从业")
    DETENTION = "detention", _("行政拘留")
    OTHER = "other", _("其他行政处罚")


class Power(EnforcementRecord):
    """权责清单事项 (行政处罚事项): what the body may penalize, under which article."""

    detail_url_name = "enforcement:power_detail"

    region_from = "body"

    body = models.ForeignKey(
        EnforcementBody, verbose_name=_("执法主体"), on_delete=models.PROTECT, related_name="powers"
    )
    code = models.CharField(_("事项编码"), max_length=40)
    name = models.CharField(_("事项名称"), max_length=200)
    law = models.CharField(_("法律依据"), max_length=200, help_text=_("如：《中华人民共和国土地管理法》"))
    article = models.CharField(_("条款"), max_length=100, help_text=_("如：第七十七条第一款"))
    basis_text = models.TextField(_("依据条文"), blank=True)
    penalties = models.CharField(_("处罚种类"), max_length=300, blank=True, help_text=_("如：责令退还、罚款"))
    # The kinds of penalty the basis provides (行政处罚法 第三十八条: a penalty without a basis is
    # void): a notice or decision of another kind is refused. Filled from `penalties` when empty.
    penalty_kinds = models.JSONField(_("依据规定的处罚种类"), default=list, blank=True)
    # The fine range the basis itself sets (法定幅度); a discretion level narrows it.
    fine_min = models.DecimalField(_("法定罚款下限（元）"), null=True, blank=True, **MONEY)
    fine_max = models.DecimalField(_("法定罚款上限（元）"), null=True, blank=True, **MONEY)
    in_review_catalogue = models.BooleanField(_("列入重大执法决定法制审核目录"), default=False)
    devolved = models.BooleanField(_("赋权乡镇事项"), default=False)  # 行政处罚法 第二十四条
    active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("行政处罚事项")
        verbose_name_plural = _("权责清单")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["body", "code"], name="power_code_unique_per_body")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def basis(self) -> str:
        return f"{self.law}{self.article}"

    def save(self, *args, **kwargs):
        if not self.penalty_kinds and self.penalties:
            self.penalty_kinds = kinds_in_text(self.penalties)
        super().save(*args, **kwargs)

    @property
    def penalty_kind_labels(self) -> str:
        return "、".join(str(PenaltyKind(k).label) for k in self.penalty_kinds if k in PenaltyKind.values)

    def clean(self) -> None:
        unknown = [k for k in self.penalty_kinds or [] if k not in PenaltyKind.values]
        if unknown:
            raise ValidationError({"penalty_kinds": _("未知的处罚种类：%(k)s") % {"k": "、".join(unknown)}})
        if self.fine_min is not None and self.fine_max is not None and self.fine_max < self.fine_min:
            raise ValidationError({"fine_max": _("法定罚款上限不能低于下限")})


# The words of a power's free-text penalties, by kind (第九条's names; longest first).
_KIND_WORDS = [
    ("没收违法所得", "confiscation"),
    ("没收非法财物", "confiscation"),
    ("没收", "confiscation"),
    ("通报批评", "criticism"),
    ("警告", "warning"),
    ("罚款", "fine"),
    ("暂扣", "suspend_licence"),
    ("吊销", "revoke_licence"),
    ("降低资质等级", "lower_qualification"),
    ("限制开展生产经营活动", "restrict_activity"),
    ("责令停产停业", "suspend_business"),
    ("责令停业", "suspend_business"),
    ("责令关闭", "close"),
    ("限制从业", "restrict_practice"),
    ("行政拘留", "detention"),
]


def kinds_in_text(text: str) -> list[str]:
    """The penalty kinds a free-text list names ("责令退还、罚款" → ["fine"]), in 第九条's order."""
    found = {kind for word, kind in _KIND_WORDS if word in (text or "")}
    return [k for k in PenaltyKind.values if k in found]


class BasisVersion(EnforcementRecord):
    """A version of a power's legal basis with the day it took effect (行政处罚法 第三十七条:
    实施行政处罚，适用违法行为发生时的法律、法规、规章的规定。但是，作出行政处罚决定时，法律、
    法规、规章已被修改或者废止，且新的规定处罚较轻或者不认为是违法的，适用新的规定).

    A power without versions stands on its own fields (law, article, penalty kinds, fine range);
    once it has versions, the case's violation date selects one (`basis.applicable`)."""

    region_from = "power"

    power = models.ForeignKey(
        Power, verbose_name=_("处罚事项"), on_delete=models.CASCADE, related_name="basis_versions"
    )
    label = models.CharField(_("版本"), max_length=100, help_text=_("如：2019年修正"))
    effective_from = models.DateField(_("施行日期"))
    law = models.CharField(_("法律依据"), max_length=200, blank=True, help_text=_("空则同处罚事项"))
    article = models.CharField(_("条款"), max_length=100, blank=True, help_text=_("空则同处罚事项"))
    basis_text = models.TextField(_("依据条文"), blank=True)
    penalty_kinds = models.JSONField(_("依据规定的处罚种类"), default=list, blank=True)
    fine_min = models.DecimalField(_("法定罚款下限（元）"), null=True, blank=True, **MONEY)
    fine_max = models.DecimalField(_("法定罚款上限（元）"), null=True, blank=True, **MONEY)
    # 第三十七条: 新的规定……不认为是违法的 — the version no longer makes the act an offence.
    no_offence = models.BooleanField(_("不再认为是违法"), default=False)

    class Meta:
        verbose_name = _("依据版本")
        verbose_name_plural = _("依据版本")
        ordering = ["effective_from", "id"]
        constraints = [
            models.UniqueConstraint(fields=["power", "effective_from"], name="basis_version_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.basis}（{self.label}，{self.effective_from.isoformat()}起施行）"

    @property
    def basis(self) -> str:
        return f"{self.law or self.power.law}{self.article or self.power.article}"

    @property
    def penalty_kind_labels(self) -> str:
        return "、".join(str(PenaltyKind(k).label) for k in self.penalty_kinds if k in PenaltyKind.values)

    def clean(self) -> None:
        unknown = [k for k in self.penalty_kinds or [] if k not in PenaltyKind.values]
        if unknown:
            raise ValidationError({"penalty_kinds": _("未知的处罚种类：%(k)s") % {"k": "、".join(unknown)}})
        if self.fine_min is not None and self.fine_max is not None and self.fine_max < self.fine_min:
            raise ValidationError({"fine_max": _("法定罚款上限不能低于下限")})


class DiscretionLevel(EnforcementRecord):
    """裁量基准 level of a power, with its fine range."""

    class Level(models.TextChoices):
        MINOR = "minor", _("轻微")
        GENERAL = "general", _("一般")
        SERIOUS = "serious", _("较重")
        SEVERE = "severe", _("严重")

    ORDER = {Level.MINOR: 1, Level.GENERAL: 2, Level.SERIOUS: 3, Level.SEVERE: 4}

    region_from = "power"

    power = models.ForeignKey(
        Power, verbose_name=_("处罚事项"), on_delete=models.CASCADE, related_name="levels"
    )
    level = models.CharField(_("裁量等级"), max_length=10, choices=Level.choices)
    fine_min = models.DecimalField(_("罚款下限（元）"), null=True, blank=True, **MONEY)
    fine_max = models.DecimalField(_("罚款上限（元）"), null=True, blank=True, **MONEY)
    description = models.TextField(_("适用情形"), blank=True)
    penalties = models.CharField(_("处罚内容"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("裁量等级")
        verbose_name_plural = _("裁量基准")
        constraints = [models.UniqueConstraint(fields=["power", "level"], name="discretion_level_unique")]

    def __str__(self) -> str:
        return f"{self.power.name} · {self.get_level_display()}"

    @property
    def rank(self) -> int:
        return self.ORDER[self.level]

    def clean(self) -> None:
        if self.fine_min is not None and self.fine_max is not None and self.fine_max < self.fine_min:
            raise ValidationError({"fine_max": _("罚款上限不能低于下限")})

    @property
    def allows_fine(self) -> bool:
        """A level with no fine range allows no fine (第三十四条: the standard is the limit)."""
        return self.fine_min is not None or self.fine_max is not None

    def fine_in_range(self, amount: Decimal | None) -> bool:
        if not amount:
            return True
        if not self.allows_fine:
            return False
        if self.fine_min is not None and amount < self.fine_min:
            return False
        return not (self.fine_max is not None and amount > self.fine_max)

    @property
    def range_text(self) -> str:
        if self.fine_min is None and self.fine_max is None:
            return _("不处罚款")
        low = self.fine_min if self.fine_min is not None else ZERO
        return _("%(low)s元至%(high)s元") % {
            "low": low,
            "high": self.fine_max if self.fine_max is not None else "—",
        }


# --- parties ------------------------------------------------------------------------------------


class Party(EnforcementRecord):
    """当事人: a citizen (居民身份证号码) or an organization (统一社会信用代码)."""

    def get_absolute_url(self) -> str:
        """The party's cases (a party has no page of its own)."""
        return reverse("enforcement:case_list") + f"?party={self.pk}"

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("公民")
        ORGANIZATION = "organization", _("法人或其他组织")

    kind = models.CharField(_("当事人类型"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_number = IdNumberField(_("身份证号码"), blank=True)
    credit_code = CreditCodeField(_("统一社会信用代码"), blank=True)
    legal_representative = models.CharField(_("法定代表人（负责人）"), max_length=50, blank=True)
    address = models.CharField(_("住址或住所"), max_length=200, blank=True)
    # a mobile or a landline with its area code (fazhi.enforcement.phones)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])

    frozen_through = ("cases",)  # the party of an archived case is closed with it

    # A citizen's name is personal information (masked as 张某某 for readers without VIEW_PII).
    pii_fields = {
        "name": "name",
        "id_number": "id_number",
        "legal_representative": "name",
        "phone": "mobile",
        "address": "address",
    }

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_citizen(self) -> bool:
        return self.kind == self.Kind.CITIZEN

    def clean(self) -> None:
        if self.kind == self.Kind.CITIZEN:
            if not self.id_number:
                raise ValidationError({"id_number": _("当事人为公民的，应填写身份证号码")})
            validate_id_number(self.id_number)
        elif self.kind == self.Kind.ORGANIZATION:
            if not self.credit_code:
                raise ValidationError({"credit_code": _("当事人为法人或其他组织的，应填写统一社会信用代码")})
            validate_credit_code(self.credit_code)

    @property
    def public_name(self) -> str:
        """The name as published: a citizen masked (张某某), an organization by its name."""
        from fazhi.core.pii import mask_name

        return mask_name(self.name, organization=not self.is_citizen)


# --- cases --------------------------------------------------------------------------------------


class CaseState(models.TextChoices):
    DRAFT = "draft", _("待立案")
    FILED = "filed", _("已立案")
    INVESTIGATING = "investigating", _("调查取证")
    LEGAL_REVIEW = "legal_review", _("法制审核中")
    REVIEWED = "reviewed", _("法制审核通过")
    NOTIFIED = "notified", _("已事先告知")
    STATEMENT = "statement", _("陈述申辩")
    HEARING = "hearing", _("听证")
    DECIDED = "decided", _("已决定")
    SERVED = "served", _("已送达")
    EXECUTING = "executing", _("执行中")
    CLOSED = "closed", _("已结案")
    ARCHIVED = "archived", _("已归档")
    # 撤销立案: a case filed by mistake, withdrawn with the leader's approval and a reason; its
    # number is not reused and it stays in the ledger, frozen
    REVOKED = "revoked", _("已撤销立案")


# The groups of a case's states, beside its states (one definition for pages, filters, figures
# and guards).
DONE_STATES = (CaseState.CLOSED, CaseState.ARCHIVED)  # 已结案 or 已归档
OPEN_STATES = tuple(s for s in CaseState if s not in (*DONE_STATES, CaseState.REVOKED))  # still being handled
DECIDED_STATES = (CaseState.DECIDED, CaseState.SERVED, CaseState.EXECUTING, *DONE_STATES)


class Publicity(models.TextChoices):
    """事后公开 of the decision (国办发〔2018〕118号; 行政处罚法 第四十八条)."""

    NOT_PUBLISHED = "not_published", _("未公示")
    PUBLISHED = "published", _("已公示")
    TO_WITHDRAW = "to_withdraw", _("待撤回")
    WITHDRAWN = "withdrawn", _("已撤回")


class Preservation(models.TextChoices):
    """先行登记保存 of evidence (行政处罚法 第五十六条): approved by the head, decided within 7
    working days."""

    NONE = "none", _("未先行登记保存")
    PRESERVED = "preserved", _("已先行登记保存")
    DECIDED = "decided", _("已作出处理决定")


class DecisionPeriod(models.TextChoices):
    """Whether the 90-day decision period (行政处罚法 第六十条) was extended."""

    STATUTORY = "statutory", _("法定期限")
    EXTENDED = "extended", _("已延长")


class Case(EnforcementRecord):
    """行政处罚案件."""

    detail_url_name = "enforcement:case_detail"

    class Source(models.TextChoices):
        PATROL = "patrol", _("巡查发现")
        COMPLAINT = "complaint", _("投诉举报")
        ASSIGNED = "assigned", _("上级交办")
        TRANSFERRED = "transferred", _("部门移送")
        GRID = "grid", _("网格上报")

    class Procedure(models.TextChoices):
        SIMPLE = "simple", _("简易程序")
        GENERAL = "general", _("普通程序")

    class DecisionKind(models.TextChoices):
        PENALTY = "penalty", _("给予行政处罚")
        NO_PENALTY = "no_penalty", _("不予行政处罚")
        TRANSFERRED = "transferred", _("移送司法机关")

    body = models.ForeignKey(
        EnforcementBody, verbose_name=_("执法主体"), on_delete=models.PROTECT, related_name="cases"
    )
    # 案号, assigned at filing: 石鼓执罚〔2021〕19号 (sequence per body and year).
    number = models.CharField(_("案号"), max_length=60, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    cause = models.CharField(_("案由"), max_length=200)
    party = models.ForeignKey(Party, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="cases")
    source = models.CharField(_("案件来源"), max_length=12, choices=Source.choices, default=Source.PATROL)
    source_reference = models.CharField(_("来源编号"), max_length=100, blank=True)  # e.g. a grid event
    power = models.ForeignKey(
        Power, verbose_name=_("处罚事项"), on_delete=models.PROTECT, related_name="cases"
    )
    discretion_level = models.ForeignKey(
        DiscretionLevel,
        verbose_name=_("裁量等级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    officers = models.ManyToManyField(
        Officer, through="CaseOfficer", related_name="cases", verbose_name=_("执法人员")
    )
    procedure = models.CharField(
        _("程序"), max_length=8, choices=Procedure.choices, default=Procedure.GENERAL
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=CaseState.choices, default=CaseState.DRAFT, db_index=True
    )

    facts = models.TextField(_("违法事实"), blank=True)
    place = models.CharField(_("违法地点"), max_length=200, blank=True)
    act_date = models.DateField(_("违法行为发生日期"))
    act_end_date = models.DateField(_("连续或继续状态终了日期"), null=True, blank=True)
    discovered_on = models.DateField(_("发现日期"), null=True, blank=True)
    harm_to_life_health_finance = models.BooleanField(
        _("涉及公民生命健康安全、金融安全且有危害后果"), default=False
    )
    filed_on = models.DateField(_("立案日期"), null=True, blank=True)
    # The filing form's one-time token: a form submitted again (the browser's back button, a
    # double tap) finds the case it already made instead of filing a second one.
    form_token = models.CharField(_("立案表单标识"), max_length=32, blank=True, default="", editable=False)

    # 法制审核的情形 (行政处罚法 第五十八条第一款), as the officers judge the case: 第一项, 第三项 and
    # 第四项. (The review catalogue is on the power; 第二项, a hearing held, is on the record.)
    involves_major_public_interest = models.BooleanField(_("涉及重大公共利益"), default=False)
    is_complex = models.BooleanField(_("案件情况疑难复杂、涉及多个法律关系"), default=False)
    other_review_basis = models.CharField(
        _("法律、法规规定应当进行法制审核的其他情形"),
        max_length=300,
        blank=True,
        help_text=_("写明依据；填写的，作出决定前应当进行法制审核"),
    )

    # 事先告知 (行政处罚法 第四十四条)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    intended_penalties = models.JSONField(_("拟处罚种类"), default=list, blank=True)
    intended_fine = models.DecimalField(_("拟罚款金额（元）"), null=True, blank=True, **MONEY)
    intended_other = models.CharField(_("拟作出的其他处罚"), max_length=300, blank=True)
    # 听证的情形 (第六十三条第一款) beyond the fine and the penalty kinds: 第二项 needs the value of
    # what is confiscated; 第五项 and 第六项 are recorded with their basis.
    confiscation_value = models.DecimalField(
        _("拟没收违法所得、非法财物的数额（价值，元）"), null=True, blank=True, **MONEY
    )
    other_hearing_basis = models.CharField(
        _("其他较重的行政处罚或法律、法规、规章规定的其他听证情形"), max_length=300, blank=True
    )
    # 陈述申辩 (第四十五条) and 听证 (第六十三、六十四条)
    statement_received = models.BooleanField(_("已收到陈述申辩"), default=False)
    statement = models.TextField(_("陈述申辩意见"), blank=True)
    statement_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    statement_waived = models.BooleanField(_("放弃陈述申辩"), default=False)
    hearing_requested = models.BooleanField(_("申请听证"), default=False)
    hearing_requested_on = models.DateField(_("听证申请日期"), null=True, blank=True)
    hearing_waived = models.BooleanField(_("放弃听证"), default=False)

    # 决定 (第五十七条)
    decision_kind = models.CharField(_("决定类型"), max_length=12, choices=DecisionKind.choices, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_penalties = models.JSONField(_("处罚种类"), default=list, blank=True)
    decided_fine = models.DecimalField(_("罚款金额（元）"), null=True, blank=True, **MONEY)
    decided_other = models.CharField(_("其他处罚"), max_length=300, blank=True)
    # 第三十七条: the version of the power's basis the decision applied (none when the power has no versions)
    basis_version = models.ForeignKey(
        BasisVersion,
        verbose_name=_("适用的依据版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision_reason = models.TextField(_("决定理由"), blank=True)
    fine_outside_range_reason = models.TextField(_("罚款超出裁量幅度的理由"), blank=True)
    collective_discussion = models.BooleanField(_("经负责人集体讨论"), default=False)
    collective_discussion_on = models.DateField(_("集体讨论日期"), null=True, blank=True)
    collective_discussion_minutes = models.TextField(_("集体讨论记录"), blank=True)

    # 决定期限 (第六十条) and its extension
    decision_period = models.CharField(
        _("办案期限"), max_length=10, choices=DecisionPeriod.choices, default=DecisionPeriod.STATUTORY
    )
    decision_due_on = models.DateField(_("决定期限届满日"), null=True, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延期批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_reason = models.TextField(_("延期理由"), blank=True)

    # 送达 (第六十一条)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    party_present = models.BooleanField(_("当事人在场（当场交付）"), default=False)
    service_method = models.CharField(_("送达方式"), max_length=50, blank=True)

    # 执行 (第六十七、七十二条)
    fine_due_on = models.DateField(_("罚款缴纳期限"), null=True, blank=True)
    paid_on = models.DateField(_("缴款日期"), null=True, blank=True)
    amount_paid = models.DecimalField(_("缴款金额（元）"), null=True, blank=True, **MONEY)
    surcharge = models.DecimalField(_("加处罚款（元）"), default=ZERO, **MONEY)
    # 延期或者分期缴纳 (第六十六条第二款), approved by the agency
    deferral_applied_on = models.DateField(_("申请延期缴纳日期"), null=True, blank=True)
    payment_deferred_to = models.DateField(_("批准延期缴纳至"), null=True, blank=True)
    deferral_reason = models.TextField(_("延期缴纳理由"), blank=True)
    deferral_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 先行登记保存 (第五十六条): what, when, approved by whom, and the decision on it
    preservation = models.CharField(
        _("先行登记保存"), max_length=10, choices=Preservation.choices, default=Preservation.NONE
    )
    preservation_items = models.TextField(_("先行登记保存的证据（物品）"), blank=True, max_length=2000)
    preserved_on = models.DateField(_("先行登记保存日期"), null=True, blank=True)
    preservation_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准先行登记保存的负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    preservation_decided_on = models.DateField(_("先行登记保存处理决定日期"), null=True, blank=True)
    preservation_outcome = models.CharField(_("处理决定"), max_length=200, blank=True)
    # 催告 (行政强制法 第三十五、五十四条) before applying to the court
    reminded_on = models.DateField(_("催告书送达日期"), null=True, blank=True)
    reminder_due_on = models.DateField(_("催告履行期限"), null=True, blank=True)
    compulsory_execution_applied_on = models.DateField(_("申请强制执行日期"), null=True, blank=True)
    compulsory_execution_court = models.CharField(_("受理法院"), max_length=100, blank=True)

    revoked_on = models.DateField(_("撤销立案日期"), null=True, blank=True)
    revocation_reason = models.TextField(_("撤销立案理由"), blank=True, max_length=1000)
    revocation_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准撤销立案的负责人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    archived_on = models.DateField(_("归档日期"), null=True, blank=True)

    # 事后公开
    publicity = models.CharField(
        _("公示状态"), max_length=14, choices=Publicity.choices, default=Publicity.NOT_PUBLISHED
    )
    published_on = models.DateField(_("公示日期"), null=True, blank=True)
    changed_on = models.DateField(_("决定变更（撤销）日期"), null=True, blank=True)
    withdrawn_on = models.DateField(_("撤回公示日期"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("撤回理由"), max_length=300, blank=True)

    # Its history (fazhi.core.timeline): the records that belong to a case, its party (personal
    # information) and the case's own ledger actions.
    timeline_parts = (
        timeline.Part("enforcement.caseofficer", "case"),
        timeline.Part("enforcement.evidence", "case", files=True, day="collected_at"),
        timeline.Part("enforcement.legalreview", "case"),
        timeline.Part("enforcement.hearing", "case"),
        timeline.Part("enforcement.instalment", "case"),
        timeline.Part("enforcement.rectificationorder", "case"),
    )
    timeline_people = ("party",)
    timeline_actions = {
        "enforcement.add_officer": timeline.Action(_("加入执法人员：%(name)s"), day="on"),
        "enforcement.withdraw_officer": timeline.Action(_("执法人员回避：%(name)s"), day="on", note="reason"),
        "enforcement.archive": timeline.Action(_("导出案卷")),
    }

    class Meta:
        verbose_name = _("行政处罚案件")
        verbose_name_plural = _("行政处罚案件")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="case_number_sequence_unique",
            ),
            models.UniqueConstraint(
                fields=["form_token"], condition=~models.Q(form_token=""), name="case_form_token_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["body", "year"]),
            # the case list's keyset order within a town: a page is an index walk, not a sort
            models.Index(fields=["town_code", "-filed_on", "-id"], name="enf_case_town_filed"),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('（未立案）')} {self.cause}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.sequence and self.year:  # a number given, not issued: history, imports
            numbering.note_issued(EnforcementBody(pk=self.body_id), CASE_NUMBERS, self.year, self.sequence)

    def assign_number(self, day: dt.date) -> None:
        """案号 at filing (石鼓执罚〔2021〕19号): the body's next case number of the year of `day`.
        A case keeps its number whatever happens to it later; nothing issues it again."""
        if self.sequence:
            return
        self.year = day.year
        self.sequence, self.number = numbering.next_number(self.body, CASE_NUMBERS, self.year)

    def clean(self) -> None:
        if self.act_end_date and self.act_date and self.act_end_date < self.act_date:
            raise ValidationError({"act_end_date": _("终了日期不能早于违法行为发生日期")})
        if self.body_id and self.region_id and not self.region.path.startswith(self.body.region.path):
            raise ValidationError({"region": _("案件所在区划不在该执法主体的管辖区划内")})
        if self.power_id and self.body_id and self.power.body_id != self.body_id:
            raise ValidationError({"power": _("该处罚事项不属于本案执法主体的权责清单")})
        if self.discretion_level_id and self.power_id and self.discretion_level.power_id != self.power_id:
            raise ValidationError({"discretion_level": _("裁量等级不属于所选处罚事项")})

    # --- officers ---

    def active_case_officers(self):
        return self.case_officers.filter(withdrawn=False).select_related("officer")

    def active_officers(self) -> list[Officer]:
        return [co.officer for co in self.active_case_officers()]

    def investigator_user_ids(self) -> set[int]:
        """Accounts of every officer who worked on the case, withdrawn ones included."""
        return {uid for uid in self.case_officers.values_list("officer__user_id", flat=True) if uid}

    # --- review and hearing ---

    def latest_review(self) -> LegalReview | None:
        return self.legal_reviews.order_by("-reviewed_on", "-id").first()

    def has_passed_review(self) -> bool:
        review = self.latest_review()
        return bool(review and review.passed)

    def current_hearing(self) -> Hearing | None:
        return self.hearings.order_by("-id").first()

    # --- money ---

    @property
    def amount_due(self) -> Decimal:
        return (self.decided_fine or ZERO) + (self.surcharge or ZERO)

    @property
    def is_closed(self) -> bool:
        return self.state in (CaseState.CLOSED, CaseState.ARCHIVED)


class CaseOfficer(EnforcementRecord):
    """An officer on a case, and whether they withdrew (回避, 行政处罚法 第四十三条)."""

    region_from = "case"
    frozen_with = ("case",)  # closed with its case (归档)

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="case_officers"
    )
    officer = models.ForeignKey(
        Officer, verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="+"
    )
    added_on = models.DateField(_("加入日期"))
    withdrawn = models.BooleanField(_("已回避"), default=False)
    withdrawal_reason = models.CharField(_("回避理由"), max_length=300, blank=True)
    withdrawn_on = models.DateField(_("回避日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("办案人员")
        verbose_name_plural = _("办案人员")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="case_officer_unique")]

    def __str__(self) -> str:
        return f"{self.case} · {self.officer}"


class Evidence(EnforcementRecord):
    """证据 of a statutory kind (行政处罚法 第四十六条), with its files (attachments owned by it)."""

    class Kind(models.TextChoices):
        DOCUMENTARY = "documentary", _("书证")
        PHYSICAL = "physical", _("物证")
        AUDIOVISUAL = "audiovisual", _("视听资料")
        ELECTRONIC = "electronic", _("电子数据")
        WITNESS = "witness", _("证人证言")
        PARTY_STATEMENT = "party_statement", _("当事人的陈述")
        EXPERT_OPINION = "expert_opinion", _("鉴定意见")
        INSPECTION_RECORD = "inspection_record", _("勘验笔录")
        SCENE_RECORD = "scene_record", _("现场笔录")

    region_from = "case"
    frozen_with = ("case",)  # closed with its case (归档)

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("证据种类"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("证据内容"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收集人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collected_at = models.DateTimeField(_("收集时间"))
    place = models.CharField(_("收集地点"), max_length=200, blank=True)
    from_body_camera = models.BooleanField(_("执法记录仪"), default=False)

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["collected_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.description[:30]}"

    @property
    def attachments(self):
        """The files of this evidence: core Attachments whose owner is this record."""
        from fazhi.core.models import Attachment

        return Attachment.objects.filter(
            owner_type=ContentType.objects.get_for_model(self), owner_id=str(self.pk)
        )


class LegalReview(EnforcementRecord):
    """法制审核 of a case (行政处罚法 第五十八条)."""

    region_from = "case"
    frozen_with = ("case",)  # closed with its case (归档)

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="legal_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField(_("审核意见"))
    passed = models.BooleanField(_("审核通过"))
    reviewed_on = models.DateField(_("审核日期"))

    class Meta:
        verbose_name = _("法制审核")
        verbose_name_plural = _("法制审核")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case} · {_('通过') if self.passed else _('未通过')}"


class Instalment(EnforcementRecord):
    """One instalment of a fine paid in instalments (分期缴纳, 行政处罚法 第六十六条第二款): its
    amount and due day as approved, and its payment with the surcharge counted on it alone when
    it was paid late (第七十二条第一项: 加处罚款 per instalment missed). The fine counts as paid
    when every instalment is (the case's 缴款日期 is the last one's)."""

    region_from = "case"
    frozen_with = ("case",)  # closed with its case (归档)

    case = models.ForeignKey(
        Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="instalments"
    )
    seq = models.PositiveSmallIntegerField(_("期次"))
    amount = models.DecimalField(_("应缴金额（元）"), **MONEY)
    due_on = models.DateField(_("缴纳期限"))
    paid_on = models.DateField(_("缴款日期"), null=True, blank=True)
    amount_paid = models.DecimalField(_("实缴金额（元）"), null=True, blank=True, **MONEY)
    surcharge = models.DecimalField(_("加处罚款（元）"), default=0, **MONEY)

    class Meta:
        verbose_name = _("分期缴纳")
        verbose_name_plural = _("分期缴纳")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="enforcement_instalment_seq")]

    def __str__(self) -> str:
        return _("%(case)s 第%(seq)s期") % {"case": self.case, "seq": self.seq}


class Hearing(EnforcementRecord):
    """听证 (行政处罚法 第六十四条)."""

    region_from = "case"
    frozen_with = ("case",)  # closed with its case (归档)

    case = models.ForeignKey(Case, verbose_name=_("案件"), on_delete=models.CASCADE, related_name="hearings")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("主持人"), on_delete=models.PROTECT, related_name="+"
    )
    notice_on = models.DateField(_("通知日期"))
    scheduled_on = models.DateField(_("听证日期"))
    place = models.CharField(_("听证地点"), max_length=200, blank=True)
    public = models.BooleanField(_("公开举行"), default=True)
    held_on = models.DateField(_("举行日期"), null=True, blank=True)
    record = models.TextField(_("听证笔录"), blank=True)

    class Meta:
        verbose_name = _("听证")
        verbose_name_plural = _("听证")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.case} · {self.scheduled_on}"


# --- rectification orders -----------------------------------------------------------------------


class RectificationOrder(EnforcementRecord):
    """责令改正通知书 (整改法律文书): issued with or without a case, checked after its deadline
    (`result`, the state of `fazhi.enforcement.workflow.ORDER`)."""

    detail_url_name = "enforcement:order_detail"

    class Result(models.TextChoices):
        PENDING = "", _("待复查")
        COMPLETED = "completed", _("整改完成")
        OVERDUE = "overdue", _("逾期未改")

    DEADLINE_CODE = "enforcement.rectification"

    body = models.ForeignKey(
        EnforcementBody,
        verbose_name=_("执法主体"),
        on_delete=models.PROTECT,
        related_name="rectification_orders",
    )
    number = models.CharField(_("文号"), max_length=60, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    party = models.ForeignKey(
        Party, verbose_name=_("当事人"), on_delete=models.PROTECT, related_name="rectification_orders"
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("关联案件"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectification_orders",
    )
    issued_on = models.DateField(_("下达日期"))
    deadline = models.DateField(_("整改期限"))
    requirement = models.TextField(_("整改要求"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下达人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_on = models.DateField(_("复查日期"), null=True, blank=True)
    result = models.CharField(
        _("复查结果"), max_length=10, choices=Result.choices, default=Result.PENDING, blank=True
    )
    check_note = models.TextField(_("复查情况"), blank=True)

    class Meta:
        verbose_name = _("责令改正通知书")
        verbose_name_plural = _("整改法律文书")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="rectification_sequence_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number or str(_("责令改正通知书"))

    def clean(self) -> None:
        if self.issued_on and self.deadline and self.deadline < self.issued_on:
            raise ValidationError({"deadline": _("整改期限不能早于下达日期")})
        if self.result and not self.checked_on:
            raise ValidationError({"checked_on": _("填写复查结果时应填写复查日期")})

    def save(self, *args, **kwargs):
        """Numbered on first save (sequence per body and year). No workflow work here: the
        check's result is assigned only by `workflow.ORDER`'s steps (StateAssigned otherwise),
        and the doors that issue or edit an order open its deadline
        (`workflow.follow_order_deadline`)."""
        with transaction.atomic():
            adding, noted = self._state.adding, bool(self.sequence)
            if not self.sequence and self.body_id and self.issued_on:
                self.year = self.issued_on.year
                self.sequence, number = numbering.next_number(self.body, ORDER_NUMBERS, self.year)
                self.number = self.number or number
            super().save(*args, **kwargs)
            if adding and noted and self.year:  # a number given, not issued: history, imports
                numbering.note_issued(
                    EnforcementBody(pk=self.body_id), ORDER_NUMBERS, self.year, self.sequence
                )


# --- document numbers ----------------------------------------------------------------------------

# 案号 and 责令改正通知书 文号: per enforcement body and year (fazhi.core.numbering). A counter
# created on an existing database starts from the highest sequence its records hold.
CASE_NUMBERS = numbering.Series(
    "enforcement.case",
    prefix=lambda body: body.case_prefix,
    highest_issued=numbering.highest_in(Case, "body"),
)
ORDER_NUMBERS = numbering.Series(
    "enforcement.rectification",
    prefix=lambda body: body.order_prefix_or_default,
    highest_issued=numbering.highest_in(RectificationOrder, "body"),
)
NUMBER_SERIES = {Case._meta.label_lower: CASE_NUMBERS, RectificationOrder._meta.label_lower: ORDER_NUMBERS}


# --- campaigns ----------------------------------------------------------------------------------


class Campaign(EnforcementRecord):
    """专项整治 (special campaign), often with other units (联合执法)."""

    detail_url_name = "enforcement:campaign_detail"

    class Kind(models.TextChoices):
        SAND_MINING = "sand_mining", _("打击非法采砂洗砂采石")
        STRAW_BURNING = "straw_burning", _("秸秆禁烧")
        ILLEGAL_CONSTRUCTION = "illegal_construction", _("违法建设整治")
        ENVIRONMENT = "environment", _("环境整治")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类别"), max_length=24, choices=Kind.choices)
    body = models.ForeignKey(
        EnforcementBody,
        verbose_name=_("牵头执法主体"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    joint_units = models.CharField(_("联合单位"), max_length=300, blank=True)
    description = models.TextField(_("工作方案"), blank=True)

    class Meta:
        verbose_name = _("专项整治")
        verbose_name_plural = _("专项整治")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("结束日期不能早于开始日期")})


class CampaignAction(EnforcementRecord):
    """One action of a campaign: where, who, what was found, seized, demolished, handed out."""

    region_from = "campaign"

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("专项整治"), on_delete=models.CASCADE, related_name="actions"
    )
    acted_on = models.DateField(_("行动日期"))
    places = models.CharField(_("行动地点"), max_length=300)
    participating_units = models.CharField(_("参与单位"), max_length=300, blank=True)
    joint = models.BooleanField(_("联合执法"), default=False)
    people_count = models.PositiveIntegerField(_("出动人次"), default=0)
    findings = models.TextField(_("发现问题"), blank=True)
    seizures = models.TextField(_("查扣情况"), blank=True)
    demolished_area_m2 = models.DecimalField(
        _("拆除面积（平方米）"),
        max_digits=10,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(0)],
    )
    demolished_count = models.PositiveIntegerField(_("拆除处数"), default=0)
    straw_burning_stops = models.PositiveIntegerField(_("制止焚烧秸秆（起）"), default=0)
    materials_handed_out = models.PositiveIntegerField(_("发放宣传资料（份）"), default=0)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("专项整治行动")
        verbose_name_plural = _("专项整治行动")
        ordering = ["-acted_on", "-id"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.acted_on}"
