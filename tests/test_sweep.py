"""`make sweep` (bench/sweep.py): the official PDFs of ../shared/corpus/sweep/, checked for
refusals, symbols, adoption dates and gaps in the numbering."""

from pathlib import Path

import pytest

from bench import sweep
from checklist.instruments.parser import parse_instrument

CORPUS_SWEEP = Path(__file__).resolve().parent / "corpus" / "sweep"


def test_an_absent_folder_is_reported_and_not_an_error(tmp_path, capsys):
    assert sweep.main([str(tmp_path / "absent")]) == 0
    assert "No sweep folder at" in capsys.readouterr().out


def test_the_file_name_gives_the_symbol():
    assert sweep.symbol_of(Path("A_C.3_80_L.23.pdf")) == "A/C.3/80/L.23"
    assert sweep.symbol_of(Path("A_RES_78_184.pdf")) == "A/RES/78/184"


def test_gaps_allow_numbering_that_starts_again_in_a_section():
    text = (
        "1/2. Test\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n"
        "I\nFirst\n\n1. Urges States to act;\n\n2. Urges States to act;\n\n"
        "II\nSecond\n\n1. Urges States to act;\n\n3. Calls upon States to act;\n"
    )
    assert sweep.gaps(parse_instrument(text)) == ["1 then 3"]


@pytest.mark.parametrize("path", sorted(CORPUS_SWEEP.glob("*.pdf")), ids=lambda p: p.name)
def test_the_refugee_resolutions_of_the_sweep_pass(path, tmp_path, capsys):
    (tmp_path / path.name).write_bytes(path.read_bytes())
    sweep.main([str(tmp_path)])
    report = capsys.readouterr().out
    assert "refused                 0" in report
    assert "symbol right            1" in report
    assert "adopted resolutions     1 of 1 dated" in report
    assert "gap-free numbering      1" in report
