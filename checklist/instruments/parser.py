"""Turn the raw text of a UN resolution or ExCom conclusion into clean paragraphs.

Pure Python: no Django imports, so the command line, the web import and the tests share it.

The texts come from PDF extractions and web pages, with their damage: lead phrases glued to
the next word, page headers and footers inside paragraphs, footnote bodies at page bottoms
and footnote numbers glued to words and years. ``parse_instrument`` undoes it:

1. normalise line endings and odd spaces;
2. walk the lines once, dropping page furniture, moving footnote bodies to a list, taking
   the header (title, symbol, session), the adopting body and the closing meeting and date;
3. gather the remaining lines into preambular and operative paragraphs and their lettered
   sub-paragraphs, joining paragraphs that a page break or a footnote cut in two;
4. clean each paragraph (lead phrase split off, glued italics spaced, footnote references
   marked as ``[^N]``), and classify each operative paragraph.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from checklist.instruments.classify import classify, suggest_themes
from checklist.instruments.lexicon import ITALIC_PHRASES, match_lead

GENERAL_ASSEMBLY = "General Assembly"
EXCOM = "UNHCR Executive Committee"
HUMAN_RIGHTS_COUNCIL = "Human Rights Council"
SECURITY_COUNCIL = "Security Council"
ECOSOC = "Economic and Social Council"
COMMISSION_ON_HUMAN_RIGHTS = "Commission on Human Rights"

BODY_LINE = re.compile(
    r"^The (?P<body>General Assembly|Executive Committee|Human Rights Council|Security Council"
    r"|Economic and Social Council|Commission on Human Rights)\s*,?$"
)
BODY_NAMES = {"Executive Committee": EXCOM}
SYMBOL_PREFIXES = {GENERAL_ASSEMBLY: "A/RES/", HUMAN_RIGHTS_COUNCIL: "A/HRC/RES/"}

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LINE = re.compile(rf"^(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\s+(?P<year>\d{{4}})$")
MEETING_LINE = re.compile(r"^\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting$", re.IGNORECASE)

# Lines that belong to the printed page, not to the text.
PAGE_COUNT = r"\d{1,3}/\d{1,3}"
JOB_NUMBER = r"\d{2}-\d{5}(?:\s*\(E\))?(?:\s+\d{6})?"
FURNITURE = [
    # The symbol as a running header, alone or with the title: "A/RES/52/132".
    re.compile(r"^(?:United Nations\s+)?(?P<symbol>(?:A|E|S)(?:/HRC)?/RES/\d+/\d+)(?:\s+\S.*)?$"),
    re.compile(r"^Page\s+\d+(?:\s+of\s+\d+)?$", re.IGNORECASE),
    re.compile(rf"^{JOB_NUMBER}\s*(?:/\.\.\.)?$"),
    re.compile(rf"^(?:{JOB_NUMBER}\s+{PAGE_COUNT}|{PAGE_COUNT}\s+{JOB_NUMBER}|{PAGE_COUNT})$"),
    re.compile(r"^/\.\.\.$"),
    re.compile(r"^-\s*\d+\s*-$"),
    re.compile(r"^\d{1,3}$"),
    re.compile(r"^_{3,}$"),
    re.compile(r"^\*\d{7,}\*$"),
]
# Lines of a UN document's cover that say nothing about the instrument's text.
COVER_LINES = re.compile(
    r"^(?:UNITED NATIONS\b|GENERAL$|Agenda items?\b|RESOLUTION ADOPTED BY\b|\[on the report"
    r"|\[without reference)|\bDistr\.",
    re.IGNORECASE,
)
ADOPTED_ON = re.compile(
    rf"\badopted\b.*?\bon\s+(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
SESSION_LINE = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)?\s+session$")

RESOLUTION_LINE = re.compile(
    r"^(?:[A-Z]/(?:HRC/)?RES/)?(?P<number>\d{1,3}/\d{1,4})\s*\.\s*(?P<title>.+)$"
)
CONCLUSION_LINE = re.compile(
    r"^(?:Conclusion\s+)?No\.\s*(?P<number>\d+)\s*\((?P<session>[IVXLC]+)\)"
    r"(?:\s*[-\u2013\u2014]\s*(?P<year>\d{4}))?$"
)
SESSION_WORDS = re.compile(
    r"\b(?P<session>(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+(?:-[a-z]+)?)\s+session)\b"
)

OPERATIVE_START = re.compile(r"^(?P<number>\d{1,4})\.\s+(?P<text>\S.*)$")
SUBPARAGRAPH_START = re.compile(r"^\((?P<label>[a-z]{1,2}|[ivx]{1,5})\)\s+(?P<text>\S.*)$")
FOOTNOTE_START = re.compile(r"^(?P<number>\d{1,3})/?\s+(?P<text>\S.*)$")
# A line that ends a paragraph or a clause: a paragraph after it starts afresh.
ENDS_CLAUSE = re.compile(r"(?:[,;:.]|;\s+and|;\s+or)\d{0,2}$")

# Footnote references glued to what they follow: "1997,1", "Refugees3", "19965" (1996 + 5).
FOOTNOTE_REF = re.compile(
    r"(?P<year>\b(?:1[89]|20)\d\d)(?P<year_ref>\d{1,2})\b"
    r"|(?<=[A-Za-z)\]\u2019\u201d\"'])(?P<word_ref>\d{1,2})(?=[\s,;:.)]|$)"
    r"|(?<=[,;:.])(?P<punct_ref>\d{1,2})(?=[\s,;:.)]|$)"
)
# Abbreviations followed by a number that is not a footnote reference: "Add.1", "No.3".
NUMBERED_ABBREVIATION = re.compile(
    r"\b(?:Add|Corr|Rev|No|Nos|para|paras|vol|art|sect|chap|Suppl|p|pp|[A-Z])\.$"
)


class ParseError(ValueError):
    """The text cannot be read as an instrument; the message says why, for a person."""


@dataclass
class Footnote:
    number: int
    text: str


@dataclass
class SubParagraph:
    label: str
    text: str


@dataclass
class Paragraph:
    number: str
    lead: str
    text: str
    subparagraphs: list[SubParagraph] = field(default_factory=list)
    addressee: str = ""
    checkable: bool = False
    themes: list[str] = field(default_factory=list)


@dataclass
class ParsedInstrument:
    symbol: str
    title: str
    body: str
    adopted_on: date | None
    year: int | None
    session: str
    meeting: str
    note: str
    preambular: list[Paragraph]
    operative: list[Paragraph]
    footnotes: list[Footnote]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["adopted_on"] = self.adopted_on.isoformat() if self.adopted_on else None
        for paragraph in data["preambular"]:
            for key in ("addressee", "checkable", "themes"):
                del paragraph[key]
        return data


@dataclass
class _Draft:
    """A paragraph being gathered from lines."""

    kind: str
    number: str
    lines: list[str] = field(default_factory=list)
    subparagraphs: list[tuple[str, list[str]]] = field(default_factory=list)

    def add_line(self, line: str) -> None:
        if self.subparagraphs:
            self.subparagraphs[-1][1].append(line)
        else:
            self.lines.append(line)

    def last_line(self) -> str:
        if self.subparagraphs:
            return self.subparagraphs[-1][1][-1]
        return self.lines[-1]


@dataclass
class _Header:
    lines: list[str] = field(default_factory=list)
    body: str = ""
    symbol_on_page: str = ""
    meeting: str = ""
    adopted_on: date | None = None


def parse_instrument(raw: str) -> ParsedInstrument:
    """Parse the raw text of one instrument. Raises ParseError with a readable message."""
    lines = normalise(raw).split("\n")
    if not any(line.strip() for line in lines):
        raise ParseError("The text is empty: there is nothing to import.")
    header = _Header()
    body_lines, footnotes = _strip_furniture_and_footnotes(lines, header)
    header_lines, paragraph_lines = _split_header(body_lines, header)
    drafts = _gather_paragraphs(paragraph_lines)
    preambular = [d for d in drafts if d.kind == "preambular"]
    operative = [d for d in drafts if d.kind == "operative"]
    if not operative:
        raise ParseError(
            "No operative paragraphs were found. An instrument's operative paragraphs are "
            "numbered at the start of a line (1., 2., 3., ...); check that the text is a "
            "resolution or conclusion and that its numbering survived the copy."
        )
    instrument = _describe(header_lines, header)
    instrument.footnotes = footnotes
    marker = _FootnoteMarker([f.number for f in footnotes])
    instrument.preambular = [_finish(d, marker) for d in preambular]
    instrument.operative = [_finish(d, marker) for d in operative]
    for paragraph in instrument.operative:
        paragraph.addressee, paragraph.checkable = classify(paragraph.text)
        paragraph.themes = suggest_themes(paragraph.text)
    instrument.warnings.extend(_missing_parts(instrument))
    return instrument


def normalise(raw: str) -> str:
    """Unify line endings and the invisible characters that copies from PDFs carry."""
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n").replace("\t", " ")
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    return re.sub("[\u00ad\u200b\u200c\u200d\u2060]", "", text)


def _is_furniture(line: str, header: _Header) -> bool:
    for pattern in FURNITURE:
        match = pattern.match(line)
        if match:
            if "symbol" in pattern.groupindex:
                header.symbol_on_page = match["symbol"]
            return True
    return False


def _starts_paragraph(line: str) -> bool:
    return bool(OPERATIVE_START.match(line) or match_lead(line))


def _strip_furniture_and_footnotes(
    lines: list[str], header: _Header
) -> tuple[list[str], list[Footnote]]:
    """Drop page furniture and move footnote bodies out of the text.

    A footnote body is a line that starts with the next footnote number and either opens a
    block (after a blank line or another footnote) or follows a reference to that number in
    the text (extractions without blank lines). It runs on until it ends with a full stop,
    a blank line, or a line that opens a paragraph. Removed lines leave a blank line behind,
    so the paragraphs around them stay apart.
    """
    kept: list[str] = []
    footnotes: list[Footnote] = []
    cited: set[int] = set()
    at_block_start = True
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line or _is_furniture(line, header):
            kept.append("")
            at_block_start = True
            continue
        expected = footnotes[-1].number + 1 if footnotes else 1
        if _opens_footnote(line, expected, at_block_start or expected in cited):
            parts = [FOOTNOTE_START.match(line)["text"]]
            while index < len(lines) and _continues_footnote(parts[-1], lines[index], header):
                parts.append(lines[index].strip())
                index += 1
            footnotes.append(Footnote(expected, clean_footnote(_join_lines(parts))))
            kept.append("")
            at_block_start = True
            continue
        cited.update(_cited_numbers(line))
        kept.append(line)
        at_block_start = False
    return kept, footnotes


def _opens_footnote(line: str, expected: int, plausible: bool) -> bool:
    start = FOOTNOTE_START.match(line)
    return bool(
        plausible
        and start
        and int(start["number"]) == expected
        and not DATE_LINE.match(line)
        and not _starts_paragraph(line)
    )


def _continues_footnote(previous: str, line: str, header: _Header) -> bool:
    line = line.strip()
    return bool(
        line
        and not previous.endswith(".")
        and not _starts_paragraph(line)
        and not FOOTNOTE_START.match(line)
        and not _is_furniture(line, header)
    )


def _cited_numbers(line: str) -> set[int]:
    """Numbers glued to words or punctuation in a line: possible footnote references."""
    return {_ref_number(match) for match in FOOTNOTE_REF.finditer(line)}


def _ref_number(match: re.Match[str]) -> int:
    """The footnote number a FOOTNOTE_REF match carries, whichever form it took."""
    return int(match["year_ref"] or match["word_ref"] or match["punct_ref"])


def _split_header(lines: list[str], header: _Header) -> tuple[list[str], list[str]]:
    """Separate the header (before "The General Assembly,") from the paragraphs, and take
    the closing meeting and date lines out of the paragraphs."""
    body_at = next((i for i, line in enumerate(lines) if BODY_LINE.match(line)), None)
    if body_at is None:
        body_at = next(
            (i for i, line in enumerate(lines) if line and _starts_paragraph(line)), len(lines)
        )
        header_lines, rest = lines[:body_at], lines[body_at:]
    else:
        body = BODY_LINE.match(lines[body_at])["body"]
        header.body = BODY_NAMES.get(body, body)
        header_lines, rest = lines[:body_at], lines[body_at + 1 :]
    paragraph_lines = []
    for line in rest:
        date_match = DATE_LINE.match(line)
        if MEETING_LINE.match(line):
            header.meeting = line
        elif date_match and header.meeting:
            header.adopted_on = _date_of(date_match)
        else:
            paragraph_lines.append(line)
            continue
        paragraph_lines.append("")
    return [line for line in header_lines if line], paragraph_lines


def _date_of(match: re.Match[str]) -> date | None:
    month = MONTHS.split("|").index(match["month"].capitalize()) + 1
    try:
        return date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None


def _gather_paragraphs(lines: list[str]) -> list[_Draft]:
    """Group lines into paragraphs. A line opens a new paragraph when it carries the next
    operative number (or letter), a sub-paragraph label or a lead phrase after a finished
    clause; a line that starts in lower case always continues the paragraph a page break
    interrupted."""
    drafts: list[_Draft] = []
    after_blank = True
    next_number = 1
    for line in lines:
        if not line:
            after_blank = True
            continue
        current = drafts[-1] if drafts else None
        clause_ended = current is None or bool(ENDS_CLAUSE.search(current.last_line()))
        operative = OPERATIVE_START.match(line)
        sub = SUBPARAGRAPH_START.match(line)
        if operative and int(operative["number"]) == next_number and clause_ended:
            drafts.append(_Draft("operative", operative["number"], [operative["text"]]))
            next_number += 1
        elif sub and clause_ended and next_number == 1 and _opens_lettered(current, sub["label"]):
            drafts.append(_Draft("operative", f"({sub['label']})", [sub["text"]]))
        elif sub and current is not None and clause_ended:
            current.subparagraphs.append((f"({sub['label']})", [sub["text"]]))
        elif current is None or line[0].islower():
            if current is None:
                drafts.append(_Draft("preambular", "", [line]))
            else:
                current.add_line(line)
        elif next_number == 1 and clause_ended and (after_blank or match_lead(line)):
            drafts.append(_Draft("preambular", "", [line]))
        else:
            current.add_line(line)
        after_blank = False
    return drafts


def _opens_lettered(current: _Draft | None, label: str) -> bool:
    """Some instruments (many ExCom conclusions) letter their operative paragraphs (a), (b)
    instead of numbering them. A lettered line opens one when it follows the preamble (and
    is not a list the preambular paragraph announced with a colon), or comes next after
    another lettered operative paragraph."""
    if current is None or current.kind == "preambular":
        return label == "a" and (current is None or not current.last_line().endswith(":"))
    if not current.number.startswith("("):
        return False
    if current.subparagraphs or current.last_line().endswith(":"):
        return label == chr(ord(current.number[1]) + 1)
    return True


def _join_lines(lines: list[str]) -> str:
    """Join wrapped lines into one, keeping a hyphen that ends a line ("early-" "warning")."""
    pieces: list[str] = []
    for line in lines:
        glued = pieces and pieces[-1].endswith("-") and pieces[-1][-2:-1].isalpha()
        if glued and line[:1].islower():
            pieces[-1] += line
        else:
            pieces.append(line)
    return re.sub(r"\s+", " ", " ".join(pieces)).strip()


def clean_text(text: str) -> str:
    """Restore the spaces that lost italics took with them inside a paragraph."""
    text = re.sub(r",(?=[A-Za-z])", ", ", text)
    for phrase in ITALIC_PHRASES:
        text = re.sub(rf"(?<=[A-Za-z]){phrase}\b", f" {phrase}", text)
        text = re.sub(rf"\b{phrase}(?=[A-Za-z])", f"{phrase} ", text)
    return text


def clean_footnote(text: str) -> str:
    """Footnotes cite documents whose titles were italic: "SeeOfficial Records", "12 Aand"."""
    text = clean_text(text)
    text = re.sub(r"\b(See|see also|Ibid\.,)(?=[A-Z])", r"\1 ", text)
    text = re.sub(r"(?<=\d)\((?=[A-Z])", " (", text)
    return re.sub(r"(\bNo\.\s\d+\s[A-Z])(?=[a-z]{2}|\()", r"\1 ", text)


def _split_lead(text: str) -> tuple[str, str]:
    """Return (lead, text with the lead separated by a space)."""
    found = match_lead(text)
    if found is None:
        first_word = text.split(" ", 1)[0].rstrip(",;:")
        return first_word, text
    lead, rest = found
    if not rest:
        return lead, lead
    joiner = "" if rest[0] in ",;:.)" else " "
    return lead, f"{lead}{joiner}{rest}"


class _FootnoteMarker:
    """Marks footnote references as ``[^N]``, in reading order.

    A glued number counts as a reference only if that footnote exists and is either one
    already seen or the next one: footnotes are numbered in the order they are cited, so
    "19965" after footnote 4 is 1996 and footnote 5, and a stray "2" in a name is not one.
    """

    def __init__(self, numbers: list[int]) -> None:
        self.known = set(numbers)
        self.highest = 0

    def mark(self, text: str) -> str:
        return FOOTNOTE_REF.sub(self._replace, text)

    def _replace(self, match: re.Match[str]) -> str:
        number = _ref_number(match)
        if number not in self.known or number > self.highest + 1:
            return match.group(0)
        if match["punct_ref"] and NUMBERED_ABBREVIATION.search(match.string[: match.start()]):
            return match.group(0)
        self.highest = max(self.highest, number)
        return f"{match['year'] or ''}[^{number}]"


def _finish(draft: _Draft, marker: _FootnoteMarker) -> Paragraph:
    chapeau = marker.mark(clean_text(_join_lines(draft.lines)))
    lead, chapeau = _split_lead(chapeau)
    subparagraphs = [
        SubParagraph(label, marker.mark(clean_text(_join_lines(lines))))
        for label, lines in draft.subparagraphs
    ]
    whole = " ".join([chapeau, *(f"{s.label} {s.text}" for s in subparagraphs)])
    return Paragraph(number=draft.number, lead=lead, text=whole, subparagraphs=subparagraphs)


def _undouble(line: str) -> str:
    """A title printed twice ("Refugee ProtectionRefugee Protection") is given once."""
    half, odd = divmod(len(line), 2)
    if not odd and line[:half] == line[half:]:
        return line[:half]
    if odd and line[half] == " " and line[:half] == line[half + 1 :]:
        return line[:half]
    return line


def _describe(header_lines: list[str], header: _Header) -> ParsedInstrument:
    """Read the symbol, title, body, session and note from the lines before the paragraphs.

    A numbered title ("52/132. Human rights and mass exoduses") gives the symbol and the
    title; otherwise the first line that is not cover furniture is the title, and the lines
    after it are kept as a note ("Contained in ...").
    """
    symbol, title, session, year = header.symbol_on_page, "", "", None
    numbered = next(filter(None, map(RESOLUTION_LINE.match, header_lines)), None)
    if numbered:
        symbol = symbol or SYMBOL_PREFIXES.get(header.body, "") + numbered["number"]
        title = _undouble(numbered["title"].strip())
    notes = []
    for line in header_lines:
        if not session and (found := SESSION_WORDS.search(line)):
            session = found["session"]
        if not header.adopted_on and (adopted := ADOPTED_ON.search(line)):
            header.adopted_on = _date_of(adopted)
        if conclusion := CONCLUSION_LINE.match(line):
            number = f"No. {conclusion['number']} ({conclusion['session']})"
            symbol = symbol or f"ExCom Conclusion {number}"
            year = int(conclusion["year"]) if conclusion["year"] else None
            header.body = header.body or EXCOM
        elif _is_header_furniture(line, header):
            continue
        elif not title:
            title = _undouble(line)
        else:
            notes.append(line)
    if header.adopted_on and year is None:
        year = header.adopted_on.year
    if not session and header.body == GENERAL_ASSEMBLY and (number := _resolution_session(symbol)):
        session = f"{_ordinal(number)} session"
    return ParsedInstrument(
        symbol=symbol,
        title=title,
        body=header.body,
        adopted_on=header.adopted_on,
        year=year,
        session=session,
        meeting=header.meeting,
        note=" ".join(notes),
        preambular=[],
        operative=[],
        footnotes=[],
    )


def _is_header_furniture(line: str, header: _Header) -> bool:
    return bool(
        RESOLUTION_LINE.match(line)
        or COVER_LINES.search(line)
        or DATE_LINE.match(line)
        or SESSION_LINE.match(line)
        or _is_furniture(line, header)
    )


def _resolution_session(symbol: str) -> int | None:
    match = re.search(r"RES/(\d+)/", symbol)
    return int(match.group(1)) if match else None


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _missing_parts(instrument: ParsedInstrument) -> list[str]:
    warnings = []
    if not instrument.symbol:
        warnings.append("No symbol was found (such as A/RES/52/132): enter it before saving.")
    if not instrument.title:
        warnings.append("No title was found: enter it before saving.")
    if not instrument.body:
        warnings.append("The adopting body was not found (“The General Assembly,”).")
    if not instrument.preambular:
        warnings.append("No preambular paragraphs were found.")
    return warnings
