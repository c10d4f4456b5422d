"""Reads of an assessment's checklist as plain values, in a fixed number of flat queries:
the checklist page, one row for htmx, the report and the exports all read through here."""

from django.db.models import Count, Q

from checklist.assessments.models import Comment, Finding, Item, Response, Source
from checklist.assessments.rows import COLUMNS, Row, SourceRow, progress


def load_rows(assessment_id: int, *, item_id: int | None = None) -> list[Row]:
    """The rows of an assessment (or its one item ``item_id``) in order: four queries."""
    items = Item.objects.filter(assessment_id=assessment_id)
    if item_id is not None:
        items = items.filter(pk=item_id)
    names = list(COLUMNS)
    rows = [
        Row(**dict(zip(names, values, strict=True)))
        for values in items.order_by("position").values_list(*COLUMNS.values())
    ]
    by_pk = {row.pk: row for row in rows}
    links = Item.themes.through.objects.filter(item__in=items).order_by("theme__name")
    for item_pk, slug, name in links.values_list("item_id", "theme__slug", "theme__name"):
        by_pk[item_pk].themes.append((slug, name))
    sources = Source.objects.filter(response__item__in=items).order_by("pk")
    for item_pk, *source in sources.values_list(
        "response__item_id", "pk", "title", "url", "file_name"
    ):
        by_pk[item_pk].sources.append(SourceRow(*source))
    open_comments = Comment.objects.filter(item__in=items, resolved_at=None)
    for item_pk, count in open_comments.values_list("item_id").annotate(count=Count("pk")):
        by_pk[item_pk].open_comments = count
    return rows


def progress_of_assessment(assessment_id: int) -> dict:
    """The progress bar's counts, in one query (after a save, without reading every row)."""
    counts = Response.objects.filter(item__assessment_id=assessment_id).aggregate(
        total=Count("pk"), done=Count("pk", filter=~Q(finding=Finding.NOT_ASSESSED))
    )
    return progress(done=counts["done"], total=counts["total"])
