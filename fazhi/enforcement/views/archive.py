"""The case archive download (导出案卷): GET /enforcement/cases/<pk>/archive/.

The case is fetched through `visible_to(user)` (out of scope: 404). The archive is written to a
temporary file that spills to disk past a few megabytes (evidence video can be large) and
streamed; the export is entered in the ledger with the archive's digest
(fazhi.enforcement.archive).
"""

from __future__ import annotations

import tempfile

from django.http import FileResponse, HttpRequest
from django.urls import path

from fazhi.core import roles
from fazhi.core.views.base import requires, visible_or_404
from fazhi.enforcement import archive
from fazhi.enforcement.models import Case

SPOOL_BYTES = 8 * 1024 * 1024


@requires(roles.CASE_VIEW)
def case_archive(request: HttpRequest, pk: int) -> FileResponse:
    case = visible_or_404(Case, request.user, pk, related=("body", "party", "power"))
    file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    info = archive.write_archive(case, request.user, file)
    response = FileResponse(file, as_attachment=True, filename=info.filename, content_type="application/zip")
    response["Content-Length"] = str(info.size)
    return response


urlpatterns = [
    path("cases/<int:pk>/archive/", case_archive, name="case_archive"),
]
