"""Text as people send it, made safe to store and to export.

Pure Python, no Django: the parser, the import and any form may use it.
"""

import re

# C0 control characters other than tab (9) and newline (10); carriage returns and form
# feeds are turned into newlines first, so that no line break is lost.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_LINE_BREAKS = str.maketrans({"\f": "\n\n"})


def clean_text(text: str) -> str:
    """``text`` with Windows and old Mac line endings made newlines, a form feed (a page
    break) made a blank line, and every other C0 control character removed: XML (XLSX,
    DOCX), PDF and CSV exports cannot all hold them, and no reader sees them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    return _CONTROL.sub("", text)
