"""What the public sees of the town's legal work, and the one thing it may submit.

- Legal services: each village's legal adviser as on the 公示牌 (一村一法律顾问: name, firm, the
  adviser's contact phone, service time and place, photo). The adviser's phone is published
  because the 公示牌 carries it; nothing else of the engagement (fee, rating, spot checks,
  account) leaves through these querysets.
- 重大行政决策: the year's catalogue once published with the party committee's consent
  (暂行条例 第三条第三款); each decision whose draft was put out for comment (第十四条、第十五条)
  or that was published (第三十二条): the draft and its explanation, the comment period and
  channels, every comment the staff answered with its answer (the commenter masked: 张某某, or
  网民 when anonymous; identity and phone numbers typed into the text masked), and the
  publication with how opinions were taken up.
- Public comments online: during the published comment period anyone may comment from the
  decision's public page (`OnlineCommentForm`, `submit_comment`); the comment enters the
  decision's comment register, where staff answer it as any comment. It appears on the public
  page only once answered (a public submission enters the staff queue, never the public pages,
  until handled). Outside the period the form is refused (第十五条).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fazhi.core import frozen, intake, pii
from fazhi.core.models import Attachment, Region
from fazhi.core.pii import MobileFormField
from fazhi.legal import rules
from fazhi.legal.models import Adviser, Catalogue, Decision, PublicComment, current_q

# --- legal advisers (公示牌) ---------------------------------------------------------------------

PUBLIC_FIELDS = (
    "id",
    "region__name",
    "region__code",
    "name",
    "firm",
    "phone",
    "service_time",
    "service_place",
    "photo_id",
)


def public_advisers(region: Region | None = None, on: dt.date | None = None) -> QuerySet:
    """The advisers whose contract is current on `on` (today) under `region`, as dicts of
    PUBLIC_FIELDS, by region code."""
    on = on or timezone.localdate()
    qs = Adviser.objects.filter(current_q(on))
    if region is not None:
        qs = qs.under(region)
    return qs.order_by("region__code", "name").values(*PUBLIC_FIELDS)


def public_photo(region: Region, adviser_id: int) -> Attachment | None:
    """The 公示牌 photo of a current adviser under `region` (stored without metadata), or None."""
    found = (
        public_advisers(region).filter(pk=adviser_id, photo__isnull=False).values_list("photo_id", flat=True)
    )
    photo_id = next(iter(found), None)
    return Attachment.objects.filter(pk=photo_id).first() if photo_id else None


# --- 重大行政决策目录 ------------------------------------------------------------------------------


def public_catalogues(region: Region) -> QuerySet:
    """The catalogues under `region` published after the party committee's consent (第三条),
    newest year first, each with its entries prefetched."""
    return (
        Catalogue.objects.under(region)
        .filter(published_on__isnull=False, party_consent_on__isnull=False)
        .prefetch_related("entries")
        .order_by("-year", "id")
    )


CATALOGUE_FIELDS = ("year", "title", "published_on")
ENTRY_FIELDS = ("name", "decider", "undertaker", "legal_basis", "planned_by", "adjustment")


# --- the decisions' public pages -----------------------------------------------------------------

S = Decision.State
# A decision is on the portal once its draft was put out for comment or once it was published;
# before that it is the town's working file.
_SHOWN = Q(comment_published_on__isnull=False) | Q(published_on__isnull=False)
_PUBLISHED_STATES = (S.PUBLISHED, S.EXECUTING, S.STOPPED, S.ARCHIVED)


def public_decisions(region: Region) -> QuerySet:
    """The decisions under `region` of a published catalogue whose comment call or publication is
    public, newest first, with the number of answered comments as `answered`."""
    return (
        Decision.objects.under(region)
        .filter(_SHOWN, entry__catalogue__published_on__isnull=False)
        .select_related("entry", "entry__catalogue")
        .annotate(answered=Count("comments", filter=~Q(comments__answer=PublicComment.Answer.PENDING)))
        .order_by("-started_on", "-id")
    )


@dataclass(frozen=True)
class CommentShown:
    received_on: dt.date
    commenter: str
    content: str
    answer: str
    reason: str


@dataclass(frozen=True)
class PublicDecision:
    """What the public sees of a decision: the call for comments, the answered comments, the
    publication — never the review opinion, the minutes or anyone's contact."""

    pk: int
    title: str
    entry: str
    catalogue: str
    undertaker: str
    state: str
    draft: str
    comment_published_on: dt.date | None
    comment_until: dt.date | None
    comment_channels: str
    comment_how: str
    comment_short_reason: str
    comment_closed_on: dt.date | None
    comment_open: bool
    comments: list[CommentShown]
    pending: int
    published: bool
    published_on: dt.date | None
    publication_channel: str
    uptake_note: str


