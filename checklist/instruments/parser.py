"""Turn the raw text of a UN resolution or ExCom conclusion into clean paragraphs.

Pure Python: no Django imports, so the command line, the web import and the tests share it.
Its refusals and warnings, read by people, are translated through instruments.translation.

The texts come from PDF extractions, OCR layers and web pages, with their damage: lead
phrases glued to the next word, running headers and page counts inside paragraphs, footnote
bodies at page bottoms and footnote numbers glued to words and years. ``parse_instrument``
undoes it:

1. normalise line endings and odd spaces;
2. read the cover (everything before "The General Assembly,"): the symbol, and the words a
   running header may repeat;
3. walk the lines once, dropping page furniture (running headers are told by the symbol or
   by repeating the cover next to a page count), moving footnote bodies to a list;
4. split off the closing meeting and date, and any annex after them;
5. gather the remaining lines into section headings, preambular and operative paragraphs
   and their lettered sub-paragraphs, joining paragraphs that a page break cut in two;
6. clean each paragraph (lead phrase split off, glued italics spaced, footnote references
   marked as ``[^N]``), classify each operative paragraph and say where it is unsure.
"""

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from checklist.instruments.classify import (
    classify,
    suggest_groups,
    suggest_sdg_targets,
    suggest_themes,
)
from checklist.instruments.labels import propose_label
from checklist.instruments.languages import ENGLISH, guess_language
from checklist.instruments.lexicon import ITALIC_PHRASES, match_lead
from checklist.instruments.translation import _

GENERAL_ASSEMBLY = "General Assembly"
EXCOM = "UNHCR Executive Committee"
HUMAN_RIGHTS_COUNCIL = "Human Rights Council"
SECURITY_COUNCIL = "Security Council"
ECOSOC = "Economic and Social Council"
COMMISSION_ON_HUMAN_RIGHTS = "Commission on Human Rights"

BODY_LINE = re.compile(
    r"^The (?P<body>General Assembly|Executive Committee|Human Rights Council|Security Council"
    r"|Economic and Social Council|Commission on Human Rights)\s*(?:[,:;]?$|,\s+(?P<rest>[a-z].*))"
)
# The opening line of a treaty annexed to a resolution.
AGREED_LINE = re.compile(r"^(?:Have|Hereby)\s+agreed?\s+as\s+follows\s*:$", re.IGNORECASE)
PARTIES_LINE = re.compile(r"^The (?:States )?Parties to (?:the|this) .{3,80}[,:]$")
BODY_NAMES = {"Executive Committee": EXCOM}
# The body line in the UN's other languages: "L'Assemblée générale,", "大会，".
FOREIGN_BODY_LINES = [
    (
        GENERAL_ASSEMBLY,
        re.compile(
            r"^(?:L[’']Assemblée générale|La Asamblea General|Генеральная Ассамблея"
            r"|إن الجمعية العامة|大会)\s*[,،，:：]$"
        ),
    ),
    (
        EXCOM,
        re.compile(
            r"^(?:Le Comité exécutif|El Comité Ejecutivo|Исполнительный комитет"
            r"|إن اللجنة التنفيذية|执行委员会)\s*[,،，:：]$"
        ),
    ),
]
SYMBOL_PREFIXES = {GENERAL_ASSEMBLY: "A/RES/", HUMAN_RIGHTS_COUNCIL: "A/HRC/RES/"}

MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LINE = re.compile(rf"^(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\s+(?P<year>\d{{4}})$")
STARTS_WITH_DATE = re.compile(rf"^\d{{1,2}}\s+(?:{MONTHS})\b")
# A line that opens with a number inside a sentence: "3 – 14 June 1992", "30 and 31 October".
NUMBER_IN_TEXT = re.compile(rf"^\d{{1,2}}\s+(?:[\u2013\u2014-]|and\b|to\b|(?:{MONTHS})\b)")
MEETING_LINE = re.compile(
    r"^\d+(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?(?:plenary\s+)?meeting$"
    # "70e séance plénière", "70ª sesión plenaria", "70-е пленарное заседание",
    # "الجلسة العامة 70", "第70次全体会议".
    r"|^\d+\s?(?:e|ᵉ|re)\s+séance(?:\s+plénière)?$|^\d+\s?(?:ª|a\.?)\s+sesión(?:\s+plenaria)?$"
    r"|^\d+-?е\s+(?:пленарное\s+)?заседание$|^الجلسة\s+(?:العامة\s+)?\d+$|^第\s?\d+\s?次全体会议$",
    re.IGNORECASE,
)
# The closing date in the UN's other languages, each (pattern, its months in order); the
# Chinese date has no month names ("1997年12月12日").
FOREIGN_DATE_LINES = [
    (
        re.compile(r"^(?P<day>\d{1,2})(?:er)?\s+(?P<month>\w+)\s+(?P<year>\d{4})$"),
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    ),
    (
        re.compile(r"^(?P<day>\d{1,2})\s+de\s+(?P<month>\w+)\s+de\s+(?P<year>\d{4})$"),
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    ),
    (
        re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>\w+)\s+(?P<year>\d{4})(?:\s+года)?$"),
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    ),
    (
        # "12 كانون الأول/ديسمبر 1997": the Levantine name, then the one used elsewhere.
        re.compile(r"^(?P<day>\d{1,2})\s+(?:[^\d/]+/)?(?P<month>\S+)\s+(?P<year>\d{4})$"),
        "يناير فبراير مارس أبريل مايو يونيه يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    ),
]
CHINESE_DATE_LINE = re.compile(r"^(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日$")
ANNEX_LINE = re.compile(r"^Annex(?:es)?(?:\s+[IVX]+)?$")

# A UN document symbol: A/RES/78/185, A/80/L.24, A/C.4/80/L.17, S/RES/2334 (2016), A/L.632.
SYMBOL = (
    r"(?:A|S|E)(?:/(?:[A-Z][A-Za-z]{0,4}(?:[.\-]\d+)?|\d{1,4}(?:\.\d+)?))*"
    r"/(?:[A-Z][A-Za-z]{0,4}[.\-])?\d{1,4}(?:\s\(\d{4}\))?"
)
SYMBOL_IN_COLUMN = re.compile(rf"\S\s{{3,}}(?P<symbol>{SYMBOL})\*?$")
SYMBOL_ALONE = re.compile(rf"^(?:United Nations\s*)?(?P<symbol>{SYMBOL})\*?$")

