"""What the report prints, read once as plain values: the same rows the checklist reads,
the reviewers' sign-offs, the summary counts and chart, the audit trail and comments."""

from collections import Counter
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from checklist.assessments import rows, selectors
from checklist.assessments.lineage import carried_notes
from checklist.assessments.models import (
    Assessment,
    Comment,
    Event,
    Finding,
    Membership,
    Role,
)
from checklist.followup import selectors as followup
from checklist.people import display_name

# Colours of the chart; every segment also has its label in the legend and the table.
COLOURS = {
    Finding.NOT_ASSESSED: "#c9ced6",
    Finding.COMPLIANT: "#2e7d32",
    Finding.PARTIALLY_COMPLIANT: "#e0a800",
    Finding.NOT_COMPLIANT: "#c62828",
    Finding.NOT_APPLICABLE: "#6c757d",
}
CHART_BAR_WIDTH = 400
CHART_BAR_HEIGHT = 18
# Stand-ins for the page numbers in the footer's translated words.
PAGE, PAGES = "\x00", "\x01"


@dataclass(frozen=True)
class Count:
    finding: str
    label: str
    count: int
    share: float
    colour: str


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str


def counts(findings: list[str]) -> list[Count]:
    """Items and share (in %) per finding, every finding listed even at zero."""
    tally = Counter(findings)
    total = len(findings) or 1
    return [
        Count(value, label, tally[value], 100 * tally[value] / total, COLOURS[value])
        for value, label in Finding.choices
    ]


def chart(lines: list[tuple[str, list[Count]]], *, right_to_left: bool = False) -> dict:
    """Geometry of the stacked bars (one per line), each an inline SVG of rectangles only:
    the labels and the legend are HTML text, which WeasyPrint shapes (Arabic joined, CJK)
    and mirrors with the page. In a right-to-left report the bars grow from the right."""
    bars = []
    for label, line in lines:
        x = 0.0
        segments = []
        for count in line:
            width = CHART_BAR_WIDTH * count.share / 100
            start = CHART_BAR_WIDTH - x - width if right_to_left else x
            if width:
                segments.append(Segment(round(start, 2), round(width, 2), count.colour))
            x += width
        bars.append({"label": label, "segments": segments})
    return {
        "bars": bars,
        "legend": lines[0][1] if lines else [],
        "bar_width": CHART_BAR_WIDTH,
        "bar_height": CHART_BAR_HEIGHT,
    }


def page_words() -> dict[str, str]:
    """The footer's words before, between and after the page numbers, in the active
    language; the stylesheet puts the page counters between them."""
    # Translators: the report's page footer; keep %(page)s before %(pages)s.
    words = gettext("Page %(page)s of %(pages)s") % {"page": PAGE, "pages": PAGES}
    before, _, rest = words.partition(PAGE)
    between, _, after = rest.partition(PAGES)
    return {"before": before, "between": between, "after": after}


def preparers(assessment: Assessment) -> list[str]:
    members = Membership.objects.filter(
        assessment=assessment, role__in=[Role.OWNER, Role.EDITOR]
    ).select_related("user")
    owners_first = sorted(members, key=lambda m: (m.role != Role.OWNER, m.user.username))
    return [display_name(member.user) for member in owners_first]


def per_entry(all_rows: list, attribute: str) -> list[dict]:
    """Counts per finding for each theme, affected group or SDG target (``attribute``)."""
    return [
        {
            "name": name,
            "counts": counts([row.finding for row in all_rows if entry in getattr(row, attribute)]),
        }
        for entry in rows.entries_of(all_rows, attribute)
        for name in [entry[1]]
    ]


def report_context(assessment: Assessment, *, with_comments: bool) -> dict:
    """Everything the report template prints; the template runs no queries."""
    all_rows = selectors.load_rows(assessment.pk)
    signed = {
        item: signoff
        for item, signoff in selectors.signoffs(assessment.pk).items()
        if signoff.accepted
    }
    carried = carried_notes(assessment.pk)
    actions = followup.actions_by_item(assessment.pk)
    positions = followup.positions_by_item(assessment.pk)
    votes = followup.votes_by_instrument(assessment.pk)
    groups = rows.grouped(all_rows, assessment.instruments.all())
    for group in groups:
        group["counts"] = counts([row.finding for row in group["rows"]])
        group["vote"] = votes.get(group["instrument"].pk)
        # Row is a slotted dataclass: what belongs to it travels beside it.
        group["items"] = [
            {
                "row": row,
                "signoff": signed.get(row.pk),
                "carried": carried.get(row.pk),
                "actions": actions.get(row.pk, []),
                "position": positions.get(row.pk),
            }
            for row in group["rows"]
        ]
    overall = counts([row.finding for row in all_rows])
    themes = per_entry(all_rows, "themes")
    lines = [(gettext("All items"), overall)]
    lines += [(group["instrument"].symbol, group["counts"]) for group in groups]
    events = Event.objects.filter(assessment=assessment).select_related("actor")
    comments = (
        Comment.objects.filter(item__assessment=assessment)
        .select_related("author", "item")
        .order_by("item__position", "created_at", "pk")
        if with_comments
        else Comment.objects.none()
    )
    return {
        "assessment": assessment,
        "instruments": [group["instrument"] for group in groups],
        "prepared_by": preparers(assessment),
        "approved_by": display_name(assessment.approved_by),
        "draft": not assessment.is_approved,
        "total": len(all_rows),
        "overall": overall,
        "groups": groups,
        "themes": themes,
        "groups_summary": per_entry(all_rows, "groups"),
        "sdg_summary": per_entry(all_rows, "sdg_targets"),
        "chart": chart(lines, right_to_left=translation.get_language_bidi()),
        "page_words": page_words(),
        "findings": [label for _, label in Finding.choices],
        "events": list(events.order_by("at", "pk")),
        "with_comments": with_comments,
        "comments": list(comments),
        "has_actions": bool(actions),
    }
