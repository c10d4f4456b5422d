"""A source whose file is gone from storage (a lost volume, a partial restore): its download
says so (503) and the next round goes on without it, saying what is missing."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile

from checklist.assessments import services
from checklist.assessments.models import Assessment, Event
from tests.factories import item_numbered
from tests.pdfs import text_pdf


@pytest.fixture
def lost(team, settings, tmp_path):
    """§16 has an uploaded source whose file was then deleted from storage, and a link."""
    settings.MEDIA_ROOT = tmp_path
    item = item_numbered(team.assessment, "A/RES/52/132", "16")
    source = services.add_source(
        response=item.response,
        user=team.editor,
        source=services.NewSource(
            title="Refugee Act",
            url="https://ex.org/act",
            upload=SimpleUploadedFile("act.pdf", text_pdf([["Refugee Act"]])),
        ),
    )
    services.add_source(
        response=item.response,
        user=team.editor,
        source=services.NewSource(
            title="Regulations",
            url="",
            upload=SimpleUploadedFile("regs.pdf", text_pdf([["Regulations"]])),
        ),
    )
    source.file.storage.delete(source.file.name)
    return source


def test_downloading_a_missing_file_says_so(login, team, lost):
    answer = login(team.viewer).get(f"/assessments/{team.assessment.pk}/sources/{lost.pk}/")
    assert answer.status_code == 503
    assert "missing from the file storage" in answer.content.decode()


def test_next_round_goes_on_and_says_which_files_are_missing(login, team, lost):
    answer = login(team.owner).post(
        f"/assessments/{team.assessment.pk}/next-round/",
        {"title": "Review 2027", "as_of": "2027-06-30"},
    )
    assert answer.status_code == 302
    new = Assessment.objects.get(title="Review 2027")
    carried = item_numbered(new, "A/RES/52/132", "16").response.sources.order_by("title")
    act, regulations = carried
    assert (act.title, act.url, bool(act.file), act.file_name) == (
        "Refugee Act",
        "https://ex.org/act",
        False,
        "",
    )
    assert regulations.file.read().startswith(b"%PDF-")
    event = Event.objects.get(assessment=new, kind=Event.Kind.SOURCE)
    assert "“Refugee Act” (act.pdf)" in event.summary
    assert "Regulations" not in event.summary
    warnings = [str(m) for m in get_messages(answer.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1 and "“Refugee Act” (act.pdf)" in warnings[0]