# Lines that belong to the printed page, not to the text.
PAGE_COUNT = r"\d{1,3}/\d{1,3}"
JOB_NUMBER = r"\d{2}-\d{5}\*?(?:\s*\(E\))?(?:\s+\d{6})?"
FURNITURE = [
    SYMBOL_ALONE,
    re.compile(r"^Page\s+\d+(?:\s+of\s+\d+)?$", re.IGNORECASE),
    re.compile(rf"^{JOB_NUMBER}\s*(?:/\.\.\.)?$"),
    re.compile(rf"^(?:{JOB_NUMBER}\s+{PAGE_COUNT}|{PAGE_COUNT}\s+{JOB_NUMBER}|{PAGE_COUNT})$"),
    re.compile(r"^/\.\.\.$"),
    re.compile(r"^-\s*\d+\s*-$"),
    re.compile(r"^\d{1,3}$"),
    re.compile(r"^_{3,}$"),
    re.compile(r"^\*\d{7,}\*$"),
    re.compile(r"^Please recycle\b", re.IGNORECASE),
    # The print date beside the job number: "050124".
    re.compile(r"^\d{6}$"),
]
BARCODE = re.compile(r"^\*\d{7,}\*$")
BARE_NUMBER = re.compile(r"^\d{1,3}$")
# Page counts and job numbers: the lines a running header sits next to.
PAGE_MARK = re.compile(rf"^(?:{JOB_NUMBER}|{PAGE_COUNT}|Page\s+\d+)(?:\s+{PAGE_COUNT})?$")
FOOTNOTE_RULE = re.compile(r"^_{3,}$")
# "* Reissued for technical reasons on ...", "* Any changes to the list of sponsors ...".
STAR_NOTE = re.compile(r"^\*{1,3}\s*(?P<text>[A-Z].*)$")
# Lines of a UN document's cover that say nothing about the instrument's text.
COVER_LINES = re.compile(
    r"^(?:UNITED NATIONS\b|UNITED$|GENERAL$|ASSEMBLY$|LIMITED$|Agenda items?\b"
    r"|RESOLUTION ADOPTED BY\b|Resolution adopted by\b|\[on the report|\[without reference"
    r"|(?:ORIGINAL|Original):|General Assembly$|Security Council$|United Nations$|NATIONS$"
    r"|[A-Z]$|Annex$|Preamble$|Adopted by\b|on \d{1,2} [A-Z][a-z]+ \d{4}$"
    # The same lines in the UN's other languages.
    r"|Résolution adoptée par\b|Resolución aprobada por\b|Резолюция, принятая\b"
    r"|قرار اتخذته\b|大会.{0,12}通过的决议|\[sur (?:la base du|le) rapport"
    r"|\[sobre la base del informe|\[по докладу|\[بناء على تقرير|\[根据"
    r"|Nations Unies$|Naciones Unidas$"
    r"|Организация Объединенных Наций$|الأمم المتحدة$|联合国$|Assemblée générale$"
    r"|Asamblea General$|Генеральная Ассамблея$|الجمعية العامة$|大会$"
    r"|Point .{1,20} de l[’']ordre du jour|Tema .{1,20} del programa|Пункт .{1,20} повестки дня"
    r"|البند .{1,20} من جدول الأعمال|议程项目|[\w-]+ième session$|.{3,60} período de sesiones$"
    r"|.{3,40} сессия$|الدورة .{2,40}$|第.{1,10}届会议$)|\bDistr\.",
)
ADOPTED_ON = re.compile(
    rf"\badopted\b.*?\bon\s+(?P<day>\d{{1,2}})\s+(?P<month>{MONTHS})\s+(?P<year>\d{{4}})",
    re.IGNORECASE,
)
SESSION_LINE = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)?\s+session$")
DRAFT_LINE = re.compile(r"^(?P<sponsors>.*?):?\**\s*(?:revised\s+)?draft (?:resolution|decision)$")

SUBMITTED_LINE = re.compile(r"^Draft (?:resolution|decision) submitted by (?P<by>.+)$")
RESOLUTION_LINE = re.compile(
    # "52/132. Title"; "79/156 - Title" in Arabic.
    r"^(?:[A-Z]/(?:HRC/)?RES/)?(?P<number>\d{1,3}/\d{1,4})(?:\s*\.|\s+[-\u2013]\s)(?:\s*(?P<title>.+))?$"
)
CONCLUSION_LINE = re.compile(
    r"^(?:Conclusion\s+)?No\.\s*(?P<number>\d+)\s*\((?P<session>[IVXLC]+)\)"
    r"(?:\s*[-\u2013\u2014]\s*(?P<year>\d{4}))?$"
)
SESSION_WORDS = re.compile(
    r"\b(?P<session>(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+(?:-[a-z]+)?)\s+session)\b"
)

OPERATIVE_START = re.compile(r"^(?P<number>\d{1,4})\.\s+(?P<text>\S.*)$")
NUMBER_ALONE = re.compile(r"^(?P<number>\d{1,4})\.$")
# "(a)" in English, "a)" in French, Spanish and Russian.
SUBPARAGRAPH_START = re.compile(
    r"^(?P<printed>\(?(?P<label>[a-z]{1,2}|[ivx]{1,5})\))\s+(?P<text>\S.*)$"
)
FOOTNOTE_START = re.compile(r"^(?P<number>\d{1,3})/?\s+(?P<text>\S.*)$")
# A section heading: "I" (its title on the next line), "II. Informal system", "A.".
SECTION_NUMBER = re.compile(r"^(?P<number>[IVX]{1,5}|[A-H])\.?$")
ARTICLE_LINE = re.compile(r"^(?P<number>(?:Article|Chapter)\s+(?:[IVXL]+|\d{1,3}))$")
SUBSECTION_NUMBER = re.compile(r"^(?:[A-H]|Article\s+\S+)$")
SECTION_LINE = re.compile(r"^(?P<number>[IVX]{1,5}|[A-H])\.\s+(?P<heading>[A-Z][^.;:,]{2,120})$")
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv"]
# A line that ends a paragraph or a clause: a paragraph after it starts afresh.
ENDS_CLAUSE = re.compile(r"(?:[,;:.，；：。،؛]|;\s+and|;\s+or)[\u201d\"»”]?(?:\s?\d{1,2})?$")
# Participles and adjectives that open preambular paragraphs, not operative ones.
PREAMBULAR_WORD = re.compile(
    r"^(?:[A-Z][a-z]+ly\s+)?(?!(?:Nothing|Anything|Everything|Something|Notwithstanding)\b)"
    r"(?:[A-Z][a-z]+ing|Alarmed|Concerned|Aware)\b"
)
# A line of its own before a paragraph that an indentation opened (a private-use character).
PARAGRAPH_MARK = "\ue000"
PARTICIPLE_START = re.compile(r"^(?:[A-Z][a-z]+ly\s+)?[A-Z][a-z]+ing\s+[a-z]")
# The third person verbs ("Decides", "Requests") that open an unnumbered operative paragraph.
OPERATIVE_VERB = re.compile(r"^(?:[A-Z][a-z]+ly\s+|Also\s+|Further\s+)?[A-Z][a-z]+s\b")

