"""Issue 6's figures: the PDF of 500 items against WeasyPrint on a bare table of the same
text (same PDF options), and the XLSX export of 1,000 items."""

import io

from django.contrib.auth import get_user_model
from django.utils.html import escape
from pypdf import PdfReader
from weasyprint import HTML

from bench.timing import measure
from checklist.assessments import selectors
from checklist.assessments.models import Finding, Response
from checklist.reports import exports, pdf
from checklist.synthetic import synthetic_assessment

PDF_ITEMS = 500
XLSX_ITEMS = 1000
FINDINGS = [value for value, _ in Finding.choices]


def with_findings(assessment) -> None:
    """Every finding in turn, with a line of evidence, so the report is not all blanks."""
    responses = list(
        Response.objects.filter(item__assessment=assessment).order_by("item__position")
    )
    for index, response in enumerate(responses):
        response.finding = FINDINGS[index % len(FINDINGS)]
        response.evidence = f"Evidence for item {index + 1}: the law in force and its practice."
    Response.objects.bulk_update(responses, ["finding", "evidence"])


def reference_html(assessment) -> str:
    """The report's text, one row per item in one plain table, with no style at all."""
    lines = "".join(
        f"<tr><td>{escape(row.label)}</td><td>{escape(row.text)}</td>"
        f"<td>{escape(row.finding_label)}</td><td>{escape(row.evidence)}</td></tr>"
        for row in selectors.load_rows(assessment.pk)
    )
    return f"<!doctype html><html lang=en><title>Reference</title><table>{lines}</table></html>"


def run() -> None:
    owner = get_user_model().objects.create_user("bench-reports", password="bench-password-1")
    assessment = synthetic_assessment(items=PDF_ITEMS, owner=owner, prefix="PDF")
    with_findings(assessment)
    report = measure(lambda _: pdf.report_pdf(assessment), runs=5, warmup=1)
    reference = reference_html(assessment)
    bare = measure(lambda _: HTML(string=reference).write_pdf(**pdf.PDF_OPTIONS), runs=5, warmup=1)
    pages = len(PdfReader(io.BytesIO(pdf.report_pdf(assessment))).pages)

    spreadsheet = synthetic_assessment(items=XLSX_ITEMS, owner=owner, prefix="XLS")
    with_findings(spreadsheet)
    xlsx = measure(lambda _: exports.responses_xlsx(spreadsheet), runs=5, warmup=1)

    print(f"Report of {PDF_ITEMS} items (WeasyPrint, PDF/UA-1)")
    print(f"  report PDF               {report}")
    print(f"  bare table, same text    {bare}")
    print(f"  ratio report / bare      {report.median_ms / bare.median_ms:.2f}  (target ≤ 1.3)")
    print(f"  report pages             {pages}")
    print(f"  XLSX of {XLSX_ITEMS} items       {xlsx}")
    print("  targets: report PDF median < 4 s, XLSX median < 1 s")
