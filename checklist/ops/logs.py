"""Log formatting: every record carries the request id; JSON lines when LOG_FORMAT=json."""

import json
import logging
from datetime import UTC, datetime

from checklist.ops.requests import current_request_id


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (``-`` outside a request) to every record the handler sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with the request's fields and the traceback if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)
