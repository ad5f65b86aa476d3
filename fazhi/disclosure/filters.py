"""The disclosure lists' FilterSets (page, API, export and the figures' links)."""

from __future__ import annotations

import django_filters as df
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import DayFilter, FlagFilter, ListFilterSet, YearFilter
from fazhi.disclosure.models import (
    ApplicantType,
    CatalogueItem,
    Outcome,
    Publication,
    Request,
    YearlyFigure,
)

S = Request.State
OPEN_STATES = (S.RECEIVED, S.CORRECTION, S.CONSULTING, S.FEE)
# 结转下年度 of the year received: not closed in that year (still open, or closed later).
CARRIED_OUT = Q(closed_year__isnull=True) | Q(closed_year__gt=F("year"))


class RequestFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("编号或内容"), method="search")
    state = df.MultipleChoiceFilter(label=_("状态"), choices=S.choices)
    stage = df.ChoiceFilter(
        label=_("进展"),
        method="with_stage",
        empty_label=_("全部"),
        choices=[
            ("open", _("未办结")),
            ("soon", _("答复期限5个工作日内届满")),
            ("overdue", _("答复逾期未办结")),
            ("closed", _("已办结")),
        ],
    )
    applicant_type = df.ChoiceFilter(
        label=_("申请人类型"), choices=ApplicantType.choices, empty_label=_("全部")
    )
    organization = FlagFilter(label=_("法人或其他组织"), label_on=_("是"), method="organizations")
    outcome = df.MultipleChoiceFilter(label=_("办理结果"), choices=Outcome.choices)
    outcome_group = df.ChoiceFilter(
        label=_("办理结果类别"),
        method="with_outcome_group",
        empty_label=_("全部"),
        choices=[
            ("3", _("不予公开")),
            ("4", _("无法提供")),
            ("5", _("不予处理")),
            ("6", _("其他处理")),
        ],
    )
    channel = df.ChoiceFilter(
        label=_("申请方式"), choices=Request._meta.get_field("channel").choices, empty_label=_("全部")
    )
    year = YearFilter(label=_("收到年度"), field_name="received_on")
    since = DayFilter(label=_("收到日期起"), field_name="received_on", lookup_expr="gte")
    until = DayFilter(label=_("收到日期止"), field_name="received_on", lookup_expr="lte")
    closed_year = YearFilter(label=_("办结年度"), field_name="closed_on")
    closed_since = DayFilter(label=_("办结日期起"), field_name="closed_on", lookup_expr="gte")
    closed_until = DayFilter(label=_("办结日期止"), field_name="closed_on", lookup_expr="lte")
    carried_year = YearFilter(label=_("上年结转至年度"), field_name="carried_on")
    carried_since = DayFilter(label=_("结转日期起"), field_name="carried_on", lookup_expr="gte")
    carried_until = DayFilter(label=_("结转日期止"), field_name="carried_on", lookup_expr="lte")
    carried_out = FlagFilter(label=_("结转下年度"), label_on=_("是"), method="with_carried_out")
    fee = FlagFilter(label=_("发出收费通知"), label_on=_("是"), method="with_fee")
    fee_paid = FlagFilter(label=_("已缴费"), label_on=_("是"), method="with_fee_paid")
    unbalanced = FlagFilter(label=_("结转超过一年"), label_on=_("是"), method="with_unbalanced")

    hidden = (
        "state",
        "outcome",
        "closed_year",
        "closed_since",
        "closed_until",
        "carried_year",
        "carried_since",
        "carried_until",
        "carried_out",
        "fee",
        "fee_paid",
        "unbalanced",
        "organization",
    )

    class Meta:
        model = Request
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(number__icontains=value) | Q(description__icontains=value))

    def with_stage(self, qs, name, value):
        if value == "closed":
            return qs.filter(state=S.CLOSED)
        qs = qs.filter(state__in=OPEN_STATES)
        if value == "open":
            return qs
        from django.contrib.contenttypes.models import ContentType
        from django.db.models import Exists, OuterRef
        from django.db.models.functions import Cast

        from fazhi.core import deadlines
        from fazhi.core.models import Deadline

        today = _today()
        reply = Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Request),
            object_id=Cast(OuterRef("pk"), output_field=Deadline._meta.get_field("object_id")),
            code="disclosure.reply",
            status=Deadline.Status.OPEN,
            paused_since__isnull=True,
        )
        if value == "overdue":
            return qs.filter(Exists(reply.filter(due_on__lt=today)))
        soon = deadlines.add_working_days(today, 5).on
        return qs.filter(Exists(reply.filter(due_on__gte=today, due_on__lte=soon)))

    def organizations(self, qs, name, value):
        return qs.exclude(applicant_type=ApplicantType.NATURAL)

    def with_outcome_group(self, qs, name, value):
        return qs.filter(outcome__startswith=value)

    def with_carried_out(self, qs, name, value):
        return qs.filter(CARRIED_OUT)

    def with_fee(self, qs, name, value):
        return qs.filter(fee_notice_on__isnull=False)

    def with_fee_paid(self, qs, name, value):
        return qs.filter(fee_paid_on__isnull=False)

    def with_unbalanced(self, qs, name, value):
        from fazhi.disclosure.metrics import UNBALANCED

        return qs.filter(UNBALANCED)


