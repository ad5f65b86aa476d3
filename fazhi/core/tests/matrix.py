"""Core's authorization table: its pages, the project's root pages and core's API operations.

Every outcome is written by hand from the intended rules (docs/security.md is generated from it);
fazhi/testing/matrix.py explains the format. Inside = a record of 石鼓镇 (歇马村第1网格),
outside = a record of 易俗河镇 (城东村第1网格).
"""

from __future__ import annotations

from fazhi.testing.matrix import INSIDE, OUTSIDE, E, Row, Table

# Groups written out by hand (not read from roles.py).
TOWN = "leader judicial officer officer2 reviewer governance petition gov_office adviser"
GRIDS = "grid_a grid_b cadre"
DOMAIN = f"{TOWN} {GRIDS} county other_officer two_regions grid_and_officer"
SYSTEM = "sysadmin secadmin auditor"
NO_ROLE = "superuser nobody"
SIGNED_IN = f"{DOMAIN} {SYSTEM} {NO_ROLE}"


def build(t) -> None:
    """Sample records (fazhi.testing.sample) in grid A and in 易俗河镇's grid, each with a file;
    an import job of 综治办; a membership of grid A's worker."""
    from fazhi.core import deadlines
    from fazhi.core.attachments import attach, content_file
    from fazhi.core.models import ImportJob
    from fazhi.testing.sample.models import Matter, Person

    r, u = t.regions, t.users
    from fazhi.core.models import ApiToken

    t.token, _key = ApiToken.issue(u.grid_a, "矩阵测试设备", 30)
    t.grid = {INSIDE: r.grid_a, OUTSIDE: r.other_grid}
    t.person = {
        INSIDE: Person.objects.create(region=r.grid_a, name="张三丰", id_number="430321199001011238"),
        OUTSIDE: Person.objects.create(region=r.other_grid, name="李四光", id_number="430321198001011233"),
    }
    t.matter = {
        INSIDE: Matter.objects.create(region=r.grid_a, title="现场核查"),
        OUTSIDE: Matter.objects.create(region=r.other_grid, title="外镇核查"),
    }
    t.file = {
        s: attach(content_file(b"%PDF-1.4\n%%EOF\n", f"{s}.pdf"), owner=m, user=None)
        for s, m in t.matter.items()
    }
    t.deadline = {
        s: deadlines.start(m, code="sample.reply", label="答复", rule="示例条例", days=5, working=True)
        for s, m in t.matter.items()
    }
    # an open assignment of each town's matter from next week (the inside one given by the
    # judicial office), so that giving the matter again today is not a duplicate
    import datetime as dt

    from django.utils import timezone

    from fazhi.core import links

    next_week = timezone.localdate() + dt.timedelta(days=7)
    t.assignment = {
        INSIDE: links.give(
            t.matter[INSIDE], u.adviser, purpose="sample.opinion", by=u.judicial, since=next_week
        ),
        OUTSIDE: links.assign(t.matter[OUTSIDE], u.other_officer, purpose="sample.opinion", since=next_week),
    }
    t.job = ImportJob.objects.create(register="regions", user=u.governance, file_name="x.xlsx", status="done")
    t.grid_a_membership = u.grid_a.memberships.get()
    # the staff register: a cadre of each town, with a post (read over the reader's regions and above)
    import datetime as dt

    from fazhi.core.models import Person as StaffPerson
    from fazhi.core.models import Post

    t.staff_town = {INSIDE: r.town, OUTSIDE: r.other_town}
    t.staff = {
        INSIDE: StaffPerson.objects.create(region=r.town, name="石鼓干部"),
        OUTSIDE: StaffPerson.objects.create(region=r.other_town, name="易俗干部"),
    }
    t.post = {
        s: Post.objects.create(
            person=p, region=p.region, title="司法所长", since=dt.date(2021, 1, 1), taken_by="appointment"
        )
        for s, p in t.staff.items()
    }


# --- kwargs and watches -----------------------------------------------------------------------


def _grid_a_user(t, s):
    return {"pk": t.users.grid_a.pk}


def _grid_a_membership(t, s):
    return {"pk": t.users.grid_a.pk, "membership_pk": t.grid_a_membership.pk}


def _membership_period(t, s):
    from fazhi.core.models import Membership

    membership = Membership.objects.get(pk=t.grid_a_membership.pk)
    return (membership.since, membership.until)


