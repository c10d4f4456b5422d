"""PDFs rendered once per state of the assessment and served again until something changes.

A draft report of 2,000 items takes WeasyPrint seconds; every member downloading it again
would render it again. Instead each file is stored in the media storage under the fingerprint
of everything it prints (``fingerprint``), where every app server finds it, and a request
renders only when no file has its fingerprint. One render at a time per assessment: the
request that inserts the ReportRender row renders; the others wait a little for the file,
then are told it is being prepared. Nothing is kept in a process (several may serve).
"""

import hashlib
import json
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from django.utils.translation import get_language

from checklist.assessments.models import Assessment, Comment, Event, ReportRender, Response
from checklist.reports import pdf

FOLDER = "reports/cache"
# How long a request waits for another's render before answering "being prepared".
WAIT_SECONDS = 8.0
POLL_SECONDS = 0.25
# Longer than any render a worker survives (gunicorn's timeout): an older claim is abandoned.
CLAIM_EXPIRES = timedelta(minutes=2)
# The template and stylesheet shape the file as much as the data: a deployment that changes
# them must not serve files made by the old ones.
LAYOUT_FILES = [
    Path(settings.BASE_DIR) / "templates" / "reports" / "report.html",
    Path(settings.BASE_DIR) / "static" / "reports" / "report.css",
]


class BeingPrepared(Exception):
    """Another request is rendering this assessment's report; ask again in a moment."""


def fingerprint(assessment: Assessment, *, with_comments: bool) -> str:
    """SHA-256 of what the report prints: the assessment's state, revision and last change,
    its latest event (every save, source, comment, review, transition and member change
    adds one), the responses' versions and sign-offs, the comments, and the options."""
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
        "language": get_language(),
        "layout": [hashlib.sha256(path.read_bytes()).hexdigest() for path in LAYOUT_FILES],
    }
    encoded = json.dumps(inputs, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def report_file(assessment: Assessment, *, with_comments: bool) -> str:
    """The storage name of the report as the assessment stands, rendered if not stored yet.

    1. A file named by the fingerprint is the answer.
    2. Otherwise claim the assessment's render (insert its ReportRender row), look once more
       (another request may have just stored it), render, store, drop the files of older
       states, and release the claim.
    3. While another request holds the claim, poll for the file up to WAIT_SECONDS, then
       raise BeingPrepared.
    """
    variant = "comments" if with_comments else "plain"
    stamp = fingerprint(assessment, with_comments=with_comments)
    name = f"{FOLDER}/{assessment.pk}/{variant}-{stamp}.pdf"
    deadline = time.monotonic() + WAIT_SECONDS
    while not default_storage.exists(name):
        claim = _claim(assessment)
        if claim is not None:
            try:
                if not default_storage.exists(name):
                    name = _render(assessment, name, with_comments=with_comments)
                    _drop_older(assessment, variant, keep=name)
            finally:
                _release(assessment, claim)
            break
        if time.monotonic() >= deadline:
            raise BeingPrepared()
        time.sleep(POLL_SECONDS)
    return name


def _render(assessment: Assessment, name: str, *, with_comments: bool) -> str:
    data = pdf.report_pdf(assessment, with_comments=with_comments)
    return default_storage.save(name, ContentFile(data))


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


def _release(assessment: Assessment, claim) -> None:
    # Only our own claim: one that expired and was taken over belongs to someone else now.
    ReportRender.objects.filter(assessment=assessment, started_at=claim).delete()


def _drop_older(assessment: Assessment, variant: str, *, keep: str) -> None:
    """The files of this variant made for earlier states will never be asked for again."""
    folder = f"{FOLDER}/{assessment.pk}"
    _, files = default_storage.listdir(folder)
    for file_name in files:
        path = f"{folder}/{file_name}"
        if file_name.startswith(f"{variant}-") and path != keep:
            default_storage.delete(path)
