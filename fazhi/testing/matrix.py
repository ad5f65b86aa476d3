"""The authorization matrix kit (issue 6): every URL of the UI and every operation of the API
schema × a representative principal × records inside and outside scope, reads and writes.

Each app keeps a hand-written table in `<app>/tests/matrix.py` (`TABLE = Table(...)`); its
`tests/test_matrix.py` runs it with `cases_of(TABLE)` and this module's fixtures:

    pytest_plugins = ["fazhi.testing.matrix"]   # in the app's tests/conftest.py
    MATRIX_TABLE = TABLE                        # in test_matrix.py: the tree the module builds

    @pytest.mark.parametrize("case", cases_of(TABLE))
    def test_it_answers_as_the_table_says(case, matrix_tree):
        run_case(case, matrix_tree)

The table format, per URL name (namespaced) or API operation id:

    Row("enforcement:case_detail", kwargs=lambda t, s: {"pk": t.case[s].pk},
        inside=E("403", {"200": "leader judicial county", "404": "other_officer"}),
        outside=E("403", {"200": "county other_officer", "404": "leader judicial"}))

`inside` is the record (or the write's target) in 石鼓镇, `outside` in 易俗河镇, `anywhere` a row
with no record (a list, a form page). `E(default, {outcome: "principal principal …"})` gives a
per-row default and explicit outcomes; anonymous takes the table's `anonymous` outcome unless
the row names it. Every outcome is written by hand: nothing here reads fazhi/core/roles.py.

An outcome is a status, or statuses separated by "/" (any of them), then optional words:
`login` (a redirect to the sign-in page),
`changed` / `unchanged` (writes: the row's `watch` value differs after the request, or not),
`shown` / `hidden` (the row's `marker` text is in the response, or not: a list that does or does
not list a record, a page that shows a full identity number or a masked one). A write row must say
changed or unchanged in every outcome.

Speed: `matrix_tree` builds the regions, the principals, their signed-in clients and the app's
records once per test module (inside one transaction rolled back at the end); every case runs
in a savepoint rolled back after it, so a write leaves the tree as it was for the next case.

Markers: every case is `matrix`; write cases `matrix_write`; of the writes, one case per row, scope
and outcome (the first principal who changes the record, the first refused with each status)
`matrix_write_sample`; one read case per view (URL name or API resource) `matrix_read_sample`.
SQLite runs every case; the PostgreSQL run selects
`-m "not matrix or matrix_write_sample or matrix_read_sample"` (the database's own behaviour —
locks, constraints, savepoints — shows in the samples; the scoping filters are the same query on
both databases, checked case by case on SQLite).

docs/security.md is written from the tables: `fazhi security_doc` (`--check` fails when stale).
"""

from __future__ import annotations

import copy
import importlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace
from typing import Any

import pytest

ANONYMOUS = "anonymous"

# The principals: every user of the `users` fixture (fazhi/conftest.py), anonymous, and two users
# with two memberships in different regions. name -> who, for the generated page.
PRINCIPALS: dict[str, str] = {
    ANONYMOUS: "未登录 anonymous",
    "leader": "镇领导 town_leader · 石鼓镇",
    "judicial": "司法所 judicial_office · 石鼓镇",
    "officer": "执法人员 enforcement_officer · 石鼓镇 (王强, on the cases)",
    "officer2": "执法人员 enforcement_officer · 石鼓镇 (赵敏)",
    "reviewer": "法制审核人员 legal_reviewer · 石鼓镇",
    "governance": "综治办 governance_office · 石鼓镇",
    "petition": "信访办 petition_office · 石鼓镇",
    "gov_office": "党政办 gov_office · 石鼓镇",
    "grid_a": "网格员 grid_worker · 歇马村第1网格",
    "grid_b": "网格员 grid_worker · 歇马村第2网格",
    "cadre": "村（居）委会干部 village_cadre · 歇马村",
    "adviser": "法律顾问 legal_adviser · 石鼓镇",
    "county": "县司法局 county_supervisor · 湘潭县",
    "other_officer": "执法人员 enforcement_officer · 易俗河镇",
    "sysadmin": "系统管理员 sysadmin · 湘潭县",
    "secadmin": "安全管理员 secadmin · 湘潭县",
    "auditor": "审计管理员 auditor · 湘潭县",
    "superuser": "is_superuser, no membership (the flag opens nothing)",
    "nobody": "no membership",
    "two_regions": "执法人员 · 易俗河镇 + 县司法局 · 湘潭县",
    "grid_and_officer": "网格员 · 歇马村第1网格 + 执法人员 · 易俗河镇",
}