# Footnote references glued to what they follow: "1997,1", "Refugees3", "19965" (1996 + 5).
FOOTNOTE_REF = re.compile(
    r"(?P<year>\b(?:1[89]|20)\d\d)(?P<year_ref>\d{1,2})\b"
    # After a letter of any script ("réfugiés1", "беженцев1", "公约1").
    r"|(?:(?<=[^\W\d_])|(?<=[)\]\u2019\u201d\"'》]))(?P<word_ref>\d{1,3})(?=[\s,;:.)，；。、،؛]|$)"
    r"|(?<=[,;:.，；。،؛])(?P<punct_ref>\d{1,3})(?=[\s,;:.)，；。、،؛]|$)"
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
    section: str = ""
    warnings: list[str] = field(default_factory=list)
    label: str = ""
    groups: list[str] = field(default_factory=list)
    sdg_targets: list[str] = field(default_factory=list)


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
    sponsors: str = ""
    annexes: list["ParsedInstrument"] = field(default_factory=list)
    # One of languages.LANGUAGES: given by the person importing, or guessed from the text.
    language: str = ENGLISH

    def to_dict(self) -> dict:
        data = asdict(self)
        _as_json_shape(data)
        return data


def _as_json_shape(data: dict) -> None:
    """Dates as ISO text; preambular paragraphs without the operative-only keys."""
    data["adopted_on"] = data["adopted_on"].isoformat() if data["adopted_on"] else None
    for paragraph in data["preambular"]:
        for key in ("addressee", "checkable", "themes", "label", "groups", "sdg_targets"):
            del paragraph[key]
    for annex in data["annexes"]:
        _as_json_shape(annex)


@dataclass
class _Draft:
    """A paragraph being gathered from lines."""

    kind: str
    number: str
    lines: list[str] = field(default_factory=list)
    subparagraphs: list[tuple[str, list[str]]] = field(default_factory=list)
    section: str = ""
    warnings: list[str] = field(default_factory=list)
    nested: str = ""

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
    body: str = ""
    symbol_on_page: str = ""
    meeting: str = ""
    adopted_on: date | None = None
    cover: str = ""
    star_notes: list[str] = field(default_factory=list)
    body_at: int = -1


def parse_instrument(raw: str, language: str | None = None) -> ParsedInstrument:
    """Parse the raw text of one instrument, written in ``language`` (guessed when None).
    Raises ParseError with a readable message."""
    language = language or guess_language(raw)
    lines = [line.strip() for line in _mark_indented_openings(normalise(raw).split("\n"))]
    if not any(lines):
        raise ParseError(_("The text is empty: there is nothing to import."))
    header = _Header()
    _read_cover(lines, header)
    body_lines, footnotes, positions = _strip_furniture_and_footnotes(lines, header)
    header_lines, paragraph_lines, annex_lines = _split_header(body_lines, header)
    # Footnotes printed on the pages of the annex are the annex's, unless the resolution
    # cites them (its last page may carry the annex's first lines).
    annex_at = len(body_lines) - len(annex_lines) if annex_lines else len(body_lines)
    cited = _cited_numbers(" ".join(paragraph_lines))
    annex_notes = [
        note
        for note, at in zip(footnotes, positions, strict=True)
        if at >= annex_at and note.number not in cited
    ]
    footnotes = [note for note in footnotes if note not in annex_notes]
    instrument = _parse_paragraphs(paragraph_lines, footnotes, language)
    described = _describe(header_lines, header)
    described.language = language
    described.footnotes = instrument.footnotes
    described.preambular = instrument.preambular
    described.operative = instrument.operative
    described.warnings = instrument.warnings + _missing_parts(described)
    if annex_lines:
        annex = _parse_annex(annex_lines, described, annex_notes, language)
        described.annexes = [annex]
        described.warnings.append(
            _(
                "The annex (“%(title)s”, %(count)s operative paragraphs) is kept apart from "
                "this instrument's paragraphs. The import command saves it as an instrument "
                "of its own; here, import it on its own by pasting its text."
            )
            % {"title": annex.title, "count": len(annex.operative)}
        )
    return described


def _parse_paragraphs(
    lines: list[str], footnotes: list[Footnote], language: str = ENGLISH
) -> ParsedInstrument:
    drafts = _gather_paragraphs(_join_lone_numbers(lines))
    preambular = [d for d in drafts if d.kind == "preambular"]
    operative = [d for d in drafts if d.kind == "operative"]
    if not operative:
        operative = _unnumbered_operative(preambular)
        preambular = preambular[: len(preambular) - len(operative)]
    if not operative:
        raise ParseError(
            _(
                "No operative paragraphs were found. An instrument's operative paragraphs are "
                "numbered at the start of a line (1., 2., 3., ...); check that the text is a "
                "resolution or conclusion and that its numbering survived the copy."
            )
        )
    marker = _FootnoteMarker([f.number for f in footnotes])
    parsed = ParsedInstrument(
        symbol="",
        title="",
        body="",
        adopted_on=None,
        year=None,
        session="",
        meeting="",
        note="",
        preambular=[_finish(d, marker) for d in preambular],
        operative=[_finish(d, marker) for d in operative],
        footnotes=footnotes,
    )
    for paragraph in parsed.operative:
        paragraph.addressee, paragraph.checkable = classify(paragraph.text, language)
        paragraph.themes = suggest_themes(paragraph.text)
        # The labels are read from English grammar; in another language the person writes them.
        paragraph.label = propose_label(paragraph.text) if language == ENGLISH else ""
        paragraph.groups = suggest_groups(paragraph.text)
        paragraph.sdg_targets = suggest_sdg_targets(paragraph.text)
        paragraph.warnings.extend(_doubts(paragraph))
    for paragraph in parsed.preambular:
        paragraph.warnings.extend(_preambular_doubts(paragraph))
    parsed.warnings = [
        # Translators: where in the text (“Operative paragraph 3”), then what to check there.
        _("%(place)s: %(warning)s") % {"place": _where(paragraph, kind, index), "warning": warning}
        for kind, paragraphs in (("preambular", parsed.preambular), ("operative", parsed.operative))
        for index, paragraph in enumerate(paragraphs, start=1)
        for warning in paragraph.warnings
    ]
    return parsed


# Arabic-Indic, Persian and full-width digits, read as the digits 0-9.
DIGITS = str.maketrans(
    {
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        **{chr(0xFF10 + d): str(d) for d in range(10)},
        "（": "(",
        "）": ")",
    }
)
# Operative numbers as the Arabic and Chinese texts print them ("1 - تهيب", "1．吁请",
# "1、"), rewritten as "1. " so that numbering is read the same in every language.
ARABIC_NUMBER = re.compile(r"^(\s*\d{1,4})\s*[-\u2013\u2014]\s*(?=[\u0600-\u06ff])", re.MULTILINE)
CHINESE_NUMBER = re.compile(r"^(\s*\d{1,4})\s*[．、]\s*", re.MULTILINE)
CHINESE_STOP = re.compile(r"^(\s*\d{1,4})\.(?=[\u4e00-\u9fff])", re.MULTILINE)


def normalise(raw: str) -> str:
    """Unify line endings, the invisible characters that copies from PDFs carry, and the
    digits and numbering of the Arabic and Chinese texts."""
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n\n").replace("\t", " ")
    text = re.sub("[\u00a0\u2009\u202f\u2002\u2003\u3000]", " ", text)
    text = re.sub("[\u00ad\u200b\u200c\u200d\u2060\u200e\u200f]", "", text).translate(DIGITS)
    text = ARABIC_NUMBER.sub(r"\1. ", text)
    text = CHINESE_NUMBER.sub(r"\1. ", text)
    return CHINESE_STOP.sub(r"\1. ", text)


def _mark_indented_openings(lines: list[str]) -> list[str]:
    """PDF extractions indent the first line of each paragraph and nothing else. Where a
    text shows that pattern, an indented line that opens with a lead phrase starts a
    paragraph even after a line that does not end a clause (a comma the original forgot):
    a PARAGRAPH_MARK line before it says so."""
    filled = [line for line in lines if line.strip()]
    indented = sum(line[:1] == " " for line in filled)
    if not filled or not 0.08 <= indented / len(filled) <= 0.6:
        return lines
    marked = []
    for line in lines:
        opening = line.strip()
        if line[:1] == " " and opening and (match_lead(opening) or PARTICIPLE_START.match(opening)):
            marked.append(PARAGRAPH_MARK)
        marked.append(line)
    return marked


def _squash(text: str) -> str:
    """Text without spaces, for comparing lines that an extraction spaced differently."""
    return re.sub(r"\s+", "", text)


def _read_cover(lines: list[str], header: _Header) -> None:
    """Remember the symbol printed on the cover and the cover's words: running headers
    repeat the symbol and the title (or the words of the agenda item)."""
    body_at = _body_index(lines)
    header.body_at = body_at if body_at is not None else -1
    cover = lines[:body_at] if body_at is not None else lines[:40]
    for line in cover:
        # Alone on its line, or in the right-hand column of a layout-preserving extraction.
        found = SYMBOL_ALONE.match(line) or SYMBOL_IN_COLUMN.search(line)
        if found and not header.symbol_on_page:
            header.symbol_on_page = found["symbol"]
    header.cover = _squash(" ".join(cover))


def _body_index(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if _match_body(line)), None)


