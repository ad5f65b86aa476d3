"""Links between records and assignments of records to people, both by generic key.

A `RecordLink` says that one record came from, duplicates or relates to another (a grid event
turned into a dispute, a petition or a case); an `Assignment` gives one user a record for a
purpose and a period (the legal adviser's matter to review). Both belong to the region of the
record they hang from and are read by who may read that record (fazhi.core.scoping).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.scoping import AssignmentQuerySet, OwnedQuerySet, RegionScoped, assignments_changed


class LinkQuerySet(OwnedQuerySet):
    owner_field = "from_type"
    owner_id_field = "from_id"


class RecordLink(RegionScoped):
    """`source` → `target`: the target was created from the source (`created_from`), is a
    duplicate of it, or relates to it. The link lives in the source's region."""

    class Kind(models.TextChoices):
        CREATED_FROM = "created_from", _("由此生成")
        DUPLICATE = "duplicate", _("重复")
        TRANSFERRED = "transferred", _("转办")
        RELATED = "related", _("关联")

    from_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("来源类型")
    )
    from_id = models.CharField(_("来源ID"), max_length=64)
    from_repr = models.CharField(_("来源"), max_length=200)
    to_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("去向类型")
    )
    to_id = models.CharField(_("去向ID"), max_length=64)
    to_repr = models.CharField(_("去向"), max_length=200)
    kind = models.CharField(_("关系"), max_length=20, choices=Kind.choices, default=Kind.CREATED_FROM)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("记录关联")
        verbose_name_plural = _("记录关联")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["from_type", "from_id"], name="core_link_from"),
            models.Index(fields=["to_type", "to_id"], name="core_link_to"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["from_type", "from_id", "to_type", "to_id", "kind"], name="core_link_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_repr} → {self.to_repr} ({self.get_kind_display()})"


class Assignment(RegionScoped):
    """A record given to one user for a purpose (出具法律意见, 包案 …) from `since` to `until`
    (open: until withdrawn). While it is in force the user reads the record whatever their
    regions; writing stays with the roles of the record's region and the actions the app gives
    the assignee."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("事项"), max_length=200)
    purpose = models.CharField(_("事由"), max_length=40)
    since = models.DateField(_("起始日期"))
    until = models.DateField(_("截止日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("分派人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("分派")
        verbose_name_plural = _("分派")
        ordering = ["-since", "-id"]
        indexes = [
            # visible_to's clause: this user's assignments of this model in force
            models.Index(fields=["user", "content_type", "since"], name="core_assignment_user"),
            models.Index(fields=["content_type", "object_id"], name="core_assignment_record"),
        ]

    def __str__(self) -> str:
        return f"{self.object_repr} · {self.user} · {self.purpose}"

    def in_force(self, on) -> bool:
        return self.since <= on and (self.until is None or on <= self.until)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        assignments_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        assignments_changed()
        return result
