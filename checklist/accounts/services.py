"""Writes about organisations and people: creating organisations, their members and policy,
deactivating and reactivating accounts. Access is checked by the caller through access.py;
these functions enforce the data rules."""

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from checklist.accounts import invitations as tokens
from checklist.accounts.access import administered_by
from checklist.accounts.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
    OrganisationRole,
)
from checklist.locale import language_for_address, local_date

# Called after the commit, with the link, when the e-mail could not be sent.
MailFailed = Callable[[str], None]
# Path segments under /organisations/ that are not an organisation's slug.
RESERVED_SLUGS = {"invitations"}


class OrganisationRefused(ValueError):
    """The message says why the change cannot be made."""


def unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_organisation(*, name: str, admin) -> Organisation:
    """A new organisation with ``admin`` as its first admin."""
    if Organisation.objects.filter(name__iexact=name).exists():
        raise OrganisationRefused(_("An organisation with that name exists already."))
    organisation = Organisation.objects.create(name=name, slug=unique_slug(name))
    OrganisationMembership.objects.create(
        organisation=organisation, user=admin, role=OrganisationRole.ADMIN
    )
    return organisation


@transaction.atomic
def add_to_organisation(
    *, organisation: Organisation, user, role: str = OrganisationRole.MEMBER
) -> OrganisationMembership:
    """``user`` joins ``organisation``; joining twice keeps the first role."""
    membership, _created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    return membership


@transaction.atomic
def change_organisation_role(
    *, membership: OrganisationMembership, role: str
) -> OrganisationMembership:
    if membership.is_admin and role != OrganisationRole.ADMIN:
        _keep_an_admin(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def remove_from_organisation(*, membership: OrganisationMembership) -> None:
    if membership.is_admin:
        _keep_an_admin(membership)
    membership.delete()


def _keep_an_admin(leaving: OrganisationMembership) -> None:
    # Lock the admins' rows (PostgreSQL) so two admins demoting each other at once cannot
    # leave the organisation with none; SQLite's IMMEDIATE transactions already serialise.
    # A deactivated admin cannot sign in, so does not count.
    admins = OrganisationMembership.objects.select_for_update().filter(
        organisation_id=leaving.organisation_id, role=OrganisationRole.ADMIN, user__is_active=True
    )
    if not [admin for admin in admins if admin.pk != leaving.pk]:
        raise OrganisationRefused(
            _("An organisation needs at least one admin: make someone else an admin first.")
        )


@transaction.atomic
def set_policy(
    *, organisation: Organisation, require_two_factor: bool, sso_email_domain: str
) -> Organisation:
    organisation.require_two_factor = require_two_factor
    organisation.sso_email_domain = sso_email_domain.strip().lower()
    organisation.save(update_fields=["require_two_factor", "sso_email_domain"])
    return organisation


@transaction.atomic
def deactivate(*, membership: OrganisationMembership, by) -> None:
    """An organisation admin ends an account of their organisation.

    The account cannot sign in and its open sessions end at once (Django's ModelBackend
    answers no user for an inactive account); its name stays in every history and report,
    as the account is kept. Refused for oneself, for site staff, for the last admin, and for
    a person who also belongs to an organisation ``by`` does not administer (that one's
    admins, or a site administrator, decide).
    """
    user = membership.user
    _check_account_change(user, by=by)
    # Every organisation of ``user`` is administered by ``by``, who stays active: none is
    # left without an admin.
    type(user).objects.filter(pk=user.pk).update(is_active=False)


@transaction.atomic
def reactivate(*, membership: OrganisationMembership, by) -> None:
    user = membership.user
    _check_account_change(user, by=by)
    type(user).objects.filter(pk=user.pk).update(is_active=True)


def _check_account_change(user, *, by) -> None:
    """An organisation admin changes only accounts that are theirs alone to manage."""
    if user.pk == by.pk:
        raise OrganisationRefused(_("You cannot change your own account's status here."))
    if user.is_staff or user.is_superuser:
        raise OrganisationRefused(_("Site staff accounts are managed by a site administrator."))
    elsewhere = OrganisationMembership.objects.filter(user=user).exclude(
        organisation__in=administered_by(by)
    )
    if elsewhere.exists():
        raise OrganisationRefused(
            _(
                "This person also belongs to another organisation; ask a site administrator "
                "to change the account's status."
            )
        )


@transaction.atomic
def invite_to_organisation(
    *, organisation: Organisation, email: str, role: str, by, failed: MailFailed | None = None
) -> OrganisationInvitation:
    """Invite ``email`` into the organisation as ``role``, mailed once committed.

    Refused when that address belongs to a member or has an invitation pending (people the
    admin already sees on the organisation's page).
    """
    email = email.strip()
    if organisation.memberships.filter(user__email__iexact=email).exists():
        raise tokens.InvitationRefused(_("Someone with that address is already a member."))
    if organisation.invitations.pending().filter(email__iexact=email).exists():
        raise tokens.InvitationRefused(
            _("That address has an invitation pending: resend it from the list below.")
        )
    invitation, token = tokens.issue(
        OrganisationInvitation, email=email, by=by, organisation=organisation, role=role
    )
    _mail(invitation, token, failed=failed)
    return invitation


@transaction.atomic
def resend_organisation_invitation(
    *, invitation: OrganisationInvitation, failed: MailFailed | None = None
) -> OrganisationInvitation:
    _mail(invitation, tokens.renew(invitation), failed=failed)
    return invitation


@transaction.atomic
def accept_organisation_invitation(
    *, invitation: OrganisationInvitation, user
) -> OrganisationMembership:
    """``user`` accepts (once): they join with the invited role, or keep the one they have."""
    tokens.claim(invitation, user)
    return add_to_organisation(
        organisation=invitation.organisation, user=user, role=invitation.role
    )


def _mail(invitation: OrganisationInvitation, token: str, *, failed: MailFailed | None) -> None:
    with translation.override(language_for_address(invitation.email)):
        inviter = invitation.invited_by
        url = tokens.link(reverse("organisations:invitation", args=[token]))
        body = _(
            "%(inviter)s invites you to join %(organisation)s as %(role)s.\n\n"
            "Accept the invitation: %(url)s\n\n"
            "The link works once and until %(expires)s. If you did not expect this, ignore it.\n"
        ) % {
            "inviter": inviter.get_full_name() or inviter.username,
            "organisation": invitation.organisation.name,
            "role": invitation.get_role_display().lower(),
            "url": url,
            "expires": local_date(invitation.expires_at),
        }
        subject = _("Invitation: %(organisation)s") % {"organisation": invitation.organisation.name}
    tokens.send_after_commit(
        to=invitation.email,
        subject=subject,
        body=body,
        failed=(lambda: failed(url)) if failed else None,
    )
