"""The base of every list's FilterSet (django-filter; NetBox's `filtersets.py`).

One FilterSet per list, in `<app>/filters.py`, drives the web list (its `form` is the page's
filter form), the API list (`filterset_class`: the same parameters, documented by
drf-spectacular), the list's Excel export and the figures' links to their records
(`figure_link` refuses a parameter the list does not take). Choices of records are narrowed to
what the reader may see (`visible`); the queryset itself is scoped by the caller (base views
and viewsets call `visible_to`).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from fazhi.core.figures import Link
from fazhi.core.widgets import DateInput

YEAR_WIDGET_ATTRS = {"inputmode": "numeric", "style": "width:6em"}


def visible(model, order_by: tuple[str, ...] = (), **where):
    """A callable queryset for a ModelChoiceFilter: the records of `model` the request's user
    may see (none without a request)."""

    def choices(request):
        user = getattr(request, "user", None)
        if user is None:
            return model._default_manager.none()
        qs = model._default_manager.visible_to(user).filter(**where)
        return qs.order_by(*order_by) if order_by else qs

    return choices


class YearFilter(django_filters.NumberFilter):
    """A calendar year of a date field (`filed_year=2021`)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "year")
        kwargs.setdefault("min_value", 1990)
        kwargs.setdefault("max_value", 2100)
        kwargs.setdefault("widget", forms.NumberInput(attrs=YEAR_WIDGET_ATTRS))
        super().__init__(*args, **kwargs)


class DayFilter(django_filters.DateFilter):
    """A day, with the native date picker."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput)
        super().__init__(*args, **kwargs)


YES = "1"


class _FlagField(django_filters.fields.ChoiceField):
    def to_python(self, value):
        return YES if str(value).lower() in ("1", "true") else super().to_python(value)


class FlagFilter(django_filters.ChoiceFilter):
    """A condition that is on or off: a select of 全部 / `label_on` on the page, `1` (or `true`) in
    the query. It keeps the records whose `field_name` is true, or a `method` decides (called
    only when the flag is on)."""

    field_class = _FlagField

    def __init__(self, *args, label_on, **kwargs):
        kwargs.setdefault("empty_label", _("全部"))
        kwargs["choices"] = [(YES, label_on)]
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.filter(**{self.field_name: True}) if value == YES else qs


class ListFilterSet(django_filters.FilterSet):
    """A list's filters. `hidden` names the filters the list accepts (the API, links, other
    pages) without showing them on the page's form: they are carried as hidden inputs.

    A bound filter whose input does not clean gives no records on a page (the page says so); the
    API answers 400 naming the parameter (DjangoFilterBackend)."""

    hidden: tuple[str, ...] = ()

    @classmethod
    def from_request(cls, request, queryset):
        return cls(request.GET or None, queryset=queryset, request=request)

    @property
    def user(self):
        return getattr(self.request, "user", None)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            for name in self.hidden:
                field = form.fields[name]
                multiple = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
                field.widget = forms.MultipleHiddenInput() if multiple else forms.HiddenInput()
        return self._form

    @property
    def qs(self):
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs


def figure_link(filterset: type[ListFilterSet], url_name: str, query: dict | None = None, **kwargs) -> Link:
    """A figure's Link to a list, checked against the list's FilterSet: every parameter it
    sets (the filter, the year parameter, the range choice) must be one of the list's filters."""
    link = Link(url_name, dict(query or {}), **kwargs)
    names = {*link.query, *link.range_query}
    if link.as_of_param:  # a stock: the list takes the day its records are in force on
        names.add(link.as_of_param)
    elif link.year_param:
        names.add(link.year_param)
    if not link.as_of_param and (link.range_query or not link.year_param):
        names |= {link.since_param, link.until_param}
    unknown = names - set(filterset.base_filters)
    if unknown:
        raise ImproperlyConfigured(
            f"{url_name}: {filterset.__name__} has no filter {', '.join(sorted(unknown))}"
        )
    return link
