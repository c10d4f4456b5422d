"""Checklist rows as plain values: what a row holds, each field declared once by name with
the column it is read from, and the groupings the checklist and report apply (the filters
are SQL: selectors.filtered_items).

A checklist may hold a thousand items. Building model instances for each item, response,
author, theme and source takes most of a second; reading plain values (selectors.load_rows)
and rendering one compiled Jinja2 template (rendering.py) takes a tenth of that.
"""

from dataclasses import dataclass, field, fields, replace
from datetime import datetime

from django.utils.translation import gettext

from checklist.assessments.models import Finding, ItemReview
from checklist.instruments.models import language_name, text_after_lead
from checklist.instruments.versions import texts_in_language
from checklist.people import name_from

FINDING_LABELS = dict(Finding.choices)
# The position filter's value for items without a recorded position.
NO_POSITION = "none"


@dataclass(slots=True)
class SourceRow:
    pk: int
    title: str
    url: str
    file_name: str


@dataclass(frozen=True, slots=True)
class RowBadge:
    """A link under a row that an app above this one adds (signals.row_badges): its text,
    where it goes, and "warning" when it calls for attention (an overdue action)."""

    text: str
    url: str
    warning: bool = False


@dataclass(slots=True)
class Row:
    """One item and its response, as the checklist shows them. A field with a "column" is
    read from that values_list lookup on Item (selectors.load_rows), matched by name."""

    pk: int = field(metadata={"column": "pk"})
    position: int = field(metadata={"column": "position"})
    number: str = field(metadata={"column": "number"})
    lead: str = field(metadata={"column": "lead"})
    text: str = field(metadata={"column": "text"})
    footnotes: list = field(metadata={"column": "footnotes"})
    instrument_id: int = field(metadata={"column": "instrument_id"})
    finding: str = field(metadata={"column": "response__finding"})
    evidence: str = field(metadata={"column": "response__evidence"})
    notes: str = field(metadata={"column": "response__notes"})
    version: int = field(metadata={"column": "response__version"})
    updated_at: datetime | None = field(metadata={"column": "response__updated_at"})
    updated_by_id: int | None = field(metadata={"column": "response__updated_by_id"})
    updated_by_username: str | None = field(metadata={"column": "response__updated_by__username"})
    updated_by_first_name: str | None = field(
        metadata={"column": "response__updated_by__first_name"}
    )
    updated_by_last_name: str | None = field(metadata={"column": "response__updated_by__last_name"})
    review: str = field(metadata={"column": "response__review"})
    reviewer_username: str | None = field(metadata={"column": "response__reviewed_by__username"})
    reviewer_first_name: str | None = field(
        metadata={"column": "response__reviewed_by__first_name"}
    )
    reviewer_last_name: str | None = field(metadata={"column": "response__reviewed_by__last_name"})
    carried_from_id: int | None = field(metadata={"column": "response__carried_from_id"})
    carried_finding: str | None = field(metadata={"column": "response__carried_from__finding"})
    carried_evidence: str | None = field(metadata={"column": "response__carried_from__evidence"})
    # The item's action label ("label" below is its paragraph number, "§5").
    action: str = field(metadata={"column": "label"})
    # The paragraph it was copied from: its language versions are aligned with it.
    paragraph_id: int | None = field(metadata={"column": "paragraph_id"})
    themes: list[tuple[str, str]] = field(default_factory=list)
    groups: list[tuple[str, str]] = field(default_factory=list)
    sdg_targets: list[tuple[str, str]] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    open_comments: int = 0
    badges: list[RowBadge] = field(default_factory=list)
    # The language its text is shown in when a language version's (show_text_in), or the
    # language asked for that has no version of it (its own text is shown, with a note).
    text_language: str = ""
    text_missing_in: str = ""

    @property
    def rest(self) -> str:
        return text_after_lead(self.text, self.lead)

    @property
    def finding_label(self) -> str:
        return str(FINDING_LABELS.get(self.finding, self.finding))

    @property
    def review_label(self) -> str:
        return str(ItemReview(self.review).label)

    @property
    def updated_by_name(self) -> str:
        """Who saved it last; empty while nobody has."""
        if self.updated_at is None:
            return ""
        return name_from(
            self.updated_by_username, self.updated_by_first_name, self.updated_by_last_name
        )

    @property
    def reviewer_name(self) -> str:
        return name_from(self.reviewer_username, self.reviewer_first_name, self.reviewer_last_name)

    @property
    def changed_since_carried(self) -> bool:
        """Carried from the previous round, and its finding or evidence changed since."""
        return self.carried_from_id is not None and (
            (self.finding, self.evidence) != (self.carried_finding, self.carried_evidence)
        )

    @property
    def carried_finding_label(self) -> str:
        return str(FINDING_LABELS.get(self.carried_finding or "", ""))

    @property
    def label(self) -> str:
        if self.number:
            return f"§{self.number}"
        return gettext("item %(position)s") % {"position": self.position}

    @property
    def text_language_name(self) -> str:
        return language_name(self.text_language or self.text_missing_in)

    def typed(self, data) -> "Row":
        """This row holding what a person typed (shown again after a refused save)."""
        return replace(
            self,
            finding=data.get("finding", ""),
            evidence=data.get("evidence", ""),
            notes=data.get("notes", ""),
        )


