"""The legal app's processes as declared Workflows.

DECISION (重大行政决策, 重大行政决策程序暂行条例): 已启动 ─draft→ 草案拟定 ─open_comment→ 公开征求意见中
(at least 30 days, or shorter with a published reason: 第十五条) ─close_comment→ 草案拟定 (each
comment answered); experts, risk, fair-competition and hearing records where the catalogue entry
requires them ─submit_review→ 合法性审查中 (the opinion asked for no sooner than 7 working days
later unless a reason is recorded: 第二十六条) ─review→ 审查通过 (合法 / 修改后合法, by the judicial
office with the adviser's opinion: 第二十八条; 不合法 sends it back: review_unlawful) ─decide→
集体讨论通过 (the meeting refused until each material of 第二十九条 exists and the review passed:
第二十五条; 修改 sends it back for a new review, 暂缓 postpones, 不同意 ends it) ─report→ 已报告镇党委
(第三十一条) ─publish→ 已公布 (with how opinions were taken up: 第三十二条) ─execute→ 执行中 ─archive→
已归档.

CONTRACT: 草拟 ─submit→ 审查中 (the review clock: a rule, default 5 working days) ─review→ 审查通过
(同意签订 / 修改后签订; 不同意 → 审查不同意) ─sign→ 已签订 (refused without a passed review) ─file→
已备案 ─complete→ 履行完毕.

NORMATIVE (行政规范性文件, 国办发〔2018〕115号): 起草 ─submit→ 合法性审核中 ─review→ 审核通过 ─issue→
已印发 (refused without a passed review; numbered) ─repeal→ 已废止. Past its validity an issued
document is no longer 现行有效 without any step (`NormativeDocument.standing`).
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines
from fazhi.core.deadlines import WORKING_DAYS, ClockRule
from fazhi.core.workflow import Cancels, DayField, Meets, Refusal, Starts, StepForm, Transition, Workflow
from fazhi.legal import rules
from fazhi.legal.models import Contract, Decision, Engagement, NormativeDocument, PublicComment

D = Decision.State
C = Contract.State
N = NormativeDocument.State
DRAFTERS = {"gov_office", "judicial_office"}
REVIEWERS = {"judicial_office"}
DECIDERS = {"town_leader"}

# --- clocks ---------------------------------------------------------------------------------------

CONTRACT_REVIEW = ClockRule(
    "legal.contract_review",
    gettext_lazy("合同合法性审查"),
    gettext_lazy("镇合同合法性审查时限（县、镇规则；默认5个工作日）"),
    5,
    WORKING_DAYS,
    warn_before=1,
)
CONTRACT_FILING = ClockRule(
    "legal.contract_filing",
    gettext_lazy("合同备案"),
    gettext_lazy("合同签订后备案时限（县、镇规则；默认10个工作日）"),
    10,
    WORKING_DAYS,
    warn_before=2,
)
NORMATIVE_REVIEW = ClockRule(
    "legal.normative_review",
    gettext_lazy("规范性文件合法性审核"),
    gettext_lazy("国办发〔2018〕115号：审核时间原则上不少于5个工作日、最长不超过15个工作日"),
    5,
    WORKING_DAYS,
    warn_before=1,
)


def _rule_days(code, day_field="submitted_on"):
    def days(obj, data):
        return rules.working_days(code, obj.region, getattr(obj, day_field))

    return days


# --- forms ----------------------------------------------------------------------------------------------


def _text(label, rows=3, required=True):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class DraftForm(StepForm):
    draft = _text(gettext_lazy("决策草案及说明"), 6)
    drafted_on = DayField(label=gettext_lazy("草案形成日期"), required=False)


class OpenCommentForm(StepForm):
    published_on = DayField(label=gettext_lazy("公布日期"), required=False)
    channels = forms.CharField(
        label=gettext_lazy("公布途径"), max_length=200, initial="镇政府网站、政务公开栏"
    )
    how = forms.CharField(
        label=gettext_lazy("提出意见的方式"), max_length=200, initial="书面、电话、电子邮件"
    )
    until = forms.DateField(label=gettext_lazy("征求意见截止日期"))
    short_reason = _text(gettext_lazy("缩短期限的理由（公开征求意见时已说明）"), 2, required=False)


class CloseCommentForm(StepForm):
    closed_on = DayField(label=gettext_lazy("征求意见结束日期"), required=False)


class ExpertForm(StepForm):
    opinion = _text(gettext_lazy("专家论证意见"))
    on = DayField(label=gettext_lazy("论证日期"), required=False)


class RiskForm(StepForm):
    report = _text(gettext_lazy("风险评估报告"))
    level = forms.ChoiceField(label=gettext_lazy("风险等级"), choices=Decision.Risk.choices[1:])
    on = DayField(label=gettext_lazy("评估日期"), required=False)


class CompetitionForm(StepForm):
    conclusion = _text(gettext_lazy("公平竞争审查结论"))
    on = DayField(label=gettext_lazy("审查日期"), required=False)


class HearingForm(StepForm):
    on = forms.DateField(label=gettext_lazy("听证会日期"))
    report = _text(gettext_lazy("听证报告（参加人、意见及处理）"))


class SubmitReviewForm(StepForm):
    submitted_on = DayField(label=gettext_lazy("送请审查日期"), required=False)
    due_on = forms.DateField(label=gettext_lazy("要求反馈审查意见日期"))
    short_reason = _text(gettext_lazy("审查时间少于7个工作日的理由"), 2, required=False)


class ReviewForm(StepForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("审查结论"),
        choices=[
            (Decision.Outcome.LAWFUL, Decision.Outcome.LAWFUL.label),
            (Decision.Outcome.LAWFUL_IF_AMENDED, Decision.Outcome.LAWFUL_IF_AMENDED.label),
        ],
    )
    opinion = _text(gettext_lazy("合法性审查意见"), 4)
    reviewed_on = DayField(label=gettext_lazy("审查意见日期"), required=False)


class UnlawfulForm(StepForm):
    opinion = _text(gettext_lazy("合法性审查意见（不合法的理由）"), 4)
    reviewed_on = DayField(label=gettext_lazy("审查意见日期"), required=False)


class MeetingForm(StepForm):
    meeting_type = forms.ChoiceField(label=gettext_lazy("会议类型"), choices=Decision.Meeting.choices)
    meeting_on = DayField(label=gettext_lazy("会议日期"), required=False)
    attendees = _text(gettext_lazy("参会人员"), 2)
    minutes = _text(gettext_lazy("会议纪要（讨论情况、决定及不同意见）"), 4)


class ReportForm(StepForm):
    reported_on = DayField(label=gettext_lazy("报告镇党委日期"), required=False)


class PublishForm(StepForm):
    published_on = DayField(label=gettext_lazy("公布日期"), required=False)
    channel = forms.CharField(
        label=gettext_lazy("公布途径"), max_length=200, initial="镇政府网站、政务公开栏"
    )
    uptake_note = _text(gettext_lazy("公众意见、专家论证意见的采纳情况说明"), 3, required=False)


class EvaluationForm(StepForm):
    evaluation = _text(gettext_lazy("决策后评估情况"))


class AdjustForm(StepForm):
    reason = _text(gettext_lazy("调整决策的理由（决策后评估或执行中发现的问题）"))


class StopForm(StepForm):
    reason = _text(gettext_lazy("停止执行的理由"))


class ArchiveForm(StepForm):
    archived_on = DayField(label=gettext_lazy("归档日期"), required=False)


class ContractSubmitForm(StepForm):
    submitted_on = DayField(label=gettext_lazy("送审日期"), required=False)


class ContractReviewForm(StepForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("审查结论"),
        choices=[
            (Contract.Outcome.AGREE, Contract.Outcome.AGREE.label),
            (Contract.Outcome.AMEND, Contract.Outcome.AMEND.label),
        ],
    )
    opinion = _text(gettext_lazy("审查意见（主体资格、合法性、文字表述）"), 4)
    reviewed_on = DayField(label=gettext_lazy("审查日期"), required=False)


class ContractRefuseForm(StepForm):
    opinion = _text(gettext_lazy("不同意签订的理由"), 4)
    reviewed_on = DayField(label=gettext_lazy("审查日期"), required=False)


class SignForm(StepForm):
    signed_on = DayField(label=gettext_lazy("签订日期"), required=False)


class FileForm(StepForm):
    filed_on = DayField(label=gettext_lazy("备案日期"), required=False)


class DoneForm(StepForm):
    done_on = DayField(label=gettext_lazy("履行完毕日期"), required=False)


class NormativeSubmitForm(StepForm):
    submitted_on = DayField(label=gettext_lazy("送审日期"), required=False)


class NormativeReviewForm(StepForm):
    outcome = forms.ChoiceField(
        label=gettext_lazy("审核结论"),
        choices=[
            (NormativeDocument.Outcome.LAWFUL, NormativeDocument.Outcome.LAWFUL.label),
            (NormativeDocument.Outcome.LAWFUL_IF_AMENDED, NormativeDocument.Outcome.LAWFUL_IF_AMENDED.label),
        ],
    )
    opinion = _text(gettext_lazy("合法性审核意见"), 4)
    reviewed_on = DayField(label=gettext_lazy("审核日期"), required=False)


class IssueForm(StepForm):
    deliberated_on = forms.DateField(label=gettext_lazy("集体审议日期"))
    issued_on = DayField(label=gettext_lazy("印发日期"), required=False)
    published_on = forms.DateField(label=gettext_lazy("公布日期"), required=False)
    valid_until = forms.DateField(label=gettext_lazy("有效期至"), required=False)


class AmendForm(StepForm):
    amended_on = DayField(label=gettext_lazy("修改日期"), required=False)
    note = _text(gettext_lazy("修改内容及理由（修改稿应重新经合法性审核）"), 3)


class RepealForm(StepForm):
    repealed_on = DayField(label=gettext_lazy("废止日期"), required=False)
    reason = _text(gettext_lazy("废止理由"), 2)


# --- decision guards ---------------------------------------------------------------------------------------


def catalogue_published(decision, user, data):
    """第三条: a decision is one of the published catalogue's entries."""
    if not decision.entry.catalogue.published_on:
        return Refusal(
            _("该事项所在的决策事项目录尚未公布（重大行政决策程序暂行条例第三条）"),
            "outside_catalogue",
            field="entry",
            article=rules.ART[3],
        )
    return None