def _match_body(line: str) -> tuple[str, str] | None:
    """(the adopting body, what runs on after it) when ``line`` is the body line, in English
    ("The General Assembly,") or in another UN language ("L'Assemblée générale,")."""
    if found := BODY_LINE.match(line):
        return BODY_NAMES.get(found["body"], found["body"]), found["rest"] or ""
    for body, pattern in FOREIGN_BODY_LINES:
        if pattern.match(line):
            return body, ""
    return None


def _is_furniture(line: str, header: _Header) -> bool:
    if any(pattern.match(line) for pattern in FURNITURE):
        return True
    symbol = header.symbol_on_page
    if symbol and symbol in line and (line.startswith(symbol) or line.endswith(symbol)):
        # "A/RES/79/156 Office of the United Nations ..." : the symbol beside the title.
        rest = _squash(line.replace(symbol, "")).strip("*")
        return not rest or rest in header.cover
    return False


def _starts_paragraph(line: str) -> bool:
    return bool(OPERATIVE_START.match(line) or match_lead(line))


def _running_headers(lines: list[str], header: _Header) -> set[int]:
    """Indexes of the lines printed on every page after the first: page counts, job
    numbers and the running header beside them, which repeats words of the cover (the
    title, split over up to five lines). Only the first line next to a page mark must be
    three words or more: a short line there may be the end of a paragraph."""
    marks = {
        i
        for i, line in enumerate(lines)
        if i > header.body_at and line and _is_furniture(line, header)
    }
    pending = [
        (i, 3)
        for i in sorted(marks)
        if PAGE_MARK.match(lines[i]) or BARCODE.match(lines[i]) or "/" in lines[i]
    ]
    while pending:
        index, min_words = pending.pop()
        for step in (-1, 1):
            near = _next_filled(lines, index, step)
            if near is None or near in marks or near <= header.body_at:
                continue
            if _repeats_cover(lines[near], header, min_words):
                marks.add(near)
                pending.append((near, 1))
    return marks


def _next_filled(lines: list[str], index: int, step: int) -> int | None:
    index += step
    while 0 <= index < len(lines) and not lines[index]:
        index += step
    return index if 0 <= index < len(lines) else None


def _repeats_cover(line: str, header: _Header, min_words: int) -> bool:
    return (
        len(line.split()) >= min_words
        and _squash(line) in header.cover
        and not OPERATIVE_START.match(line)
        and (min_words > 1 or not ENDS_CLAUSE.search(line))
    )


def _strip_furniture_and_footnotes(
    lines: list[str], header: _Header
) -> tuple[list[str], list[Footnote], list[int]]:
    """Drop page furniture and move footnote bodies out of the text.

    A footnote body is a line that starts with the next footnote number and either opens a
    block (after a blank line, a rule or another footnote) or follows a reference to that
    number in the text (extractions without blank lines). Old layouts print the number on
    a line of its own, the text below. A footnote runs on until it ends with a full stop,
    a blank line, or a line that opens a paragraph. Removed lines leave a blank line
    behind, so the paragraphs around them stay apart.
    """
    furniture = _running_headers(lines, header)
    kept: list[str] = []
    footnotes: list[Footnote] = []
    positions: list[int] = []
    cited: set[int] = set()
    at_block_start = True
    after_rule = False
    index = 0
    while index < len(lines):
        line = lines[index]
        expected = footnotes[-1].number + 1 if footnotes else 1
        if (text_at := _bare_footnote(lines, index, expected, cited)) is not None:
            text, index = _note_from(lines, text_at, lines[text_at], header, expected + 1)
            footnotes.append(Footnote(expected, clean_footnote(text)))
            positions.append(len(kept))
            kept.append("")
            continue
        if FOOTNOTE_RULE.match(line) and (zone := _scrambled_notes(lines, index, furniture)):
            # pdftotext sets a page's footnote numbers apart from their texts.
            texts, stars, index = zone
            header.star_notes.extend(stars)
            for text in texts:
                footnotes.append(Footnote(expected, clean_footnote(text)))
                positions.append(len(kept))
                expected += 1
            kept.append("")
            continue
        if not line or index in furniture or _is_furniture(line, header):
            after_rule = (after_rule or bool(FOOTNOTE_RULE.match(line))) and not PAGE_MARK.match(
                line
            )
            kept.append("")
            at_block_start = True
            index += 1
            continue
        if star := STAR_NOTE.match(line):
            text, index = _note_from(lines, index, star["text"], header, expected)
            header.star_notes.append(text)
            kept.append("")
            continue
        plausible = at_block_start or after_rule or expected in cited
        if _opens_footnote(line, expected, plausible, after_rule):
            first = FOOTNOTE_START.match(line)["text"]
            text, index = _note_from(lines, index, first, header, expected + 1)
            footnotes.append(Footnote(expected, clean_footnote(text)))
            positions.append(len(kept))
            kept.append("")
            at_block_start = True
            continue
        cited.update(_cited_numbers(line))
        kept.append(line)
        at_block_start = False
        index += 1
    return kept, footnotes, positions


def _scrambled_notes(
    lines: list[str], rule_at: int, furniture: set[int]
) -> tuple[list[str], list[str], int] | None:
    """The footnotes under a rule when an extraction printed their numbers on lines of
    their own, away from their texts (pdftotext): the texts in order, each opening with a
    capital after a finished one, and the index of the line after the block. None when
    the block has no bare numbers (the numbers then open the texts, read line by line).

    The block runs to the next running header, operative paragraph or closing meeting."""
    end = rule_at + 1
    while end < len(lines) and end - rule_at < 60 and not _ends_note_block(lines, end, furniture):
        end += 1
    block = [
        line
        for i, line in enumerate(lines[rule_at + 1 : end], start=rule_at + 1)
        if BARE_NUMBER.match(line) or (line and i not in furniture and not PAGE_MARK.match(line))
    ]
    numbers = [line for line in block if BARE_NUMBER.match(line)]
    texts: list[str] = []
    stars: list[str] = []
    current = texts
    for line in block:
        if line in numbers:
            current = texts
        elif star := STAR_NOTE.match(line):
            stars.append(star["text"])
            current = stars
        elif current and not (current[-1].endswith(".") and line[:1].isupper()):
            current[-1] = _join_lines([current[-1], line])
        else:
            texts.append(line)
            current = texts
    if not numbers or len(numbers) != len(texts):
        return None
    return texts, stars, end


