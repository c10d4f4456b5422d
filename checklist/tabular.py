"""Cells for CSV and XLSX files that people open in a spreadsheet.

Any cell that a spreadsheet would read as a formula (starting with = + - @, tab or carriage
return) is prefixed with a single quote (OWASP, CSV injection); the C0 controls a spreadsheet
cannot hold are removed.
"""

import re
from datetime import date, datetime

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The C0 controls a spreadsheet cannot hold (openpyxl refuses them): text saved before input
# was cleaned may still carry them. Word's line break (vertical tab) stays a line break.
UNPRINTABLE = re.compile(r"[\x00-\x08\x0e-\x1f]")
LINE_BREAK_LIKE = re.compile(r"[\v\f]")


def printable(value: str) -> str:
    return UNPRINTABLE.sub("", LINE_BREAK_LIKE.sub("\n", value))


def neutralised(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_START) else value


def text_cell(value) -> str:
    """Any value as the text of a CSV cell, safe to open in a spreadsheet."""
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    return neutralised(printable(str(value or "")))


def as_text_cells(row) -> None:
    """Mark an appended openpyxl row's text cells as text: openpyxl guesses a formula from a
    leading "=", and a text cell is text."""
    for cell in row:
        if isinstance(cell.value, str):
            cell.data_type = "s"
