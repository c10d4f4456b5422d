"""Imports waiting for review: the parse kept in the database, reviewed a page at a time.

A review form that held the whole document posted one field per paragraph part: past a
couple of thousand paragraphs Django refused it with a bare 400, and the page weighed tens
of megabytes. Here the parse is stored once (ImportDraft); each review page shows and posts
PAGE_SIZE paragraphs; saving the instrument reads the draft.
"""

import types
import typing
from dataclasses import asdict, dataclass, fields, is_dataclass
from datetime import date

from django.db import transaction

from checklist.instruments.importing import save_instrument
from checklist.instruments.models import ImportDraft, Instrument, Paragraph
from checklist.instruments.parser import ParsedInstrument

PAGE_SIZE = 50
# What the review page edits of each paragraph; anything else the parser gives is kept as is.
EDITABLE = (
    "kind",
    "number",
    "lead",
    "text",
    "label",
    "addressee",
    "checkable",
    "themes",
    "groups",
    "sdg_targets",
    "deleted",
)


@dataclass(frozen=True)
class Page:
    number: int
    count: int
    start: int  # index in the draft of the page's first paragraph
    paragraphs: list[dict]

    @property
    def first(self) -> int:
        return self.start + 1

    @property
    def last(self) -> int:
        return self.start + len(self.paragraphs)


def create_draft(
    *, owner, parsed: ParsedInstrument, source_text: str, source_url: str, warnings: list[str]
) -> ImportDraft:
    """Store a parse for review, and discard the drafts nobody came back to."""
    ImportDraft.objects.stale().delete()
    particulars = asdict(parsed)
    preambular, operative = particulars.pop("preambular"), particulars.pop("operative")
    particulars.pop("warnings")
    paragraphs = [
        {**p, "kind": kind, "deleted": False}
        for kind, group in [
            (Paragraph.Kind.PREAMBULAR, preambular),
            (Paragraph.Kind.OPERATIVE, operative),
        ]
        for p in group
    ]
    return ImportDraft.objects.create(
        owner=owner,
        source_text=source_text,
        source_url=source_url,
        particulars=particulars,
        paragraphs=paragraphs,
        warnings=warnings,
    )


def page_of(draft: ImportDraft, number: int) -> Page:
    """Page ``number`` (from 1) of the draft's paragraphs, the nearest one if out of range."""
    count = max(1, -(-len(draft.paragraphs) // PAGE_SIZE))
    number = min(max(number, 1), count)
    start = (number - 1) * PAGE_SIZE
    return Page(number, count, start, draft.paragraphs[start : start + PAGE_SIZE])


def summary(draft: ImportDraft) -> dict[str, int]:
    """Counts of the paragraphs as the draft stands, leaving out those marked deleted."""
    kept = [p for p in draft.paragraphs if not p["deleted"]]
    operative = [p for p in kept if p["kind"] == Paragraph.Kind.OPERATIVE]
    return {
        "preambular": len(kept) - len(operative),
        "operative": len(operative),
        "checklist_items": sum(bool(p["checkable"]) for p in operative),
        "footnotes": len(draft.particulars.get("footnotes", [])),
    }


@transaction.atomic
def save_page(
    *, draft_pk: int, start: int, particulars: dict, edits: list[dict]
) -> ImportDraft | None:
    """Write one review page's edits into the draft (None if the draft is gone, saved as an
    instrument a moment ago).

    The row is locked while it is read and written back, so that two tabs saving two pages
    of one draft at once both keep their edits.
    """
    draft = ImportDraft.objects.select_for_update().filter(pk=draft_pk).first()
    if draft is None:
        return None
    draft.source_url = particulars.pop("source_url")
    draft.particulars.update(particulars)
    for index, edit in enumerate(edits, start=start):
        draft.paragraphs[index].update({name: edit[name] for name in EDITABLE})
    draft.save(update_fields=["source_url", "particulars", "paragraphs"])
    return draft


@transaction.atomic
def confirm(*, draft_pk: int, user) -> Instrument | None:
    """Save the draft as an instrument (ImportRefused if it cannot be) and drop the draft.

    None if the draft is gone: a second click on Save waits here for the first, then finds
    the instrument saved rather than reporting its symbol as taken.
    """
    draft = ImportDraft.objects.select_for_update().filter(pk=draft_pk).first()
    if draft is None:
        return None
    instrument = save_instrument(
        parsed_instrument(draft),
        source_text=draft.source_text,
        source_url=draft.source_url,
        created_by=user,
    )
    draft.delete()
    return instrument


def parsed_instrument(draft: ImportDraft) -> ParsedInstrument:
    """The draft as the parser's ParsedInstrument, deleted paragraphs left out."""
    kept = [p for p in draft.paragraphs if not p["deleted"]]
    data = {
        **draft.particulars,
        "preambular": [p for p in kept if p["kind"] == Paragraph.Kind.PREAMBULAR],
        "operative": [_operative(p) for p in kept if p["kind"] == Paragraph.Kind.OPERATIVE],
        "warnings": [],
    }
    instrument = _rebuild(ParsedInstrument, data)
    if instrument.year is None and instrument.adopted_on:
        instrument.year = instrument.adopted_on.year
    return instrument


def _operative(paragraph: dict) -> dict:
    return {**paragraph, "addressee": paragraph["addressee"] or Paragraph.Addressee.OTHER}


def _rebuild(hint, value):
    """The JSON ``value`` as an instance of the type ``hint`` (a parser dataclass, a list of
    them, a date...): whatever fields the parser's dataclasses carry come back."""
    if value is None:
        return None
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _rebuild(next(a for a in args if a is not type(None)), value)
    if origin is list:
        return [_rebuild(args[0], item) for item in value]
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return hint(
            **{
                f.name: _rebuild(hints[f.name], value[f.name])
                for f in fields(hint)
                if f.name in value
            }
        )
    if hint is date and isinstance(value, str):  # a page just saved still holds the date
        return date.fromisoformat(value)
    return value
