from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.core.ledgered import Ledgered


class RegionKind(models.TextChoices):
    COUNTY = "county", _("县")
    TOWN = "town", _("镇（街道）")
    VILLAGE = "village", _("村（社区）")
    GRID = "grid", _("网格")


# 统计用区划代码: 6 digits for a county, 9 for a town, 12 for a village; a grid extends its
# village's code (here by three digits).
CODE_LENGTHS = {RegionKind.COUNTY: 6, RegionKind.TOWN: 9, RegionKind.VILLAGE: 12, RegionKind.GRID: 15}
PARENT_KIND = {
    RegionKind.TOWN: RegionKind.COUNTY,
    RegionKind.VILLAGE: RegionKind.TOWN,
    RegionKind.GRID: RegionKind.VILLAGE,
}


class RegionQuerySet(models.QuerySet):
    def subtree(self, region: Region) -> RegionQuerySet:
        """The region and everything under it: one indexed prefix filter on the path."""
        return self.filter(path__startswith=region.path)

    def of_kind(self, kind: str) -> RegionQuerySet:
        return self.filter(kind=kind)

    def visible_to(self, user) -> RegionQuerySet:
        """The regions under the user's memberships (their own subtrees)."""
        from fazhi.core.scoping import paths_q

        return self.filter(paths_q(user, "path"))

    def writable_by(self, user, permission: str) -> RegionQuerySet:
        """The regions in which `user` may place or change a record under `permission`: the
        subtrees of the memberships whose role carries it."""
        from fazhi.core.scoping import paths_q

        return self.filter(paths_q(user, "path", permission))


class Region(Ledgered, models.Model):
    """A node of the region tree: county → town → village → grid."""

    code = models.CharField(_("区划代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=RegionKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialized path: the codes from the root down, each followed by "/". Indexed, so
    # "everything under this town" is path LIKE '430321100/%' on one index.
    path = models.CharField(_("路径"), max_length=200, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("层级"), editable=False, default=0)
    households = models.PositiveIntegerField(_("户数"), null=True, blank=True)
    population = models.PositiveIntegerField(_("人口"), null=True, blank=True)
    is_sample = models.BooleanField(_("示例数据"), default=False)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("区划")
        verbose_name_plural = _("区划")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        expected = CODE_LENGTHS.get(self.kind)
        if not self.code.isdigit() or len(self.code) != expected:
            raise ValidationError(
                {
                    "code": _("%(kind)s的区划代码应为%(n)s位数字")
                    % {"kind": self.get_kind_display(), "n": expected}
                }
            )
        if self.kind == RegionKind.COUNTY:
            if self.parent_id:
                raise ValidationError({"parent": _("县不应有上级区划")})
            return
        if self.parent is None:
            raise ValidationError({"parent": _("%(kind)s必须有上级区划") % {"kind": self.get_kind_display()}})
        if self.parent.kind != PARENT_KIND[self.kind]:
            raise ValidationError(
                {
                    "parent": _("%(kind)s的上级应为%(parent)s")
                    % {"kind": self.get_kind_display(), "parent": PARENT_KIND[self.kind].label}
                }
            )
        if not self.code.startswith(self.parent.code):
            raise ValidationError(
                {"code": _("区划代码应以上级代码 %(code)s 开头") % {"code": self.parent.code}}
            )

    def save(self, *args, **kwargs) -> None:
        self.path = (self.parent.path if self.parent_id else "") + f"{self.code}/"
        self.depth = self.path.count("/") - 1
        super().save(*args, **kwargs)

    def descendants(self, include_self: bool = True) -> RegionQuerySet:
        qs = Region.objects.subtree(self)
        return qs if include_self else qs.exclude(pk=self.pk)

    def ancestors(self) -> RegionQuerySet:
        codes = [c for c in self.path.split("/") if c]
        return Region.objects.filter(code__in=codes).order_by("depth")

    def contains(self, other: Region) -> bool:
        return other.path.startswith(self.path)

    @property
    def town(self) -> Region | None:
        return self.ancestors().filter(kind=RegionKind.TOWN).first()
