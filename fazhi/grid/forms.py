"""The grid app's forms: the report form (phone first), the patrol log, and the input of each
step of an event (cleaned inside `Workflow.fire` by every door). Step forms carry types only:
what a step requires (a reason, a kind, a rating) is checked by its guards, which say why and
on which field (`fazhi.grid.workflow`)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import workflow
from fazhi.core.models import Region, RegionKind
from fazhi.core.scoping import writable_choices
from fazhi.grid.models import Event, EventCategory, PatrolLog

# Town offices an event may be dispatched to besides the event's own village (镇直部门). A town
# with its own list sets it later; these are the handling units of the seeded categories.
TOWN_OFFICES = (
    "综治中心",
    "派出所",
    "司法所",
    "应急管理办",
    "生态环境办",
    "卫生健康办",
    "社会事务办",
    "综合行政执法大队",
)
VILLAGE = "village"


def _blank(choices):
    return [("", "---------"), *choices]


class GridChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name}·{obj.name}" if obj.parent_id else obj.name


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """One or more photos from the phone's camera or gallery: a list of files (maybe empty)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*", "multiple": True}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(item, initial) for item in data if item]
        return [one(data, initial)] if data else []


class ReportForm(forms.ModelForm):
    """上报 from a phone: the grid (preselected when the worker has one), the category, a
    sentence, the place (filled by the browser's geolocation when allowed) and a photo."""

    region = GridChoiceField(
        label=_("网格"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("已定位时可不选：按位置自动归入所在网格"),
    )
    photo = PhotosField(label=_("现场照片"), required=False, help_text=_("可选多张"))
    # Offline capture (grid/outbox.js): the draft's idempotency key; `captured_at` is the time
    # the worker tapped 上报 on the phone.
    client_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput())

    class Meta:
        model = Event
        fields = (
            "region",
            "category",
            "description",
            "source",
            "urgency",
            "address",
            "latitude",
            "longitude",
            "citizen_name",
            "citizen_phone",
            "captured_at",
        )
        widgets = {
            "captured_at": forms.HiddenInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "latitude": forms.HiddenInput(),
            "longitude": forms.HiddenInput(),
        }

    def __init__(self, *args, user=None, permission="", **kwargs):
        super().__init__(*args, **kwargs)
        grids = Region.objects.filter(kind=RegionKind.GRID).select_related("parent")
        self.fields["region"].queryset = writable_choices(grids, user, permission)
        only = list(self.fields["region"].queryset[:2])
        if len(only) == 1:
            self.fields["region"].initial = only[0].pk
        self.fields["category"].queryset = EventCategory.objects.filter(is_active=True).select_related(
            "parent"
        )
        # "Open311" is the source of what a client system posts (/open311/v2/), not a choice
        self.fields["source"].choices = [
            c for c in self.fields["source"].choices if c[0] != Event.Source.OPEN311
        ]

    def clean_latitude(self):
        value = self.cleaned_data.get("latitude")
        if value is not None and not -90 <= value <= 90:
            raise forms.ValidationError(_("纬度应在-90到90之间"))
        return value

    def clean_longitude(self):
        value = self.cleaned_data.get("longitude")
        if value is not None and not -180 <= value <= 180:
            raise forms.ValidationError(_("经度应在-180到180之间"))
        return value


