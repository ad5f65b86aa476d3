"""Petitions (信访) under the 信访工作条例 (2022, in force 2022-05-01).

- `Matter` (信访事项): one request, with its petitioners (`Petitioner`, personal information
  masked), its form, source and kind; its `state` changes only through
  `fazhi.petitions.workflow.MATTER`. The dates the steps record (`decided_on`, `handled_on`, …)
  and the due days of its clocks (`accept_due_on`, `handle_due_on`) are kept on the matter so
  that the figures are SQL aggregates.
- `Registration`: each time a 信访 body at some level (镇, 县, 市, 省, 国家) registered the matter,
  and whether that level reported it as 非正常. The report's unit 例 is a matter with at least one
  registration at a level dated in the year, each matter counted once: `counted` marks the first
  registration of a matter at a level in a calendar year (kept by `Registration.save` and the
  bulk path through `mark_counted`).
- `Review`: a 复查 or 复核 by the level above (the town records the request, the body, the result).
- `Reception`: a leader's reception (接访, 约访, 下访, 包案回访) with 批次 and 人次.
- `Case` and `CaseNote`: 包案 (the leader, the 责任人, the plan, progress and outcome).
- `Standing`: the year's 三无 checklist, recorded as facts with evidence (a county-defined list,
  `rules.THREE_NONE`), never inferred from counts.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import numbering, roles, timeline
from fazhi.core.models import Region, RegionKind
from fazhi.core.pii import IdNumberField, MobileField
from fazhi.core.scoping import RegionScoped


class PetitionRecord(RegionScoped):
    """Abstract base: read with `petitions.view` over the record's region; a part of a matter
    (`region_from = "matter"`) sits in its matter's region."""

    region_from: str = ""
    read_permission = roles.PETITION_VIEW

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


class Level(models.TextChoices):
    """The levels of 信访 bodies that register a matter (国家信访信息系统)."""

    TOWN = "town", _("镇")
    COUNTY = "county", _("县")
    CITY = "city", _("市")
    PROVINCE = "province", _("省")
    NATIONAL = "national", _("国家")


LEVEL_ORDER = [Level.TOWN, Level.COUNTY, Level.CITY, Level.PROVINCE, Level.NATIONAL]


def town_of(region: Region) -> Region:
    """The town above (or at) `region`: the issuer of a matter's number."""
    if region.kind == RegionKind.TOWN:
        return region
    codes = [c for c in region.path.split("/") if c]
    return Region.objects.filter(code__in=codes, kind=RegionKind.TOWN).first() or region


