"""Instruments in several languages: a text records its language; the same symbol in another
language is saved as a language version (not refused as a duplicate), its operative
paragraphs aligned by number; the checklist and the item page show item texts from a
version (``?text=fr``), falling back to the assessment's own text with a note."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from checklist.instruments.models import ImportDraft, Instrument
from checklist.instruments.versions import texts_in_language
from tests.factories import GA, GA_SOURCE, body, item_numbered, make_instrument_editor
from tests.test_import_web import confirm_url, review_post_data, start

LANGUAGES = Path(__file__).resolve().parent / "data" / "languages"
FRENCH_GA = LANGUAGES / "fr_52_132.txt"
FRENCH_3 = "intolérance ethnique et les autres formes"
ENGLISH_3 = "ethnic and other forms of intolerance as one of the major causes"
ENGLISH_13 = "States that have not already done so to consider acceding"


def page(response) -> str:
    return body(response).decode()


def import_file(path: Path, *options: str) -> None:
    call_command("import_instrument", str(path), *options, stdout=_Sink(), stderr=_Sink())


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def french(seeded) -> Instrument:
    import_file(FRENCH_GA)
    return Instrument.objects.get(symbol=GA, language="fr")


@pytest.mark.django_db
def test_the_seed_instruments_are_english(seeded):
    assert {instrument.language for instrument in seeded.values()} == {"en"}


def test_the_same_symbol_in_french_is_saved_as_a_language_version(seeded, french):
    english = seeded["ga"]
    assert Instrument.objects.filter(symbol=GA).count() == 2
    assert french.title == "Droits de l'homme et exodes massifs"
    assert english.language_versions() == [french]
    assert french.language_versions() == [english]
    # Not the previous version of a series: the same text, in another language.
    assert french.previous_version is None


def test_the_same_symbol_in_the_same_language_is_still_refused(french):
    with pytest.raises(CommandError, match="already exists in French"):
        import_file(FRENCH_GA)
    with pytest.raises(CommandError, match="already exists in English"):
        import_file(GA_SOURCE)
    assert Instrument.objects.filter(symbol=GA).count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_symbol_twice_in_one_language_in_any_case(seeded):
    Instrument.objects.create(symbol="a/res/52/132", language="fr", title="Copie", body="Other")
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(symbol="A/RES/52/132", language="fr", title="Copie", body="Other")


@pytest.mark.django_db
def test_the_command_takes_the_language_given(seeded):
    import_file(FRENCH_GA, "--language", "es")
    assert Instrument.objects.get(symbol=GA, language="es").title.startswith("Droits")


def test_the_instrument_page_lists_its_language_versions_and_the_count_mismatch(
    login, seeded, french, reader
):
    client = login(reader)
    html = page(client.get(f"/instruments/{seeded['ga'].pk}/"))
    assert f'href="/instruments/{french.pk}/" hreflang="fr">French</a>' in html
    assert "The French version has 4 operative paragraphs and this text 18" in html
    assert "Missing there: 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18." in html
    french_html = page(client.get(f"/instruments/{french.pk}/"))
    assert f'href="/instruments/{seeded["ga"].pk}/" hreflang="en">English</a>' in french_html
    assert "Only there: 5, 6" in french_html


@pytest.mark.django_db
def test_an_instrument_without_versions_shows_no_mismatch(login, seeded, reader):
    html = page(login(reader).get(f"/instruments/{seeded['ga'].pk}/"))
    assert "Other languages" not in html
    assert "operative paragraphs and this text" not in html


def test_texts_in_language_aligns_by_paragraph_number_in_constant_queries(
    team, french, django_assert_num_queries
):
    items = list(team.assessment.items.all())
    with django_assert_num_queries(4):
        texts = texts_in_language(items, "fr")
    third = item_numbered(team.assessment, GA, "3")
    assert texts[third.pk].lead == "Déplore vivement"
    assert texts[third.pk].text.startswith("Déplore vivement l'intolérance ethnique")
    assert texts[third.pk].subparagraphs == []
    # The English §13 has no French paragraph 13; ExCom 52 has no French version at all.
    assert texts[item_numbered(team.assessment, GA, "13").pk] is None
    excom = [item for item in items if item.instrument_id != french.language_versions()[0].pk]
    assert excom
    assert all(texts[item.pk] is None for item in excom)


def test_texts_in_language_leaves_out_items_already_in_that_language_and_unknown_ones(team, french):
    items = list(team.assessment.items.all())
    assert texts_in_language(items, "en") == {}
    assert texts_in_language(items, "xx") == {}
    assert texts_in_language([], "fr") == {}


def test_the_checklist_shows_the_french_text_with_a_fallback_note(login, team, french):
    client = login(team.viewer)
    url = f"/assessments/{team.assessment.pk}/"
    html = page(client.get(url, {"text": "fr", "all": "1"}))
    assert FRENCH_3 in html
    assert ENGLISH_3 not in html
    assert "Text of the French version." in html
    # §13 has no French paragraph: its own text, and a note saying so.
    assert ENGLISH_13 in html
    assert "No French version of this paragraph: the text as imported." in html
    assert '<option value="fr" selected>French</option>' in html


def test_the_checklist_offers_no_text_language_without_versions(login, team):
    html = page(login(team.viewer).get(f"/assessments/{team.assessment.pk}/"))
    assert 'name="text"' not in html


def test_a_chunk_of_rows_shows_the_text_language(login, team, french):
    rows = page(
        login(team.viewer).get(
            f"/assessments/{team.assessment.pk}/rows/", {"text": "fr", "offset": "0"}
        )
    )
    assert FRENCH_3 in rows
    assert "No French version of this paragraph" in rows


@pytest.mark.parametrize("value", ["xx", "<script>", "", "fr-ca", "EN"])
def test_an_unknown_text_language_is_ignored(login, team, french, value):
    response = login(team.viewer).get(
        f"/assessments/{team.assessment.pk}/", {"text": value, "all": "1"}
    )
    html = page(response)
    assert response.status_code == 200
    assert ENGLISH_3 in html
    assert FRENCH_3 not in html
    assert "No French version" not in html


def test_the_item_page_shows_the_french_text(login, team, french):
    client = login(team.viewer)
    third = item_numbered(team.assessment, GA, "3")
    url = f"/assessments/{team.assessment.pk}/items/{third.pk}/"
    assert FRENCH_3 in page(client.get(url, {"text": "fr"}))
    html = page(client.get(url, {"text": "zz"}))
    assert ENGLISH_3 in html
    assert FRENCH_3 not in html


def test_the_web_import_reads_the_language_and_links_the_version(login, seeded):
    client = login(make_instrument_editor())
    response = client.post(
        "/instruments/import/", {"text": FRENCH_GA.read_text(encoding="utf-8"), "language": ""}
    )
    review = response.url
    html = page(client.get(review))
    assert '<option value="fr" selected>French</option>' in html
    assert "as one of its language versions" in html
    assert "already in the library" not in html


def test_the_web_import_takes_the_language_chosen(login, seeded):
    client = login(make_instrument_editor())
    client.post(
        "/instruments/import/", {"text": FRENCH_GA.read_text(encoding="utf-8"), "language": "es"}
    )
    assert ImportDraft.objects.get().particulars["language"] == "es"


def test_an_unknown_import_language_is_refused_with_the_text_kept(login, seeded):
    client = login(make_instrument_editor())
    text = FRENCH_GA.read_text(encoding="utf-8")
    response = client.post("/instruments/import/", {"text": text, "language": "xx"})
    assert response.status_code == 400
    assert "Select a valid choice" in page(response)
    assert "exodes massifs" in page(response)
    assert not Instrument.objects.filter(language="xx").exists()


def test_the_language_guessed_can_be_corrected_on_the_review_page(login, seeded):
    client = login(make_instrument_editor())
    review = start(client, text=FRENCH_GA.read_text(encoding="utf-8"))
    data = review_post_data(review)
    assert data["language"] == "fr"
    data["language"] = "es"
    assert client.post(confirm_url(review), data).status_code == 302
    saved = Instrument.objects.get(symbol=GA, language="es")
    assert saved.title == "Droits de l'homme et exodes massifs"
    assert saved.language_versions() == [seeded["ga"]]


def test_the_review_refuses_the_symbol_taken_in_its_language(login, seeded, french):
    client = login(make_instrument_editor())
    review = start(client, text=FRENCH_GA.read_text(encoding="utf-8"))
    assert "is already in the library" in page(review)
    response = client.post(confirm_url(review), review_post_data(review))
    assert response.status_code == 400
    assert response.context["review"].errors["symbol"] == [
        "An instrument with the symbol A/RES/52/132 already exists in French."
    ]
    assert Instrument.objects.filter(symbol=GA).count() == 2


@pytest.mark.django_db
def test_a_batch_may_hold_one_text_in_two_languages(login):
    client = login(make_instrument_editor())
    files = [
        SimpleUploadedFile("ga.txt", GA_SOURCE.read_bytes()),
        SimpleUploadedFile("ga-fr.txt", FRENCH_GA.read_bytes()),
    ]
    response = client.post("/instruments/import/bulk/", {"files": files})
    assert response.status_code == 200, page(response)[:3000]
    assert sorted(Instrument.objects.filter(symbol=GA).values_list("language", flat=True)) == [
        "en",
        "fr",
    ]


def test_the_list_names_the_language_of_a_version(login, reader, french):
    html = page(login(reader).get("/instruments/"))
    assert f'<a href="/instruments/{french.pk}/">A/RES/52/132</a> <span' in html
    assert '<td lang="fr" dir="auto">Droits de l&#x27;homme et exodes massifs</td>' in html


def test_each_operative_paragraph_links_its_aligned_paragraph_in_the_version(
    login, reader, seeded, french
):
    english = seeded["ga"]
    third = english.paragraphs.get(kind="operative", number="3")
    french_third = french.paragraphs.get(kind="operative", number="3")
    html = page(login(reader).get(f"/instruments/{english.pk}/"))
    link = f'href="/instruments/{french.pk}/#p{french_third.pk}" hreflang="fr">French §3</a>'
    assert link in html
    # English §13 has no French paragraph 13: no link.
    assert "French §13" not in html
    back = page(login(reader).get(f"/instruments/{french.pk}/"))
    assert f'href="/instruments/{english.pk}/#p{third.pk}" hreflang="en">English §3</a>' in back


def test_the_item_page_links_its_text_languages(login, team, french):
    client = login(team.viewer)
    third = item_numbered(team.assessment, GA, "3")
    html = page(client.get(f"/assessments/{team.assessment.pk}/items/{third.pk}/", {"text": "fr"}))
    assert '<a href="?text=en">English</a>' in html
    assert '<a href="?text=fr" aria-current="true" class="fw-semibold">French</a>' in html
