"""Logging filters for the terminal a congress's operator watches.

Django logs a refused request (403 from PermissionDenied, 400 from a bad request) with the
full traceback of the exception that refused it. A 4xx is the system working as intended: a
delegate who opens a staff page is not a fault, and a screen of traceback per refusal hides
the faults that matter. Such records keep their one-line message; 5xx keep the traceback.
"""

from __future__ import annotations

import logging


class DropForbiddenTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
