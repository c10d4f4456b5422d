"""Save a parsed instrument: the one write path for the web import, the command and fixtures."""

from dataclasses import asdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from checklist.instruments.classify import THEME_NAMES
from checklist.instruments.lineage import link_to_previous
from checklist.instruments.models import (
    AffectedGroup,
    Instrument,
    Paragraph,
    SdgTarget,
    Theme,
    language_name,
)
from checklist.instruments.parser import ParsedInstrument
from checklist.instruments.sources import SourceLimits


class ImportRefused(ValueError):
    """The parsed instrument cannot be saved as it is; the message says why."""


def check_savable(parsed: ParsedInstrument) -> list[str]:
    """What must be fixed before ``parsed`` can be saved (empty when nothing)."""
    problems = []
    if not parsed.symbol.strip():
        problems.append(gettext("The instrument has no symbol (such as A/RES/52/132)."))
    elif Instrument.objects.with_symbol(parsed.symbol).filter(language=parsed.language).exists():
        problems.append(_taken(parsed.symbol, parsed.language))
    if not parsed.title.strip():
        problems.append(gettext("The instrument has no title."))
    if not parsed.operative:
        problems.append(gettext("The instrument has no operative paragraphs."))
    return problems


def _taken(symbol: str, language: str) -> str:
    """The refusal of a text whose symbol is taken in its language (another language's
    text of the same symbol is a language version, and welcome)."""
    return gettext("An instrument with the symbol %(symbol)s already exists in %(language)s.") % {
        "symbol": symbol.strip(),
        "language": language_name(language),
    }


def source_limits() -> SourceLimits:
    """How much an imported file may hold, as configured."""
    return SourceLimits(
        max_chars=settings.INSTRUMENT_TEXT_MAX_CHARS,
        max_pages=settings.INSTRUMENT_PDF_MAX_PAGES,
        max_inflated_bytes=settings.INSTRUMENT_PDF_MAX_INFLATED_BYTES,
    )


def themes_by_slug(slugs: set[str]) -> dict[str, Theme]:
    """The Theme rows for these slugs, creating the standard ones that do not exist yet."""
    existing = {theme.slug: theme for theme in Theme.objects.filter(slug__in=slugs)}
    for slug in sorted(slugs - existing.keys()):
        existing[slug] = Theme.objects.create(slug=slug, name=THEME_NAMES.get(slug, slug))
    return existing


@transaction.atomic
def save_instrument(
    parsed: ParsedInstrument,
    *,
    source_text: str,
    created_by=None,
    source_url: str = "",
    part_of: Instrument | None = None,
) -> Instrument:
    """Save an instrument and its paragraphs, and each annex as an instrument of its own.

    1. Refuse it (ImportRefused) if it lacks a symbol, a title or operative paragraphs, or
       if its symbol is taken in its language (the same symbol in another language is a
       language version of the text: Instrument.language_versions).
    2. Create the Instrument, then its paragraphs in reading order: preambular first, then
       operative, numbered by position.
    3. Link the operative paragraphs to their themes, affected groups and SDG targets
       (those of the controlled lists; a key not in them is dropped).
    4. Save each annex that has operative paragraphs (a convention annexed to its
       resolution) the same way, as part of this instrument.
    5. Align its paragraphs with the earlier text of the same series, if there is one
       (checklist.instruments.lineage).
    """
    problems = check_savable(parsed)
    if problems:
        raise ImportRefused(" ".join(problems))
    try:
        instrument = _create_instrument(parsed, source_text, created_by, source_url, part_of)
    except IntegrityError:
        # Another import of the same symbol was saved between the check and this insert.
        raise ImportRefused(_taken(parsed.symbol, parsed.language)) from None
    ordered = list(_in_reading_order(parsed))
    rows = [
        Paragraph(
            instrument=instrument,
            kind=kind,
            position=position,
            number=paragraph.number,
            section=paragraph.section,
            lead=paragraph.lead,
            text=paragraph.text,
            subparagraphs=[asdict(sub) for sub in paragraph.subparagraphs],
            addressee=paragraph.addressee if kind == Paragraph.Kind.OPERATIVE else "",
            checkable=paragraph.checkable and kind == Paragraph.Kind.OPERATIVE,
            label=paragraph.label if kind == Paragraph.Kind.OPERATIVE else "",
        )
        for position, (kind, paragraph) in enumerate(ordered, start=1)
    ]
    # bulk_create sets primary keys on PostgreSQL and SQLite 3.35+, both of which we require.
    Paragraph.objects.bulk_create(rows)
    parsed_paragraphs = [paragraph for _, paragraph in ordered]
    _link_themes(rows, parsed_paragraphs)
    _link_listed(rows, parsed_paragraphs, "groups", AffectedGroup, "slug")
    _link_listed(rows, parsed_paragraphs, "sdg_targets", SdgTarget, "code")
    for annex in parsed.annexes:
        if annex.operative:
            save_instrument(
                annex,
                source_text=source_text,
                created_by=created_by,
                source_url=source_url,
                part_of=instrument,
            )
    if part_of is None:
        link_to_previous(instrument)
    return instrument


def _create_instrument(
    parsed: ParsedInstrument, source_text, created_by, source_url, part_of
) -> Instrument:
    return Instrument.objects.create(
        symbol=parsed.symbol.strip(),
        language=parsed.language
        if parsed.language in Instrument.Language.values
        else Instrument.Language.ENGLISH,
        title=parsed.title.strip(),
        body=parsed.body if parsed.body in Instrument.Body.values else Instrument.Body.OTHER,
        adopted_on=parsed.adopted_on,
        year=parsed.year,
        session=parsed.session,
        meeting=parsed.meeting,
        note=parsed.note,
        sponsors=parsed.sponsors,
        part_of=part_of,
        footnotes=[asdict(footnote) for footnote in parsed.footnotes],
        source_text=source_text,
        source_url=source_url,
        created_by=created_by,
    )


def _in_reading_order(parsed: ParsedInstrument):
    for paragraph in parsed.preambular:
        yield Paragraph.Kind.PREAMBULAR, paragraph
    for paragraph in parsed.operative:
        yield Paragraph.Kind.OPERATIVE, paragraph


def _link_themes(rows: list[Paragraph], parsed_paragraphs: list) -> None:
    themes = themes_by_slug({slug for p in parsed_paragraphs for slug in p.themes})
    Link = Paragraph.themes.through
    Link.objects.bulk_create(
        Link(paragraph_id=row.pk, theme_id=themes[slug].pk)
        for row, parsed in zip(rows, parsed_paragraphs, strict=True)
        for slug in dict.fromkeys(parsed.themes)
    )


def _link_listed(rows: list[Paragraph], parsed_paragraphs: list, name: str, model, key: str):
    """Link each row to the entries of a controlled list (``model`` by ``key``) that its
    parsed paragraph names in its attribute ``name``."""
    wanted = {value for p in parsed_paragraphs for value in getattr(p, name)}
    known = {
        getattr(entry, key): entry.pk for entry in model.objects.filter(**{f"{key}__in": wanted})
    }
    Link = getattr(Paragraph, name).through
    target = f"{model._meta.model_name}_id"
    Link.objects.bulk_create(
        Link(paragraph_id=row.pk, **{target: known[value]})
        for row, parsed in zip(rows, parsed_paragraphs, strict=True)
        for value in dict.fromkeys(getattr(parsed, name))
        if value in known
    )
