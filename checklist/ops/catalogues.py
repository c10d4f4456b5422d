"""The translation catalogues under locale/: English filled in from its own messages, and
every .po compiled to the .mo Django reads, with polib (pure Python: no msgfmt needed)."""

from pathlib import Path

import polib
from django.conf import settings

# Directory names under locale/ (Django writes zh-hans as zh_Hans).
LOCALES = ["ar", "zh_Hans", "en", "fr", "ru", "es"]
SOURCE_LOCALE = "en"


def catalogue(locale: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / "django.po"


def fill_from_source(po: polib.POFile) -> int:
    """English is written in the code: each message is its own translation. Returns how
    many entries changed."""
    changed = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            wanted = {0: entry.msgid, 1: entry.msgid_plural}
            if entry.msgstr_plural != wanted:
                entry.msgstr_plural = wanted
                changed += 1
        elif entry.msgstr != entry.msgid:
            entry.msgstr = entry.msgid
            changed += 1
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
            changed += 1
    return changed


def name_the_language(po_path: Path, locale: str) -> None:
    """makemessages leaves the header's Language empty; translators' editors read it."""
    po = polib.pofile(str(po_path))
    if po.metadata.get("Language") != locale:
        po.metadata["Language"] = locale
        po.save()


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo beside the .po (polib leaves out untranslated and fuzzy messages, as
    msgfmt does)."""
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path
