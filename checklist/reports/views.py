"""Report pages and files. Every member may read them; each view first fetches the
assessment through access.py, so outsiders get 404 for every URL here."""

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from checklist.assessments.access import get_assessment_for
from checklist.assessments.models import ApprovedReport
from checklist.reports import cached, exports, languages, pdf, word

RETRY_SECONDS = 5
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attachment(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    answer = HttpResponse(data, content_type=content_type)
    answer["Content-Disposition"] = f'attachment; filename="{filename}"'
    return answer


@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's downloads, and the stored approved file's fingerprint once it exists."""
    assessment, permissions = get_assessment_for(request.user, pk)
    stored = pdf.stored_report(assessment)
    return render(
        request,
        "reports/report_page.html",
        {
            "assessment": assessment,
            "permissions": permissions,
            "stored": stored,
            "sealed_language": languages.language_name(stored.language) if stored else "",
            "fingerprint": _fingerprint_or_none(stored),
            "report_languages": languages.choices(),
            "report_language": languages.report_language(request),
        },
    )


def _fingerprint_or_none(stored: ApprovedReport | None) -> pdf.Fingerprint | None:
    """None when nothing is stored yet, or when the stored file has gone missing from
    storage (the page then says so instead of failing)."""
    if stored is None:
        return None
    try:
        return pdf.fingerprint(stored)
    except OSError:
        return None


@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF, in the language asked for (``?lang=``) or the request's. An approved
    revision's is sealed and stored at its first download, in that download's language, and
    served as stored after to every request in that language; any other (a draft, a copy
    with comments, an unsealed copy in another language) is rendered once per state of the
    assessment and served from storage until something changes (reports.cached)."""
    assessment, permissions = get_assessment_for(request.user, pk)
    filename = pdf.download_name(assessment, "pdf")
    with_comments = request.GET.get("comments") == "1"
    language = languages.report_language(request)
    if assessment.is_approved and not with_comments:
        stored = pdf.approved_report(assessment, language=language)
    else:
        stored = pdf.stored_report(assessment) if assessment.is_approved else None
    if stored is not None and stored.language == language and not with_comments:
        try:
            opened = stored.file.open("rb")
        except OSError:
            return HttpResponse(
                gettext(
                    "The stored approved report is missing from the file storage. "
                    "Ask an administrator to restore it from backup."
                ),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        return FileResponse(opened, filename=filename, content_type="application/pdf")
    try:
        name = cached.report_file(
            assessment,
            with_comments=with_comments,
            language=language,
            unsealed_of=_other_language(stored, language),
        )
    except cached.BeingPrepared:
        return _being_prepared(request, assessment, permissions)
    return FileResponse(
        default_storage.open(name, "rb"), filename=filename, content_type="application/pdf"
    )


def _other_language(stored: ApprovedReport | None, language: str) -> ApprovedReport | None:
    """The sealed report when it is in another language: a copy in ``language`` says so."""
    return stored if stored is not None and stored.language != language else None


def _being_prepared(request, assessment, permissions) -> HttpResponse:
    """503 with Retry-After: the page reloads itself, and so asks again, a moment later."""
    answer = render(
        request,
        "reports/being_prepared.html",
        {"assessment": assessment, "permissions": permissions, "retry": RETRY_SECONDS},
        status=503,
    )
    answer["Retry-After"] = str(RETRY_SECONDS)
    return answer


@require_GET
def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF's HTML as a page, for printing from the browser, in the PDF's language."""
    assessment, _ = get_assessment_for(request.user, pk)
    language = languages.report_language(request)
    stored = pdf.stored_report(assessment) if assessment.is_approved else None
    return HttpResponse(
        pdf.report_html(
            assessment,
            language=language,
            with_comments=request.GET.get("comments") == "1",
            unsealed_of=_other_language(stored, language),
            back_url=reverse("assessments:checklist", args=[assessment.pk]),
            pdf_url=reverse("reports:pdf", args=[assessment.pk]) + f"?lang={language}",
        )
    )


@require_GET
def responses_csv(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk)
    return _attachment(
        exports.responses_csv(assessment),
        filename=pdf.download_name(assessment, "csv"),
        content_type="text/csv; charset=utf-8",
    )


@require_GET
def responses_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _ = get_assessment_for(request.user, pk)
    return _attachment(
        exports.responses_xlsx(assessment),
        filename=pdf.download_name(assessment, "xlsx"),
        content_type=XLSX,
    )


@require_GET
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The report as an editable Word document, in the reader's language."""
    assessment, _ = get_assessment_for(request.user, pk)
    return _attachment(
        word.report_docx(assessment),
        filename=pdf.download_name(assessment, "docx"),
        content_type=DOCX,
    )
