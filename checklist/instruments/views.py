from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checklist.assessments.uploads import UploadRefused
from checklist.instruments import access, bulk, drafts, lineage, versions
from checklist.instruments.forms import (
    BulkImportForm,
    ImportSourceForm,
    InstrumentFilterForm,
    InstrumentReviewForm,
    ParagraphEditForm,
    ParagraphReviewFormSet,
    list_choices,
    paragraph_initial,
    review_initial,
)
from checklist.instruments.importing import ImportRefused, source_limits
from checklist.instruments.models import ImportDraft, Instrument, Paragraph
from checklist.instruments.parser import ParseError, parse_instrument
from checklist.instruments.sources import SourceError, SourceText, read_source

LIST_PAGE_SIZE = 25


@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    """The library: filtered by body, year, kind and theme, 25 instruments a page."""
    filters = InstrumentFilterForm(request.GET)
    instruments = filters.filtered(Instrument.objects.with_counts()).order_by("-year", "symbol")
    page = Paginator(instruments, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "instruments/instrument_list.html",
        {
            "page": page,
            "instruments": page.object_list,
            "filters": filters,
            "query": query.urlencode(),
            "filtered": any(filters.cleaned_data.values()),
            "can_import": access.can_import(request.user),
        },
    )


@require_GET
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, pk)
    paragraphs = list(instrument.paragraphs.prefetch_related("themes", "groups", "sdg_targets"))
    operative = [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE]
    language_versions = instrument.language_versions()
    aligned = versions.aligned_paragraphs(operative, language_versions)
    for paragraph in operative:
        paragraph.in_other_languages = aligned.get(paragraph.pk, [])
    return render(
        request,
        "instruments/instrument_detail.html",
        {
            "instrument": instrument,
            "language_versions": language_versions,
            "mismatches": versions.numbering_mismatches(instrument, language_versions),
            "preambular": [p for p in paragraphs if p.kind == Paragraph.Kind.PREAMBULAR],
            "operative": operative,
            "checklist_count": sum(p.checkable for p in operative),
            "can_edit": access.can_edit_paragraphs(request.user),
        },
    )


@require_GET
def instrument_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """The instrument beside its previous version: unchanged, changed (a word-level diff),
    new and dropped paragraphs."""
    instrument = access.get_instrument_for(request.user, pk)
    if instrument.previous_version is None:
        raise Http404(gettext("This instrument has no previous version to compare with."))
    sections = [
        (label, lineage.comparison(instrument, kind)) for kind, label in Paragraph.Kind.choices
    ]
    counts = Counter(row.status for _, rows in sections for row in rows)
    return render(
        request,
        "instruments/instrument_compare.html",
        {
            "instrument": instrument,
            "previous": instrument.previous_version,
            "sections": sections,
            "counts": counts,
        },
    )


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Step 1: take the text (pasted or uploaded), parse it and keep it as a draft to review."""
    access.require_import(request.user)
    bound = request.method == "POST"
    form = ImportSourceForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        try:
            source = _source_of(form)
            parsed = parse_instrument(source.text, form.cleaned_data["language"] or None)
        except (SourceError, ParseError) as error:
            form.add_error(None, str(error))
        else:
            draft = drafts.create_draft(
                owner=request.user,
                parsed=parsed,
                source_text=source.text,
                source_url=form.cleaned_data["source_url"],
                warnings=source.warnings + parsed.warnings,
            )
            return redirect("instruments:import_review", draft.pk)
    return _render_start(request, form)


@require_http_methods(["GET", "POST"])
def bulk_import(request: HttpRequest) -> HttpResponse:
    """Several files, or a .zip of them, saved all together or not at all; the page then
    says what each file became, or what stops each one."""
    access.require_import(request.user)
    bound = request.method == "POST"
    form = BulkImportForm(request.POST if bound else None, request.FILES if bound else None)
    results = []
    if bound and form.is_valid():
        results, saved = _bulk_save(form, request.user)
        if saved:
            messages.success(
                request,
                ngettext(
                    "%(count)s instrument was imported.",
                    "%(count)s instruments were imported.",
                    len(results),
                )
                % {"count": len(results)},
            )
    status = 400 if form.errors or any(r.problem for r in results) else 200
    context = {
        "form": form,
        "results": results,
        "saved": status == 200 and bool(results),
        "single": reverse("instruments:import"),
    }
    return render(request, "instruments/bulk_import.html", context, status=status)


def _bulk_save(form: BulkImportForm, user) -> tuple[list[bulk.BulkFile], bool]:
    try:
        results = bulk.parsed_files(
            bulk.unpacked(form.cleaned_data["files"]), form.cleaned_data["language"] or None
        )
    except UploadRefused as error:
        form.add_error("files", str(error))
        return [], False
    if any(result.problem for result in results):
        return results, False
    try:
        bulk.save_all(results, user=user)
    except ImportRefused as error:
        form.add_error(None, gettext("%(problem)s Nothing was saved.") % {"problem": error})
        return results, False
    return results, True


def import_too_large(request: HttpRequest) -> HttpResponse:
    """The import form again, when the pasted text was too large for Django to read at all
    (DATA_UPLOAD_MAX_MEMORY_SIZE; see checklist.instruments.middleware)."""
    refusal = gettext(
        "What you sent is too large to read: the limit is %(chars)s characters of text, or a "
        "file of %(size)s. Import one instrument at a time."
    ) % {
        "chars": f"{settings.INSTRUMENT_TEXT_MAX_CHARS:,}",
        "size": filesizeformat(settings.INSTRUMENT_UPLOAD_MAX_BYTES),
    }
    context = {"form": ImportSourceForm(), "refusal": refusal}
    return render(request, "instruments/import_start.html", context, status=413)


def _render_start(request: HttpRequest, form: ImportSourceForm) -> HttpResponse:
    if form.is_bound and request.FILES:
        # Browsers cannot refill a file input: say so rather than lose it silently.
        form.add_error("file", gettext("Choose the file again after fixing the problem."))
    status = 400 if form.errors else 200
    return render(request, "instruments/import_start.html", {"form": form}, status=status)


def _source_of(form: ImportSourceForm) -> SourceText:
    upload = form.cleaned_data["file"]
    if upload:
        return read_source(upload.read(), filename=upload.name, limits=source_limits())
    return SourceText(text=form.cleaned_data["text"], kind="text")


@require_http_methods(["GET", "POST"])
def import_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2, a page of paragraphs at a time: GET shows page ``?page=N``; POST keeps the
    page's edits in the draft, then shows the page the person asked for (``then``)."""
    access.require_import(request.user)
    draft = access.find_draft_for(request.user, pk)
    if draft is None:
        return _draft_gone(request)
    page = drafts.page_of(draft, _number(request.GET.get("page")))
    if request.method == "GET":
        return _render_review(request, draft, page, *_review_forms(draft, page))
    review, formset = _review_forms(draft, page, request.POST)
    if not (review.is_valid() and formset.is_valid()):
        return _render_review(request, draft, page, review, formset, status=400)
    if _save_page(draft, page, review, formset) is None:
        return _draft_gone(request)
    target = _number(request.POST.get("then"), default=page.number)
    return redirect(f"{reverse('instruments:import_review', args=[draft.pk])}?page={target}")


