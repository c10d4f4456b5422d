"""Send a person who must use two-factor, and has not set it up yet, to the set-up page."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from checklist.signin.policy import two_factor_required

# What such a person may still reach: setting up, proving who they are before it (allauth
# asks for the password again first), the recovery codes shown right after, signing out, and
# the header's language switcher (to read the set-up page in one's language).
ALLOWED_URL_NAMES = {
    "set_language",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "healthz",
}


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if must_set_up(request):
            messages.warning(
                request,
                _("Set up two-factor authentication to continue: it is required for you."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def must_set_up(request) -> bool:
    if not two_factor_required(request.user):
        return False
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return False
    if _url_name(request.path_info) in ALLOWED_URL_NAMES:
        return False
    return not is_mfa_enabled(request.user, [Authenticator.Type.TOTP])


def _url_name(path: str) -> str | None:
    try:
        return resolve(path).url_name
    except Resolver404:
        return None
