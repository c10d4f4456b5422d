"""The report in the six UN languages: the language chosen when printing (``?lang=``), the
page's language and direction, the fonts of each script, the cache per language, and the
sealed report that keeps the language it was sealed in while others are unsealed copies.

The app's own catalogues are filled in later by the translators: these tests read what is
translated already (Django's month names, django-countries' State names) and the structure.
"""

import csv
import hashlib
import io
import re

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from checklist.assessments.models import ApprovedReport, Finding
from checklist.reports import cached, exports, languages, pdf
from tests.factories import GA, client_of, set_finding
from tests.factories import approve_directly as approve
from tests.factories import download_pdf as download

LANGUAGES = ["ar", "zh-hans", "en", "fr", "ru", "es"]
# The as_of date of the team's assessment (30 June 2026) as Django's catalogues print it.
AS_OF = {
    "ar": "يونيو",
    "zh-hans": "2026年6月30日",
    "en": "30 June 2026",
    "fr": "30 juin 2026",
    "ru": "30 июня 2026",
    "es": "30 de junio de 2026",
}
ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff]")


@pytest.fixture
def team(team):
    set_finding(team, "15", Finding.COMPLIANT, evidence="Refugee Act 2021, section 12.")
    return team


def text_of(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def fonts_of(data: bytes) -> set[str]:
    """The BaseFont names WeasyPrint embedded, without their subset prefix (ABCDEF+)."""
    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def state_name(assessment, language: str) -> str:
    with translation.override(language):
        return str(assessment.country.name)


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html)[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_report_is_built_in_the_language_asked_for(team, language):
    html = pdf.report_html(team.assessment, language=language)
    direction = "rtl" if language == "ar" else "ltr"
    assert html_tag(html) == f'<html lang="{language}" dir="{direction}">'
    assert state_name(team.assessment, language) in html
    assert AS_OF[language] in html
    # The instrument's text stays as imported: English, laid out left to right.
    assert '<p class="text" dir="ltr">' in html
    assert f'<bdi dir="ltr">{GA}</bdi>' in html


@pytest.mark.parametrize("language", ["fr", "ar", "ru"])
def test_the_chart_coordinates_are_not_localised(team, language):
    """French, Arabic and Russian write 80,5 for 80.5: an SVG coordinate must not."""
    html = pdf.report_html(team.assessment, language=language)
    coordinates = re.findall(r'<rect x="([^"]+)" y="0" width="([^"]+)"', html)
    assert len(coordinates) > 5
    for x, width in coordinates:
        float(x), float(width)


def test_the_bars_grow_from_the_right_in_arabic(team):
    def bars(language):
        return re.findall(
            r'<rect x="([^"]+)" y="0" width="([^"]+)" height="18" fill="#c9ced6"',
            pdf.report_html(team.assessment, language=language),
        )

    # The "not assessed" segment is the first of each bar: at the left in English, at the
    # right in Arabic.
    for (x, width), (mirrored_x, same_width) in zip(bars("en"), bars("ar"), strict=True):
        assert float(x) == 0 and same_width == width
        assert float(mirrored_x) + float(width) == pytest.approx(400)


@pytest.mark.parametrize(
    ("language", "font"),
    [("ar", "Noto-Naskh-Arabic"), ("zh-hans", "Noto-Sans-CJK-SC"), ("ru", "DejaVu-Sans")],
)
def test_each_script_is_printed_in_a_font_that_has_it(team, language, font):
    data = download(client_of(team.viewer), team.assessment, f"?lang={language}")
    assert font in fonts_of(data)
    assert state_name(team.assessment, language) in text_of(data)


def test_the_arabic_pdf_holds_the_state_name_in_arabic_and_the_english_text(team):
    data = download(client_of(team.viewer), team.assessment, "?lang=ar")
    text = text_of(data)
    name = state_name(team.assessment, "ar")
    assert ARABIC_LETTERS.search(name)
    assert name in text
    assert "Refugee Act 2021, section 12." in text
    assert GA in text
    assert "Noto-Sans-CJK-SC" not in fonts_of(data)  # no Chinese text, no CJK font


def test_the_chinese_pdf_holds_the_state_name_in_chinese(team):
    text = text_of(download(client_of(team.viewer), team.assessment, "?lang=zh-hans"))
    assert state_name(team.assessment, "zh-hans") == "肯尼亚"
    assert "肯尼亚" in text
    assert "2026年6月30日" in text


@pytest.mark.parametrize(
    ("language", "summary"), [("fr", "Résumé"), ("ar", "ملخص"), ("zh-hans", "摘要")]
)
def test_the_headings_are_translated(team, language, summary):
    """Django's own catalogues already translate "Summary"; the translators do the rest."""
    text = text_of(download(client_of(team.viewer), team.assessment, f"?lang={language}"))
    assert summary in text
    assert "Summary" not in text


@pytest.mark.parametrize(
    ("language", "header"), [("fr", "Texte"), ("ar", "النص"), ("zh-hans", "案文")]
)
def test_the_exports_headers_are_in_the_active_language(team, language, header):
    with translation.override(language):
        lines = list(csv.reader(io.StringIO(exports.responses_csv(team.assessment).decode())))
        workbook = load_workbook(io.BytesIO(exports.responses_xlsx(team.assessment)))
    assert lines[0][4] == header
    assert [sheet["E1"].value for sheet in workbook.worksheets] == [header, header]
    assert "Text" not in lines[0]


def test_an_unknown_language_prints_in_the_request_language(team):
    viewer = client_of(team.viewer)
    assert "Kenya" in text_of(download(viewer, team.assessment, "?lang=xx"))
    # The print view reads ?lang= as the PDF does, and is quicker to make.
    for asked in ["../../etc/passwd", "en-zz", "", "ar" * 300, "%00"]:
        page = viewer.get(f"/assessments/{team.assessment.pk}/report/print/?lang={asked}")
        assert page.status_code == 200
        assert html_tag(page.content.decode()) == '<html lang="en" dir="ltr">'


def test_the_language_code_is_read_whatever_its_case(team):
    assert "肯尼亚" in text_of(download(client_of(team.viewer), team.assessment, "?lang=zh-HANS"))


def test_without_lang_the_request_language_is_used(rf, settings):
    settings.LANGUAGES = [(code, code) for code in LANGUAGES]
    with translation.override("fr"):
        assert languages.report_language(rf.get("/")) == "fr"
        assert languages.report_language(rf.get("/", {"lang": "xx"})) == "fr"
        assert languages.report_language(rf.get("/", {"lang": "ar"})) == "ar"
    with translation.override("de"):  # not one of the app's languages
        assert languages.report_language(rf.get("/")) == "en"
        assert languages.report_language(rf.get("/", {"lang": "de"})) == "en"


def test_the_print_view_is_in_the_language_asked_for(team):
    page = client_of(team.viewer).get(f"/assessments/{team.assessment.pk}/report/print/?lang=ar")
    html = page.content.decode()
    assert page.status_code == 200
    assert html_tag(html) == '<html lang="ar" dir="rtl">'
    assert f'href="/assessments/{team.assessment.pk}/report/pdf/?lang=ar"' in html


def test_the_report_page_offers_every_language_in_a_get_form(team, settings):
    settings.LANGUAGES = [(code, code) for code in LANGUAGES]
    page = client_of(team.viewer).get(f"/assessments/{team.assessment.pk}/report/?lang=ru")
    html = page.content.decode()
    form = re.search(r'<form[^>]*method="get"[^>]*>.*?</form>', html, re.S)[0]
    assert f'action="/assessments/{team.assessment.pk}/report/pdf/"' in form
    options = re.findall(r'<option value="([^"]+)"', form)
    assert options == LANGUAGES
    assert '<option value="ru" lang="ru" selected>Русский</option>' in form
    assert '<option value="ar" lang="ar">العربيّة</option>' in form
    assert f'formaction="/assessments/{team.assessment.pk}/report/print/"' in form


def test_a_draft_is_cached_once_per_language(team, media, monkeypatch):
    renders = []
    render = pdf.report_pdf

    def counted(assessment, **options):
        renders.append(options["language"])
        return render(assessment, **options)

    monkeypatch.setattr(pdf, "report_pdf", counted)
    viewer = client_of(team.viewer)
    english = download(viewer, team.assessment, "?lang=en")
    arabic = download(viewer, team.assessment, "?lang=ar")
    assert download(viewer, team.assessment, "?lang=en") == english
    assert download(viewer, team.assessment, "?lang=ar") == arabic
    assert renders == ["en", "ar"]
    # Printing in Arabic did not drop the English file.
    assert sorted(path.name.split("-")[1] for path in media.rglob("*.pdf")) == ["ar", "en"]


def test_the_fingerprint_differs_per_language_and_catalogue(team, settings, tmp_path):
    stamps = {
        code: cached.fingerprint(team.assessment, with_comments=False, language=code)
        for code in LANGUAGES
    }
    assert len(set(stamps.values())) == len(LANGUAGES)
    catalogue = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
    catalogue.parent.mkdir(parents=True)
    catalogue.write_bytes(b"translations of 2026")
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]
    translated = cached.fingerprint(team.assessment, with_comments=False, language="fr")
    assert translated != stamps["fr"]
    assert cached.fingerprint(team.assessment, with_comments=False, language="es") == stamps["es"]