def _ends_note_block(lines: list[str], index: int, furniture: set[int]) -> bool:
    line = lines[index]
    header_line = index in furniture and not (
        PAGE_MARK.match(line) or BARCODE.match(line) or re.fullmatch(r"\d+", line)
    )
    return bool(header_line or OPERATIVE_START.match(line) or MEETING_LINE.match(line))


def _note_from(
    lines: list[str], index: int, first: str, header: _Header, following: int
) -> tuple[str, int]:
    """A note (footnote or asterisk note) whose first line is at ``index``, starting with
    ``first``, followed by footnote number ``following``: its text, and the index of the
    line after it."""
    parts = [first]
    index += 1
    while index < len(lines) and _continues_footnote(parts[-1], lines[index], header, following):
        parts.append(lines[index])
        index += 1
    return _join_lines(parts), index


def _bare_footnote(lines: list[str], index: int, expected: int, cited: set[int]) -> int | None:
    """Old layouts print a footnote's number alone on a line and its text below it: the
    index of that text, or None."""
    if lines[index] != str(expected) or expected not in cited:
        return None
    text_at = _next_filled(lines, index, 1)
    if text_at is None or text_at - index > 2 or _starts_paragraph(lines[text_at]):
        return None
    return text_at


def _opens_footnote(line: str, expected: int, plausible: bool, after_rule: bool) -> bool:
    start = FOOTNOTE_START.match(line)
    return bool(
        plausible
        and start
        and int(start["number"]) == expected
        and not STARTS_WITH_DATE.match(line)
        and (after_rule or not _starts_paragraph(line))
    )


def _continues_footnote(previous: str, line: str, header: _Header, following: int) -> bool:
    """A note runs on over lines until it ends with a full stop, or the next note, a
    paragraph or page furniture begins. A line that opens with another number
    ("3 – 14 June 1992, vol. I") still continues it."""
    start = FOOTNOTE_START.match(line)
    return bool(
        line
        and not previous.endswith(".")
        and not _starts_paragraph(line)
        and not (start and int(start["number"]) == following and not NUMBER_IN_TEXT.match(line))
        and not STAR_NOTE.match(line)
        and not _is_furniture(line, header)
    )


def _cited_numbers(line: str) -> set[int]:
    """Numbers glued to words or punctuation in a line, or set apart after them: possible
    footnote references."""
    glued = {_ref_number(match) for match in FOOTNOTE_REF.finditer(line)}
    return glued | {int(match["number"]) for match in _FootnoteMarker.SPACED.finditer(line)}


def _ref_number(match: re.Match[str]) -> int:
    """The footnote number a FOOTNOTE_REF match carries, whichever form it took."""
    return int(match["year_ref"] or match["word_ref"] or match["punct_ref"])


def _split_header(lines: list[str], header: _Header) -> tuple[list[str], list[str], list[str]]:
    """Separate the header (before "The General Assembly,") from the paragraphs, take the
    closing meeting and date lines out of the paragraphs, and the annex after them."""
    body_at = _body_index(lines)
    parties_at = next((i for i, line in enumerate(lines) if PARTIES_LINE.match(line)), None)
    if body_at is None and parties_at is not None:
        # A treaty on its own (an annex pasted without its resolution).
        header_lines, rest = lines[:parties_at], lines[parties_at + 1 :]
    elif body_at is None:
        body_at = next(
            (i for i, line in enumerate(lines) if line and _starts_paragraph(line)), len(lines)
        )
        header_lines, rest = lines[:body_at], lines[body_at:]
    else:
        header.body, runs_on = _match_body(lines[body_at])
        # A decision runs on after the body: "The General Assembly, recalling ...".
        opening = [runs_on] if runs_on else []
        header_lines, rest = lines[:body_at], opening + lines[body_at + 1 :]
    header_lines = [line for line in header_lines if line != PARAGRAPH_MARK]
    paragraph_lines: list[str] = []
    for at, line in enumerate(rest):
        date_match = DATE_LINE.match(line)
        if MEETING_LINE.match(line):
            header.meeting = line
        elif date_match and header.meeting:
            header.adopted_on = _date_of(date_match)
        elif foreign_date := _foreign_date(line):
            # Printed before the meeting in Chinese, so not waiting for it.
            header.adopted_on = foreign_date
        elif ANNEX_LINE.match(line) and (header.meeting or paragraph_lines[-1:] == [""]):
            return header_lines, paragraph_lines, rest[at + 1 :]
        else:
            paragraph_lines.append(line)
            continue
        paragraph_lines.append("")
    return header_lines, paragraph_lines, []


def _date_of(match: re.Match[str]) -> date | None:
    month = MONTHS.split("|").index(match["month"].capitalize()) + 1
    try:
        return date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None


def _foreign_date(line: str) -> date | None:
    """The date a line holds alone, in one of the UN's other languages."""
    if found := CHINESE_DATE_LINE.match(line):
        return _valid_date(int(found["year"]), int(found["month"]), int(found["day"]))
    for pattern, months in FOREIGN_DATE_LINES:
        found = pattern.match(line)
        if found and found["month"].casefold() in months.split():
            month = months.split().index(found["month"].casefold()) + 1
            return _valid_date(int(found["year"]), month, int(found["day"]))
    return None


def _valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _join_lone_numbers(lines: list[str]) -> list[str]:
    """Some extractions print an operative number on a line of its own ("5."), its text
    on the next line (sometimes after page furniture): join them."""
    joined: list[str] = []
    waiting = ""
    for line in lines:
        if line == PARAGRAPH_MARK:
            joined.append(line)
        elif waiting and line:
            joined.append(f"{waiting} {line}")
            waiting = ""
        elif NUMBER_ALONE.match(line):
            waiting = line
        elif not waiting:
            joined.append(line)
    if waiting:
        joined.append(waiting)
    return joined


@dataclass
class _Gathering:
    drafts: list[_Draft] = field(default_factory=list)
    next_number: int = 1
    section: str = ""
    section_pending: str = ""
    after_heading: bool = False
    heading_open: bool = False
    part: str = ""
    forced: bool = False
    agreed: bool = False


def _gather_paragraphs(lines: list[str]) -> list[_Draft]:
    """Group lines into paragraphs. A line opens a new paragraph when it carries the next
    operative number (or letter), a sub-paragraph label or a lead phrase after a finished
    clause; a line that starts in lower case always continues the paragraph a page break
    interrupted. Section headings ("II" then "Informal system") are kept with the
    paragraphs that follow them; numbering may start again at 1 in each section."""
    state = _Gathering()
    after_blank = True
    for index, line in enumerate(lines):
        if not line:
            after_blank = True
            continue
        if line == PARAGRAPH_MARK:
            state.forced = True
            continue
        if AGREED_LINE.match(line):
            # A treaty's articles follow: every paragraph after this line is operative.
            state.agreed = True
            after_blank = True
            continue
        if _take_section(state, line, lines, index):
            after_blank = True
            continue
        _place_line(state, line, after_blank)
        after_blank = state.forced = False
    return state.drafts


