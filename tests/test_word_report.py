"""The report as an editable Word document, and the action-plan annex and the State's
position in the PDF: read back with python-docx and pypdf."""

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation
from docx import Document
from pypdf import PdfReader

from checklist.assessments.models import ApprovedReport, Finding, Response, Role
from checklist.followup.models import (
    Action,
    ActionStatus,
    Indicator,
    Institution,
    InstrumentVote,
    ItemPosition,
    Position,
    Vote,
)
from checklist.reports import pdf, word
from checklist.synthetic import synthetic_assessment
from tests.factories import add_member, body, make_user, record_finding

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def owner(db):
    return make_user("owner", first_name="Olga", last_name="Owner")


@pytest.fixture
def assessment(owner, media):
    assessment = synthetic_assessment(items=4, owner=owner)
    first = Response.objects.select_related("item__assessment").get(
        item__assessment=assessment, item__position=1
    )
    record_finding(
        first, by=owner, finding=Finding.PARTIALLY_COMPLIANT, evidence="Decree 12/2025 \x0b adopted"
    )
    item = first.item
    ministry = Institution.objects.create(
        organisation=assessment.organisation, name="Ministry of Interior"
    )
    court = Institution.objects.create(organisation=assessment.organisation, name="Supreme Court")
    action = Action.objects.create(
        item=item,
        description="Adopt a refugee status determination procedure",
        lead_institution=ministry,
        due_on=timezone.localdate() - timedelta(days=3),
        status=ActionStatus.IN_PROGRESS,
        created_by=owner,
    )
    action.other_institutions.add(court)
    Indicator.objects.create(
        action=action,
        description="Asylum claims decided within six months",
        baseline="12 %",
        target="80 %",
        current_value="35 %",
        measured_on=date(2026, 9, 30),
    )
    ItemPosition.objects.create(
        item=item, position=Position.PARTIALLY_SUPPORTED, statement="Subject to the Constitution."
    )
    InstrumentVote.objects.create(
        assessment=assessment, instrument=item.instrument, vote=Vote.ABSTAINED
    )
    return assessment


def document_of(data: bytes):
    return Document(io.BytesIO(data))


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def table_text(document) -> str:
    return "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )


def test_member_downloads_an_editable_word_report(owner, assessment):
    client = Client()
    client.force_login(owner)

    answer = client.get(f"/assessments/{assessment.pk}/report/report.docx")

    assert answer.status_code == 200
    assert answer["Content-Type"] == DOCX
    assert (
        f"report-{assessment.country.code}-{assessment.pk}-r1.docx" in answer["Content-Disposition"]
    )
    document = document_of(body(answer))
    titles = headings(document)
    assert titles[0].startswith(str(assessment.country.name))
    assert {"Contents", "Summary", "Annex: action plan", "Sign-off"} <= set(titles)
    first_item = assessment.items.get(position=1)
    assert first_item.instrument.symbol in titles
    cells = table_text(document)
    assert "Adopt a refugee status determination procedure" in cells
    assert "Ministry of Interior (with Supreme Court)" in cells
    assert "Asylum claims decided within six months" in cells and "35 %" in cells
    assert "(overdue)" in cells
    assert "Partially supported\nSubject to the Constitution." in cells
    # The vertical tab of Word's line break is gone, the text kept.
    assert "Decree 12/2025 \n adopted" in cells
    assert "Signature" in cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The State’s vote: Abstained" in text
    assert "Draft: this report has not been approved" in text
    assert "authentic version" not in text


def test_contents_is_a_word_field_over_the_headings(assessment):
    document = document_of(word.report_docx(assessment))
    codes = [node.text for node in document.element.body.iter() if node.tag.endswith("instrText")]
    assert codes == ['TOC \\o "1-2" \\h \\z \\u']


def test_the_approved_word_report_points_to_the_sealed_pdf(owner, assessment):
    reviewer = make_user("reviewer")
    add_member(assessment, reviewer, Role.REVIEWER)
    assessment.review_state = "approved"
    assessment.approved_by = reviewer
    assessment.approved_at = timezone.now()
    assessment.save()

    document = document_of(word.report_docx(assessment))

    stored = ApprovedReport.objects.get(assessment=assessment, revision=assessment.revision)
    assert pdf.fingerprint(stored).matches
    text = "\n".join(p.text for p in document.paragraphs)
    assert "The authentic version of this approved report is the sealed PDF" in text
    assert stored.sha256 in text
    assert "Draft:" not in text


def test_word_report_dates_follow_the_language(assessment):
    with translation.override("fr"):
        document = document_of(word.report_docx(assessment))
    cells = table_text(document)
    assert "30 juin 2026" in cells
    assert "35 % (30/09/2026)" in cells


def test_pdf_prints_the_action_plan_annex_and_the_position(owner, assessment):
    text = " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(pdf.report_pdf(assessment))).pages
    )
    assert "Annex: action plan" in text
    assert "Adopt a refugee status determination procedure" in text
    assert "Ministry of Interior" in text and "Supreme Court" in text
    assert "overdue" in text
    assert "Asylum claims decided within six months" in text
    assert "The State’s position: Partially supported" in text
    assert "The State’s vote: Abstained" in text


def test_pdf_without_actions_has_no_action_plan(owner, media):
    assessment = synthetic_assessment(items=2, owner=owner)
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(pdf.report_pdf(assessment))).pages
    )
    assert "action plan" not in text
    assert Action.objects.count() == 0
