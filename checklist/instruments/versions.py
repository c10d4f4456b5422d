"""Language versions: the same instrument (the same symbol, in any case) imported in another
of the UN's languages. Their operative paragraphs are aligned by number: operative paragraph
3 of the French text is operative paragraph 3 of the English one (where numbering starts
again in each section, the second paragraph 1 is the other's second paragraph 1).

The checklist and the report show an item's text in another language through
``texts_in_language``, in a fixed number of queries whatever the number of items.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from django.db.models.functions import Lower

from checklist.instruments.languages import LANGUAGES
from checklist.instruments.models import FOOTNOTE_MARK, Instrument, Paragraph

# A paragraph's place for alignment: its number as printed, and which paragraph of that
# number it is (1 for the first "1", 2 for the "1" that opens a second section).
Key = tuple[str, int]


class AnItem(Protocol):
    """What an item needs for its text to be found in another language: an assessment's
    Item, or a checklist row (checklist.assessments.rows.Row)."""

    pk: int
    instrument_id: int
    number: str
    paragraph_id: int | None


class VersionText(NamedTuple):
    """An item's paragraph as a language version prints it."""

    lead: str
    text: str
    subparagraphs: list[dict]
    # The version's footnotes that the text cites: [{"number": 1, "text": "..."}].
    footnotes: list[dict]


def texts_in_language(items: Iterable[AnItem], language: str) -> dict[int, VersionText | None]:
    """Item pk → its operative paragraph in the ``language`` version of its instrument.

    None for an item whose instrument has no ``language`` version, or whose version has no
    paragraph of that number (show the item's own text, and say so); items whose
    instrument is itself in ``language`` are left out (their own text is the one). An
    unknown ``language`` gives {}. Four queries, whatever the number of items.
    """
    items = list(items)
    if language not in LANGUAGES or not items:
        return {}
    originals = {
        pk: (symbol, own)
        for pk, symbol, own in Instrument.objects.filter(
            pk__in={item.instrument_id for item in items}
        ).values_list("pk", Lower("symbol"), "language")
    }
    wanted = {symbol for symbol, own in originals.values() if own != language}
    versions = {
        symbol: (pk, footnotes)
        for pk, symbol, footnotes in Instrument.objects.annotate(key=Lower("symbol"))
        .filter(key__in=wanted, language=language)
        .values_list("pk", "key", "footnotes")
    }
    own_keys = _keys_of(originals.keys())
    paragraphs = _paragraphs_of([pk for pk, _ in versions.values()])
    found: dict[int, VersionText | None] = {}
    for item in items:
        symbol, own = originals[item.instrument_id]
        if own == language:
            continue
        version, footnotes = versions.get(symbol, (None, []))
        key = own_keys.get(item.paragraph_id, (item.number, 1))
        found[item.pk] = _version_text(paragraphs.get((version, *key)), footnotes)
    return found


def _keys_of(instrument_ids: Iterable[int]) -> dict[int, Key]:
    """Paragraph pk → its key, for the operative paragraphs of these instruments."""
    rows = (
        Paragraph.objects.filter(instrument_id__in=instrument_ids, kind=Paragraph.Kind.OPERATIVE)
        .order_by("instrument_id", "position")
        .values_list("pk", "instrument_id", "number")
    )
    return {pk: key for (_, key), pk in _keyed(rows).items()}


def _paragraphs_of(instrument_ids: list[int]) -> dict[tuple[int, str, int], tuple]:
    """(instrument pk, number, occurrence) → (lead, text, subparagraphs) of their operative
    paragraphs."""
    rows = (
        Paragraph.objects.filter(instrument_id__in=instrument_ids, kind=Paragraph.Kind.OPERATIVE)
        .order_by("instrument_id", "position")
        .values_list("instrument_id", "number", "lead", "text", "subparagraphs")
    )
    seen: Counter = Counter()
    paragraphs = {}
    for instrument_id, number, lead, text, subparagraphs in rows:
        seen[instrument_id, number] += 1
        paragraphs[instrument_id, number, seen[instrument_id, number]] = (
            lead,
            text,
            subparagraphs,
        )
    return paragraphs


