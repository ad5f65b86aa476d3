"""Grid governance: a profile per grid, event categories, events (the closed loop) and patrols.

A grid is core's region of kind grid; `GridProfile` adds what a map needs (boundary, centroid,
level label) one-to-one, with no second grid table. An event's `state` is the state of
`fazhi.grid.workflow.EVENT`: nothing but `Workflow.fire` assigns it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.ledgered import Ledgered
from fazhi.core.models import RegionKind
from fazhi.core.scoping import RegionScoped


class GridProfile(RegionScoped):
    """What the grid app adds to a region of kind grid: its boundary and centroid for the map
    and its level label (一级/二级/三级/四级网格, as the town names them)."""

    region = models.OneToOneField(
        "core.Region",
        verbose_name=_("网格"),
        on_delete=models.PROTECT,
        related_name="grid_profile",
        limit_choices_to={"kind": RegionKind.GRID},
    )
    boundary = models.TextField(_("边界（GeoJSON）"), blank=True)
    centroid_lat = models.DecimalField(_("中心点纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    centroid_lng = models.DecimalField(_("中心点经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    level_label = models.CharField(_("网格层级"), max_length=20, blank=True)
    established_on = models.DateField(_("划定日期"), default=timezone.localdate)
    dissolved_on = models.DateField(
        _("撤销日期"), null=True, blank=True, help_text=_("网格调整撤销后填写，记录保留")
    )

    read_permission = roles.GRID_VIEW

    class Meta:
        verbose_name = _("网格信息")
        verbose_name_plural = _("网格信息")
        ordering = ["region__path"]

    def __str__(self) -> str:
        return str(self.region)

    def clean(self) -> None:
        if self.region_id and self.region.kind != RegionKind.GRID:
            raise ValidationError({"region": _("网格信息只能登记在类型为网格的区划上")})


class EventCategory(Ledgered, models.Model):
    """大类/小类 of grid events: a group (大类, `parent` empty) or a category under one. The
    category tree is the county's (one table for every town); a category that is not public
    (`is_public` False: 矛盾纠纷, 违法线索, 禁毒, 反邪教, 治安隐患 by default) never appears in a
    public output."""

    code = models.CharField(_("类别代码"), max_length=20, unique=True)
    name = models.CharField(_("类别名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属大类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    handling_unit = models.CharField(_("默认处置单位"), max_length=50, blank=True)
    is_public = models.BooleanField(_("可公开"), default=True)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    # The category's own time limits (empty: the county rule's, fazhi.grid.rules): 受理 in
    # working hours, 办理 and 核查 in working days.
    accept_hours = models.PositiveSmallIntegerField(_("受理时限（工作小时）"), null=True, blank=True)
    handle_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), null=True, blank=True)
    check_days = models.PositiveSmallIntegerField(_("核查时限（工作日）"), null=True, blank=True)

    class Meta:
        verbose_name = _("事件类别")
        verbose_name_plural = _("事件类别")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.parent.name}／{self.name}" if self.parent_id else self.name

    def clean(self) -> None:
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("事件类别只分大类和小类两级")})

    @property
    def group(self) -> EventCategory:
        """The 大类 (the category itself when it is one)."""
        return self.parent if self.parent_id else self


# the 小类 of 矛盾纠纷 and the dispute type (司法部 统计报表) a dispute made from one starts with
DISPUTE_TYPES = {"0101": "neighbour", "0102": "family", "0103": "land"}


class Event(RegionScoped):
    """A grid event (网格事件): reported in a grid, accepted, dispatched to a village or a town
    office, handled, resolved with its kind, checked, followed up and archived
    (`fazhi.grid.workflow.EVENT`)."""

    class State(models.TextChoices):
        REPORTED = "reported", _("已上报")
        ACCEPTED = "accepted", _("已受理")
        REJECTED = "rejected", _("不予受理")
        CANCELLED = "cancelled", _("已注销")
        DISPATCHED = "dispatched", _("已分派")
        HANDLING = "handling", _("处置中")
        RESOLVED = "resolved", _("已办结")
        CHECKED = "checked", _("已核查")
        FOLLOWED_UP = "followed_up", _("已回访")
        ARCHIVED = "archived", _("已归档")

    class Source(models.TextChoices):
        PATROL = "patrol", _("网格员巡查")
        VISIT = "visit", _("群众来访来电")
        HOTLINE = "hotline", _("12345热线转办")
        SUPERIOR = "superior", _("上级交办")
        DEPARTMENT = "department", _("部门移送")
        OPEN311 = "open311", _("Open311")
        OTHER = "other", _("其他")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("一般")
        URGENT = "urgent", _("紧急")

    class DismissReason(models.TextChoices):
        NOT_GRID = "not_grid", _("不属于网格事项")
        DUPLICATE = "duplicate", _("重复上报")
        INVALID = "invalid", _("无效信息")

    class ResolutionKind(models.TextChoices):
        PROCEDURAL = "procedural", _("程序性办结")
        STAGED = "staged", _("阶段性办结")
        SUBSTANTIVE = "substantive", _("实质性办结")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        FAIRLY = "fairly", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    OPEN_STATES = (
        State.REPORTED,
        State.ACCEPTED,
        State.DISPATCHED,
        State.HANDLING,
        State.RESOLVED,
    )
    CLOSED_STATES = (State.CHECKED, State.FOLLOWED_UP, State.ARCHIVED)

    category = models.ForeignKey(
        EventCategory, verbose_name=_("事件类别"), on_delete=models.PROTECT, related_name="events"
    )
    source = models.CharField(_("事件来源"), max_length=12, choices=Source.choices, default=Source.PATROL)
    description = models.TextField(_("事件描述"))
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("发生地点"), max_length=200, blank=True)
    urgency = models.CharField(_("紧急程度"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    reported_at = models.DateTimeField(_("上报时间"))
    # The local day of `reported_at` (set on save, and by the bulk path): what places an event in
    # a figure's period.
    reported_on = models.DateField(_("上报日期"), editable=False, db_index=True, null=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Offline capture (the phone keeps the draft until the network returns): when the worker
    # captured it on the phone; `reported_at` is when it reached the server (the 受理 clock starts
    # then: the office cannot accept what it has not received). Empty for a report sent at once.
    captured_at = models.DateTimeField(_("现场采集时间"), null=True, blank=True)
    # The phone's idempotency key of the draft: a retry of the same draft by the same reporter
    # returns the first event instead of a second one.
    client_key = models.CharField(_("上报标识"), max_length=64, blank=True, editable=False)
    # The citizen who raised it (来访、来电): personal information, masked for other readers.
    citizen_name = models.CharField(_("反映人姓名"), max_length=50, blank=True)
    citizen_phone = models.CharField(_("反映人联系电话"), max_length=20, blank=True)

    state = models.CharField(_("事件状态"), max_length=12, choices=State.choices, default=State.REPORTED)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    # The local day of `accepted_at` (set on save, and by the bulk path): what places an accepted
    # 矛盾纠纷 event among the period's 排查登记 (grid.dispute_events).
    accepted_on = models.DateField(_("受理日期"), editable=False, db_index=True, null=True)
    dismiss_reason = models.CharField(
        _("不予受理或注销理由"), max_length=10, choices=DismissReason.choices, blank=True
    )
    dismiss_note = models.TextField(_("不予受理或注销说明"), blank=True)
    dispatched_at = models.DateTimeField(_("分派时间"), null=True, blank=True)
    dispatched_to = models.ForeignKey(
        "core.Region",
        verbose_name=_("分派至村（社区）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": RegionKind.VILLAGE},
    )
    dispatched_office = models.CharField(_("分派至镇直部门"), max_length=50, blank=True)
    # Who dispatched it (kept through a 回退: the record of who sent it where stays).
    dispatched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分派人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 回退: the unit that returned a misrouted event, why and when (the last return).
    returned_from = models.CharField(_("回退单位"), max_length=50, blank=True)
    return_reason = models.TextField(_("回退理由"), blank=True)
    returned_at = models.DateTimeField(_("回退时间"), null=True, blank=True)
    return_count = models.PositiveSmallIntegerField(_("回退次数"), default=0)
    handling_note = models.TextField(_("处置情况"), blank=True)
    # 延期申请: the handling unit asks for more working days on the 办理 clock; the governance
    # office approves (core's deadline extension, ledgered) or refuses. The last request stays.
    extension_status = models.CharField(
        _("延期申请状态"),
        max_length=10,
        blank=True,
        choices=[("requested", _("待审批")), ("approved", _("已批准")), ("refused", _("未批准"))],
    )
    extension_days = models.PositiveSmallIntegerField(_("申请延长工作日"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extension_requested_at = models.DateTimeField(_("延期申请时间"), null=True, blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("延期申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    extension_note = models.TextField(_("延期审批意见"), blank=True)
    # 缓办: the handling unit asks to pause the 办理 clock (a matter that cannot go on for now);
    # the governance office approves (core's pause, ledgered) or refuses; 恢复办理 starts the clock
    # again. While `suspended_at` is set the event is out of the bases of 结案率 and 按期结案率.
    suspension_status = models.CharField(
        _("缓办申请状态"),
        max_length=10,
        blank=True,
        choices=[
            ("requested", _("待审批")),
            ("approved", _("缓办中")),
            ("refused", _("未批准")),
            ("resumed", _("已恢复办理")),
        ],
    )
    suspension_reason = models.TextField(_("缓办理由"), blank=True)
    suspension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("缓办申请人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    suspension_note = models.TextField(_("缓办审批意见"), blank=True)
    suspended_at = models.DateTimeField(_("缓办开始时间"), null=True, blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("缓办批准人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resumed_at = models.DateTimeField(_("恢复办理时间"), null=True, blank=True)
    # 历史遗留: the governance office flags a matter left over from the past (with the reason);
    # the list filters on it. Ledgered like every change of the event.
    is_legacy = models.BooleanField(_("历史遗留"), default=False)
    legacy_reason = models.TextField(_("历史遗留说明"), blank=True)
    legacy_marked_at = models.DateTimeField(_("标记历史遗留时间"), null=True, blank=True)
    legacy_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("标记人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 越级: the event went over a level (to a county department, skipping the town's dispatch);
    # the unit it went to, why, when and by whom — the original dispatch stays on the record.
    leapfrog_to = models.CharField(_("越级至"), max_length=100, blank=True)
    leapfrog_reason = models.TextField(_("越级理由"), blank=True)
    leapfrogged_at = models.DateTimeField(_("越级时间"), null=True, blank=True)
    leapfrogged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("越级经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # 领导批示: the town leader's latest instruction on the event (every one is in the ledger).
    instruction = models.TextField(_("领导批示"), blank=True)
    instructed_at = models.DateTimeField(_("批示时间"), null=True, blank=True)
    instructed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批示领导"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    resolution_kind = models.CharField(
        _("办结类型"), max_length=12, choices=ResolutionKind.choices, blank=True
    )
    resolution = models.TextField(_("办结情况"), blank=True)
    checked_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    check_note = models.TextField(_("核查意见"), blank=True)
    rework_count = models.PositiveSmallIntegerField(_("返工次数"), default=0)
    satisfaction = models.CharField(_("回访评价"), max_length=12, choices=Satisfaction.choices, blank=True)
    satisfaction_comment = models.TextField(_("回访意见"), blank=True)
    followed_up_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    # What the public (the Open311 interface) may read: the description only once staff have
    # reviewed it (`public_reviewed_at`), and the last public note (公开答复) as its status note;
    # never for a category that is not public.
    public_note = models.TextField(_("公开答复"), blank=True)
    public_reviewed_at = models.DateTimeField(_("公开审核时间"), null=True, blank=True)
    public_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公开审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The client system that posted it through Open311 (source "Open311").
    open311_client = models.ForeignKey(
        "grid.Open311Client",
        verbose_name=_("Open311接入系统"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)

    read_permission = roles.GRID_VIEW
    pii_fields = {"citizen_name": "name", "citizen_phone": "mobile"}
    # 抄告: a copy goes to another village's cadres as an assignment (fazhi.core.links), which
    # they then read while it is in force; reading only.
    assignable = True

    class Meta:
        verbose_name = _("网格事件")
        verbose_name_plural = _("网格事件")
        ordering = ["-reported_at", "-id"]
        indexes = [models.Index(fields=["town_code", "state", "reported_at"], name="grid_event_town_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "client_key"],
                condition=~models.Q(client_key=""),
                name="grid_event_one_per_client_key",
            )
        ]

    def __str__(self) -> str:
        return _("%(category)s事件（%(day)s）") % {
            "category": self.category.name if self.category_id else "",
            "day": self.reported_at.date().isoformat() if self.reported_at else "",
        }

    def get_absolute_url(self) -> str:
        return reverse("grid:event_detail", args=[self.pk])

    def save(self, *args, **kwargs):
        for moment, day in (("reported_at", "reported_on"), ("accepted_at", "accepted_on")):
            value = getattr(self, moment)
            setattr(self, day, timezone.localdate(value) if value is not None else None)
            fields = kwargs.get("update_fields")
            if fields is not None and moment in fields and day not in fields:
                kwargs["update_fields"] = [*fields, day]
        super().save(*args, **kwargs)

    @property
    def suspended(self) -> bool:
        """缓办 approved and not resumed: out of the rates' bases."""
        return self.suspended_at is not None

    @property
    def solved(self) -> bool:
        """Only a 实质性办结 counts as solved (程序性/阶段性 do not)."""
        return self.resolution_kind == self.ResolutionKind.SUBSTANTIVE

    def dispute_initial(self, user) -> dict:
        """What a dispute registered from this event starts with (mediation's 转为矛盾纠纷调解,
        fazhi.mediation.conversion): the place, the facts, the type by the 小类, a referral
        from the grid, and the citizen as applicant when `user` may read them in full."""
        from fazhi.core import pii

        category = self.category
        initial = {
            "region": self.region_id,
            "title": f"{category.name}：{self.description[:40]}",
            "summary": "\n".join(p for p in (self.description, self.address) if p),
            "dispute_type": DISPUTE_TYPES.get(category.code, "other"),
            "source": "referral",
            "referred_by": _("网格化服务管理中心（网格事件转来）"),
            "referral_reference": str(self)[:100],
            "registered_on": timezone.localdate(),
        }
        if self.citizen_name and pii.may_see_full(user, self):
            initial.update(applicant_name=self.citizen_name, applicant_phone=self.citizen_phone)
        return initial

    @property
    def dispatched_label(self) -> str:
        return str(self.dispatched_to) if self.dispatched_to_id else self.dispatched_office


