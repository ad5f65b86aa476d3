"""The reports app's forms: a new report, a section's text, a problem of section (3)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.models import Region, RegionKind
from fazhi.core.scoping import paths_q
from fazhi.reports.models import ContentItem, Problem, Report, Section
from fazhi.reports.outline import OUTLINE_CHOICES


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("报告类型"), choices=Report.Kind.choices, initial=Report.Kind.RULE_OF_LAW, required=False
    )
    region = forms.ModelChoiceField(label=_("区划"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    outline = forms.ChoiceField(
        label=_("章节模板"),
        choices=OUTLINE_CHOICES,
        help_text=_("政府信息公开工作年度报告按国办公开办函〔2021〕30号格式编排，不选模板。"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = (
            Region.objects.filter(kind__in=[RegionKind.TOWN, RegionKind.COUNTY])
            .filter(paths_q(user, "path", roles.REPORT_DRAFT))
            .order_by("path")
        )
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or Report.Kind.RULE_OF_LAW


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["heading", "level", "item", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "body": _(
                "每段一行。数字用占位符从统计指标实时取得，如 {enforcement.cases_filed}、"
                "{enforcement.fines_paid|yu2w}（22万余）、{petitions.national@-5}（五年前）；"
                "指标尚无数据的句子在草稿中显示为“（待数据）”。"
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", "—"), *ContentItem.choices]
        self.fields["level"].widget = forms.Select(
            choices=[(0, _("无标题段落")), (1, _("一级标题（一、）")), (2, _("二级标题（（一））"))]
        )


class ProblemForm(forms.ModelForm):
    class Meta:
        model = Problem
        fields = ["problem", "cause", "measure", "order"]
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 2}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "measure": forms.Textarea(attrs={"rows": 2}),
        }
