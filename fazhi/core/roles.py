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

# Grid governance (fazhi.grid): events from the grid and their closed loop, patrols.
GRID_VIEW = "grid.view"  # read grid events and patrol logs
GRID_REPORT = "grid.report"  # report events (上报) and log patrols (巡查/走访)
GRID_HANDLE = "grid.handle"  # accept, dispatch, check and archive events (综治中心)
GRID_DISPOSE = "grid.dispose"  # handle an event dispatched to one's village or office (处置/办结)
GRID_MANAGE = "grid.manage"  # grid profiles, event categories and their time limits

# People's mediation (fazhi.mediation): screening, disputes, mediation files.
DISPUTE_VIEW = "mediation.view"  # read disputes and screening records
DISPUTE_REGISTER = "mediation.register"  # register a dispute (排查登记)
MEDIATE = "mediation.mediate"  # accept, mediate, record agreements and follow-up (调解员)
MEDIATION_GUIDE = "mediation.guide"  # guide and review mediation (司法所; not a 调委会)

# 行政复议 and 行政诉讼 (fazhi.litigation): the one register every app's records link to.
LITIGATION_VIEW = "litigation.view"  # read the register of 复议/诉讼 cases
LITIGATION_MANAGE = "litigation.manage"  # record a 复议/诉讼 case, its hearing and its result

# Petitions (fazhi.petitions): 信访事项, registrations at each level, receptions, 包案.
PETITION_VIEW = "petitions.view"  # read petition matters, receptions and 包案 records
PETITION_HANDLE = "petitions.handle"  # register, accept, handle and answer matters (信访办)
PETITION_RECEIVE = "petitions.receive"  # record one's receptions (接访/下访) and 包案 progress (leaders)
PETITION_APPROVE = "petitions.approve"  # approve an extension of the handling period (领导批准)

# Legal work (fazhi.legal): advisers, engagements, major decisions, contracts, normative documents.
LEGAL_VIEW = "legal.view"  # read advisers, engagements, decisions, contracts, normative documents
LEGAL_MANAGE = "legal.manage"  # advisers, the decision catalogue, the registers (司法所)
LEGAL_DRAFT = "legal.draft"  # start and carry a decision, contract or normative document (承办)
LEGAL_REVIEW = "legal.review"  # 合法性审查 / 合法性审核 and contract review (司法所)
LEGAL_OPINION = "legal.opinion"  # an adviser's opinion and service log on what is assigned to them
LEGAL_DECIDE = "legal.decide"  # record the collective decision and its publication (镇领导)

# Government disclosure (fazhi.disclosure): proactive items, requests, the template's figures.
DISCLOSURE_VIEW = "disclosure.view"  # read items, requests and the yearly registers
DISCLOSURE_HANDLE = "disclosure.handle"  # publish items, handle and answer requests (党政办)
DISCLOSURE_APPROVE = "disclosure.approve"  # approve an extension of a request's reply period

# Legal education and study (fazhi.education): 普法 activities, boards, study sessions, oaths.
EDUCATION_VIEW = "education.view"  # read activities, boards, study sessions and oaths
EDUCATION_RECORD = "education.record"  # record activities, board updates, study sessions, oaths

# The work plan (fazhi.planning): the year's plan, its tasks, the leaders' duties and 述法.
PLAN_VIEW = "planning.view"  # read the plan, its tasks and progress
PLAN_MANAGE = "planning.manage"  # write the plan and its tasks (党政办)
PLAN_REPORT = "planning.report"  # report progress on a task one is responsible for

