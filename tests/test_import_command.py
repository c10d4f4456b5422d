"""`manage.py import_instrument PATH... [--dry-run] [--json]`."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from checklist.instruments.models import Instrument, Paragraph
from tests.factories import EXCOM_SOURCE, GA_SOURCE


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_instrument", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_json_dry_run_prints_the_parse_and_saves_nothing():
    out, _ = run(GA_SOURCE, "--dry-run", "--json")
    data = json.loads(out)
    assert data["symbol"] == "A/RES/52/132"
    assert data["adopted_on"] == "1997-12-12"
    assert len(data["preambular"]) == 14
    assert len(data["operative"]) == 18
    assert len(data["footnotes"]) == 9
    assert data["operative"][15]["lead"] == "Calls upon"
    assert data["operative"][15]["addressee"] == "States"
    assert data["operative"][15]["checkable"] is True
    assert data["operative"][15]["themes"] == ["non-refoulement"]
    assert data["operative"][15]["subparagraphs"] == []
    assert Instrument.objects.count() == 0


@pytest.mark.django_db
def test_json_for_several_files_is_a_list():
    out, _ = run(EXCOM_SOURCE, GA_SOURCE, "--dry-run", "--json")
    assert [item["symbol"] for item in json.loads(out)] == [
        "ExCom Conclusion No. 52 (XXXIX)",
        "A/RES/52/132",
    ]


@pytest.mark.django_db
def test_import_saves_instruments_and_paragraphs_in_order():
    out, _ = run(EXCOM_SOURCE, GA_SOURCE)
    assert "A/RES/52/132: Human rights and mass exoduses" in out
    ga = Instrument.objects.get(symbol="A/RES/52/132")
    paragraphs = list(ga.paragraphs.all())
    assert [p.kind for p in paragraphs] == ["preambular"] * 14 + ["operative"] * 18
    assert [p.number for p in paragraphs[14:]] == [str(n) for n in range(1, 19)]
    assert ga.source_text == GA_SOURCE.read_text(encoding="utf-8")
    assert ga.footnotes[8] == {
        "number": 9,
        "text": "United Nations, Treaty Series, vol. 606, No. 8791.",
    }
    sixteen = ga.paragraphs.get(number="16")
    assert sixteen.checkable is True
    assert [t.slug for t in sixteen.themes.all()] == ["non-refoulement"]
    assert Paragraph.objects.checklist_items().filter(instrument=ga).count() == 7


@pytest.mark.django_db
def test_dry_run_without_json_prints_a_summary_and_saves_nothing():
    out, _ = run(EXCOM_SOURCE, "--dry-run")
    assert "4 preambular and 5 operative paragraphs, 3 checklist items" in out
    assert "nothing saved" in out
    assert Instrument.objects.count() == 0


@pytest.mark.django_db
def test_existing_symbol_is_refused_and_nothing_of_the_batch_is_saved():
    run(GA_SOURCE)
    with pytest.raises(CommandError, match="already exists"):
        run(EXCOM_SOURCE, GA_SOURCE)
    assert list(Instrument.objects.values_list("symbol", flat=True)) == ["A/RES/52/132"]


@pytest.mark.django_db
def test_unreadable_and_invalid_files_are_clear_errors(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(CommandError, match=r"scan\.txt: This file is not text"):
        run(binary)
    no_operative = tmp_path / "notes.txt"
    no_operative.write_text("A title\n\nThe General Assembly,\n\nRecalling things,\n")
    with pytest.raises(CommandError, match="No operative paragraphs"):
        run(no_operative)
    with pytest.raises(CommandError, match="cannot read the file"):
        run(tmp_path / "missing.txt")
    assert Instrument.objects.count() == 0


@pytest.mark.django_db
def test_a_file_past_the_character_limit_is_refused(tmp_path, settings):
    settings.INSTRUMENT_TEXT_MAX_CHARS = 1000
    long = tmp_path / "long.txt"
    long.write_text(GA_SOURCE.read_text())
    with pytest.raises(CommandError, match="runs past the limit of 1,000 characters"):
        run(long)
    assert Instrument.objects.count() == 0


@pytest.mark.django_db
def test_control_characters_never_reach_the_database(tmp_path):
    noisy = tmp_path / "noisy.txt"
    noisy.write_bytes(GA_SOURCE.read_bytes().replace(b"Recalling", b"Recal\x08ling\x1b", 1))
    run(noisy)
    instrument = Instrument.objects.get()
    assert instrument.source_text == GA_SOURCE.read_text()
    assert instrument.paragraphs.filter(text__startswith="Recalling").exists()


CORPUS = GA_SOURCE.parent.parent.parent / "tests" / "corpus" / "docs"


@pytest.mark.django_db
def test_sections_and_sponsors_are_saved():
    run(CORPUS / "a_res_78_248.pdf", CORPUS / "a_80_l24.pdf")
    justice = Instrument.objects.get(symbol="A/RES/78/248")
    sections = dict(justice.paragraphs.filter(kind="operative").values_list("number", "section"))
    assert (sections["2"], sections["9"]) == ("", "II. Informal system")
    draft = Instrument.objects.get(symbol="A/80/L.24")
    assert draft.sponsors == "Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan"
    assert draft.adopted_on is None


@pytest.mark.django_db
def test_an_annex_is_saved_as_an_instrument_of_its_own():
    out, _ = run(CORPUS / "a_res_79_243.pdf")
    assert "its annex A/RES/79/243, annex:" in out
    resolution = Instrument.objects.get(symbol="A/RES/79/243")
    [annex] = resolution.annexes.all()
    assert annex.symbol == "A/RES/79/243, annex"
    assert resolution.paragraphs.filter(kind="operative").count() == 12
    assert annex.paragraphs.filter(kind="preambular").count() == 15
    assert annex.paragraphs.filter(kind="operative", section__startswith="Chapter I.").exists()