def comment_period(decision, user, data):
    """第十五条: at least 30 days, or shorter with the reason published with the call."""
    published_on = data.get("published_on") or timezone.localdate()
    until = data.get("until")
    if until is None:
        return None
    if until <= published_on:
        return Refusal(_("征求意见截止日期应晚于公布日期"), "comment_dates", field="until")
    shortest = deadlines.add_natural_days(published_on, rules.COMMENT_DAYS).on
    if until < shortest and not data.get("short_reason"):
        return Refusal(
            _(
                "公开征求意见的期限一般不少于30日（自%(start)s公布，应至少至%(last)s）；因情况紧急等原因需要缩短的，"
                "应在公开征求意见时说明理由（重大行政决策程序暂行条例第十五条）"
            )
            % {"start": published_on, "last": shortest},
            "comment_too_short",
            field="until",
            article=rules.ART[15],
        )
    return None


def comment_period_over(decision, user, data):
    closed_on = data.get("closed_on") or timezone.localdate()
    if decision.comment_until and closed_on < decision.comment_until:
        return Refusal(
            _("公布的征求意见期限至%(until)s，期限届满前不能结束征求意见（重大行政决策程序暂行条例第十五条）")
            % {"until": decision.comment_until},
            "comment_open",
            field="closed_on",
            article=rules.ART[15],
        )
    return None


