"""Issue 19's figure: the Word report of 500 items, each with an action and an indicator,
against python-docx writing a bare table of the same text (target: under 5 s)."""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from docx import Document

from bench.reports import with_findings
from bench.timing import measure
from checklist.assessments import selectors
from checklist.followup.models import Action, Indicator, Institution
from checklist.reports import word
from checklist.synthetic import synthetic_assessment

ITEMS = 500


def with_actions(assessment) -> None:
    """One action per item with an indicator, a third of them overdue."""
    ministry = Institution.objects.create(
        organisation=assessment.organisation, name="Ministry of Interior"
    )
    today = timezone.localdate()
    actions = Action.objects.bulk_create(
        Action(
            item=item,
            description=f"Carry out item {item.position}: a law, a budget line and training.",
            lead_institution=ministry,
            due_on=today + timedelta(days=item.position % 60 - 20),
        )
        for item in assessment.items.order_by("position")
    )
    Indicator.objects.bulk_create(
        Indicator(action=action, description="People reached", baseline="0", target="100")
        for action in actions
    )


def bare_docx(assessment) -> bytes:
    """The same text in one table, no headings, no styles: python-docx's own cost."""
    document = Document()
    table = document.add_table(rows=0, cols=4)
    for row in selectors.load_rows(assessment.pk):
        cells = table.add_row().cells
        for cell, value in zip(
            cells, [row.label, row.text, row.evidence, row.finding], strict=True
        ):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def run() -> None:
    owner = get_user_model().objects.create_user("bench-word", password="bench-password-1")
    assessment = synthetic_assessment(items=ITEMS, owner=owner, prefix="DOC")
    with_findings(assessment)
    with_actions(assessment)
    report = measure(lambda _: word.report_docx(assessment), runs=3, warmup=1)
    bare = measure(lambda _: bare_docx(assessment), runs=3, warmup=1)
    size = len(word.report_docx(assessment))
    print(f"Word report of {ITEMS} items, each with an action and an indicator (python-docx)")
    print(f"  report DOCX              {report}   (target < 5000 ms)")
    print(f"  bare table, same text    {bare}")
    print(f"  report size              {size / 1024:.0f} KiB")
