"""CSV and XLSX of the responses: columns, encoding, formula neutralising, sheet layout."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from checklist.assessments.models import Finding, Response, Source
from checklist.synthetic import synthetic_assessment
from tests.factories import make_user, record_finding

DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"]


@pytest.fixture
def owner(db):
    return make_user("owner", first_name="Omar", last_name="Owner")


@pytest.fixture
def assessment(owner):
    assessment = synthetic_assessment(items=len(DANGEROUS) + 2, owner=owner)
    for position, evidence in enumerate(DANGEROUS, start=1):
        response = Response.objects.select_related("item__assessment").get(
            item__assessment=assessment, item__position=position
        )
        record_finding(
            response,
            by=owner,
            finding=Finding.PARTIALLY_COMPLIANT,
            evidence=evidence,
            notes="internal",
        )
    Source.objects.create(
        response=Response.objects.get(item__assessment=assessment, item__position=1),
        title="Asylum Act",
        url="https://example.org/act",
        added_by=owner,
    )
    return assessment


def get(owner, assessment, name: str):
    client = Client()
    client.force_login(owner)
    return client.get(f"/assessments/{assessment.pk}/report/{name}")


def test_csv_is_utf8_with_bom_and_neutralises_formulas(owner, assessment):
    response = get(owner, assessment, "responses.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == [
        "Instrument",
        "Paragraph",
        "Label",
        "Lead",
        "Text",
        "Themes",
        "Affected groups",
        "SDG targets",
        "Finding",
        "Evidence",
        "Sources",
        "Last changed by",
        "Last changed at",
        "Review",
    ]
    assert len(lines) == 1 + assessment.items.count()
    first = dict(zip(lines[0], lines[1], strict=True))
    assert [first[name] for name in ("Instrument", "Paragraph", "Lead")] == [
        "SYN/1",
        "1",
        "Calls upon",
    ]
    assert first["Finding"] == "Partially compliant"
    assert first["Sources"] == "Asylum Act – https://example.org/act"
    assert first["Last changed by"] == "Omar Owner"
    assert first["Review"] == "Not reviewed"
    evidence = lines[0].index("Evidence")
    assert [line[evidence] for line in lines[1 : 1 + len(DANGEROUS)]] == [
        f"'{value}" for value in DANGEROUS
    ]
    assert "internal" not in response.content.decode("utf-8-sig")


def test_xlsx_has_a_sheet_per_instrument_with_string_cells(owner, assessment):
    response = get(owner, assessment, "responses.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["SYN-1", "SYN-2"]
    sheet = workbook["SYN-1"]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["E"].width == 70
    assert sheet["A1"].value == "Instrument" and sheet["N1"].value == "Review"
    evidence = sheet["J2"]
    assert evidence.value == "'=1+1"
    assert evidence.data_type == "s"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                assert cell.data_type == "s"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == (
        '"Not assessed,Compliant,Partially compliant,Not compliant,Not applicable"'
    )
    assert str(validation.sqref) == f"I2:I{sheet.max_row}"
    assert sheet["I2"].value == "Partially compliant"
    rows_total = sum(workbook[name].max_row - 1 for name in workbook.sheetnames)
    assert rows_total == assessment.items.count()


def test_outsider_gets_404_for_exports(assessment):
    outsider = make_user("outsider")
    for name in ("responses.csv", "responses.xlsx"):
        assert get(outsider, assessment, name).status_code == 404