# Principals an app's table adds for its own rows (a role only that app's pages care about, such
# as the 人民调解员): name -> who, registered with `add_principals` by the table's module; the
# table lists them in `Table.principals` and its `build` puts their users on `tree.users`.
APP_PRINCIPALS: dict[str, str] = {}


def add_principals(**who: str) -> tuple[str, ...]:
    """Register principals of one app's table (see APP_PRINCIPALS); returns their names."""
    APP_PRINCIPALS.update(who)
    return tuple(who)


INSIDE, OUTSIDE, ANYWHERE = "in", "out", "all"
SCOPE_LABELS = {INSIDE: "石鼓镇", OUTSIDE: "易俗河镇", ANYWHERE: "—"}

_WORDS = {"changed", "unchanged", "shown", "hidden", "login"}


# --- outcomes and expectations ----------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    text: str
    statuses: tuple[int, ...]
    changed: bool | None = None
    shown: bool | None = None
    login: bool = False  # a redirect to the sign-in page

    @classmethod
    def parse(cls, text: str) -> Outcome:
        first, *words = text.split()
        unknown = set(words) - _WORDS
        if unknown:
            raise ValueError(f"unknown words {sorted(unknown)} in outcome {text!r}")
        changed = True if "changed" in words else False if "unchanged" in words else None
        shown = True if "shown" in words else False if "hidden" in words else None
        return cls(text, tuple(int(s) for s in first.split("/")), changed, shown, "login" in words)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Expect:
    """A row's expectation in one scope: a default and explicit outcomes per principal."""

    default: Outcome
    explicit: dict[str, Outcome]

    def of(self, principal: str, anonymous: Outcome) -> Outcome:
        if principal in self.explicit:
            return self.explicit[principal]
        return anonymous if principal == ANONYMOUS else self.default


def _names(who: str | Iterable[str]) -> list[str]:
    return who.split() if isinstance(who, str) else [n for part in who for n in _names(part)]


def E(default: str, by_outcome: dict[str, str | Iterable[str]] | None = None) -> Expect:
    """E("403", {"200": "leader judicial", "404": "other_officer"}): the outcome of each
    principal named, `default` for the others."""
    explicit: dict[str, Outcome] = {}
    for text, who in (by_outcome or {}).items():
        outcome = Outcome.parse(text)
        for name in _names(who):
            if name not in PRINCIPALS and name not in APP_PRINCIPALS:
                raise ValueError(f"unknown principal {name!r} in {text!r}")
            if name in explicit:
                raise ValueError(f"{name!r} is given two outcomes ({explicit[name]}, {text})")
            explicit[name] = outcome
    return Expect(Outcome.parse(default), explicit)


# --- rows and tables --------------------------------------------------------------------------

Builder = Callable[[SimpleNamespace, str], Any]  # (tree, scope) -> value


@dataclass
class Row:
    """One URL (by name, namespaced) or API operation (by operation id) and who gets what."""

    name: str
    inside: Expect | None = None
    outside: Expect | None = None
    anywhere: Expect | None = None
    method: str = "GET"
    kwargs: Builder | None = None  # URL kwargs (pages) or path parameters (API)
    query: Builder | dict | None = None  # GET parameters
    data: Builder | dict | None = None  # POST/PATCH/PUT body
    encoding: str = "form"  # form (pages), json (API), multipart (uploads)
    watch: Builder | None = None  # writes: a value that changes when the write happens
    marker: Builder | None = None  # text that `shown` / `hidden` look for
    variant: str = ""  # tells rows of the same URL apart (a step's name, an archived case)
    note: str = ""

    @property
    def key(self) -> str:
        return f"{self.name}[{self.variant}]" if self.variant else self.name

    @property
    def is_write(self) -> bool:
        return self.watch is not None

    def scopes(self) -> list[tuple[str, Expect]]:
        found = [
            (s, e) for s, e in ((INSIDE, self.inside), (OUTSIDE, self.outside), (ANYWHERE, self.anywhere))
        ]
        return [(s, e) for s, e in found if e is not None]


