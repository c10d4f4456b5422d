"""Invitations into an assessment: an owner or organisation admin invites an address with a
role; the person accepts (it is never imposed) through the link e-mailed to them.

The e-mail goes out after the commit; when the mail server fails, the invitation stays and
the inviter is handed the link to pass on themselves (``failed``).
"""

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from checklist.accounts import invitations as tokens
from checklist.accounts.invitations import InvitationRefused
from checklist.assessments.models import (
    Assessment,
    Event,
    Invitation,
    Membership,
    Role,
    stored_label,
)
from checklist.assessments.services import log_event
from checklist.locale import language_for_address, local_date

# Called after the commit, with the link, when the e-mail could not be sent.
MailFailed = Callable[[str], None]


def accept_path(token: str) -> str:
    return reverse("assessments:invitation", args=[token])


@transaction.atomic
def invite(
    *, assessment: Assessment, email: str, role: str, by, failed: MailFailed | None = None
) -> Invitation:
    """Invite ``email`` as ``role``: a new invitation, mailed once it is committed.

    Refused when that address already belongs to a member or has an invitation pending
    (both are people the inviter already sees on the members page).
    """
    email = email.strip()
    if Membership.objects.filter(assessment=assessment, user__email__iexact=email).exists():
        raise InvitationRefused(_("Someone with that address is already a member."))
    if assessment.invitations.pending().filter(email__iexact=email).exists():
        raise InvitationRefused(
            _("That address has an invitation pending: resend it from the list below.")
        )
    invitation, token = tokens.issue(
        Invitation, email=email, by=by, assessment=assessment, role=role
    )
    # The trail is read by every member: it names the role, not the address.
    log_event(
        assessment,
        actor=by,
        kind=Event.Kind.MEMBERS,
        summary=f"Invited someone as {stored_label(Role(role)).lower()}",
    )
    _mail(invitation, token, failed=failed)
    return invitation


@transaction.atomic
def resend(*, invitation: Invitation, failed: MailFailed | None = None) -> Invitation:
    """A new link (the old one stops working) and a new expiry, mailed again."""
    token = tokens.renew(invitation)
    _mail(invitation, token, failed=failed)
    return invitation


@transaction.atomic
def revoke(*, invitation: Invitation) -> None:
    tokens.revoke(invitation)


@transaction.atomic
def accept(*, invitation: Invitation, user) -> Membership:
    """``user`` accepts (once): they join with the invited role, or keep the one they have."""
    tokens.claim(invitation, user)
    membership = Membership.objects.filter(assessment=invitation.assessment, user=user).first()
    if membership is not None:
        return membership
    membership = Membership.objects.create(
        assessment=invitation.assessment, user=user, role=invitation.role
    )
    log_event(
        invitation.assessment,
        actor=user,
        kind=Event.Kind.MEMBERS,
        summary=f"{user.username} accepted an invitation as "
        f"{stored_label(Role(invitation.role)).lower()}",
    )
    return membership


def _mail(invitation: Invitation, token: str, *, failed: MailFailed | None) -> None:
    with translation.override(language_for_address(invitation.email)):
        assessment = invitation.assessment
        inviter = invitation.invited_by
        url = tokens.link(accept_path(token))
        body = _(
            "%(inviter)s invites you to take part in the assessment “%(title)s” (%(state)s) "
            "as %(role)s.\n\n"
            "Accept the invitation: %(url)s\n\n"
            "The link works once and until %(expires)s. If you did not expect this, ignore it.\n"
        ) % {
            "inviter": inviter.get_full_name() or inviter.username,
            "title": assessment.title,
            "state": assessment.country.name,
            "role": Role(invitation.role).label.lower(),
            "url": url,
            "expires": local_date(invitation.expires_at),
        }
        subject = _("Invitation: %(title)s") % {"title": assessment.title}
    tokens.send_after_commit(
        to=invitation.email,
        subject=subject,
        body=body,
        failed=(lambda: failed(url)) if failed else None,
    )
