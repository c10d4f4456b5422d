"""Writes of follow-up: institutions, actions, their indicators and progress, and the copy of
actions into an assessment's next round.

Each is a plain function with keyword-only arguments that runs in one transaction. Access is
checked by the caller through access.py; these functions enforce the data rules (an
action's institutions belong to its assessment's organisation, a dropped action says why,
an edit starts from the version it names). Every change to an action, its indicators or
its progress adds an event (kind ACTION) to the assessment's audit trail. Unlike findings,
actions stay writable once the assessment is approved: following up comes after approval.

The audit summaries are stored text in English, as the other events' are.
"""

from dataclasses import asdict, dataclass
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from checklist.accounts.models import Organisation
from checklist.assessments.models import Assessment, Event, Item, Membership
from checklist.assessments.services import log_event
from checklist.followup.models import (
    Action,
    ActionStatus,
    Indicator,
    Institution,
    ProgressUpdate,
)

SHORT = 60


class FollowUpRefused(ValueError):
    """The message says, in words, why the change cannot be made."""


class StaleAction(Exception):
    """Someone saved the action after the version this edit started from."""

    def __init__(self, current: Action):
        super().__init__(f"Action {current.pk} is at version {current.version}.")
        self.current = current


class StaleIndicator(Exception):
    """Someone saved the indicator after the version this edit started from."""

    def __init__(self, current: Indicator):
        super().__init__(f"Indicator {current.pk} is at version {current.version}.")
        self.current = current


@dataclass(frozen=True)
class InstitutionData:
    name: str
    kind: str
    contact_name: str
    contact_email: str


@dataclass(frozen=True)
class ActionData:
    description: str
    lead_institution: Institution | None
    other_institutions: list[Institution]
    owner: AbstractBaseUser | None
    due_on: date | None
    status: str
    dropped_reason: str


@dataclass(frozen=True)
class IndicatorData:
    description: str
    baseline: str
    target: str
    current_value: str
    measured_on: date | None


def _duplicate(name: str) -> FollowUpRefused:
    return FollowUpRefused(
        _("%(name)s is already one of the organisation's institutions.") % {"name": name}
    )


def add_institution(*, organisation: Organisation, data: InstitutionData) -> Institution:
    """The unique constraint (organisation, lower(name)) settles two admins adding the same
    name at once: the second is told, in words."""
    try:
        with transaction.atomic():
            return Institution.objects.create(organisation=organisation, **asdict(data))
    except IntegrityError as clash:
        raise _duplicate(data.name) from clash


def change_institution(*, institution: Institution, data: InstitutionData) -> Institution:
    for name, value in asdict(data).items():
        setattr(institution, name, value)
    try:
        with transaction.atomic():
            institution.save(update_fields=list(asdict(data)))
    except IntegrityError as clash:
        raise _duplicate(data.name) from clash
    return institution


@transaction.atomic
def remove_institution(*, institution: Institution) -> None:
    """Refused while actions name it as their lead: they would be left without one."""
    leading = Action.objects.select_for_update().filter(lead_institution=institution).count()
    if leading:
        raise FollowUpRefused(
            _(
                "%(name)s leads %(count)d action(s). Give them another lead institution "
                "before removing it."
            )
            % {"name": institution.name, "count": leading}
        )
    institution.delete()


def _check(item: Item, data: ActionData, *, current_owner_id: int | None = None) -> None:
    """The rules the form also checks, for any other caller: institutions of the
    assessment's organisation, a member following it up, a reason when dropped."""
    organisation_id = item.assessment.organisation_id
    institutions = [data.lead_institution, *data.other_institutions]
    if any(each.organisation_id != organisation_id for each in institutions if each is not None):
        raise FollowUpRefused(_("Choose institutions of the assessment's organisation."))
    if (
        data.owner is not None
        and data.owner.pk != current_owner_id
        and not Membership.objects.filter(
            assessment_id=item.assessment_id, user=data.owner
        ).exists()
    ):
        raise FollowUpRefused(_("Choose one of the assessment's members to follow it up."))
    if data.status == ActionStatus.DROPPED and not data.dropped_reason.strip():
        raise FollowUpRefused(_("Say why the action was dropped."))


