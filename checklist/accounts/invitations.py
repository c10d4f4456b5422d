"""What every invitation shares: its token, its e-mail (sent after the commit, a failure
logged and handed back so the inviter can pass the link on), the form a new person fills in
and the words for a link that cannot be used."""

import hashlib
import logging
import secrets
from collections.abc import Callable
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordForm
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from checklist.accounts.models import INVITATION_DAYS, Invitation

logger = logging.getLogger(__name__)


class InvitationRefused(ValueError):
    """The message says why, in plain words."""


def new_token() -> tuple[str, str]:
    """A token for the link, and its SHA-256 for the database."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find(model: type[Invitation], token: str) -> Invitation | None:
    """The invitation whose link carries ``token``; None for anything else. The lookup is
    by the token's hash, so a guess reveals nothing by its timing about stored tokens."""
    if not token or len(token) > 100:
        return None
    return model.objects.filter(token_hash=hash_token(token)).first()


def expiry(since):
    return since + timedelta(days=INVITATION_DAYS)


def link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send_after_commit(
    *, to: str, subject: str, body: str, failed: Callable[[], None] | None = None
) -> None:
    """Send once the transaction commits; a failing mail server is logged and ``failed`` is
    called, and what was saved stays saved."""

    def send() -> None:
        try:
            send_mail(" ".join(subject.split()), body, None, [to], fail_silently=False)
        except Exception:
            # Whatever the backend raises (refused connection, TLS, a bad header).
            logger.exception("Invitation e-mail not sent to %s", to)
            if failed is not None:
                failed()

    transaction.on_commit(send)


def issue(model: type[Invitation], *, email: str, by, **fields) -> tuple[Invitation, str]:
    """A new invitation and the token for its link (which only the e-mail carries)."""
    token, token_hash = new_token()
    now = timezone.now()
    invitation = model.objects.create(
        email=email,
        invited_by=by,
        token_hash=token_hash,
        created_at=now,
        expires_at=expiry(now),
        **fields,
    )
    return invitation, token


def renew(invitation: Invitation) -> str:
    """A new link (the old one stops working) and a new expiry; the new token."""
    if invitation.state in (Invitation.State.ACCEPTED, Invitation.State.REVOKED):
        raise InvitationRefused(_("This invitation was accepted or withdrawn already."))
    token, invitation.token_hash = new_token()
    invitation.expires_at = expiry(timezone.now())
    invitation.save(update_fields=["token_hash", "expires_at"])
    return token


def revoke(invitation: Invitation) -> None:
    type(invitation).objects.filter(pk=invitation.pk, accepted_at=None).update(
        revoked_at=timezone.now()
    )


def claim(invitation: Invitation, user) -> None:
    """Mark the invitation accepted by ``user``, or refuse saying why.

    The conditional UPDATE makes the link single use: of two acceptances at once, one
    matches the row and the other is refused.
    """
    now = timezone.now()
    accepted = (
        type(invitation)
        .objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None, expires_at__gt=now)
        .update(accepted_at=now, accepted_by=user)
    )
    if not accepted:
        invitation.refresh_from_db()
        raise InvitationRefused(refusal(invitation))


def account_for(email: str):
    """The active account with this address, if exactly one has it."""
    found = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
    return found[0] if len(found) == 1 else None


class NewAccountForm(SetPasswordForm):
    """A new person's name and password (Django's password validation)."""

    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150, required=False)
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def __init__(self, email: str, *args, **kwargs):
        # The account the password is checked against: not saved until the form is valid.
        super().__init__(get_user_model()(email=email, username=email), *args, **kwargs)

    def save(self, commit: bool = True):
        user = super().save(commit=False)
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.username = free_username(user.email)
        if commit:
            user.save()
        return user


def free_username(email: str) -> str:
    """The address as username, or the address with a number when that is taken."""
    User = get_user_model()
    base = email.lower()[:140]
    name, n = base, 1
    while User.objects.filter(username__iexact=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


STATE_MESSAGES = {
    Invitation.State.ACCEPTED: gettext_lazy(
        "This invitation has been accepted already. Sign in to continue."
    ),
    Invitation.State.REVOKED: gettext_lazy(
        "This invitation was withdrawn. Ask the person who invited you to send a new one."
    ),
    Invitation.State.EXPIRED: gettext_lazy(
        "This invitation has expired. Ask the person who invited you to send it again."
    ),
}


def refusal(invitation: Invitation | None) -> str:
    """Why this link cannot be used, in plain words."""
    if invitation is None:
        return _(
            "This invitation link is not valid. Check that you copied the whole link, or ask "
            "the person who invited you to send it again."
        )
    return str(STATE_MESSAGES[invitation.state])
