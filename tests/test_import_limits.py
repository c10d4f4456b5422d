"""Imports that answer at once: hostile or oversized sources are refused in plain words
before the slow work, nothing is kept, and no answer is a bare 400 or 500 page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from checklist.instruments.models import ImportDraft, Instrument
from tests.factories import GA_SOURCE
from tests.pdfs import flate_bomb_pdf, pdf_of_objects, text_pdf

GA_PAGES = [GA_SOURCE.read_text().splitlines()[:70], GA_SOURCE.read_text().splitlines()[70:]]


@pytest.fixture
def editor_client(instrument_editor, login):
    return login(instrument_editor)


def upload(client, name: str, content: bytes):
    return client.post("/instruments/import/", {"file": SimpleUploadedFile(name, content)})


def refused(answer, message: str) -> None:
    html = answer.content.decode()
    assert answer.status_code in (400, 413)
    assert answer.templates[0].name == "instruments/import_start.html"
    assert message in html
    assert not ImportDraft.objects.exists()
    assert not Instrument.objects.exists()


def test_an_uploaded_text_past_the_character_limit_is_refused_at_upload(editor_client, settings):
    settings.INSTRUMENT_TEXT_MAX_CHARS = 2000
    answer = upload(editor_client, "long.txt", b"x" * 2001)
    refused(answer, "The text in this file runs past the limit of 2,000 characters.")


def test_an_uploaded_pdf_past_the_character_limit_is_refused_at_upload(editor_client, settings):
    settings.INSTRUMENT_TEXT_MAX_CHARS = 2000
    refused(
        upload(editor_client, "a.pdf", text_pdf(GA_PAGES)),
        "The text in this file runs past the limit of 2,000 characters.",
    )


def test_a_paste_too_large_for_django_to_read_gets_the_import_form_back(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    answer = editor_client.post("/instruments/import/", {"text": "x" * 20_000})
    refused(answer, "What you sent is too large to read: the limit is 500,000 characters")
    assert answer.status_code == 413


def test_a_pdf_with_too_many_pages_is_refused(editor_client, settings):
    settings.INSTRUMENT_PDF_MAX_PAGES = 3
    writer = PdfWriter()
    for _ in range(4):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    refused(
        upload(editor_client, "pages.pdf", out.getvalue()),
        "This PDF has 4 pages; the limit is 3.",
    )


def test_a_pdf_page_whose_content_inflates_past_a_megabyte_is_refused(editor_client):
    refused(
        upload(editor_client, "bomb.pdf", flate_bomb_pdf(2 * 1024 * 1024)),
        "Page 1 of this PDF holds more than 1 MB of content once unpacked",
    )


def test_a_pdf_stream_that_inflates_past_the_document_limit_is_refused(editor_client, settings):
    settings.INSTRUMENT_PDF_MAX_INFLATED_BYTES = 512 * 1024
    refused(
        upload(editor_client, "bomb.pdf", flate_bomb_pdf(600 * 1024)),
        "The pages of this PDF hold more than 0.5 MB of content once unpacked",
    )


def encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(GA_PAGES))))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_aes_encrypted_pdf_that_opens_without_a_password_is_imported(editor_client):
    answer = upload(editor_client, "aes.pdf", encrypted(""))
    assert answer.status_code == 302
    assert ImportDraft.objects.get().particulars["symbol"] == "A/RES/52/132"


def test_a_password_protected_pdf_says_so(editor_client):
    refused(
        upload(editor_client, "locked.pdf", encrypted("secret")), "This PDF is password-protected."
    )


def test_control_characters_are_stripped_from_pasted_and_reviewed_text(editor_client):
    text = GA_SOURCE.read_text().replace("Human rights", "Human\x07 rights\x1b", 1)
    answer = editor_client.post("/instruments/import/", {"text": text.replace("\n", "\r\n")})
    draft = ImportDraft.objects.get()
    assert answer["Location"] == f"/instruments/import/{draft.pk}/"
    assert draft.source_text == GA_SOURCE.read_text()
    assert draft.particulars["title"] == "Human rights and mass exoduses"


def test_the_import_form_states_the_limits(editor_client, settings):
    settings.INSTRUMENT_PDF_MAX_PAGES = 300
    html = editor_client.get("/instruments/import/").content.decode()
    assert "up to 5.0\xa0MB, 300 pages and 500,000 characters" in html


def test_a_pdf_that_declares_fewer_pages_than_it_has_is_still_counted(editor_client, settings):
    settings.INSTRUMENT_PDF_MAX_PAGES = 3
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    kids = " ".join(f"{number} 0 R" for number in range(3, 8)).encode()
    forged = pdf_of_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [" + kids + b"] /Count 1 >>",
            *[page] * 5,
        ]
    )
    refused(upload(editor_client, "forged.pdf", forged), "This PDF has 5 pages; the limit is 3.")
