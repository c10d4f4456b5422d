"""Reads of follow-up for the pages and files of the apps beside it, each in a constant number
of queries: the checklist rows' "n actions" badge, and the actions, positions and votes the
report and its Word version print beside each item."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from checklist.assessments.models import Item
from checklist.assessments.rows import RowBadge
from checklist.followup.models import (
    OPEN_STATUSES,
    Action,
    Indicator,
    InstrumentVote,
    ItemPosition,
)
from checklist.ids import MAX_ID
from checklist.people import display_name


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


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    description: str
    baseline: str
    target: str
    current_value: str
    measured_on: datetime.date | None


@dataclass(frozen=True, slots=True)
class ActionLine:
    pk: int
    item_id: int
    description: str
    lead: str
    others: list[str]
    owner: str
    due_on: datetime.date | None
    status: str
    status_label: str
    dropped_reason: str
    overdue: bool
    indicators: list[IndicatorLine] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PositionLine:
    position: str
    label: str
    statement: str


def is_overdue(due_on: datetime.date | None, status: str, today: datetime.date) -> bool:
    """Past its due date and still open: done or dropped actions are never overdue."""
    return status in OPEN_STATUSES and due_on is not None and due_on < today


def actions_by_item(
    assessment_id: int, today: datetime.date | None = None
) -> dict[int, list[ActionLine]]:
    """Every action of the assessment with its institutions and indicators, per item, in the
    order of their due date (undated last). Three queries, whatever the number of actions."""
    today = today or timezone.localdate()
    actions = (
        Action.objects.filter(item__assessment_id=assessment_id)
        .select_related("lead_institution", "owner")
        .prefetch_related("other_institutions")
        .order_by("item__position", "due_on", "pk")
    )
    indicators: dict[int, list[IndicatorLine]] = {}
    for indicator in Indicator.objects.filter(action__item__assessment_id=assessment_id):
        indicators.setdefault(indicator.action_id, []).append(
            IndicatorLine(
                indicator.description,
                indicator.baseline,
                indicator.target,
                indicator.current_value,
                indicator.measured_on,
            )
        )
    by_item: dict[int, list[ActionLine]] = {}
    for action in actions:
        by_item.setdefault(action.item_id, []).append(
            ActionLine(
                pk=action.pk,
                item_id=action.item_id,
                description=action.description,
                lead=action.lead_institution.name if action.lead_institution else "",
                others=[institution.name for institution in action.other_institutions.all()],
                owner=display_name(action.owner) if action.owner else "",
                due_on=action.due_on,
                status=action.status,
                status_label=action.get_status_display(),
                dropped_reason=action.dropped_reason,
                overdue=is_overdue(action.due_on, action.status, today),
                indicators=indicators.get(action.pk, []),
            )
        )
    return by_item


def positions_by_item(assessment_id: int) -> dict[int, PositionLine]:
    """The State's recorded position on each item that has one."""
    return {
        position.item_id: PositionLine(
            position.position, position.get_position_display(), position.statement
        )
        for position in ItemPosition.objects.filter(item__assessment_id=assessment_id)
        if position.position or position.statement
    }


def votes_by_instrument(assessment_id: int) -> dict[int, InstrumentVote]:
    """The State's vote on each instrument of the assessment that has one recorded."""
    return {
        vote.instrument_id: vote
        for vote in InstrumentVote.objects.filter(assessment_id=assessment_id)
        if vote.vote or vote.statement
    }
