"""The translation of the reader's and the parser's messages, without importing Django.

sources.py and parser.py stay pure Python (the command line, the web import, the tests and
bench/sweep.py share them), yet their refusals and warnings are read by people. They mark
them with ``_("...")`` from here, which makemessages finds; the instruments app installs
Django's gettext at start-up, and without Django the messages stay in English.
"""

from collections.abc import Callable


def _untranslated(message: str) -> str:
    return message


_translate: Callable[[str], str] = _untranslated


def install(translate: Callable[[str], str]) -> None:
    """Translate the messages with ``translate`` from now on (Django's gettext)."""
    global _translate
    _translate = translate


def _(message: str) -> str:
    """``message`` in the active language, once a translation function is installed."""
    return _translate(message)
