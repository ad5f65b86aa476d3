"""The annual report's procedure as a declared Workflow (`REPORT` over `Report.state`).

起草中 ─submit→ 待审核 (党政办, or 司法所 where the town's rule lets it draft) ─review→ 待集体审议
(司法所, never the drafter) ─deliberate→ 待审定 (the meeting record, entered by 党政办) ─approve→
已审定 (the principal leader: the figures are frozen with their records' ids and the town's ledger
chain head is printed) ─submit_up→ 已报送 (党政办: to the county party committee and government,
copied to the county's 依法治县办) ─clear→ 已保密审查 (a named reviewer) ─publish→ 已公布 (党政办;
by 1 April: `PUBLISH`, started when the report is created). A reviewer or the leader may send it
back (return → 起草中; the leader before approving: send_back).

Approval is refused while content items (1)–(4) are empty, while a problem of item (3) lacks its
cause, or while a sentence still waits for a figure that is not in the registry.

The 政府信息公开工作年度报告 (kind `disclosure`) takes the same steps. Its approval needs 一、总体情况
and 五、存在的主要问题及改进情况 written and table 三 adding up (本年新收 + 上年结转 = 办理结果总计 +
结转下年度, 国办公开办函〔2021〕30号), listing the requests that break it; it is published by the
day a county rule sets, by default 31 March (政府信息公开条例 第四十九条).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import deadlines, figures, ledger, rules, staff
from fazhi.core.deadlines import ClockRule
from fazhi.core.workflow import DayField, Meets, Refusal, StepForm, Transition, Workflow
from fazhi.reports import compose, tables
from fazhi.reports.models import REQUIRED_ITEMS, ContentItem, Report

S = Report.State
DRAFTERS = {"gov_office", "judicial_office"}
REVIEWERS = {"judicial_office"}
OFFICE = {"gov_office"}
LEADER = {"town_leader"}

# 法治政府建设与责任落实督察工作规定 (厅字〔2019〕28号) 第二十四条: 每年4月1日之前 … 向社会公开.
PUBLISH_MONTH, PUBLISH_DAY = 4, 1
ART_24 = gettext_lazy("《法治政府建设与责任落实督察工作规定》第二十四条：每年4月1日之前向社会公开")
ART_CONTENT = gettext_lazy("《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）关于年度报告内容的规定")
ART_ORDER = gettext_lazy("本系统规则：审核与起草分离（四眼原则）")

PUBLISH = ClockRule(
    "reports.publish",
    gettext_lazy("公布法治政府建设年度报告"),
    ART_24,
    0,
    warn_before=30,
)

JUDICIAL_DRAFTS = rules.declare(
    "reports.judicial_office_drafts",
    gettext_lazy("司法所可起草年度报告"),
    rules.NUMBER,
    0,
    gettext_lazy("本系统默认：由党政办起草（0）；镇可定为1，由司法所起草"),
    help=gettext_lazy("1：司法所也可起草并提交审核；0：仅党政办起草。"),
)


# 政府信息公开条例 第四十九条: the county-level government's report is published by 31 March; a
# township's date is the county's to set (DOMAIN.md 5(a)); the government's date is the default.
ART_49 = gettext_lazy(
    "《中华人民共和国政府信息公开条例》第四十九条、第五十条：每年3月31日前向社会公布本级政府上一年度政府信息公开工作年度报告"
)
ART_TEMPLATE = gettext_lazy(
    "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》表三：第一项加第二项之和，等于第三项加第四项之和"
)
DISCLOSURE_PUBLISH = ClockRule(
    "reports.disclosure_publish",
    gettext_lazy("公布政府信息公开工作年度报告"),
    ART_49,
    0,
    warn_before=30,
)
DISCLOSURE_PUBLISH_BY = rules.declare(
    "reports.disclosure_publish_by",
    gettext_lazy("政府信息公开工作年度报告公布时限（次年）"),
    rules.TABLE,
    {"month": 3, "day": 31},
    ART_49,
    help=gettext_lazy("次年的月、日：如县要求乡镇于1月31日前公布，填 month 1、day 31。"),
)


def publish_due(year: int, kind: str = Report.Kind.RULE_OF_LAW, region=None) -> dt.date:
    """The day by which the report of `year` is published: 1 April of the next year for the
    法治政府建设年度报告; for the disclosure report, the county's rule (default 31 March; a report
    published on that day is on time)."""
    if kind == Report.Kind.DISCLOSURE:
        when = rules.value(DISCLOSURE_PUBLISH_BY, region, on=dt.date(year + 1, 1, 1))
        return dt.date(year + 1, int(when["month"]), int(when["day"]))
    return dt.date(year + 1, PUBLISH_MONTH, PUBLISH_DAY)


def publication_rule(report: Report) -> ClockRule:
    return DISCLOSURE_PUBLISH if report.kind == Report.Kind.DISCLOSURE else PUBLISH


def start_publication_clock(report: Report, today: dt.date | None = None):
    """Open the publication deadline on a new report (counted from today, or the day before the
    due day when the report is written late)."""
    due = publish_due(report.year, report.kind, report.region)
    starts_on = min(today or timezone.localdate(), due - dt.timedelta(days=1))
    rule = publication_rule(report)
    return deadlines.start(report, rule=rule, starts_on=starts_on, days=(due - starts_on).days)


# --- who may draft ------------------------------------------------------------------------------------


def may_draft(user, region) -> bool:
    """党政办 drafts; 司法所 only where the town's rule says so."""
    if user.has_role("gov_office", region=region):
        return True
    return user.has_role("judicial_office", region=region) and bool(rules.value(JUDICIAL_DRAFTS, region))


