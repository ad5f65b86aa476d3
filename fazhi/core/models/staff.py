"""The staff register kept by 党政办: people and the posts they hold.

A person may have an account (to sign in) and be an enforcement officer (a record of the
enforcement app, named by generic key so that core imports no app); a post is held from `since`
to `until` (open while held), in a department and over a region. Leader posts, 网格长 and
网格警员 of a grid, 第一责任人 and 包案领导 are posts, not login roles: the disclosure staff
directory, the oath duty, 包案 and the grid pages read them (fazhi.core.staff).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.scoping import RegionScoped, ScopedQuerySet, in_force_q, permission_paths


class StaffQuerySet(ScopedQuerySet):
    """The register is read over the reader's regions and the regions above them: a grid
    worker reads their grid's 网格长 and their town's leaders too."""

    def visible_to(self, user):
        paths = permission_paths(user, self.model.read_permission)
        above = sorted({code for p in paths for code in p.split("/")[:-2] if code})
        # the regions above sit in their towns' rows (a county's in its own): town code first
        towns = sorted({code[:9] for code in above})
        return self.filter(
            self._scope_q(user, self.model.read_permission)
            | models.Q(town_code__in=towns, **{f"{self.scope_field}__code__in": above})
        )


class Sex(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Person(RegionScoped):
    """One member of staff (镇村干部, 网格员, 网格警员, 法律顾问 …). `region` is where they work."""

    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=10, choices=Sex.choices, blank=True)
    photo = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_person",
    )
    # the enforcement officer this person is, if any (an app's record: core imports no app)
    officer_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer_id = models.CharField(_("执法人员记录"), max_length=64, blank=True)
    phone = models.CharField(_("办公电话"), max_length=30, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    objects = StaffQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["region__path", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:staff_detail", args=[self.pk])


class PostKind(models.TextChoices):
    LEADER = "leader", _("领导职务")
    STAFF = "staff", _("工作人员")
    FIRST_RESPONSIBLE = "first_responsible", _("法治建设第一责任人")
    CASE_LEADER = "case_leader", _("包案领导")
    GRID_HEAD = "grid_head", _("网格长")
    GRID_WORKER = "grid_worker", _("网格员")
    GRID_POLICE = "grid_police", _("网格警员")
    GRID_MEDIATOR = "grid_mediator", _("调解员")
    LEGAL_ADVISER = "legal_adviser", _("法律顾问")
    OTHER = "other", _("其他")


class TakenBy(models.TextChoices):
    ELECTION = "election", _("选举")
    APPOINTMENT = "appointment", _("任命")
    ENGAGEMENT = "engagement", _("聘用")


class PostQuerySet(StaffQuerySet):
    def current(self, on=None):
        """The posts held on `on` (today)."""
        from django.utils import timezone

        return self.filter(in_force_q(on or timezone.localdate()))


class Post(RegionScoped):
    """A post a person holds: 职务, department, the region it covers, the period, and how it
    was taken (选举 / 任命 / 聘用: the oath duty follows the first two, 宪法宣誓制度 第九条)."""

    person = models.ForeignKey(Person, verbose_name=_("人员"), on_delete=models.PROTECT, related_name="posts")
    title = models.CharField(_("职务"), max_length=100)
    kind = models.CharField(_("类别"), max_length=20, choices=PostKind.choices, default=PostKind.STAFF)
    department = models.CharField(_("部门"), max_length=100, blank=True)
    since = models.DateField(_("任职日期"))
    until = models.DateField(_("离任日期"), null=True, blank=True)
    taken_by = models.CharField(_("产生方式"), max_length=20, choices=TakenBy.choices)
    document = models.CharField(_("任职文件"), max_length=200, blank=True)  # 湘潭县委〔2021〕x号
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("职务")
        verbose_name_plural = _("职务")
        ordering = ["order", "-since", "id"]
        indexes = [models.Index(fields=["kind", "since"], name="core_post_kind_since")]

    def __str__(self) -> str:
        return f"{self.person} · {self.title}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.since and self.until and self.until < self.since:
            raise ValidationError({"until": _("离任日期不能早于任职日期")})

    def held_on(self, on) -> bool:
        return self.since <= on and (self.until is None or on <= self.until)
