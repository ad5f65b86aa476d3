"""口径说明: every registered figure with its definition, its source and the rule in force; with
a year, the reader's own values of that year, each opening its records."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import figures, roles
from fazhi.core.views.base import requires


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), required=False, min_value=1990, max_value=2100)


@requires(roles.VIEW_RECORDS)
def figure_list(request: HttpRequest) -> HttpResponse:
    form = YearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    registered = figures.registered()
    readable = [f for f in registered if f.readable_by(request.user)]
    values = None
    if year:
        values = figures.evaluate([f.code for f in readable], request.user, [figures.Period.year(year)])
    readable_codes = {f.code for f in readable}
    sections: dict[str, dict] = {}
    for figure in registered:
        section = sections.setdefault(
            figure.app_label,
            {"title": apps.get_app_config(figure.app_label).verbose_name, "rows": []},
        )
        section["rows"].append(
            {
                "figure": figure,
                "numerator": figures.get(figure.numerator) if figure.kind == figures.RATE else None,
                "denominator": figures.get(figure.denominator) if figure.kind == figures.RATE else None,
                "parts": [figures.get(code) for code in figure.parts],
                "value": values[figure.code] if values and figure.code in readable_codes else None,
            }
        )
    return render(
        request,
        "core/figures.html",
        {
            "title": _("统计指标口径说明"),
            "sections": list(sections.values()),
            "form": form,
            "year": year,
            "this_year": timezone.localdate().year,
        },
    )


urlpatterns = [path("figures/", figure_list, name="figures")]
