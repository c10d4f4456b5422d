"""Who may do what with organisations: the one place where this app checks access.

People outside an organisation get 404 for its pages (its existence is not leaked); members
who are not admins get 403 for what only admins do.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from checklist.accounts.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationRole,
)


def organisations_of(user) -> QuerySet[Organisation]:
    """The organisations ``user`` belongs to, in any role."""
    return Organisation.objects.filter(memberships__user_id=user.pk)


def administered_by(user) -> QuerySet[Organisation]:
    return organisations_of(user).filter(memberships__role=OrganisationRole.ADMIN)


def get_organisation_for(user, slug: str, *, manage: bool = False) -> tuple[Organisation, bool]:
    """The organisation ``slug`` and whether ``user`` is one of its admins.

    404 for anyone who is not a member; 403 for a member when ``manage`` is asked.
    """
    membership = (
        OrganisationMembership.objects.select_related("organisation")
        .filter(organisation__slug=slug, user_id=user.pk)
        .first()
    )
    if membership is None:
        raise Http404(_("No such organisation."))
    if manage and not membership.is_admin:
        raise PermissionDenied(_("Only the organisation's admins can do this."))
    return membership.organisation, membership.is_admin


def get_organisation_member_for(user, slug: str, membership_pk: int) -> OrganisationMembership:
    """Another person's membership of the organisation, for one of its admins to change."""
    organisation, _admin = get_organisation_for(user, slug, manage=True)
    return get_object_or_404(
        OrganisationMembership.objects.select_related("user", "organisation"),
        pk=membership_pk,
        organisation=organisation,
    )


def get_organisation_invitation_for(user, slug: str, invitation_pk: int) -> OrganisationInvitation:
    """An invitation into the organisation, for one of its admins."""
    organisation, _admin = get_organisation_for(user, slug, manage=True)
    return get_object_or_404(
        OrganisationInvitation.objects.select_related("organisation", "invited_by"),
        pk=invitation_pk,
        organisation=organisation,
    )