def _version_text(paragraph: tuple | None, footnotes: list[dict]) -> VersionText | None:
    if paragraph is None:
        return None
    lead, text, subparagraphs = paragraph
    cited = set(FOOTNOTE_MARK.findall(text))
    return VersionText(
        lead, text, subparagraphs, [note for note in footnotes if str(note["number"]) in cited]
    )


def languages_available(instruments: Iterable[Instrument]) -> list[str]:
    """The languages in which any of ``instruments`` exists (its own or a version's), in the
    UN's order: one query, none when they were read with_version_flag and have no versions."""
    instruments = list(instruments)
    if not any(getattr(instrument, "has_versions", True) for instrument in instruments):
        return sorted({i.language for i in instruments}, key=LANGUAGES.index)
    symbols = {instrument.symbol.lower() for instrument in instruments}
    found = set(
        Instrument.objects.annotate(key=Lower("symbol"))
        .filter(key__in=symbols)
        .values_list("language", flat=True)
    )
    return [language for language in LANGUAGES if language in found]


def aligned_paragraphs(
    paragraphs: list[Paragraph], versions: list[Instrument]
) -> dict[int, list[tuple[Instrument, int]]]:
    """Operative paragraph pk → (version, the pk of its paragraph of the same number) for
    each version that has one: one query, none without versions."""
    if not versions:
        return {}
    by_pk = {version.pk: version for version in versions}
    theirs = _keyed(
        Paragraph.objects.filter(instrument__in=versions, kind=Paragraph.Kind.OPERATIVE)
        .order_by("instrument_id", "position")
        .values_list("pk", "instrument_id", "number")
    )
    own = _keyed((p.pk, p.instrument_id, p.number) for p in paragraphs)
    aligned: dict[int, list[tuple[Instrument, int]]] = {}
    for (_, key), pk in own.items():
        for version_pk, version in by_pk.items():
            if (other := theirs.get((version_pk, key))) is not None:
                aligned.setdefault(pk, []).append((version, other))
    return aligned


def _keyed(rows: Iterable[tuple[int, int, str]]) -> dict[tuple[int, Key], int]:
    """(instrument pk, key) → paragraph pk, for (pk, instrument pk, number) rows in order."""
    seen: Counter = Counter()
    keyed = {}
    for pk, instrument_id, number in rows:
        seen[instrument_id, number] += 1
        keyed[instrument_id, (number, seen[instrument_id, number])] = pk
    return keyed


@dataclass(frozen=True)
class Mismatch:
    """A language version whose operative paragraphs are not numbered as this text's."""

    version: Instrument
    count: int  # its operative paragraphs
    own_count: int
    missing: list[str]  # numbers this text has and the version lacks
    extra: list[str]  # numbers the version has and this text lacks


def numbering_mismatches(instrument: Instrument, versions: list[Instrument]) -> list[Mismatch]:
    """The versions whose operative numbering differs from ``instrument``'s (paragraphs are
    aligned by number, so a paragraph missing in one shifts nothing but is not shown)."""
    if not versions:
        return []
    numbering: dict[int, list[str]] = defaultdict(list)
    rows = (
        Paragraph.objects.filter(
            instrument__in=[instrument, *versions], kind=Paragraph.Kind.OPERATIVE
        )
        .order_by("instrument_id", "position")
        .values_list("instrument_id", "number")
    )
    for instrument_id, number in rows:
        numbering[instrument_id].append(number)
    own = numbering[instrument.pk]
    mismatches = []
    for version in versions:
        theirs = numbering[version.pk]
        if Counter(theirs) != Counter(own):
            mismatches.append(
                Mismatch(
                    version=version,
                    count=len(theirs),
                    own_count=len(own),
                    missing=list((Counter(own) - Counter(theirs)).elements()),
                    extra=list((Counter(theirs) - Counter(own)).elements()),
                )
            )
    return mismatches
