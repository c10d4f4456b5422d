"""Findings carried to a newer text of the same series (checklist.instruments.lineage):
which items of a round were carried from another paragraph, and whether to re-check them."""

from dataclasses import dataclass

from django.db.models import F
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from checklist.assessments.models import Response
from checklist.instruments.lineage import Status, ancestors, word_diff


@dataclass(frozen=True)
class CarriedNote:
    """An item whose finding was carried from a paragraph of an earlier text."""

    source: str  # "A/RES/78/184 §5"
    needs_recheck: bool
    diff: SafeString | None

    @property
    def line(self) -> str:
        if self.needs_recheck:
            return gettext("Carried from %(source)s — needs re-check") % {"source": self.source}
        return gettext("Carried from %(source)s, unchanged") % {"source": self.source}


def carried_notes(assessment_id: int) -> dict[int, CarriedNote]:
    """Item pk → how its finding was carried, for the items carried from another paragraph
    (the round moved to a newer text); items carried from the same paragraph have none."""
    responses = (
        Response.objects.filter(item__assessment_id=assessment_id, carried_from__isnull=False)
        .exclude(item__paragraph=None)
        .exclude(carried_from__item__paragraph=F("item__paragraph"))
        .select_related("item__paragraph", "carried_from__item__instrument")
    )
    notes = {}
    for response in responses:
        earlier = response.carried_from.item
        status = dict(ancestors(response.item.paragraph_id)).get(earlier.paragraph_id)
        if status is None:
            continue
        changed = status == Status.CHANGED
        notes[response.item_id] = CarriedNote(
            source=f"{earlier.instrument.symbol} §{earlier.number}",
            needs_recheck=changed,
            diff=word_diff(earlier.text, response.item.text) if changed else None,
        )
    return notes