def comments_answered(decision, user, data):
    pending = decision.comments.filter(answer=PublicComment.Answer.PENDING).count()
    if pending:
        return Refusal(
            _("尚有%(n)s条公众意见未记录采纳情况（采纳、部分采纳或不采纳及理由）") % {"n": pending},
            "comments_unanswered",
            field="comments",
            article=rules.ART[29],
        )
    return None


def missing_materials(decision) -> list[tuple[str, str]]:
    """第二十九条: the materials the deciding meeting needs, (field, label) of each missing."""
    entry = decision.entry
    missing = []
    if not decision.draft:
        missing.append(("draft", str(_("决策草案及说明"))))
    if entry.needs_participation and not decision.comment_closed_on:
        missing.append(("comment_closed_on", str(_("公众参与（征求意见并结束）"))))
    if entry.needs_participation and decision.comments.filter(answer=PublicComment.Answer.PENDING).exists():
        missing.append(("comments", str(_("公众意见的研究采纳情况"))))
    if entry.needs_hearing and not decision.hearing_report:
        missing.append(("hearing_report", str(_("听证报告"))))
    if entry.needs_experts and not decision.expert_opinion:
        missing.append(("expert_opinion", str(_("专家论证意见"))))
    if entry.needs_risk and not decision.risk_report:
        missing.append(("risk_report", str(_("风险评估报告"))))
    if entry.needs_competition and not decision.competition_review:
        missing.append(("competition_review", str(_("公平竞争审查结论"))))
    return missing


