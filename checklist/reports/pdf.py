"""The PDF report: rendered by WeasyPrint from the report template, through a fetcher that
reads nothing but the app's static files; approved revisions stored once, with a fingerprint.
"""

import hashlib
import io
import re
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from checklist.assessments.models import ApprovedReport, Assessment
from checklist.reports.content import report_context
from checklist.reports.fetcher import BASE_URL, StaticOnlyFetcher
from checklist.text import clean_text

# Tagged PDF/UA-1: structure tags for screen readers, title shown instead of the file name.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
SEAL_TEXT = re.compile(r"first (\d+) bytes\):\s*([0-9a-f]{64})")


def render_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        **PDF_OPTIONS
    )


def report_html(assessment: Assessment, *, with_comments: bool = False, **extra) -> str:
    context = report_context(assessment, with_comments=with_comments)
    # Rows saved before input was cleaned may hold control characters, which garble the
    # PDF's text for copying and searching: the page holds none.
    return clean_text(render_to_string("reports/report.html", {**context, **extra}))


def report_pdf(assessment: Assessment, *, with_comments: bool = False) -> bytes:
    return render_pdf(report_html(assessment, with_comments=with_comments))


def sealed(document: bytes) -> bytes:
    """``document`` with a last page printing its SHA-256, appended as an incremental update.

    A file cannot print its own hash. An incremental update leaves the bytes before it as
    they were, so the printed value is checkable: it is the SHA-256 of the file's first
    ``len(document)`` bytes, which the page also prints.
    """
    seal_page = render_pdf(
        render_to_string(
            "reports/seal.html",
            {"sha256": hashlib.sha256(document).hexdigest(), "length": len(document)},
        )
    )
    writer = PdfWriter(io.BytesIO(document), incremental=True)
    writer.append(PdfReader(io.BytesIO(seal_page)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class Fingerprint:
    """What the app shows about a stored report: the file's hash and its last page's."""

    file_sha256: str
    printed_sha256: str
    printed_length: int
    matches: bool


def fingerprint(report: ApprovedReport) -> Fingerprint:
    """Read what the stored file's last page prints and check it against the file's bytes."""
    with report.file.open("rb") as stored:
        data = stored.read()
    last_page = PdfReader(io.BytesIO(data)).pages[-1].extract_text()
    found = SEAL_TEXT.search(" ".join(last_page.split()))
    printed_length, printed = (int(found[1]), found[2]) if found else (0, "")
    return Fingerprint(
        file_sha256=hashlib.sha256(data).hexdigest(),
        printed_sha256=printed,
        printed_length=printed_length,
        matches=bool(found) and hashlib.sha256(data[:printed_length]).hexdigest() == printed,
    )


def approved_report(assessment: Assessment) -> ApprovedReport:
    """The stored PDF of the assessment's approved revision, made at its first download.

    1. If this revision's report is stored, that is the answer: it is served byte for byte.
    2. Otherwise render the report, append the fingerprint page (see ``sealed``), and store
       the file under a generated name with the SHA-256 of its bytes.
    3. Two first downloads may race: the unique (assessment, revision) constraint lets one
       row in; the loser deletes its own file and answers with the winner's row.
    """
    stored = ApprovedReport.objects.filter(
        assessment=assessment, revision=assessment.revision
    ).first()
    if stored is not None:
        return stored
    data = sealed(report_pdf(assessment))
    report = ApprovedReport(
        assessment=assessment,
        revision=assessment.revision,
        sha256=hashlib.sha256(data).hexdigest(),
    )
    report.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        report.file.delete(save=False)
        return ApprovedReport.objects.get(assessment=assessment, revision=assessment.revision)
    return report


def download_name(assessment: Assessment, extension: str) -> str:
    state = assessment.country.code or "report"
    return f"report-{state}-{assessment.pk}-r{assessment.revision}.{extension}"
