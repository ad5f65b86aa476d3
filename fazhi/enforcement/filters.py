"""The filters of enforcement's lists: cases, rectification orders, campaigns and their actions,
officers and powers. Each FilterSet serves the web list (its form), the API list (the same
parameters), the list's Excel export and the figures' links (`metrics.py`).

The year parameters make a figure of a calendar year open its records (立案 by filing year,
办结 by closing year, 罚款 by payment year…); `dated` with `since`/`until` opens those of any
period on one of the case's dates.
"""

from __future__ import annotations

import datetime as dt

import django_filters as df
from django.db.models import Case as SqlCase
from django.db.models import CharField, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import deadlines
from fazhi.core.filters import DayFilter, FlagFilter, ListFilterSet, YearFilter, visible
from fazhi.core.models import Deadline, Region, RegionKind
from fazhi.enforcement import rules
from fazhi.enforcement.models import (
    DONE_STATES,
    OPEN_STATES,
    Campaign,
    CampaignAction,
    Case,
    CaseOfficer,
    CaseState,
    Certificate,
    EnforcementBody,
    Officer,
    Party,
    Power,
    RectificationOrder,
)

OPEN = "open"  # cases still being handled
DONE = "done"  # closed or archived

# `dated` → the date field its range applies to.
CASE_DATE_FIELDS = {
    "": "filed_on",
    "filed": "filed_on",
    "decided": "decided_on",
    "paid": "paid_on",
    "closed": "closed_on",
}

_villages = visible(Region, ("path",), kind=RegionKind.VILLAGE)
_regions = visible(Region, ("path",))


def _under(qs, name, region):
    """Records in `region` or below it."""
    return qs.under(region)


def open_deadlines_of_cases():
    """Open deadlines of a case (correlated to the outer case by its id)."""
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=Cast(OuterRef("pk"), CharField()),
        status=Deadline.Status.OPEN,
    )


def overdue_cases():
    """An Exists: the case has an open deadline past its due time (a paused one is not overdue
    while its clock stands still: the core's one definition, `deadlines.select`)."""
    return Exists(deadlines.select(open_deadlines_of_cases(), deadlines.SHOW_OVERDUE))


# --- cases --------------------------------------------------------------------------------------


class CaseFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("案号、案由或当事人"), method="search")
    state = df.ChoiceFilter(
        label=_("状态"),
        method="in_state",
        empty_label=_("全部"),
        choices=[(OPEN, _("在办（未结案）")), (DONE, _("已结案（含归档）")), *CaseState.choices],
    )
    power = df.ModelChoiceFilter(label=_("处罚事项"), queryset=visible(Power, ("code",)))
    village = df.ModelChoiceFilter(label=_("村（社区）"), queryset=_villages, method=_under)
    officer = df.ModelChoiceFilter(
        label=_("执法人员"), queryset=visible(Officer, ("name",)), method="with_officer"
    )
    overdue = FlagFilter(label=_("期限"), label_on=_("有逾期期限"), method="with_overdue")
    decision = df.ChoiceFilter(
        label=_("决定类型"),
        field_name="decision_kind",
        empty_label=_("全部"),
        choices=Case.DecisionKind.choices,
    )
    filed_year = YearFilter(label=_("立案年度"), field_name="filed_on")
    closed_year = YearFilter(label=_("结案年度"), method="closed_in")
    paid_year = YearFilter(label=_("缴款年度"), field_name="paid_on")
    decided_year = YearFilter(label=_("决定年度"), field_name="decided_on")
    # A date range on one of the case's dates (a figure of a month or any period opens its cases).
    dated = df.ChoiceFilter(
        label=_("按日期"),
        method="on_date",
        empty_label=None,
        choices=[
            ("filed", _("立案日期")),
            ("decided", _("决定日期")),
            ("paid", _("缴款日期")),
            ("closed", _("结案日期")),
        ],
    )
    since = DayFilter(label=_("日期起"), method="on_date")
    until = DayFilter(label=_("日期止"), method="on_date")
    # Taken by the API (and any link), not shown on the page's form.
    procedure = df.ChoiceFilter(label=_("程序"), choices=Case.Procedure.choices)
    source = df.ChoiceFilter(label=_("案件来源"), choices=Case._meta.get_field("source").choices)
    publicity = df.ChoiceFilter(label=_("公示"), choices=Case._meta.get_field("publicity").choices)
    body = df.ModelChoiceFilter(label=_("执法主体"), queryset=visible(EnforcementBody))
    region = df.ModelChoiceFilter(label=_("区划"), queryset=_regions)
    under = df.ModelChoiceFilter(label=_("区划及下级"), queryset=_regions, method=_under)
    officers = df.ModelMultipleChoiceFilter(label=_("执法人员（任一）"), queryset=visible(Officer))
    party = df.ModelChoiceFilter(label=_("当事人"), queryset=visible(Party))

    hidden = ("procedure", "source", "publicity", "body", "region", "under", "officers", "party")

    class Meta:
        model = Case
        fields: list[str] = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(
            Q(number__icontains=value) | Q(cause__icontains=value) | Q(party__name__icontains=value)
        )

    def in_state(self, qs, name, value):
        if value == OPEN:
            return qs.filter(state__in=OPEN_STATES)
        if value == DONE:
            return qs.filter(state__in=DONE_STATES)
        return qs.filter(state=value)

    def with_officer(self, qs, name, value):
        return qs.filter(pk__in=CaseOfficer.objects.filter(officer=value).values("case_id"))

    def with_overdue(self, qs, name, value):
        return qs.filter(overdue_cases())

    def closed_in(self, qs, name, value):
        return qs.filter(closed_on__year=value, state__in=DONE_STATES)

    def on_date(self, qs, name, value):
        """`since` and `until` on the date `dated` names (filing by default); a range of closing
        dates keeps only closed cases."""
        data = self.form.cleaned_data
        dated = data.get("dated") or ""
        if name == "dated":
            return qs
        field = CASE_DATE_FIELDS[dated]
        qs = qs.filter(**{f"{field}__{'gte' if name == 'since' else 'lte'}": value})
        return qs.filter(state__in=DONE_STATES) if dated == "closed" else qs


