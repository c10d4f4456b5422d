"""Who may do what with assessments: the one place where this app checks access.

People who are not members of an assessment get 404 for everything in it (its existence is
not leaked); members whose role lacks the right get 403. Views call these helpers first and
templates read the same answers through ``Permissions`` to hide what a role may not use.
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from checklist.assessments.models import Assessment, Event, Membership, Response, Role, Source

READ = "read"
WRITE = "write"  # findings, evidence, sources, notes
COMMENT = "comment"
REVIEW = "review"  # accept or return items, request changes, approve
MANAGE = "manage"  # members, reopening an approved assessment

RIGHTS = {
    Role.OWNER: {READ, WRITE, COMMENT, MANAGE},
    Role.EDITOR: {READ, WRITE, COMMENT},
    Role.REVIEWER: {READ, COMMENT, REVIEW},
    Role.VIEWER: {READ},
}
REFUSALS = {
    WRITE: "Only the assessment's owners and editors can change its responses.",
    COMMENT: "Viewers cannot comment.",
    REVIEW: "Only the assessment's reviewers can review and approve it.",
    MANAGE: "Only the assessment's owners can do this.",
}
APPROVED_IS_READ_ONLY = (
    "This assessment is approved and read-only. An owner can reopen it as a new revision."
)


@dataclass(frozen=True, slots=True)
class Permissions:
    """What the signed-in member may do here, now: their role's rights in the assessment's
    review state. Views, templates and checklist rows read these answers and nothing else;
    the workflow and the services refuse, in words, a state that moved on meanwhile."""

    role: str
    review_state: str
    can_write: bool  # findings, evidence, notes, sources
    can_comment: bool
    can_submit: bool
    can_review: bool  # accept or return items, request changes
    can_approve: bool
    can_reopen: bool
    can_manage: bool  # members, the next round

    @classmethod
    def of(cls, role: str, review_state: str) -> "Permissions":
        rights = RIGHTS[role]
        open_for_writes = review_state in Assessment.WRITABLE_STATES
        in_review = review_state in Assessment.REVIEWABLE_STATES
        return cls(
            role=role,
            review_state=review_state,
            can_write=WRITE in rights and open_for_writes,
            can_comment=COMMENT in rights and open_for_writes,
            can_submit=WRITE in rights and review_state in Assessment.SUBMITTABLE_STATES,
            can_review=REVIEW in rights and in_review,
            can_approve=REVIEW in rights and in_review,
            can_reopen=MANAGE in rights and review_state in Assessment.REOPENABLE_STATES,
            can_manage=MANAGE in rights,
        )

    @property
    def role_label(self) -> str:
        return Role(self.role).label


def role_of(user: AbstractBaseUser, assessment_pk: int) -> str:
    """The user's role in the assessment; 404 for anyone who is not a member."""
    role = (
        Membership.objects.filter(assessment_id=assessment_pk, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    if role is None:
        raise Http404("No such assessment.")
    return role


def require(role: str, right: str) -> None:
    """403 when ``role`` lacks ``right`` in any review state."""
    if right not in RIGHTS[role]:
        raise PermissionDenied(REFUSALS[right])


def get_assessment_for(
    user: AbstractBaseUser, pk: int, *, right: str = READ
) -> tuple[Assessment, Permissions]:
    """The assessment ``pk`` and what ``user`` may do in it; 404 outsiders, 403 too few rights."""
    role = role_of(user, pk)
    require(role, right)
    assessment = get_object_or_404(
        Assessment.objects.prefetch_related("instruments").annotate(
            # What the page shows as of: the approve form carries it (workflow.approve).
            seen_event_id=Coalesce(
                Subquery(
                    Event.objects.not_by(user)
                    .filter(assessment=OuterRef("pk"))
                    .order_by("-pk")
                    .values("pk")[:1]
                ),
                0,
            )
        ),
        pk=pk,
    )
    return assessment, Permissions.of(role, assessment.review_state)


def get_response_for(
    user: AbstractBaseUser, assessment_pk: int, item_pk: int, *, right: str = READ
) -> tuple[Response, Permissions]:
    """The response to item ``item_pk``; 404 when that item is not in this assessment."""
    role = role_of(user, assessment_pk)
    require(role, right)
    response = get_object_or_404(
        Response.objects.select_related("item__assessment"),
        item_id=item_pk,
        item__assessment_id=assessment_pk,
    )
    return response, _state_checked(role, right, response.item.assessment)


def get_source_for(
    user: AbstractBaseUser, assessment_pk: int, source_pk: int, *, right: str = READ
) -> tuple[Source, Permissions]:
    """The source ``source_pk``; 404 when it belongs to another assessment."""
    role = role_of(user, assessment_pk)
    require(role, right)
    source = get_object_or_404(
        Source.objects.select_related("response__item__assessment"),
        pk=source_pk,
        response__item__assessment_id=assessment_pk,
    )
    return source, _state_checked(role, right, source.response.item.assessment)


def _state_checked(role: str, right: str, assessment: Assessment) -> Permissions:
    """The member's permissions; 403 for a write to an assessment no longer open for them."""
    permissions = Permissions.of(role, assessment.review_state)
    if right == WRITE and not permissions.can_write:
        raise PermissionDenied(APPROVED_IS_READ_ONLY)
    return permissions


def get_membership_for(
    user: AbstractBaseUser, assessment_pk: int, membership_pk: int
) -> Membership:
    """Another member's membership, for an owner to change or end."""
    require(role_of(user, assessment_pk), MANAGE)
    return get_object_or_404(
        Membership.objects.select_related("user", "assessment"),
        pk=membership_pk,
        assessment_id=assessment_pk,
    )
