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
from django.utils import translation
from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from checklist.assessments.models import ApprovedReport, Assessment
from checklist.reports.content import report_context
from checklist.reports.fetcher import BASE_URL, StaticOnlyFetcher
from checklist.reports.languages import active_language, language_name
from checklist.text import clean_text

# Tagged PDF/UA-1: structure tags for screen readers, title shown instead of the file name.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
# What the seal page prints in every language: the command that checks a copy, with the
# length it hashes, and the hash on a line of its own.
SEAL_LENGTH = re.compile(r"head -c (\d+) report\.pdf")
SEAL_HASH = re.compile(r"\b([0-9a-f]{64})\b")


def render_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf(
        **PDF_OPTIONS
    )


def report_html(
    assessment: Assessment,
    *,
    language: str | None = None,
    with_comments: bool = False,
    unsealed_of: ApprovedReport | None = None,
    **extra,
) -> str:
    """The report's HTML in ``language`` (the active one if None); ``unsealed_of``, the
    sealed report of the same approved revision in another language, makes every page say
    this copy is not it."""
    with translation.override(language or active_language()):
        context = report_context(assessment, with_comments=with_comments)
        if unsealed_of is not None:
            context["unsealed_of"] = unsealed_of
            context["sealed_language"] = language_name(unsealed_of.language)
        # Rows saved before input was cleaned may hold control characters, which garble the
        # PDF's text for copying and searching: the page holds none.
        return clean_text(render_to_string("reports/report.html", {**context, **extra}))


def report_pdf(
    assessment: Assessment,
    *,
    language: str | None = None,
    with_comments: bool = False,
    unsealed_of: ApprovedReport | None = None,
) -> bytes:
    return render_pdf(
        report_html(
            assessment, language=language, with_comments=with_comments, unsealed_of=unsealed_of
        )
    )


def sealed(document: bytes, *, language: str | None = None) -> bytes:
    """``document`` with a last page printing its SHA-256, appended as an incremental update.

    A file cannot print its own hash. An incremental update leaves the bytes before it as
    they were, so the printed value is checkable: it is the SHA-256 of the file's first
    ``len(document)`` bytes, which the page also prints.
    """
    with translation.override(language or active_language()):
        seal_html = render_to_string(
            "reports/seal.html",
            {"sha256": hashlib.sha256(document).hexdigest(), "length": len(document)},
        )
    seal_page = render_pdf(seal_html)
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
    last_page = " ".join(PdfReader(io.BytesIO(data)).pages[-1].extract_text().split())
    length, printed = SEAL_LENGTH.search(last_page), SEAL_HASH.search(last_page)
    found = bool(length and printed)
    printed_length, printed = (int(length[1]), printed[1]) if found else (0, "")
    return Fingerprint(
        file_sha256=hashlib.sha256(data).hexdigest(),
        printed_sha256=printed,
        printed_length=printed_length,
        matches=found and hashlib.sha256(data[:printed_length]).hexdigest() == printed,
    )


def stored_report(assessment: Assessment) -> ApprovedReport | None:
    return ApprovedReport.objects.filter(
        assessment=assessment, revision=assessment.revision
    ).first()


def approved_report(assessment: Assessment, *, language: str | None = None) -> ApprovedReport:
    """The stored PDF of the assessment's approved revision, made at its first download.

    1. If this revision's report is stored, that is the answer, whatever its language: it is
       served byte for byte (a request in another language gets an unsealed copy instead).
    2. Otherwise render the report in ``language`` (the active one if None), append the
       fingerprint page (see ``sealed``), and store the file under a generated name with
       the SHA-256 of its bytes and the language it was sealed in.
    3. Two first downloads may race: the unique (assessment, revision) constraint lets one
       row in; the loser deletes its own file and answers with the winner's row.
    """
    stored = stored_report(assessment)
    if stored is not None:
        return stored
    language = language or active_language()
    data = sealed(report_pdf(assessment, language=language), language=language)
    report = ApprovedReport(
        assessment=assessment,
        revision=assessment.revision,
        sha256=hashlib.sha256(data).hexdigest(),
        language=language,
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