class YearlyFigureFilterSet(ListFilterSet):
    item = df.ChoiceFilter(label=_("项目"), choices=YearlyFigure.Item.choices, empty_label=_("全部"))
    year = YearFilter(label=_("年度"), field_name="year_end")
    since = DayFilter(label=_("日期起"), field_name="year_end", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="year_end", lookup_expr="lte")

    class Meta:
        model = YearlyFigure
        fields: list[str] = []


def _today():
    from django.utils import timezone

    return timezone.localdate()


class PublicationFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("信息名称"), method="search")
    kind = df.ChoiceFilter(label=_("类别"), choices=Publication.Kind.choices, empty_label=_("全部"))
    status = df.ChoiceFilter(
        label=_("公开情况"),
        method="with_status",
        empty_label=_("全部"),
        choices=[
            ("due", _("待公开（未逾期）")),
            ("late", _("逾期未公开")),
            ("published", _("已公开")),
            ("published_late", _("逾期公开")),
        ],
    )
    item = df.NumberFilter(label=_("目录事项"), field_name="item_id")
    year = YearFilter(label=_("形成或变更年度"), field_name="made_on")
    since = DayFilter(label=_("形成日期起"), field_name="made_on", lookup_expr="gte")
    until = DayFilter(label=_("形成日期止"), field_name="made_on", lookup_expr="lte")
    published_year = YearFilter(label=_("首次公开年度"), field_name="first_published_on")
    published_since = DayFilter(label=_("首次公开日期起"), field_name="first_published_on", lookup_expr="gte")
    published_until = DayFilter(label=_("首次公开日期止"), field_name="first_published_on", lookup_expr="lte")

    hidden = ("item", "published_year", "published_since", "published_until")

    class Meta:
        model = Publication
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(title__icontains=value)

    def with_status(self, qs, name, value):
        today = _today()
        if value == "due":
            return qs.filter(first_published_on__isnull=True, due_on__gte=today)
        if value == "late":
            return qs.filter(first_published_on__isnull=True, due_on__lt=today)
        if value == "published":
            return qs.filter(first_published_on__isnull=False)
        return qs.filter(late=True)


class CatalogueFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("事项"), method="search")
    domain = df.CharFilter(label=_("领域"), field_name="domain")
    level = df.ChoiceFilter(label=_("公开层级"), choices=CatalogueItem.Level.choices, empty_label=_("全部"))

    class Meta:
        model = CatalogueItem
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(
            Q(level1__icontains=value) | Q(level2__icontains=value) | Q(content__icontains=value)
        )
