"""Ids as they come in from URLs, query strings and forms: a whole number from 1 to the
largest a 64-bit signed integer column holds, or nothing.

Beyond that range SQLite cannot even compare the value (OverflowError), and "²".isdigit()
is true while int("²") fails: both became 500s. Here they are simply no id.
"""

import re

MAX_ID = 2**63 - 1
DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(value: str | None) -> int | None:
    """The id written in ``value``, or None when it is not one (ASCII digits, in range)."""
    if value is None or not DIGITS.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class IdConverter:
    """`<id:pk>` in a URL pattern: a URL whose id is out of range matches no view (404)."""

    regex = DIGITS.pattern

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not an id.")
        return number

    def to_url(self, value: int) -> str:
        return str(value)
