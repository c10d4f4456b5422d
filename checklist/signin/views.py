"""The account page: a person's name, and the way to their e-mail, password, two-factor and
sessions (those pages are django-allauth's, styled by templates/account/ and friends)."""

from allauth.account.views import email as allauth_email
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from checklist.preferences import PreferencesForm
from checklist.signin.emails import adopt_address_on_record
from checklist.signin.forms import NameForm
from checklist.signin.policy import two_factor_required


@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    form = NameForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your name is saved."))
            return redirect("signin:account")
        status = 400
    else:
        status = 200
    context = {
        "form": form,
        "two_factor_on": is_mfa_enabled(request.user, [Authenticator.Type.TOTP]),
        "two_factor_required": two_factor_required(request.user),
        "preferences_form": PreferencesForm.of(request.user),
    }
    return render(request, "account/account.html", context, status=status)


def email(request: HttpRequest) -> HttpResponse:
    """allauth's e-mail page, once the address on record is known to it as confirmed."""
    if request.user.is_authenticated:
        adopt_address_on_record(request.user)
    return allauth_email(request)