@dataclass
class Table:
    app: str  # the app label: "core", "enforcement"
    title: str  # the section's heading in docs/security.md
    build: Callable[[SimpleNamespace], None]  # adds the app's records to the tree
    pages: list[Row] = field(default_factory=list)
    operations: list[Row] = field(default_factory=list)
    url_namespaces: tuple[str, ...] = ()  # every URL name of these namespaces is this table's
    url_names: tuple[str, ...] = ()  # and these names outside any namespace
    operation_prefixes: tuple[str, ...] = ()  # and every API operation id starting so
    operation_names: tuple[str, ...] = ()  # and these operation ids
    anonymous_page: str = "302 login"
    anonymous_api: str = "403"
    # (row key, scope, principal) -> why today's code answers otherwise (xfail, strict)
    known_failures: dict[tuple[str, str, str], str] = field(default_factory=dict)
    intro: str = ""
    principals: tuple[str, ...] = ()  # this table's own principals (APP_PRINCIPALS), after the shared ones

    def all_principals(self) -> list[str]:
        return [*PRINCIPALS, *self.principals]

    def rows(self) -> list[tuple[Row, bool]]:
        return [(r, False) for r in self.pages] + [(r, True) for r in self.operations]

    def check(self) -> None:
        """Writes say changed/unchanged everywhere; known failures name real cases."""
        keys = set()
        for row, _api in self.rows():
            for scope, expect in row.scopes():
                outcomes = [expect.default, *expect.explicit.values()]
                for o in outcomes:
                    if row.is_write and o.changed is None:
                        raise ValueError(
                            f"{row.key} ({scope}): write outcome {o} says neither changed nor unchanged"
                        )
                    if o.shown is not None and row.marker is None:
                        raise ValueError(f"{row.key} ({scope}): {o} needs a marker")
                for p in self.all_principals():
                    keys.add((row.key, scope, p))
        stray = set(self.known_failures) - keys
        if stray:
            raise ValueError(f"known failures of no case: {sorted(stray)}")


@dataclass(frozen=True)
class Case:
    table: Table
    row: Row
    api: bool
    scope: str
    principal: str

    @property
    def expected(self) -> Outcome:
        expect = dict(self.row.scopes())[self.scope]
        anon = Outcome.parse(self.table.anonymous_api if self.api else self.table.anonymous_page)
        if self.row.is_write and anon.changed is None:
            anon = Outcome.parse(f"{anon.text} unchanged")
        return expect.of(self.principal, anon)

    @property
    def id(self) -> str:
        return f"{self.row.key}|{self.scope}|{self.principal}"


def expected_outcome(table: Table, row: Row, api: bool, scope: str, principal: str) -> Outcome:
    return Case(table, row, api, scope, principal).expected


# --- schema and resolver ----------------------------------------------------------------------


@cache
def api_operations() -> dict[str, tuple[str, str]]:
    """operation id -> (method, path template) from drf-spectacular's generated schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        op["operationId"]: (method.upper(), path)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if isinstance(op, dict) and "operationId" in op
    }


def _is_api_route(pattern, route: str) -> bool:
    """A DRF view of the API whose operations are in the schema, checked there (the router's
    root view is left out of the schema, so it stays a page)."""
    from rest_framework.views import APIView

    view_class = getattr(getattr(pattern, "callback", None), "cls", None)
    return (
        route.startswith(API_PREFIX)
        and isinstance(view_class, type)
        and issubclass(view_class, APIView)
        and view_class.schema is not None
    )


API_PREFIX = "api/v1/"


def url_names() -> set[str]:
    """Every named URL pattern of the project, namespaced ("core:user_list"), from the resolver;
    API routes are left to the schema's operations."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: set[str] = set()

    def walk(patterns, prefix: str, route: str) -> None:
        for p in patterns:
            here = route + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix, here)
            elif isinstance(p, URLPattern) and p.name and not _is_api_route(p, here):
                found.add(f"{prefix}{p.name}")

    walk(get_resolver().url_patterns, "", "")
    return found


