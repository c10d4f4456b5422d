"""checklist.text.clean_text: the one rule for control characters in text people send."""

import pytest

from checklist.text import clean_text


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("Urges States\tto act;\nand", "Urges States\tto act;\nand"),
        ("line one\r\nline two\rline three", "line one\nline two\nline three"),
        ("end of page\fnext page", "end of page\n\nnext page"),
        ("bell\x07 null\x00 escape\x1b", "bell null escape"),
        ("Word's line break\x0bnext line", "Word's line break\nnext line"),
        (
            "r\u00e9fugi\u00e9s \u2013 \u201cprotection\u201d",
            "r\u00e9fugi\u00e9s \u2013 \u201cprotection\u201d",
        ),
    ],
)
def test_control_characters_go_and_line_breaks_stay(sent, kept):
    assert clean_text(sent) == kept