def _region(t, s):
    return {"code": t.grid[s].code}


def _user_state(t, s):
    from fazhi.core.models import User

    user = User.objects.get(pk=t.users.grid_a.pk)
    return (user.is_active, user.full_name, user.password, user.mobile)


def _memberships(name):
    def watch(t, s):
        from fazhi.core.models import Membership

        return sorted(Membership.objects.filter(user=getattr(t.users, name)).values_list("role", "region_id"))

    return watch


def _region_state(t, s):
    from fazhi.core.models import Region

    region = Region.objects.get(pk=t.grid[s].pk)
    return (region.name, region.households, region.population)


def _ledger_count(t, s):
    from fazhi.core.models import LedgerEntry

    return LedgerEntry.objects.count()


def _user_count(t, s):
    from fazhi.core.models import User

    return User.objects.count()


def _own_password(t, s):
    return None  # the page changes the principal's own password: not posted here


def _rule_versions(t, s):
    from fazhi.core.models import Rule

    return Rule.objects.filter(code=RULE).count()


def _rule_data(region):
    def data(t, s):
        where = getattr(t.regions, region) if region else t.staff_town[s]
        return {
            "region": where.pk,
            "effective_from": "2021-03-01",
            "citation": "示例文件 第一条",
            "length": 10,
            "period_unit": "days",
        }

    return data


def _staff_count(t, s):
    from fazhi.core.models import Person as StaffPerson

    return StaffPerson.objects.count()


def _staff_state(t, s):
    from fazhi.core.models import Person as StaffPerson

    return StaffPerson.objects.get(pk=t.staff[s].pk).name


def _posts(t, s):
    from fazhi.core.models import Post

    return sorted(Post.objects.filter(person=t.staff[s]).values_list("title", "until"))


def _post_data(t, s):
    return {
        "title": "副所长",
        "kind": "staff",
        "region": t.staff_town[s].pk,
        "since": "2021-01-01",
        "taken_by": "appointment",
        "order": 100,
    }


def _give_data(t, s):
    from fazhi.core import links

    return {
        "purpose": "sample.opinion",
        "record": links.source_token(t.matter[s]),
        "user": t.users.adviser.pk,
    }


def _assignment_count(t, s):
    from fazhi.core.models import Assignment

    return Assignment.objects.count()


def _assignment_until(t, s):
    from fazhi.core.models import Assignment

    return Assignment.objects.get(pk=t.assignment[s].pk).until


RULE = "sample.reply_period"  # declared by the sample app
STAFF_READERS_IN = f"{TOWN} {GRIDS} county two_regions grid_and_officer"
STAFF_READERS_OUT = "county other_officer two_regions grid_and_officer"


def _pii(t, s):
    return {"model": "sample.person", "pk": t.person[s].pk, "field": "id_number"}