def procedures_done(decision, user, data):
    """Before the legality review: every procedure the entry requires is done (but the review)."""
    missing = missing_materials(decision)
    if missing:
        field, label = missing[0]
        return Refusal(
            _("送请合法性审查前应完成：%(what)s（重大行政决策程序暂行条例第二十六条、第二十九条）")
            % {"what": "、".join(m[1] for m in missing)},
            "procedure_missing",
            field=field,
            article=rules.ART[26],
        )
    return None


def review_time(decision, user, data):
    """第二十六条: 送请合法性审查，应当保证必要的审查时间，一般不少于7个工作日."""
    submitted_on = data.get("submitted_on") or timezone.localdate()
    due_on = data.get("due_on")
    if due_on is None:
        return None
    earliest = deadlines.add_working_days(submitted_on, rules.REVIEW_WORKING_DAYS).on
    if due_on < earliest and not data.get("short_reason"):
        return Refusal(
            _(
                "送请合法性审查应保证必要的审查时间，一般不少于7个工作日：自%(start)s送审，要求反馈日期不得早于%(earliest)s，"
                "否则应记录理由（重大行政决策程序暂行条例第二十六条）"
            )
            % {"start": submitted_on, "earliest": earliest},
            "review_time_short",
            field="due_on",
            article=rules.ART[26],
        )
    return None


def adviser_heard(decision, user, data):
    """第二十八条: in the legality review the legal advisers' opinions are heard."""
    if not decision.engagements.filter(kind=Engagement.Kind.DECISION).exclude(opinion="").exists():
        return Refusal(
            _(
                "合法性审查应当组织法律顾问提出法律意见：尚未记录法律顾问对本决策的意见（重大行政决策程序暂行条例第二十八条）"
            ),
            "no_adviser_opinion",
            field="engagements",
            article=rules.ART[28],
        )
    return None


def reviewed_after_submission(decision, user, data):
    reviewed_on = data.get("reviewed_on") or timezone.localdate()
    if decision.review_submitted_on and reviewed_on < decision.review_submitted_on:
        return Refusal(_("审查意见日期不能早于送审日期"), "before_submission", field="reviewed_on")
    return None


def review_passed(decision, user, data):
    """第二十五条: 未经合法性审查或者经审查不合法的，不得提交决策机关讨论; asking for opinions is not
    a review."""
    if not decision.review_passed:
        return Refusal(
            _(
                "决策草案未经合法性审查或者经审查不合法，不得提交集体讨论；不得以征求意见等方式代替合法性审查"
                "（重大行政决策程序暂行条例第二十五条）"
            ),
            "review_not_passed",
            field="review_outcome",
            article=rules.ART[25],
        )
    return None


def materials_complete(decision, user, data):
    missing = missing_materials(decision)
    if missing:
        field, label = missing[0]
        return Refusal(
            _("提交集体讨论应报送的材料不全：缺%(what)s（重大行政决策程序暂行条例第二十九条）")
            % {"what": "、".join(m[1] for m in missing)},
            "materials_missing",
            field=field,
            article=rules.ART[29],
        )
    return None


def uptake_explained(decision, user, data):
    """第三十二条: publication explains how public and expert opinions were taken up."""
    took_part = decision.comments.exists() or bool(decision.expert_opinion)
    if took_part and not data.get("uptake_note"):
        return Refusal(
            _("公布决策时应说明公众意见、专家论证意见的采纳情况（重大行政决策程序暂行条例第三十二条）"),
            "uptake_missing",
            field="uptake_note",
            article=rules.ART[32],
        )
    return None


# --- decision actions --------------------------------------------------------------------------------------


def _today(data, key):
    return data.get(key) or timezone.localdate()


def do_draft(d, user, data):
    d.draft = data["draft"]
    d.drafted_on = _today(data, "drafted_on")


def do_open_comment(d, user, data):
    d.comment_published_on = _today(data, "published_on")
    d.comment_channels = data["channels"]
    d.comment_how = data["how"]
    d.comment_until = data["until"]
    d.comment_short_reason = data.get("short_reason", "")
    d.comment_closed_on = None


def do_close_comment(d, user, data):
    d.comment_closed_on = _today(data, "closed_on")


def do_experts(d, user, data):
    d.expert_opinion, d.expert_on = data["opinion"], _today(data, "on")


