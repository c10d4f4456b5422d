"""Importing an instrument in the browser: paste or upload, review, then save."""

import threading
from datetime import timedelta

import pytest
from django import db
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from checklist.instruments import drafts
from checklist.instruments.models import ImportDraft, Instrument, Paragraph
from checklist.instruments.parser import parse_instrument
from tests.factories import EXCOM_SOURCE, GA_SOURCE
from tests.pdfs import blank_pdf, text_pdf


def start(client, **data):
    """Step 1, then the review page it leads to (the first page of the draft)."""
    answer = client.post("/instruments/import/", data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return client.get(answer["Location"])


def review_post_data(response) -> dict:
    """The review page's form as a browser would submit it, unchanged."""
    review, formset = response.context["review"], response.context["formset"]
    data = {name: review[name].value() for name in review.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["form-TOTAL_FORMS"] = formset.total_form_count()
    data["form-INITIAL_FORMS"] = formset.initial_form_count()
    for form in formset.forms:
        for name in ("kind", "number", "lead", "text", "label", "addressee"):
            data[form.add_prefix(name)] = form[name].value() or ""
        for name in ("checkable", "DELETE"):
            if form[name].value():
                data[form.add_prefix(name)] = "on"
        for name in ("themes", "groups", "sdg_targets"):
            data[form.add_prefix(name)] = form[name].value() or []
    return data


def confirm_url(response) -> str:
    return f"/instruments/import/{response.context['draft'].pk}/confirm/?page=" + str(
        response.context["page"].number
    )


@pytest.fixture
def editor_client(instrument_editor, login):
    return login(instrument_editor)


def test_pasted_text_is_shown_for_review_and_nothing_saved(editor_client):
    response = start(editor_client, text=GA_SOURCE.read_text())
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
    assert ImportDraft.objects.get().paragraphs[29]["lead"] == "Calls upon"


def test_confirming_the_review_saves_the_instrument(editor_client, instrument_editor):
    review = start(editor_client, text=GA_SOURCE.read_text())
    response = editor_client.post(confirm_url(review), review_post_data(review))
    instrument = Instrument.objects.get(symbol="A/RES/52/132")
    assert response.status_code == 302
    assert response["Location"] == f"/instruments/{instrument.pk}/"
    assert instrument.paragraphs.count() == 32
    assert instrument.paragraphs.checklist_items().count() == 7
    assert len(instrument.footnotes) == 9
    assert instrument.created_by == instrument_editor
    assert instrument.source_text == GA_SOURCE.read_text()


def test_edits_made_in_the_review_are_saved(editor_client):
    review = start(editor_client, text=EXCOM_SOURCE.read_text())
    data = review_post_data(review)
    data["title"] = "International solidarity and refugee protection"
    second_operative = "form-5"  # 4 preambular paragraphs come first
    data[f"{second_operative}-checkable"] = "on"
    data[f"{second_operative}-addressee"] = "UNHCR"
    data[f"{second_operative}-themes"] = ["cooperation-with-unhcr"]
    data["form-0-DELETE"] = "on"
    editor_client.post(confirm_url(review), data)
    instrument = Instrument.objects.get()
    assert instrument.title == "International solidarity and refugee protection"
    assert instrument.paragraphs.filter(kind="preambular").count() == 3
    noted = instrument.paragraphs.get(number="2")
    assert (noted.checkable, noted.addressee) == (True, "UNHCR")
    assert [t.slug for t in noted.themes.all()] == ["cooperation-with-unhcr"]
    assert list(instrument.paragraphs.values_list("position", flat=True)) == list(range(1, 9))


def test_uploaded_text_file_is_parsed(editor_client):
    upload = SimpleUploadedFile("excom52.txt", EXCOM_SOURCE.read_bytes(), "text/plain")
    response = start(editor_client, file=upload)
    assert response.context["review"]["symbol"].value() == "ExCom Conclusion No. 52 (XXXIX)"
    assert response.context["formset"].total_form_count() == 9


def test_uploaded_pdf_is_parsed(editor_client):
    lines = GA_SOURCE.read_text().splitlines()
    upload = SimpleUploadedFile("a-res-52-132.pdf", text_pdf([lines[:70], lines[70:]]))
    response = start(editor_client, file=upload)
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


@pytest.mark.parametrize("typed", ["A/RES/52/132", "a/res/52/132", " A/Res/52/132 "])
def test_duplicate_symbol_in_any_case_is_refused_at_confirmation_and_nothing_saved(
    editor_client, typed
):
    first = start(editor_client, text=GA_SOURCE.read_text())
    second = start(editor_client, text=GA_SOURCE.read_text())
    assert editor_client.post(confirm_url(first), review_post_data(first)).status_code == 302
    data = review_post_data(second)
    data["symbol"] = typed
    response = editor_client.post(confirm_url(second), data)
    assert response.status_code == 400
    assert response.context["review"].errors["symbol"] == [
        "An instrument with the symbol A/RES/52/132 already exists in English."
    ]
    assert Instrument.objects.count() == 1
    assert Paragraph.objects.count() == 32
    assert ImportDraft.objects.filter(pk=response.context["draft"].pk).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_symbol_that_differs_only_in_case(seeded):
    with pytest.raises(IntegrityError), transaction.atomic():
        Instrument.objects.create(symbol="a/res/52/132", title="Copy", body="Other")


def test_forged_review_values_are_refused_and_keep_the_edits(editor_client):
    review = start(editor_client, text=EXCOM_SOURCE.read_text())
    data = review_post_data(review)
    data["title"] = "My corrected title"
    data["form-0-kind"] = "annex"
    data["form-1-checkable"] = "on"  # a preambular paragraph cannot be a checklist item
    data["form-2-lead"] = "Urges"  # not the first words of the paragraph
    response = editor_client.post(confirm_url(review), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Select a valid choice" in html
    assert "Only operative paragraphs can be checklist items." in html
    assert "The lead phrase must be the first words of the paragraph." in html
    assert 'value="My corrected title"' in html
    assert Instrument.objects.count() == 0


def test_deleting_every_operative_paragraph_is_refused(editor_client):
    review = start(editor_client, text=EXCOM_SOURCE.read_text())
    data = review_post_data(review)
    for index in range(4, 9):
        data[f"form-{index}-DELETE"] = "on"
    response = editor_client.post(confirm_url(review), data)
    assert "no operative paragraphs" in response.content.decode()
    assert Instrument.objects.count() == 0


def test_subparagraphs_travel_through_the_review(editor_client):
    text = (
        "9/9. Sub-paragraphs\n\nThe General Assembly,\n\n1. Calls upon States:\n\n"
        "(a) To register births;\n\n(b) To issue documents;\n"
    )
    review = start(editor_client, text=text)
    editor_client.post(confirm_url(review), review_post_data(review))
    paragraph = Paragraph.objects.get()
    assert paragraph.subparagraphs == [
        {"label": "(a)", "text": "To register births;"},
        {"label": "(b)", "text": "To issue documents;"},
    ]
    assert "subparagraphs" not in review.content.decode()  # kept in the draft, never posted


def test_windows_1252_upload_is_read_with_a_visible_warning(editor_client):
    text = EXCOM_SOURCE.read_text().replace("High Commissioner's", "High Commissioner’s")
    upload = SimpleUploadedFile("excom52.txt", text.encode("cp1252"))
    response = start(editor_client, file=upload)
    html = response.content.decode()
    assert response.status_code == 200
    assert "it was read as Windows-1252" in html
    assert "High Commissioner’s Programme" in response.context["review"]["note"].value()


def long_resolution(operative: int) -> str:
    paragraphs = "".join(
        f"{n}. Calls upon States to report on measure {n};\n\n" for n in range(1, operative + 1)
    )
    return (
        "99/1. A long resolution\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n"
        + paragraphs
    )


def test_a_long_document_is_reviewed_a_page_at_a_time(editor_client):
    review = start(editor_client, text=long_resolution(400))
    draft = review.context["draft"]
    assert review.context["formset"].total_form_count() == 50
    assert (review.context["page"].number, review.context["page"].count) == (1, 9)
    assert "Paragraphs 1–50 of 401" in review.content.decode()
    assert len(review.content) < 400_000
    data = review_post_data(review)
    assert len(data) + sum(len(v) - 1 for v in data.values() if isinstance(v, list)) < 1000
    data["then"] = "3"
    data["form-9-text"] = "Calls upon States to report on measure 9 at once;"
    moved = editor_client.post(f"/instruments/import/{draft.pk}/?page=1", data)
    assert moved["Location"] == f"/instruments/import/{draft.pk}/?page=3"
    third = editor_client.get(moved["Location"])
    assert third.context["formset"].forms[0]["number"].value() == "100"
    draft.refresh_from_db()
    assert draft.paragraphs[9]["text"] == "Calls upon States to report on measure 9 at once;"
    assert Instrument.objects.count() == 0


def test_a_document_past_two_thousand_paragraphs_is_saved_from_its_last_page(editor_client):
    review = start(editor_client, text=long_resolution(2100))
    draft = review.context["draft"]
    last = editor_client.get(f"/instruments/import/{draft.pk}/?page=999")
    assert last.context["page"].number == 43
    data = review_post_data(last)
    data["form-0-DELETE"] = "on"  # the last page holds one paragraph: operative 2100
    response = editor_client.post(confirm_url(last), data)
    instrument = Instrument.objects.get(symbol="A/RES/99/1")
    assert response["Location"] == f"/instruments/{instrument.pk}/"
    assert instrument.paragraphs.filter(kind="operative").count() == 2099
    assert not instrument.paragraphs.filter(number="2100").exists()
    assert not ImportDraft.objects.exists()


def test_edits_on_earlier_pages_are_saved_with_the_instrument(editor_client):
    review = start(editor_client, text=long_resolution(60))
    draft = review.context["draft"]
    data = review_post_data(review)
    data["form-1-checkable"] = ""
    data["form-1-addressee"] = "UNHCR"
    data["then"] = "2"
    second = editor_client.get(
        editor_client.post(f"/instruments/import/{draft.pk}/?page=1", data)["Location"]
    )
    editor_client.post(confirm_url(second), review_post_data(second))
    first_operative = Instrument.objects.get().paragraphs.get(number="1")
    assert (first_operative.checkable, first_operative.addressee) == (False, "UNHCR")


def test_an_invalid_page_keeps_what_was_typed_and_changes_nothing(editor_client):
    review = start(editor_client, text=EXCOM_SOURCE.read_text())
    draft = review.context["draft"]
    data = review_post_data(review)
    data["title"] = "Typed title"
    data["form-2-lead"] = "Urges"
    data["then"] = "1"
    response = editor_client.post(f"/instruments/import/{draft.pk}/?page=1", data)
    assert response.status_code == 400
    assert "The lead phrase must be the first words" in response.content.decode()
    assert 'value="Typed title"' in response.content.decode()
    before = draft.particulars, draft.paragraphs
    draft.refresh_from_db()
    assert (draft.particulars, draft.paragraphs) == before


def test_another_persons_draft_or_an_old_one_sends_you_back_to_start(editor_client, staff, login):
    review = start(editor_client, text=EXCOM_SOURCE.read_text())
    draft = review.context["draft"]
    other = login(staff).get(f"/instruments/import/{draft.pk}/", follow=True)
    assert other.redirect_chain == [("/instruments/import/", 302)]
    assert "no longer waiting for review" in other.content.decode()
    ImportDraft.objects.filter(pk=draft.pk).update(created_at=draft.created_at - timedelta(days=2))
    old = login(draft.owner).post(f"/instruments/import/{draft.pk}/confirm/", follow=True)
    assert "no longer waiting for review" in old.content.decode()
    start(editor_client, text=GA_SOURCE.read_text())
    assert not ImportDraft.objects.filter(pk=draft.pk).exists()  # old drafts are discarded
    assert Instrument.objects.count() == 0


def test_a_second_click_on_save_finds_the_instrument_saved(editor_client):
    review = start(editor_client, text=EXCOM_SOURCE.read_text())
    data = review_post_data(review)
    assert editor_client.post(confirm_url(review), data).status_code == 302
    again = editor_client.post(confirm_url(review), data, follow=True)
    assert again.redirect_chain == [("/instruments/import/", 302)]
    assert "it was saved" in again.content.decode()
    assert Instrument.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need a server database; SQLite's IMMEDIATE transactions serialise anyway",
)
def test_two_saves_of_one_draft_at_once_make_one_instrument(transactional_db, instrument_editor):
    """A double click on Save: two requests confirm the same draft in two database sessions."""
    parsed = parse_instrument(GA_SOURCE.read_text())
    draft = drafts.create_draft(
        owner=instrument_editor,
        parsed=parsed,
        source_text=GA_SOURCE.read_text(),
        source_url="",
        warnings=[],
    )
    start_together = threading.Barrier(2)
    outcomes = []

    def press_save():
        start_together.wait()
        try:
            saved = drafts.confirm(draft_pk=draft.pk, user=instrument_editor)
            outcomes.append("saved" if saved else "gone")
        finally:
            db.connection.close()

    threads = [threading.Thread(target=press_save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["gone", "saved"]
    assert Instrument.objects.get().paragraphs.count() == 32
    assert not ImportDraft.objects.exists()


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
    review = start(editor_client, text=SECTIONED_DRAFT)
    html = review.content.decode()
    legend = html.rindex("· II. Solutions")  # the legend of the third operative paragraph
    doubt = html.index("Check: the numbering jumps from 1 to 3", legend)
    assert doubt < html.index("<textarea", legend)
    assert "Check: it opens with “Alarmed”" in html
    editor_client.post(confirm_url(review), review_post_data(review))
    instrument = Instrument.objects.get(symbol="A/C.3/99/L.9")
    assert instrument.sponsors == "Ruritania and Freedonia"
    assert list(
        instrument.paragraphs.filter(kind="operative").values_list("number", "section")
    ) == [
        ("1", "I. Admission"),
        ("1", "II. Solutions"),
        ("3", "II. Solutions"),
    ]
