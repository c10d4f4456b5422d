"""Which language a page or an e-mail is in.

For a page: the person's stored preference when signed in, then the header switcher's choice
(a cookie, for people not signed in), then the browser's Accept-Language, then the site's
default (LANGUAGE_CODE, from DJANGO_LANGUAGE_CODE). Django's LocaleMiddleware does the last
three; PreferredLanguageMiddleware puts the preference first. For an e-mail: the recipient's
stored preference, else the language given by the caller.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone, translation
from django.views import i18n
from django.views.decorators.http import require_POST

from checklist.accounts.invitations import account_for
from checklist.accounts.models import Preferences


def site_language(code: str) -> str | None:
    """``code`` if it is one of the site's languages (``zh-Hans`` counts as ``zh-hans``)."""
    code = (code or "").lower()
    return code if code in dict(settings.LANGUAGES) else None


def stored_language(user) -> str | None:
    """The language the person chose on their account page or with the switcher, if any."""
    if user is None or not user.is_authenticated:
        return None
    chosen = Preferences.objects.filter(user=user).values_list("language", flat=True).first()
    return site_language(chosen)


def language_of(user, fallback: str | None = None) -> str:
    """The language to write to ``user`` in: their choice, else ``fallback`` (the language
    of the page that caused the mail, when the recipient is the person asking), else the
    site's default."""
    return stored_language(user) or site_language(fallback) or settings.LANGUAGE_CODE


def language_for_address(email: str) -> str:
    """For a mail to an address (an invitation): the language of the account that has it,
    else the language of the page that sends it (the inviter's)."""
    return language_of(account_for(email), fallback=translation.get_language())


def local_date(moment) -> str:
    """A date as the active language writes it (``DATE_FORMAT``), in the site's time zone."""
    return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


# The stored language, read into the session at sign-in: pages then cost no query for it.
# Changes made in this session (switcher, account page) update it; one made in another
# browser shows here at the next sign-in.
SESSION_KEY = "preferred_language"


def remember(request: HttpRequest, language: str) -> None:
    request.session[SESSION_KEY] = language


def remember_on_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None:
        remember(request, stored_language(user) or "")


class PreferredLanguageMiddleware:
    """A signed-in person's stored language wins over the cookie and the browser."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            if SESSION_KEY not in request.session:  # signed in before this was kept
                remember(request, stored_language(request.user) or "")
            chosen = request.session[SESSION_KEY]
            if chosen and chosen != request.LANGUAGE_CODE:
                translation.activate(chosen)
                request.LANGUAGE_CODE = chosen
        return self.get_response(request)


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the cookie, and a redirect to a safe ``next``), and for a
    signed-in person their stored preference too, so it follows them to other browsers and
    into their e-mails."""
    response = i18n.set_language(request)
    chosen = site_language(request.POST.get("language", ""))
    if chosen and request.user.is_authenticated:
        Preferences.objects.update_or_create(user=request.user, defaults={"language": chosen})
        remember(request, chosen)
    return response