class Matter(PetitionRecord):
    """信访事项: a request received by the town (登记 starts its clocks)."""

    detail_url_name = "petitions:matter_detail"

    class State(models.TextChoices):
        REGISTERED = "registered", _("已登记")
        RETURNED = "returned", _("已退回（异议）")
        NOT_ACCEPTED = "not_accepted", _("不予受理")
        NOT_AGAIN = "not_again", _("不再受理")
        ACCEPTED = "accepted", _("已受理（办理中）")
        ROUTED = "routed", _("已导入法定途径")
        TRANSFERRED = "transferred", _("已移交纪检监察")
        ANSWERED = "answered", _("已答复")
        RATED = "rated", _("已评价")
        CONCLUDED = "concluded", _("已办结")
        REVIEWING = "reviewing", _("复查中")
        REVIEWED = "reviewed", _("已复查")
        RE_REVIEWING = "re_reviewing", _("复核中")
        FINAL = "final", _("复核终结")

    class Form(models.TextChoices):
        ONLINE = "online", _("信息网络")
        LETTER = "letter", _("书信")
        PHONE = "phone", _("电话")
        FAX = "fax", _("传真")
        VISIT = "visit", _("走访")

    class Source(models.TextChoices):
        OWN = "own", _("本级登记")
        TRANSFERRED = "transferred", _("上级转送")
        ASSIGNED = "assigned", _("上级交办")
        LEADER = "leader", _("领导批办")
        HOTLINE = "hotline", _("12345/领导信箱转办")

    class Kind(models.TextChoices):
        # 信访工作条例 第三十一条: 分类处理
        SUGGESTION = "suggestion", _("建议意见类")
        ACCUSATION = "accusation", _("检举控告类")
        CLAIM = "claim", _("申诉求决类")

    class Category(models.TextChoices):
        # The county's subject list (县信访局 分类目录); a default list until the county sets one.
        LAND = "land", _("土地征收")
        LABOUR = "labour", _("劳动社保")
        RURAL = "rural", _("涉农")
        BUILDING = "building", _("城乡建设")
        ENVIRONMENT = "environment", _("环境")
        LAW = "law", _("涉法涉诉")
        CIVIL = "civil", _("民政")
        EDUCATION = "education", _("教育卫生")
        OTHER = "other", _("其他")

    class Satisfaction(models.TextChoices):
        NONE = "", _("未评价")
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    number = models.CharField(_("编号"), max_length=60, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    received_on = models.DateField(_("收到（登记）日期"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    form = models.CharField(_("信访形式"), max_length=10, choices=Form.choices)
    source = models.CharField(_("来源"), max_length=12, choices=Source.choices, default=Source.OWN)
    sender = models.CharField(_("转送、交办机关"), max_length=100, blank=True)
    sender_reference = models.CharField(_("来文编号"), max_length=100, blank=True)
    sender_deadline = models.DateField(_("交办期限"), null=True, blank=True)
    national_number = models.CharField(_("国家信访信息系统编号"), max_length=40, blank=True)
    title = models.CharField(_("事由"), max_length=200)
    content = models.TextField(_("反映的主要问题"))
    requests = models.TextField(_("诉求"), blank=True)
    kind = models.CharField(_("信访类别"), max_length=12, choices=Kind.choices)
    category = models.CharField(_("内容分类"), max_length=12, choices=Category.choices)
    persons = models.PositiveIntegerField(_("来访人数"), default=1)
    collective = models.BooleanField(_("集体访"), default=False)
    responsible_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("包案领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petition_matters_led",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petition_matters_handled",
    )
    # Repeat detection on intake (a possible repeat is flagged; staff confirm it).
    possible_repeat = models.BooleanField(_("疑似重复信访"), default=False)
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("重复的信访事项"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    same_facts = models.BooleanField(_("经核实以同一事实和理由提出"), default=False)

    state = models.CharField(_("状态"), max_length=14, choices=State.choices, default=State.REGISTERED)
    # What the steps record.
    accept_due_on = models.DateField(_("受理告知期限"), null=True, blank=True)
    object_due_on = models.DateField(_("异议期限"), null=True, blank=True)
    decided_on = models.DateField(_("受理决定日期"), null=True, blank=True)
    decision_reason = models.TextField(_("不予受理、不再受理或退回的理由"), blank=True)
    route_told = models.TextField(_("告知的途径"), blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True)
    handle_due_on = models.DateField(_("办理期限"), null=True, blank=True)
    extended = models.BooleanField(_("已延期"), default=False)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    handled_on = models.DateField(_("办理完毕日期"), null=True, blank=True)
    routed_to = models.CharField(_("导入的法定途径或移交机关"), max_length=100, blank=True)
    facts = models.TextField(_("查明的事实和理由"), blank=True)
    decision = models.TextField(_("处理意见"), blank=True)
    legal_basis = models.TextField(_("法律政策依据"), blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    report_sent_on = models.DateField(_("办结报告报送日期"), null=True, blank=True)
    satisfaction = models.CharField(
        _("评价"), max_length=12, choices=Satisfaction.choices, default="", blank=True
    )
    query_code = models.CharField(_("查询码"), max_length=40, blank=True)
    # 网上信访 (fazhi.petitions.online): the 查询码 given online, kept only as its keyed digest
    # (fazhi.core.intake).
    tracking_digest = models.CharField(
        _("网上查询码摘要"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    rated_on = models.DateField(_("评价日期"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    settled_locally = models.BooleanField(_("在镇化解"), default=False)

    timeline_parts = (
        timeline.Part("petitions.registration", "matter", day="registered_on"),
        timeline.Part("petitions.review", "matter", day="requested_on"),
    )

    class Meta:
        verbose_name = _("信访事项")
        verbose_name_plural = _("信访事项")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["town_code", "received_on"], name="petition_town_received")]

    def __str__(self) -> str:
        return self.number or self.title

    def get_absolute_url(self) -> str:
        return reverse(self.detail_url_name, args=[self.pk])

    @property
    def is_transferred(self) -> bool:
        return self.source in (self.Source.TRANSFERRED, self.Source.ASSIGNED)

    def _first(self):
        people = list(self.petitioners.all())
        return people[0] if people else None

    @property
    def first_name(self) -> str:
        return getattr(self._first(), "name", "")

    @property
    def first_id(self) -> str:
        return getattr(self._first(), "id_number", "")

    @property
    def first_phone(self) -> str:
        return getattr(self._first(), "phone", "")

    @property
    def highest_level(self) -> str:
        levels = {r.level for r in self.registrations.all()}
        for level in reversed(LEVEL_ORDER):
            if level in levels:
                return Level(level).label
        return ""

    def clean(self) -> None:
        errors = {}
        if self.is_transferred and not self.sender:
            errors["sender"] = _("上级转送、交办的信访事项应填写转送、交办机关（信访工作条例第二十三条）")
        if self.source == self.Source.ASSIGNED and not self.sender_deadline:
            errors["sender_deadline"] = _("上级交办的信访事项应填写交办期限")
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = _("收到日期不能晚于今天")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        """Numbered on first save: the town's next number of the year received."""
        with transaction.atomic():
            if not self.sequence and self.region_id and self.received_on:
                town = town_of(self.region)
                self.year = self.received_on.year
                self.sequence, number = numbering.next_number(town, NUMBERS, self.year)
                self.number = self.number or number
            super().save(*args, **kwargs)


def _highest(town, year: int):
    return Matter._base_manager.filter(town_code=town.code, year=year).aggregate(m=Max("sequence"))["m"]


NUMBERS = numbering.Series(
    "petitions.matter",
    pattern="{prefix}信〔{year}〕{seq}号",  # 石鼓信〔2021〕12号
    prefix=lambda town: town.name.removesuffix("镇").removesuffix("街道").removesuffix("乡"),
    highest_issued=_highest,
)


class Petitioner(PetitionRecord):
    """A petitioner (信访人) of a matter; a collective visit marks its representatives."""

    region_from = "matter"
    frozen_with = ("matter",)

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="petitioners"
    )
    name = models.CharField(_("姓名"), max_length=100)
    id_number = IdNumberField(_("身份证号码"), blank=True)
    phone = MobileField(_("联系电话"), blank=True)
    address = models.CharField(_("住址"), max_length=200, blank=True)
    representative = models.BooleanField(_("代表"), default=False)

    pii_fields = {"name": "name", "id_number": "id_number", "phone": "mobile", "address": "address"}

    class Meta:
        verbose_name = _("信访人")
        verbose_name_plural = _("信访人")
        ordering = ["matter", "-representative", "id"]

    def __str__(self) -> str:
        return self.name


class Registration(PetitionRecord):
    """A registration of the matter by a 信访 body at a level, with the 非正常 flag."""

    region_from = "matter"

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="registrations"
    )
    level = models.CharField(_("登记层级"), max_length=10, choices=Level.choices)
    registered_on = models.DateField(_("登记日期"))
    body = models.CharField(_("登记机关"), max_length=100, blank=True)
    abnormal = models.BooleanField(_("非正常上访"), default=False)
    # The first registration of its matter at its level in its calendar year (counted once).
    counted = models.BooleanField(_("计入当年该层级件数"), default=False, editable=False)

    class Meta:
        verbose_name = _("登记记录")
        verbose_name_plural = _("各级登记记录")
        ordering = ["matter", "registered_on", "id"]
        indexes = [models.Index(fields=["level", "registered_on"], name="petition_reg_level_day")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.registered_on}"

    def clean(self) -> None:
        if self.registered_on and self.registered_on > timezone.localdate():
            raise ValidationError({"registered_on": _("登记日期不能晚于今天")})

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            mark_counted([self.matter_id])


def mark_counted(matter_ids) -> None:
    """Mark, for each matter, the first registration at each level in each year as counted."""
    rows = (
        Registration.objects.filter(matter_id__in=list(matter_ids))
        .order_by("matter_id", "level", "registered_on", "id")
        .values_list("id", "matter_id", "level", "registered_on", "counted")
    )
    seen, on, off = set(), [], []
    for pk, matter_id, level, day, counted in rows:
        key = (matter_id, level, day.year)
        first = key not in seen
        seen.add(key)
        if first and not counted:
            on.append(pk)
        elif not first and counted:
            off.append(pk)
    if on:
        Registration.objects.filter(pk__in=on).update(counted=True)
    if off:
        Registration.objects.filter(pk__in=off).update(counted=False)


class Review(PetitionRecord):
    """复查 (信访工作条例 第三十五条) or 复核 (第三十六条) by the level above, as the town records it."""

    region_from = "matter"
    frozen_with = ("matter",)

    class Kind(models.TextChoices):
        REVIEW = "review", _("复查")
        RE_REVIEW = "re_review", _("复核")

    class Result(models.TextChoices):
        PENDING = "", _("尚未作出")
        UPHELD = "upheld", _("维持")
        REVOKED = "revoked", _("撤销")
        CHANGED = "changed", _("变更")

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="reviews"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    requested_on = models.DateField(_("请求日期"))
    body = models.CharField(_("复查（复核）机关"), max_length=100)
    result = models.CharField(_("结果"), max_length=8, choices=Result.choices, default="", blank=True)
    decided_on = models.DateField(_("作出日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("复查复核")
        verbose_name_plural = _("复查复核")
        ordering = ["matter", "requested_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.requested_on}"


class Reception(PetitionRecord):
    """A leader's reception (领导接访, 约访, 下访, 包案回访: 信访工作条例 第十八条)."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("定期接访")
        APPOINTED = "appointed", _("约访")
        DOWN = "down", _("下访")
        FOLLOW_UP = "follow_up", _("包案回访")

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接访领导"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("接访方式"), max_length=10, choices=Kind.choices)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100)
    batches = models.PositiveIntegerField(_("接待批次"), default=1)
    persons = models.PositiveIntegerField(_("接待人次"), default=1)
    matters = models.ManyToManyField(
        Matter, verbose_name=_("登记的信访事项"), blank=True, related_name="receptions"
    )
    settled = models.PositiveIntegerField(_("当场化解"), default=0)
    handed_on = models.TextField(_("交办事项及期限"), blank=True)
    note = models.TextField(_("接访情况"), blank=True)

    class Meta:
        verbose_name = _("领导接访")
        verbose_name_plural = _("领导接访")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()} {self.place}"

    def get_absolute_url(self) -> str:
        return reverse("petitions:reception_list")

    def clean(self) -> None:
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("接访日期不能晚于今天")})
        if self.batches and self.persons is not None and self.persons < self.batches:
            raise ValidationError({"persons": _("接待人次不能少于接待批次")})


class Case(PetitionRecord):
    """包案: a leader takes a matter personally (信访工作条例 第十八条), with a plan and an outcome."""

    region_from = "matter"

    class Outcome(models.TextChoices):
        OPEN = "", _("化解中")
        RESOLVED = "resolved", _("化解")
        DESISTED = "desisted", _("息诉罢访")
        ROUTED = "routed", _("导入法定途径")
        UNRESOLVED = "unresolved", _("未化解")

    matter = models.ForeignKey(
        Matter, verbose_name=_("信访事项"), on_delete=models.CASCADE, related_name="cases"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("包案领导"), on_delete=models.PROTECT, related_name="+"
    )
    handler = models.CharField(_("责任人"), max_length=100, blank=True)
    plan = models.TextField(_("化解方案"))
    target_on = models.DateField(_("目标化解日期"))
    outcome = models.CharField(_("化解结果"), max_length=10, choices=Outcome.choices, default="", blank=True)
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    statement_signed = models.BooleanField(_("已签署息诉罢访承诺书"), default=False)

    class Meta:
        verbose_name = _("包案")
        verbose_name_plural = _("包案")
        ordering = ["target_on", "id"]

    def __str__(self) -> str:
        return f"{self.matter} {self.leader}"

    def clean(self) -> None:
        if self.outcome and not self.outcome_on:
            raise ValidationError({"outcome_on": _("记录化解结果时应填写结果日期")})
        if self.statement_signed and self.outcome != self.Outcome.DESISTED:
            raise ValidationError({"statement_signed": _("息诉罢访承诺书仅在结果为息诉罢访时登记")})


class CaseNote(PetitionRecord):
    """A progress note of a 包案."""

    region_from = "case"

    case = models.ForeignKey(Case, verbose_name=_("包案"), on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("日期"), default=dt.date.today)
    text = models.TextField(_("进展情况"))

    class Meta:
        verbose_name = _("包案进展")
        verbose_name_plural = _("包案进展")
        ordering = ["case", "noted_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.noted_on}"


class Standing(PetitionRecord):
    """One item of a town's 三无 checklist for a year, recorded as a fact with its evidence."""

    year = models.PositiveSmallIntegerField(_("年度"))
    item = models.CharField(_("事项"), max_length=40)
    met = models.BooleanField(_("符合"))
    evidence = models.TextField(_("依据和证明材料"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("三无创建事项")
        verbose_name_plural = _("三无创建")
        ordering = ["-year", "item"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "item"], name="petition_standing_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.item}"

    def get_absolute_url(self) -> str:
        return reverse("petitions:standing_list")
