"""Reads of follow-up for pages of the apps below: the checklist rows' "n actions" badge."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from checklist.assessments.models import Item
from checklist.assessments.rows import RowBadge
from checklist.followup.models import OPEN_STATUSES
from checklist.ids import MAX_ID


def action_badges(*, items, **_signal) -> dict[int, list[RowBadge]]:
    """Item pk → its link to the item's actions ("Actions", or "n actions (m overdue)"):
    one aggregated query whatever the number of items and actions (assessments.signals)."""
    overdue = Q(actions__status__in=OPEN_STATUSES, actions__due_on__lt=timezone.localdate())
    counts = (
        Item.objects.filter(pk__in=items)
        .order_by()
        .annotate(total=Count("actions"), late=Count("actions", filter=overdue))
        .values_list("pk", "assessment_id", "total", "late")
    )
    urls: dict[int, tuple[str, str]] = {}
    badges = {}
    for item_pk, assessment_pk, total, late in counts:
        if assessment_pk not in urls:
            # Reversed once, filled in per row: see assessments.rendering.RowUrls.
            address = reverse("followup:item_actions", args=[assessment_pk, MAX_ID])
            before, _, after = address.rpartition(str(MAX_ID))
            urls[assessment_pk] = (before, after)
        before, after = urls[assessment_pk]
        badges[item_pk] = [
            RowBadge(text=_text(total, late), url=f"{before}{item_pk}{after}", warning=bool(late))
        ]
    return badges


def _text(total: int, late: int) -> str:
    if not total:
        return gettext("Actions")
    text = ngettext("%(count)d action", "%(count)d actions", total) % {"count": total}
    if late:
        text += " " + ngettext("(%(count)d overdue)", "(%(count)d overdue)", late) % {"count": late}
    return text
