"""Text as people type or paste it, made safe to store, export and put in an e-mail header.

C0 control characters (a vertical tab from Word's Shift+Enter, \\x01, \\x1b from a terminal)
save normally but break the XLSX export and mean nothing to a reader; a line break in a title
ends up in e-mail subjects, where it is refused.
"""

import re

# Word's line break (vertical tab) still separates lines; a form feed (a page break) leaves
# a blank line, so the paragraphs either side of it stay apart.
LINE_BREAKS = re.compile(r"\r\n|[\r\v]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
# Everything str.splitlines() or a mail header would take for the end of a line.
ANY_LINE_END = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]\s*")


def clean_text(value: str) -> str:
    """``value`` with line ends made \\n and every other C0 control but tab removed."""
    return CONTROL.sub("", LINE_BREAKS.sub("\n", value).replace("\f", "\n\n"))


def single_line(value: str) -> str:
    """``value`` on one line: line breaks become a space, tabs and other controls go."""
    return clean_text(ANY_LINE_END.sub(" ", value)).replace("\t", " ").strip()
