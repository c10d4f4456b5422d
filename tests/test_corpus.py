"""Real UN documents, read the way `manage.py import_instrument --json --dry-run` reads them
(sources.read_source, then the parser), against what a person counted by reading them.

The expectations are tests/corpus/expect.json, unchanged from the development corpus; its
README says how they were counted. Every expectation of every document must hold exactly.
"""

import json
import re
import shutil
import subprocess
from functools import cache
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from checklist.instruments.parser import parse_instrument

CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECT = json.loads((CORPUS / "expect.json").read_text(encoding="utf-8"))
FOOTNOTE_MARK = re.compile(r"\[\^\d+\]")


@cache
def imported(path: Path) -> dict:
    """The parse the import command prints for one file (nothing is saved)."""
    out = StringIO()
    call_command(
        "import_instrument", str(path), "--dry-run", "--json", stdout=out, stderr=StringIO()
    )
    return json.loads(out.getvalue())


def document(name: str) -> dict:
    return imported(CORPUS / "docs" / name)


def collapsed(text: str) -> str:
    """Paragraph text as the expectations write it: no footnote marks, single spaces."""
    return re.sub(r"\s+", " ", FOOTNOTE_MARK.sub("", text)).strip()


def paragraph(parsed: dict, key: str) -> dict:
    kind, number = key.split(":")
    paragraphs = parsed["preambular" if kind == "pre" else "operative"]
    assert int(number) <= len(paragraphs), f"{key}: only {len(paragraphs)} {kind} paragraphs"
    return paragraphs[int(number) - 1]


def cases(field: str) -> list:
    return [
        pytest.param(name, expected, id=name)
        for name, expected in EXPECT.items()
        if field not in expected or expected[field] is not None
    ]


@pytest.mark.parametrize(("name", "expected"), cases("preambular"))
def test_paragraph_counts(name, expected):
    parsed = document(name)
    assert (len(parsed["preambular"]), len(parsed["operative"])) == (
        expected["preambular"],
        expected["operative"],
    )


@pytest.mark.parametrize(("name", "expected"), cases("footnotes"))
def test_footnote_count(name, expected):
    assert len(document(name)["footnotes"]) == expected["footnotes"]


@pytest.mark.parametrize(("name", "expected"), cases("symbol_contains"))
def test_symbol(name, expected):
    assert expected["symbol_contains"] in document(name)["symbol"]


@pytest.mark.parametrize(("name", "expected"), cases("symbol_contains"))
def test_adoption_date_and_drafts(name, expected):
    parsed = document(name)
    assert parsed["adopted_on"] == expected["adopted_on"]
    if expected["kind"] == "draft":
        # A draft keeps its sponsors apart from its title and note.
        assert parsed["sponsors"]
        assert parsed["sponsors"] not in parsed["title"] + parsed["note"]
        assert "draft resolution" not in parsed["title"]


@pytest.mark.parametrize(("name", "expected"), cases("exact"))
def test_exact_texts(name, expected):
    parsed = document(name)
    for key, text in expected["exact"].items():
        assert collapsed(paragraph(parsed, key)["text"]) == collapsed(text), key


@pytest.mark.parametrize(("name", "expected"), cases("subs"))
def test_subparagraph_labels(name, expected):
    parsed = document(name)
    for key, labels in expected["subs"].items():
        found = [sub["label"].strip("()") for sub in paragraph(parsed, key)["subparagraphs"]]
        assert found == labels, key


@pytest.mark.parametrize(("name", "expected"), cases("forbidden"))
def test_no_page_furniture_in_any_paragraph(name, expected):
    parsed = document(name)
    for kind in ("preambular", "operative"):
        for number, found in enumerate(parsed[kind], start=1):
            for furniture in expected["forbidden"]:
                assert furniture not in found["text"], f"{furniture!r} in {kind} {number}"


