"""The education app's forms: an activity (phone first, with photos), a board and its update,
a study session with its attendees (people of the staff register), an oath with those who
swore (their posts from the staff register), a key date and a 普法责任清单 item."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.models import Person, Post, Region, RegionKind
from fazhi.core.staff import OATH_TAKEN_BY
from fazhi.core.widgets import DateInput
from fazhi.education.models import (
    Activity,
    Board,
    BoardUpdate,
    DutyItem,
    KeyDate,
    Oath,
    StudySession,
)

KINDS = (RegionKind.TOWN, RegionKind.VILLAGE)
PERMISSION = roles.EDUCATION_RECORD


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u3000" * max(obj.depth - 1, 0) + obj.name


def writable_regions(user, kinds=KINDS):
    return Region.objects.writable_by(user, PERMISSION).filter(kind__in=kinds).order_by("path")


def people_for(user):
    """The people of the staff register in the towns where `user` records education."""
    towns = {p.split("/")[1] for p in user.permission_paths(PERMISSION) if p.count("/") >= 2}
    return Person.objects.visible_to(user).filter(town_code__in=towns).order_by("name", "id")


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


class _RegionForm(forms.ModelForm):
    region = RegionChoiceField(label=_("所属区划"), queryset=Region.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = writable_regions(user)
        only = list(self.fields["region"].queryset[:1])
        if only and not self.instance.pk:
            self.fields["region"].initial = only[0].pk


def _not_future(day):
    if day and day > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天"))
    return day


class ActivityForm(_RegionForm):
    """登记普法活动 on the spot: the essentials first, the counts, then photos."""

    photos = PhotosField(label=_("现场照片"), required=False, help_text=_("可选多张，可直接拍照"))

    class Meta:
        model = Activity
        fields = [
            "region",
            "held_on",
            "title",
            "theme",
            "key_date",
            "duty_item",
            "organizers",
            "place",
            "audience",
            "materials",
            "banners",
            "posters",
            "consultations",
            "advisers",
            "legal_persons",
            "summary",
        ]
        widgets = {
            "held_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            **{
                name: forms.NumberInput(attrs={"inputmode": "numeric", "min": 0})
                for name in ("audience", "materials", "banners", "posters", "consultations")
            },
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["held_on"].initial = timezone.localdate
        self.fields["key_date"].queryset = KeyDate.objects.visible_to(user).order_by("month", "day")
        self.fields["duty_item"].queryset = DutyItem.objects.visible_to(user).filter(
            year__gte=timezone.localdate().year - 1
        )

    def clean_held_on(self):
        return _not_future(self.cleaned_data["held_on"])


class BoardForm(_RegionForm):
    class Meta:
        model = Board
        fields = ["region", "name", "kind", "place", "since", "office", "retired_on"]
        widgets = {"since": DateInput, "retired_on": DateInput}


class BoardUpdateForm(forms.ModelForm):
    class Meta:
        model = BoardUpdate
        fields = ["updated_on", "content"]
        widgets = {"updated_on": DateInput}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["updated_on"].initial = timezone.localdate

    def clean_updated_on(self):
        return _not_future(self.cleaned_data["updated_on"])


class StudySessionForm(_RegionForm):
    attendees = forms.ModelMultipleChoiceField(
        label=_("参加人员"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("从工作人员名册中选择"),
    )

    class Meta:
        model = StudySession
        fields = ["region", "kind", "held_on", "topic", "hours", "place", "led_by", "plan", "materials"]
        widgets = {"held_on": DateInput, "materials": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        people = people_for(user)
        self.fields["attendees"].queryset = people
        self.fields["led_by"].queryset = people
        self.fields["plan"].queryset = self.fields["plan"].queryset.model.objects.visible_to(user)
        self.fields["hours"].widget.attrs.update({"inputmode": "decimal", "step": "0.5"})

    def clean_held_on(self):
        return _not_future(self.cleaned_data["held_on"])


class OathForm(_RegionForm):
    photos = PhotosField(label=_("仪式照片"), required=False, help_text=_("可选多张"))
    swearers = forms.ModelMultipleChoiceField(
        label=_("宣誓人（按职务）"),
        queryset=Post.objects.none(),
        help_text=_("选举或任命产生的职务（工作人员名册）"),
    )

    class Meta:
        model = Oath
        fields = [
            "region",
            "sworn_on",
            "place",
            "occasion",
            "organizer",
            "form",
            "leader",
            "text_version",
            "display",
            "anthem",
            "supervisor",
            "note",
        ]
        widgets = {"sworn_on": DateInput, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        people = people_for(user)
        self.fields["leader"].queryset = people
        self.fields["swearers"].queryset = (
            Post.objects.visible_to(user)
            .filter(person__in=people, taken_by__in=OATH_TAKEN_BY)
            .select_related("person")
            .order_by("-since", "order")
        )
        self.fields["swearers"].label_from_instance = lambda p: f"{p.person.name} · {p.title}（{p.since}）"

    def clean_sworn_on(self):
        return _not_future(self.cleaned_data["sworn_on"])


class KeyDateForm(forms.ModelForm):
    region = RegionChoiceField(label=_("适用区划"), queryset=Region.objects.none())

    class Meta:
        model = KeyDate
        fields = ["region", "name", "month", "day", "theme", "note"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = writable_regions(user, (RegionKind.COUNTY, RegionKind.TOWN))


class DutyItemForm(_RegionForm):
    class Meta:
        model = DutyItem
        fields = ["region", "year", "content", "leader", "person", "office", "audience", "channel", "method"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
