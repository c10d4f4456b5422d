"""Who may see and record the State's positions and votes, built on the assessment's rules
(checklist.assessments.access): members and the organisation's admins read them; owners and
editors write them, while the assessment is open for writes, as they write findings.

A position is part of what the assessment says, so an approved assessment's positions are as
read-only as its findings: an owner reopens it to change them.

To be folded into checklist/followup/access.py at merge.
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from checklist.assessments.access import (
    APPROVED_IS_READ_ONLY,
    READ,
    WRITE,
    Permissions,
    Standing,
    require,
    standing_in,
)
from checklist.assessments.models import Assessment, Item
from checklist.followup.models import InstrumentVote, ItemPosition
from checklist.instruments.models import Instrument


@dataclass(frozen=True, slots=True)
class ItemAccess:
    item: Item
    # The saved position, or an unsaved empty one (version 0) while nobody recorded one.
    position: ItemPosition
    permissions: Permissions


@dataclass(frozen=True, slots=True)
class VoteAccess:
    assessment: Assessment
    instrument: Instrument
    vote: InstrumentVote
    permissions: Permissions


def get_item_position_for(
    user: AbstractBaseUser, assessment_pk: int, item_pk: int, *, right: str = READ
) -> ItemAccess:
    """The item ``item_pk`` of the assessment and its position; 404 outsiders and items of
    other assessments, 403 too few rights or an assessment closed for writes."""
    standing = require(standing_in(user, assessment_pk), right)
    item = get_object_or_404(
        Item.objects.select_related("assessment", "instrument"),
        pk=item_pk,
        assessment_id=assessment_pk,
    )
    position = ItemPosition.objects.filter(item=item).first() or ItemPosition(item=item)
    return ItemAccess(item, position, _checked(standing, right, item.assessment))


def get_vote_for(
    user: AbstractBaseUser, assessment_pk: int, instrument_pk: int, *, right: str = READ
) -> VoteAccess:
    """The State's vote on one instrument of the assessment; 404 for an instrument that is
    not in it."""
    standing = require(standing_in(user, assessment_pk), right)
    assessment = get_object_or_404(Assessment, pk=assessment_pk)
    instrument = get_object_or_404(assessment.instruments, pk=instrument_pk)
    vote = InstrumentVote.objects.filter(
        assessment=assessment, instrument=instrument
    ).first() or InstrumentVote(assessment=assessment, instrument=instrument)
    return VoteAccess(assessment, instrument, vote, _checked(standing, right, assessment))


def _checked(standing: Standing, right: str, assessment: Assessment) -> Permissions:
    permissions = standing.permissions(assessment.review_state)
    if right == WRITE and not permissions.can_write:
        raise PermissionDenied(APPROVED_IS_READ_ONLY)
    return permissions
