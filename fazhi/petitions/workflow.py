"""The statutory course of a 信访事项 as a declared Workflow (`MATTER` over `Matter.state`).

登记 (`intake`: the day received starts the 15-day clock, and for a transferred or assigned
matter the 5-working-day objection clock; the town's own registration is recorded; a possible
repeat and a collective visit are flagged) → 受理 / 不予受理 / 不再受理 with a written notice, or
退回 (objection with reasons, transferred matters only) → for 申诉求决类 matters 办理 within 60
days of acceptance, extended once by at most 30 days with a 镇领导's approval (`extend`, the
延期告知书) or 导入法定途径 (`route`, the clock closes); 检举控告类 matters within the 纪检监察
remit are transferred (`transfer`) → 答复 (信访处理意见书) → 办结报告 to the sender of a 交办
matter (`report`) → 评价 → 办结. 复查 and 复核 by the levels above are recorded with their 30-day
windows and 30-day clocks; after 复核 the matter is 终结 (frozen).

Articles: 信访工作条例 (2022) 第二十二、二十三条 (15 days, 5 working days), 第三十一至三十三条
(classification and 导入), 第三十四条 (60 + 30 days, the 意见书's contents), 第三十五条 (复查),
第三十六条 (复核, 不再受理). Numbers in `rules.py`.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines
from fazhi.core.deadlines import ClockRule
from fazhi.core.models import Deadline
from fazhi.core.workflow import (
    Cancels,
    DayField,
    Extends,
    Meets,
    Refusal,
    Starts,
    StepForm,
    Transition,
    Workflow,
)
from fazhi.petitions import rules
from fazhi.petitions.models import Level, Matter, Petitioner, Registration, Review

S = Matter.State
K = Matter.Kind
OFFICE = {"petition_office"}
LEADER = {"town_leader"}

ART_22_23 = gettext_lazy("信访工作条例第二十二条、第二十三条")
ART_23 = gettext_lazy("信访工作条例第二十三条第三款")
ART_31_33 = gettext_lazy("信访工作条例第三十一条至第三十三条")
ART_34 = gettext_lazy("信访工作条例第三十四条")
ART_35 = gettext_lazy("信访工作条例第三十五条")
ART_36 = gettext_lazy("信访工作条例第三十六条")

# --- clocks ----------------------------------------------------------------------------------------

ACCEPT = ClockRule(
    "petitions.accept",
    gettext_lazy("书面告知是否受理"),
    gettext_lazy("信访工作条例第二十二条、第二十三条：收到信访事项之日起15日内书面告知信访人是否受理"),
    rules.ACCEPT_DAYS,
    warn_before=5,
)
OBJECT = ClockRule(
    "petitions.object",
    gettext_lazy("对转送、交办事项提出异议"),
    gettext_lazy("信访工作条例第二十三条第三款：不属于本机关职权范围的，自收到之日起5个工作日内提出异议"),
    rules.OBJECT_WORKING_DAYS,
    deadlines.WORKING_DAYS,
    warn_before=2,
)
HANDLE = ClockRule(
    "petitions.handle",
    gettext_lazy("办结信访事项"),
    gettext_lazy("信访工作条例第三十四条：自受理之日起60日内办结；经批准可延长，延长不超过30日"),
    rules.HANDLE_DAYS,
    warn_before=10,
    max_extensions=rules.HANDLE_EXTENSIONS,
    max_extension_length=rules.HANDLE_EXTENSION_DAYS,
)
REVIEW = ClockRule(
    "petitions.review",
    gettext_lazy("复查意见"),
    gettext_lazy("信访工作条例第三十五条：复查机关自收到复查请求之日起30日内提出复查意见"),
    rules.REVIEW_DAYS,
    warn_before=5,
)
RE_REVIEW = ClockRule(
    "petitions.re_review",
    gettext_lazy("复核意见"),
    gettext_lazy("信访工作条例第三十六条：复核机关自收到复核请求之日起30日内提出复核意见"),
    rules.RE_REVIEW_DAYS,
    warn_before=5,
)
CLOCKS = (ACCEPT, OBJECT, HANDLE, REVIEW, RE_REVIEW)

DONE = (S.CONCLUDED, S.FINAL, S.REVIEWED, S.REVIEWING, S.RE_REVIEWING, S.ANSWERED, S.RATED)


# --- intake: every door registers a matter through this ------------------------------------------


def repeat_candidate(matter: Matter, petitioners) -> Matter | None:
    """An earlier matter of the same petitioner (identity number, or name and phone) on a similar
    request (same category or a shared word of the title): the latest such matter."""
    people = Q()
    for p in petitioners:
        if p.id_number:
            people |= Q(petitioners__id_number=p.id_number)
        elif p.name and p.phone:
            people |= Q(petitioners__name=p.name, petitioners__phone=p.phone)
    if not people:
        return None
    similar = Q(category=matter.category) | Q(title__icontains=matter.title[:6])
    qs = Matter.objects.filter(people).filter(similar, town_code=matter.town_code)
    if matter.pk:
        qs = qs.exclude(pk=matter.pk)
    return qs.order_by("-received_on", "-id").distinct().first()


def intake(matter: Matter, petitioners: list[Petitioner], user=None) -> Matter:
    """Register `matter` with its petitioners: numbered, the town's registration recorded, the
    clocks started from the day received, a possible repeat and a collective visit flagged."""
    with transaction.atomic():
        matter.registered_by = matter.registered_by or (user if getattr(user, "pk", None) else None)
        matter.collective = matter.form == Matter.Form.VISIT and matter.persons >= rules.collective_persons(
            matter.region, matter.received_on
        )
        matter.save()
        for person in petitioners:
            person.matter = matter
            person.region = matter.region
            person.is_sample = matter.is_sample
            person.full_clean()
            person.save()
        candidate = repeat_candidate(matter, petitioners)
        Registration.objects.create(
            matter=matter,
            region=matter.region,
            level=Level.TOWN,
            registered_on=matter.received_on,
            body=_("%(town)s信访办") % {"town": _town_name(matter)},
            is_sample=matter.is_sample,
        )
        accept = deadlines.start(matter, rule=ACCEPT, starts_on=matter.received_on)
        matter.accept_due_on = accept.due_on
        fields = ["accept_due_on", "collective"]
        if matter.is_transferred:
            objection = deadlines.start(matter, rule=OBJECT, starts_on=matter.received_on)
            matter.object_due_on = objection.due_on
            fields.append("object_due_on")
        if candidate is not None:
            matter.possible_repeat, matter.repeat_of = True, candidate
            fields += ["possible_repeat", "repeat_of"]
        matter.save(update_fields=fields)
    return matter


def _town_name(matter) -> str:
    from fazhi.petitions.models import town_of

    return town_of(matter.region).name


def too_many_representatives(matter: Matter) -> bool:
    """走访: at most five representatives (the petitioners' duty; flagged, never refused)."""
    return matter.petitioners.filter(representative=True).count() > rules.MAX_REPRESENTATIVES


# --- step forms --------------------------------------------------------------------------------------


class AcceptForm(StepForm):
    decided_on = DayField(label=gettext_lazy("受理日期"), required=False)
    responsible_unit = forms.CharField(label=gettext_lazy("责任单位"), max_length=100, required=False)


class DecisionForm(StepForm):
    decided_on = DayField(label=gettext_lazy("决定日期"), required=False)
    reason = forms.CharField(label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 3}))
    route_told = forms.CharField(
        label=gettext_lazy("告知信访人的途径"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("如：向有权处理的机关提出，或通过诉讼、仲裁、行政复议等法定途径解决"),
    )


class ReturnForm(StepForm):
    decided_on = DayField(label=gettext_lazy("提出异议日期"), required=False)
    reason = forms.CharField(
        label=gettext_lazy("不属于本机关职权范围的理由"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ConfirmRepeatForm(StepForm):
    same_facts = forms.BooleanField(label=gettext_lazy("经核实，以同一事实和理由提出"), required=False)


class ExtendForm(StepForm):
    days = forms.IntegerField(
        label=gettext_lazy("延长天数"), min_value=1, max_value=rules.HANDLE_EXTENSION_DAYS
    )
    reason = forms.CharField(label=gettext_lazy("延期理由"), widget=forms.Textarea(attrs={"rows": 2}))


ROUTES = [
    ("诉讼", gettext_lazy("诉讼")),
    ("仲裁", gettext_lazy("仲裁")),
    ("行政复议", gettext_lazy("行政复议")),
]


class RouteForm(StepForm):
    handled_on = DayField(label=gettext_lazy("日期"), required=False)
    routed_to = forms.ChoiceField(label=gettext_lazy("导入的法定途径"), choices=ROUTES)
    reason = forms.CharField(label=gettext_lazy("说明"), widget=forms.Textarea(attrs={"rows": 2}))


class TransferForm(StepForm):
    handled_on = DayField(label=gettext_lazy("移交日期"), required=False)
    routed_to = forms.CharField(label=gettext_lazy("移交机关"), max_length=100)


class AnswerForm(StepForm):
    answered_on = DayField(label=gettext_lazy("答复日期"), required=False)
    facts = forms.CharField(
        label=gettext_lazy("查明的事实和理由"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.CharField(
        label=gettext_lazy("处理意见"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    legal_basis = forms.CharField(
        label=gettext_lazy("法律政策依据"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    settled_locally = forms.BooleanField(label=gettext_lazy("在镇化解"), required=False)


class ReportForm(StepForm):
    report_sent_on = DayField(label=gettext_lazy("报送日期"), required=False)


class RateForm(StepForm):
    satisfaction = forms.ChoiceField(
        label=gettext_lazy("信访人评价"),
        choices=[c for c in Matter.Satisfaction.choices if c[0]],
    )
    rated_on = DayField(label=gettext_lazy("评价日期"), required=False)


class ConcludeForm(StepForm):
    concluded_on = DayField(label=gettext_lazy("办结日期"), required=False)


class ReviewRequestForm(StepForm):
    requested_on = DayField(label=gettext_lazy("请求日期"), required=False)
    body = forms.CharField(label=gettext_lazy("复查（复核）机关"), max_length=100)


class ReviewResultForm(StepForm):
    result = forms.ChoiceField(label=gettext_lazy("结果"), choices=[c for c in Review.Result.choices if c[0]])
    decided_on = DayField(label=gettext_lazy("作出日期"), required=False)


# --- guards --------------------------------------------------------------------------------------------


def _repeats_concluded(matter) -> bool:
    original = matter.repeat_of
    return bool(matter.same_facts and original is not None and original.state in DONE)


def not_a_concluded_repeat(matter, user, data):
    """第三十六条: a request repeating a concluded matter on the same facts and reasons is not
    accepted again: only 不再受理 is offered."""
    if _repeats_concluded(matter):
        return Refusal(
            _("该请求以同一事实和理由重复已办结的信访事项%(number)s，不再受理（信访工作条例第三十六条）")
            % {"number": matter.repeat_of.number},
            "repeat_concluded",
            field="repeat_of",
            article=ART_36,
        )
    return None


def is_concluded_repeat(matter, user, data):
    if not _repeats_concluded(matter):
        return Refusal(
            _("只有经核实以同一事实和理由重复已办结信访事项的请求，才能不再受理（信访工作条例第三十六条）"),
            "not_a_repeat",
            field="same_facts",
            article=ART_36,
        )
    return None


def has_repeat_candidate(matter, user, data):
    if matter.repeat_of_id is None:
        return Refusal(_("未发现疑似重复的信访事项"), "no_candidate", field="repeat_of")
    return None


def is_transferred(matter, user, data):
    """第二十三条第三款: only a matter transferred or assigned by a 信访 body or a higher
    authority is returned with an objection."""
    if not matter.is_transferred:
        return Refusal(
            _("只有上级转送、交办的信访事项才能提出异议退回（信访工作条例第二十三条第三款）"),
            "not_transferred",
            field="source",
            article=ART_23,
        )
    return None


def _day_guard(name, label_first):
    def guard(matter, user, data):
        day = data.get(name)
        if day and day > timezone.localdate():
            return Refusal(_("日期不能晚于今天"), "future_day", field=name)
        first = getattr(matter, label_first) if label_first else None
        if day and first and day < first:
            return Refusal(_("日期不能早于%(day)s") % {"day": first}, "before_start", field=name)
        return None

    return guard


def route_told(matter, user, data):
    """第二十二、二十三条: the notice of not accepting tells the petitioner the right route."""
    if not data.get("route_told"):
        return Refusal(
            _(
                "不予受理应书面告知信访人理由及向有权处理的机关或通过法定途径提出（信访工作条例第二十二条、第二十三条）"
            ),
            "route_not_told",
            field="route_told",
            article=ART_22_23,
        )
    return None


def is_claim(matter, user, data):
    """第三十三条: 申诉求决类 matters that belong in 诉讼、仲裁、行政复议 are 导入 that procedure."""
    if matter.kind != K.CLAIM:
        return Refusal(
            _(
                "只有申诉求决类信访事项才能导入诉讼、仲裁、行政复议等法定途径（信访工作条例第三十一条至第三十三条）"
            ),
            "not_claim",
            field="kind",
            article=ART_31_33,
        )
    return None


def is_accusation(matter, user, data):
    if matter.kind != K.ACCUSATION:
        return Refusal(
            _("只有检举控告类信访事项才移交纪检监察机关（信访工作条例第三十一条至第三十三条）"),
            "not_accusation",
            field="kind",
            article=ART_31_33,
        )
    return None


def has_handling_clock(matter, user, data):
    if not deadlines.open_deadlines(matter).filter(code=HANDLE.code).exists():
        return Refusal(
            _("该信访事项没有进行中的办理期限，无需延期（信访工作条例第三十四条）"),
            "no_clock",
            field="handle_due_on",
            article=ART_34,
        )
    return None


def answer_contents(matter, user, data):
    """第三十四条 (LAW.md): the 信访处理意见书 states the facts and reasons, the decision and its
    legal basis (the request is the matter's)."""
    for name, label in (
        ("facts", _("查明的事实和理由")),
        ("decision", _("处理意见")),
        ("legal_basis", _("法律政策依据")),
    ):
        if not data.get(name):
            return Refusal(
                _("信访处理意见书应当载明%(what)s（信访工作条例第三十四条）") % {"what": label},
                "answer_incomplete",
                field=name,
                article=ART_34,
            )
    return None


def report_due(matter, user, data):
    if matter.source != Matter.Source.ASSIGNED:
        return Refusal(_("只有上级交办的信访事项需要报送办结报告"), "not_assigned", field="source")
    if matter.report_sent_on:
        return Refusal(_("已报送办结报告"), "already_reported", field="report_sent_on")
    return None


def report_sent(matter, user, data):
    if matter.source == Matter.Source.ASSIGNED and not matter.report_sent_on:
        return Refusal(
            _("上级交办的信访事项应先向交办机关报送办结报告"), "report_missing", field="report_sent_on"
        )
    return None


def not_rated(matter, user, data):
    if matter.satisfaction:
        return Refusal(_("信访人已评价"), "already_rated", field="satisfaction")
    return None


def review_in_time(matter, user, data):
    """第三十五条: 复查 is asked within 30 days of the written reply."""
    requested_on = data.get("requested_on") or timezone.localdate()
    last = matter.answered_on + dt.timedelta(days=rules.REVIEW_REQUEST_DAYS)
    if requested_on > last:
        return Refusal(
            _("已超过自收到书面答复之日起30日的复查请求期限（截至%(last)s，信访工作条例第三十五条）")
            % {"last": last},
            "review_late",
            field="requested_on",
            article=ART_35,
        )
    if requested_on < matter.answered_on:
        return Refusal(_("请求日期不能早于答复日期"), "before_answer", field="requested_on", article=ART_35)
    return None


def _last_review(matter, kind):
    return matter.reviews.filter(kind=kind).order_by("-requested_on", "-id").first()


def re_review_in_time(matter, user, data):
    """第三十六条: 复核 is asked within 30 days of the review's written opinion."""
    review = _last_review(matter, Review.Kind.REVIEW)
    requested_on = data.get("requested_on") or timezone.localdate()
    last = review.decided_on + dt.timedelta(days=rules.RE_REVIEW_REQUEST_DAYS)
    if requested_on > last:
        return Refusal(
            _("已超过自收到复查意见之日起30日的复核请求期限（截至%(last)s，信访工作条例第三十六条）")
            % {"last": last},
            "re_review_late",
            field="requested_on",
            article=ART_36,
        )
    if requested_on < review.decided_on:
        return Refusal(
            _("请求日期不能早于复查意见日期"), "before_review", field="requested_on", article=ART_36
        )
    return None


# --- actions -------------------------------------------------------------------------------------------


def do_accept(matter, user, data):
    matter.decided_on = matter.accepted_on = data.get("decided_on") or timezone.localdate()
    if data.get("responsible_unit"):
        matter.responsible_unit = data["responsible_unit"]


def do_decide(matter, user, data):
    matter.decided_on = data.get("decided_on") or timezone.localdate()
    matter.decision_reason = data["reason"]
    matter.route_told = data.get("route_told", "")


def do_confirm_repeat(matter, user, data):
    matter.same_facts = bool(data.get("same_facts"))


def _handle_started(matter, data):
    return matter.kind == K.CLAIM


def do_extend(matter, user, data):
    matter.extended = True
    matter.extension_reason = data["reason"]


def do_route(matter, user, data):
    matter.handled_on = data.get("handled_on") or timezone.localdate()
    matter.routed_to = data["routed_to"]
    matter.decision = data.get("reason", "")


def do_answer(matter, user, data):
    matter.handled_on = matter.answered_on = data.get("answered_on") or timezone.localdate()
    matter.facts = data["facts"]
    matter.decision = data["decision"]
    matter.legal_basis = data["legal_basis"]
    matter.settled_locally = bool(data.get("settled_locally"))
    matter.query_code = matter.query_code or secrets.token_hex(4).upper()


def do_report(matter, user, data):
    matter.report_sent_on = data.get("report_sent_on") or timezone.localdate()


def do_rate(matter, user, data):
    matter.satisfaction = data["satisfaction"]
    matter.rated_on = data.get("rated_on") or timezone.localdate()


def do_conclude(matter, user, data):
    matter.concluded_on = data.get("concluded_on") or timezone.localdate()


def _review_action(kind):
    def action(matter, user, data):
        Review.objects.create(
            matter=matter,
            region=matter.region,
            kind=kind,
            requested_on=data.get("requested_on") or timezone.localdate(),
            body=data["body"],
            is_sample=matter.is_sample,
        )

    return action


def _result_action(kind):
    def action(matter, user, data):
        review = _last_review(matter, kind)
        review.result = data["result"]
        review.decided_on = data.get("decided_on") or timezone.localdate()
        review.save(update_fields=["result", "decided_on"])

    return action


def _requested_on(kind):
    return lambda matter, data: _last_review(matter, kind).requested_on


def _decided_on(kind):
    return lambda matter, data: _last_review(matter, kind).decided_on


@receiver(post_save, sender=Deadline)
def _handle_due_kept(sender, instance, raw=False, **kwargs):
    """The matter keeps its handling clock's due day (for the figures), whatever door started or
    extended it."""
    if raw or instance.code != HANDLE.code or instance.status != Deadline.Status.OPEN:
        return
    if instance.content_type_id != ContentType.objects.get_for_model(Matter).pk:
        return
    Matter.objects.filter(pk=instance.object_id).update(handle_due_on=instance.due_on)


def _decided(matter, data):
    return matter.decided_on


REGISTERED_ONLY = [S.REGISTERED]

MATTER = Workflow(
    model=Matter,
    frozen=[S.FINAL],
    transitions=[
        Transition(
            "confirm_repeat",
            gettext_lazy("核实重复信访"),
            source=REGISTERED_ONLY,
            target=S.REGISTERED,
            roles=OFFICE,
            form=ConfirmRepeatForm,
            guards=[has_repeat_candidate],
            action=do_confirm_repeat,
            style="secondary",
        ),
        Transition(
            "accept",
            gettext_lazy("受理"),
            source=REGISTERED_ONLY,
            target=S.ACCEPTED,
            roles=OFFICE,
            form=AcceptForm,
            guards=[not_a_concluded_repeat],
            input_guards=[_day_guard("decided_on", "received_on")],
            action=do_accept,
            meets=[Meets(ACCEPT.code, on=_decided)],
            cancels=[Cancels(OBJECT.code)],
            starts=[Starts(HANDLE, counting_from="accepted_on", when=_handle_started)],
        ),
        Transition(
            "not_accept",
            gettext_lazy("不予受理"),
            source=REGISTERED_ONLY,
            target=S.NOT_ACCEPTED,
            roles=OFFICE,
            form=DecisionForm,
            input_guards=[_day_guard("decided_on", "received_on"), route_told],
            action=do_decide,
            meets=[Meets(ACCEPT.code, on=_decided)],
            cancels=[Cancels(OBJECT.code)],
            style="secondary",
        ),
        Transition(
            "not_again",
            gettext_lazy("不再受理"),
            source=REGISTERED_ONLY,
            target=S.NOT_AGAIN,
            roles=OFFICE,
            form=DecisionForm,
            guards=[is_concluded_repeat],
            input_guards=[_day_guard("decided_on", "received_on")],
            action=do_decide,
            meets=[Meets(ACCEPT.code, on=_decided)],
            cancels=[Cancels(OBJECT.code)],
            style="secondary",
        ),
        Transition(
            "return",
            gettext_lazy("提出异议并退回"),
            source=REGISTERED_ONLY,
            target=S.RETURNED,
            roles=OFFICE,
            form=ReturnForm,
            guards=[is_transferred],
            input_guards=[_day_guard("decided_on", "received_on")],
            action=do_decide,
            meets=[Meets(OBJECT.code, on=_decided)],
            cancels=[Cancels(ACCEPT.code)],
            style="secondary",
        ),
        Transition(
            "extend",
            gettext_lazy("批准延长办理期限"),
            source=[S.ACCEPTED],
            target=S.ACCEPTED,
            roles=LEADER,
            form=ExtendForm,
            guards=[has_handling_clock],
            action=do_extend,
            extends=[Extends(HANDLE.code, length=lambda m, data, deadline: data["days"], field="days")],
            style="secondary",
            post="包案领导/分管领导",
        ),
        Transition(
            "route",
            gettext_lazy("导入法定途径"),
            source=[S.ACCEPTED],
            target=S.ROUTED,
            roles=OFFICE,
            form=RouteForm,
            guards=[is_claim],
            input_guards=[_day_guard("handled_on", "accepted_on")],
            action=do_route,
            meets=[Meets(HANDLE.code, on="handled_on")],
            style="secondary",
        ),
        Transition(
            "transfer",
            gettext_lazy("移交纪检监察机关"),
            source=[S.ACCEPTED],
            target=S.TRANSFERRED,
            roles=OFFICE,
            form=TransferForm,
            guards=[is_accusation],
            input_guards=[_day_guard("handled_on", "accepted_on")],
            action=do_route,
            cancels=[Cancels(HANDLE.code)],
            style="secondary",
        ),
        Transition(
            "answer",
            gettext_lazy("答复（出具信访处理意见书）"),
            source=[S.ACCEPTED],
            target=S.ANSWERED,
            roles=OFFICE,
            form=AnswerForm,
            input_guards=[_day_guard("answered_on", "accepted_on"), answer_contents],
            action=do_answer,
            meets=[Meets(HANDLE.code, on="answered_on")],
        ),
        Transition(
            "report",
            gettext_lazy("向交办机关报送办结报告"),
            source=[S.ANSWERED],
            target=S.ANSWERED,
            roles=OFFICE,
            form=ReportForm,
            guards=[report_due],
            input_guards=[_day_guard("report_sent_on", "answered_on")],
            action=do_report,
            style="secondary",
        ),
        Transition(
            "rate",
            gettext_lazy("登记评价"),
            source=[S.ANSWERED],
            target=S.RATED,
            roles=OFFICE,
            form=RateForm,
            guards=[not_rated],
            input_guards=[_day_guard("rated_on", "answered_on")],
            action=do_rate,
        ),
        Transition(
            "conclude",
            gettext_lazy("办结"),
            source=[S.ANSWERED, S.RATED],
            target=S.CONCLUDED,
            roles=OFFICE,
            form=ConcludeForm,
            guards=[report_sent],
            input_guards=[_day_guard("concluded_on", "answered_on")],
            action=do_conclude,
        ),
        Transition(
            "request_review",
            gettext_lazy("登记复查请求"),
            source=[S.ANSWERED, S.RATED, S.CONCLUDED],
            target=S.REVIEWING,
            roles=OFFICE,
            form=ReviewRequestForm,
            input_guards=[review_in_time],
            action=_review_action(Review.Kind.REVIEW),
            starts=[Starts(REVIEW, counting_from=_requested_on(Review.Kind.REVIEW))],
            style="secondary",
        ),
        Transition(
            "review_result",
            gettext_lazy("登记复查意见"),
            source=[S.REVIEWING],
            target=S.REVIEWED,
            roles=OFFICE,
            form=ReviewResultForm,
            action=_result_action(Review.Kind.REVIEW),
            meets=[Meets(REVIEW.code, on=_decided_on(Review.Kind.REVIEW))],
        ),
        Transition(
            "request_re_review",
            gettext_lazy("登记复核请求"),
            source=[S.REVIEWED],
            target=S.RE_REVIEWING,
            roles=OFFICE,
            form=ReviewRequestForm,
            input_guards=[re_review_in_time],
            action=_review_action(Review.Kind.RE_REVIEW),
            starts=[Starts(RE_REVIEW, counting_from=_requested_on(Review.Kind.RE_REVIEW))],
            style="secondary",
        ),
        Transition(
            "re_review_result",
            gettext_lazy("登记复核意见（终结）"),
            source=[S.RE_REVIEWING],
            target=S.FINAL,
            roles=OFFICE,
            form=ReviewResultForm,
            action=_result_action(Review.Kind.RE_REVIEW),
            meets=[Meets(RE_REVIEW.code, on=_decided_on(Review.Kind.RE_REVIEW))],
        ),
    ],
)

WORKFLOWS = [MATTER]


def fire(matter: Matter, name: str, user, data=None, *, prefix: str | None = None):
    return MATTER.fire(matter, name, user, data, prefix=prefix)
