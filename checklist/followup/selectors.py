"""Reads of follow-up for pages of the apps below: the checklist rows' "n actions" badge."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from checklist.assessments.rows import RowBadge
from checklist.followup.models import OPEN_STATUSES, Action
from checklist.ids import MAX_ID


def action_badges(*, items, **_signal) -> dict[int, list[RowBadge]]:
    """Item pk → its "n actions (m overdue)" badge, for the items that have actions: one
    aggregated query whatever the number of items and actions (assessments.signals)."""
    overdue = Q(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    counts = (
        Action.objects.filter(item__in=items)
        .order_by()
        .values_list("item_id", "item__assessment_id")
        .annotate(total=Count("pk"), overdue=Count("pk", filter=overdue))
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
        text = ngettext("%(count)d action", "%(count)d actions", total) % {"count": total}
        if late:
            text += " " + ngettext("(%(count)d overdue)", "(%(count)d overdue)", late) % {
                "count": late
            }
        badges[item_pk] = [RowBadge(text=text, url=f"{before}{item_pk}{after}", warning=bool(late))]
    return badges