def _take_section(state: _Gathering, line: str, lines: list[str], index: int) -> bool:
    """Read a section heading: a Roman numeral or a capital letter alone on its line,
    followed by its title, or both on one line."""
    current = state.drafts[-1] if state.drafts else None
    clause_ended = state.forced or current is None or bool(ENDS_CLAUSE.search(current.last_line()))
    if state.heading_open and _continues_heading(line):
        if state.part == state.section:
            state.part = f"{state.part} {line}"
        state.section = f"{state.section} {line}"
        return True
    state.heading_open = False
    if state.section_pending:
        number, state.section_pending = state.section_pending, ""
        if _titles_section(line):
            _open_section(state, number, line)
            state.heading_open = True
            return True
        _open_section(state, number, "")
        return False
    if not clause_ended:
        return False
    if _heads_numbered_paragraphs(state, line, lines, index):
        _open_section(state, "", line)
        state.heading_open = True
        return True
    alone = SECTION_NUMBER.match(line) or ARTICLE_LINE.match(line)
    if alone and _next_is_heading_or_paragraph(lines, index):
        state.section_pending = alone["number"]
        return True
    if (inline := SECTION_LINE.match(line)) and not match_lead(inline["heading"]):
        _open_section(state, inline["number"], inline["heading"].strip())
        return True
    return False


def _open_section(state: _Gathering, number: str, heading: str) -> None:
    """Start a section. Parts (I, II, Chapter I) hold subsections (A, B, Article 1, or an
    unnumbered heading): a paragraph's section names both ("II. Measures — A. Admission")."""
    label = f"{number}. {heading}" if number and heading else number or heading
    upper = number and not SUBSECTION_NUMBER.match(number)
    if upper:
        state.part = label
    state.section = label if upper or not state.part else f"{state.part} — {label}"
    state.after_heading = True


def _heads_numbered_paragraphs(state: _Gathering, line: str, lines: list[str], index: int) -> bool:
    """An unnumbered heading ("Introduction", "Data governance"), on one line or two,
    right before the next numbered paragraph."""
    if not _looks_like_heading(line) or SECTION_NUMBER.match(line) or ARTICLE_LINE.match(line):
        return False
    following = _next_filled(lines, index, 1)
    if following is not None and _continues_heading(lines[following]):
        following = _next_filled(lines, following, 1)
    opens = OPERATIVE_START.match(lines[following]) if following is not None else None
    return bool(opens and int(opens["number"]) in (state.next_number, 1))


def _titles_section(line: str) -> bool:
    """The line after a lone section number is its title, even when it opens with a
    word of the lexicon ("Request for a subvention ...")."""
    return (
        line[:1].isupper()
        and len(line) <= 120
        and not ENDS_CLAUSE.search(line)
        and not OPERATIVE_START.match(line)
        and not SUBPARAGRAPH_START.match(line)
    )


def _continues_heading(line: str) -> bool:
    """A heading printed over two lines: the second neither opens a paragraph nor ends
    a clause."""
    return (
        (line[:1].islower() or len(line.split()) <= 4)
        and len(line.split()) <= 10
        and not ENDS_CLAUSE.search(line)
        and not _starts_paragraph(line)
        and not SUBPARAGRAPH_START.match(line)
        and not SECTION_NUMBER.match(line)
        and not SECTION_LINE.match(line)
        and not ARTICLE_LINE.match(line)
    )


def _looks_like_heading(line: str) -> bool:
    return (
        line[:1].isupper()
        and len(line) <= 120
        and not ENDS_CLAUSE.search(line)
        and not _starts_paragraph(line)
        and not SUBPARAGRAPH_START.match(line)
    )


def _next_is_heading_or_paragraph(lines: list[str], index: int) -> bool:
    following = _next_filled(lines, index, 1)
    return following is not None and (
        _looks_like_heading(lines[following]) or _starts_paragraph(lines[following])
    )


def _place_line(state: _Gathering, line: str, after_blank: bool) -> None:
    drafts = state.drafts
    current = drafts[-1] if drafts else None
    clause_ended = state.forced or current is None or bool(ENDS_CLAUSE.search(current.last_line()))
    operative = OPERATIVE_START.match(line)
    sub = SUBPARAGRAPH_START.match(line)
    if state.agreed and _opens_article_paragraph(state, current, line, operative, sub):
        drafts.append(_Draft("operative", "", [line], section=state.section))
        return
    # Before the first operative paragraph, or of a section that has its own preamble.
    in_preamble = state.next_number == 1 or state.after_heading
    fresh = clause_ended or (after_blank and line[:1].isdigit() and operative is not None)
    if operative and fresh and _opens_operative(state, operative):
        draft = _Draft("operative", operative["number"], [operative["text"]])
        draft.section = state.section
        expected = state.next_number
        number = int(operative["number"])
        if number not in (expected, 1):
            draft.warnings.append(
                _(
                    "the numbering jumps from %(before)s to %(after)s; check that no "
                    "paragraph was lost or merged into the one before."
                )
                % {"before": expected - 1, "after": number}
            )
        state.next_number = number + 1
        state.after_heading = False
        drafts.append(draft)
    elif (
        sub
        and clause_ended
        and state.next_number == 1
        and _opens_lettered(current, sub["label"], sub["text"], state.after_heading)
    ):
        drafts.append(
            _Draft("operative", f"({sub['label']})", [sub["text"]], section=state.section)
        )
        state.after_heading = False
    elif sub and current is not None and clause_ended and _place_sub(current, sub):
        pass
    elif current is None or (line[0].islower() and not (clause_ended and match_lead(line))):
        # A line in lower case continues the paragraph, but for a Russian preambular
        # paragraph, which opens in lower case ("ссылаясь на ...") after a finished clause.
        if current is None:
            drafts.append(_Draft("preambular", "", [line], section=state.section))
        else:
            current.add_line(line)
    elif (
        state.next_number > 1 and in_preamble and clause_ended and _opens_with_operative_verb(line)
    ):
        # A section whose one operative paragraph is not numbered ("XXVI / Contingency
        # fund / Recalls ..."), after the numbered paragraphs of other sections.
        draft = _Draft("operative", "", [line], section=state.section)
        draft.warnings.append(_("the paragraph is not numbered; it was read as operative."))
        drafts.append(draft)
        state.after_heading = False
    elif in_preamble and clause_ended and _opens_preambular(line, after_blank):
        if not (current.kind == "operative" and current.number.startswith("(")):
            drafts.append(_Draft("preambular", "", [line], section=state.section))
        else:
            current.add_line(line)
    else:
        current.add_line(line)


def _opens_preambular(line: str, after_blank: bool) -> bool:
    """After a finished clause, a preambular paragraph opens with a lead phrase, or a
    participle followed by a lower-case word ("Continuing to underline")."""
    return after_blank or bool(match_lead(line) or PARTICIPLE_START.match(line))


def _opens_article_paragraph(
    state: _Gathering,
    current: _Draft | None,
    line: str,
    operative: re.Match[str] | None,
    sub: re.Match[str] | None,
) -> bool:
    """In a treaty, the first unnumbered paragraph of an article is operative."""
    return (
        not operative
        and not sub
        and line[:1].isupper()
        and (current is None or current.section != state.section)
    )