# Reports (fazhi.reports): the annual reports and dashboards.
REPORT_VIEW = "reports.view"  # read dashboards and report drafts
REPORT_DRAFT = "reports.draft"  # draft and submit a report (党政办, 司法所 by a town rule)
REPORT_REVIEW = "reports.review"  # 审核 a report draft (司法所)
REPORT_APPROVE = "reports.approve"  # 审定 a report (the principal leader)

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
            {
                VIEW_RECORDS,
                VIEW_PII,
                CASE_VIEW,
                CASE_DECIDE,
                ASSIGN,
                GRID_VIEW,
                DISPUTE_VIEW,
                PETITION_VIEW,
                PETITION_RECEIVE,
                PETITION_APPROVE,
                LEGAL_VIEW,
                LEGAL_DECIDE,
                DISCLOSURE_VIEW,
                DISCLOSURE_APPROVE,
                EDUCATION_VIEW,
                PLAN_VIEW,
                PLAN_REPORT,
                REPORT_VIEW,
                REPORT_APPROVE,
                LITIGATION_VIEW,
            },
            home=_("待决定事项与全镇概况"),
        ),
        _role(
            "judicial_office",
            _("司法所"),
            {
                VIEW_RECORDS,
                VIEW_PII,
                CASE_VIEW,
                MANAGE_HOLIDAYS,
                MANAGE_RULES,
                ASSIGN,
                GRID_VIEW,
                DISPUTE_VIEW,
                MEDIATION_GUIDE,
                PETITION_VIEW,
                LEGAL_VIEW,
                LEGAL_MANAGE,
                LEGAL_DRAFT,
                LEGAL_REVIEW,
                DISCLOSURE_VIEW,
                EDUCATION_VIEW,
                EDUCATION_RECORD,
                PLAN_VIEW,
                PLAN_REPORT,
                REPORT_VIEW,
                REPORT_DRAFT,
                REPORT_REVIEW,
                LITIGATION_VIEW,
                LITIGATION_MANAGE,
            },
            home=_("合法性审查、调解指导、普法"),
        ),
        _role(
            "enforcement_officer",
            _("执法人员"),
            {
                VIEW_RECORDS,
                VIEW_PII,
                CASE_VIEW,
                CASE_HANDLE,
                ENFORCEMENT_MANAGE,
                GRID_VIEW,  # reads the grid events it may turn into cases (违法线索 from the grid)
                EDUCATION_VIEW,
                LITIGATION_VIEW,
                LITIGATION_MANAGE,
            },
            home=_("我的案件与期限"),
        ),
        _role(
            "legal_reviewer",
            _("法制审核人员"),
            {VIEW_RECORDS, VIEW_PII, CASE_VIEW, CASE_REVIEW, LITIGATION_VIEW},
            home=_("待法制审核案件"),
        ),
        _role(
            "governance_office",
            _("综治办"),
            {
                VIEW_RECORDS,
                VIEW_PII,
                MANAGE_REGIONS,
                GRID_VIEW,
                GRID_REPORT,
                GRID_HANDLE,
                GRID_DISPOSE,
                GRID_MANAGE,
                DISPUTE_VIEW,
                DISPUTE_REGISTER,
                PETITION_VIEW,
                EDUCATION_VIEW,
                PLAN_VIEW,
                PLAN_REPORT,
                REPORT_VIEW,
            },
            home=_("网格事件与矛盾纠纷"),
        ),
        _role(
            "petition_office",
            _("信访办"),
            {
                VIEW_RECORDS,
                VIEW_PII,
                GRID_VIEW,  # reads the grid events it may turn into petition matters
                PETITION_VIEW,
                PETITION_HANDLE,
                PETITION_RECEIVE,
                PLAN_VIEW,
                PLAN_REPORT,
            },
            home=_("信访事项与接访"),
        ),
        _role(
            "gov_office",
            _("党政办"),
            {
                VIEW_RECORDS,
                VIEW_PII,  # the applicant's contact, to serve a disclosure reply (条例 第三十六条)
                MANAGE_HOLIDAYS,
                MANAGE_STAFF,
                LEGAL_VIEW,
                LEGAL_DRAFT,
                DISCLOSURE_VIEW,
                DISCLOSURE_HANDLE,
                EDUCATION_VIEW,
                EDUCATION_RECORD,
                PLAN_VIEW,
                PLAN_MANAGE,
                PLAN_REPORT,
                REPORT_VIEW,
                REPORT_DRAFT,
                LITIGATION_VIEW,
                LITIGATION_MANAGE,
            },
            home=_("政务公开、工作方案、报告起草"),
        ),
        _role(
            "grid_worker",
            _("网格员"),
            {VIEW_RECORDS, GRID_VIEW, GRID_REPORT, DISPUTE_VIEW, DISPUTE_REGISTER},
            home=_("我的网格"),
        ),
        _role(
            "village_cadre",
            _("村（居）委会干部"),
            {VIEW_RECORDS, GRID_VIEW, GRID_REPORT, GRID_DISPOSE, DISPUTE_VIEW, DISPUTE_REGISTER},
            home=_("本村事件与纠纷"),
        ),
        _role(
            "mediator",
            _("人民调解员"),
            {VIEW_RECORDS, VIEW_PII, DISPUTE_VIEW, DISPUTE_REGISTER, MEDIATE},
            home=_("调解案件与回访"),
        ),
        _role(
            "legal_adviser",
            _("法律顾问"),
            {VIEW_RECORDS, LEGAL_VIEW, LEGAL_OPINION},
            home=_("待出具意见事项"),
        ),
        _role(
            "county_supervisor",
            _("县司法局"),
            {
                VIEW_RECORDS,
                CASE_VIEW,
                MANAGE_RULES,
                GRID_VIEW,
                DISPUTE_VIEW,
                PETITION_VIEW,
                LEGAL_VIEW,
                DISCLOSURE_VIEW,
                EDUCATION_VIEW,
                PLAN_VIEW,
                REPORT_VIEW,
                LITIGATION_VIEW,
            },
            home=_("全县监督"),
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
