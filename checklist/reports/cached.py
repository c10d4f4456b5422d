"""PDFs rendered once per state of the assessment and served again until something changes.

A draft report of 2,000 items takes WeasyPrint seconds; every member downloading it again
would render it again. Instead each file is stored in the media storage under the fingerprint
of everything it prints (``fingerprint``), where every app server finds it, and a request
renders only when no file has its fingerprint. One render at a time per assessment: the
request that inserts the ReportRender row starts the render in a thread; it and the others
wait a bounded time for the file, then are told it is being prepared. Nothing is kept in a
process (several may serve): the claim is a database row, the files are in the storage.
"""

import hashlib
import json
import logging
import time
from datetime import timedelta
from pathlib import Path
from threading import Thread

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone, translation

from checklist.assessments.models import (
    ApprovedReport,
    Assessment,
    Comment,
    Event,
    ReportRender,
    Response,
)
from checklist.reports import pdf

logger = logging.getLogger(__name__)

FOLDER = "reports/cache"
# How long a request waits for the file before answering "being prepared": well under
# gunicorn's 30 s timeout, longer than most renders (a draft of 2,000 items takes about 10 s).
WAIT_SECONDS = 20.0
POLL_SECONDS = 0.25
# Longer than any render: an older claim was left by a process that stopped mid-render.
CLAIM_EXPIRES = timedelta(minutes=10)
# The template and stylesheet shape the file as much as the data: a deployment that changes
# them must not serve files made by the old ones.
LAYOUT_FILES = [
    Path(settings.BASE_DIR) / "templates" / "reports" / "report.html",
    Path(settings.BASE_DIR) / "static" / "reports" / "report.css",
]


class BeingPrepared(Exception):
    """Another request is rendering this assessment's report; ask again in a moment."""


def fingerprint(
    assessment: Assessment,
    *,
    with_comments: bool,
    language: str,
    unsealed_of: ApprovedReport | None = None,
) -> str:
    """SHA-256 of what the report prints: the assessment's state, revision and last change,
    its latest event (every save, source, comment, review, transition and member change
    adds one), the responses' versions and sign-offs, the comments, the options, the
    language and its translations, and the sealed report an unsealed copy names."""
    responses = Response.objects.filter(item__assessment=assessment).aggregate(
        versions=Sum("version"), reviewed=Max("reviewed_at"), changed=Max("updated_at")
    )
    comments = Comment.objects.filter(item__assessment=assessment).aggregate(
        last=Max("pk"), count=Count("pk"), resolved=Max("resolved_at")
    )
    inputs = {
        "assessment": [
            assessment.pk,
            assessment.review_state,
            assessment.revision,
            assessment.updated_at,
            assessment.approved_at,
            assessment.approved_by_id,
        ],
        "event": Event.objects.filter(assessment=assessment).last_pk(),
        "responses": responses,
        "comments": comments if with_comments else None,
        "with_comments": with_comments,
        "language": language,
        "catalogues": _catalogues(language),
        "sealed": [unsealed_of.language, unsealed_of.sha256] if unsealed_of else None,
        "layout": [hashlib.sha256(path.read_bytes()).hexdigest() for path in LAYOUT_FILES],
    }
    encoded = json.dumps(inputs, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def _catalogues(language: str) -> list[str]:
    """SHA-256 of the app's compiled translations into ``language``: new translations are
    a new report, as a new layout is."""
    own_apps = [
        Path(app.path) / "locale"
        for app in apps.get_app_configs()
        if app.name.startswith("checklist.")
    ]
    folders = [*map(Path, settings.LOCALE_PATHS), *own_apps]
    locale = translation.to_locale(language)
    files = [folder / locale / "LC_MESSAGES" / "django.mo" for folder in folders]
    return [hashlib.sha256(path.read_bytes()).hexdigest() for path in files if path.is_file()]


def report_file(
    assessment: Assessment,
    *,
    with_comments: bool,
    language: str,
    unsealed_of: ApprovedReport | None = None,
) -> str:
    """The storage name of the report as the assessment stands, rendered if not stored yet.

    1. A file named by the fingerprint is the answer.
    2. Otherwise claim the assessment's render (insert its ReportRender row) and render in a
       thread of its own: a large report may take longer than a worker may spend on a
       request, and the thread goes on after the request has answered.
    3. Wait for the file up to WAIT_SECONDS, claiming in turn if another request's render
       (of an older state, say) ends first; then raise BeingPrepared, and the next request
       finds the file.
    """
    # One file per variant and language is kept: printing in French leaves the English.
    variant = f"{'comments' if with_comments else 'plain'}-{language}"
    options = {"with_comments": with_comments, "language": language, "unsealed_of": unsealed_of}
    stamp = fingerprint(assessment, **options)
    name = f"{FOLDER}/{assessment.pk}/{variant}-{stamp}.pdf"
    deadline = time.monotonic() + WAIT_SECONDS
    rendering = False
    while not default_storage.exists(name):
        if not rendering:
            claim = _claim(assessment)
            rendering = claim is not None
            if rendering:
                _start(assessment, name, variant, claim=claim, options=options)
                continue
        if time.monotonic() >= deadline:
            raise BeingPrepared()
        time.sleep(POLL_SECONDS)
    return name


def _start(assessment: Assessment, name: str, variant: str, *, claim, options: dict):
    arguments = {"name": name, "variant": variant, "claim": claim, "options": options}
    if connection.in_atomic_block:
        # Another connection would not see what this transaction wrote: render here.
        _render(assessment.pk, **arguments)
    else:
        Thread(target=_render_alone, args=[assessment.pk], kwargs=arguments, daemon=True).start()


def _render_alone(assessment_pk: int, **arguments) -> None:
    try:
        _render(assessment_pk, **arguments)
    finally:
        connection.close()  # the thread's own connection


def _render(assessment_pk: int, *, name: str, variant: str, claim, options: dict) -> None:
    """Render and store the report, drop the files of older states, release the claim."""
    try:
        if default_storage.exists(name):
            return  # stored by the render that held the claim before ours
        assessment = Assessment.objects.get(pk=assessment_pk)
        # The language goes in the options: a thread does not inherit the request's.
        data = pdf.report_pdf(assessment, **options)
        name = default_storage.save(name, ContentFile(data))
        _drop_older(assessment_pk, variant, keep=name)
    except Exception:
        # Nobody waits on this thread: log it; the next request claims and renders again.
        logger.exception("Report of assessment %s (%s) not rendered", assessment_pk, variant)
    finally:
        _release(assessment_pk, claim)


def _claim(assessment: Assessment):
    """The claim's start time if this request may render now; None if another renders."""
    now = timezone.now()
    ReportRender.objects.filter(assessment=assessment, started_at__lt=now - CLAIM_EXPIRES).delete()
    try:
        with transaction.atomic():
            ReportRender.objects.create(assessment=assessment, started_at=now)
    except IntegrityError:
        return None
    return now


def _release(assessment_pk: int, claim) -> None:
    # Only our own claim: one that expired and was taken over belongs to someone else now.
    ReportRender.objects.filter(assessment_id=assessment_pk, started_at=claim).delete()


def _drop_older(assessment_pk: int, variant: str, *, keep: str) -> None:
    """The files of this variant made for earlier states will never be asked for again."""
    folder = f"{FOLDER}/{assessment_pk}"
    _, files = default_storage.listdir(folder)
    for file_name in files:
        path = f"{folder}/{file_name}"
        if file_name.startswith(f"{variant}-") and path != keep:
            default_storage.delete(path)