PAGES = [
    # The project's root pages.
    Row("home", anywhere=E("200")),
    Row("login", anywhere=E("302", {"200": "anonymous"}), note="signed in: sent home"),
    Row("logout", method="POST", anywhere=E("302", {"302": "anonymous"})),
    Row(
        "set_language",
        method="POST",
        data={"language": "zh-hans", "next": "/"},
        anywhere=E("302", {"302": "anonymous"}),
    ),
    Row(
        "schema",
        anywhere=E("200", {"403": "anonymous"}),
        note="the OpenAPI schema is for signed-in users and token holders (docs/openapi.yaml is its copy)",
    ),
    Row("api-docs", anywhere=E("200", {"403": "anonymous"})),
    Row("api-root", anywhere=E("200", {"403": "anonymous"})),
    Row(
        "admin:index",
        anywhere=E("302", {"200": "sysadmin", "302": "anonymous"}),
        note="others: to the admin sign-in page",
    ),
    # Accounts and memberships: the system administrator only.
    Row("core:user_list", anywhere=E("403", {"200": "sysadmin"})),
    Row("core:user_create", anywhere=E("403", {"200": "sysadmin"})),
    Row(
        "core:user_create",
        variant="POST",
        method="POST",
        data={
            "username": "newcomer",
            "full_name": "新同事",
            "password1": "Xq7!pLm2#vRt",
            "password2": "Xq7!pLm2#vRt",
        },
        watch=_user_count,
        anywhere=E("403 unchanged", {"302 changed": "sysadmin"}),
    ),
    Row("core:user_detail", kwargs=_grid_a_user, anywhere=E("403", {"200": "sysadmin"})),
    Row("core:user_edit", kwargs=_grid_a_user, anywhere=E("403", {"200": "sysadmin"})),
    Row(
        "core:user_edit",
        variant="POST",
        method="POST",
        kwargs=_grid_a_user,
        data={"full_name": "改名网格员", "mobile": ""},
        watch=_user_state,
        anywhere=E("403 unchanged", {"302 changed": "sysadmin"}),
    ),
    Row("core:user_password", kwargs=_grid_a_user, anywhere=E("403", {"200": "sysadmin"})),
    Row(
        "core:user_active",
        method="POST",
        kwargs=_grid_a_user,
        data={"active": "0"},
        watch=_user_state,
        anywhere=E("403 unchanged", {"302 changed": "sysadmin"}),
    ),
    Row(
        "core:membership_add",
        method="POST",
        kwargs=_grid_a_user,
        data=lambda t, s: {"role": "grid_worker", "region": t.regions.grid_b.pk},
        watch=_memberships("grid_a"),
        anywhere=E("403 unchanged", {"302 changed": "sysadmin"}),
    ),
    Row(
        "core:membership_add",
        variant="domain role to a 三员 account",
        method="POST",
        kwargs=lambda t, s: {"pk": t.users.secadmin.pk},
        data=lambda t, s: {"role": "town_leader", "region": t.regions.town.pk},
        watch=_memberships("secadmin"),
        anywhere=E("403 unchanged", {"200/400 unchanged": "sysadmin"}),
        note="三员分立: the sysadmin cannot give a system account a domain role",
    ),
    Row(
        "core:membership_remove",
        method="POST",
        kwargs=lambda t, s: {"pk": t.users.grid_a.pk, "membership_pk": t.grid_a_membership.pk},
        watch=_memberships("grid_a"),
        anywhere=E("403 unchanged", {"302 changed": "sysadmin"}),
    ),
    # The period of a membership: ended by an end date, never deleted (the sysadmin only).
    Row(
        "core:membership_period",
        kwargs=_grid_a_membership,
        anywhere=E("403", {"200": "sysadmin"}),
    ),
    Row(
        "core:membership_period",
        variant="POST",
        method="POST",
        kwargs=_grid_a_membership,
        data={"since": "", "until": "2021-12-31"},
        watch=_membership_period,
        anywhere=E("403 unchanged", {"302 changed": "sysadmin"}),
    ),
    # Regions: every domain role reads its subtree; the sysadmin reads the county's tree.
    Row("core:region_list", anywhere=E("403", {"200": f"{DOMAIN} sysadmin"})),
    Row(
        "core:region_detail",
        kwargs=_region,
        inside=E(
            "403",
            {
                "200": f"{TOWN} grid_a cadre county sysadmin two_regions grid_and_officer",
                "404": "grid_b other_officer",
            },
        ),
        outside=E(
            "403",
            {
                "200": "county other_officer sysadmin two_regions grid_and_officer",
                "404": f"{TOWN} {GRIDS}",
            },
        ),
    ),
    Row(
        "core:region_edit",
        kwargs=_region,
        inside=E("403", {"200": "governance sysadmin"}),
        outside=E("403", {"200": "sysadmin", "404": "governance"}),
    ),
    Row(
        "core:region_edit",
        variant="POST",
        method="POST",
        kwargs=_region,
        data=lambda t, s: {"name": "改名网格", "households": 120, "population": 380},
        watch=_region_state,
        inside=E("403 unchanged", {"302 changed": "governance sysadmin"}),
        outside=E("403 unchanged", {"302 changed": "sysadmin", "404 unchanged": "governance"}),
    ),
    # Deadlines (the page lists only what the reader may read; rows of each app in its table).
    Row("core:deadlines", anywhere=E("403", {"200": DOMAIN})),
    Row(
        "core:deadline_explain",
        kwargs=lambda t, s: {"pk": t.deadline[s].pk},
        inside=E("404", {"200": f"{TOWN} grid_a cadre county two_regions grid_and_officer"}),
        outside=E("404", {"200": "county other_officer two_regions grid_and_officer"}),
        note="follows the read permission of the record the deadline belongs to",
    ),
    Row("core:calendar", anywhere=E("403", {"200": "judicial gov_office"})),
    # 口径说明: every role that reads records (the values shown are the reader's own).
    Row("core:figures", anywhere=E("403", {"200": DOMAIN})),
    # The audit trail: the auditor only.
    Row("core:audit", anywhere=E("403", {"200": "auditor"})),
    Row("core:audit_export", anywhere=E("403", {"200": "auditor"})),
    Row("core:audit_verify", method="POST", anywhere=E("403", {"200/302": "auditor"})),
    # Full personal information: VIEW_PII in the record's region (ledgered).
    Row(
        "core:pii_reveal",
        method="POST",
        kwargs=_pii,
        marker=lambda t, s: t.person[s].id_number,
        inside=E(
            "403",
            {
                "200 shown": "leader judicial officer officer2 reviewer governance petition gov_office",
                "404": "other_officer",
            },
        ),
        outside=E(
            "403",
            {
                "200 shown": "other_officer two_regions grid_and_officer",
                "404": "leader judicial officer officer2 reviewer governance petition gov_office",
            },
        ),
        note="two_regions and grid_and_officer hold VIEW_PII only in 易俗河镇",
    ),
    # Attachments follow the record they belong to.
    Row(
        "core:attachment",
        kwargs=lambda t, s: {"pk": t.file[s].pk},
        inside=E("404", {"200": f"{TOWN} grid_a cadre county two_regions grid_and_officer"}),
        outside=E("404", {"200": "county other_officer two_regions grid_and_officer"}),
    ),
    # Import and export of registers (here the regions register).
    Row("core:import_list", anywhere=E("403", {"200": f"{DOMAIN} sysadmin"})),
    Row("core:import_template", kwargs={"code": "regions"}, anywhere=E("403", {"200": f"{DOMAIN} sysadmin"})),
    Row("core:import_export", kwargs={"code": "regions"}, anywhere=E("403", {"200": f"{DOMAIN} sysadmin"})),
    Row(
        "core:import_upload",
        method="POST",
        kwargs={"code": "regions"},
        watch=_ledger_count,
        anywhere=E("403 unchanged", {"200/302/400 unchanged": "governance sysadmin"}),
        note="no file posted: the holders of MANAGE_REGIONS get the form back",
    ),
    # The staff register as Excel: every reader of records exports what they read; 党政办 imports.
    Row(
        "core:import_template",
        variant="staff",
        kwargs={"code": "staff"},
        anywhere=E("403", {"200": DOMAIN}),
    ),
    Row(
        "core:import_export",
        variant="staff",
        kwargs={"code": "staff"},
        anywhere=E("403", {"200": DOMAIN}),
        note="the rows are what the reader reads of the register (their regions and those above)",
    ),
    Row(
        "core:import_upload",
        variant="staff",
        method="POST",
        kwargs={"code": "staff"},
        watch=_staff_count,
        anywhere=E("403 unchanged", {"400 unchanged": "gov_office"}),
        note="no file posted: 党政办 gets the form back",
    ),
    Row("core:job_detail", kwargs=lambda t, s: {"pk": t.job.pk}, anywhere=E("404", {"200": "governance"})),
    Row("core:job_progress", kwargs=lambda t, s: {"pk": t.job.pk}, anywhere=E("404", {"200": "governance"})),
    # Assignments: each user's own (fazhi.core.links).
    Row("core:my_assignments", anywhere=E("200"), note="lists only the reader's own assignments"),
    # Giving and ending assignments: the permission of a purpose over the record's region —
    # ASSIGN (镇领导, 司法所) for most; grid.handle (综治办) for grid's 抄告知悉, so the office opens
    # the page but may not give (400) or end (403 inside, 404 outside) the sample's matter.
    Row("core:assignment_manage", anywhere=E("403", {"200": "leader judicial governance"})),
    Row(
        "core:assignment_manage",
        variant="POST",
        method="POST",
        data=_give_data,
        watch=_assignment_count,
        inside=E("403 unchanged", {"302 changed": "leader judicial", "400 unchanged": "governance"}),
        outside=E("403 unchanged", {"400 unchanged": "leader judicial governance"}),
        note="outside: the other town's matter is not among the records they may give",
    ),
    Row(
        "core:assignment_end",
        method="POST",
        kwargs=lambda t, s: {"pk": t.assignment[s].pk},
        watch=_assignment_until,
        inside=E("403 unchanged", {"302 changed": "leader judicial"}),
        outside=E("403 unchanged", {"404 unchanged": "leader judicial governance"}),
        note="ended (an end date), never deleted",
    ),
    # Rules: every reader reads those of their regions and above; the county supervisor sets the
    # county's, the judicial office its town's (a membership of that region, not below it).
    Row("core:rules", anywhere=E("403", {"200": DOMAIN})),
    Row("core:rule_detail", kwargs={"code": RULE}, anywhere=E("403", {"200": DOMAIN})),
    Row("core:rule_add", kwargs={"code": RULE}, anywhere=E("403", {"200": "judicial county two_regions"})),
    Row(
        "core:rule_add",
        variant="POST town",
        method="POST",
        kwargs={"code": RULE},
        data=_rule_data(""),
        watch=_rule_versions,
        inside=E("403 unchanged", {"302 changed": "judicial", "200 unchanged": "county two_regions"}),
        outside=E("403 unchanged", {"200 unchanged": "judicial county two_regions"}),
        note="the town's rule: its judicial office; the county supervisor does not set a town's rules",
    ),
    Row(
        "core:rule_add",
        variant="POST county",
        method="POST",
        kwargs={"code": RULE},
        data=_rule_data("county"),
        watch=_rule_versions,
        anywhere=E("403 unchanged", {"302 changed": "county two_regions", "200 unchanged": "judicial"}),
    ),
    # The staff register: read over the reader's regions and the regions above; 党政办 keeps it.
    Row("core:staff_list", anywhere=E("403", {"200": DOMAIN})),
    Row(
        "core:staff_detail",
        kwargs=lambda t, s: {"pk": t.staff[s].pk},
        inside=E("403", {"200": STAFF_READERS_IN, "404": "other_officer"}),
        outside=E("403", {"200": STAFF_READERS_OUT, "404": f"{TOWN} {GRIDS}"}),
        note="a town's cadre is read by its grids and villages too (the regions above a reader's)",
    ),
    Row("core:staff_create", anywhere=E("403", {"200": "gov_office"})),
    Row(
        "core:staff_create",
        variant="POST",
        method="POST",
        data=lambda t, s: {"name": "新干部", "region": t.staff_town[s].pk},
        watch=_staff_count,
        inside=E("403 unchanged", {"302 changed": "gov_office"}),
        outside=E("403 unchanged", {"200 unchanged": "gov_office"}),
    ),
    Row(
        "core:staff_edit",
        kwargs=lambda t, s: {"pk": t.staff[s].pk},
        inside=E("403", {"200": "gov_office"}),
        outside=E("403", {"404": "gov_office"}),
    ),
    Row(
        "core:staff_edit",
        variant="POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.staff[s].pk},
        data=lambda t, s: {"name": "改名干部", "region": t.staff_town[s].pk},
        watch=_staff_state,
        inside=E("403 unchanged", {"302 changed": "gov_office"}),
        outside=E("403 unchanged", {"404 unchanged": "gov_office"}),
    ),
    Row(
        "core:post_add",
        kwargs=lambda t, s: {"pk": t.staff[s].pk},
        inside=E("403", {"200": "gov_office"}),
        outside=E("403", {"404": "gov_office"}),
    ),
    Row(
        "core:post_add",
        variant="POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.staff[s].pk},
        data=_post_data,
        watch=_posts,
        inside=E("403 unchanged", {"302 changed": "gov_office"}),
        outside=E("403 unchanged", {"404 unchanged": "gov_office"}),
    ),
    Row(
        "core:post_edit",
        kwargs=lambda t, s: {"pk": t.post[s].pk},
        inside=E("403", {"200": "gov_office"}),
        outside=E("403", {"404": "gov_office"}),
    ),
    Row(
        "core:post_edit",
        variant="POST",
        method="POST",
        kwargs=lambda t, s: {"pk": t.post[s].pk},
        data=lambda t, s: {**_post_data(t, s), "title": "司法所长", "until": "2021-12-31"},
        watch=_posts,
        inside=E("403 unchanged", {"302 changed": "gov_office"}),
        outside=E("403 unchanged", {"404 unchanged": "gov_office"}),
        note="a post ends (离任日期); it is never deleted",
    ),
    # One's own account: everyone signed in.
    Row("core:account", anywhere=E("200")),
    Row("core:password_change", anywhere=E("200")),
    Row("core:two_factor", anywhere=E("200")),
    # API tokens: everyone manages their own; the system administrator may revoke any account's.
    Row("core:token_list", anywhere=E("200")),
    Row(
        "core:token_revoke",
        method="POST",
        kwargs=lambda t, s: {"pk": t.token.pk},
        watch=lambda t, s: _token_revoked(t),
        anywhere=E("404 unchanged", {"302 changed": "grid_a sysadmin"}),
        note="grid A's worker's token: its holder and the system administrator; 404 for the others",
    ),
    Row("core:two_factor_verify", anywhere=E("200/302")),
    # Login security: the security administrator.
    Row("core:security", anywhere=E("403", {"200": "secadmin"})),
    Row("core:security_unlock", method="POST", anywhere=E("403", {"200/302": "secadmin"})),
    Row(
        "core:security_two_factor_reset",
        method="POST",
        kwargs=_grid_a_user,
        anywhere=E("403", {"200/302": "secadmin"}),
    ),
]