class PatrolLog(RegionScoped):
    """巡查/走访: a grid worker's patrol of their grid on one day."""

    day = models.DateField(_("巡查日期"))
    households_visited = models.PositiveIntegerField(_("走访户数"), default=0)
    notes = models.TextField(_("巡查情况"), blank=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("网格员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)

    read_permission = roles.GRID_VIEW

    class Meta:
        verbose_name = _("巡查记录")
        verbose_name_plural = _("巡查记录")
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return _("%(grid)s %(day)s巡查") % {"grid": self.region, "day": self.day.isoformat()}

    def clean(self) -> None:
        if self.region_id and self.region.kind != RegionKind.GRID:
            raise ValidationError({"region": _("巡查记录应登记在网格上")})
        if self.day and self.day > timezone.localdate():
            raise ValidationError({"day": _("巡查日期不能晚于今天")})


class Supervision(RegionScoped):
    """督办 of an open event: 普通, 黄牌 or 红牌 (the governance office presses the unit it went to),
    with a note; cancelled (取消督办), never deleted. Each issue and cancellation is ledgered."""

    class Level(models.IntegerChoices):
        NORMAL = 1, _("普通督办")
        YELLOW = 2, _("黄牌督办")
        RED = 3, _("红牌督办")

    event = models.ForeignKey(
        Event, verbose_name=_("网格事件"), on_delete=models.PROTECT, related_name="supervisions"
    )
    level = models.PositiveSmallIntegerField(_("督办级别"), choices=Level.choices)
    note = models.TextField(_("督办意见"))
    issued_at = models.DateTimeField(_("督办时间"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("督办人"), on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取消人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_sample = models.BooleanField(_("示例数据"), default=False)

    read_permission = roles.GRID_VIEW

    class Meta:
        verbose_name = _("事件督办")
        verbose_name_plural = _("事件督办")
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return _("%(event)s %(level)s") % {"event": self.event, "level": self.get_level_display()}

    def get_absolute_url(self) -> str:
        return self.event.get_absolute_url() + "#supervision"

    @property
    def active(self) -> bool:
        return self.cancelled_at is None


class Open311Client(Ledgered, models.Model):
    """A client system allowed to post service requests through Open311 (GeoReport v2) into
    one town: its api_key is shown once at issue and only its digest is kept; revoked, never
    deleted (its events keep pointing at it)."""

    name = models.CharField(_("接入系统名称"), max_length=100)
    town = models.ForeignKey(
        "core.Region",
        verbose_name=_("所属乡镇"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": RegionKind.TOWN},
    )
    prefix = models.CharField(_("密钥前缀"), max_length=8)
    digest = models.CharField(_("密钥摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("签发时间"), default=timezone.now)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    ledger_exclude = ("digest",)  # the ledger records the issue and the prefix, not the key's digest

    class Meta:
        verbose_name = _("Open311接入系统")
        verbose_name_plural = _("Open311接入系统")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"