def _short(text: str) -> str:
    return text if len(text) <= SHORT else f"{text[: SHORT - 1]}…"


def _log(item: Item, *, user: AbstractBaseUser, summary: str) -> None:
    log_event(item.assessment, actor=user, kind=Event.Kind.ACTION, item=item, summary=summary)


@transaction.atomic
def add_action(*, item: Item, user: AbstractBaseUser, data: ActionData) -> Action:
    _check(item, data)
    fields = asdict(data)
    others = fields.pop("other_institutions")
    action = Action.objects.create(
        item=item, created_by=user, updated_by=user, updated_at=timezone.now(), **fields
    )
    action.other_institutions.set(others)
    lead = f", led by {data.lead_institution}" if data.lead_institution else ""
    due = f", due {data.due_on:%Y-%m-%d}" if data.due_on else ""
    _log(item, user=user, summary=f"{item}: action “{_short(data.description)}” added{lead}{due}")
    return action


@transaction.atomic
def change_action(
    *, action: Action, user: AbstractBaseUser, version: int, data: ActionData
) -> Action:
    """Save the action as ``user`` typed it, if nobody saved it since ``version``.

    1. A conditional UPDATE on (pk, version), as for responses (assessments.services.
       save_response): no row matches when someone saved first, and StaleAction carries
       what they saved; nothing is written.
    2. The institutions also involved.
    3. An audit event naming what changed.
    Saving what is already stored writes nothing, whatever the version.
    """
    _check(action.item, data, current_owner_id=action.owner_id)
    changes = _action_changes(action, data)
    if not changes:
        return action
    fields = asdict(data)
    others = fields.pop("other_institutions")
    updated = Action.objects.filter(pk=action.pk, version=version).update(
        **fields, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not updated:
        raise StaleAction(Action.objects.select_related("updated_by").get(pk=action.pk))
    action.other_institutions.set(others)
    _log(
        action.item,
        user=user,
        summary=f"{action.item}: action “{_short(action.description)}”: {', '.join(changes)}",
    )
    action.refresh_from_db()
    return action


def _action_changes(action: Action, data: ActionData) -> list[str]:
    """What differs between the stored action and ``data``, as the audit trail says it."""
    changes = []
    if data.status != action.status:
        old, new = ActionStatus(action.status).label, ActionStatus(data.status).label
        changes.append(f"status {old} → {new}")
    if data.status == ActionStatus.DROPPED and data.dropped_reason != action.dropped_reason:
        changes.append(f"dropped because “{_short(data.dropped_reason)}”")
    if data.due_on != action.due_on:
        changes.append(f"due date {action.due_on or '—'} → {data.due_on or '—'}")
    if data.lead_institution != action.lead_institution:
        changes.append(f"lead {action.lead_institution or '—'} → {data.lead_institution or '—'}")
    if {each.pk for each in data.other_institutions} != set(
        action.other_institutions.values_list("pk", flat=True)
    ):
        changes.append("institutions involved changed")
    if (data.owner.pk if data.owner else None) != action.owner_id:
        changes.append("followed by someone else")
    if data.description != action.description:
        changes.append("description edited")
    return changes


@transaction.atomic
def add_indicator(*, action: Action, user: AbstractBaseUser, data: IndicatorData) -> Indicator:
    indicator = Indicator.objects.create(action=action, **asdict(data))
    _log(
        action.item,
        user=user,
        summary=f"{action.item}: indicator “{_short(data.description)}” added to action "
        f"“{_short(action.description)}”",
    )
    return indicator


@transaction.atomic
def change_indicator(
    *, indicator: Indicator, user: AbstractBaseUser, version: int, data: IndicatorData
) -> Indicator:
    """As change_action: a conditional UPDATE on the version the edit started from."""
    before = {name: getattr(indicator, name) for name in asdict(data)}
    if before == asdict(data):
        return indicator
    updated = Indicator.objects.filter(pk=indicator.pk, version=version).update(
        **asdict(data), version=F("version") + 1
    )
    if not updated:
        raise StaleIndicator(Indicator.objects.get(pk=indicator.pk))
    value = ""
    if data.current_value != indicator.current_value:
        value = f": current value {indicator.current_value or '—'} → {data.current_value or '—'}"
    action = indicator.action
    _log(
        action.item,
        user=user,
        summary=f"{action.item}: indicator “{_short(data.description)}” changed{value}",
    )
    indicator.refresh_from_db()
    return indicator


@transaction.atomic
def remove_indicator(*, indicator: Indicator, user: AbstractBaseUser) -> None:
    action = indicator.action
    indicator.delete()
    _log(
        action.item,
        user=user,
        summary=f"{action.item}: indicator “{_short(indicator.description)}” removed from "
        f"action “{_short(action.description)}”",
    )


@transaction.atomic
def add_progress(
    *, action: Action, user: AbstractBaseUser, text: str, reported_on: date
) -> ProgressUpdate:
    """Progress is only ever added: what was reported on a date stays as it was said."""
    update = ProgressUpdate.objects.create(
        action=action, text=text, reported_on=reported_on, author=user
    )
    _log(
        action.item,
        user=user,
        summary=f"{action.item}: progress on “{_short(action.description)}” "
        f"({reported_on:%Y-%m-%d}): {_short(text)}",
    )
    return update


INDICATOR_FIELDS = ["description", "baseline", "target", "current_value", "measured_on"]


@transaction.atomic
def carry_actions(
    *, assessment: Assessment, items: dict[int, int], user: AbstractBaseUser, **_signal
) -> int:
    """Copy the actions of the previous round's carried items into the next round
    (``assessment``), as assessments.signals.round_carried_forward announces it; ``items``
    maps each old item pk to its new one. Returns how many were carried.

    1. Open and done actions are carried; dropped ones stay behind with their reason.
    2. Each copy keeps its institutions, due date, status and the person following it,
       points at the action it came from (``carried_from``), and takes its indicators and
       dated progress along, so next year's report can say what was done.
    3. One audit event in the new round says how many came along.
    """
    earlier = (
        Action.objects.filter(item_id__in=list(items))
        .exclude(status=ActionStatus.DROPPED)
        .prefetch_related("other_institutions", "indicators", "progress")
        .order_by("pk")
    )
    carried = 0
    for action in earlier:
        _copy_action(action, item_id=items[action.item_id])
        carried += 1
    if carried:
        log_event(
            assessment,
            actor=user,
            kind=Event.Kind.ACTION,
            summary=f"Carried forward {carried} actions with their indicators and progress",
        )
    return carried


def _copy_action(action: Action, *, item_id: int) -> Action:
    copy = Action.objects.create(
        item_id=item_id,
        description=action.description,
        lead_institution_id=action.lead_institution_id,
        owner_id=action.owner_id,
        due_on=action.due_on,
        status=action.status,
        dropped_reason=action.dropped_reason,
        carried_from=action,
        created_by_id=action.created_by_id,
        updated_by_id=action.updated_by_id,
        updated_at=action.updated_at,
    )
    copy.other_institutions.set(action.other_institutions.all())
    Indicator.objects.bulk_create(
        Indicator(action=copy, **{name: getattr(each, name) for name in INDICATOR_FIELDS})
        for each in action.indicators.all()
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=copy, text=each.text, reported_on=each.reported_on, author_id=each.author_id
        )
        for each in action.progress.all()
    )
    return copy