# The admin site is Django's own (fazhi/core/tests/test_authorization.py tests who may enter it);
# the core table holds its index and the account pages, the rest of the namespace is exempt.
EXEMPT_NAMESPACES = ("admin:",)


def owns_url(table: Table, name: str) -> bool:
    return name in table.url_names or any(name.startswith(f"{ns}:") for ns in table.url_namespaces)


def owns_operation(table: Table, op: str) -> bool:
    return op in table.operation_names or op.startswith(table.operation_prefixes or ("\0",))


def missing_from(table: Table) -> list[str]:
    """The URL names and API operations the table owns but has no row for."""
    have = {row.name for row, _api in table.rows()}
    urls = {n for n in url_names() if owns_url(table, n)}
    ops = {o for o in api_operations() if owns_operation(table, o)}
    return sorted((urls | ops) - have)


def unknown_in(table: Table) -> list[str]:
    """Rows naming a URL or operation that no longer exists."""
    urls, ops = url_names(), set(api_operations())
    return sorted({row.name for row, api in table.rows() if row.name not in (ops if api else urls)})


def installed_tables() -> list[Table]:
    """The table of every installed fazhi app (`<app>.tests.matrix.TABLE`), core first."""
    from django.apps import apps

    tables = []
    for config in apps.get_app_configs():
        if not config.name.startswith("fazhi.") or config.name.startswith("fazhi.testing"):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.matrix")
        except ModuleNotFoundError as error:
            if error.name not in (f"{config.name}.tests", f"{config.name}.tests.matrix"):
                raise
            continue
        tables.append(module.TABLE)
    return sorted(tables, key=lambda t: (t.app != "core", t.app))


def uncovered() -> list[str]:
    """URL names and operations of the whole project that no installed app's table holds."""
    tables = installed_tables()
    have = {row.name for t in tables for row, _api in t.rows()}
    names = {n for n in url_names() if not n.startswith(EXEMPT_NAMESPACES)} | set(api_operations())
    return sorted(names - have)


# --- cases and marks --------------------------------------------------------------------------


def _view_group(row: Row, api: bool) -> str:
    if not api:
        return row.name
    method, path = api_operations().get(row.name, ("", row.name))
    return path.split("{")[0]  # one viewset: /api/v1/enforcement/cases/


def cases_of(table: Table) -> list:
    """pytest.param per (row, scope, principal): marked `matrix`, `matrix_write` for writes,
    `matrix_write_sample` for one write per row, scope and outcome, `matrix_read_sample` for one
    read per view, xfail(strict) for the table's known failures."""
    table.check()
    sampled: set[str] = set()
    write_sampled: set[tuple[str, str, str]] = set()
    params = []
    for row, api in table.rows():
        for scope, _expect in row.scopes():
            for principal in table.all_principals():
                case = Case(table, row, api, scope, principal)
                marks = [pytest.mark.matrix, pytest.mark.django_db]  # sets up the test database
                if row.is_write:
                    marks.append(pytest.mark.matrix_write)
                    outcome = (row.key, scope, case.expected.text)
                    if outcome not in write_sampled:
                        write_sampled.add(outcome)
                        marks.append(pytest.mark.matrix_write_sample)
                else:
                    group = _view_group(row, api)
                    if (
                        group not in sampled
                        and scope != OUTSIDE
                        and principal != ANONYMOUS
                        and 200 in case.expected.statuses
                    ):
                        sampled.add(group)
                        marks.append(pytest.mark.matrix_read_sample)
                reason = table.known_failures.get((row.key, scope, principal))
                if reason:
                    marks.append(pytest.mark.xfail(strict=True, reason=f"bug being fixed: {reason}"))
                params.append(pytest.param(case, id=case.id, marks=marks))
    return params


# --- the tree -----------------------------------------------------------------------------------