OPERATIONS = [
    Row(
        "v1_auth_token_create",
        method="POST",
        encoding="json",
        data={"username": "grid_a", "password": "wrong"},
        anywhere=E("400", {"400": "anonymous"}),
        note="a wrong password is 400 for everyone",
    ),
    Row(
        "v1_auth_token_revoke_create",
        method="POST",
        encoding="json",
        anywhere=E("403"),
        note="revokes the token presented; a session (as every principal here) has none to revoke",
    ),
    Row("v1_regions_list", anywhere=E("200"), note="lists only the subtrees of the reader"),
    Row(
        "v1_regions_retrieve",
        kwargs=lambda t, s: {"id": t.grid[s].pk},
        inside=E(
            "404",
            {"200": f"{TOWN} grid_a cadre county two_regions grid_and_officer"},
        ),
        outside=E("404", {"200": "county other_officer two_regions grid_and_officer"}),
    ),
    Row("v1_deadlines_list", anywhere=E("200"), note="lists only deadlines of records the reader may read"),
    Row(
        "v1_deadlines_retrieve",
        kwargs={"id": 999999},
        anywhere=E("404"),
        note="no such deadline; those of each app's records are rows of its table",
    ),
    # The ledger through the API: the auditor only (as core:audit).
    Row("v1_audit_entries_list", anywhere=E("403", {"200": "auditor"})),
    Row(
        "v1_audit_entries_retrieve",
        kwargs=lambda t, s: {"id": _any_entry()},
        anywhere=E("403", {"200": "auditor"}),
    ),
    # Files through the API follow the record they belong to (as core:attachment).
    Row(
        "v1_attachments_retrieve",
        kwargs=lambda t, s: {"id": t.file[s].pk},
        inside=E(
            "404", {"200": f"{TOWN} grid_a cadre county two_regions grid_and_officer", "403": "anonymous"}
        ),
        outside=E("404", {"200": "county other_officer two_regions grid_and_officer", "403": "anonymous"}),
    ),
    Row(
        "v1_attachments_download_retrieve",
        kwargs=lambda t, s: {"id": t.file[s].pk},
        inside=E(
            "404", {"200": f"{TOWN} grid_a cadre county two_regions grid_and_officer", "403": "anonymous"}
        ),
        outside=E("404", {"200": "county other_officer two_regions grid_and_officer", "403": "anonymous"}),
    ),
]


def _token_revoked(t) -> bool:
    from fazhi.core.models import ApiToken

    return ApiToken.objects.filter(pk=t.token.pk, revoked_at__isnull=False).exists()


def _any_entry() -> int:
    from fazhi.core.models import LedgerEntry

    return LedgerEntry.objects.order_by("id").values_list("pk", flat=True).first()


TABLE = Table(
    app="core",
    title="core — 账户、区划、期限、附件、个人信息、导入导出、安全 / accounts, regions, deadlines, files, PII, import/export, security",
    build=build,
    pages=PAGES,
    operations=OPERATIONS,
    url_namespaces=("core",),
    url_names=("home", "login", "logout", "set_language", "schema", "api-docs", "api-root", "admin:index"),
    operation_prefixes=("v1_auth_", "v1_regions_", "v1_deadlines_", "v1_attachments_", "v1_audit_"),
)
