"""Format log records as one JSON object per line (LOG_FORMAT=json in production).

A log shipper reads fields instead of guessing them from text: `time` (UTC, ISO 8601),
`level`, `logger`, `message`, `schema` and `request_id` (config/request_context.py adds
them; a Celery task's id stands in for the request id), and `exception` with the
traceback when there is one. This module imports nothing from Django, so gunicorn's own
loggers can use it too (deploy/gunicorn.conf.py).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    """Render a record as a single line of JSON."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "schema": getattr(record, "schema", "-"),
            "request_id": getattr(record, "request_id", "-"),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # json.dumps escapes newlines, so a traceback stays on its line.
        return json.dumps(entry, ensure_ascii=False, default=str)