def test_the_sealed_report_keeps_the_language_it_was_sealed_in(team, media):
    approve(team.assessment, team.reviewer)
    viewer = client_of(team.viewer)
    sealed = download(viewer, team.assessment, "?lang=ar")
    stored = ApprovedReport.objects.get(assessment=team.assessment)
    assert stored.language == "ar"
    assert stored.sha256 == hashlib.sha256(sealed).hexdigest()
    assert download(client_of(team.editor), team.assessment, "?lang=ar") == sealed
    assert state_name(team.assessment, "ar") in text_of(sealed)
    # The fingerprint page is read back in a right-to-left report as well.
    fingerprint = pdf.fingerprint(stored)
    assert fingerprint.matches and fingerprint.file_sha256 == stored.sha256
    page = viewer.get(f"/assessments/{team.assessment.pk}/report/").content.decode()
    assert "matches the stored file" in page
    assert "Sealed in Arabic" in page


def test_another_language_of_an_approved_report_is_an_unsealed_copy(team, media):
    approve(team.assessment, team.reviewer)
    viewer = client_of(team.viewer)
    sealed = download(viewer, team.assessment, "?lang=fr")
    copy = download(viewer, team.assessment, "?lang=en")
    assert copy != sealed
    stored = ApprovedReport.objects.get()
    assert stored.language == "fr"
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(copy)).pages]
    marking = "Unsealed copy — the authentic version is the sealed PDF in French, fingerprint"
    assert marking in pages[0]
    assert stored.sha256 in pages[0].replace(" ", "")  # the hash may wrap
    assert all("Unsealed copy" in page for page in pages)
    assert "Fingerprint of this report" not in pages[-1]
    # The sealed one is served unchanged and nothing else was sealed.
    assert download(viewer, team.assessment, "?lang=fr") == sealed
    assert "Unsealed copy" not in text_of(sealed)
    assert ApprovedReport.objects.count() == 1


def test_an_unsealed_copy_in_the_print_view_says_so(team, media):
    approve(team.assessment, team.reviewer)
    viewer = client_of(team.viewer)
    download(viewer, team.assessment, "?lang=es")
    url = f"/assessments/{team.assessment.pk}/report/print/"
    with translation.override("ru"):
        in_russian = translation.gettext("Unsealed copy")
    with translation.override("es"):
        in_spanish = translation.gettext("Unsealed copy")
    assert in_russian != "Unsealed copy"
    assert in_russian in viewer.get(f"{url}?lang=ru").content.decode()
    assert in_spanish not in viewer.get(f"{url}?lang=es").content.decode()


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Calls upon all States", "ltr"),
        ("§1 Calls upon", "ltr"),
        ("«الجمعية العامة» A/RES/52/132", "rtl"),
        ("A/RES/52/132 الجمعية", "ltr"),
        ("2026 — 12", "auto"),
        ("", "auto"),
        ("呼吁各国", "ltr"),
    ],
)
def test_a_quoted_text_is_given_the_direction_of_its_first_strong_letter(text, direction):
    assert languages.direction(text) == direction
