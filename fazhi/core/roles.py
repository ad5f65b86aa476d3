"""The roles of fazhi and what each may do: one table, read top to bottom.

A user holds memberships (user, role, region). What they may *see* is the union of the
subtrees of the regions of their domain roles; what they may *do* is the union of the
permissions of their roles. The three system administrators (三员, GB/T 22239-2019 访问控制)
hold no domain role: they manage accounts, security settings and the audit trail, and read no
case, event or petition.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Permissions. Domain apps add their own codes here, next to the ones they use.
VIEW_RECORDS = "core.view_records"  # read domain records in scope
VIEW_PII = "core.view_pii"  # see full identity numbers and phone numbers (each view ledgered)
MANAGE_REGIONS = "core.manage_regions"  # import and edit villages and grids
MANAGE_USERS = "core.manage_users"  # accounts and memberships (sysadmin)
MANAGE_HOLIDAYS = "core.manage_holidays"  # enter a year's statutory holidays
MANAGE_SECURITY = "core.manage_security"  # lockouts, password policy (secadmin)
MANAGE_STAFF = "core.manage_staff"  # the staff register: people and their posts (党政办)
MANAGE_RULES = "core.manage_rules"  # a region's own rules: time limits, definitions, checklists
ASSIGN = "core.assign"  # give a record to a person for a purpose and end it (分派: 法律顾问, 包案)
AUDIT = "core.audit"  # read and verify the ledger (auditor)
ADMIN_SITE = "core.admin_site"  # Django's admin site (sysadmin only)

CASE_VIEW = "enforcement.view"
CASE_HANDLE = "enforcement.handle"  # file and investigate cases, issue rectification orders
CASE_REVIEW = "enforcement.review"  # 法制审核
CASE_DECIDE = "enforcement.decide"  # approve filing, decide (collective discussion)
ENFORCEMENT_MANAGE = "enforcement.manage"  # bodies, officers, powers list

_TOWN_READ = {VIEW_RECORDS}


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    permissions: frozenset[str]
    domain: bool = True  # False: a system role that reads no domain records
    home: str = ""  # short description of what their home page shows

    def __str__(self) -> str:
        return str(self.label)


def _role(code, label, perms=(), domain=True, home=""):
    return Role(code, label, frozenset(perms), domain, home)


ROLES: dict[str, Role] = {
    r.code: r
    for r in [
        _role(
            "town_leader",
            _("镇领导"),
            {VIEW_RECORDS, VIEW_PII, CASE_VIEW, CASE_DECIDE, ASSIGN},
            home=_("待决定事项与全镇概况"),
        ),
        _role(
            "judicial_office",
            _("司法所"),
            {VIEW_RECORDS, VIEW_PII, CASE_VIEW, MANAGE_HOLIDAYS, MANAGE_RULES, ASSIGN},
            home=_("合法性审查、调解指导、普法"),
        ),
        _role(
            "enforcement_officer",
            _("执法人员"),
            {VIEW_RECORDS, VIEW_PII, CASE_VIEW, CASE_HANDLE, ENFORCEMENT_MANAGE},
            home=_("我的案件与期限"),
        ),
        _role(
            "legal_reviewer",
            _("法制审核人员"),
            {VIEW_RECORDS, VIEW_PII, CASE_VIEW, CASE_REVIEW},
            home=_("待法制审核案件"),
        ),
        _role(
            "governance_office",
            _("综治办"),
            {VIEW_RECORDS, VIEW_PII, MANAGE_REGIONS},
            home=_("网格事件与矛盾纠纷"),
        ),
        _role("petition_office", _("信访办"), {VIEW_RECORDS, VIEW_PII}, home=_("信访事项与接访")),
        _role(
            "gov_office",
            _("党政办"),
            {VIEW_RECORDS, MANAGE_HOLIDAYS, MANAGE_STAFF},
            home=_("政务公开、工作方案、报告起草"),
        ),
        _role("grid_worker", _("网格员"), {VIEW_RECORDS}, home=_("我的网格")),
        _role("village_cadre", _("村（居）委会干部"), {VIEW_RECORDS}, home=_("本村事件与纠纷")),
        _role("legal_adviser", _("法律顾问"), {VIEW_RECORDS}, home=_("待出具意见事项")),
        _role(
            "county_supervisor", _("县司法局"), {VIEW_RECORDS, CASE_VIEW, MANAGE_RULES}, home=_("全县监督")
        ),
        _role(
            "sysadmin",
            _("系统管理员"),
            {MANAGE_USERS, MANAGE_REGIONS, ADMIN_SITE},
            domain=False,
            home=_("账户与权限"),
        ),
        _role("secadmin", _("安全管理员"), {MANAGE_SECURITY}, domain=False, home=_("安全策略与锁定")),
        _role("auditor", _("审计管理员"), {AUDIT}, domain=False, home=_("审计日志与校验")),
    ]
}

ROLE_CHOICES = [(code, role.label) for code, role in ROLES.items()]
SYSTEM_ROLES = frozenset(code for code, role in ROLES.items() if not role.domain)


def permissions_of(role_codes) -> frozenset[str]:
    perms: set[str] = set()
    for code in role_codes:
        perms |= ROLES[code].permissions
    return frozenset(perms)
