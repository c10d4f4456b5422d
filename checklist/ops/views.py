"""The health check and the server error page."""

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)
PROBE = b"checklist health probe"


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and the media storage keeps a file, 503 saying which
    failed otherwise (for load balancers and monitoring)."""
    checks = {"database": _check(_database), "storage": _check(_storage)}
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )


def _check(probe) -> str:
    try:
        probe()
    except Exception as error:  # any failure is the answer, never a 500
        logger.exception("Health check %s failed", probe.__name__.strip("_"))
        return f"failed: {type(error).__name__}"
    return "ok"


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _storage() -> None:
    """Write, read back and delete a small file: what uploads and reports need."""
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(PROBE))
    try:
        with default_storage.open(name, "rb") as stored:
            if stored.read() != PROBE:
                raise OSError("the probe file came back different")
    finally:
        default_storage.delete(name)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page, with the request id to quote: the log has the traceback under it."""
    page = loader.get_template("500.html").render(
        {"request_id": getattr(request, "request_id", "")}
    )
    return HttpResponseServerError(page)
