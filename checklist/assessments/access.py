"""Who may do what with assessments: the one place where this app checks access.

People who are not members of an assessment get 404 for everything in it (its existence is
not leaked); members whose role lacks the right get 403. The admins of the organisation that
owns an assessment read and manage it (members, reopening, next round) without being
members; writing findings and reviewing stay with the members who hold those roles. Views
call these helpers first and templates read the same answers through ``Permissions`` to
hide what a role may not use.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

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
    WRITE: "Only the assessment's owners and editors can change its responses.",
    COMMENT: "Viewers cannot comment.",
    REVIEW: "Only the assessment's reviewers can review and approve it.",
    MANAGE: "Only the assessment's owners and its organisation's admins can do this.",
}
APPROVED_IS_READ_ONLY = (
    "This assessment is approved and read-only. An owner can reopen it as a new revision."
)


@dataclass(frozen=True)
class Permissions:
    """What the signed-in person may do here; templates use it to hide buttons.

    ``role`` is the membership's role, or ORGANISATION_ADMIN for an admin of the owning
    organisation who is not a member; an admin who is also a member has both sets of rights.
    """

    role: str
    rights: frozenset

    @property
    def write(self) -> bool:
        return WRITE in self.rights

    @property
    def comment(self) -> bool:
        return COMMENT in self.rights

    @property
    def review(self) -> bool:
        return REVIEW in self.rights

    @property
    def manage(self) -> bool:
        return MANAGE in self.rights

    @property
    def role_label(self) -> str:
        return role_label(self.role)


def permissions_of(user, assessment_pk: int) -> Permissions:
    """What ``user`` may do in the assessment; 404 for anyone who may not see it."""
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
        raise Http404("No such assessment.")
    role, organisation_admin = found
    rights = set(RIGHTS[role]) if role else set()
    if organisation_admin:
        rights |= RIGHTS[ORGANISATION_ADMIN]
    return Permissions(role or ORGANISATION_ADMIN, frozenset(rights))


def require(permissions: Permissions, right: str) -> Permissions:
    if right not in permissions.rights:
        raise PermissionDenied(REFUSALS[right])
    return permissions


def get_assessment_for(user, pk: int, *, right: str = READ) -> tuple[Assessment, Permissions]:
    """The assessment ``pk`` and what ``user`` may do in it; 404 outsiders, 403 too few rights."""
    permissions = require(permissions_of(user, pk), right)
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
    return assessment, permissions


def get_response_for(
    user, assessment_pk: int, item_pk: int, *, right: str = READ
) -> tuple[Response, Permissions]:
    """The response to item ``item_pk``; 404 when that item is not in this assessment."""
    permissions = require(permissions_of(user, assessment_pk), right)
    response = get_object_or_404(
        Response.objects.select_related("item__assessment"),
        item_id=item_pk,
        item__assessment_id=assessment_pk,
    )
    if right == WRITE and response.item.assessment.is_approved:
        raise PermissionDenied(APPROVED_IS_READ_ONLY)
    return response, permissions


def get_source_for(
    user, assessment_pk: int, source_pk: int, *, right: str = READ
) -> tuple[Source, Permissions]:
    """The source ``source_pk``; 404 when it belongs to another assessment."""
    permissions = require(permissions_of(user, assessment_pk), right)
    source = get_object_or_404(
        Source.objects.select_related("response__item__assessment"),
        pk=source_pk,
        response__item__assessment_id=assessment_pk,
    )
    if right == WRITE and source.response.item.assessment.is_approved:
        raise PermissionDenied(APPROVED_IS_READ_ONLY)
    return source, permissions


def get_membership_for(user, assessment_pk: int, membership_pk: int) -> Membership:
    """Another member's membership, for an owner to change or end."""
    require(permissions_of(user, assessment_pk), MANAGE)
    return get_object_or_404(
        Membership.objects.select_related("user", "assessment"),
        pk=membership_pk,
        assessment_id=assessment_pk,
    )


def get_invitation_for(user, assessment_pk: int, invitation_pk: int) -> Invitation:
    """An invitation into the assessment, for those who manage its members."""
    require(permissions_of(user, assessment_pk), MANAGE)
    return get_object_or_404(
        Invitation.objects.select_related("assessment", "invited_by"),
        pk=invitation_pk,
        assessment_id=assessment_pk,
    )