_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def masked_text(text: str) -> str:
    """Free text as published: an identity number or a mobile number typed into it is masked."""
    text = _ID_IN_TEXT.sub(lambda m: pii.mask_id_number(m.group(0).upper()), text or "")
    return _MOBILE_IN_TEXT.sub(lambda m: pii.mask_mobile(m.group(0)), text)


def public_commenter(comment: PublicComment) -> str:
    """张三丰 → 张某某; an organization by name; nobody → 网民."""
    return pii.mask_name(comment.commenter) or _("网民")


def comment_window(decision: Decision, today: dt.date | None = None) -> bool:
    """Whether the public comment period of `decision` is running on `today` (第十五条)."""
    today = today or timezone.localdate()
    return (
        decision.state == S.CONSULTING
        and decision.comment_published_on is not None
        and decision.comment_until is not None
        and decision.comment_published_on <= today <= decision.comment_until
    )


def public_decision(decision: Decision) -> PublicDecision:
    answered = decision.comments.exclude(answer=PublicComment.Answer.PENDING).order_by("received_on", "id")
    published = decision.state in _PUBLISHED_STATES and decision.published_on is not None
    return PublicDecision(
        pk=decision.pk,
        title=decision.title,
        entry=decision.entry.name,
        catalogue=decision.entry.catalogue.title,
        undertaker=decision.undertaker,
        state=str(decision.get_state_display()),
        draft=masked_text(decision.draft),
        comment_published_on=decision.comment_published_on,
        comment_until=decision.comment_until,
        comment_channels=decision.comment_channels,
        comment_how=decision.comment_how,
        comment_short_reason=decision.comment_short_reason,
        comment_closed_on=decision.comment_closed_on,
        comment_open=comment_window(decision),
        comments=[
            CommentShown(
                received_on=c.received_on,
                commenter=public_commenter(c),
                content=masked_text(c.content),
                answer=str(c.get_answer_display()),
                reason=masked_text(c.reason),
            )
            for c in answered
        ],
        pending=decision.comments.filter(answer=PublicComment.Answer.PENDING).count(),
        published=published,
        published_on=decision.published_on if published else None,
        publication_channel=decision.publication_channel if published else "",
        uptake_note=masked_text(decision.uptake_note) if published else "",
    )


# --- comments online ----------------------------------------------------------------------------

SCOPE = "legal.comments"


def closed_refusal(decision: Decision, today: dt.date | None = None) -> str | None:
    """Why a comment on `decision` is refused today (outside its published period), or None."""
    if comment_window(decision, today):
        return None
    if decision.comment_published_on and decision.comment_until:
        return _(
            "本决策草案公开征求意见的期限为%(start)s至%(until)s，现不在期限内，不能在网上提交意见"
            "（%(article)s：公开征求意见的期限一般不少于30日）"
        ) % {
            "start": f"{decision.comment_published_on:%Y-%m-%d}",
            "until": f"{decision.comment_until:%Y-%m-%d}",
            "article": rules.ART[15],
        }
    return _("本决策草案未公开征求意见，不能在网上提交意见（%(article)s）") % {"article": rules.ART[15]}


class OnlineCommentForm(intake.ChallengeMixin, forms.Form):
    """A villager's comment on a draft under public comment: the text, and optionally a name
    (published masked: 张某某) and a phone for the staff (never published)."""

    content = forms.CharField(
        label=gettext_lazy("您的意见或建议"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    commenter = forms.CharField(
        label=gettext_lazy("姓名（可不填；公开时隐去名字，如“张某某”）"), max_length=50, required=False
    )
    phone = MobileFormField(
        label=gettext_lazy("联系电话（可不填；不公开，仅供工作人员联系）"), required=False
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.add_challenge()

    def clean(self):
        data = super().clean()
        refused = closed_refusal(self.decision)
        if refused:
            raise forms.ValidationError(refused, code="comment_closed")
        return data


def submit_comment(form: OnlineCommentForm) -> PublicComment:
    """Enter a valid online comment in the decision's comment register (unanswered; ledgered
    with no actor, as every public write)."""
    data = form.cleaned_data
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=form.decision.pk)
        if closed_refusal(decision):  # the period ended, or the call was closed, meanwhile
            raise forms.ValidationError(closed_refusal(decision), code="comment_closed")
        frozen.check(decision)
        comment = PublicComment(
            decision=decision,
            region=decision.region,
            received_on=timezone.localdate(),
            commenter=data.get("commenter", "").strip(),
            phone=data.get("phone", ""),
            channel=PublicComment.Channel.ONLINE,
            content=data["content"].strip(),
        )
        comment.full_clean()
        comment.save()
    return comment