def _opens_operative(state: _Gathering, match: re.Match[str]) -> bool:
    """The next number opens a paragraph; so does 1 after a section heading (numbering
    that starts again), and a small jump when the line opens with a lead phrase (a number
    the extraction lost)."""
    number = int(match["number"])
    if number == state.next_number:
        return True
    if number == 1 and state.after_heading:
        return True
    jump = state.next_number < number <= state.next_number + 2
    return jump and state.next_number > 1 and match_lead(match["text"]) is not None


def _place_sub(current: _Draft, sub: re.Match[str]) -> bool:
    """Add a lettered item to the paragraph. Roman items (i), (ii) inside a lettered one
    stay inside it; "(i)" after "(h)" is the letter i, unless (h) announced a list."""
    label = sub["label"]
    letters = [lbl.strip("()") for lbl, _ in current.subparagraphs]
    last = letters[-1] if letters else ""
    next_letter = chr(ord(last) + 1) if len(last) == 1 else ("a" if not last else "")
    if current.number.startswith("(") and letters[:1] == ["i"] and last in ROMAN[:-1]:
        # A lettered operative paragraph lists roman items: (i), (ii), (iii) ...
        next_letter = ROMAN[ROMAN.index(last) + 1]
    next_roman = ROMAN[ROMAN.index(current.nested) + 1] if current.nested in ROMAN[:-1] else ""
    announces = bool(current.subparagraphs) and current.last_line().endswith(":")
    if current.nested and label == next_roman:
        nested = True
    elif label == next_letter and not (label == "i" and announces):
        nested = False
    elif label == "i" and letters:
        nested = True
    elif not letters:
        nested = False
    else:
        return False
    if nested:
        current.nested = label
        current.add_line(f"{sub['printed']} {sub['text']}")
    else:
        current.nested = ""
        current.subparagraphs.append((sub["printed"], [sub["text"]]))
    return True


def _opens_with_operative_verb(text: str) -> bool:
    return bool(OPERATIVE_VERB.match(text) and not PREAMBULAR_WORD.match(text))


def _opens_lettered(current: _Draft | None, label: str, text: str, after_heading: bool) -> bool:
    """Some instruments (many ExCom conclusions) letter their operative paragraphs (a), (b)
    instead of numbering them. A lettered line opens one when it follows the preamble (and
    is not a list the preambular paragraph announced with a colon), or comes next after
    another lettered operative paragraph."""
    if current is None or current.kind == "preambular":
        announced = current is not None and current.last_line().endswith(":")
        return label == "a" and (not announced or _opens_with_operative_verb(text))
    if not current.number.startswith("("):
        return False
    if after_heading and label == "a":
        return True
    if current.subparagraphs or current.last_line().endswith(":"):
        return label == chr(ord(current.number[1]) + 1)
    return True


def _unnumbered_operative(preambular: list[_Draft]) -> list[_Draft]:
    """A resolution with a single operative paragraph does not number it: the paragraphs
    that open with a verb in the third person ("Decides that ...") after the preamble."""
    tail: list[_Draft] = []
    for draft in reversed(preambular):
        first = draft.lines[0]
        if PREAMBULAR_WORD.match(first) or not OPERATIVE_VERB.match(first):
            break
        tail.insert(0, draft)
    if len(tail) == len(preambular):
        tail = tail[1:] if len(tail) > 1 else tail
    for draft in tail:
        draft.kind = "operative"
        draft.warnings.append(_("the paragraph is not numbered; it was read as operative."))
    return tail


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


MAX_UNKNOWN_LEAD = 60
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _split_lead(text: str) -> tuple[str, str]:
    """Return (lead, text with the lead separated by a space)."""
    found = match_lead(text)
    if found is None:
        # Capped: a Chinese paragraph has no space, and a lead is a few words at most.
        first_word = text.split(" ", 1)[0].rstrip(",;:")[:MAX_UNKNOWN_LEAD]
        return first_word, text
    lead, rest = found
    if not rest:
        return lead, lead
    # Chinese sets no space between words; elsewhere a lead glued to the next word is spaced.
    joiner = "" if rest[0] in ",;:.)" or CJK.match(lead[-1]) else " "
    return lead, f"{lead}{joiner}{rest}"


class _FootnoteMarker:
    """Marks footnote references as ``[^N]``, in reading order.

    A glued number counts as a reference only if that footnote exists and is either one
    already seen or the next one: footnotes are numbered in the order they are cited, so
    "19965" after footnote 4 is 1996 and footnote 5, and a stray "2" in a name is not one.
    PDF extractions often set the number apart with a space ("of 1969 1 and"); such a
    number is a reference only when it is the very next footnote.
    """

    SPACED = re.compile(
        r"(?:(?<=[^\W\d_])|(?<=[,;:.)\u2019\u201d،])|(?<=\b[12]\d\d\d))\s(?P<number>\d{1,3})"
        rf"(?=\s+(?!(?:{MONTHS})\b)\S|\s*$)"
    )
    # Words a number follows in the text itself: "paragraph 5 of", "Goal 12 and".
    COUNTED = re.compile(
        r"\b(?:of|on|and|to|from|by|in|at|paragraphs?|articles?|chapters?|sections?|parts?"
        r"|resolutions?|decisions?|annex(?:es)?|Goals?|targets?|principles?|rules?|items?"
        r"|[Nn]o|vol|pp?|para|Protocol|Article|Chapter|Section|Part|Rule|Principle|Table)\.?$"
    )

    def __init__(self, numbers: list[int]) -> None:
        self.known = set(numbers)
        self.highest = 0

    def mark(self, text: str) -> str:
        """Glued and spaced references, taken together in reading order."""
        found = [(m, self._replace) for m in FOOTNOTE_REF.finditer(text)]
        found += [(m, self._replace_spaced) for m in self.SPACED.finditer(text)]
        pieces, done = [], 0
        for match, replace in sorted(found, key=lambda item: item[0].start()):
            if match.start() < done:
                continue
            pieces += [text[done : match.start()], replace(match)]
            done = match.end()
        return "".join([*pieces, text[done:]])

    def _replace(self, match: re.Match[str]) -> str:
        number = _ref_number(match)
        if number not in self.known or number > self.highest + 1:
            return match.group(0)
        if match["punct_ref"] and NUMBERED_ABBREVIATION.search(match.string[: match.start()]):
            return match.group(0)
        self.highest = max(self.highest, number)
        return f"{match['year'] or ''}[^{number}]"

    def _replace_spaced(self, match: re.Match[str]) -> str:
        number = int(match["number"])
        if number != self.highest + 1 or number not in self.known:
            return match.group(0)
        if self.COUNTED.search(match.string[: match.start()]):
            return match.group(0)
        self.highest = number
        return f"[^{number}]"


def _finish(draft: _Draft, marker: _FootnoteMarker) -> Paragraph:
    chapeau = marker.mark(clean_text(_join_lines(draft.lines)))
    lead, chapeau = _split_lead(chapeau)
    subparagraphs = [
        SubParagraph(label, marker.mark(clean_text(_join_lines(lines))))
        for label, lines in draft.subparagraphs
    ]
    whole = " ".join([chapeau, *(f"{s.label} {s.text}" for s in subparagraphs)])
    return Paragraph(
        number=draft.number,
        lead=lead,
        text=whole,
        subparagraphs=subparagraphs,
        section=draft.section,
        warnings=list(draft.warnings),
    )