def do_risk(d, user, data):
    d.risk_report, d.risk_level, d.risk_on = data["report"], data["level"], _today(data, "on")


def do_competition(d, user, data):
    d.competition_review, d.competition_on = data["conclusion"], _today(data, "on")


def do_hearing(d, user, data):
    d.hearing_on, d.hearing_report = data["on"], data["report"]


def do_submit_review(d, user, data):
    d.review_submitted_on = _today(data, "submitted_on")
    d.review_due_on = data["due_on"]
    d.review_short_reason = data.get("short_reason", "")
    d.review_outcome, d.review_opinion, d.reviewed_on = "", "", None


def do_review(d, user, data):
    d.review_outcome = data.get("outcome", Decision.Outcome.UNLAWFUL)
    d.review_opinion = data["opinion"]
    d.reviewed_on = _today(data, "reviewed_on")
    d.reviewer = user


def _meeting(resolution):
    def action(d, user, data):
        d.meeting_type = data["meeting_type"]
        d.meeting_on = _today(data, "meeting_on")
        d.attendees = data["attendees"]
        d.minutes = data["minutes"]
        d.resolution = resolution
        if resolution == Decision.Resolution.AMEND:
            d.review_outcome = ""  # amended: reviewed again before the next meeting

    return action


def do_report(d, user, data):
    d.reported_on = _today(data, "reported_on")


def do_publish(d, user, data):
    d.published_on = _today(data, "published_on")
    d.publication_channel = data["channel"]
    d.uptake_note = data.get("uptake_note", "")


def do_evaluate(d, user, data):
    d.evaluation = data["evaluation"]


def do_adjust(d, user, data):
    """调整: the adjusted draft goes through the same gate again (review, then the meeting)."""
    d.adjustment_reason = data["reason"]
    d.review_outcome = ""
    d.resolution = ""


def do_stop(d, user, data):
    d.stopped_reason = data["reason"]


def do_archive(d, user, data):
    d.archived_on = _today(data, "archived_on")


_MEETING_GUARDS = [review_passed, materials_complete]
_BEFORE_MEETING = [D.DRAFTED, D.IN_REVIEW, D.REVIEWED, D.POSTPONED]