# --- rectification orders -----------------------------------------------------------------------

R = RectificationOrder.Result


class OrderFilterSet(ListFilterSet):
    status = df.ChoiceFilter(
        label=_("复查结果"),
        method="with_status",
        empty_label=_("全部"),
        choices=[
            ("pending", _("待复查")),
            ("overdue_check", _("已到期待复查")),
            (R.COMPLETED, _("整改完成")),
            (R.OVERDUE, _("逾期未改")),
        ],
    )
    year = YearFilter(label=_("下达年度"), field_name="issued_on")
    since = DayFilter(label=_("下达日期起"), field_name="issued_on", lookup_expr="gte")
    until = DayFilter(label=_("下达日期止"), field_name="issued_on", lookup_expr="lte")
    village = df.ModelChoiceFilter(label=_("村（社区）"), queryset=_villages, method=_under)
    result = df.ChoiceFilter(label=_("复查结果（原值）"), choices=R.choices)
    body = df.ModelChoiceFilter(label=_("执法主体"), queryset=visible(EnforcementBody))
    region = df.ModelChoiceFilter(label=_("区划"), queryset=_regions)

    hidden = ("result", "body", "region")

    class Meta:
        model = RectificationOrder
        fields: list[str] = []

    def with_status(self, qs, name, value):
        if value == "pending":
            return qs.filter(result=R.PENDING)
        if value == "overdue_check":
            return qs.filter(result=R.PENDING, deadline__lt=timezone.localdate())
        return qs.filter(result=value)


# --- campaigns and their actions ----------------------------------------------------------------


class CampaignActionFilterSet(ListFilterSet):
    """The campaign actions counted: the action export, the API's actions and the figures of
    the campaign list (`where`)."""

    kind = df.ChoiceFilter(
        label=_("类别"), field_name="campaign__kind", empty_label=_("全部"), choices=Campaign.Kind.choices
    )
    year = YearFilter(label=_("年度"), field_name="acted_on")
    # Actions dated in a range: the campaigns with such actions, each counting only those.
    since = DayFilter(label=_("行动日期起"), field_name="acted_on", lookup_expr="gte")
    until = DayFilter(label=_("行动日期止"), field_name="acted_on", lookup_expr="lte")
    joint = FlagFilter(label=_("联合执法"), label_on=_("仅联合执法行动"))
    campaign = df.ModelChoiceFilter(label=_("专项整治"), queryset=visible(Campaign))

    hidden = ("campaign",)

    class Meta:
        model = CampaignAction
        fields: list[str] = []

    def where(self) -> Q:
        """The actions this filter keeps, as a condition on CampaignAction (for the figures)."""
        if not self.is_bound:
            return Q()
        if not self.is_valid():
            return Q(pk__in=[])
        if not any(v not in (None, "") for v in self.form.cleaned_data.values()):
            return Q()
        return Q(pk__in=self.qs.values("pk"))


