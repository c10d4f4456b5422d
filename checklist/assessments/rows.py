"""Checklist rows: read in a fixed number of flat queries and rendered with Jinja2.

A checklist may hold a thousand items. Building model instances for each item, response,
author, theme and source, then rendering them with the Django template language, takes most
of a second; reading plain values and rendering one compiled Jinja2 template takes a tenth of
that. Every view that shows a row (the page, one row for htmx, the item page) goes through
here, so the markup of a row exists once.
"""

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import CharField, Count, Value
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from checklist.assessments.access import Permissions
from checklist.assessments.models import Assessment, Comment, Finding, Item, ItemReview, Source
from checklist.instruments.models import text_after_lead

FINDING_LABELS = dict(Finding.choices)


@dataclass(slots=True)
class SourceRow:
    pk: int
    title: str
    url: str
    file_name: str


@dataclass(slots=True)
class Row:
    """One item and its response, as the checklist shows them."""

    pk: int
    position: int
    number: str
    lead: str
    text: str
    footnotes: list
    instrument_id: int
    finding: str
    evidence: str
    notes: str
    version: int
    updated_at: datetime | None
    updated_by_id: int | None
    review: str
    reviewer_name: str
    carried_from_id: int | None
    carried_finding: str | None
    carried_evidence: str | None
    updated_by_name: str
    action: str = ""  # the item's action label (``label`` is its paragraph number)
    themes: list[tuple[str, str]] = field(default_factory=list)
    groups: list[tuple[str, str]] = field(default_factory=list)
    sdg_targets: list[tuple[str, str]] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    open_comments: int = 0

    @property
    def rest(self) -> str:
        return text_after_lead(self.text, self.lead)

    @property
    def finding_label(self) -> str:
        return FINDING_LABELS.get(self.finding, self.finding)

    @property
    def review_label(self) -> str:
        return ItemReview(self.review).label

    @property
    def changed_since_carried(self) -> bool:
        """Carried from the previous round, and its finding or evidence changed since."""
        return self.carried_from_id is not None and (
            (self.finding, self.evidence) != (self.carried_finding, self.carried_evidence)
        )

    @property
    def carried_finding_label(self) -> str:
        return FINDING_LABELS.get(self.carried_finding or "", "")

    @property
    def label(self) -> str:
        return f"§{self.number}" if self.number else f"item {self.position}"

    def typed(self, data) -> "Row":
        """This row holding what a person typed (shown again after a refused save)."""
        return replace(
            self,
            finding=data.get("finding", ""),
            evidence=data.get("evidence", ""),
            notes=data.get("notes", ""),
        )


ITEM_FIELDS = [
    "pk",
    "position",
    "number",
    "lead",
    "text",
    "footnotes",
    "instrument_id",
    "response__finding",
    "response__evidence",
    "response__notes",
    "response__version",
    "response__updated_at",
    "response__updated_by_id",
    "response__review",
    "response__reviewed_by__username",
    "response__carried_from_id",
    "response__carried_from__finding",
    "response__carried_from__evidence",
    "response__updated_by__username",
    "response__updated_by__first_name",
    "response__updated_by__last_name",
    "label",
]


# The controlled lists an item is tagged with: (Row attribute, key, name) on the link table.
LISTS = [
    ("themes", "theme__slug", "theme__name"),
    ("groups", "affectedgroup__slug", "affectedgroup__name"),
    ("sdg_targets", "sdgtarget__code", "sdgtarget__name"),
]


def _links(items) -> list[tuple]:
    """(item pk, Row attribute, key, name) of every theme, group and SDG target of the items,
    in one query whatever the number of lists."""
    first, *others = [
        getattr(Item, name)
        .through.objects.filter(item__in=items)
        .values_list("item_id", Value(name, output_field=CharField()), key, order)
        for name, key, order in LISTS
    ]
    return list(first.union(*others, all=True))


