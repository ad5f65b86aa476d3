"""Home-page sections: the boards due for a content update (the offices that record 普法), and
the posts taken without a constitutional oath past the rule's days (the 党政办, who keeps the
staff register). Imported by the app's AppConfig.ready()."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import roles
from fazhi.core.homes import Section, home_section
from fazhi.education.duties import boards_due, posts_without_oath

ROWS_SHOWN = 6


@home_section(order=60)
def boards_to_update(user) -> Section | None:
    if not user.can(roles.EDUCATION_RECORD):
        return None
    today = timezone.localdate()
    due = boards_due(user, today)
    rows = [
        {
            "label": f"{d.board.name}（{d.board.place}）",
            "url": d.board.get_absolute_url(),
            "badge": _("应更新"),
            "tone": "danger",
            "note": _("上次更新 %(last)s，%(due)s 起应更新") % {"last": d.last, "due": d.due_on},
        }
        for d in due[:ROWS_SHOWN]
    ]
    return Section(
        _("法治宣传阵地待更新"),
        rows,
        empty=_("各宣传阵地本季度均已更新。"),
        count=len(due),
        more_url=reverse("education:board_list") + "?due=1",
        more_label=_("查看宣传阵地"),
    )


@home_section(order=60)
def oaths_overdue(user) -> Section | None:
    if not (user.can(roles.MANAGE_STAFF) and user.can(roles.EDUCATION_VIEW)):
        return None
    today = timezone.localdate()
    posts = posts_without_oath(user, today)
    rows = [
        {
            "label": f"{post.person.name} · {post.title}",
            "url": reverse("education:oath_overdue"),
            "badge": _("逾期未宣誓"),
            "tone": "danger",
            "note": _("%(since)s %(how)s任职，应于 %(due)s 前宣誓")
            % {"since": post.since, "how": post.get_taken_by_display(), "due": post.due_on},
        }
        for post in posts[:ROWS_SHOWN]
    ]
    return Section(
        _("任职后未进行宪法宣誓"),
        rows,
        empty=_("选举或任命产生的人员均已宪法宣誓。"),
        count=len(posts),
        more_url=reverse("education:oath_overdue"),
        more_label=_("查看未宣誓名单"),
    )
