"""The enforcement figures of a year, as SQL aggregates over records the caller scoped.

Each figure is counted the way the annual report words it (规范执法 paragraph): 立案 — cases
filed in the year; 办结 — cases closed (结案, or archived after) in the year; 收缴罚款 — fines
(with any late-payment surcharge) paid in the year; 整改法律文书 — rectification orders issued;
专项整治 — campaign actions, by campaign kind; 制止焚烧秸秆, 发放宣传资料, 拆除违章搭建 — summed
over campaign actions. The case list opens the records behind each case figure with the query
parameters in `case_list_params`.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from fazhi.enforcement.models import Campaign, CaseState

DONE = (CaseState.CLOSED, CaseState.ARCHIVED)
MONEY = DecimalField(max_digits=14, decimal_places=2)


def case_figures(cases: QuerySet, years) -> dict[int, dict]:
    """{year: {"filed", "closed", "fines"}} for each of `years`, in one aggregate query."""
    expressions = {}
    for year in years:
        expressions[f"filed_{year}"] = Count("pk", filter=Q(filed_on__year=year))
        expressions[f"closed_{year}"] = Count("pk", filter=Q(closed_on__year=year, state__in=DONE))
        expressions[f"fines_{year}"] = Coalesce(
            Sum("amount_paid", filter=Q(paid_on__year=year)), Value(Decimal("0")), output_field=MONEY
        )
    row = cases.aggregate(**expressions)
    return {
        year: {"filed": row[f"filed_{year}"], "closed": row[f"closed_{year}"], "fines": row[f"fines_{year}"]}
        for year in years
    }


def case_list_params(figure: str, year: int) -> dict:
    """The case list's filter that shows the records behind a case figure."""
    return {"filed": {"filed_year": year}, "closed": {"closed_year": year}, "fines": {"paid_year": year}}[
        figure
    ]


def figures_by_year(cases: QuerySet) -> dict[int, dict]:
    """{year: {"filed", "closed", "fines"}} for every year with any of them, three grouped queries."""
    result: dict[int, dict] = {}

    def put(qs, date_field: str, key: str, value):
        rows = (
            qs.annotate(y=ExtractYear(date_field))
            .order_by()
            .values("y")
            .annotate(v=value)
            .values_list("y", "v")
        )
        for year, amount in rows:
            if year is not None:
                result.setdefault(year, {"filed": 0, "closed": 0, "fines": Decimal("0")})[key] = amount

    put(cases.filter(filed_on__isnull=False), "filed_on", "filed", Count("pk"))
    put(cases.filter(closed_on__isnull=False, state__in=DONE), "closed_on", "closed", Count("pk"))
    put(cases.filter(paid_on__isnull=False), "paid_on", "fines", Sum("amount_paid"))
    return result


def order_count(orders: QuerySet, year: int) -> int:
    return orders.filter(issued_on__year=year).count()


def action_figures(actions: QuerySet, year: int) -> dict:
    """Campaign actions of a year: how many (all, and against illegal sand mining), straw-burning
    stops, publicity materials handed out, structures and area demolished (one query)."""
    ints = IntegerField()
    return actions.filter(acted_on__year=year).aggregate(
        actions=Count("pk"),
        sand_mining_actions=Count("pk", filter=Q(campaign__kind=Campaign.Kind.SAND_MINING)),
        straw_burning_stops=Coalesce(Sum("straw_burning_stops"), Value(0), output_field=ints),
        materials=Coalesce(Sum("materials_handed_out"), Value(0), output_field=ints),
        demolished=Coalesce(Sum("demolished_count"), Value(0), output_field=ints),
        demolished_area=Coalesce(Sum("demolished_area_m2"), Value(Decimal("0")), output_field=MONEY),
    )
