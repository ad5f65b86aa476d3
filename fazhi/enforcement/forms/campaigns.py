"""Forms of special campaigns (专项整治) and their actions."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core.models import Region, RegionKind
from fazhi.core.widgets import DateInput
from fazhi.enforcement.forms.common import (
    RegionChoiceField,
    VisibleFormMixin,
    region_label,
    regions_under,
)
from fazhi.enforcement.models import (
    Campaign,
    CampaignAction,
)


class CampaignForm(VisibleFormMixin, forms.ModelForm):
    region = RegionChoiceField(label=_("所属区划"), queryset=Region.objects.none())

    class Meta:
        model = Campaign
        fields = ["name", "kind", "body", "region", "starts_on", "ends_on", "joint_units", "description"]
        widgets = {
            "starts_on": DateInput,
            "ends_on": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.narrow(user)
        self.fields["region"].queryset = regions_under(
            user, None, kinds=(RegionKind.TOWN, RegionKind.VILLAGE), permission=self.write_permission
        )
        self.fields["region"].label_from_instance = region_label


class CampaignActionForm(forms.ModelForm):
    class Meta:
        model = CampaignAction
        fields = [
            "acted_on",
            "places",
            "participating_units",
            "joint",
            "people_count",
            "findings",
            "seizures",
            "demolished_count",
            "demolished_area_m2",
            "straw_burning_stops",
            "materials_handed_out",
            "notes",
        ]
        widgets = {
            "acted_on": DateInput,
            "findings": forms.Textarea(attrs={"rows": 2}),
            "seizures": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign
        if not self.is_bound:
            self.fields["acted_on"].initial = timezone.localdate()

    def clean_acted_on(self):
        day = self.cleaned_data["acted_on"]
        campaign = self.instance.campaign
        if day < campaign.starts_on:
            raise forms.ValidationError(
                _("行动日期不能早于专项整治开始日期（%(day)s）") % {"day": campaign.starts_on}
            )
        if campaign.ends_on and day > campaign.ends_on:
            raise forms.ValidationError(
                _("行动日期不能晚于专项整治结束日期（%(day)s）") % {"day": campaign.ends_on}
            )
        return day
