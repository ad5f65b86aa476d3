"""The rules page: every declared rule with the value in force for a region, each rule's
versions, and a new version (fazhi.core.rules)."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import roles, rules
from fazhi.core.models import Region, Rule, RuleKind
from fazhi.core.views.base import requires

READ = (roles.VIEW_RECORDS, roles.MANAGE_RULES)


def readable_regions(user):
    """The counties and towns whose rules `user` reads: those in their scope and those above it."""
    paths = user.scope_paths
    if not paths:
        return Region.objects.none()
    above = {c for p in paths for c in p.split("/") if c}
    within = Q()
    for p in paths:
        within |= Q(path__startswith=p)
    return Region.objects.filter(kind__in=rules.RULE_REGION_KINDS).filter(within | Q(code__in=above))


def _chosen_region(request):
    regions = readable_regions(request.user)
    code = request.GET.get("region")
    if code:
        region = regions.filter(code=code).first()
        if region is not None:
            return region, regions
    # default: the lowest region of the user's first membership, raised to its town or county
    for m in request.user.active_memberships:
        found = regions.filter(code__in=[c for c in m.region.path.split("/") if c]).order_by("-depth").first()
        if found is not None:
            return found, regions
    return regions.order_by("depth").first(), regions


@requires(*READ)
def rule_list(request: HttpRequest) -> HttpResponse:
    region, regions = _chosen_region(request)
    today = timezone.localdate()
    settable = set(rules.regions_for(request.user).values_list("pk", flat=True))
    rows = []
    for code, spec in sorted(rules.DECLARED.items()):
        now = rules.in_force(code, region, today)
        rows.append(
            {
                "spec": spec,
                "kind_label": RuleKind(spec.kind).label,
                "now": now,
                "display": rules.display(spec.kind, now.value, now.unit),
                "source": now.rule.region.name if now.rule else _("默认"),
            }
        )
    return render(
        request,
        "core/rules.html",
        {
            "title": _("规则与口径"),
            "rows": rows,
            "region": region,
            "regions": regions.order_by("path"),
            "today": today,
            "may_set": bool(settable),
        },
    )


@requires(*READ)
def rule_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        spec = rules.declared(code)
    except LookupError:
        raise Http404 from None
    region, regions = _chosen_region(request)
    versions = Rule.objects.filter(code=code, region__in=regions).select_related("region", "created_by")
    today = timezone.localdate()
    now = rules.in_force(code, region, today)
    return render(
        request,
        "core/rule_detail.html",
        {
            "title": spec.label,
            "spec": spec,
            "region": region,
            "regions": regions.order_by("path"),
            "now": now,
            "now_display": rules.display(spec.kind, now.value, now.unit),
            "default_display": rules.display(spec.kind, spec.default, spec.unit),
            "versions": [
                (v, rules.display(v.kind, v.value, v.unit), v.effective_from <= today) for v in versions
            ],
            "may_set": rules.regions_for(request.user).exists(),
        },
    )


# --- a new version ----------------------------------------------------------------------------


class RuleVersionForm(forms.Form):
    region = forms.ModelChoiceField(label=gettext_lazy("制定区划"), queryset=Region.objects.none())
    effective_from = forms.DateField(
        label=gettext_lazy("施行日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_to = forms.DateField(
        label=gettext_lazy("废止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    citation = forms.CharField(
        label=gettext_lazy("依据"), max_length=200, help_text=gettext_lazy("文件名称、文号和条款")
    )
    note = forms.CharField(label=gettext_lazy("说明"), max_length=200, required=False)

    def __init__(self, *args, spec, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields["region"].queryset = rules.regions_for(user).order_by("path")
        if spec.kind == rules.NUMBER:
            self.fields["number"] = forms.DecimalField(label=gettext_lazy("数值"))
        elif spec.kind == rules.PERIOD:
            self.fields["length"] = forms.IntegerField(label=gettext_lazy("期限长度"), min_value=1)
            self.fields["period_unit"] = forms.ChoiceField(
                label=gettext_lazy("计算单位"),
                choices=[
                    ("days", _("自然日")),
                    ("working_days", _("工作日")),
                    ("working_hours", _("工作小时")),
                ],
            )
        elif spec.kind == rules.CHECKLIST:
            self.fields["items"] = forms.CharField(
                label=gettext_lazy("清单条目"), widget=forms.Textarea, help_text=gettext_lazy("每行一项")
            )
        else:
            self.fields["table"] = forms.CharField(
                label=gettext_lazy("对照表"),
                widget=forms.Textarea,
                help_text=gettext_lazy("每行一项，格式为“类别：取值”"),
            )

    def clean_value(self):
        data = self.cleaned_data
        kind = self.spec.kind
        if kind == rules.NUMBER:
            number = data.get("number")
            if number is None:
                return None
            return int(number) if number == number.to_integral_value() else float(number)
        if kind == rules.PERIOD:
            if data.get("length") is None or not data.get("period_unit"):
                return None
            return {"length": data["length"], "unit": data["period_unit"]}
        if kind == rules.CHECKLIST:
            return [line.strip() for line in (data.get("items") or "").splitlines() if line.strip()]
        text = (data.get("table") or "").strip()
        if text.startswith("{"):
            try:
                return json.loads(text)
            except ValueError:
                raise ValidationError({"table": _("对照表格式有误")}) from None
        table = {}
        for line in text.splitlines():
            key, sep, item = line.replace(":", "：").partition("：")
            if not line.strip():
                continue
            if not sep or not key.strip():
                raise ValidationError({"table": _("“%(line)s”应写作“类别：取值”") % {"line": line.strip()}})
            item = item.strip()
            try:
                number = Decimal(item)
                table[key.strip()] = int(number) if number == number.to_integral_value() else float(number)
            except InvalidOperation:
                table[key.strip()] = item
        return table

    def clean(self):
        data = super().clean()
        value = self.clean_value()
        if value is not None:
            problem = rules.value_errors(self.spec.kind, value)
            if problem:
                raise ValidationError(problem)
        data["value"] = value
        region, since = data.get("region"), data.get("effective_from")
        if region and since:
            if Rule.objects.filter(code=self.spec.code, region=region, effective_from=since).exists():
                self.add_error("effective_from", _("该区划在这一日期已有一个版本，请选择其他施行日期。"))
        return data


@requires(roles.MANAGE_RULES)
def rule_add(request: HttpRequest, code: str) -> HttpResponse:
    try:
        spec = rules.declared(code)
    except LookupError:
        raise Http404 from None
    if not rules.regions_for(request.user).exists():
        raise PermissionDenied(_("您无权制定规则。"))
    form = RuleVersionForm(request.POST or None, spec=spec, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rule = rules.add_version(
                code=code,
                region=data["region"],
                value=data["value"],
                effective_from=data["effective_from"],
                effective_to=data["effective_to"],
                citation=data["citation"],
                note=data["note"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已新增规则版本，自%(day)s起施行。") % {"day": rule.effective_from})
            return redirect(f"{reverse('core:rule_detail', args=[code])}?region={rule.region.code}")
    return render(
        request,
        "layouts/form.html",
        {
            "title": _("新增规则版本：%(label)s") % {"label": spec.label},
            "form": form,
            "intro": _("已施行的版本不再修改；新版本自施行日期起适用，此前期间的统计和期限仍按原版本计算。"),
            "cancel_url": reverse("core:rule_detail", args=[code]),
        },
    )


urlpatterns = [
    path("rules/", rule_list, name="rules"),
    path("rules/<str:code>/", rule_detail, name="rule_detail"),
    path("rules/<str:code>/new/", rule_add, name="rule_add"),
]