def build_tree() -> SimpleNamespace:
    """Regions and principals: the `regions` and `users` fixtures of fazhi/conftest.py (called
    as functions: one tree per module) plus the two users with two memberships."""
    from fazhi import conftest
    from fazhi.core.models import Membership, User

    regions = conftest.regions.__wrapped__(None)
    users = conftest.users.__wrapped__(regions)
    for name, first, second in (
        ("two_regions", ("enforcement_officer", regions.other_town), ("county_supervisor", regions.county)),
        ("grid_and_officer", ("grid_worker", regions.grid_a), ("enforcement_officer", regions.other_town)),
    ):
        user = conftest.make_user(name, *first)
        Membership.objects.create(user=user, role=second[0], region=second[1])
        setattr(users, name, User.objects.get(pk=user.pk))
    return SimpleNamespace(regions=regions, users=users)


def _clients(users, extra: Iterable[str] = ()) -> dict:
    from django.test import Client

    clients = {}
    for name in [*PRINCIPALS, *extra]:
        client = Client(raise_request_exception=False)
        if name != ANONYMOUS:
            client.force_login(getattr(users, name))
        clients[name] = client
    return clients


@pytest.fixture(scope="module")
def matrix_tree(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The module's tree: regions, principals with signed-in clients (`tree.clients`) and the
    records of the module's `MATRIX_TABLE`, built once and rolled back after the module."""
    from django.db import transaction
    from django.test.utils import override_settings

    table: Table = request.module.MATRIX_TABLE
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("matrix-media")))
    with django_db_blocker.unblock():
        media.enable()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            started = time.perf_counter()
            tree = build_tree()
            table.build(tree)
            tree.clients = _clients(tree.users, table.principals)
            tree.built_in = time.perf_counter() - started
            yield tree
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


# --- running a case -------------------------------------------------------------------------------


def _value(builder, tree, scope):
    return builder(tree, scope) if callable(builder) else builder


def _path(case: Case, tree) -> tuple[str, str]:
    from django.urls import reverse

    row = case.row
    kwargs = _value(row.kwargs, tree, case.scope) or {}
    if not case.api:
        return row.method, reverse(row.name, kwargs=kwargs or None)
    method, template = api_operations()[row.name]
    path = template
    for key, value in kwargs.items():
        path = path.replace("{" + key + "}", str(value))
    if "{" in path:
        raise AssertionError(f"{row.name}: no value for the parameters of {template}")
    return method, path


def _send(client, method: str, path: str, row: Row, tree, scope: str):
    query = _value(row.query, tree, scope)
    data = _value(row.data, tree, scope)
    if method == "GET":
        return client.get(path, query or None)
    if query:
        from urllib.parse import urlencode

        path = f"{path}?{urlencode(query, doseq=True)}"
    if row.encoding == "json":
        return client.generic(method, path, json.dumps(data or {}), content_type="application/json")
    if method != "POST":
        raise AssertionError(f"{row.key}: {method} needs encoding='json'")
    return client.post(path, data or {})  # form or multipart: the test client encodes both


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    try:
        return response.content.decode()
    except UnicodeDecodeError:
        return ""


def observe(case: Case, tree) -> tuple[int, bool | None, bool | None, str]:
    """Send the case's request in a savepoint rolled back afterwards: (status, changed, shown,
    where a redirect went)."""
    from django.db import transaction

    row = case.row
    method, path = _path(case, tree)
    client = tree.clients[case.principal]
    cookies = copy.deepcopy(client.cookies)  # the session row is rolled back: so is its cookie
    with transaction.atomic():
        before = _value(row.watch, tree, case.scope) if row.watch else None
        response = _send(client, method, path, row, tree, case.scope)
        changed = (_value(row.watch, tree, case.scope) != before) if row.watch else None
        shown = None
        if row.marker is not None:
            shown = str(_value(row.marker, tree, case.scope)) in _body(response)
        transaction.set_rollback(True)
    client.cookies = cookies
    where = response.get("Location", "") if response.status_code in (301, 302, 303) else ""
    return response.status_code, changed, shown, where


