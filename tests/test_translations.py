"""The six catalogues stay complete, and no template holds words outside a translation tag.

a) every message of locale/<ll>/LC_MESSAGES/django.po translated, none fuzzy, the same
   %-placeholders as the English text, every plural form there;
b) the committed .mo files are what their .po files compile to (so a fresh clone reads
   the current translations without msgfmt);
c) a scan of templates/ (Django and Jinja2): text outside tags, and the title, placeholder,
   aria-label and alt attributes, hold no letters outside a translation tag.

`make messages` collects new strings and recompiles (README, "Languages").
"""

import gettext
import re
from pathlib import Path

import polib
import pytest

from checklist.ops.catalogues import LOCALES, SOURCE_LOCALE
from tests.factories import ROOT

LOCALE_DIR = ROOT / "locale"
TEMPLATES = ROOT / "templates"

PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0 +-]?\d*(?:\.\d+)?[sdifrxXeEgGc%]")


def catalogue_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "django.po"


def load(locale: str) -> polib.POFile:
    path = catalogue_path(locale)
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run `make messages`"
    return polib.pofile(str(path))


def placeholders(text: str) -> list[str]:
    return sorted(found for found in PLACEHOLDER.findall(text) if found != "%%")


def nplurals(po: polib.POFile) -> int:
    found = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    assert found, "the catalogue's header has no Plural-Forms"
    return int(found[1])


def problems_in(po: polib.POFile) -> list[str]:
    """One line per message that is missing, fuzzy or breaks its placeholders."""
    forms = nplurals(po)
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        where = f"line {entry.linenum}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        if entry.msgid_plural:
            wanted = set(placeholders(entry.msgid) + placeholders(entry.msgid_plural))
            if sorted(entry.msgstr_plural) != list(range(forms)):
                problems.append(f"{where} has plural forms {sorted(entry.msgstr_plural)}")
            for index, text in entry.msgstr_plural.items():
                if not text:
                    problems.append(f"{where} has no plural form {index}")
                elif not set(placeholders(text)) <= wanted:
                    problems.append(f"{where} form {index} has {placeholders(text)}")
        elif not entry.msgstr:
            problems.append(f"{where} is not translated")
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append(f"{where} has {placeholders(entry.msgstr)}")
    return problems


@pytest.mark.parametrize("locale", LOCALES)
def test_every_message_is_translated(locale):
    problems = problems_in(load(locale))
    assert problems == [], f"{catalogue_path(locale)}:\n" + "\n".join(problems)


def test_the_source_catalogue_translates_each_message_as_itself():
    for entry in load(SOURCE_LOCALE).translated_entries():
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}
        else:
            assert entry.msgstr == entry.msgid


def test_a_missing_placeholder_is_found():
    po = polib.POFile()
    po.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="%(count)s items of %(total)s", msgstr="%(count)s éléments"))
    po.append(polib.POEntry(msgid="Save", msgstr="Enregistrer", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="%(n)s row", msgid_plural="%(n)s rows", msgstr_plural={0: "x"}))
    assert [problem.split(": ", 1)[1] for problem in problems_in(po)] == [
        "'%(count)s items of %(total)s' has ['%(count)s']",
        "'Save' is fuzzy",
        "'%(n)s row' has plural forms [0]",
    ]


def catalogue_as_read(mo_path: Path) -> dict:
    with open(mo_path, "rb") as mo:
        return dict(gettext.GNUTranslations(mo)._catalog)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_committed_mo_file_matches_its_po_file(locale, tmp_path):
    compiled = tmp_path / "django.mo"
    load(locale).save_as_mofile(str(compiled))
    committed = catalogue_path(locale).with_suffix(".mo")
    assert committed.exists(), f"{committed.relative_to(ROOT)} is missing: run `make messages`"
    assert catalogue_as_read(committed) == catalogue_as_read(compiled), (
        f"{committed.relative_to(ROOT)} is out of date: run `make messages`"
    )


# c) The template scan.

# Words that are the same in every language. Each needs a reason.
ALLOWED_WORDS: dict[str, str] = {}

TRANSLATED_BLOCK = re.compile(
    r"{%-?\s*blocktrans(?:late)?\b.*?{%-?\s*endblocktrans(?:late)?\s*-?%}", re.S
)
# Blocks named for a class (base.html's main_class) hold CSS class names, not text.
CLASS_BLOCK = re.compile(r"{%-?\s*block\s+\w*class\w*\s*-?%}.*?{%-?\s*endblock\b.*?%}", re.S)
DJANGO_COMMENT = re.compile(r"{%-?\s*comment\s*-?%}.*?{%-?\s*endcomment\s*-?%}", re.S)
TEMPLATE_CODE = re.compile(r"{#.*?#}|{%.*?%}|{{.*?}}", re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A command in <code> is typed as it is, in every language: not text to translate.
NOT_PROSE = re.compile(r"<(script|style|code)\b.*?</\1\s*>", re.S | re.I)
TEXT_ATTRIBUTE = re.compile(r"""\b(title|placeholder|aria-label|alt)\s*=\s*(["'])(.*?)\2""", re.S)
TAG = re.compile(r"<[^>]*>", re.S)
ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);")
WORD = re.compile(r"[^\W\d_]+")


def blank(match: re.Match) -> str:
    """The match replaced by a space, keeping its line breaks so line numbers stay right."""
    return " " + "\n" * match.group(0).count("\n")


def line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def untranslated(source: str) -> list[tuple[int, str]]:
    """(line, words) for each piece of text a person would read that no tag translates."""
    text = source
    for pattern in (TRANSLATED_BLOCK, CLASS_BLOCK, DJANGO_COMMENT, TEMPLATE_CODE, HTML_COMMENT):
        text = pattern.sub(blank, text)
    found = []
    for match in TEXT_ATTRIBUTE.finditer(text):
        words = [word for word in WORD.findall(match[3]) if word not in ALLOWED_WORDS]
        if words:
            found.append((line_of(text, match.start()), f'{match[1]}="{match[3].strip()}"'))
    for pattern in (NOT_PROSE, TAG, ENTITY):
        text = pattern.sub(blank, text)
    for number, line in enumerate(text.splitlines(), start=1):
        words = [word for word in WORD.findall(line) if word not in ALLOWED_WORDS]
        if words:
            found.append((number, " ".join(line.split())))
    return sorted(found)


TEMPLATE_FILES = sorted(p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("name", TEMPLATE_FILES)
def test_template_has_no_text_outside_translation_tags(name):
    found = untranslated((TEMPLATES / name).read_text())
    assert found == [], "\n".join(f"templates/{name}:{line}: {text}" for line, text in found)


def test_the_scan_finds_words_and_ignores_translated_ones():
    source = (
        '{% load i18n %}<h1 title="Help">{% translate "Checklist" %}</h1>\n'
        "<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %} &middot; 5 %</p>\n"
        "<!-- a comment --><script>var x = 'code';</script>{# note #}\n"
        '<p>Not marked</p><input placeholder="{{ _("Search") }}" aria-label="Search">\n'
    )
    assert untranslated(source) == [
        (1, 'title="Help"'),
        (4, "Not marked"),
        (4, 'aria-label="Search"'),
    ]
