"""A record's workflow steps on the web: the step page and the next-steps panel, for every app.

An app declares, for one kind of record, how to find it and where its pages are::

    CASE_STEPS = StepPages(
        record=lambda request, pk: visible_or_404(Case, request.user, pk),
        workflow=workflow.workflow_of,            # a Workflow, or step name -> its Workflow
        options=workflow.options,                 # default: the workflow's own options
        record_url="enforcement:case_detail",
        step_url="enforcement:case_step",
        crumbs=lambda case: [(reverse("enforcement:case_list"), _("执法案件"))],
        initial=lambda case: {"decided_fine": case.intended_fine},
        acting=(roles.CASE_HANDLE, roles.CASE_DECIDE),
    )
    case_step = requires(roles.CASE_VIEW)(CASE_STEPS.view)   # path("<int:pk>/steps/<slug:name>/")

and puts `CASE_STEPS.panel(case, user)` in its record page's context as `steps`, shown by
`core/_next_steps.html`. The step page (`core/step.html`) shows the record's heading, the
step's form with every refusal on its field (`workflow.show_on`) and the article it cites. A
GET shows the form (with why the step is refused now, if it is); a POST fires the step through
`Workflow.fire`, the one door: done, it returns to the record's page; refused, the page shows
why (409, 400 for invalid input, 403 when the user has no role for it) and nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.workflow import Option, Transition, TransitionRefused, Workflow, show_on


@dataclass
class Step:
    """One next step as the panel shows it: allowed with its form (None: it takes no input),
    or refused with its reason and the article it cites."""

    option: Option
    url: str
    form: forms.Form | None = None

    @property
    def transition(self) -> Transition:
        return self.option.transition

    @property
    def allowed(self) -> bool:
        return self.option.allowed

    @property
    def reason(self) -> str:
        return self.option.reason or ""

    @property
    def article(self) -> str:
        return getattr(self.option.reason, "article", "")


@dataclass
class StepPages:
    """The step pages of one kind of record (see the module docstring)."""

    record: Callable[[HttpRequest, int], object]  # the record the user may read, or Http404
    workflow: Workflow | Callable[[str], Workflow]
    record_url: str  # URL name of the record's page, taking its pk
    step_url: str  # URL name of the step page, taking the record's pk and the step's name
    options: Callable[[object, object], list[Option]] | None = None
    crumbs: Callable[[object], list[tuple[str, str]]] = lambda record: []
    initial: Callable[[object], dict] = lambda record: {}  # prefills an unbound form
    # Permissions of which one is needed to be shown the panel at all (empty: anyone reading it)
    acting: Iterable[str] = ()
    heading: Callable[[object], str] = str
    head_template: str = ""  # the app's stylesheet, included in the page's head
    crumbs_template: str = ""  # the app's tabs and crumbs (default: the crumbs alone)
    template: str = "core/step.html"

    def __post_init__(self):
        if self.options is None and not isinstance(self.workflow, Workflow):
            raise TypeError("StepPages: a workflow found by step name needs its `options`")

    # --- the steps ------------------------------------------------------------------------

    def workflow_of(self, name: str) -> Workflow:
        """The workflow holding step `name` (404 when there is none)."""
        try:
            flow = self.workflow if isinstance(self.workflow, Workflow) else self.workflow(name)
            flow[name]
        except (TransitionRefused, KeyError):
            raise Http404(_("没有这个步骤")) from None
        return flow

    def form(self, transition: Transition, record, user, data=None):
        """The step's form on `record` (prefixed with the step's name), or None when the step
        takes no input. An unbound form is prefilled: today for its dates, then `initial`."""
        if transition.form is None:
            return None
        form = transition.form(data, record=record, user=user, prefix=transition.name)
        if data is None:
            today = timezone.localdate().isoformat()  # <input type="date"> takes YYYY-MM-DD only
            for name, form_field in form.fields.items():
                if isinstance(form_field, forms.DateField) and name not in form.initial:
                    form.initial[name] = today
            for name, value in self.initial(record).items():
                if name in form.fields and value not in (None, ""):
                    form.initial[name] = value
        return form

    def may_act(self, user) -> bool:
        acting = tuple(self.acting)
        return not acting or any(user.can(p) for p in acting)

    def panel(self, record, user, bound: dict | None = None) -> list[Step]:
        """The next steps for `core/_next_steps.html`: each allowed one with its form (`bound`:
        forms already bound, by step name), each refused one with its reason."""
        if not self.may_act(user):
            return []
        options = self.options(record, user) if self.options else self.workflow.options(record, user)
        steps = []
        for option in options:
            transition = option.transition
            form = None
            if option.allowed:
                form = (bound or {}).get(transition.name) or self.form(transition, record, user)
            url = reverse(self.step_url, args=[record.pk, transition.name])
            steps.append(Step(option, url, form))
        return steps

    # --- the page -------------------------------------------------------------------------

    def view(self, request: HttpRequest, pk: int, name: str) -> HttpResponse:
        record = self.record(request, pk)
        flow = self.workflow_of(name)
        transition = flow[name]
        if request.method == "POST":
            try:
                flow.fire(record, name, request.user, request.POST, prefix=name)
            except TransitionRefused as refused:
                if refused.forbidden:
                    raise PermissionDenied(refused.reason) from None
                form = refused.form or self.form(transition, record, request.user, request.POST)
                if refused.code == "invalid":
                    return self.page(request, record, transition, form, status=400)
                messages.error(request, refused.reason)
                show_on(form, refused)
                return self.page(
                    request, record, transition, form, refused.reason, refused.article, status=409
                )
            messages.success(request, _("已完成“%(step)s”。") % {"step": transition.label})
            return redirect(self.record_url, pk=record.pk)
        form = self.form(transition, record, request.user)
        refusal = flow.refusal(record, transition, request.user)
        return self.page(request, record, transition, form, refusal, getattr(refusal, "article", ""))

    def page(self, request, record, transition, form, refusal=None, article="", status=200) -> HttpResponse:
        record_url = reverse(self.record_url, args=[record.pk])
        return render(
            request,
            self.template,
            {
                "title": transition.label,
                "record": record,
                "record_heading": self.heading(record),
                "record_url": record_url,
                "transition": transition,
                "form": form,
                "refusal": refusal,
                "article": article if article and article not in (refusal or "") else "",
                "cited": _cited(transition),
                "cancel_url": record_url,
                "submit_label": _("确认%(step)s") % {"step": transition.label},
                "crumbs": [*self.crumbs(record), (record_url, self.heading(record))],
                "head_template": self.head_template,
                "crumbs_template": self.crumbs_template,
            },
            status=status,
        )


def _cited(transition: Transition) -> list[str]:
    """The rules of the deadlines the step starts, as the page cites them."""
    cited = []
    for starts in transition.starts:
        rule = getattr(starts, "rule", starts)
        citation = str(getattr(rule, "citation", "") or getattr(rule, "rule", "") or "")
        label = str(getattr(rule, "label", "") or "")
        if citation:
            cited.append(
                _("开始计算期限：%(label)s（%(citation)s）") % {"label": label, "citation": citation}
            )
    return cited