DECISION = Workflow(
    model=Decision,
    frozen=[D.ARCHIVED],
    transitions=[
        Transition(
            "draft",
            gettext_lazy("拟定决策草案"),
            [D.STARTED, D.DRAFTED],
            D.DRAFTED,
            DRAFTERS,
            form=DraftForm,
            guards=[catalogue_published],
            action=do_draft,
        ),
        Transition(
            "open_comment",
            gettext_lazy("公开征求意见"),
            [D.DRAFTED],
            D.CONSULTING,
            DRAFTERS,
            form=OpenCommentForm,
            input_guards=[comment_period],
            action=do_open_comment,
        ),
        Transition(
            "close_comment",
            gettext_lazy("结束征求意见"),
            [D.CONSULTING],
            D.DRAFTED,
            DRAFTERS,
            form=CloseCommentForm,
            input_guards=[comment_period_over],
            action=do_close_comment,
        ),
        Transition(
            "hearing",
            gettext_lazy("记录听证"),
            [D.DRAFTED, D.CONSULTING],
            D.DRAFTED,
            DRAFTERS,
            form=HearingForm,
            action=do_hearing,
            style="secondary",
        ),
        Transition(
            "experts",
            gettext_lazy("记录专家论证"),
            [D.DRAFTED],
            D.DRAFTED,
            DRAFTERS,
            form=ExpertForm,
            action=do_experts,
            style="secondary",
        ),
        Transition(
            "risk",
            gettext_lazy("记录风险评估"),
            [D.DRAFTED],
            D.DRAFTED,
            DRAFTERS,
            form=RiskForm,
            action=do_risk,
            style="secondary",
        ),
        Transition(
            "competition",
            gettext_lazy("记录公平竞争审查"),
            [D.DRAFTED],
            D.DRAFTED,
            DRAFTERS,
            form=CompetitionForm,
            action=do_competition,
            style="secondary",
        ),
        Transition(
            "submit_review",
            gettext_lazy("送请合法性审查"),
            [D.DRAFTED],
            D.IN_REVIEW,
            DRAFTERS,
            form=SubmitReviewForm,
            guards=[procedures_done],
            input_guards=[review_time],
            action=do_submit_review,
        ),
        Transition(
            "review",
            gettext_lazy("出具合法性审查意见"),
            [D.IN_REVIEW],
            D.REVIEWED,
            REVIEWERS,
            form=ReviewForm,
            guards=[adviser_heard],
            input_guards=[reviewed_after_submission],
            action=do_review,
        ),
        Transition(
            "review_unlawful",
            gettext_lazy("审查不合法（退回）"),
            [D.IN_REVIEW],
            D.DRAFTED,
            REVIEWERS,
            form=UnlawfulForm,
            guards=[adviser_heard],
            input_guards=[reviewed_after_submission],
            action=do_review,
            style="secondary",
        ),
        Transition(
            "decide",
            gettext_lazy("集体讨论决定（同意）"),
            _BEFORE_MEETING,
            D.DECIDED,
            DECIDERS,
            form=MeetingForm,
            guards=_MEETING_GUARDS,
            action=_meeting(Decision.Resolution.AGREED),
        ),
        Transition(
            "send_back",
            gettext_lazy("集体讨论决定（修改）"),
            _BEFORE_MEETING,
            D.DRAFTED,
            DECIDERS,
            form=MeetingForm,
            guards=_MEETING_GUARDS,
            action=_meeting(Decision.Resolution.AMEND),
            style="secondary",
        ),
        Transition(
            "postpone",
            gettext_lazy("集体讨论决定（暂缓）"),
            _BEFORE_MEETING,
            D.POSTPONED,
            DECIDERS,
            form=MeetingForm,
            guards=_MEETING_GUARDS,
            action=_meeting(Decision.Resolution.POSTPONE),
            style="secondary",
        ),
        Transition(
            "refuse",
            gettext_lazy("集体讨论决定（不同意）"),
            _BEFORE_MEETING,
            D.REJECTED,
            DECIDERS,
            form=MeetingForm,
            guards=_MEETING_GUARDS,
            action=_meeting(Decision.Resolution.REFUSED),
            style="secondary",
        ),
        Transition(
            "report",
            gettext_lazy("报告镇党委"),
            [D.DECIDED],
            D.REPORTED,
            DRAFTERS | DECIDERS,
            form=ReportForm,
            action=do_report,
        ),
        Transition(
            "publish",
            gettext_lazy("公布决策"),
            [D.REPORTED],
            D.PUBLISHED,
            DECIDERS,
            form=PublishForm,
            input_guards=[uptake_explained],
            action=do_publish,
        ),
        Transition("execute", gettext_lazy("开始执行"), [D.PUBLISHED], D.EXECUTING, DRAFTERS),
        Transition(
            "evaluate",
            gettext_lazy("记录决策后评估"),
            [D.EXECUTING],
            D.EXECUTING,
            DRAFTERS,
            form=EvaluationForm,
            action=do_evaluate,
            style="secondary",
        ),
        Transition(
            "adjust",
            gettext_lazy("调整决策（重新审查、讨论）"),
            [D.PUBLISHED, D.EXECUTING],
            D.DRAFTED,
            DECIDERS,
            form=AdjustForm,
            action=do_adjust,
            style="secondary",
        ),
        Transition(
            "stop",
            gettext_lazy("停止执行"),
            [D.EXECUTING],
            D.STOPPED,
            DECIDERS,
            form=StopForm,
            action=do_stop,
            style="secondary",
        ),
        Transition(
            "archive",
            gettext_lazy("归档"),
            [D.PUBLISHED, D.EXECUTING, D.STOPPED, D.REJECTED],
            D.ARCHIVED,
            DRAFTERS,
            form=ArchiveForm,
            action=do_archive,
        ),
    ],
)


# --- contracts ----------------------------------------------------------------------------------------------

CONTRACT_RULE = gettext_lazy("镇人民政府合同合法性审查制度：合同签订前应经合法性审查")


def contract_in_scope(contract, user, data):
    if contract.exclusion:
        return Refusal(
            _("%(what)s合同不属于本镇合同合法性审查的范围，按其专门程序办理")
            % {"what": contract.get_exclusion_display()},
            "out_of_scope",
            field="exclusion",
            article=CONTRACT_RULE,
        )
    if not contract.credit_code:
        return Refusal(
            _("送审前应登记合同相对方的统一社会信用代码（主体资格审查）"),
            "no_credit_code",
            field="credit_code",
            article=CONTRACT_RULE,
        )
    return None


