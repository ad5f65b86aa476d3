"""The petitions lists' FilterSets (page, API, export and the figures' links), and the
conditions the figures count (`MEASURES`), each one Q the list can filter by."""

from __future__ import annotations

import django_filters as df
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Now, TruncDate
from django.utils.translation import gettext_lazy as _

from fazhi.core.filters import DayFilter, ListFilterSet, YearFilter
from fazhi.core.models import Region, RegionKind
from fazhi.petitions.models import Case, Level, Matter, Reception, Registration

S = Matter.State
OPEN_STATES = (S.REGISTERED, S.ACCEPTED, S.REVIEWING, S.RE_REVIEWING)


def _today():
    return TruncDate(Now())


def measures() -> dict[str, Q]:
    """The figures' conditions on a matter (the database's today for "past due")."""
    today = _today()
    returned = Q(state=S.RETURNED)
    decided = Q(decided_on__isnull=False)
    handled = Q(handled_on__isnull=False)
    timed = Q(handle_due_on__isnull=False)
    return {
        # 应受理: decided, or its 15-day (or objection) time has run out
        "due_accept": decided | Q(accept_due_on__lt=today),
        # 按时受理或提出异议
        "timely": (~returned & decided & Q(decided_on__lte=F("accept_due_on")))
        | (returned & Q(decided_on__lte=F("object_due_on"))),
        "closed_in_time": timed & handled & Q(handled_on__lte=F("handle_due_on")),
        "closed_late": timed & handled & Q(handled_on__gt=F("handle_due_on")),
        "open_past_due": timed & Q(handled_on__isnull=True, handle_due_on__lt=today),
        "due_closed": timed & (handled | Q(handle_due_on__lt=today)),
        "answered": Q(answered_on__isnull=False),
        "rated": Q(answered_on__isnull=False) & ~Q(satisfaction=""),
        "satisfied": Q(satisfaction__in=[Matter.Satisfaction.SATISFIED, Matter.Satisfaction.BASIC]),
        "satisfied_only": Q(satisfaction=Matter.Satisfaction.SATISFIED),
        "repeat": Q(repeat_of__isnull=False),
        "settled": Q(answered_on__isnull=False, settled_locally=True),
        "visits": Q(form=Matter.Form.VISIT),
        "collective": Q(collective=True),
        "backlog": timed
        & Q(handle_due_on__lt=today)
        & (Q(handled_on__isnull=True) | Q(handled_on__gt=F("handle_due_on"))),
        "cleared": timed & Q(handled_on__gt=F("handle_due_on")),
    }


MEASURE_LABELS = {
    "due_accept": _("应受理"),
    "timely": _("及时受理（或按时提出异议）"),
    "closed_in_time": _("按期办结"),
    "closed_late": _("逾期办结"),
    "open_past_due": _("逾期未办结"),
    "due_closed": _("应办结"),
    "answered": _("已答复"),
    "rated": _("已评价"),
    "satisfied": _("满意或基本满意"),
    "satisfied_only": _("满意"),
    "repeat": _("重复信访"),
    "settled": _("在镇化解"),
    "visits": _("走访"),
    "collective": _("集体访"),
    "backlog": _("积案"),
    "cleared": _("积案化解"),
}


def _villages(request):
    user = getattr(request, "user", None)
    if user is None:
        return Region.objects.none()
    return (
        Region.objects.visible_to(user)
        .filter(kind__in=(RegionKind.VILLAGE, RegionKind.TOWN))
        .order_by("path")
    )


def _under(qs, name, region):
    return qs.filter(region__path__startswith=region.path)


class MatterFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("事由或编号"), method="search")
    state = df.MultipleChoiceFilter(label=_("状态"), choices=S.choices)
    stage = df.ChoiceFilter(
        label=_("进展"),
        method="with_stage",
        empty_label=_("全部"),
        choices=[("open", _("未办结")), ("closed", _("已办结或终结"))],
    )
    form = df.ChoiceFilter(label=_("信访形式"), choices=Matter.Form.choices, empty_label=_("全部"))
    source = df.ChoiceFilter(label=_("来源"), choices=Matter.Source.choices, empty_label=_("全部"))
    kind = df.ChoiceFilter(label=_("信访类别"), choices=Matter.Kind.choices, empty_label=_("全部"))
    category = df.ChoiceFilter(label=_("内容分类"), choices=Matter.Category.choices, empty_label=_("全部"))
    year = YearFilter(label=_("收到年度"), field_name="received_on")
    since = DayFilter(label=_("收到日期起"), field_name="received_on", lookup_expr="gte")
    until = DayFilter(label=_("收到日期止"), field_name="received_on", lookup_expr="lte")
    village = df.ModelChoiceFilter(
        label=_("村（社区）"), queryset=_villages, method=_under, field_name="region"
    )
    reg_level = df.ChoiceFilter(
        label=_("登记层级"), choices=Level.choices, method="registered_at", empty_label=_("全部")
    )
    reg_year = YearFilter(label=_("该层级登记年度"), method="registered_in")
    abnormal = df.BooleanFilter(label=_("有非正常上访登记"), method="with_abnormal")
    measure = df.ChoiceFilter(
        label=_("统计口径"),
        choices=list(MEASURE_LABELS.items()),
        method="with_measure",
        empty_label=_("全部"),
    )
    accepted_year = YearFilter(label=_("受理年度"), field_name="accepted_on")
    answered_year = YearFilter(label=_("答复年度"), field_name="answered_on")
    due_year = YearFilter(label=_("办理期限届满年度"), field_name="handle_due_on")
    handled_year = YearFilter(label=_("办理完毕年度"), field_name="handled_on")
    lead = df.NumberFilter(label=_("包案领导"), field_name="lead_id")

    hidden = (
        "state",
        "reg_year",
        "measure",
        "accepted_year",
        "answered_year",
        "due_year",
        "handled_year",
        "lead",
    )

    class Meta:
        model = Matter
        fields: list[str] = []

    def search(self, qs, name, value):
        return qs.filter(Q(title__icontains=value) | Q(number__icontains=value))

    def with_stage(self, qs, name, value):
        if value == "open":
            return qs.filter(state__in=OPEN_STATES)
        return qs.exclude(state__in=OPEN_STATES)

    def _registrations(self):
        regs = Registration.objects.filter(matter=OuterRef("pk"))
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        if data.get("reg_level"):
            regs = regs.filter(level=data["reg_level"])
        if data.get("reg_year"):
            regs = regs.filter(registered_on__year=int(data["reg_year"]))
        return regs

    def registered_at(self, qs, name, value):
        return qs.filter(Exists(self._registrations()))

    def registered_in(self, qs, name, value):
        return qs.filter(Exists(self._registrations()))

    def with_abnormal(self, qs, name, value):
        flagged = Exists(self._registrations().filter(abnormal=True))
        return qs.filter(flagged) if value else qs.exclude(flagged)

    def with_measure(self, qs, name, value):
        return qs.filter(measures()[value])


class ReceptionFilterSet(ListFilterSet):
    kind = df.ChoiceFilter(label=_("接访方式"), choices=Reception.Kind.choices, empty_label=_("全部"))
    year = YearFilter(label=_("年度"), field_name="held_on")
    since = DayFilter(label=_("日期起"), field_name="held_on", lookup_expr="gte")
    until = DayFilter(label=_("日期止"), field_name="held_on", lookup_expr="lte")
    village = df.ModelChoiceFilter(
        label=_("村（社区）"), queryset=_villages, method=_under, field_name="region"
    )
    leader = df.NumberFilter(label=_("接访领导"), field_name="leader_id")

    hidden = ("leader",)

    class Meta:
        model = Reception
        fields: list[str] = []


class CaseFilterSet(ListFilterSet):
    outcome = df.ChoiceFilter(label=_("化解结果"), choices=Case.Outcome.choices, empty_label=_("全部"))
    year = YearFilter(label=_("目标年度"), field_name="target_on")
    since = DayFilter(label=_("目标日期起"), field_name="target_on", lookup_expr="gte")
    until = DayFilter(label=_("目标日期止"), field_name="target_on", lookup_expr="lte")

    class Meta:
        model = Case
        fields: list[str] = []
