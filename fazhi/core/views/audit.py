"""The auditor's page: verify the ledger, search it, export the result to Excel.

Only roles holding `roles.AUDIT` (the 审计管理员) come here. The auditor reads the ledger, not
domain records: entries are shown with personal information masked.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.core import audit, roles
from fazhi.core.spreadsheets import xlsx_response
from fazhi.core.views.base import keyset_page, require

PAGE_SIZE = 50
EXPORT_MAX_ROWS = 100_000  # one sheet stays usable in office Excel; narrow the search for more
EXCEL_CELL_MAX = 32_767


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@login_required
def audit_page(request: HttpRequest) -> HttpResponse:
    require(request.user, roles.AUDIT)
    filterset, entries = audit.search(request.GET or None)
    page, keyset = keyset_page(request, entries, per_page=PAGE_SIZE)
    today = timezone.localdate()
    return render(
        request,
        "core/audit.html",
        {
            "filter": filterset,
            "object_list": audit.rows(page),
            "keyset": keyset,
            "query": _query_without(request, "after"),
            "last": audit.last_verification(),
            "actions": audit.ACTION_LABELS.items(),
            "object_types": audit.object_types(),
            "month_ago": today - dt.timedelta(days=30),
            "today": today,
        },
    )


@login_required
@require_POST
def audit_verify(request: HttpRequest) -> HttpResponse:
    require(request.user, roles.AUDIT)
    result = audit.run_verification(files=bool(request.POST.get("files")))
    level = messages.SUCCESS if result.ok else messages.ERROR
    for line in result.lines()[:20]:
        messages.add_message(request, level, line)
    return redirect("core:audit")


@login_required
def audit_export(request: HttpRequest) -> HttpResponse:
    require(request.user, roles.AUDIT)
    filterset, entries = audit.search(request.GET or None)
    headers = [
        _("序号"),
        _("时间"),
        _("操作人"),
        _("来源"),
        _("动作"),
        _("对象类型"),
        _("对象ID"),
        _("对象"),
        _("区划路径"),
        _("摘要说明"),
        _("内容"),
        _("附件摘要"),
        _("摘要算法"),
        _("本条摘要"),
    ]

    def rows():
        chunk, count = [], 0
        for entry in entries[:EXPORT_MAX_ROWS].iterator(chunk_size=1000):
            chunk.append(entry)
            count += 1
            if len(chunk) >= 1000:
                yield from _export_rows(chunk)
                chunk = []
        yield from _export_rows(chunk)
        if count >= EXPORT_MAX_ROWS:
            yield [_("仅导出最新的 %(n)s 条，请缩小检索范围后分批导出。") % {"n": EXPORT_MAX_ROWS}]

    filename = _("台账检索结果_%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    return xlsx_response(
        _("台账记录"),
        headers,
        rows(),
        user=request.user,
        object_type=audit.LEDGER_OBJECT_TYPE,
        filename=filename,
        action="ledger.export",
        data={"filters": filterset.describe(), "limit": EXPORT_MAX_ROWS},
        widths=[8, 20, 18, 8, 16, 16, 10, 24, 30, 40, 60, 30, 8, 30],
    )


def _export_rows(entries):
    for row in audit.rows(entries):
        e = row["entry"]
        yield [
            e.id,
            row["at"].replace(tzinfo=None),
            row["actor"],
            row["source"],
            row["action"],
            row["object_type"],
            e.object_id,
            row["object_repr"],
            e.region_path,
            row["summary"],
            row["data"][:EXCEL_CELL_MAX],
            "\n".join(e.digests or []),
            e.algorithm,
            e.hash,
        ]


urlpatterns = [
    path("audit/", audit_page, name="audit"),
    path("audit/verify/", audit_verify, name="audit_verify"),
    path("audit/export/", audit_export, name="audit_export"),
]
