import json

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checklist.instruments import access
from checklist.instruments.forms import (
    ImportSourceForm,
    InstrumentReviewForm,
    ParagraphEditForm,
    ParagraphReviewFormSet,
    paragraph_initial,
    review_initial,
    reviewed_instrument,
    theme_choices,
)
from checklist.instruments.importing import ImportRefused, save_instrument
from checklist.instruments.models import Instrument, Paragraph
from checklist.instruments.parser import ParseError, parse_instrument
from checklist.instruments.sources import SourceError, SourceText, read_source


@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    instruments = Instrument.objects.with_counts().order_by("-year", "symbol")
    return render(
        request,
        "instruments/instrument_list.html",
        {"instruments": instruments, "can_import": access.can_import(request.user)},
    )


@require_GET
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, pk)
    paragraphs = list(instrument.paragraphs.prefetch_related("themes"))
    operative = [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE]
    return render(
        request,
        "instruments/instrument_detail.html",
        {
            "instrument": instrument,
            "preambular": [p for p in paragraphs if p.kind == Paragraph.Kind.PREAMBULAR],
            "operative": operative,
            "checklist_count": sum(p.checkable for p in operative),
            "can_edit": access.can_edit_paragraphs(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    """Step 1: take the text (pasted or uploaded), parse it and show it for review."""
    access.require_import(request.user)
    bound = request.method == "POST"
    form = ImportSourceForm(request.POST if bound else None, request.FILES if bound else None)
    if bound and form.is_valid():
        try:
            source = _source_of(form)
            parsed = parse_instrument(source.text)
        except (SourceError, ParseError) as error:
            form.add_error(None, str(error))
        else:
            review = InstrumentReviewForm(
                initial=review_initial(
                    parsed, source_text=source.text, source_url=form.cleaned_data["source_url"]
                )
            )
            initial = [paragraph_initial(p, Paragraph.Kind.PREAMBULAR) for p in parsed.preambular]
            initial += [paragraph_initial(p, Paragraph.Kind.OPERATIVE) for p in parsed.operative]
            formset = ParagraphReviewFormSet(
                initial=initial, form_kwargs={"theme_choices": theme_choices()}
            )
            warnings = source.warnings + parsed.warnings
            return _render_review(request, review, formset, warnings=warnings)
    if bound and request.FILES:
        # Browsers cannot refill a file input: say so rather than lose it silently.
        form.add_error("file", "Choose the file again after fixing the problem.")
    status = 400 if form.errors else 200
    return render(request, "instruments/import_start.html", {"form": form}, status=status)


def _source_of(form: ImportSourceForm) -> SourceText:
    upload = form.cleaned_data["file"]
    if upload:
        return read_source(upload.read(), filename=upload.name)
    return SourceText(text=form.cleaned_data["text"], kind="text")


@require_POST
def import_confirm(request: HttpRequest) -> HttpResponse:
    """Step 2: save the instrument as reviewed, or show the review again with what is wrong."""
    access.require_import(request.user)
    review = InstrumentReviewForm(request.POST)
    formset = ParagraphReviewFormSet(request.POST, form_kwargs={"theme_choices": theme_choices()})
    if review.is_valid() and formset.is_valid():
        try:
            instrument = save_instrument(
                reviewed_instrument(review, formset),
                source_text=review.cleaned_data["source_text"],
                source_url=review.cleaned_data["source_url"],
                created_by=request.user,
            )
        except ImportRefused as error:
            review.add_error(None, str(error))
        else:
            messages.success(request, f"{instrument.symbol} was imported.")
            return redirect(instrument)
    return _render_review(request, review, formset, warnings=[], status=400)


def _render_review(request, review, formset, *, warnings: list[str], status: int = 200):
    return render(
        request,
        "instruments/import_review.html",
        {
            "review": review,
            "formset": formset,
            "warnings": warnings,
            "summary": _review_summary(formset),
            "footnotes": _footnotes_shown(review),
        },
        status=status,
    )


def _review_summary(formset) -> dict[str, int]:
    """Counts of the paragraphs as the review form stands (parsed, or as edited)."""
    kinds = [(form["kind"].value(), bool(form["checkable"].value())) for form in formset.forms]
    operative = [checkable for kind, checkable in kinds if kind == Paragraph.Kind.OPERATIVE]
    return {
        "preambular": len(kinds) - len(operative),
        "operative": len(operative),
        "checklist_items": sum(operative),
    }


def _footnotes_shown(review: InstrumentReviewForm) -> list[dict]:
    try:
        footnotes = json.loads(review["footnotes"].value() or "[]")
    except ValueError:
        return []
    return footnotes if isinstance(footnotes, list) else []


@require_http_methods(["GET", "POST"])
def paragraph_edit(request: HttpRequest, pk: int, paragraph_pk: int) -> HttpResponse:
    paragraph = access.get_paragraph_for(request.user, pk, paragraph_pk, write=True)
    form = ParagraphEditForm(request.POST if request.method == "POST" else None, instance=paragraph)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{paragraph} was saved.")
        return redirect(f"{paragraph.instrument.get_absolute_url()}#p{paragraph.pk}")
    return render(
        request,
        "instruments/paragraph_edit.html",
        {"paragraph": paragraph, "instrument": paragraph.instrument, "form": form},
        status=400 if form.errors else 200,
    )
