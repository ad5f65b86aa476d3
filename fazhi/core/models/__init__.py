from fazhi.core.models.attachments import Attachment
from fazhi.core.models.calendar import CalendarDay, CalendarYear, Deadline, DeadlineExtension, DeadlinePause
from fazhi.core.models.jobs import ImportJob
from fazhi.core.models.ledger import LedgerEntry, LedgerHead
from fazhi.core.models.links import Assignment, RecordLink
from fazhi.core.models.numbering import DocumentCounter
from fazhi.core.models.regions import Region, RegionKind, RegionQuerySet
from fazhi.core.models.rules import Rule, RuleKind
from fazhi.core.models.staff import Person, Post, PostKind, Sex, TakenBy
from fazhi.core.models.tokens import ApiToken
from fazhi.core.models.users import Membership, User

__all__ = [
    "Assignment",
    "Attachment",
    "CalendarDay",
    "CalendarYear",
    "Deadline",
    "ApiToken",
    "DeadlineExtension",
    "DeadlinePause",
    "DocumentCounter",
    "ImportJob",
    "LedgerEntry",
    "LedgerHead",
    "Membership",
    "Person",
    "Post",
    "PostKind",
    "RecordLink",
    "Region",
    "RegionKind",
    "RegionQuerySet",
    "Rule",
    "RuleKind",
    "Sex",
    "TakenBy",
    "User",
]
