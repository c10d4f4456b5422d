"""Lineage across years on real texts: A/RES/78/184 → 79/156 (the UNHCR resolution of 2023
and 2024) and A/RES/78/185 → 80/188 (assistance to refugees in Africa, 2023 and 2025).

The counts were checked by reading both texts side by side: 79/156 adds seven operative
paragraphs (§20 host countries, §25 the Cartagena Declaration's 40th anniversary, §31 data
management, §36 attacks on humanitarian personnel, §64, §66 the non-political character of
the work, §80 registration disparities) and drops none; the changed ones differ by a word or
a reference (§29 → §32: resolution 77/28 → 78/119; §35 → §39: "refugee populations" →
"refugees"). 80/188 repeats 78/185 word for word but its last paragraph (the report asked of
the Secretary-General, for the next session).
"""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from checklist.assessments import services
from checklist.assessments.lineage import carried_notes
from checklist.assessments.models import Finding
from checklist.instruments import drafts
from checklist.instruments.lineage import align, normalise_title, word_diff
from checklist.instruments.models import Instrument, Paragraph, ParagraphLineage
from checklist.instruments.parser import parse_instrument
from checklist.instruments.sources import read_source
from checklist.reports.pdf import report_html
from tests.factories import (
    item_numbered,
    make_assessment,
    make_instrument_editor,
    make_user,
    record_finding,
)

CORPUS = Path(__file__).resolve().parent / "corpus"
UNHCR_2023 = CORPUS / "sweep" / "A_RES_78_184.pdf"
UNHCR_2024 = CORPUS / "sweep" / "A_RES_79_156.pdf"
AFRICA_2023 = CORPUS / "docs" / "a_res_78_185.pdf"
AFRICA_2025 = CORPUS / "sweep" / "A_RES_80_188.pdf"