def show_text_in(rows: list[Row], language: str) -> None:
    """Show each row's text from its instrument's ``language`` version (aligned by
    paragraph number); a row without one keeps its text and says so."""
    if not language:
        return
    texts = texts_in_language(rows, language)
    for row in rows:
        if row.pk not in texts:
            continue
        version = texts[row.pk]
        if version is None:
            row.text_missing_in = language
            continue
        row.lead, row.text, row.footnotes = version.lead, version.text, version.footnotes
        row.text_language = language


# Row field name → the lookup it is read from, in one place: values are matched by name.
COLUMNS = {each.name: each.metadata["column"] for each in fields(Row) if "column" in each.metadata}


def grouped(rows: list[Row], instruments) -> list[dict]:
    """Rows under their instrument, instruments in the order of their first row."""
    by_pk = {instrument.pk: instrument for instrument in instruments}
    groups: dict[int, dict] = {}
    for row in rows:
        group = groups.setdefault(
            row.instrument_id, {"instrument": by_pk[row.instrument_id], "rows": []}
        )
        group["rows"].append(row)
    return list(groups.values())


# Rows the checklist sends at first, then per later request: a 1,000-item page is megabytes
# of HTML, and a browser takes about 3 ms per row to parse and lay it out; 25 rows fill
# several screens.
FIRST = 25
CHUNK = 100


def chunk_size(offset: int) -> int:
    """How many rows the chunk from ``offset`` holds: FIRST at the top of the page, CHUNK
    further down."""
    return FIRST if offset == 0 else CHUNK


def sections(rows: list[Row], firsts: dict[int, int], instruments) -> list[dict]:
    """A chunk's rows in runs of one instrument's rows; ``starts`` when the run holds the
    instrument's first row shown (``firsts``: instrument pk → that row's position), so its
    heading comes with it."""
    by_pk = {instrument.pk: instrument for instrument in instruments}
    runs: list[dict] = []
    for row in rows:
        if not runs or runs[-1]["instrument"].pk != row.instrument_id:
            starts = firsts[row.instrument_id] == row.position
            runs.append({"instrument": by_pk[row.instrument_id], "rows": [], "starts": starts})
        runs[-1]["rows"].append(row)
    return runs


def entries_of(rows: list[Row], attribute: str) -> list[tuple[str, str]]:
    """The themes, groups or SDG targets (``attribute``) the rows carry, by name."""
    entries = {entry for row in rows for entry in getattr(row, attribute)}
    return sorted(entries, key=lambda entry: entry[1])
