"""Importing an instrument in the browser: paste or upload, review, then save."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from checklist.instruments.models import Instrument, Paragraph
from tests.conftest import EXCOM_SOURCE, GA_SOURCE
from tests.pdfs import blank_pdf, text_pdf


def review_post_data(response) -> dict:
    """The review page's form as a browser would submit it, unchanged."""
    review, formset = response.context["review"], response.context["formset"]
    data = {name: review[name].value() for name in review.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["form-TOTAL_FORMS"] = formset.total_form_count()
    data["form-INITIAL_FORMS"] = formset.initial_form_count()
    for form in formset.forms:
        for name in ("kind", "number", "lead", "text", "addressee", "subparagraphs", "section"):
            data[form.add_prefix(name)] = form[name].value() or ""
        if form["checkable"].value():
            data[form.add_prefix("checkable")] = "on"
        data[form.add_prefix("themes")] = form["themes"].value() or []
    return data


@pytest.fixture
def editor_client(instrument_editor, login):
    return login(instrument_editor)


def test_pasted_text_is_shown_for_review_and_nothing_saved(editor_client):
    response = editor_client.post("/instruments/import/", {"text": GA_SOURCE.read_text()})
    assert response.status_code == 200
    assert response.templates[0].name == "instruments/import_review.html"
    formset = response.context["formset"]
    assert formset.total_form_count() == 32
    sixteenth = formset.forms[14 + 15]
    assert sixteenth["number"].value() == "16"
    assert sixteenth["lead"].value() == "Calls upon"
    assert sixteenth["checkable"].value() is True
    assert sixteenth["kind"].value() == "operative"
    assert response.context["review"]["symbol"].value() == "A/RES/52/132"
    html = response.content.decode()
    assert (
        "14 preambular and 18 operative paragraphs, of which 7 checklist items; 9 footnotes" in html
    )
    assert "United Nations, Treaty Series, vol. 606, No. 8791." in html
    assert Instrument.objects.count() == 0


def test_confirming_the_review_saves_the_instrument(editor_client, instrument_editor):
    review = editor_client.post("/instruments/import/", {"text": GA_SOURCE.read_text()})
    response = editor_client.post("/instruments/import/confirm/", review_post_data(review))
    instrument = Instrument.objects.get(symbol="A/RES/52/132")
    assert response.status_code == 302
    assert response["Location"] == f"/instruments/{instrument.pk}/"
    assert instrument.paragraphs.count() == 32
    assert instrument.paragraphs.checklist_items().count() == 7
    assert len(instrument.footnotes) == 9
    assert instrument.created_by == instrument_editor
    assert instrument.source_text == GA_SOURCE.read_text()


def test_edits_made_in_the_review_are_saved(editor_client):
    review = editor_client.post("/instruments/import/", {"text": EXCOM_SOURCE.read_text()})
    data = review_post_data(review)
    data["title"] = "International solidarity and refugee protection"
    second_operative = "form-5"  # 4 preambular paragraphs come first
    data[f"{second_operative}-checkable"] = "on"
    data[f"{second_operative}-addressee"] = "UNHCR"
    data[f"{second_operative}-themes"] = ["cooperation-with-unhcr"]
    data["form-0-DELETE"] = "on"
    editor_client.post("/instruments/import/confirm/", data)
    instrument = Instrument.objects.get()
    assert instrument.title == "International solidarity and refugee protection"
    assert instrument.paragraphs.filter(kind="preambular").count() == 3
    noted = instrument.paragraphs.get(number="2")
    assert (noted.checkable, noted.addressee) == (True, "UNHCR")
    assert [t.slug for t in noted.themes.all()] == ["cooperation-with-unhcr"]
    assert list(instrument.paragraphs.values_list("position", flat=True)) == list(range(1, 9))


def test_uploaded_text_file_is_parsed(editor_client):
    upload = SimpleUploadedFile("excom52.txt", EXCOM_SOURCE.read_bytes(), "text/plain")
    response = editor_client.post("/instruments/import/", {"file": upload})
    assert response.context["review"]["symbol"].value() == "ExCom Conclusion No. 52 (XXXIX)"
    assert response.context["formset"].total_form_count() == 9


def test_uploaded_pdf_is_parsed(editor_client):
    lines = GA_SOURCE.read_text().splitlines()
    upload = SimpleUploadedFile("a-res-52-132.pdf", text_pdf([lines[:70], lines[70:]]))
    response = editor_client.post("/instruments/import/", {"file": upload})
    assert response.status_code == 200
    assert response.context["review"]["symbol"].value() == "A/RES/52/132"
    assert response.context["formset"].total_form_count() == 32


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", blank_pdf(), "no text layer"),
        ("resolution.txt", b"\x00\x01PK\x03\x04 binary", "not text"),
        ("empty.txt", b"", "submitted file is empty"),
        ("page.pdf", b"<html>not a pdf</html>", "not a PDF"),
        ("notes.txt", b"Title\n\nThe General Assembly,\n\nRecalling,\n", "No operative"),
    ],
)
def test_bad_uploads_get_a_clear_error_and_nothing_is_saved(editor_client, name, content, message):
    upload = SimpleUploadedFile(name, content)
    response = editor_client.post("/instruments/import/", {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Choose the file again" in response.content.decode()
    assert Instrument.objects.count() == 0


def test_too_large_upload_is_refused(editor_client, settings):
    settings.INSTRUMENT_UPLOAD_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"a" * 1001)
    response = editor_client.post("/instruments/import/", {"file": upload})
    assert "The file is 1001\xa0bytes; the limit is 1000\xa0bytes." in response.content.decode()
    assert Instrument.objects.count() == 0


def test_text_without_operative_paragraphs_keeps_what_was_typed(editor_client):
    typed = "My title\n\nThe General Assembly,\n\nRecalling & noting <things>,\n"
    response = editor_client.post("/instruments/import/", {"text": typed})
    html = response.content.decode()
    assert response.status_code == 400
    assert "No operative paragraphs were found" in html
    assert response.context["form"]["text"].value() == typed
    assert "Recalling &amp; noting &lt;things&gt;," in html


def test_paste_and_upload_together_are_refused(editor_client):
    upload = SimpleUploadedFile("x.txt", b"text")
    response = editor_client.post("/instruments/import/", {"text": "text", "file": upload})
    assert "not both" in response.content.decode()


def test_duplicate_symbol_is_refused_at_confirmation_and_nothing_saved(editor_client):
    review = editor_client.post("/instruments/import/", {"text": GA_SOURCE.read_text()})
    data = review_post_data(review)
    assert editor_client.post("/instruments/import/confirm/", data).status_code == 302
    response = editor_client.post("/instruments/import/confirm/", data)
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert Instrument.objects.count() == 1
    assert Paragraph.objects.count() == 32


def test_forged_review_values_are_refused_and_keep_the_edits(editor_client):
    review = editor_client.post("/instruments/import/", {"text": EXCOM_SOURCE.read_text()})
    data = review_post_data(review)
    data["title"] = "My corrected title"
    data["footnotes"] = "{not json"
    data["form-0-kind"] = "annex"
    data["form-1-checkable"] = "on"  # a preambular paragraph cannot be a checklist item
    data["form-2-lead"] = "Urges"  # not the first words of the paragraph
    response = editor_client.post("/instruments/import/confirm/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The footnotes were altered" in html
    assert "Select a valid choice" in html
    assert "Only operative paragraphs can be checklist items." in html
    assert "The lead phrase must be the first words of the paragraph." in html
    assert 'value="My corrected title"' in html
    assert Instrument.objects.count() == 0


def test_deleting_every_operative_paragraph_is_refused(editor_client):
    review = editor_client.post("/instruments/import/", {"text": EXCOM_SOURCE.read_text()})
    data = review_post_data(review)
    for index in range(4, 9):
        data[f"form-{index}-DELETE"] = "on"
    response = editor_client.post("/instruments/import/confirm/", data)
    assert "no operative paragraphs" in response.content.decode()
    assert Instrument.objects.count() == 0


def test_subparagraphs_travel_through_the_review(editor_client):
    text = (
        "9/9. Sub-paragraphs\n\nThe General Assembly,\n\n1. Calls upon States:\n\n"
        "(a) To register births;\n\n(b) To issue documents;\n"
    )
    review = editor_client.post("/instruments/import/", {"text": text})
    editor_client.post("/instruments/import/confirm/", review_post_data(review))
    paragraph = Paragraph.objects.get()
    assert paragraph.subparagraphs == [
        {"label": "(a)", "text": "To register births;"},
        {"label": "(b)", "text": "To issue documents;"},
    ]
    assert json.loads(review_post_data(review)["form-0-subparagraphs"])[1]["label"] == "(b)"


def test_windows_1252_upload_is_read_with_a_visible_warning(editor_client):
    text = EXCOM_SOURCE.read_text().replace("High Commissioner's", "High Commissioner’s")
    upload = SimpleUploadedFile("excom52.txt", text.encode("cp1252"))
    response = editor_client.post("/instruments/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "it was read as Windows-1252" in html
    assert "High Commissioner’s Programme" in response.context["review"]["note"].value()


SECTIONED_DRAFT = """\
United Nations A/C.3/99/L.9
Ruritania and Freedonia: draft resolution
Protection of refugees
The General Assembly,
Recalling its resolutions,
I
Admission
1. Urges States to admit refugees;
II
Solutions
1. Calls upon States to find solutions;
3. Alarmed by the numbers, requests the High Commissioner to report.
"""


def test_review_shows_each_doubt_beside_its_paragraph_and_saves_sections(editor_client):
    review = editor_client.post("/instruments/import/", {"text": SECTIONED_DRAFT})
    html = review.content.decode()
    legend = html.rindex("· II. Solutions")  # the legend of the third operative paragraph
    doubt = html.index("Check: the numbering jumps from 1 to 3", legend)
    assert doubt < html.index("<textarea", legend)
    assert "Check: it opens with “Alarmed”" in html
    editor_client.post("/instruments/import/confirm/", review_post_data(review))
    instrument = Instrument.objects.get(symbol="A/C.3/99/L.9")
    assert instrument.sponsors == "Ruritania and Freedonia"
    assert list(
        instrument.paragraphs.filter(kind="operative").values_list("number", "section")
    ) == [
        ("1", "I. Admission"),
        ("1", "II. Solutions"),
        ("3", "II. Solutions"),
    ]
