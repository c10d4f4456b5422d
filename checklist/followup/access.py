"""Who may do what in follow-up: the one place where this app checks access.

Built on the assessments' own answer (checklist.assessments.access.standing_in): people
outside an assessment get 404 for its actions, members whose role lacks the right get 403.
Owners and editors write actions, indicators and progress, also once the assessment is
approved: the approval freezes the findings, while the work on them goes on. Reviewers
comment on the item (the item's comments, not a second thread); viewers and the
organisation's admins read.

Institutions belong to an organisation: its members see them, its admins change them.
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from checklist.accounts.access import get_organisation_for
from checklist.accounts.models import Organisation
from checklist.assessments.access import (
    COMMENT,
    READ,
    WRITE,
    Permissions,
    get_assessment_for,
    standing_in,
)
from checklist.assessments.models import Assessment, Item
from checklist.followup.models import Action, Indicator, Institution


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What the signed-in person may do with an assessment's actions, whatever its review
    state; ``permissions`` is the assessments' answer, which the page header reads."""

    assessment: Assessment
    permissions: Permissions
    can_write: bool  # actions, indicators, progress
    can_comment: bool  # on the item, through its comments


def _refuse_writers_only() -> PermissionDenied:
    return PermissionDenied(_("Only the assessment's owners and editors can change its actions."))


def get_followup_for(user: AbstractBaseUser, pk: int, *, write: bool = False) -> FollowUp:
    """The assessment ``pk`` and what ``user`` may do with its actions; 404 for outsiders,
    403 for a write by someone who is not an owner or editor."""
    standing = standing_in(user, pk)
    if write and WRITE not in standing.rights:
        raise _refuse_writers_only()
    assessment, permissions = get_assessment_for(user, pk, right=READ)
    return FollowUp(
        assessment=assessment,
        permissions=permissions,
        can_write=WRITE in standing.rights,
        can_comment=COMMENT in standing.rights,
    )


def get_item_for(
    user: AbstractBaseUser, pk: int, item_pk: int, *, write: bool = False
) -> tuple[FollowUp, Item]:
    """The item ``item_pk`` of assessment ``pk``; 404 when it is not one of its items."""
    followup = get_followup_for(user, pk, write=write)
    item = get_object_or_404(Item.objects.select_related("instrument"), pk=item_pk, assessment=pk)
    return followup, item


def get_action_for(
    user: AbstractBaseUser, pk: int, item_pk: int, action_pk: int, *, write: bool = False
) -> tuple[FollowUp, Action]:
    """The action ``action_pk`` on item ``item_pk`` of assessment ``pk``; 404 elsewhere."""
    followup = get_followup_for(user, pk, write=write)
    action = get_object_or_404(
        Action.objects.select_related("item__instrument", "item__assessment"),
        pk=action_pk,
        item_id=item_pk,
        item__assessment_id=pk,
    )
    return followup, action


def get_indicator_for(
    user: AbstractBaseUser, pk: int, item_pk: int, action_pk: int, indicator_pk: int
) -> tuple[FollowUp, Indicator]:
    """An indicator of the action, for an owner or editor to change or remove."""
    followup, action = get_action_for(user, pk, item_pk, action_pk, write=True)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, action=action)
    indicator.action = action
    return followup, indicator


def get_institutions_for(
    user: AbstractBaseUser, slug: str, *, manage: bool = False
) -> tuple[Organisation, bool]:
    """The organisation whose institutions these are, and whether ``user`` is its admin;
    404 for non-members, 403 for a change by a member who is not an admin."""
    return get_organisation_for(user, slug, manage=manage)


def get_institution_for(user: AbstractBaseUser, slug: str, institution_pk: int) -> Institution:
    """One of the organisation's institutions, for one of its admins to change or remove."""
    organisation, _admin = get_organisation_for(user, slug, manage=True)
    institution = get_object_or_404(Institution, pk=institution_pk, organisation=organisation)
    institution.organisation = organisation
    return institution
