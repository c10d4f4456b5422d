"""Sources behind the evidence: links and uploaded files, checked by content, served to
members only."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from checklist.assessments.models import ResponseChange, Source
from tests.factories import HTMX, item_numbered
from tests.pdfs import text_pdf


@pytest.fixture(autouse=True)
def uploads_in_tmp(media, settings):
    settings.SOURCE_UPLOAD_MAX_BYTES = 50_000


@pytest.fixture
def item(team):
    return item_numbered(team.assessment, "A/RES/52/132", "15")


def add(client, team, item, **data):
    return client.post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/sources/", data, headers=HTMX
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_link_is_added_and_recorded_in_history(login, team, item):
    answer = add(login(team.editor), team, item, title="Refugee Act 2006", url="https://ex.org/a")
    assert answer.status_code == 200
    assert '<a href="https://ex.org/a" rel="noopener noreferrer"' in answer.content.decode()
    source = Source.objects.get()
    assert (source.title, source.url, source.added_by) == (
        "Refugee Act 2006",
        "https://ex.org/a",
        team.editor,
    )
    assert ResponseChange.objects.get().summary == "Added source “Refugee Act 2006”"
    item.response.refresh_from_db()
    assert item.response.version == 0  # a source never conflicts with someone's evidence edit


@pytest.mark.parametrize(
    "bad_url", ["javascript:alert(1)", "ftp://ex.org/a", "file:///etc/passwd", "not a url"]
)
def test_a_link_that_is_not_http_is_refused(login, team, item, bad_url):
    answer = add(login(team.editor), team, item, title="Act", url=bad_url)
    assert answer.status_code == 400
    assert "http:// or https://" in answer.content.decode()
    assert 'value="Act"' in answer.content.decode()
    assert not Source.objects.exists()


def test_a_title_without_link_or_file_is_refused(login, team, item):
    answer = add(login(team.editor), team, item, title="Act")
    assert answer.status_code == 400
    assert "Give a link, a file, or both." in answer.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "stored_as", "content_type"),
    [
        ("report.pdf", text_pdf([["Annual report"]]), "report.pdf", "application/pdf"),
        ("law.docx", docx_bytes(), "law.docx", "wordprocessingml"),
        ("notes.txt", "Loi n° 2006 – texte".encode(), "notes.txt", "text/plain"),
        ("misnamed.png", text_pdf([["A PDF named .png"]]), "misnamed.pdf", "application/pdf"),
    ],
)
def test_allowed_files_are_stored_and_served_to_members_as_downloads(
    login, team, item, name, content, stored_as, content_type
):
    answer = add(
        login(team.editor), team, item, title="Doc", file=SimpleUploadedFile(name, content)
    )
    assert answer.status_code == 200
    source = Source.objects.get()
    assert source.file_name == stored_as
    assert content_type in source.content_type
    assert name not in source.file.name  # stored under a generated name
    download = login(team.viewer).get(f"/assessments/{team.assessment.pk}/sources/{source.pk}/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert stored_as in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("evil.pdf", b"<!doctype html><script>alert(1)</script>"),
        ("image.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("program.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"),
        ("archive.docx", b"PK\x03\x04 not really a zip"),
        ("empty.txt", b""),
    ],
)
def test_forbidden_types_are_refused_by_content(login, team, item, name, content):
    answer = add(
        login(team.editor), team, item, title="Doc", file=SimpleUploadedFile(name, content)
    )
    assert answer.status_code == 400
    assert not Source.objects.exists()


def test_a_file_over_the_limit_is_refused_with_the_limit_named(login, team, item):
    big = SimpleUploadedFile("big.txt", b"a" * 60_000)
    answer = add(login(team.editor), team, item, title="Big", file=big)
    assert answer.status_code == 400
    assert "the limit is 48.8" in answer.content.decode()
    assert not Source.objects.exists()


def test_outsiders_cannot_download_and_readers_cannot_remove(login, team, item):
    add(login(team.editor), team, item, title="Doc", file=SimpleUploadedFile("a.txt", b"text"))
    source = Source.objects.get()
    base = f"/assessments/{team.assessment.pk}/sources/{source.pk}/"
    assert login(team.outsider).get(base).status_code == 404
    assert login(team.reviewer).post(f"{base}remove/").status_code == 403
    assert Source.objects.exists()


def test_removing_a_source_deletes_its_file(login, team, item, django_capture_on_commit_callbacks):
    add(login(team.editor), team, item, title="Doc", file=SimpleUploadedFile("a.txt", b"text"))
    source = Source.objects.get()
    path = source.file.path
    with django_capture_on_commit_callbacks(execute=True):
        answer = login(team.owner).post(
            f"/assessments/{team.assessment.pk}/sources/{source.pk}/remove/", headers=HTMX
        )
    assert answer.status_code == 200
    assert not Source.objects.exists()
    assert not Path(path).exists()
    assert ResponseChange.objects.filter(summary="Removed source “Doc”").exists()


def test_the_checklist_links_to_the_source_form_which_opens_in_the_row(login, team, item):
    client = login(team.editor)
    page = client.get(f"/assessments/{team.assessment.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' not in page
    add = f"/assessments/{team.assessment.pk}/items/{item.pk}/sources/"
    assert f'<a href="{add}" hx-get="{add}"' in page
    fragment = client.get(add, headers=HTMX).content.decode()
    assert fragment.startswith(f'<div class="sources small mt-1" id="sources-{item.pk}">')
    assert 'enctype="multipart/form-data"' in fragment
    assert 'name="title"' in fragment and 'name="file"' in fragment
    page_without_js = client.get(add)
    assert page_without_js.status_code == 200
    assert 'enctype="multipart/form-data"' in page_without_js.content.decode()
    assert login(team.viewer).get(add).status_code == 403