@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: keep the last page's edits, then save the instrument from the draft, or show
    the page again with what is wrong. Nothing is saved unless all of it is."""
    access.require_import(request.user)
    draft = access.find_draft_for(request.user, pk)
    if draft is None:
        return _draft_gone(request)
    page = drafts.page_of(draft, _number(request.GET.get("page")))
    review, formset = _review_forms(draft, page, request.POST)
    if not (review.is_valid() and formset.is_valid()):
        return _render_review(request, draft, page, review, formset, status=400)
    draft = _save_page(draft, page, review, formset)
    if draft is None:
        return _draft_gone(request)
    try:
        instrument = drafts.confirm(draft_pk=draft.pk, user=request.user)
    except ImportRefused as error:
        review.add_error(None, str(error))
        return _render_review(request, draft, page, review, formset, status=400)
    if instrument is None:
        return _draft_gone(request)
    messages.success(request, gettext("%(symbol)s was imported.") % {"symbol": instrument.symbol})
    return redirect(instrument)


def _draft_gone(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request,
        gettext(
            "This import is no longer waiting for review: it was saved, or it was started "
            "more than a day ago. Start it again."
        ),
    )
    return redirect("instruments:import")


def _number(raw: str | None, *, default: int = 1) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return default


def _review_forms(draft: ImportDraft, page: drafts.Page, data=None):
    review = InstrumentReviewForm(data, initial=review_initial(draft))
    formset = ParagraphReviewFormSet(
        data,
        initial=[paragraph_initial(p) for p in page.paragraphs],
        form_kwargs={"choices": list_choices()},
    )
    if formset.total_form_count() != len(page.paragraphs):
        # Only an altered management form gets here: its forms would not be the page's.
        raise SuspiciousOperation("The review page does not match its draft.")
    return review, formset


def _save_page(draft, page, review, formset) -> ImportDraft | None:
    return drafts.save_page(
        draft_pk=draft.pk,
        start=page.start,
        particulars=dict(review.cleaned_data),
        edits=[form.edits() for form in formset.forms],
    )


def _render_review(request, draft, page, review, formset, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "instruments/import_review.html",
        {
            "draft": draft,
            "page": page,
            "page_size": drafts.PAGE_SIZE,
            "pages": _page_links(page),
            "review": review,
            "formset": formset,
            "rows": list(zip(range(page.first, page.last + 1), formset.forms, strict=True)),
            "warnings": draft.warnings,
            "summary": drafts.summary(draft),
            "footnotes": draft.particulars.get("footnotes", []),
            **_in_the_library(draft.particulars),
        },
        status=status,
    )


def _in_the_library(particulars: dict) -> dict:
    """The text already in the library under this symbol, or the one this text would be
    the newer version of: said before saving rather than after."""
    symbol = (particulars.get("symbol") or "").strip()
    language = particulars.get("language") or Instrument.Language.ENGLISH
    versions = list(Instrument.objects.with_symbol(symbol)) if symbol else []
    same = next((v for v in versions if v.language == language), None)
    previous = lineage.series_before(
        particulars.get("title") or "",
        particulars.get("year"),
        particulars.get("body") or "",
        language,
    )
    return {
        "same_symbol": same,
        "series_previous": None if same else previous,
        "language_versions": [] if same else versions,
    }


def _page_links(page: drafts.Page) -> list[int]:
    """The first and last pages, and two either side of this one."""
    near = range(max(1, page.number - 2), min(page.count, page.number + 2) + 1)
    return sorted({1, *near, page.count})


@require_http_methods(["GET", "POST"])
def paragraph_edit(request: HttpRequest, pk: int, paragraph_pk: int) -> HttpResponse:
    paragraph = access.get_paragraph_for(request.user, pk, paragraph_pk, write=True)
    form = ParagraphEditForm(request.POST if request.method == "POST" else None, instance=paragraph)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("%(paragraph)s was saved.") % {"paragraph": paragraph})
        return redirect(f"{paragraph.instrument.get_absolute_url()}#p{paragraph.pk}")
    return render(
        request,
        "instruments/paragraph_edit.html",
        {"paragraph": paragraph, "instrument": paragraph.instrument, "form": form},
        status=400 if form.errors else 200,
    )
