"""The page behind an invitation's link, for every kind of invitation: a link that cannot be
used gets a page saying why; someone signed in accepts (or not); an address with an account
signs in first; a new address sets a name and password and goes straight in."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext

from checklist.accounts import invitations as tokens
from checklist.accounts.models import Invitation


@dataclass(frozen=True)
class Offer:
    """What accepting ``invitation`` gives, and how."""

    what: str  # e.g. "the assessment “Review 2026” (Kenya) as reviewer"
    accept: Callable[[object], str]  # joins the user; the message to show; may refuse
    landing: str  # where the person goes once in


def answer(request: HttpRequest, found: Invitation | None, offer: Callable[[], Offer]):
    if found is None or not found.is_pending:
        return refused(request, tokens.refusal(found), status=404 if found is None else 410)
    context = {"invitation": found, "what": offer().what}
    if request.user.is_authenticated:
        if request.method == "POST":
            return _accept(request, offer(), request.user)
        return render(request, "accounts/invitation.html", {**context, "mode": "accept"})
    if tokens.account_for(found.email) is not None:
        login_url = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.path})}"
        context.update(mode="sign_in", login_url=login_url)
        return render(request, "accounts/invitation.html", context)
    form = tokens.NewAccountForm(found.email, request.POST or None)
    context.update(mode="new", form=form)
    if request.method == "POST":
        if form.is_valid():
            return _join_as_new_account(request, offer(), form)
        return render(request, "accounts/invitation.html", context, status=400)
    return render(request, "accounts/invitation.html", context)


def refused(request: HttpRequest, problem: str, *, status: int = 410) -> HttpResponse:
    context = {"problem": problem}
    return render(request, "accounts/invitation_refused.html", context, status=status)


def _join_as_new_account(request, offer: Offer, form) -> HttpResponse:
    """The account and the acceptance together: a link used meanwhile makes no account."""
    try:
        with transaction.atomic():
            user = form.save()
            done = offer.accept(user)
    except tokens.InvitationRefused as refusal:
        return refused(request, str(refusal))
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, done)
    return redirect(offer.landing)


def _accept(request, offer: Offer, user) -> HttpResponse:
    try:
        done = offer.accept(user)
    except tokens.InvitationRefused as refusal:
        return refused(request, str(refusal))
    messages.success(request, done)
    return redirect(offer.landing)


def say_invited(request, email: str, unsent: list[str]) -> None:
    """Only the address the inviter typed is named: whether it has an account is not said."""
    if unsent:
        messages.warning(
            request,
            gettext(
                "The invitation is saved, but the e-mail to %(email)s could not be sent. "
                "Pass this link on yourself: %(link)s"
            )
            % {"email": email, "link": unsent[0]},
        )
    else:
        messages.success(request, gettext("Invitation sent to %(email)s.") % {"email": email})
