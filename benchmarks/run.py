"""Measure the pages, the API, the figures, the ledger, an export and the backup on the data set
that benchmarks/seed.py made. Prints a table (and writes it as Markdown with --markdown FILE).

    .venv/bin/python benchmarks/run.py                    # /tmp/fazhi-bench, the seeded database
    .venv/bin/python benchmarks/run.py --repeat 5 --markdown /tmp/bench.md
    .venv/bin/python benchmarks/run.py --only ledger      # the benchmarks whose name contains it
    .venv/bin/python benchmarks/run.py --tracemalloc      # Python heap peaks instead of RSS

Each measurement runs in a fresh child process (fork) of a warmed-up parent (templates compiled,
URLs resolved, users signed in), so one benchmark's memory never hides or inflates another's:

- time: wall-clock seconds of the call (median of --repeat runs for the pages and API; the
  ledger walk, the export and the backup run once);
- queries: SQL queries the call made;
- peak MB: how far the process's peak resident memory (VmHWM, reset just before the call) rose
  above its resident memory at the start of the call. With --tracemalloc: the peak of Python
  allocations (tracemalloc), and times include tracemalloc's overhead.

Pages are requested through Django's test client (the whole middleware and template stack, no
network), as the accounts seed.py made: the first town's officer and leader, the county
supervisor, the auditor.
"""

from __future__ import annotations

import argparse
import atexit
import base64
import datetime as dt
import gc
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402

PAGE_SIZE = 50


# --- memory of this process ---------------------------------------------------------------------


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux: `5` into clear_refs)."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


# --- one measurement in a child process ---------------------------------------------------------


def _in_child(fn, use_tracemalloc: bool) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gc.collect()
    if use_tracemalloc:
        tracemalloc.start()
    exact = _reset_peak()
    rss_before = _status_kb("VmRSS")
    began = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        detail = fn()
    seconds = time.perf_counter() - began
    if use_tracemalloc:
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    else:
        peak_mb = (_status_kb("VmHWM") - rss_before) / 1024 if exact else float("nan")
    return {"seconds": seconds, "queries": len(queries), "peak_mb": peak_mb, "detail": detail}


def measure(fn, use_tracemalloc: bool) -> dict:
    from django.db import connections

    connections.close_all()  # the child opens its own connection
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        try:
            result = _in_child(fn, use_tracemalloc)
        except BaseException as exc:  # report it; never fall back into the parent's loop
            result = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        with os.fdopen(write_end, "w") as out:
            json.dump(result, out, default=str)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        raw = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(raw) if raw else {"error": "the child process died"}


# --- what is measured ---------------------------------------------------------------------------


def _get(client, url: str, expect: str = "") -> str:
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} → {response.status_code} {response.get('Location', '')}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if expect and expect.encode() not in body:
        raise RuntimeError(f"GET {url}: “{expect}” not on the page")
    return f"{len(body) / 1024:.0f} KB"


def _calendar_share(client, url: str) -> str:
    """A page, and how many of its queries were the holiday calendar's (its version, its rows)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        size = _get(client, url)
    sql = [q["sql"] for q in captured.captured_queries]
    calendar = sum("core_calendar" in q or "core.calendarday" in q for q in sql)
    return f"{size}, {calendar} of {len(sql)} queries the calendar's"


def _api_cursor(position) -> str:
    """A cursor of DRF's CursorPagination at `position` (what its `next` links carry)."""
    return base64.b64encode(urlencode({"p": str(position)}).encode("ascii")).decode("ascii")