def contract_review_passed(contract, user, data):
    if not contract.review_passed:
        return Refusal(
            _("合同未经合法性审查或审查不同意签订，不得登记为已签订"),
            "review_not_passed",
            field="review_outcome",
            article=CONTRACT_RULE,
        )
    return None


def contract_after_review(contract, user, data):
    reviewed_on = data.get("reviewed_on") or timezone.localdate()
    if contract.submitted_on and reviewed_on < contract.submitted_on:
        return Refusal(_("审查日期不能早于送审日期"), "before_submission", field="reviewed_on")
    return None


def signed_after_review(contract, user, data):
    signed_on = data.get("signed_on") or timezone.localdate()
    if contract.reviewed_on and signed_on < contract.reviewed_on:
        return Refusal(
            _("签订日期不能早于审查日期"), "before_review", field="signed_on", article=CONTRACT_RULE
        )
    return None


def do_contract_submit(c, user, data):
    c.submitted_on = _today(data, "submitted_on")


def _contract_review(outcome):
    def action(c, user, data):
        c.review_outcome = data.get("outcome", outcome)
        c.review_opinion = data["opinion"]
        c.reviewed_on = _today(data, "reviewed_on")
        c.reviewer = user

    return action


def do_sign(c, user, data):
    c.signed_on = _today(data, "signed_on")


def do_file(c, user, data):
    c.filed_on = _today(data, "filed_on")


def do_done(c, user, data):
    c.done_on = _today(data, "done_on")


_contract_clock = Starts(
    CONTRACT_REVIEW, counting_from="submitted_on", days=_rule_days(rules.CONTRACT_REVIEW_RULE)
)

CONTRACT = Workflow(
    model=Contract,
    frozen=[C.DONE],
    transitions=[
        Transition(
            "submit",
            gettext_lazy("送请合法性审查"),
            [C.DRAFTED],
            C.IN_REVIEW,
            DRAFTERS,
            form=ContractSubmitForm,
            guards=[contract_in_scope],
            action=do_contract_submit,
            starts=[_contract_clock],
        ),
        Transition(
            "review",
            gettext_lazy("出具审查意见（同意签订）"),
            [C.IN_REVIEW],
            C.APPROVED,
            REVIEWERS,
            form=ContractReviewForm,
            input_guards=[contract_after_review],
            action=_contract_review(Contract.Outcome.AGREE),
            meets=[Meets(CONTRACT_REVIEW.code, on="reviewed_on")],
        ),
        Transition(
            "refuse",
            gettext_lazy("出具审查意见（不同意）"),
            [C.IN_REVIEW],
            C.REFUSED,
            REVIEWERS,
            form=ContractRefuseForm,
            input_guards=[contract_after_review],
            action=_contract_review(Contract.Outcome.REFUSE),
            meets=[Meets(CONTRACT_REVIEW.code, on="reviewed_on")],
            style="secondary",
        ),
        Transition(
            "revise",
            gettext_lazy("修改后重新送审"),
            [C.REFUSED],
            C.IN_REVIEW,
            DRAFTERS,
            form=ContractSubmitForm,
            guards=[contract_in_scope],
            action=do_contract_submit,
            starts=[_contract_clock],
            style="secondary",
        ),
        Transition(
            "sign",
            gettext_lazy("登记签订"),
            [C.DRAFTED, C.IN_REVIEW, C.APPROVED, C.REFUSED],
            C.SIGNED,
            DRAFTERS,
            form=SignForm,
            guards=[contract_review_passed],
            input_guards=[signed_after_review],
            action=do_sign,
            starts=[
                Starts(
                    CONTRACT_FILING,
                    counting_from="signed_on",
                    days=_rule_days(rules.CONTRACT_FILING_RULE, "signed_on"),
                )
            ],
        ),
        Transition(
            "file",
            gettext_lazy("备案"),
            [C.SIGNED],
            C.FILED,
            DRAFTERS,
            form=FileForm,
            action=do_file,
            meets=[Meets(CONTRACT_FILING.code, on="filed_on")],
        ),
        Transition(
            "complete",
            gettext_lazy("履行完毕"),
            [C.SIGNED, C.FILED],
            C.DONE,
            DRAFTERS,
            form=DoneForm,
            action=do_done,
            cancels=[Cancels(CONTRACT_FILING.code)],
        ),
    ],
)


# --- normative documents ----------------------------------------------------------------------------------


