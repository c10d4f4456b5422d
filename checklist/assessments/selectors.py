"""Reads of an assessment's checklist as plain values, in a fixed number of flat queries:
the checklist page, one row for htmx, the report and the exports all read through here.
The checklist's filters, counts and chunks are worked out by the database, so its first
rows are read without reading the thousand others."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, Count, Exists, Min, OuterRef, Q, QuerySet, Value

from checklist.assessments.models import (
    Assessment,
    Comment,
    Item,
    ItemReview,
    Response,
    Source,
)
from checklist.assessments.rows import COLUMNS, NO_POSITION, Row, SourceRow
from checklist.assessments.signals import row_badges
from checklist.people import name_from

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
    return rows_of(items.order_by("position"))


def rows_of(items: QuerySet) -> list[Row]:
    """The rows of ``items`` in their order, which may be a slice: four queries."""
    names = list(COLUMNS)
    rows = [
        Row(**dict(zip(names, values, strict=True)))
        for values in items.values_list(*COLUMNS.values())
    ]
    by_pk = {row.pk: row for row in rows}
    items = items.values("pk")
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
    # The pks themselves, not the (sliced, filtered) query: PostgreSQL planned the badges'
    # grouped join over that subquery in seconds per chunk.
    for _receiver, badges in row_badges.send(sender=Item, items=list(by_pk)):
        for item_pk, more in badges.items():
            by_pk[item_pk].badges.extend(more)
    return rows


def entries(assessment_id: int) -> dict[str, list[tuple[str, str]]]:
    """The themes, groups and SDG targets the assessment's items carry, as (key, name) by
    Row attribute, sorted by name: the filters' choices, in one query."""
    items = Item.objects.filter(assessment_id=assessment_id).values("pk")
    first, *others = [
        getattr(Item, name)
        .through.objects.filter(item__in=items)
        .values_list(Value(name, output_field=CharField()), key, order)
        for name, key, order in LISTS
    ]
    found: dict[str, list[tuple[str, str]]] = {name: [] for name, _, _ in LISTS}
    for name, *entry in sorted(first.union(*others), key=lambda entry: (entry[2], entry[1])):
        found[name].append(tuple(entry))
    return found


# Filter name → the Item lookup it matches on; a filter left out is not applied.
FILTERS = {
    "finding": "response__finding",
    "instrument": "instrument_id",
    "theme": "themes__slug",
    "group": "groups__slug",
    "sdg": "sdg_targets__code",
}


def filtered_items(assessment_id: int, chosen: dict) -> QuerySet:
    """The items the checklist's filters (``chosen``, ChecklistFilterForm.chosen) let
    through, in order. Each item carries a theme, group or SDG target once, so the joins
    never repeat an item."""
    items = Item.objects.filter(
        assessment_id=assessment_id,
        **{lookup: chosen[name] for name, lookup in FILTERS.items() if name in chosen},
    )
    if chosen.get("open_comments"):
        items = items.filter(Exists(Comment.objects.filter(item=OuterRef("pk"), resolved_at=None)))
    if chosen.get("returned"):
        items = items.filter(response__review=ItemReview.RETURNED)
    if "position" in chosen:
        items = items.filter(_position_is(chosen["position"]))
    return items.order_by("position")


def _position_is(position: str) -> Q:
    """The State's position recorded by follow-up (by value: this app does not import it);
    a position cleared back to empty counts as none."""
    if position == NO_POSITION:
        return Q(state_position__isnull=True) | Q(state_position__position="")
    return Q(state_position__position=position)


def per_instrument(items: QuerySet) -> dict[int, tuple[int, int]]:
    """Instrument pk → how many of ``items`` it holds and the position of its first one:
    the count of rows shown, and which chunk brings each instrument's heading."""
    return {
        instrument: (count, first)
        for instrument, count, first in items.order_by()
        .values_list("instrument_id")
        .annotate(count=Count("pk"), first=Min("position"))
    }


def progress(assessment_id: int) -> dict:
    """How many items have a finding, for the progress bar: counted as the dashboard counts
    (AssessmentQuerySet.with_progress), in one query whatever the filters show."""
    done, total = (
        Assessment.objects.filter(pk=assessment_id)
        .with_progress()
        .values_list("assessed_count", "item_count")
        .get()
    )
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 0}


@dataclass(frozen=True, slots=True)
class SignOff:
    """A reviewer's verdict on one item, as the report and the exports print it."""

    review: str
    reviewer: str  # empty while no reviewer has given a verdict
    at: datetime | None

    @property
    def accepted(self) -> bool:
        return self.review == ItemReview.ACCEPTED


def signoffs(assessment_id: int) -> dict[int, SignOff]:
    """Item pk → the reviewer's verdict on it, who gave it and when, for every item."""
    reviews = Response.objects.filter(item__assessment_id=assessment_id).values_list(
        "item_id",
        "review",
        "reviewed_by__username",
        "reviewed_by__first_name",
        "reviewed_by__last_name",
        "reviewed_at",
    )
    return {
        item: SignOff(review, name_from(username, first, last) if at else "", at)
        for item, review, username, first, last, at in reviews
    }