class SupervisionForm(forms.Form):
    """督办: its level and note (checked again by fazhi.grid.supervision.issue)."""

    level = forms.TypedChoiceField(label=_("督办级别"), coerce=int, choices=())
    note = forms.CharField(label=_("督办意见"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        from fazhi.grid.models import Supervision

        super().__init__(*args, **kwargs)
        self.fields["level"].choices = _blank(Supervision.Level.choices)


class PublishForm(forms.Form):
    """公开审核: what Open311 may show of an event (checked again by fazhi.grid.open311.publish)."""

    description_public = forms.BooleanField(
        label=_("事件描述经审核可以公开"),
        required=False,
        help_text=_("勾选后对外公开事件描述；描述中含有姓名、电话、门牌号等个人信息的不得勾选"),
    )
    public_note = forms.CharField(
        label=_("公开答复"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("对外显示的办理情况；不得含个人信息"),
    )


class PatrolForm(forms.ModelForm):
    region = GridChoiceField(label=_("网格"), queryset=Region.objects.none())

    class Meta:
        model = PatrolLog
        fields = ("region", "day", "households_visited", "notes")
        widgets = {
            "day": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user=None, permission="", **kwargs):
        super().__init__(*args, **kwargs)
        grids = Region.objects.filter(kind=RegionKind.GRID).select_related("parent")
        self.fields["region"].queryset = writable_choices(grids, user, permission)
        only = list(self.fields["region"].queryset[:2])
        if len(only) == 1:
            self.fields["region"].initial = only[0].pk
        self.fields["day"].initial = timezone.localdate()

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("巡查日期不能晚于今天"))
        return day


# --- the steps' input ---------------------------------------------------------------------------


class NoteForm(workflow.StepForm):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(workflow.StepForm):
    """延期申请: how many working days more on the 办理 clock, and why."""

    days = forms.IntegerField(label=_("申请延长（工作日）"), required=False, min_value=1)
    reason = forms.CharField(label=_("延期理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(workflow.StepForm):
    note = forms.CharField(label=_("审批意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SuspensionRequestForm(workflow.StepForm):
    """缓办申请: why the handling cannot go on for now."""

    reason = forms.CharField(label=_("缓办理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LegacyForm(workflow.StepForm):
    """历史遗留: why the matter is one left over from the past."""

    reason = forms.CharField(
        label=_("历史遗留说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：土地确权前的历史纠纷、政策调整前形成的问题"),
    )


class LeapfrogForm(workflow.StepForm):
    """越级: the unit above the usual level the event went to, and why."""

    unit = forms.CharField(
        label=_("越级至"),
        required=False,
        max_length=100,
        help_text=_("如：县委政法委、县信访局、县应急管理局"),
    )
    reason = forms.CharField(label=_("越级理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CopyForm(workflow.StepForm):
    """抄告: another village of the town whose cadres get a copy to read, and a note."""

    village = forms.ModelChoiceField(
        label=_("抄告至村（社区）"), queryset=Region.objects.none(), required=False
    )
    note = forms.CharField(label=_("抄告事由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = village_of(self.record)
        if own is not None and own.parent_id:
            self.fields["village"].queryset = (
                Region.objects.filter(kind=RegionKind.VILLAGE, parent_id=own.parent_id)
                .exclude(pk=own.pk)
                .order_by("path")
            )


class InstructionForm(workflow.StepForm):
    """领导批示: the leader's instruction on the event."""

    instruction = forms.CharField(
        label=_("批示内容"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class DismissForm(workflow.StepForm):
    """不予受理 / 注销: the reason (required by the step's guard) and a note."""

    dismiss_reason = forms.ChoiceField(
        label=_("理由"), choices=_blank(Event.DismissReason.choices), required=False
    )
    dismiss_note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EventChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        when = timezone.localtime(obj.reported_at).strftime("%Y-%m-%d %H:%M")
        return f"{when} {obj.category.name}：{obj.description[:30]}"


class DuplicateForm(workflow.StepForm):
    """标记重复: the original this event repeats (an open event of the same category and grid;
    the nearest within the county's radius first)."""

    original = EventChoiceField(label=_("与之重复的原事件"), queryset=Event.objects.none(), required=False)
    dismiss_note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.record is not None and self.record.pk:
            from fazhi.grid.duplicates import nearby, same_kind_open

            self.fields["original"].queryset = same_kind_open(self.record)
            near = nearby(self.record, limit=1)
            if near:
                self.fields["original"].initial = near[0].pk


class DispatchForm(workflow.StepForm):
    """分派: to the event's own village (its 村（社区）两委) or to a town office."""

    target = forms.ChoiceField(label=_("分派至"), choices=(), required=False)
    note = forms.CharField(label=_("交办意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        village = village_of(self.record)
        choices = [(VILLAGE, _("%(village)s（本村）") % {"village": village.name})] if village else []
        choices += [(office, office) for office in TOWN_OFFICES]
        self.fields["target"].choices = _blank(choices)
        if self.record is not None and self.record.category_id:
            unit = self.record.category.handling_unit
            self.fields["target"].initial = unit if unit in TOWN_OFFICES else VILLAGE


class ReturnForm(workflow.StepForm):
    """回退: the receiver returns a misrouted event to the governance office, with the reason."""

    return_reason = forms.CharField(
        label=_("回退理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(workflow.StepForm):
    """办结: its kind (only 实质性办结 counts as solved) and what was done."""

    resolution_kind = forms.ChoiceField(
        label=_("办结类型"), choices=_blank(Event.ResolutionKind.choices), required=False
    )
    resolution = forms.CharField(
        label=_("办结情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CheckForm(workflow.StepForm):
    check_note = forms.CharField(
        label=_("核查意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpForm(workflow.StepForm):
    satisfaction = forms.ChoiceField(
        label=_("回访评价"), choices=_blank(Event.Satisfaction.choices), required=False
    )
    satisfaction_comment = forms.CharField(
        label=_("回访意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def village_of(event: Event | None) -> Region | None:
    """The village (村（社区）) the event's grid belongs to."""
    if event is None or not event.region_id:
        return None
    region = event.region
    return region.parent if region.kind == RegionKind.GRID else None