@pytest.fixture(scope="module")
def library(module_db):
    """The four texts imported by one command, newest first on the command line: the
    command saves the older ones first, so each newer one finds its previous version."""
    call_command(
        "import_instrument",
        str(AFRICA_2025),
        str(UNHCR_2024),
        str(AFRICA_2023),
        str(UNHCR_2023),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    return {i.symbol: i for i in Instrument.objects.filter(symbol__startswith="A/RES/")}


def counts(instrument: Instrument, kind: str) -> dict[str, int]:
    lineages = ParagraphLineage.objects.filter(paragraph__instrument=instrument)
    found = {
        status: lineages.filter(paragraph__kind=kind, status=status).count()
        for status in ParagraphLineage.Status.values
    }
    carried = set(lineages.exclude(previous=None).values_list("previous", flat=True))
    older = instrument.previous_version.paragraphs.filter(kind=kind)
    found["dropped"] = older.exclude(pk__in=carried).count()
    return found


def test_newer_texts_point_at_their_previous_version(db, library):
    assert library["A/RES/79/156"].previous_version == library["A/RES/78/184"]
    assert library["A/RES/80/188"].previous_version == library["A/RES/78/185"]
    assert library["A/RES/78/184"].previous_version is None
    assert library["A/RES/78/185"].previous_version is None


@pytest.mark.parametrize(
    ("symbol", "kind", "expected"),
    [
        ("A/RES/79/156", "operative", {"unchanged": 40, "changed": 44, "new": 7, "dropped": 0}),
        ("A/RES/79/156", "preambular", {"unchanged": 4, "changed": 8, "new": 2, "dropped": 0}),
        ("A/RES/80/188", "operative", {"unchanged": 46, "changed": 1, "new": 0, "dropped": 0}),
        ("A/RES/80/188", "preambular", {"unchanged": 25, "changed": 0, "new": 0, "dropped": 0}),
    ],
)
def test_counts_by_status(db, library, symbol, kind, expected):
    assert counts(library[symbol], kind) == expected


def lineage_of(instrument: Instrument, number: str) -> ParagraphLineage:
    return ParagraphLineage.objects.select_related("previous").get(
        paragraph__instrument=instrument, paragraph__kind="operative", paragraph__number=number
    )


def test_new_and_changed_paragraphs_are_the_ones_read(db, library):
    newer = library["A/RES/79/156"]
    new = ParagraphLineage.objects.filter(paragraph__instrument=newer, status="new")
    numbers = sorted(new.filter(paragraph__kind="operative").values_list("paragraph__number"))
    assert [int(n) for (n,) in numbers] == [20, 25, 31, 36, 64, 66, 80]
    moved = lineage_of(newer, "32")
    assert (moved.status, moved.previous.number) == ("changed", "29")
    assert lineage_of(newer, "39").previous.number == "35"
    # A word that PDF extraction split in two ("gen der") is not a change.
    assert lineage_of(newer, "55").status == "unchanged"
    last = lineage_of(library["A/RES/80/188"], "47")
    assert (last.status, last.previous.number) == ("changed", "47")


def test_comparison_page_shows_the_word_diff(db, library, client):
    client.force_login(make_user("reader"))
    newer = library["A/RES/79/156"]
    detail = client.get(newer.get_absolute_url()).content.decode()
    assert f"/instruments/{newer.pk}/compare/" in detail
    page = client.get(f"/instruments/{newer.pk}/compare/").content.decode()
    assert "<del>77/28</del> <ins>78/119</ins>" in page
    assert "<del>refugee populations,</del> <ins>refugees,</ins>" in page
    assert "Changed: 52" in page and "New: 9" in page and "Dropped: 0" in page


def test_no_comparison_without_a_previous_version(db, library, client):
    client.force_login(make_user("reader"))
    older = library["A/RES/78/184"]
    assert client.get(f"/instruments/{older.pk}/compare/").status_code == 404


def test_dropped_paragraphs_keep_their_place():
    old = ["Calls upon States to respect non-refoulement", "Decides to remain seized"]
    new = ["Calls upon States to fully respect non-refoulement", "Requests a report"]
    assert [(p.old, p.new, p.status) for p in align(old, new)] == [
        (0, 0, "changed"),
        (1, None, "dropped"),
        (None, 1, "new"),
    ]


def test_word_diff_escapes_the_text():
    assert word_diff("Urges <b>States</b>", "Urges all <b>States</b>") == (
        "Urges <ins>all</ins> &lt;b&gt;States&lt;/b&gt;"
    )


def test_series_title_ignores_case_punctuation_and_years():
    assert normalise_title("Proposed programme budget for 2024: section 26") == normalise_title(
        "Proposed Programme Budget for 2025 — section 26"
    )


@pytest.fixture
def next_round(db, library):
    """A 2023 round on A/RES/78/184 with three findings, moved to A/RES/79/156."""
    owner = make_user("owner")
    older = make_assessment(owner=owner, instruments=[library["A/RES/78/184"]])
    for number, finding in [
        ("5", Finding.COMPLIANT),
        ("35", Finding.PARTIALLY_COMPLIANT),
        ("32", Finding.NOT_COMPLIANT),
    ]:
        item = item_numbered(older, "A/RES/78/184", number)
        record_finding(item.response, by=owner, finding=finding, evidence=f"Evidence §{number}")
    return services.carry_forward(
        previous=older, owner=owner, title="Review 2024", as_of=date(2024, 12, 31), to_newer=True
    ).assessment


def test_next_round_moves_to_the_newer_text(next_round, library):
    assert list(next_round.instruments.all()) == [library["A/RES/79/156"]]
    unchanged = item_numbered(next_round, "A/RES/79/156", "5")
    changed = item_numbered(next_round, "A/RES/79/156", "39")
    assert (unchanged.response.finding, unchanged.response.evidence) == (
        Finding.COMPLIANT,
        "Evidence §5",
    )
    assert (changed.response.finding, changed.response.evidence) == (
        Finding.PARTIALLY_COMPLIANT,
        "Evidence §35",
    )
    notes = carried_notes(next_round.pk)
    assert notes[unchanged.pk].needs_recheck is False
    # 38 items: 35 descend from an item of 2023 (15 through a change), §64 is new, and §18
    # and §43 descend from paragraphs that were no checklist items in 2023.
    created = next_round.events.get(kind="created", summary__startswith="Carried")
    assert created.summary == (
        "Carried forward 35 responses from “Review 2026” (revision 1); "
        "15 from changed paragraphs, to re-check"
    )
    assert next_round.items.count() == 38
    assert notes[changed.pk].line == "Carried from A/RES/78/184 §35 — needs re-check"
    assert "<del>refugee populations,</del> <ins>refugees,</ins>" in notes[changed.pk].diff


def test_new_paragraphs_start_empty(next_round):
    new = next_round.items.filter(paragraph__lineage__status="new", paragraph__checkable=True)
    assert new.exists()
    assert {item.response.finding for item in new} == {Finding.NOT_ASSESSED}
    assert not any(item.response.carried_from_id for item in new)


def test_report_and_item_page_say_what_to_recheck(next_round, client):
    html = report_html(next_round)
    assert "Carried from A/RES/78/184 §35 — needs re-check" in html
    assert "Carried from A/RES/78/184 §5, unchanged" in html
    client.force_login(next_round.created_by)
    item = item_numbered(next_round, "A/RES/79/156", "39")
    page = client.get(f"/assessments/{next_round.pk}/items/{item.pk}/").content.decode()
    assert "needs re-check" in page
    assert "<ins>refugees,</ins>" in page


def test_next_round_without_moving_keeps_the_older_text(db, library):
    owner = make_user("owner")
    older = make_assessment(owner=owner, instruments=[library["A/RES/78/184"]])
    following = services.carry_forward(
        previous=older, owner=owner, title="Again", as_of=date(2024, 12, 31)
    ).assessment
    assert list(following.instruments.all()) == [library["A/RES/78/184"]]
    assert carried_notes(following.pk) == {}


def test_paragraph_kinds_are_aligned_separately(db, library):
    lineages = ParagraphLineage.objects.exclude(previous=None).select_related("previous")
    assert all(
        lineage.previous.kind == lineage.paragraph.kind
        for lineage in lineages.select_related("paragraph")
    )
    assert Paragraph.objects.filter(lineage__isnull=False).exists()


def review_page(client, parsed) -> str:
    editor = make_instrument_editor()
    client.force_login(editor)
    draft = drafts.create_draft(
        owner=editor, parsed=parsed, source_text="…", source_url="", warnings=[]
    )
    return client.get(f"/instruments/import/{draft.pk}/").content.decode()


def test_the_review_says_which_text_this_one_follows(db, library, client):
    parsed = parse_instrument(read_source(UNHCR_2024.read_bytes(), filename="x.pdf").text)
    parsed.symbol, parsed.year = "A/RES/81/1", 2026
    page = review_page(client, parsed)
    assert "This text will be saved as the newer version of" in page
    assert f'href="/instruments/{library["A/RES/79/156"].pk}/">A/RES/79/156</a>' in page


def test_the_review_says_when_the_text_is_already_in_the_library(db, library, client):
    parsed = parse_instrument(read_source(UNHCR_2024.read_bytes(), filename="x.pdf").text)
    parsed.symbol = "a/res/79/156"
    page = review_page(client, parsed)
    assert "is already in the library" in page
    assert "newer version of" not in page


def test_long_texts_pair_only_identical_paragraphs(monkeypatch):
    monkeypatch.setattr("checklist.instruments.lineage.MAX_COMPARED_PAIRS", 4)
    old = ["Urges States to act", "Calls upon States to cooperate", "Decides to remain seized"]
    new = ["Urges States to act", "Calls upon all States to cooperate", "Decides to remain seized"]
    assert [(p.old, p.new, p.status) for p in align(old, new)] == [
        (0, 0, "unchanged"),
        (1, None, "dropped"),
        (None, 1, "new"),
        (2, 2, "unchanged"),
    ]