def _doubts(paragraph: Paragraph) -> list[str]:
    """What a person should check in an operative paragraph before saving it."""
    doubts = []
    if PREAMBULAR_WORD.match(paragraph.text):
        doubts.append(
            _("it opens with “%(lead)s”, as a preambular paragraph would; check its kind.")
            % {"lead": paragraph.lead}
        )
    if FURNITURE_INSIDE.search(paragraph.text):
        doubts.append(_("it holds what looks like page furniture (a job number or page count)."))
    return doubts


def _preambular_doubts(paragraph: Paragraph) -> list[str]:
    """A preambular paragraph that opens like an operative one ("Decides ...") may have
    lost its number in the copy."""
    doubts = []
    if _opens_with_operative_verb(paragraph.text) and not ADJECTIVE_START.match(paragraph.text):
        doubts.append(
            _(
                "it opens with “%(lead)s”, as an operative paragraph would; check its kind "
                "and number."
            )
            % {"lead": paragraph.lead}
        )
    if FURNITURE_INSIDE.search(paragraph.text):
        doubts.append(_("it holds what looks like page furniture (a job number or page count)."))
    return doubts


# "Conscious of", "Anxious that": adjectives in -s that open preambular paragraphs.
ADJECTIVE_START = re.compile(r"^(?:[A-Z][a-z]+ly\s+)?[A-Z][a-z]+ous\b")
FURNITURE_INSIDE = re.compile(r"\b\d{2}-\d{5}\s*\(E\)|\*\d{7,}\*|/\.\.\.")


def _where(paragraph: Paragraph, kind: str, index: int) -> str:
    if kind == "operative" and paragraph.number:
        place = _("Operative paragraph %(number)s") % {"number": paragraph.number}
    elif kind == "operative":
        place = _("Operative paragraph %(number)s") % {"number": index}
    else:
        place = _("Preambular paragraph %(number)s") % {"number": index}
    if not paragraph.section:
        return place
    return _("%(place)s (section %(section)s)") % {"place": place, "section": paragraph.section}


def _undouble(line: str) -> str:
    """A title printed twice ("Refugee ProtectionRefugee Protection") is given once."""
    half, odd = divmod(len(line), 2)
    if not odd and line[:half] == line[half:]:
        return line[:half]
    if odd and line[half] == " " and line[:half] == line[half + 1 :]:
        return line[:half]
    return line


def _describe(header_lines: list[str], header: _Header) -> ParsedInstrument:
    """Read the symbol, title, body, session, sponsors and note from the lines before the
    paragraphs.

    A numbered title ("52/132. Human rights and mass exoduses") gives the symbol and the
    title, with the lines after it; a draft gives its sponsors (the line ending
    "draft resolution") and the title after them; otherwise the first line that is not
    cover furniture is the title, and the lines after it are kept as a note.
    """
    symbol, session, year = header.symbol_on_page, "", None
    title, sponsors, rest = _title_and_sponsors(header_lines)
    numbered = next(filter(None, map(RESOLUTION_LINE.match, header_lines)), None)
    if numbered and not symbol:
        symbol = SYMBOL_PREFIXES.get(header.body, "") + numbered["number"]
    joined = " ".join(header_lines)
    if not header.adopted_on and not sponsors and (adopted := ADOPTED_ON.search(joined)):
        header.adopted_on = _date_of(adopted)
    notes = []
    for line in filter(None, rest):
        if not session and (found := SESSION_WORDS.search(line)):
            session = found["session"]
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
        note=" ".join([*header.star_notes, *notes]),
        preambular=[],
        operative=[],
        footnotes=[],
        sponsors=sponsors,
    )


def _title_and_sponsors(lines: list[str]) -> tuple[str, str, list[str]]:
    """The title and sponsors where the cover says them, and the lines left to read."""
    for at, line in enumerate(lines):
        if numbered := RESOLUTION_LINE.match(line):
            title = " ".join([numbered["title"] or "", *filter(None, lines[at + 1 :])]).strip()
            return _undouble(title), "", lines[:at]
        if draft := DRAFT_LINE.match(line):
            start = at
            while start > 0 and _is_sponsor_line(lines[start - 1]):
                start -= 1
            sponsors = " ".join([*lines[start:at], draft["sponsors"]]).strip(" :*")
            title = " ".join(filter(None, lines[at + 1 :])) or " ".join(
                line
                for line in lines[:start]
                if line.isupper() and len(line) > 12 and not COVER_LINES.search(line)
            )
            return title, sponsors, lines[:start]
        if submitted := SUBMITTED_LINE.match(line):
            # "Draft resolution submitted by the Vice-Chair ..." runs to a blank line.
            end = next((i for i in range(at, len(lines)) if not lines[i]), len(lines))
            sponsors = " ".join([submitted["by"], *lines[at + 1 : end]])
            return " ".join(filter(None, lines[end:])), sponsors, lines[:at]
    return "", "", lines


def _is_sponsor_line(line: str) -> bool:
    """Sponsors are listed by name, comma after comma, before ": draft resolution"."""
    return (
        "," in line
        and bool(re.search(r"[a-z]", line))
        and not line.startswith("Agenda")
        and not _is_header_furniture(line, _Header())
    )


def _is_header_furniture(line: str, header: _Header) -> bool:
    return bool(
        RESOLUTION_LINE.match(line)
        or COVER_LINES.search(line)
        or DATE_LINE.match(line)
        or _foreign_date(line)
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


def _parse_annex(
    lines: list[str], parent: ParsedInstrument, footnotes: list[Footnote], language: str
) -> ParsedInstrument:
    """An annex (a convention, a declaration) is parsed on its own: its title comes before
    its opening line ("The States Parties to the present Convention,"); its articles are
    sections, whose paragraphs are numbered from 1 again."""
    start = next((i for i, line in enumerate(lines) if PARTIES_LINE.match(line)), None)
    if start is None:
        # No opening line: the title runs to the first blank line.
        first = next((i for i, line in enumerate(lines) if line), 0)
        start = next((i for i in range(first, len(lines)) if not lines[i]), len(lines))
    title = " ".join(line for line in lines[:start] if line and line != "Preamble")
    body = lines[start + 1 :]
    try:
        annex = _parse_paragraphs(body, footnotes, language)
    except ParseError:
        annex = ParsedInstrument("", "", "", None, None, "", "", "", [], [], [])
    annex.language = language
    annex.symbol = f"{parent.symbol}, annex" if parent.symbol else ""
    annex.title = title or f"Annex to {parent.title}"
    annex.body = parent.body
    annex.adopted_on, annex.year, annex.session = parent.adopted_on, parent.year, parent.session
    annex.note = f"Annex to {parent.symbol}" if parent.symbol else ""
    return annex


def _missing_parts(instrument: ParsedInstrument) -> list[str]:
    warnings = []
    if not instrument.symbol:
        warnings.append(_("No symbol was found (such as A/RES/52/132): enter it before saving."))
    if not instrument.title:
        warnings.append(_("No title was found: enter it before saving."))
    if not instrument.body:
        warnings.append(_("The adopting body was not found (“The General Assembly,”)."))
    if not instrument.preambular:
        warnings.append(_("No preambular paragraphs were found."))
    return warnings
