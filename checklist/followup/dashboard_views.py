"""The follow-up dashboard of an assessment and its CSV / XLSX exports. Every member and the
organisation's admins read it; access goes through assessments.access like every page of an
assessment (outsiders: 404)."""

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from checklist.assessments.access import get_assessment_for
from checklist.followup import dashboard
from checklist.tabular import as_text_cells, text_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = [18, 10, 60, 30, 30, 24, 12, 14, 10, 50, 30]


def _board(request: HttpRequest, pk: int):
    assessment, permissions = get_assessment_for(request.user, pk)
    filters = dashboard.BoardFilters(request.GET or None, assessment=assessment)
    chosen = filters.chosen() if request.GET else {}
    today = timezone.localdate()
    lines = dashboard.board_actions(dashboard.filtered_actions(assessment, chosen, today), today)
    return assessment, permissions, filters, lines


@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, permissions, filters, lines = _board(request, pk)
    query = request.GET.urlencode()
    return render(
        request,
        "followup/dashboard.html",
        {
            "assessment": assessment,
            "permissions": permissions,
            "filters": filters,
            "actions": lines,
            "overdue": sum(line.overdue for line in lines),
            "by_institution": dashboard.by_institution(lines),
            "by_theme": dashboard.by_theme(lines),
            "progress": dashboard.progress(assessment),
            "notice_days": dashboard.notice_days(assessment),
            "query": f"?{query}" if query else "",
        },
    )


def _headers() -> list[str]:
    return [
        _("Instrument"),
        _("Paragraph"),
        _("Action"),
        _("Lead institution"),
        _("Also involved"),
        _("Followed by"),
        _("Due date"),
        _("Status"),
        _("Overdue"),
        _("Indicators"),
        _("Themes"),
    ]


def _cells(line: dashboard.BoardAction) -> list:
    return [
        line.instrument,
        line.item_label,
        line.description,
        line.lead,
        "; ".join(line.others),
        line.owner,
        line.due_on,
        line.status_label,
        _("yes") if line.overdue else "",
        "\n".join(line.indicators),
        "; ".join(line.themes),
    ]


def _attachment(data: bytes, assessment, extension: str, content_type: str) -> HttpResponse:
    answer = HttpResponse(data, content_type=content_type)
    name = f"actions-{assessment.country.code or 'report'}-{assessment.pk}.{extension}"
    answer["Content-Disposition"] = f'attachment; filename="{name}"'
    return answer


@require_GET
def board_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The dashboard's actions, as filtered, in UTF-8 with a byte-order mark for Excel."""
    assessment, _permissions, _filters, lines = _board(request, pk)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers())
    for line in lines:
        writer.writerow([text_cell(cell) for cell in _cells(line)])
    data = ("\ufeff" + out.getvalue()).encode("utf-8")
    return _attachment(data, assessment, "csv", "text/csv; charset=utf-8")


@require_GET
def board_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    assessment, _permissions, _filters, lines = _board(request, pk)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Actions")[:31]
    sheet.append(_headers())
    sheet.freeze_panes = "A2"
    for column, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for line in lines:
        sheet.append(
            [text_cell(cell) if cell is not line.due_on else cell for cell in _cells(line)]
        )
        as_text_cells(sheet[sheet.max_row])
    out = io.BytesIO()
    workbook.save(out)
    return _attachment(out.getvalue(), assessment, "xlsx", XLSX)