def _case_floor(town: int, after=None) -> str:
    """The hand-written floor of a case-list page: the page's rows by keyset in one SQL query
    (the columns the list shows, joined), the next open deadline of those rows in one, their
    officers in one. No ORM, no template."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from fazhi.core.models import Deadline, Region
    from fazhi.enforcement.models import Case, CaseOfficer, Officer, Party, Power

    where, params = "c.town_code = %s", [town]
    if after is not None:
        where += " AND (c.filed_on < %s OR (c.filed_on = %s AND c.id < %s) OR c.filed_on IS NULL)"
        params += [after[0], after[0], after[1]]
    sql = (
        f"SELECT c.id, c.number, c.cause, c.state, c.procedure, c.filed_on, c.decided_fine, "
        f"p.name, w.name, r.name, r.kind, g.name FROM {Case._meta.db_table} c "
        f"JOIN {Party._meta.db_table} p ON p.id = c.party_id JOIN {Power._meta.db_table} w ON w.id = c.power_id "
        f"JOIN {Region._meta.db_table} r ON r.id = c.region_id LEFT JOIN {Region._meta.db_table} g ON g.id = r.parent_id "
        f"WHERE {where} ORDER BY c.filed_on DESC, c.id DESC LIMIT {PAGE_SIZE}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        ids = [r[0] for r in rows]
        marks = ",".join(["%s"] * len(ids))
        cursor.execute(
            f"SELECT object_id, due_on, label FROM {Deadline._meta.db_table} WHERE content_type_id = %s "
            f"AND status = 'open' AND object_id IN ({marks}) ORDER BY due_on, id",
            [ContentType.objects.get_for_model(Case).pk, *[str(i) for i in ids]],
        )
        soonest = {}
        for object_id, due_on, label in cursor.fetchall():
            soonest.setdefault(object_id, (due_on, label))
        cursor.execute(
            f"SELECT l.case_id, o.name FROM {CaseOfficer._meta.db_table} l JOIN {Officer._meta.db_table} o "
            f"ON o.id = l.officer_id WHERE l.withdrawn = %s AND l.case_id IN ({marks})",
            [False, *ids],
        )
        officers = cursor.fetchall()
    return f"{len(rows)} rows, {len(soonest)} with a deadline, {len(officers)} officers"


TRANSITIONS = 5  # per measurement; each is rolled back at the end, so the same cases serve every run


def _filed_cases(user) -> list[int]:
    from fazhi.enforcement.models import Case

    return list(
        Case.objects.visible_to(user)
        .filter(state="filed")
        .order_by("id")
        .values_list("id", flat=True)[:TRANSITIONS]
    )


def _transitions(user, ids) -> str:
    """开始调查取证 (filed → investigating: a guard on the officers' certificates, the ledger entry)
    on TRANSITIONS cases through Workflow.fire, then rolled back."""
    from django.db import transaction

    from fazhi.core import ledger
    from fazhi.enforcement import workflow
    from fazhi.enforcement.models import Case

    today = dt.date.today().isoformat()
    with transaction.atomic(), ledger.acting_as(user, "web"):
        for case in Case.objects.filter(pk__in=ids):
            workflow.fire(case, "investigate", user, {"started_on": today})
        transaction.set_rollback(True)
    return f"{len(ids)} transitions"


def _transitions_floor(user, ids) -> str:
    """The hand-written floor of the same transitions: per case the row locked and read, the
    guard's one query (two officers not withdrawn with a certificate valid today), one UPDATE of
    the two columns that change, and the ledger entry by `ledger.record` (its hash and chain
    are what any correct write pays). Rolled back."""
    from django.db import connection, transaction

    from fazhi.core import ledger
    from fazhi.core.models import Region
    from fazhi.enforcement.models import Case, CaseOfficer, Certificate

    today = dt.date.today()
    table, links, certs = Case._meta.db_table, CaseOfficer._meta.db_table, Certificate._meta.db_table
    regions = Region._meta.db_table
    lock = " FOR NO KEY UPDATE" if connection.vendor == "postgresql" else ""
    with transaction.atomic(), connection.cursor() as cursor:
        for pk in ids:
            with transaction.atomic():
                cursor.execute(
                    f"SELECT c.state, c.number, c.cause, r.path FROM {table} c JOIN {regions} r "
                    f"ON r.id = c.region_id WHERE c.id = %s{lock}",
                    [pk],
                )
                state, number, cause, path = cursor.fetchone()
                cursor.execute(
                    f"SELECT COUNT(DISTINCT l.officer_id) FROM {links} l JOIN {certs} c ON c.officer_id = l.officer_id "
                    f"WHERE l.case_id = %s AND l.withdrawn = %s AND c.status = 'valid' AND c.valid_from <= %s "
                    f"AND c.valid_until >= %s",
                    [pk, False, today, today],
                )
                if state != "filed" or cursor.fetchone()[0] < 2:
                    raise RuntimeError(f"case {pk} may not be investigated")
                cursor.execute(f"UPDATE {table} SET state = %s WHERE id = %s", ["investigating", pk])
                ledger.record(
                    "transition:investigate",
                    object_type="enforcement.case",
                    object_id=str(pk),
                    object_repr=number or cause,
                    region_path=path,
                    actor=user,
                    data={"transition": "investigate", "from": state, "to": "investigating"},
                    source="web",
                )
        transaction.set_rollback(True)
    return f"{len(ids)} transitions"


def _last_keyset(user) -> tuple:
    """(filed_on, id) of the row just before the last page of the officer's case list."""
    from fazhi.enforcement.models import Case

    qs = Case.objects.visible_to(user).order_by("-filed_on", "-id")
    n = qs.count()
    row = qs.values_list("filed_on", "id")[max(0, n - PAGE_SIZE - 1)]
    return row


def _keyset_token(values) -> str:
    from fazhi.core.views.base import _encode_after

    return _encode_after(list(values))


def build(clients: dict, users: dict) -> list[tuple[str, object, bool]]:
    """(name, function, heavy) of every benchmark; heavy ones run once."""
    from django.core.management import call_command
    from django.db.models import Max, Min
    from django.utils import timezone

    from fazhi.core import ledger
    from fazhi.core.models import Deadline
    from fazhi.enforcement import metrics
    from fazhi.enforcement.models import Campaign, CampaignAction, Case, RectificationOrder

    officer, leader = clients[common.OFFICER], clients[common.LEADER]
    town_cases = Case.objects.visible_to(users[common.OFFICER]).count()
    last_page = max(1, -(-town_cases // PAGE_SIZE))
    # The deadlines page's keyset cursor of its last page (show=all: every deadline of the town,
    # latest due first): the row just before the last PAGE_SIZE rows.
    all_deadlines = Deadline.objects.visible_to(users[common.LEADER]).order_by("-due_on", "-id")
    n_deadlines = all_deadlines.count()
    before_last = all_deadlines[max(0, n_deadlines - PAGE_SIZE - 1)] if n_deadlines > PAGE_SIZE else None
    deep_deadlines = (
        f"/core/deadlines/?show=all&after={before_last.due_on.isoformat()}_{before_last.pk}"
        if before_last
        else "/core/deadlines/?show=all"
    )
    ids = Case.objects.visible_to(users[common.OFFICER]).aggregate(lo=Min("id"), hi=Max("id"))
    deep_api = f"/api/v1/enforcement/cases/?cursor={_api_cursor((ids['lo'] or 0) + PAGE_SIZE + 1)}"
    last_keyset = _last_keyset(users[common.OFFICER])
    filed = _filed_cases(users[common.OFFICER])
    town = Case.objects.visible_to(users[common.OFFICER]).values_list("town_code", flat=True).first()
    deep_cases = f"/enforcement/cases/?after={_keyset_token(last_keyset)}"
    year = timezone.localdate().year
    backup_dir = Path(tempfile.mkdtemp(prefix="fazhi-bench-backup-"))
    atexit.register(shutil.rmtree, backup_dir, True)

    def figures():
        county = users[common.COUNTY]
        cases = Case.objects.visible_to(county)
        this_year = metrics.case_figures(cases, [year, year - 1])
        by_year = metrics.figures_by_year(cases)
        orders = metrics.order_count(RectificationOrder.objects.visible_to(county), year)
        actions = metrics.action_figures(CampaignAction.objects.visible_to(county), year)
        campaigns = Campaign.objects.visible_to(county).filter(starts_on__year=year).count()
        return (
            f"{year}: filed {this_year[year]['filed']}, closed {this_year[year]['closed']}, "
            f"fines ¥{this_year[year]['fines']:,.0f}, orders {orders}, actions {actions['actions']}, "
            f"campaigns {campaigns}; {len(by_year)} years"
        )

    def verify():
        result = ledger.verify()
        if result.faults:
            raise RuntimeError(str(result))
        # the seed writes most rows with bulk_create and no entry (benchmarks/seed.py): verify
        # counts them, as it would rows written past the ledger
        unledgered = sum(rows.count for rows in result.unledgered)
        return (
            f"{result.checked:,} entries in {result.chains} chains, intact, {result.anchors} anchors; "
            f"{unledgered:,} seeded rows without an entry"
        )

    def export():
        response = officer.get("/enforcement/cases/export/")
        if response.status_code != 200:
            raise RuntimeError(f"export → {response.status_code}")
        return f"{town_cases:,} rows, {len(response.content) / 2**20:.1f} MB .xlsx"

    def backup():
        path = backup_dir / "bench.tar.gz"
        with open(os.devnull, "w") as quiet:
            call_command("backup", str(path), "--overwrite", stdout=quiet)
        size = path.stat().st_size
        path.unlink()  # the archive holds the whole (synthetic) database: not kept
        return f"{size / 2**20:.1f} MB .tar.gz"

    return [
        (
            "case list, first page (town officer)",
            lambda: _get(officer, "/enforcement/cases/", "执法案件"),
            False,
        ),
        (
            "case list, first page: hand keyset SQL (floor)",
            lambda: _case_floor(town),
            False,
        ),
        (
            f"case list, last page ({last_page}, keyset)",
            lambda: _get(officer, deep_cases, "执法案件"),
            False,
        ),
        (
            "case list, last page: hand keyset SQL (floor)",
            lambda: _case_floor(town, last_keyset),
            False,
        ),
        (
            f"case list, page {last_page} by number (old links)",
            lambda: _get(officer, f"/enforcement/cases/?page={last_page}", "执法案件"),
            False,
        ),
        (
            "case list, filtered: open + overdue",
            lambda: _get(officer, "/enforcement/cases/?state=open&overdue=1"),
            False,
        ),
        (
            f"transition 开始调查取证 ×{TRANSITIONS} (Workflow.fire)",
            lambda: _transitions(users[common.OFFICER], filed),
            False,
        ),
        (
            f"transition ×{TRANSITIONS}: hand-written floor",
            lambda: _transitions_floor(users[common.OFFICER], filed),
            False,
        ),
        ("deadlines page, first (leader)", lambda: _get(leader, "/core/deadlines/?show=all"), False),
        ("deadlines page, last (keyset)", lambda: _get(leader, deep_deadlines), False),
        ("home page (leader)", lambda: _calendar_share(leader, "/"), False),
        ("home page (town officer)", lambda: _get(officer, "/"), False),
        ("audit page (auditor)", lambda: _get(clients[common.AUDITOR], "/core/audit/"), False),
        ("enforcement figures of a year (county)", figures, False),
        ("API cases, first page (officer)", lambda: _get(officer, "/api/v1/enforcement/cases/"), False),
        ("API cases, last page (cursor)", lambda: _get(officer, deep_api), False),
        ("API deadlines, first page (leader)", lambda: _get(leader, "/api/v1/deadlines/"), False),
        ("ledger.verify(), every chain", verify, True),
        (f"Excel export of the case list ({town_cases:,} rows)", export, True),
        ("fazhi backup (whole database)", backup, True),
    ]


def counts() -> dict:
    from fazhi.core.models import Deadline, LedgerEntry, Region
    from fazhi.enforcement.models import Case, CaseOfficer, RectificationOrder

    return {
        "regions": Region.objects.count(),
        "cases": Case.objects.count(),
        "case officers": CaseOfficer.objects.count(),
        "deadlines": Deadline.objects.count(),
        "orders": RectificationOrder.objects.count(),
        "ledger entries": LedgerEntry.objects.count(),
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            names = [line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")]
        if names:
            cpu = names[0]
    except OSError:
        pass
    memory = _status_kb("VmRSS")  # touch /proc: Linux only
    try:
        with open("/proc/meminfo") as fh:
            memory = int(fh.readline().split()[1]) // 2**20
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), {memory} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each page (median reported)")
    parser.add_argument(
        "--only",
        default="",
        help="run the benchmarks whose name contains this (or one of these, comma-separated)",
    )
    parser.add_argument("--tracemalloc", action="store_true", help="measure Python heap peaks")
    parser.add_argument("--markdown", default="", help="also write the table to this file")
    args = parser.parse_args()
    common.configure()
    from django.test import Client

    from fazhi.core.models import User

    users = {u.username: u for u in User.objects.filter(username__startswith="bench_")}
    if common.OFFICER not in users:
        sys.exit(f"no benchmark data in {common.database_label()}: run benchmarks/seed.py first")
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    import openpyxl  # noqa: F401  (imported once here, not inside the export's measurement)

    data = counts()
    wanted = [w.strip().lower() for w in args.only.split(",")]
    benchmarks = [b for b in build(clients, users) if any(w in b[0].lower() for w in wanted)]
    # Warm up the parent: every page once (templates, URL resolvers, translations, content types).
    for name, fn, heavy in benchmarks:
        if not heavy:
            try:
                fn()
            except Exception as exc:  # shown again, with its measurement, below
                print(f"warm-up of “{name}” failed: {exc}", file=sys.stderr)
    rows = []
    began = time.perf_counter()
    for name, fn, heavy in benchmarks:
        runs = [measure(fn, args.tracemalloc) for _ in range(1 if heavy else max(1, args.repeat))]
        errors = [r["error"] for r in runs if "error" in r]
        if errors:
            rows.append((name, "error", "", "", errors[0]))
        else:
            rows.append(
                (
                    name,
                    f"{statistics.median(r['seconds'] for r in runs):.3f}",
                    str(max(r["queries"] for r in runs)),
                    f"{max(r['peak_mb'] for r in runs):.1f}",
                    str(runs[0]["detail"]),
                )
            )
        print(f"  {name}: {rows[-1][1]} s", file=sys.stderr, flush=True)
    total = time.perf_counter() - began
    memory = "peak heap MB (tracemalloc)" if args.tracemalloc else "peak RSS +MB"
    header = ("benchmark", "time s", "queries", memory, "result")
    table = [header, *rows]
    widths = [max(len(str(r[i])) for r in table) for i in range(len(header))]
    print()
    print(f"fazhi benchmarks — {dt.datetime.now():%Y-%m-%d %H:%M} — {common.database_label()}")
    print(machine())
    print("data: " + ", ".join(f"{k} {v:,}" for k, v in data.items()))
    print()
    for row in table:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)))
    print(f"\n{len(rows)} benchmarks in {total:.0f} s")
    if args.markdown:
        lines = [
            f"Run {dt.datetime.now():%Y-%m-%d %H:%M}, {common.database_label()}",
            "",
            f"Machine: {machine()}",
            "",
            "Data: " + ", ".join(f"{k} {v:,}" for k, v in data.items()),
            "",
            "| " + " | ".join(header) + " |",
            "|" + "|".join("---" for _ in header) + "|",
            *("| " + " | ".join(str(c) for c in row) + " |" for row in rows),
            "",
        ]
        Path(args.markdown).write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
