from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentCounter(models.Model):
    """The last sequence number issued in one series of documents (案号, 责令改正通知书, 调解协议书
    …) of one issuer in one year: 石鼓执罚〔2021〕19号 is issuer 石鼓镇人民政府, series
    enforcement.case, year 2021, sequence 19. fazhi.core.numbering locks the row to issue the
    next number; a number once issued is never issued again, whatever becomes of its record."""

    # "<app_label>.<model>:<pk>" of the issuing record (an enforcement body, a committee, …) or
    # another stable key the series chooses.
    issuer_key = models.CharField(_("发文机关"), max_length=100)
    series = models.CharField(_("文书类别"), max_length=60)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用序号"), default=0)
    # the issuer's town (its `town_code`; "" for a string key): the distribution column
    town_code = models.CharField(_("乡镇代码"), max_length=9, editable=False, db_index=True, default="")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("文号计数器")
        verbose_name_plural = _("文号计数器")
        constraints = [
            models.UniqueConstraint(fields=["issuer_key", "series", "year"], name="document_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer_key} {self.series} {self.year}: {self.last}"
