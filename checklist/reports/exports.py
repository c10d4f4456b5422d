"""The responses as CSV and XLSX, one line per item, for people who work in a spreadsheet.

Cells are neutralised by checklist.tabular (CSV injection); in the XLSX every text cell is
also stored as a string, never as a formula.
"""

import csv
import io
import re
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from checklist.assessments import selectors
from checklist.assessments.models import Assessment, Finding, ItemReview
from checklist.tabular import as_text_cells, text_cell
from checklist.text import single_line

FINDING = gettext_lazy("Finding")
# (header, width): the headers are in the request's language.
COLUMNS = [
    (gettext_lazy("Instrument"), 22),
    (gettext_lazy("Paragraph"), 10),
    (gettext_lazy("Label"), 40),
    (gettext_lazy("Lead"), 18),
    (gettext_lazy("Text"), 70),
    (gettext_lazy("Themes"), 30),
    (gettext_lazy("Affected groups"), 30),
    (gettext_lazy("SDG targets"), 30),
    (FINDING, 20),
    (gettext_lazy("Evidence"), 60),
    (gettext_lazy("Sources"), 50),
    (gettext_lazy("Last changed by"), 20),
    (gettext_lazy("Last changed at"), 18),
    (gettext_lazy("Review"), 30),
]
FINDING_COLUMN = [header for header, _ in COLUMNS].index(FINDING) + 1
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def headers() -> list[str]:
    return [str(header) for header, _ in COLUMNS]


def _reviews(assessment_id: int) -> dict[int, str]:
    labels = {value: str(label) for value, label in ItemReview.choices}
    answer = {}
    for item, signoff in selectors.signoffs(assessment_id).items():
        when = f", {timezone.localtime(signoff.at):%Y-%m-%d %H:%M}" if signoff.at else ""
        label = str(labels[signoff.review])
        answer[item] = (
            gettext("%(review)s by %(reviewer)s%(when)s")
            % {"review": label, "reviewer": signoff.reviewer, "when": when}
            if signoff.reviewer
            else label
        )
    return answer


def _lines(assessment: Assessment) -> list[tuple[int, list]]:
    """(instrument pk, cells) per item, in order; the time is a naive local datetime."""
    symbols = {instrument.pk: instrument.symbol for instrument in assessment.instruments.all()}
    reviews = _reviews(assessment.pk)
    lines = []
    for row in selectors.load_rows(assessment.pk):
        sources = "\n".join(
            " – ".join(part for part in (source.title, source.url) if part)
            for source in row.sources
        )
        changed_at = (
            timezone.localtime(row.updated_at).replace(tzinfo=None) if row.updated_at else None
        )
        cells = [
            symbols[row.instrument_id],
            row.number,
            row.action,
            row.lead,
            row.text,
            "; ".join(name for _, name in row.themes),
            "; ".join(name for _, name in row.groups),
            "; ".join(name for _, name in row.sdg_targets),
            str(row.finding_label),
            row.evidence,
            sources,
            row.updated_by_name,
            changed_at,
            reviews.get(row.pk, ""),
        ]
        lines.append((row.instrument_id, cells))
    return lines


def responses_csv(assessment: Assessment) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read the accents right."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers())
    for _, cells in _lines(assessment):
        writer.writerow([text_cell(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(symbol: str, taken: set[str]) -> str:
    base = SHEET_NAME_FORBIDDEN.sub("-", single_line(symbol))[:31] or "Items"
    title, number = base, 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.lower())
    return title


def responses_xlsx(assessment: Assessment) -> bytes:
    """One sheet per instrument: a frozen header row, set widths, a finding drop-down."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets, taken = {}, set()
    for instrument in assessment.instruments.all():
        sheet = workbook.create_sheet(_sheet_title(instrument.symbol, taken))
        sheet.append(headers())
        sheet.freeze_panes = "A2"
        for column, (_, width) in enumerate(COLUMNS, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheets[instrument.pk] = sheet
    for instrument_pk, cells in _lines(assessment):
        sheet = sheets[instrument_pk]
        sheet.append([cell if isinstance(cell, datetime) else text_cell(cell) for cell in cells])
        as_text_cells(sheet[sheet.max_row])
    labels = ",".join(str(label) for _, label in Finding.choices)
    for sheet in sheets.values():
        column = get_column_letter(FINDING_COLUMN)
        validation = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=False)
        validation.add(f"{column}2:{column}{max(sheet.max_row, 2)}")
        sheet.add_data_validation(validation)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