def load_rows(assessment_id: int, *, item_id: int | None = None) -> list[Row]:
    """The rows of an assessment (or its one item ``item_id``) in order: four queries."""
    items = Item.objects.filter(assessment_id=assessment_id)
    if item_id is not None:
        items = items.filter(pk=item_id)
    rows = [_row(values) for values in items.order_by("position").values_list(*ITEM_FIELDS)]
    by_pk = {row.pk: row for row in rows}
    for item_pk, name, *entry in sorted(_links(items), key=lambda link: link[3]):
        getattr(by_pk[item_pk], name).append(tuple(entry))
    sources = Source.objects.filter(response__item__in=items).order_by("pk")
    for item_pk, *source in sources.values_list(
        "response__item_id", "pk", "title", "url", "file_name"
    ):
        by_pk[item_pk].sources.append(SourceRow(*source))
    open_comments = Comment.objects.filter(item__in=items, resolved_at=None)
    for item_pk, count in open_comments.values_list("item_id").annotate(count=Count("pk")):
        by_pk[item_pk].open_comments = count
    return rows


def _row(values: tuple) -> Row:
    *values, action = values
    *fields, reviewer, carried_id, carried_finding, carried_evidence = values[:-3]
    username, first_name, last_name = values[-3:]
    full_name = f"{first_name} {last_name}".strip()
    return Row(
        *fields,
        reviewer_name=reviewer or "",
        carried_from_id=carried_id,
        carried_finding=carried_finding,
        carried_evidence=carried_evidence,
        updated_by_name=full_name or username or "",
        action=action,
    )


def progress(*, done: int, total: int) -> dict:
    """How many items have a finding, for the progress bar."""
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 0}


def progress_of(rows: list[Row]) -> dict:
    return progress(done=sum(row.finding != Finding.NOT_ASSESSED for row in rows), total=len(rows))


def _finding_options() -> dict[str, SafeString]:
    """The finding's <option> list with each finding selected (and with none, under ""),
    built once per request instead of once per row."""
    return {
        chosen: format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (value, " selected" if value == chosen else "", label)
                for value, label in Finding.choices
            ),
        )
        for chosen in ["", *Finding.values]
    }


def _context(request: HttpRequest, assessment: Assessment, permissions: Permissions) -> dict:
    return {
        # Row URLs are built on the checklist's own reversed URL: reversing six URLs per row
        # would cost more than rendering the rest of it.
        "base": reverse("assessments:checklist", args=[assessment.pk]),
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        "finding_options": _finding_options(),
        "can_write": permissions.write and not assessment.is_approved,
        "can_review": permissions.review and assessment.review_state == "in_review",
        "can_comment": permissions.comment and not assessment.is_approved,
        "user_pk": request.user.pk,
        # Why a reviewer's verdict was refused, and their comment (views._refused_review).
        "review_notice": None,
        "symbols": {
            instrument.pk: instrument.symbol for instrument in assessment.instruments.all()
        },
    }


def render(
    template: str,
    request: HttpRequest,
    *,
    assessment: Assessment,
    permissions: Permissions,
    **context,
) -> SafeString:
    """Render one of the templates in templates/jinja2/assessments/ with the row context."""
    engine = engines["jinja2"]
    html = engine.get_template(f"assessments/{template}").render(
        {**_context(request, assessment, permissions), **context}
    )
    return mark_safe(html)


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


def filtered(rows: list[Row], chosen: dict) -> list[Row]:
    # In Python, on the rows already read: the page's queries stay the same whatever the
    # filter, and the progress bar still counts every item.
    if "finding" in chosen:
        rows = [row for row in rows if row.finding == chosen["finding"]]
    if "instrument" in chosen:
        rows = [row for row in rows if row.instrument_id == chosen["instrument"]]
    if chosen.get("open_comments"):
        rows = [row for row in rows if row.open_comments]
    if chosen.get("returned"):
        rows = [row for row in rows if row.review == ItemReview.RETURNED]
    for name, attribute in (("theme", "themes"), ("group", "groups"), ("sdg", "sdg_targets")):
        if name in chosen:
            rows = [row for row in rows if _tagged(getattr(row, attribute), chosen[name])]
    return rows


def _tagged(entries: list[tuple[str, str]], key: str) -> bool:
    return any(entry_key == key for entry_key, _ in entries)


def themes_of(rows: list[Row]) -> list[tuple[str, str]]:
    return entries_of(rows, "themes")


def entries_of(rows: list[Row], attribute: str) -> list[tuple[str, str]]:
    """The themes, groups or SDG targets (``attribute``) the rows carry, by name."""
    entries = {entry for row in rows for entry in getattr(row, attribute)}
    return sorted(entries, key=lambda entry: entry[1])