def drafter_guard(report, user, data):
    if not may_draft(user, report.region):
        return Refusal(
            _("本镇年度报告由党政办起草；司法所起草须镇规则“司法所可起草年度报告”为1"),
            "drafter",
            article=rules.declared(JUDICIAL_DRAFTS).citation,
        )
    return None


def not_the_drafter(report, user, data):
    if report.drafted_by_id == user.pk:
        return Refusal(_("审核人不得为起草人"), "reviewer_is_drafter", field="reviewed_by", article=ART_ORDER)
    return None


# The disclosure report's sections that need text (and 五 may be its problems instead).
DISCLOSURE_REQUIRED = (
    ("disclosure_overview", "一、总体情况"),
    ("disclosure_problems", "五、存在的主要问题及改进情况"),
)


def _missing_figures(report):
    _pairs, unknown = compose.needed(report)
    if unknown:
        return Refusal(
            _("报告引用的指标尚无数据：%(codes)s；请删去相应语句或待相关应用上线后再审定")
            % {"codes": "、".join(sorted(unknown))},
            "figure_missing",
            field="body",
            article=gettext_lazy("本系统规则：报告中的数字均须由记录计算"),
        )
    return None


def disclosure_content(report):
    """一 and 五 written (五: its text or its problems); no sentence waiting for data."""
    sections = list(report.sections.all())
    has_problems = any(p.problem.strip() for p in report.problems.all())
    for key, label in DISCLOSURE_REQUIRED:
        written = [s for s in sections if s.key.startswith(key) and s.body.strip()]
        if not written and not (key == "disclosure_problems" and has_problems):
            return Refusal(
                _("报告“%(section)s”部分为空，不能审定") % {"section": label},
                "content_item_empty",
                field=key,
                article=gettext_lazy(
                    "国办公开办函〔2021〕30号《中华人民共和国政府信息公开工作年度报告格式》"
                ),
            )
    return _missing_figures(report)


def table_three_adds_up(report, user, data):
    """Table 三 of a disclosure report adds up (一 + 二 = 三（七） + 四), and no request is carried
    for more than a year (the disclosure app's two check figures are 0); else the refusal names
    the requests that break it."""
    if report.kind != Report.Kind.DISCLOSURE:
        return None
    (new, carried_in), (closed, carried_out) = tables.balance_parts()
    checks = tables.balance_codes()
    period = figures.Period.year(report.year)
    values = figures.evaluate([new, carried_in, closed, carried_out, *checks], report.region, [period])
    left = values[new].value + values[carried_in].value
    right = values[closed].value + values[carried_out].value
    offending = []
    for code in checks:
        if values[code].value:
            qs = figures.records(code, report.region, period).order_by("pk")
            offending += [str(r) for r in qs[:20]]
    if left != right or offending:
        text = _(
            "表三勾稽关系不成立：本年新收%(new)s件＋上年结转%(carried_in)s件＝%(left)s件，"
            "办理结果总计%(closed)s件＋结转下年度%(carried_out)s件＝%(right)s件"
        ) % {
            "new": values[new].value,
            "carried_in": values[carried_in].value,
            "left": left,
            "closed": values[closed].value,
            "carried_out": values[carried_out].value,
            "right": right,
        }
        if offending:
            text += _("；不成立的申请：%(requests)s") % {"requests": "、".join(offending)}
        return Refusal(text, "table_three_unbalanced", field="disclosure_t3", article=ART_TEMPLATE)
    return None


