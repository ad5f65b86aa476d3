"""A mixed load against a running fazhi, and a check that nothing acknowledged was lost.

    .venv/bin/python benchmarks/load.py BASE_URL USERS SECONDS [--import-rows N] [--password P]

e.g. `benchmarks/load.py http://127.0.0.1:8000 50 60` against `fazhi serve --workers 4` on a
throw-away copy of the demo database (the load writes grid events, photos and, through the import,
N people into the staff register). Loopback only: the script refuses another host.

What it does, through the doors users and other systems use (no database access):
1. prepares: API tokens of the demo accounts (`grid` reports, `governance` accepts, `auditor`
   checks), web sessions of `officer`, `leader` and `county`, the grid worker's grid and a category;
2. starts a staff-register import of N rows (default 20,000) as `govoffice` through the import
   page, which the background worker runs while the load goes on;
3. runs USERS virtual users for SECONDS, each a loop of weighted actions — lists (the case list,
   the grid events list, the API's events), record pages (a case, the home page), API reads,
   reports of a grid event (create), 受理 of a reported event (a workflow transition) and photo
   uploads — recording each answer's time;
4. checks afterwards that every acknowledged write is there: each event created (201) is read
   back, each acknowledged 受理 left the event accepted, each photo is listed on its event, and
   the auditor finds each one's ledger entry (`/api/v1/audit/entries/`); the import job finished.

Ends with one line:
`RESULT requests=… throughput=…/s p50=…ms p95=…ms p99=…ms errors=… lost=… import=…`
An error is a 5xx, a connection failure or an answer the action does not expect (a 409 for a
受理 another user took first is expected, not an error).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import json
import random
import re
import struct
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from dataclasses import dataclass, field

DEMO_PASSWORD = "fazhi-demo-2021"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
TIMEOUT = 60


# --- HTTP ----------------------------------------------------------------------------------------


class Client:
    """One user agent: a cookie jar (web session, CSRF) or an API token."""

    def __init__(self, base: str, token: str = ""):
        self.base = base.rstrip("/")
        self.token = token
        self.last_location = ""
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(
        self, method: str, path: str, *, body: bytes | None = None, content_type: str = "", accept=""
    ):
        headers = {"Referer": self.base + "/"}
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        csrf = self._cookie("csrftoken")
        if csrf and method not in ("GET", "HEAD"):
            headers["X-CSRFToken"] = csrf
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=TIMEOUT) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            self.last_location = error.headers.get("Location", "")
            return error.code, error.read()

    def get(self, path: str, params: dict | None = None):
        return self.request("GET", path + ("?" + urllib.parse.urlencode(params) if params else ""))

    def post_json(self, path: str, data: dict):
        return self.request("POST", path, body=json.dumps(data).encode(), content_type="application/json")

    def post_form(self, path: str, fields: dict, files: dict | None = None):
        body, content_type = multipart(fields, files or {})
        return self.request("POST", path, body=body, content_type=content_type)

    def login(self, username: str, password: str) -> None:
        status, page = self.get("/accounts/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise SystemExit(f"登录页无法打开（{status}）")
        status, _ = self.post_form(
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": username,
                "password": password,
                "next": "/",
            },
        )
        if status != 302:
            raise SystemExit(f"账户 {username} 无法登录（{status}）：演示库与口令是否正确？")

    def _cookie(self, name: str) -> str:
        return next((c.value for c in self.jar if c.name == name), "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer (302), not followed


def multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, data, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def png(seed: int) -> bytes:
    """A small real PNG (8×8, one colour from `seed`), so that the upload's type sniffing passes."""
    width = height = 8
    pixel = bytes([seed % 256, (seed * 7) % 256, (seed * 13) % 256])
    raw = b"".join(b"\x00" + pixel * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def token_for(base: str, username: str, password: str) -> str:
    status, body = Client(base).post_json("/api/v1/auth/token/", {"username": username, "password": password})
    if status != 200:
        raise SystemExit(
            f"账户 {username} 无法取得接口令牌（{status}）：{body[:200].decode(errors='replace')}"
        )
    return json.loads(body)["token"]


def results(body: bytes) -> list:
    data = json.loads(body)
    return data["results"] if isinstance(data, dict) else data


# --- what the load writes, and what it must find afterwards -------------------------------------


@dataclass
class Written:
    lock: threading.Lock = field(default_factory=threading.Lock)
    events: dict[int, str] = field(default_factory=dict)  # id -> client key
    accepted: set[int] = field(default_factory=set)
    photos: dict[int, int] = field(default_factory=dict)  # attachment id -> event id
    reported: list[int] = field(default_factory=list)  # events still to accept

    def add_event(self, pk: int, key: str) -> None:
        with self.lock:
            self.events[pk] = key
            self.reported.append(pk)

    def take_reported(self) -> int | None:
        with self.lock:
            return self.reported.pop(random.randrange(len(self.reported))) if self.reported else None


@dataclass
class Stats:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: list[float] = field(default_factory=list)
    by_action: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def record(self, action: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.times.append(seconds)
            self.by_action.setdefault(action, []).append(seconds)
            if error:
                self.errors.append(error)


class Load:
    def __init__(self, base: str, password: str):
        self.base = base
        self.written = Written()
        self.stats = Stats()
        self.grid_token = token_for(base, "grid", password)
        self.governance_token = token_for(base, "governance", password)
        self.auditor = Client(base)
        self.auditor.login("auditor", password)
        self.sessions = {}
        for name in ("officer", "leader", "county"):
            client = Client(base)
            client.login(name, password)
            self.sessions[name] = client
        grid_api = Client(base, self.grid_token)
        status, body = grid_api.get("/api/v1/regions/", {"kind": "grid"})
        grids = results(body) if status == 200 else []
        status, body = grid_api.get("/api/v1/grid/categories/")
        categories = [
            c for c in (results(body) if status == 200 else []) if c.get("parent") and c.get("is_active")
        ]
        if not grids or not categories:
            raise SystemExit("准备失败：网格员账户看不到网格或事件类别（是否已运行 fazhi demo？）")
        self.grid = grids[0]["id"]
        self.categories = [c["id"] for c in categories]
        status, body = self.sessions["officer"].get("/api/v1/enforcement/cases/", {"page_size": 20})
        self.cases = [c["id"] for c in results(body)] if status == 200 else []

    # each action: (weight, function(client set) -> error text or "")
    def actions(self):
        return [
            (20, self.case_list),
            (10, self.case_page),
            (15, self.event_list),
            (10, self.home),
            (15, self.api_events),
            (15, self.report_event),
            (10, self.accept_event),
            (5, self.upload_photo),
        ]

    def timed(self, fn, clients) -> None:
        started = time.perf_counter()
        try:
            error = fn(clients)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            error = f"{fn.__name__}: {exc}"
        self.stats.record(fn.__name__, time.perf_counter() - started, error or "")

    @staticmethod
    def expect(name: str, status: int, *wanted: int) -> str:
        return "" if status in wanted else f"{name}: HTTP {status}"

    def case_list(self, user) -> str:
        status, _ = user["officer"].get("/enforcement/cases/", {"page": random.randint(1, 3)})
        return self.expect("案件列表", status, 200)

    def case_page(self, user) -> str:
        if not self.cases:
            return ""
        status, _ = user["officer"].get(f"/enforcement/cases/{random.choice(self.cases)}/")
        return self.expect("案件页", status, 200)

    def event_list(self, user) -> str:
        status, _ = user["county"].get("/grid/events/")
        return self.expect("事件列表", status, 200)

    def home(self, user) -> str:
        status, _ = user["leader"].get("/")
        return self.expect("首页", status, 200)

    def api_events(self, user) -> str:
        status, _ = user["governance"].get("/api/v1/grid/events/", {"page_size": 50})
        return self.expect("接口事件列表", status, 200)

    def report_event(self, user) -> str:
        key = uuid.uuid4().hex
        data = {
            "region": self.grid,
            "category": random.choice(self.categories),
            "description": f"负载测试上报 {key[:8]}",
            "client_key": key,
        }
        status, body = user["grid"].post_json("/api/v1/grid/events/", data)
        if status in (502, 503, 504):  # the answer was lost: a retry with the same key
            status, body = user["grid"].post_json("/api/v1/grid/events/", data)
        if status in (200, 201):
            self.written.add_event(json.loads(body)["id"], key)
            return ""
        return f"上报事件: HTTP {status} {body[:120].decode(errors='replace')}"

    def accept_event(self, user) -> str:
        pk = self.written.take_reported()
        if pk is None:
            return ""
        status, body = user["governance"].post_json(f"/api/v1/grid/events/{pk}/steps/accept/", {})
        if status == 200:
            with self.written.lock:
                self.written.accepted.add(pk)
            return ""
        if status == 409:  # refused by the workflow (e.g. taken first): expected, not an error
            return ""
        return f"受理事件: HTTP {status} {body[:120].decode(errors='replace')}"

    def upload_photo(self, user) -> str:
        with self.written.lock:
            pk = random.choice(list(self.written.events)) if self.written.events else None
        if pk is None:
            return ""
        status, body = user["grid"].post_form(
            f"/api/v1/grid/events/{pk}/attachments/", {}, {"file": (f"现场{pk}.png", png(pk), "image/png")}
        )
        if status == 201:
            with self.written.lock:
                self.written.photos[json.loads(body)["id"]] = pk
            return ""
        return f"上传照片: HTTP {status} {body[:120].decode(errors='replace')}"

    # --- running ---------------------------------------------------------------------------

    def user(self) -> dict:
        """A virtual user's clients: its own API clients, and web sessions shared by role (a
        session is one person's; many tabs of one person are what shared cookies model)."""
        return {
            "grid": Client(self.base, self.grid_token),
            "governance": Client(self.base, self.governance_token),
            **self.sessions,
        }

    def run(self, users: int, seconds: float) -> float:
        stop = time.monotonic() + seconds
        actions = self.actions()
        weights = [w for w, _ in actions]

        def loop():
            clients = self.user()
            while time.monotonic() < stop:
                fn = random.choices([f for _, f in actions], weights)[0]
                self.timed(fn, clients)

        started = time.monotonic()
        threads = [threading.Thread(target=loop, daemon=True) for _ in range(users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started

    # --- the check afterwards ---------------------------------------------------------------

    def lost(self) -> list[str]:
        governance = Client(self.base, self.governance_token)
        missing = []
        for pk in sorted(self.written.events):
            status, body = governance.get(f"/api/v1/grid/events/{pk}/")
            if status != 200:
                missing.append(f"事件 {pk} 不存在（{status}）")
                continue
            event = json.loads(body)
            if pk in self.written.accepted and event["state"] == "reported":
                missing.append(f"事件 {pk} 的受理已确认却未生效")
            photos = {a["id"] for a in event.get("attachments") or []}
            missing += [
                f"照片 {a} 不在事件 {pk} 上"
                for a, e in self.written.photos.items()
                if e == pk and a not in photos
            ]
            actions = self._ledger_actions("grid.event", pk)
            if "create" not in actions:
                missing.append(f"事件 {pk} 没有创建的台账记录")
            if pk in self.written.accepted and "transition:accept" not in actions:
                missing.append(f"事件 {pk} 没有受理的台账记录")
        for attachment in sorted(self.written.photos):
            if "create" not in self._ledger_actions("core.attachment", attachment):
                missing.append(f"照片 {attachment} 没有台账记录")
        return missing

    def _ledger_actions(self, object_type: str, pk: int) -> set[str]:
        status, body = self.auditor.get(
            "/api/v1/audit/entries/", {"object_type": object_type, "object_id": str(pk), "page_size": 100}
        )
        return {e["action"] for e in results(body)} if status == 200 else set()


# --- the import that runs beside the load --------------------------------------------------------


def start_import(base: str, password: str, rows: int) -> tuple[Client, str] | None:
    if rows <= 0:
        return None
    from openpyxl import Workbook  # the project's own dependency

    client = Client(base)
    client.login("govoffice", password)
    status, body = client.get("/api/v1/regions/", {"kind": "town"})
    towns = results(body) if status == 200 else []
    if not towns:
        raise SystemExit("准备失败：党政办账户看不到所在镇")
    town = towns[0]["code"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["姓名", "工作单位区划代码", "备注"])
    stamp = uuid.uuid4().hex[:6]
    for i in range(rows):
        sheet.append([f"负载{stamp}{i:05d}", town, "负载测试导入（可删除的示例数据）"])
    data = io.BytesIO()
    book.save(data)
    status, page = client.get("/core/imports/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    status, _ = client.post_form(
        "/core/imports/staff/upload/",
        {"csrfmiddlewaretoken": match.group(1).decode() if match else ""},
        {
            "staff-file": (
                "负载测试名册.xlsx",
                data.getvalue(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        },
    )
    job = re.search(r"/imports/jobs/(\d+)/", client.last_location)
    if status != 302 or not job:
        raise SystemExit(f"导入未能开始（{status}）")
    return client, job.group(1)


def import_outcome(client: Client, job: str, wait_seconds: float) -> str:
    """The import job's end (done / failed), or "running" if it had not ended in time."""
    deadline = time.monotonic() + wait_seconds
    while True:
        status, page = client.get(f"/core/imports/jobs/{job}/progress/")
        body = page.decode(errors="replace")
        if status == 200 and "导入行数" in body:
            return "done"
        if status != 200 or "失败" in body:
            return "failed"
        if time.monotonic() > deadline:
            return "running"
        time.sleep(2)


# --- main ----------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("users", type=int)
    parser.add_argument("seconds", type=float)
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument(
        "--import-wait", type=float, default=600, help="seconds to wait for the import after the load"
    )
    parser.add_argument("--password", default=DEMO_PASSWORD)
    args = parser.parse_args(argv)
    host = urllib.parse.urlsplit(args.base_url).hostname
    if host not in LOOPBACK:
        raise SystemExit("只对本机（127.0.0.1）运行负载测试")
    if not (1 <= args.users <= 500 and 1 <= args.seconds <= 3600):
        raise SystemExit("USERS 应在 1–500，SECONDS 应在 1–3600")

    load = Load(args.base_url, args.password)
    importing = start_import(args.base_url, args.password, args.import_rows)
    print(
        f"负载：{args.users} 个并发用户，{args.seconds:.0f} 秒；导入 {args.import_rows} 行", file=sys.stderr
    )
    elapsed = load.run(args.users, args.seconds)
    lost = load.lost()
    outcome = import_outcome(*importing, args.import_wait) if importing else "none"
    times = load.stats.times
    for action, spent in sorted(load.stats.by_action.items()):
        print(
            f"  {action:<14} n={len(spent):<6} p50={percentile(spent, 50) * 1000:>7.0f}ms "
            f"p95={percentile(spent, 95) * 1000:>7.0f}ms",
            file=sys.stderr,
        )
    for error in load.stats.errors[:20]:
        print("错误：", error, file=sys.stderr)
    for item in lost[:20]:
        print("丢失：", item, file=sys.stderr)
    print(
        f"RESULT requests={len(times)} throughput={len(times) / elapsed:.1f}/s "
        f"p50={percentile(times, 50) * 1000:.0f}ms p95={percentile(times, 95) * 1000:.0f}ms "
        f"p99={percentile(times, 99) * 1000:.0f}ms errors={len(load.stats.errors)} lost={len(lost)} "
        f"writes={len(load.written.events)}+{len(load.written.accepted)}+{len(load.written.photos)} import={outcome}"
    )
    return 0 if not load.stats.errors and not lost and outcome in ("done", "none") else 1


if __name__ == "__main__":
    sys.exit(main())
