"""Office documents are zips: an upload is checked without unpacking more than it declares,
and refused when it would unpack to too much (a zip bomb), lies about its sizes, or hides
archives inside it."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from checklist.assessments import uploads
from checklist.assessments.models import Source
from tests.factories import item_numbered
from tests.zips import Member, build, deflated, stored, zeros_bomb

MiB = 1024 * 1024
CONTENT_TYPES = deflated("[Content_Types].xml", b"<Types/>")


@pytest.fixture(autouse=True)
def limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.SOURCE_UPLOAD_MAX_BYTES = 10 * MiB
    settings.SOURCE_ZIP_MAX_UNCOMPRESSED_BYTES = 100 * MiB
    settings.SOURCE_ZIP_MAX_RATIO = 100
    settings.SOURCE_ZIP_MAX_MEMBERS = 5_000


def kind_of(archive: bytes, name: str = "report.docx") -> uploads.Kind:
    return uploads.kind_of(SimpleUploadedFile(name, archive))


def refusal(archive: bytes) -> str:
    with pytest.raises(uploads.UploadRefused) as refused:
        kind_of(archive)
    return str(refused.value)


def docx(*members: Member) -> bytes:
    return build([CONTENT_TYPES, deflated("word/document.xml", b"<w:document/>"), *members])


def test_a_real_workbook_is_accepted():
    workbook = Workbook()
    workbook.active.append(["Refugee Act", 2006])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert kind_of(buffer.getvalue(), "figures.xlsx").extension == "xlsx"


def test_a_real_document_with_an_embedded_workbook_is_accepted():
    workbook = Workbook()
    inner = io.BytesIO()
    workbook.save(inner)
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>" + "text " * 2000 + "</w:document>")
        archive.writestr("word/embeddings/Microsoft_Excel_Worksheet.xlsx", inner.getvalue())
    assert kind_of(outer.getvalue()).extension == "docx"


def test_an_opendocument_text_is_accepted():
    mimetype = stored("mimetype", b"application/vnd.oasis.opendocument.text")
    archive = build([mimetype, deflated("content.xml", b"<office:document-content/>")])
    assert kind_of(archive, "law.odt").extension == "odt"


def test_a_deflate_bomb_is_refused_from_its_declared_size():
    bomb = Member("word/document.xml", zeros_bomb(200), 200 * MiB)
    assert "unpacks to more than 100.0\xa0MB" in refusal(docx(bomb))


def test_a_bomb_in_the_odf_mimetype_member_is_refused():
    bomb = Member("mimetype", zeros_bomb(200), 200 * MiB)
    assert "unpacks to more than" in refusal(build([bomb]))


def test_a_file_that_unpacks_to_more_than_the_ratio_is_refused():
    # 5 MiB from a few kilobytes: under the total limit, far past a hundred times its size.
    bomb = Member("word/document.xml", zeros_bomb(5), 5 * MiB)
    assert "times its size" in refusal(docx(bomb))


def test_a_member_that_unpacks_to_more_than_it_declares_is_refused():
    liar = Member("word/document.xml", zeros_bomb(50), 1_000)
    assert "unpacks to more than it declares" in refusal(docx(liar))


def test_a_lying_mimetype_member_is_refused():
    liar = Member("mimetype", zeros_bomb(50), 39)
    assert "unpacks to more than it declares" in refusal(build([liar]))


def test_a_zip_inside_an_office_document_is_refused():
    inner = build([deflated("a.txt", b"hello")])
    nested = stored("word/media/archive.zip", inner)
    assert "archives inside it" in refusal(docx(nested))


def test_an_embedded_document_that_embeds_another_is_refused():
    innermost = docx()
    inner = docx(stored("word/embeddings/b.docx", innermost))
    outer = docx(stored("word/embeddings/a.docx", inner))
    assert "archives inside it" in refusal(outer)


def test_a_bomb_embedded_in_a_document_is_refused():
    inner = docx(Member("word/document2.xml", zeros_bomb(60), 60 * MiB))
    outer = docx(stored("word/embeddings/a.docx", inner))
    message = refusal(outer)
    assert "times its size" in message or "unpacks to more than" in message


def test_an_archive_of_too_many_files_is_refused(settings):
    settings.SOURCE_ZIP_MAX_MEMBERS = 10
    many = [deflated(f"word/part{number}.xml", b"<p/>") for number in range(11)]
    assert "more than 10 files" in refusal(docx(*many))


def test_a_password_protected_archive_is_refused():
    archive = bytearray(docx())
    # Set the "encrypted" flag on the first member in its central directory entry.
    entry = archive.index(b"PK\x01\x02")
    archive[entry + 8] |= 0x1
    assert "password" in refusal(bytes(archive))


def test_the_upload_form_says_why_a_bomb_was_refused(login, team):
    item = item_numbered(team.assessment, "A/RES/52/132", "15")
    bomb = docx(Member("word/document.xml", zeros_bomb(200), 200 * MiB))
    answer = login(team.editor).post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/sources/",
        {"title": "Report", "file": SimpleUploadedFile("report.docx", bomb)},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 400
    assert "unpacks to more than" in answer.content.decode()
    assert not Source.objects.exists()
