"""A request id for every request: taken from X-Request-ID when the proxy sends a sane one,
made up otherwise; echoed in the response, written on every log line of the request, and
one line logged per request when it ends."""

import logging
import re
import time
import uuid
from contextvars import ContextVar

# Only letters, digits and a few marks: the id is written into log lines and a page.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
HEADER = "X-Request-ID"

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")
logger = logging.getLogger("checklist.requests")


def request_id_of(request) -> str:
    incoming = request.headers.get(HEADER, "")
    return incoming if ACCEPTED_ID.fullmatch(incoming) else uuid.uuid4().hex


def request_id_middleware(get_response):
    def middleware(request):
        request.request_id = request_id_of(request)
        token = current_request_id.set(request.request_id)
        started = time.perf_counter()
        try:
            response = get_response(request)
            response[HEADER] = request.request_id
            _log(request, response.status_code, started)
            return response
        finally:
            current_request_id.reset(token)

    return middleware


def _log(request, status: int, started: float) -> None:
    user = getattr(request, "user", None)
    fields = {
        "method": request.method,
        "path": request.path,
        "status": status,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        "user_id": user.pk if user is not None and user.is_authenticated else None,
    }
    logger.info(
        "%(method)s %(path)s %(status)s %(duration_ms)sms user=%(user_id)s",
        fields,
        extra={"fields": fields},
    )
