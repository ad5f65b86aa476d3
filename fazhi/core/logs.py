"""Logging: a refused request is one line, not a traceback.

Django logs every 4xx it answers from an exception (PermissionDenied, Http404, a bad request)
with the exception's traceback: on a busy server the log fills with stack traces of ordinary
refusals and the real errors drown. `RefusalsWithoutTraceback` keeps the line (time, status,
path) and drops the traceback for answers below 500; server errors keep theirs.
"""

from __future__ import annotations

import logging


class RefusalsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
