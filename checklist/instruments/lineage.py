"""Lineage across years: the same series (last year's resolution of the same title) aligned
paragraph by paragraph, so that a newer text shows what is unchanged, changed, new or dropped,
and an assessment's next round can carry its findings to the newer text.

The alignment is pure Python (``align``); ``link_to_previous`` stores it.
"""

import difflib
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from rapidfuzz import fuzz

from checklist.instruments.models import Instrument, Paragraph, ParagraphLineage

# Below this similarity (0-100) two paragraphs are not the same paragraph reworded. Measured
# on A/RES/78/184 → 79/156 and 78/185 → 80/188: reworded paragraphs score 70 and more, and
# different paragraphs that share a lead phrase and the usual vocabulary stay under 60.
MATCH_THRESHOLD = 62
# Comparing every paragraph with every other is quadratic: real texts have at most a couple
# of hundred paragraphs; past this, only the paragraphs left identical are paired (10,000
# against 10,000 in 1.8 s), so that a huge import cannot hold the server.
MAX_COMPARED_PAIRS = 40_000

FOOTNOTE_REF = re.compile(r"\[\^\d+\]")
YEAR_OR_NUMBER = re.compile(r"\d+")
NOT_A_WORD = re.compile(r"[^\w]+")
# Non-breaking and other Unicode hyphens, printed in one year's PDF and not the next's.
HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u00ad": ""})

Status = ParagraphLineage.Status


def normalise_title(title: str) -> str:
    """The series a title names: case, punctuation and years ("budget for 2024") ignored."""
    without_numbers = YEAR_OR_NUMBER.sub(" ", title.casefold())
    return " ".join(NOT_A_WORD.sub(" ", without_numbers).split())


def comparable(text: str) -> str:
    """The text as compared: footnote marks (renumbered every year), hyphen variants and
    spacing ignored."""
    return " ".join(FOOTNOTE_REF.sub(" ", text).translate(HYPHENS).split())


def letters(text: str) -> str:
    """The comparable text without any space: a word that PDF extraction split in two
    ("gen der", "asylum - seekers") is the same word."""
    return "".join(comparable(text).split())


def similarity(old: str, new: str) -> float:
    """0-100: token_set_ratio forgives added words, token_sort_ratio punishes a short
    paragraph whose words merely occur in a long one; their mean weighs both."""
    return (fuzz.token_set_ratio(old, new) + fuzz.token_sort_ratio(old, new)) / 2


@dataclass(frozen=True)
class Pair:
    """One row of the comparison: ``old`` index, ``new`` index (None when absent)."""

    old: int | None
    new: int | None
    status: str
    score: int


def align(old: list[str], new: list[str], *, threshold: float = MATCH_THRESHOLD) -> list[Pair]:
    """Match the paragraphs of two versions in order (no crossing pairs), keeping the pairs
    whose similarity reaches ``threshold`` and maximising the sum of their similarities.

    Every paragraph of both lists appears once, in reading order: matched pairs as unchanged
    or changed, the rest of ``new`` as new and the rest of ``old`` as dropped ("dropped" is
    not a stored status: no newer paragraph points at it)."""
    old_c = [comparable(text) for text in old]
    new_c = [comparable(text) for text in new]
    if len(old_c) * len(new_c) > MAX_COMPARED_PAIRS:
        best = _identical_pairs(old_c, new_c)
        scores = dict.fromkeys(best, 100)
    else:
        matrix = [[similarity(a, b) for b in new_c] for a in old_c]
        best = _best_alignment(matrix, len(old_c), len(new_c), threshold)
        scores = {(a, b): matrix[a][b] for a, b in best}
    pairs, i, j = [], 0, 0
    for a, b in [*best, (len(old_c), len(new_c))]:
        pairs += [Pair(old=k, new=None, status="dropped", score=0) for k in range(i, a)]
        pairs += [Pair(old=None, new=k, status=Status.NEW, score=0) for k in range(j, b)]
        if a < len(old_c) and b < len(new_c):
            same = old_c[a] == new_c[b] or letters(old_c[a]) == letters(new_c[b])
            status = Status.UNCHANGED if same else Status.CHANGED
            pairs.append(Pair(old=a, new=b, status=status, score=round(scores[a, b])))
        i, j = a + 1, b + 1
    return pairs


def _identical_pairs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """For texts too long to compare every pair: only the paragraphs left identical, in
    order (difflib on the paragraphs' letters)."""
    matcher = difflib.SequenceMatcher(
        a=[letters(t) for t in old], b=[letters(t) for t in new], autojunk=False
    )
    return [
        (block.a + k, block.b + k)
        for block in matcher.get_matching_blocks()
        for k in range(block.size)
    ]


def _best_alignment(scores, rows: int, cols: int, threshold: float) -> list[tuple[int, int]]:
    """The order-preserving set of pairs of greatest total similarity (dynamic programming,
    as in a longest common subsequence weighted by similarity)."""
    total = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for a in range(rows - 1, -1, -1):
        for b in range(cols - 1, -1, -1):
            skip = max(total[a + 1][b], total[a][b + 1])
            score = scores[a][b]
            take = score + total[a + 1][b + 1] if score >= threshold else -1.0
            total[a][b] = max(skip, take)
    pairs, a, b = [], 0, 0
    while a < rows and b < cols:
        score = scores[a][b]
        if score >= threshold and total[a][b] == score + total[a + 1][b + 1]:
            pairs.append((a, b))
            a, b = a + 1, b + 1
        elif total[a][b] == total[a + 1][b]:
            a += 1
        else:
            b += 1
    return pairs


