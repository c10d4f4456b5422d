"""Whatever text arrives, the parser answers with a parse or a ParseError, nothing else."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checklist.instruments.parser import ParseError, parse_instrument
from tests.factories import GA_SOURCE

GA_LINES = GA_SOURCE.read_text(encoding="utf-8").splitlines()

# Lines that look like the parts of an instrument, so that the fuzzing reaches deep.
PIECES = st.sampled_from(
    [
        "",
        "The General Assembly,",
        "52/132. Human rights",
        "No. 52 (XXXIX) - 1988",
        "1. Calls uponStates to act;",
        "2. Requeststhe Secretary-General,1",
        "(a) To register;",
        "(i) Sub-item;",
        "1 SeeOfficial Records, 19965",
        "A/RES/52/132",
        "Page 2",
        "98-77017 /...",
        "70th plenary meeting",
        "12 December 1997",
        "Recallingits resolution,",
        "and the 1967 Protocol9",
        "   ",
        "\f",
        "\r\n",
    ]
)


def parse_or_refuse(text: str) -> None:
    try:
        parsed = parse_instrument(text)
    except ParseError as error:
        assert str(error)
        return
    assert parsed.operative
    for paragraph in parsed.preambular + parsed.operative:
        assert paragraph.text == paragraph.text.strip()
        assert "\n" not in paragraph.text
    parsed.to_dict()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.sampled_from(GA_LINES), st.text(max_size=40)), max_size=60))
def test_any_sequence_of_lines_parses_or_is_refused(lines):
    parse_or_refuse("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_parses_or_is_refused(text):
    parse_or_refuse(text)
