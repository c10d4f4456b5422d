"""The follow-up of an assessment read once as plain values, in a constant number of queries:
what the report, its Word version and the checklist print beside each item."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from checklist.followup.models import (
    Action,
    ActionStatus,
    Indicator,
    InstrumentVote,
    ItemPosition,
)
from checklist.people import display_name


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
    still_open = status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
    return still_open and due_on is not None and due_on < today


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