def word_diff(old: str, new: str) -> SafeString:
    """The newer text with the words taken out in <del> and the words put in as <ins>."""
    old_words, new_words = comparable(old).split(), comparable(new).split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(new_words[b1:b2])))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(' '.join(old_words[a1:a2]))}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(' '.join(new_words[b1:b2]))}</ins>")
    return mark_safe(" ".join(parts))


def find_previous_version(instrument: Instrument) -> Instrument | None:
    """The newest earlier instrument of the same series: same title once normalised, the
    same body, an earlier year; annexes belong to their resolution and have no series."""
    if instrument.part_of_id:
        return None
    return series_before(instrument.title, instrument.year, instrument.body, instrument.language)


def series_before(
    title: str, year: int | None, body: str, language: str = Instrument.Language.ENGLISH
) -> Instrument | None:
    """The newest instrument of the series ``title`` names adopted before ``year``, in the
    same language (last year's French text is the previous version of this year's)."""
    if not year:
        return None
    series = normalise_title(title)
    earlier = (
        Instrument.objects.filter(part_of=None, year__lt=year, body=body, language=language)
        .order_by("-year", "-pk")
        .only("pk", "symbol", "title", "year")
    )
    return next((i for i in earlier if normalise_title(i.title) == series), None)


@transaction.atomic
def link_to_previous(instrument: Instrument, previous: Instrument | None = None) -> dict:
    """Store the lineage of ``instrument`` from ``previous`` (found when not given): its
    previous_version and one ParagraphLineage per paragraph. Returns the counts by status."""
    previous = previous or find_previous_version(instrument)
    if previous is None:
        return {}
    Instrument.objects.filter(pk=instrument.pk).update(previous_version=previous)
    instrument.previous_version = previous
    ParagraphLineage.objects.filter(paragraph__instrument=instrument).delete()
    counts = {Status.UNCHANGED: 0, Status.CHANGED: 0, Status.NEW: 0, "dropped": 0}
    rows = []
    for kind in Paragraph.Kind.values:
        old = list(previous.paragraphs.filter(kind=kind).order_by("position"))
        new = list(instrument.paragraphs.filter(kind=kind).order_by("position"))
        for pair in align([p.text for p in old], [p.text for p in new]):
            counts[pair.status] += 1
            if pair.new is not None:
                rows.append(
                    ParagraphLineage(
                        paragraph=new[pair.new],
                        previous=old[pair.old] if pair.old is not None else None,
                        status=pair.status,
                        similarity=pair.score,
                    )
                )
    ParagraphLineage.objects.bulk_create(rows)
    return counts


@dataclass(frozen=True)
class Row:
    """A row of the comparison page."""

    status: str
    old: Paragraph | None
    new: Paragraph | None
    diff: SafeString | None


def comparison(instrument: Instrument, kind: str = Paragraph.Kind.OPERATIVE) -> list[Row]:
    """The paragraphs of ``kind`` of the instrument beside its previous version's, in
    reading order, the dropped ones where they stood."""
    previous = instrument.previous_version
    old = list(previous.paragraphs.filter(kind=kind).order_by("position"))
    new = list(
        instrument.paragraphs.filter(kind=kind)
        .select_related("lineage__previous")
        .order_by("position")
    )
    matched = {}
    for paragraph in new:
        lineage = getattr(paragraph, "lineage", None)
        if lineage is not None and lineage.previous_id:
            matched[lineage.previous_id] = paragraph
    rows, old_index = [], 0
    for paragraph in new:
        lineage = getattr(paragraph, "lineage", None)
        if lineage is None or lineage.previous_id is None:
            rows.append(Row(status=Status.NEW, old=None, new=paragraph, diff=None))
            continue
        while old_index < len(old) and old[old_index].pk != lineage.previous_id:
            if old[old_index].pk not in matched:
                rows.append(Row(status="dropped", old=old[old_index], new=None, diff=None))
            old_index += 1
        old_index += 1
        changed = lineage.status == Status.CHANGED
        diff = word_diff(lineage.previous.text, paragraph.text) if changed else None
        rows.append(Row(status=lineage.status, old=lineage.previous, new=paragraph, diff=diff))
    rows += [
        Row(status="dropped", old=p, new=None, diff=None)
        for p in old[old_index:]
        if p.pk not in matched
    ]
    return rows


def ancestors(paragraph_id: int):
    """The paragraphs ``paragraph_id`` descends from, newest first, each with "changed"
    when a step on the way changed the text and "unchanged" when none did."""
    status, current = Status.UNCHANGED, paragraph_id
    seen = {current}
    while True:
        lineage = ParagraphLineage.objects.filter(paragraph_id=current).first()
        if lineage is None or lineage.previous_id is None or lineage.previous_id in seen:
            return
        if lineage.status == Status.CHANGED:
            status = Status.CHANGED
        current = lineage.previous_id
        seen.add(current)
        yield current, status


def newest_version(instrument: Instrument) -> Instrument:
    """The newest text of the instrument's series (the instrument itself when none is newer)."""
    seen = {instrument.pk}
    while True:
        newer = instrument.newer_versions.order_by("-year", "-pk").first()
        if newer is None or newer.pk in seen:
            return instrument
        instrument = newer
        seen.add(newer.pk)
