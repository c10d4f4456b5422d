"""Control characters: cleaned from every text a form takes, and kept out of every export
even when older rows still hold them."""

import csv
import io

import pytest
from django.db import connection
from openpyxl import load_workbook
from pypdf import PdfReader

from checklist.assessments.models import Assessment, Comment, Item, Response, Source
from checklist.instruments.models import Paragraph
from checklist.text import clean_text, single_line
from tests.factories import body, item_numbered

# Every C0 character but tab, newline and carriage return, which text may hold.
CONTROLS = [chr(code) for code in range(32) if chr(code) not in "\t\n\r"]


def stored_controls() -> list[str]:
    # PostgreSQL cannot store NUL in a text column at all: no old row can hold one there.
    return [char for char in CONTROLS if char != "\x00" or connection.vendor != "postgresql"]


def test_clean_text_keeps_lines_and_tabs_and_drops_the_rest():
    assert clean_text("a\r\nb\rc\vd\fe\tf" + "".join(CONTROLS)) == "a\nb\nc\nd\n\ne\tf\n\n\n"
    assert clean_text("Art.\x01 3\x1b[0m") == "Art. 3[0m"


def test_single_line_turns_every_line_break_into_a_space():
    assert single_line(" Review\r\nBcc: x@example.org\u2028next\x85end\t2026 ") == (
        "Review Bcc: x@example.org next end 2026"
    )


def test_evidence_and_notes_are_saved_without_control_characters(login, team):
    item = team.items[0]
    answer = login(team.editor).post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/",
        {
            "finding": "compliant",
            "evidence": "Line one\vline two\x01\x1b[31m",
            "notes": "a\x00b\r\nc",
            "version": 0,
        },
    )
    assert answer.status_code == 302
    item.response.refresh_from_db()
    assert item.response.evidence == "Line one\nline two[31m"
    assert item.response.notes == "ab\nc"


def test_an_assessment_title_with_line_breaks_is_saved_on_one_line(login, team, seeded):
    answer = login(team.owner).post(
        "/assessments/new/",
        {
            "organisation": team.organisation.pk,
            "country": "KE",
            "title": "Review\r\nBcc: everyone@example.org\x07",
            "as_of": "2026-06-30",
            "instruments": [seeded["ga"].pk],
        },
    )
    assert answer.status_code == 302
    assert Assessment.objects.latest("pk").title == "Review Bcc: everyone@example.org"


def test_next_round_title_is_saved_on_one_line(login, team):
    login(team.owner).post(
        f"/assessments/{team.assessment.pk}/next-round/",
        {"title": "Round\r\n2\x1b", "as_of": "2027-06-30"},
    )
    assert Assessment.objects.latest("pk").title == "Round 2"


def test_a_source_title_is_saved_on_one_line(login, team):
    item = item_numbered(team.assessment, "A/RES/52/132", "15")
    login(team.editor).post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/sources/",
        {"title": "Refugee\r\nAct\x01", "url": "https://example.org/act"},
    )
    assert Source.objects.get().title == "Refugee Act"


def test_a_comment_is_saved_without_control_characters(login, team):
    item = team.items[0]
    login(team.reviewer).post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/comments/",
        {"text": "Which\vlaw?\x1b"},
    )
    assert Comment.objects.get().text == "Which\nlaw?"


def test_an_invitation_with_a_pasted_line_break_goes_to_the_address(login, team):
    answer = login(team.owner).post(
        f"/assessments/{team.assessment.pk}/members/",
        {"email": "guest@example.org\r\n", "role": "viewer"},
    )
    assert answer.status_code == 302
    assert team.assessment.invitations.get().email == "guest@example.org"


def test_a_paragraph_edit_is_saved_without_control_characters(login, instrument_editor, seeded):
    paragraph = Paragraph.objects.get(instrument=seeded["ga"], number="16")
    login(instrument_editor).post(
        f"/instruments/{seeded['ga'].pk}/paragraphs/{paragraph.pk}/edit/",
        {
            "lead": "Calls upon\r\n",
            "text": "Calls upon\x01 States\vto act",
            "addressee": paragraph.addressee,
            "checkable": "on",
        },
    )
    paragraph.refresh_from_db()
    assert (paragraph.lead, paragraph.text) == ("Calls upon", "Calls upon States\nto act")


@pytest.fixture
def old_rows(team, settings, tmp_path):
    """Rows saved before input was cleaned: every control character, written straight to the
    database."""
    settings.MEDIA_ROOT = tmp_path
    dirty = "".join(stored_controls())
    item = team.items[0]
    Item.objects.filter(pk=item.pk).update(lead=f"Calls{dirty} upon", text=f"Text{dirty} end")
    Response.objects.filter(item=item).update(finding="compliant", evidence=f"=Evidence{dirty} end")
    Source.objects.create(
        response=item.response, title=f"Act{dirty}", url="https://ex.org", added_by=team.editor
    )
    Comment.objects.create(item=item, author=team.reviewer, text=f"Comment{dirty} end")
    return team


def test_every_export_holds_old_rows_with_control_characters(login, old_rows):
    client = login(old_rows.viewer)
    base = f"/assessments/{old_rows.assessment.pk}/report"
    csv_answer = client.get(f"{base}/responses.csv")
    xlsx_answer = client.get(f"{base}/responses.xlsx")
    pdf_answer = client.get(f"{base}/pdf/", {"comments": "1"})
    assert [csv_answer.status_code, xlsx_answer.status_code, pdf_answer.status_code] == [200] * 3

    lines = list(csv.reader(io.StringIO(csv_answer.content.decode("utf-8-sig"))))
    cells = [cell for line in lines for cell in line]
    workbook = load_workbook(io.BytesIO(xlsx_answer.content))
    cells += [str(c.value) for sheet in workbook for row in sheet.iter_rows() for c in row]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(body(pdf_answer))).pages)
    for exported in [*cells, text]:
        assert not set(exported) & set(CONTROLS) - {"\x0b", "\x0c"}, repr(exported)
    assert "'=Evidence\n\n end" in cells  # vertical tab and form feed became line breaks
    assert "Act" in cells[cells.index("'=Evidence\n\n end") + 1]
    assert "Comment" in text