def content_items(report, user, data):
    """(1)–(4) must have text; every problem of (3) its cause; no sentence waiting for data
    (the disclosure report: its own sections, `disclosure_content`)."""
    if report.kind == Report.Kind.DISCLOSURE:
        return disclosure_content(report)
    sections = list(report.sections.all())
    problems = list(report.problems.all())
    labels = dict(ContentItem.choices)
    for item in REQUIRED_ITEMS:
        bodies = [s.body.strip() for s in sections if s.item == item and s.body.strip()]
        if item == ContentItem.SHORTCOMINGS:
            bodies += [p.problem for p in problems if p.problem.strip()]
        if not bodies:
            return Refusal(
                _("报告内容“%(item)s”为空，不能审定") % {"item": labels[item]},
                "content_item_empty",
                field=f"item_{int(item)}",
                article=ART_CONTENT,
            )
    for problem in problems:
        if not problem.cause.strip():
            return Refusal(
                _("存在的不足“%(problem)s”未写明原因，不能审定") % {"problem": problem.problem[:30]},
                "problem_without_cause",
                field="cause",
                article=ART_CONTENT,
            )
    return _missing_figures(report)


def principal_leader(report, user, data):
    """The approver holds the post of 法治建设第一责任人 where the staff register names a holder
    with an account; where the holders have no account (the register names the secretary, who
    does not sign in), the step's role (镇领导 over the town) is what the system can check."""
    holders = staff.first_responsible(report.region)
    accounts = {p.user_id for p in holders if p.user_id}
    if accounts and user.pk not in accounts:
        names = "、".join(p.name for p in holders)
        return Refusal(
            _("年度报告由党政主要负责人（法治建设第一责任人：%(names)s）审定") % {"names": names},
            "not_principal_leader",
            article=ART_CONTENT,
        )
    return None


# --- step forms ------------------------------------------------------------------------------------