def run_case(case: Case, tree) -> None:
    from django.urls import reverse

    want = case.expected
    status, changed, shown, where = observe(case, tree)
    problems = []
    if status not in want.statuses:
        problems.append(f"status {status}")
    if want.login and status == 302:
        if not where.startswith(reverse("login")):
            problems.append(f"redirected to {where}, not to sign in")
    if want.changed is not None and changed != want.changed:
        problems.append("record changed" if changed else "record unchanged")
    if want.shown is not None and shown != want.shown:
        problems.append("marker shown" if shown else "marker not shown")
    assert not problems, f"{case.id}: expected {want}, got " + ", ".join(problems)


# --- docs/security.md ---------------------------------------------------------------------------

_SHORT = {
    "changed": "✎",
    "unchanged": "",
    "shown": "◉",
    "hidden": "○",
    "login": "",
}


def _cell(outcome: Outcome, failing: bool) -> str:
    first, *words = outcome.text.split()
    text = first + "".join(_SHORT[w] for w in words)
    return f"{text}†" if failing else text


def render_markdown(tables: list[Table]) -> str:
    principals = list(PRINCIPALS)
    lines = [
        "# 权限矩阵 Authorization matrix",
        "",
        "<!-- Generated by `fazhi security_doc` from the tables in fazhi/*/tests/matrix.py; do not edit. -->",
        "",
        "每个页面（URL 名称）和每个接口操作（OpenAPI operationId），对每类用户，在本镇（石鼓镇）与外镇（易俗河镇）"
        "的记录上，应得到的结果。表格由人工逐项填写，测试逐项核对（fazhi/*/tests/test_matrix.py）。",
        "",
        "Every page (URL name) and API operation (OpenAPI operationId), for every principal, on "
        "records inside (石鼓镇) and outside (易俗河镇) the principal's scope: the outcome each must "
        "get. The tables are written by hand and every cell is checked by a test.",
        "",
        "Legend 图例: `200` page/data · `302` redirect (anonymous: to sign in 跳转登录) · "
        "`401`/`403` refused 拒绝 · `404` not found (out of scope 超出范围) · `400`/`409` input or "
        "law refused · `a/b` either · `✎` the record changed 已修改 (writes without ✎ leave it "
        "unchanged 未修改) · `◉` shown 显示 (the record is listed / the full value is shown) · "
        "`○` hidden 不显示 · `†` today's code answers otherwise (bug being fixed, see the list).",
        "",
        "## Principals 用户",
        "",
        "| principal | 角色与区划 role · region |",
        "|---|---|",
    ]
    lines += [f"| `{name}` | {who} |" for name, who in PRINCIPALS.items()]
    extra = [name for table in tables for name in table.principals]
    lines += [f"| `{name}` | {APP_PRINCIPALS[name]} |" for name in extra]
    for table in tables:
        principals = table.all_principals()
        header = "| URL / operation | method | scope | " + " | ".join(principals) + " |"
        rule = "|---|---|---|" + "---|" * len(principals)
        lines += ["", f"## {table.title}", ""]
        if table.intro:
            lines += [table.intro, ""]
        for label, api in (("Pages 页面", False), ("API 接口", True)):
            rows = [r for r, a in table.rows() if a is api]
            if not rows:
                continue
            lines += [f"### {label}", "", header, rule]
            for row in rows:
                method = api_operations().get(row.name, (row.method,))[0] if api else row.method
                for scope, _e in row.scopes():
                    cells = [
                        _cell(
                            expected_outcome(table, row, api, scope, p),
                            (row.key, scope, p) in table.known_failures,
                        )
                        for p in principals
                    ]
                    name = f"`{row.name}`" + (f" ({row.variant})" if row.variant else "")
                    lines.append(f"| {name} | {method} | {SCOPE_LABELS[scope]} | " + " | ".join(cells) + " |")
            lines.append("")
        if table.known_failures:
            lines += ["### Known failures 已知问题 (†)", ""]
            for (key, scope, principal), reason in sorted(table.known_failures.items()):
                lines.append(f"- `{key}` · {SCOPE_LABELS[scope]} · `{principal}`: {reason}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
