"""Legal education (普法), cadres' study (学法) and constitutional oaths (宪法宣誓).

- `KeyDate`: the county's calendar of key publicity dates (国家宪法日 12·4, 4·15, 6·26, …);
- `DutyItem`: an item of the 普法责任清单 ("谁执法谁普法": content, responsible leader, person and
  office, audience, channel, method);
- `Activity`: a 普法 activity with its outputs (audience 人次, materials, banners, posters,
  consultations); photos are core attachments of the activity;
- `Board` and `BoardUpdate`: publicity boards and places (法治宣传栏, LED屏, 法治文化广场…) and each
  content update; a board is due when `rules.BOARD_UPDATE_MONTHS` pass without an update;
- `StudyPlan`, `StudySession` and `Attendance`: the leaders' study plan, the sessions and
  trainings, who attended (people of the staff register, core.Person) and their hours;
- `Oath` and `OathTaker`: a 宪法宣誓 ceremony (全国人大常委会关于实行宪法宣誓制度的决定, 2018) and
  those who swore, with the post (core.Post) that brought them to it.

Every record is read with `education.view` over its region and written with `education.record`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.models import TakenBy
from fazhi.core.scoping import RegionScoped, ScopedQuerySet, permission_paths, records_q
from fazhi.education import rules


class EducationRecord(RegionScoped):
    """Abstract base: read with `education.view`; a part (`region_from`) sits in its parent's
    region."""

    region_from: str = ""
    read_permission = roles.EDUCATION_VIEW

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


class Theme(models.TextChoices):
    """普法 themes (the county calendar's special themes and the usual campaigns)."""

    CONSTITUTION = "constitution", _("宪法宣传")
    CIVIL_CODE = "civil_code", _("民法典宣传")
    DRUGS = "drugs", _("禁毒")
    CULTS = "cults", _("反邪教")
    GANGS = "gangs", _("扫黑除恶")
    SECURITY = "security", _("国家安全")
    FRAUD = "fraud", _("防范电信网络诈骗")
    SAFETY = "safety", _("安全生产")
    ENVIRONMENT = "environment", _("生态环境保护")
    MINORS = "minors", _("未成年人保护")
    WOMEN = "women", _("妇女儿童权益保护")
    RURAL = "rural", _("乡村振兴与农村法律")
    OTHER = "other", _("其他")


class CalendarQuerySet(ScopedQuerySet):
    """A calendar set above a reader applies to them: a town's reader sees the county's key
    dates (the regions above theirs) besides those of their own regions."""

    def visible_to(self, user):
        paths = permission_paths(user, self.model.read_permission)
        above = {code for path in paths for code in path.strip("/").split("/")}
        return self.filter(records_q(paths) | models.Q(region__code__in=above))


class KeyDate(EducationRecord):
    """A key publicity date of the county calendar (imported from Excel), e.g. 12·4 国家宪法日;
    read by every reader below the region that set it."""

    objects = CalendarQuerySet.as_manager()

    name = models.CharField(_("名称"), max_length=100)
    month = models.PositiveSmallIntegerField(_("月"))
    day = models.PositiveSmallIntegerField(_("日"))
    theme = models.CharField(_("主题"), max_length=16, choices=Theme.choices, default=Theme.OTHER)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("普法重点日期")
        verbose_name_plural = _("普法重点日期")
        ordering = ["month", "day", "id"]

    def __str__(self) -> str:
        return f"{self.month}·{self.day} {self.name}"

    def clean(self) -> None:
        try:
            dt.date(2000, self.month or 0, self.day or 0)  # 2000 is a leap year: 2·29 is allowed
        except ValueError:
            raise ValidationError(
                {"day": _("日期无效：%(m)s月没有%(d)s日") % {"m": self.month, "d": self.day}}
            ) from None

    def get_absolute_url(self) -> str:
        return reverse("education:keydate_list")


class DutyItem(EducationRecord):
    """An item of the 普法责任清单 ("谁执法谁普法")."""

    year = models.PositiveSmallIntegerField(_("年度"))
    content = models.CharField(_("普法内容"), max_length=200)
    leader = models.CharField(_("责任领导"), max_length=50, blank=True)
    person = models.CharField(_("责任人"), max_length=50, blank=True)
    office = models.CharField(_("责任单位（处室）"), max_length=100)
    audience = models.CharField(_("普法对象"), max_length=100, blank=True)
    channel = models.CharField(_("学习宣传载体"), max_length=100, blank=True)
    method = models.CharField(_("方式措施"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("普法责任清单事项")
        verbose_name_plural = _("普法责任清单")
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.year} {self.content}"

    def get_absolute_url(self) -> str:
        return reverse("education:duty_list")


class Activity(EducationRecord):
    """A 普法 activity (普法宣传活动) and what it produced."""

    detail_url_name = "education:activity_detail"

    held_on = models.DateField(_("活动日期"), db_index=True)
    title = models.CharField(_("活动名称"), max_length=200)
    theme = models.CharField(_("主题"), max_length=16, choices=Theme.choices)
    key_date = models.ForeignKey(
        KeyDate,
        verbose_name=_("所属重点日期"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    duty_item = models.ForeignKey(
        DutyItem,
        verbose_name=_("落实的普法责任清单事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    organizers = models.CharField(_("组织单位"), max_length=200, help_text=_("多个单位用顿号分隔"))
    place = models.CharField(_("地点"), max_length=200)
    audience = models.PositiveIntegerField(_("受众（人次）"), default=0)
    materials = models.PositiveIntegerField(_("发放宣传资料（份）"), default=0)
    banners = models.PositiveIntegerField(_("悬挂横幅（条）"), default=0)
    posters = models.PositiveIntegerField(_("张贴宣传画（张）"), default=0)
    consultations = models.PositiveIntegerField(_("现场咨询（人次）"), default=0)
    advisers = models.CharField(_("参与的法律顾问"), max_length=200, blank=True)
    legal_persons = models.CharField(_("参与的法律明白人"), max_length=200, blank=True)
    summary = models.TextField(_("活动情况"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("普法活动")
        verbose_name_plural = _("普法活动")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("education:activity_detail", args=[self.pk])


class Board(EducationRecord):
    """A publicity board or place (法治宣传阵地) kept up to date."""

    class Kind(models.TextChoices):
        BOARD = "board", _("法治宣传栏")
        LED = "led", _("LED屏")
        SQUARE = "square", _("法治文化广场")
        GALLERY = "gallery", _("法治文化长廊")
        VILLAGE = "village", _("村法治宣传阵地")

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.BOARD)
    place = models.CharField(_("位置"), max_length=200)
    since = models.DateField(_("设立日期"))
    office = models.CharField(_("负责单位"), max_length=100, default="司法所")
    retired_on = models.DateField(_("撤除日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("法治宣传阵地")
        verbose_name_plural = _("法治宣传阵地")
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("education:board_detail", args=[self.pk])

    def clean(self) -> None:
        if self.since and self.retired_on and self.retired_on < self.since:
            raise ValidationError({"retired_on": _("撤除日期不能早于设立日期")})


class BoardUpdate(EducationRecord):
    """One content update of a board (更新宣传内容)."""

    region_from = "board"

    board = models.ForeignKey(
        Board, verbose_name=_("宣传阵地"), on_delete=models.PROTECT, related_name="updates"
    )
    updated_on = models.DateField(_("更新日期"), db_index=True)
    content = models.CharField(_("更新内容"), max_length=300)

    class Meta:
        verbose_name = _("宣传内容更新")
        verbose_name_plural = _("宣传内容更新")
        ordering = ["-updated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.board} {self.updated_on}"

    def get_absolute_url(self) -> str:
        return reverse("education:board_detail", args=[self.board_id])

    def clean(self) -> None:
        board = getattr(self, "board", None) if self.board_id else None
        if board is not None and self.updated_on and self.updated_on < board.since:
            raise ValidationError({"updated_on": _("更新日期不能早于宣传阵地的设立日期")})


class StudyPlan(EducationRecord):
    """A year's study plan of the leading cadres (领导干部学法计划) and the study system."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=200)
    adopted_on = models.DateField(_("制定日期"))
    content = models.TextField(_("学习内容安排"))

    class Meta:
        verbose_name = _("学法计划")
        verbose_name_plural = _("学法计划")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("education:study_list") + f"?year={self.year}"


class StudySession(EducationRecord):
    """A study session or training (学法、培训) and its attendances."""

    class Kind(models.TextChoices):
        CENTER_GROUP = "center_group", _("党委理论学习中心组集体学法")
        PRE_MEETING = "pre_meeting", _("政府常务会议会前学法")
        ENFORCEMENT = "enforcement", _("执法人员培训")
        TRIAL = "trial", _("旁听庭审")
        EXAM = "exam", _("学法用法考试")
        COUNTY = "county", _("参加县级培训")
        OTHER = "other", _("其他学法活动")

    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    held_on = models.DateField(_("日期"), db_index=True)
    topic = models.CharField(_("学习内容"), max_length=200)
    hours = models.DecimalField(
        _("学时"), max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))]
    )
    place = models.CharField(_("地点"), max_length=100, blank=True)
    led_by = models.ForeignKey(
        "core.Person",
        verbose_name=_("主持（领学）人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan = models.ForeignKey(
        StudyPlan,
        verbose_name=_("所属学法计划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    materials = models.TextField(_("学习材料"), blank=True)

    class Meta:
        verbose_name = _("学法活动")
        verbose_name_plural = _("学法与培训")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("education:study_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # an attendance carries its session's day and region (figures place it by its own field)
        for attendance in self.attendances.exclude(held_on=self.held_on):
            attendance.save()


class Attendance(EducationRecord):
    """One person's attendance at a session: their hours (the session's unless they left early)
    and, for an exam, the score."""

    region_from = "session"

    session = models.ForeignKey(
        StudySession, verbose_name=_("学法活动"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "core.Person", verbose_name=_("参加人员"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("日期"), db_index=True, editable=False)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)])
    score = models.DecimalField(_("考试成绩"), max_digits=5, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("参学记录")
        verbose_name_plural = _("参学记录")
        ordering = ["session", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="education_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"

    def get_absolute_url(self) -> str:
        return reverse("education:study_detail", args=[self.session_id])

    def save(self, *args, **kwargs):
        if self.session_id:
            self.held_on = self.session.held_on
            if self.hours is None:
                self.hours = self.session.hours
        super().save(*args, **kwargs)


class Oath(EducationRecord):
    """A 宪法宣誓 ceremony (全国人大常委会关于实行宪法宣誓制度的决定, revised 2018-02-24)."""

    class Form(models.TextChoices):
        SINGLE = "single", _("单独宣誓")
        COLLECTIVE = "collective", _("集体宣誓")

    class Display(models.TextChoices):
        FLAG = "flag", _("悬挂国旗")
        EMBLEM = "emblem", _("悬挂国徽")
        BOTH = "both", _("悬挂国旗和国徽")
        NONE = "none", _("未悬挂")

    class Text(models.TextChoices):
        V2018 = "2018", _("2018年誓词")
        V2015 = "2015", _("2015年誓词")

    sworn_on = models.DateField(_("宣誓日期"), db_index=True)
    place = models.CharField(_("宣誓地点"), max_length=200)
    occasion = models.CharField(
        _("场合"), max_length=200, help_text=_("如：石鼓镇第七届人民代表大会第一次会议")
    )
    organizer = models.CharField(_("组织机关"), max_length=100)
    form = models.CharField(_("宣誓形式"), max_length=12, choices=Form.choices)
    leader = models.ForeignKey(
        "core.Person",
        verbose_name=_("领誓人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    text_version = models.CharField(_("誓词版本"), max_length=4, choices=Text.choices, default=Text.V2018)
    display = models.CharField(_("国旗国徽"), max_length=8, choices=Display.choices, default=Display.FLAG)
    anthem = models.BooleanField(_("奏唱国歌"), default=True)
    supervisor = models.CharField(
        _("监誓人"), max_length=50, blank=True, help_text=_("国家决定未设监誓人；省级办法有规定的填写")
    )
    note = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("宪法宣誓")
        verbose_name_plural = _("宪法宣誓")
        ordering = ["-sworn_on", "-id"]

    def __str__(self) -> str:
        return f"{self.sworn_on} {self.occasion}"

    def get_absolute_url(self) -> str:
        return reverse("education:oath_detail", args=[self.pk])

    def clean(self) -> None:
        errors = rules.oath_errors(self)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        for taker in self.takers.exclude(sworn_on=self.sworn_on):
            taker.save()


class OathTaker(EducationRecord):
    """One person who swore at a ceremony, with the post that brought them to it."""

    region_from = "oath"

    oath = models.ForeignKey(
        Oath, verbose_name=_("宪法宣誓"), on_delete=models.CASCADE, related_name="takers"
    )
    person = models.ForeignKey(
        "core.Person", verbose_name=_("宣誓人"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.ForeignKey(
        "core.Post", verbose_name=_("职务"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("职务名称"), max_length=100)
    taken_by = models.CharField(_("产生方式"), max_length=20, choices=TakenBy.choices)
    sworn_on = models.DateField(_("宣誓日期"), db_index=True, editable=False)

    class Meta:
        verbose_name = _("宣誓人")
        verbose_name_plural = _("宣誓人")
        ordering = ["oath", "id"]
        constraints = [models.UniqueConstraint(fields=["oath", "person"], name="education_oath_taker_once")]

    def __str__(self) -> str:
        return f"{self.person} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("education:oath_detail", args=[self.oath_id])

    def clean(self) -> None:
        if self.post_id and self.person_id and self.post.person_id != self.person_id:
            raise ValidationError({"post": _("所选职务不是该宣誓人的职务")})

    def save(self, *args, **kwargs):
        if self.oath_id:
            self.sworn_on = self.oath.sworn_on
        if self.post_id and not self.title:
            self.title = self.post.title
        super().save(*args, **kwargs)
