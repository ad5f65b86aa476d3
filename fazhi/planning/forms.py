"""The planning forms: the plan (with its document), a task, a progress report, a duty."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.core import roles
from fazhi.core.attachments import AttachmentField
from fazhi.core.models import Person, Region, RegionKind
from fazhi.core.widgets import DateInput
from fazhi.planning.models import Duty, Progress, Task, WorkPlan

MANAGE = roles.PLAN_MANAGE


def towns_for(user, permission=MANAGE):
    return Region.objects.writable_by(user, permission).filter(kind=RegionKind.TOWN).order_by("path")


def people_for(user, permission=MANAGE):
    """The staff register's people in the towns where `user` holds `permission`."""
    towns = {p.split("/")[1] for p in user.permission_paths(permission) if p.count("/") >= 2}
    return Person.objects.visible_to(user).filter(town_code__in=towns).order_by("name", "id")


class PlanForm(forms.ModelForm):
    region = forms.ModelChoiceField(label=_("乡镇"), queryset=Region.objects.none())
    document = AttachmentField(label=_("方案文件"), required=False, accept=".pdf,.doc,.docx,.ofd,image/*")

    class Meta:
        model = WorkPlan
        fields = [
            "region",
            "year",
            "title",
            "document_number",
            "adopted_on",
            "on_agenda",
            "agenda_note",
            "content",
        ]
        widgets = {"adopted_on": DateInput, "content": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = towns_for(user)
        only = list(self.fields["region"].queryset[:1])
        if only:
            self.fields["region"].initial = only[0].pk
        self.fields["year"].initial = timezone.localdate().year


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ["number", "title", "unit", "leader", "deadline"]
        widgets = {"deadline": DateInput}

    def __init__(self, *args, user, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.fields["leader"].queryset = people_for(user)
        if not self.instance.pk:
            self.fields["number"].initial = plan.tasks.count() + 1


class ProgressForm(forms.ModelForm):
    done = forms.BooleanField(label=_("任务已完成"), required=False)
    done_on = forms.DateField(label=_("完成日期"), required=False, widget=DateInput)

    class Meta:
        model = Progress
        fields = ["reported_on", "note"]
        widgets = {"reported_on": DateInput, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.task = task
        self.fields["reported_on"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("reported_on") and data["reported_on"] > today:
            self.add_error("reported_on", _("填报日期不能晚于今天"))
        if data.get("done"):
            if not data.get("done_on"):
                self.add_error("done_on", _("已完成的任务须填写完成日期"))
            elif data["done_on"] > today:
                self.add_error("done_on", _("完成日期不能晚于今天"))
        return data


class DutyForm(forms.ModelForm):
    region = forms.ModelChoiceField(label=_("乡镇"), queryset=Region.objects.none())

    class Meta:
        model = Duty
        fields = ["region", "person", "kind", "done_on", "title", "text"]
        widgets = {"done_on": DateInput, "text": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = towns_for(user)
        only = list(self.fields["region"].queryset[:1])
        if only:
            self.fields["region"].initial = only[0].pk
        self.fields["person"].queryset = people_for(user)

    def clean_done_on(self):
        day = self.cleaned_data["done_on"]
        if day > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天"))
        return day


class EvidenceForm(forms.Form):
    task = forms.ModelChoiceField(label=_("工作方案任务"), queryset=Task.objects.none())

    def __init__(self, *args, user, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = (
            Task.objects.writable_by(user, MANAGE)
            .filter(town_code=source.town_code)
            .select_related("plan")
            .order_by("-plan__year", "number")
        )
        self.fields["task"].label_from_instance = lambda t: f"{t.plan.year} · {t}"