def test_sections_keep_their_heading_and_numbering():
    operative = document("a_res_78_248.pdf")["operative"]
    sections = {p["number"]: p["section"] for p in operative}
    assert [sections[n] for n in ("1", "3", "9", "12", "15")] == [
        "",
        "I. System of administration of justice",
        "II. Informal system",
        "III. Formal system",
        "IV. Other issues",
    ]
    assert [p["number"] for p in operative] == [str(n) for n in range(1, 17)]
    # The quoted statute paragraph "4. In hearing an application ..." stays in paragraph 14.
    assert "Article 9, new paragraph 4: 4. In hearing an application" in operative[13]["text"]


def test_annex_is_parsed_apart_from_the_resolution():
    parsed = document("a_res_79_243.pdf")
    resolution = [p["text"] for p in parsed["preambular"] + parsed["operative"]]
    assert not any("The purposes of this Convention" in text for text in resolution)
    [annex] = parsed["annexes"]
    assert annex["symbol"] == "A/RES/79/243, annex"
    # The one footnote is printed on an annex page and cited only there.
    assert (len(parsed["footnotes"]), len(annex["footnotes"])) == (0, 1)
    assert annex["title"].startswith("United Nations Convention against Cybercrime;")
    assert annex["preambular"][0]["text"].startswith("Bearing in mind the purposes")
    first = annex["operative"][0]
    assert first["section"] == "Chapter I. General provisions — Article 1. Statement of purpose"
    assert [s["label"] for s in first["subparagraphs"]] == ["(a)", "(b)", "(c)"]


def test_draft_sponsors_are_their_own_field():
    parsed = document("a_80_l24.pdf")
    assert parsed["sponsors"] == "Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan"
    assert parsed["title"] == "International Year of Legal Literacy, 2027"


def test_nested_roman_items_stay_inside_their_lettered_item():
    parsed = document("a_res_80_221.pdf")
    labels = [s["label"] for s in parsed["operative"][23]["subparagraphs"]]
    # (i) after (h) and (v) after (u) are letters here, not roman numerals.
    assert labels[8] == "(i)" and labels[21] == "(v)"


SWEEP_COUNTS = {
    "A_RES_79_156.pdf": 91,
    "A_RES_78_184.pdf": 84,
    "A_RES_80_188.pdf": 47,
}


@pytest.mark.parametrize(("name", "count"), SWEEP_COUNTS.items())
def test_refugee_resolutions_keep_every_operative_paragraph(name, count):
    parsed = imported(CORPUS / "sweep" / name)
    assert [p["number"] for p in parsed["operative"]] == [str(n) for n in range(1, count + 1)]
    assert parsed["symbol"] == name.removesuffix(".pdf").replace("_", "/")
    assert parsed["adopted_on"] is not None


def test_assistance_to_refugees_in_africa_2023_has_all_47():
    assert len(document("a_res_78_185.pdf")["operative"]) == 47


PDFTOTEXT = shutil.which("pdftotext")


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("layout", [False, True], ids=["pdftotext", "pdftotext-layout"])
@pytest.mark.parametrize(
    ("name", "expected"), [c for c in cases("preambular") if c.values[0].endswith(".pdf")]
)
def test_other_extractions_of_the_same_pdfs_read_the_same(name, expected, layout, tmp_path):
    """A person may paste text another tool extracted: the expectations still hold."""
    out = tmp_path / "text.txt"
    options = ["-layout"] if layout else []
    subprocess.run([PDFTOTEXT, *options, str(CORPUS / "docs" / name), str(out)], check=True)
    parsed = parse_instrument(out.read_text(encoding="utf-8"))
    assert (len(parsed.preambular), len(parsed.operative)) == (
        expected["preambular"],
        expected["operative"],
    )
    assert expected["symbol_contains"] in parsed.symbol
    assert (parsed.adopted_on.isoformat() if parsed.adopted_on else None) == expected["adopted_on"]
    if expected["footnotes"] is not None:
        assert len(parsed.footnotes) == expected["footnotes"]
    texts = {"pre": parsed.preambular, "op": parsed.operative}
    for key, text in expected["exact"].items():
        kind, number = key.split(":")
        assert collapsed(texts[kind][int(number) - 1].text) == collapsed(text), key