class CampaignFilterSet(ListFilterSet):
    """The campaign list: the campaigns whose actions the filter keeps (a year also keeps the
    campaigns begun in it, with or without actions)."""

    kind = df.ChoiceFilter(label=_("类别"), empty_label=_("全部"), choices=Campaign.Kind.choices)
    year = YearFilter(label=_("年度"), method="by_actions")
    since = DayFilter(label=_("行动日期起"), method="by_actions")
    until = DayFilter(label=_("行动日期止"), method="by_actions")
    joint = FlagFilter(label=_("联合执法"), label_on=_("仅联合执法行动"), method="by_actions")
    body = df.ModelChoiceFilter(label=_("执法主体"), queryset=visible(EnforcementBody))
    region = df.ModelChoiceFilter(label=_("区划"), queryset=_regions)

    hidden = ("body", "region")

    class Meta:
        model = Campaign
        fields: list[str] = []

    def actions(self) -> CampaignActionFilterSet:
        """The same parameters over the campaigns' actions."""
        if not hasattr(self, "_actions"):
            self._actions = CampaignActionFilterSet(
                self.data if self.is_bound else None,
                queryset=CampaignAction.objects.all(),
                request=self.request,
            )
        return self._actions

    def by_actions(self, qs, name, value):
        if name != "year" and not value:
            return qs
        data = self.form.cleaned_data
        acted = self.actions().qs.values("campaign_id")
        if data.get("since") or data.get("until") or data.get("joint"):
            return qs.filter(pk__in=acted) if name != "year" else qs
        return qs.filter(Q(starts_on__year=value) | Q(pk__in=acted))


# --- officers and powers ------------------------------------------------------------------------

CERT_VALID, CERT_EXPIRING, CERT_EXPIRED = "valid", "expiring", "expired"


def certificate_standing_of_officers(today: dt.date | None = None):
    """An annotation: the standing of each officer's current certificate (the latest valid_until),
    as `views.common.certificate_standing` gives it: valid, expiring (within the warning period,
    or not yet in force) or expired (none, past, suspended or revoked)."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=rules.CERTIFICATE_WARNING_DAYS)
    latest = Certificate.objects.filter(officer=OuterRef("pk")).order_by("-valid_until", "-id")
    field = {name: Subquery(latest.values(name)[:1]) for name in ("valid_from", "valid_until", "status")}
    changed = Subquery(latest.values("status_changed_on")[:1])
    stopped = Q(_cert_status__in=[Certificate.Status.SUSPENDED, Certificate.Status.REVOKED])
    in_force = Q(_cert_from__lte=today, _cert_until__gte=today, _cert_changed__gt=today)
    return {
        "_cert_from": field["valid_from"],
        "_cert_until": field["valid_until"],
        "_cert_status": field["status"],
        "_cert_changed": changed,
        "certificate_kind": SqlCase(
            When(_cert_until__isnull=True, then=Value(CERT_EXPIRED)),
            When(stopped & in_force & Q(_cert_until__lte=horizon), then=Value(CERT_EXPIRING)),
            When(stopped & in_force, then=Value(CERT_VALID)),
            When(stopped, then=Value(CERT_EXPIRED)),
            When(_cert_until__lt=today, then=Value(CERT_EXPIRED)),
            When(_cert_from__gt=today, then=Value(CERT_EXPIRING)),
            When(_cert_until__lte=horizon, then=Value(CERT_EXPIRING)),
            default=Value(CERT_VALID),
            output_field=CharField(),
        ),
    }


class OfficerFilterSet(ListFilterSet):
    certificate = df.ChoiceFilter(
        label=_("执法证"),
        method="with_certificate",
        empty_label=_("全部"),
        choices=[
            (CERT_VALID, _("有效")),
            (CERT_EXPIRING, _("即将到期或尚未生效")),
            (CERT_EXPIRED, _("已过期或无效")),
        ],
    )
    body = df.ModelChoiceFilter(label=_("执法主体"), queryset=visible(EnforcementBody))
    active = df.BooleanFilter(label=_("在岗"))

    hidden = ("body", "active")

    class Meta:
        model = Officer
        fields: list[str] = []

    def with_certificate(self, qs, name, value):
        return qs.annotate(**certificate_standing_of_officers()).filter(certificate_kind=value)


class PowerFilterSet(ListFilterSet):
    q = df.CharFilter(label=_("事项名称、编码或法律"), method="search")
    catalogue = FlagFilter(
        label=_("法制审核目录"), label_on=_("列入重大执法决定法制审核目录"), field_name="in_review_catalogue"
    )
    body = df.ModelChoiceFilter(label=_("执法主体"), queryset=visible(EnforcementBody))
    in_review_catalogue = df.BooleanFilter(label=_("列入法制审核目录"))
    active = df.BooleanFilter(label=_("有效"))

    hidden = ("body", "in_review_catalogue", "active")

    class Meta:
        model = Power
        fields: list[str] = []

    def search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(name__icontains=value) | Q(code__icontains=value) | Q(law__icontains=value))
