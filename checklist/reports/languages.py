"""The language a report is printed in, and the direction of the texts it quotes.

A report is printed in the language asked for with ``?lang=`` when the app offers it, and
otherwise in the request's active language (the person's preference, or their browser's).
The instruments' texts are printed as imported, whatever the report's language.
"""

import unicodedata

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

RIGHT_TO_LEFT = {"R", "AL"}
LEFT_TO_RIGHT = {"L"}


def offered() -> dict[str, str]:
    """The app's languages by lower-case code, as settings.LANGUAGES spells each code."""
    return {code.lower(): code for code, _ in settings.LANGUAGES}


def active_language() -> str:
    """The request's language if the app offers it, else the site's default."""
    try:
        return translation.get_supported_language_variant(
            translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return settings.LANGUAGE_CODE


def report_language(request: HttpRequest) -> str:
    """``?lang=`` when it names one of the app's languages; anything else is ignored."""
    asked = request.GET.get("lang", "").strip().lower()
    return offered().get(asked) or active_language()


def choices() -> list[tuple[str, str]]:
    """(code, name in that language) for the language select, in settings' order."""
    return [
        (code, translation.get_language_info(code)["name_local"]) for code, _ in settings.LANGUAGES
    ]


def language_name(code: str) -> str:
    """The language's name in the active language (Django's catalogues translate them)."""
    try:
        return str(translation.get_language_info(code)["name_translated"])
    except KeyError:
        return code


def direction(text: object) -> str:
    """ "rtl" or "ltr" from the first letter with a strong direction (Unicode's rule P2),
    "auto" when no letter has one.

    WeasyPrint does not read ``dir="auto"``: a text quoted in a report of the other
    direction (an English paragraph in an Arabic report) is given its direction outright.
    """
    for character in str(text or ""):
        kind = unicodedata.bidirectional(character)
        if kind in RIGHT_TO_LEFT:
            return "rtl"
        if kind in LEFT_TO_RIGHT:
            return "ltr"
    return "auto"