class ReviewForm(StepForm):
    review_opinion = forms.CharField(
        label=gettext_lazy("审核意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReturnForm(StepForm):
    reason = forms.CharField(label=gettext_lazy("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DeliberateForm(StepForm):
    meeting = forms.CharField(
        label=gettext_lazy("会议名称"), max_length=200, initial="镇党委会议、政府常务会议"
    )
    deliberated_on = DayField(label=gettext_lazy("审议日期"), required=False)
    meeting_record = forms.CharField(
        label=gettext_lazy("审议记录"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ApproveForm(StepForm):
    approved_on = DayField(label=gettext_lazy("审定日期"), required=False)
    signed_on = forms.DateField(label=gettext_lazy("成文日期"), required=False)


# A town reports to the party committee and government one level up, copied to that level's
# 党委法治建设议事协调机构 (provincial guides, DOMAIN.md 7(a)).
SUBMITTED_TO = gettext_lazy("县委、县人民政府（抄送县委依法治县办）")


class SubmitForm(StepForm):
    submitted_on = DayField(label=gettext_lazy("报送日期"), required=False)
    submission_reference = forms.CharField(label=gettext_lazy("报送文号"), max_length=100)
    submitted_to = forms.CharField(
        label=gettext_lazy("报送单位"),
        max_length=300,
        initial=SUBMITTED_TO,
        required=False,
    )


CLEARED = gettext_lazy("不涉及党和国家秘密，同意公开")


class ClearForm(StepForm):
    secrecy_reviewer = forms.CharField(label=gettext_lazy("保密审查人"), max_length=100)
    secrecy_on = DayField(label=gettext_lazy("审查日期"), required=False)
    secrecy_opinion = forms.CharField(
        label=gettext_lazy("审查意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        initial=CLEARED,
        required=False,
    )


PUBLISHED_AT = gettext_lazy("县人民政府门户网站")


class PublishForm(StepForm):
    published_on = DayField(label=gettext_lazy("公布日期"), required=False)
    published_at = forms.CharField(
        label=gettext_lazy("公布载体"), max_length=300, initial=PUBLISHED_AT, required=False
    )


# --- actions ------------------------------------------------------------------------------------------


def _set(*names):
    def action(report, user, data):
        for name in names:
            if name in data:
                setattr(report, name, data[name])

    return action


def do_review(report, user, data):
    report.reviewed_by = user
    report.review_opinion = data.get("review_opinion", "")


def do_submit(report, user, data):
    report.submitted_on = data.get("submitted_on") or timezone.localdate()
    report.submission_reference = data["submission_reference"]
    report.submitted_to = data.get("submitted_to") or str(SUBMITTED_TO)


def do_clear(report, user, data):
    report.secrecy_reviewer = data["secrecy_reviewer"]
    report.secrecy_on = data.get("secrecy_on") or timezone.localdate()
    report.secrecy_opinion = data.get("secrecy_opinion") or str(CLEARED)


def do_publish(report, user, data):
    report.published_on = data.get("published_on") or timezone.localdate()
    report.published_at = data.get("published_at") or str(PUBLISHED_AT)


def do_approve(report, user, data):
    report.approved_by = user
    report.approved_on = data.get("approved_on") or timezone.localdate()
    report.signed_on = data.get("signed_on") or report.signed_on or report.approved_on
    report.chain_head = chain_head(report)
    compose.freeze(report)


def chain_head(report) -> dict:
    """The town's ledger chain head (sealed entries so far) and the newest anchor."""
    from fazhi.core.models import LedgerHead

    ledger.seal([report.town_code])
    head = LedgerHead.objects.filter(chain=report.town_code).first()
    anchor = ledger.last_anchor()
    found = {"chain": report.town_code, "seq": 0, "hash": ""}
    if head is not None:
        found.update(seq=head.last_seq, hash=head.last_hash)
    if anchor is not None:
        found["anchor"] = {
            "root": anchor.data.get("root", ""),
            "at": anchor.at.isoformat(),
            "entry": anchor.pk,
        }
    return found


REPORT = Workflow(
    model=Report,
    frozen=[S.PUBLISHED],
    transitions=[
        Transition(
            "submit",
            gettext_lazy("提交审核"),
            source=[S.DRAFT],
            target=S.REVIEW,
            roles=DRAFTERS,
            guards=[drafter_guard],
        ),
        Transition(
            "review",
            gettext_lazy("审核通过"),
            source=[S.REVIEW],
            target=S.DELIBERATION,
            roles=REVIEWERS,
            guards=[not_the_drafter],
            form=ReviewForm,
            action=do_review,
        ),
        Transition(
            "return",
            gettext_lazy("退回修改"),
            source=[S.REVIEW, S.DELIBERATION],
            target=S.DRAFT,
            roles=REVIEWERS,
            form=ReturnForm,
            style="secondary",
        ),
        Transition(
            "send_back",
            gettext_lazy("退回修改（审定前）"),
            source=[S.APPROVAL],
            target=S.DRAFT,
            roles=LEADER,
            form=ReturnForm,
            style="secondary",
        ),
        Transition(
            "deliberate",
            gettext_lazy("登记集体审议"),
            source=[S.DELIBERATION],
            target=S.APPROVAL,
            roles=OFFICE,
            form=DeliberateForm,
            action=_set("meeting", "deliberated_on", "meeting_record"),
        ),
        Transition(
            "approve",
            gettext_lazy("审定"),
            source=[S.APPROVAL],
            target=S.APPROVED,
            roles=LEADER,
            guards=[principal_leader, content_items, table_three_adds_up],
            form=ApproveForm,
            action=do_approve,
            post=str(gettext_lazy("党政主要负责人（法治建设第一责任人）")),
        ),
        Transition(
            "submit_up",
            gettext_lazy("报送"),
            source=[S.APPROVED],
            target=S.SUBMITTED,
            roles=OFFICE,
            form=SubmitForm,
            action=do_submit,
        ),
        Transition(
            "clear",
            gettext_lazy("保密审查"),
            source=[S.SUBMITTED],
            target=S.CLEARED,
            roles=OFFICE | REVIEWERS,
            form=ClearForm,
            action=do_clear,
        ),
        Transition(
            "publish",
            gettext_lazy("公布"),
            source=[S.CLEARED],
            target=S.PUBLISHED,
            roles=OFFICE,
            form=PublishForm,
            action=do_publish,
            meets=[
                Meets(PUBLISH.code, on="published_on"),
                Meets(DISCLOSURE_PUBLISH.code, on="published_on"),
            ],
        ),
    ],
)

WORKFLOWS = [REPORT]
