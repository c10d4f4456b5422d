"""Who may do what with assessments: the one place where this app checks access.

People who are not members of an assessment get 404 for everything in it (its existence is
not leaked); members whose role lacks the right get 403. The admins of the organisation that
owns an assessment read and manage it (members, reopening, next round) without being
members; writing findings and reviewing stay with the members who hold those roles. Views
call these helpers first and templates read the same answers through ``Permissions`` to
hide what a role may not use.
"""

from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, gettext_lazy

from checklist.accounts.models import OrganisationMembership, OrganisationRole
from checklist.assessments.models import (
    ORGANISATION_ADMIN,
    Assessment,
    Event,
    Invitation,
    Membership,
    Response,
    Role,
    Source,
    role_label,
)
from checklist.instruments.models import Instrument

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
    ORGANISATION_ADMIN: {READ, MANAGE},
}
REFUSALS = {
    WRITE: gettext_lazy("Only the assessment's owners and editors can change its responses."),
    COMMENT: gettext_lazy("Viewers cannot comment."),
    REVIEW: gettext_lazy("Only the assessment's reviewers can review and approve it."),
    MANAGE: gettext_lazy("Only the assessment's owners and its organisation's admins can do this."),
}
APPROVED_IS_READ_ONLY = gettext_lazy(
    "This assessment is approved and read-only. An owner can reopen it as a new revision."
)


@dataclass(frozen=True, slots=True)
class Permissions:
    """What the signed-in person may do here, now: their rights in the assessment's review
    state. Views, templates and checklist rows read these answers and nothing else; the
    workflow and the services refuse, in words, a state that moved on meanwhile.

    ``role`` is the membership's role, or ORGANISATION_ADMIN for an admin of the owning
    organisation who is not a member; an admin who is also a member has both sets of rights.
    """

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
    def of(cls, role: str, review_state: str, rights: frozenset | None = None) -> "Permissions":
        """``role``'s answers in ``review_state``; ``rights`` when they are more than the
        role's own (an organisation admin who is also a member)."""
        rights = RIGHTS[role] if rights is None else rights
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
        return role_label(self.role)


@dataclass(frozen=True, slots=True)
class Standing:
    """Who ``user`` is in an assessment, whatever its state: a role and the rights it gives."""

    role: str
    rights: frozenset

    def permissions(self, review_state: str) -> Permissions:
        return Permissions.of(self.role, review_state, self.rights)


def standing_in(user: AbstractBaseUser, assessment_pk: int) -> Standing:
    """``user``'s role and rights in the assessment; 404 for anyone who may not see it."""
    found = (
        Assessment.objects.filter(pk=assessment_pk)
        .annotate(
            my_role=Subquery(
                Membership.objects.filter(assessment=OuterRef("pk"), user_id=user.pk).values(
                    "role"
                )[:1]
            ),
            organisation_admin=Exists(
                OrganisationMembership.objects.filter(
                    organisation=OuterRef("organisation"),
                    user_id=user.pk,
                    role=OrganisationRole.ADMIN,
                )
            ),
        )
        .values_list("my_role", "organisation_admin")
        .first()
    )
    if found is None or found == (None, False):
        raise Http404(gettext("No such assessment."))
    role, organisation_admin = found
    rights = set(RIGHTS[role]) if role else set()
    if organisation_admin:
        rights |= RIGHTS[ORGANISATION_ADMIN]
    return Standing(role or ORGANISATION_ADMIN, frozenset(rights))


def require(standing: Standing, right: str) -> Standing:
    """403 when ``standing`` lacks ``right`` in any review state."""
    if right not in standing.rights:
        raise PermissionDenied(REFUSALS[right])
    return standing


def get_assessment_for(
    user: AbstractBaseUser, pk: int, *, right: str = READ
) -> tuple[Assessment, Permissions]:
    """The assessment ``pk`` and what ``user`` may do in it; 404 outsiders, 403 too few rights."""
    standing = require(standing_in(user, pk), right)
    assessment = get_object_or_404(
        Assessment.objects.prefetch_related(
            # Whether an instrument has language versions: the checklist's Text language.
            Prefetch("instruments", queryset=Instrument.objects.with_version_flag())
        ).annotate(
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
    return assessment, standing.permissions(assessment.review_state)


def get_response_for(
    user: AbstractBaseUser, assessment_pk: int, item_pk: int, *, right: str = READ
) -> tuple[Response, Permissions]:
    """The response to item ``item_pk``; 404 when that item is not in this assessment."""
    standing = require(standing_in(user, assessment_pk), right)
    response = get_object_or_404(
        Response.objects.select_related("item__assessment"),
        item_id=item_pk,
        item__assessment_id=assessment_pk,
    )
    return response, _state_checked(standing, right, response.item.assessment)


def get_source_for(
    user: AbstractBaseUser, assessment_pk: int, source_pk: int, *, right: str = READ
) -> tuple[Source, Permissions]:
    """The source ``source_pk``; 404 when it belongs to another assessment."""
    standing = require(standing_in(user, assessment_pk), right)
    source = get_object_or_404(
        Source.objects.select_related("response__item__assessment"),
        pk=source_pk,
        response__item__assessment_id=assessment_pk,
    )
    return source, _state_checked(standing, right, source.response.item.assessment)


def _state_checked(standing: Standing, right: str, assessment: Assessment) -> Permissions:
    """The person's permissions; 403 for a write to an assessment no longer open for them."""
    permissions = standing.permissions(assessment.review_state)
    if right == WRITE and not permissions.can_write:
        raise PermissionDenied(APPROVED_IS_READ_ONLY)
    return permissions


def get_membership_for(
    user: AbstractBaseUser, assessment_pk: int, membership_pk: int
) -> Membership:
    """Another member's membership, for an owner or organisation admin to change or end."""
    require(standing_in(user, assessment_pk), MANAGE)
    return get_object_or_404(
        Membership.objects.select_related("user", "assessment"),
        pk=membership_pk,
        assessment_id=assessment_pk,
    )


def get_invitation_for(
    user: AbstractBaseUser, assessment_pk: int, invitation_pk: int
) -> Invitation:
    """An invitation into the assessment, for those who manage its members."""
    require(standing_in(user, assessment_pk), MANAGE)
    return get_object_or_404(
        Invitation.objects.select_related("assessment", "invited_by"),
        pk=invitation_pk,
        assessment_id=assessment_pk,
    )