def normative_review_passed(doc, user, data):
    if not doc.review_passed:
        return Refusal(
            _("行政规范性文件未经合法性审核或者经审核不合法的，不得印发（国办发〔2018〕115号）"),
            "review_not_passed",
            field="review_outcome",
            article=rules.NORMATIVE_ART,
        )
    return None


def issue_dates(doc, user, data):
    issued_on = data.get("issued_on") or timezone.localdate()
    if doc.reviewed_on and issued_on < doc.reviewed_on:
        return Refusal(
            _("印发日期不能早于合法性审核日期"),
            "before_review",
            field="issued_on",
            article=rules.NORMATIVE_ART,
        )
    if data.get("deliberated_on") and data["deliberated_on"] > issued_on:
        return Refusal(_("集体审议日期不能晚于印发日期"), "deliberation_after_issue", field="deliberated_on")
    if data.get("valid_until") and data["valid_until"] < issued_on:
        return Refusal(_("有效期至不能早于印发日期"), "validity", field="valid_until")
    return None


def normative_after_submission(doc, user, data):
    reviewed_on = data.get("reviewed_on") or timezone.localdate()
    if doc.submitted_on and reviewed_on < doc.submitted_on:
        return Refusal(_("审核日期不能早于送审日期"), "before_submission", field="reviewed_on")
    return None


def do_normative_submit(doc, user, data):
    doc.submitted_on = _today(data, "submitted_on")
    doc.review_outcome, doc.review_opinion, doc.reviewed_on = "", "", None


def do_normative_review(doc, user, data):
    doc.review_outcome = data.get("outcome", NormativeDocument.Outcome.UNLAWFUL)
    doc.review_opinion = data["opinion"]
    doc.reviewed_on = _today(data, "reviewed_on")
    doc.reviewer = user


def do_issue(doc, user, data):
    doc.deliberated_on = data["deliberated_on"]
    doc.issued_on = _today(data, "issued_on")
    doc.published_on = data.get("published_on") or doc.issued_on
    doc.valid_until = data.get("valid_until")


def do_amend(doc, user, data):
    entry = f"{_today(data, 'amended_on').isoformat()}：{data['note']}"
    doc.amended_note = f"{doc.amended_note}\n{entry}".strip()


def do_repeal(doc, user, data):
    doc.repealed_on = _today(data, "repealed_on")
    doc.repeal_reason = data["reason"]


_normative_clock = Starts(
    NORMATIVE_REVIEW, counting_from="submitted_on", days=_rule_days(rules.NORMATIVE_REVIEW_RULE)
)

NORMATIVE = Workflow(
    model=NormativeDocument,
    transitions=[
        Transition(
            "submit",
            gettext_lazy("送请合法性审核"),
            [N.DRAFTED],
            N.IN_REVIEW,
            DRAFTERS,
            form=NormativeSubmitForm,
            action=do_normative_submit,
            starts=[_normative_clock],
        ),
        Transition(
            "review",
            gettext_lazy("出具合法性审核意见"),
            [N.IN_REVIEW],
            N.APPROVED,
            REVIEWERS,
            form=NormativeReviewForm,
            input_guards=[normative_after_submission],
            action=do_normative_review,
            meets=[Meets(NORMATIVE_REVIEW.code, on="reviewed_on")],
        ),
        Transition(
            "review_unlawful",
            gettext_lazy("审核不合法（退回）"),
            [N.IN_REVIEW],
            N.DRAFTED,
            REVIEWERS,
            form=UnlawfulForm,
            input_guards=[normative_after_submission],
            action=do_normative_review,
            meets=[Meets(NORMATIVE_REVIEW.code, on="reviewed_on")],
            style="secondary",
        ),
        Transition(
            "issue",
            gettext_lazy("印发"),
            [N.DRAFTED, N.IN_REVIEW, N.APPROVED],
            N.ISSUED,
            DRAFTERS,
            form=IssueForm,
            guards=[normative_review_passed],
            input_guards=[issue_dates],
            action=do_issue,
        ),
        Transition(
            "amend",
            gettext_lazy("登记修改"),
            [N.ISSUED],
            N.ISSUED,
            DRAFTERS,
            form=AmendForm,
            action=do_amend,
            style="secondary",
        ),
        Transition(
            "repeal",
            gettext_lazy("废止"),
            [N.ISSUED],
            N.REPEALED,
            DRAFTERS,
            form=RepealForm,
            action=do_repeal,
            style="secondary",
        ),
    ],
)

WORKFLOWS = [DECISION, CONTRACT, NORMATIVE]
