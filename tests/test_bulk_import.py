"""The library: bulk import in the browser (files or a .zip) and by folder with the command,
all saved or none; the starter library; the instrument list's filters and pages."""

import io
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from checklist.instruments.models import Instrument
from checklist.instruments.parser import parse_instrument
from checklist.instruments.sources import read_source
from tests.factories import ROOT, make_instrument_editor, make_user, seed_instruments
from tests.zips import Member, build, zeros_bomb

MiB = 1024 * 1024
LIBRARY = ROOT / "fixtures" / "sources" / "library"
UNHCR_1997 = LIBRARY / "a_res_52_103.txt"
PALESTINE_DRAFT = LIBRARY / "a_c4_80_l17.txt"
UNHCR_2023 = LIBRARY / "a_res_78_184.pdf"
UNHCR_2024 = LIBRARY / "a_res_79_156.pdf"
URL = "/instruments/import/bulk/"


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def zipped(*paths: Path) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in paths:
            archive.write(path, f"library/{path.name}")
    return SimpleUploadedFile("library.zip", buffer.getvalue())


@pytest.fixture
def editor_client(db, client):
    client.force_login(make_instrument_editor())
    return client


def test_several_files_are_saved_with_a_summary(editor_client):
    response = editor_client.post(URL, {"files": [upload(UNHCR_1997), upload(PALESTINE_DRAFT)]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "A/RES/52/103" in page and "A/C.4/80/L.17" in page
    assert "Assistance to Palestine refugees" in page
    assert set(Instrument.objects.values_list("symbol", flat=True)) == {
        "A/RES/52/103",
        "A/C.4/80/L.17",
    }
    saved = Instrument.objects.get(symbol="A/RES/52/103")
    assert saved.paragraphs.filter(kind="operative").count() == 17


def test_a_zip_is_unpacked_and_a_newer_year_is_compared(editor_client):
    response = editor_client.post(URL, {"files": [zipped(UNHCR_2024, UNHCR_2023)]})
    assert response.status_code == 200
    newer = Instrument.objects.get(symbol="A/RES/79/156")
    assert newer.previous_version.symbol == "A/RES/78/184"
    page = response.content.decode()
    assert "Newer version of A/RES/78/184: 44 paragraphs unchanged, 52 changed, 9 new." in page
    assert f"/instruments/{newer.pk}/compare/" in page


def test_a_text_already_in_the_library_is_refused_and_nothing_is_saved(editor_client):
    editor_client.post(URL, {"files": [upload(UNHCR_1997)]})
    source = UNHCR_1997.read_text().replace("A/RES/52/103", "a/res/52/103")
    again = SimpleUploadedFile("lower.txt", source.encode())
    response = editor_client.post(URL, {"files": [upload(PALESTINE_DRAFT), again]})
    assert response.status_code == 400
    assert "already exists" in response.content.decode()
    assert list(Instrument.objects.values_list("symbol", flat=True)) == ["A/RES/52/103"]


def test_one_bad_file_saves_none(editor_client):
    broken = SimpleUploadedFile("notes.txt", b"Nothing here looks like a resolution.")
    response = editor_client.post(URL, {"files": [upload(UNHCR_1997), broken]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page and "notes.txt" in page
    assert not Instrument.objects.exists()


def test_the_same_text_twice_in_one_batch_is_refused(editor_client):
    response = editor_client.post(
        URL, {"files": [upload(UNHCR_1997), upload(UNHCR_1997, "copy.txt")]}
    )
    assert response.status_code == 400
    assert "import it once" in response.content.decode()
    assert not Instrument.objects.exists()


def test_a_zip_bomb_is_refused_by_the_upload_checker(editor_client):
    bomb = build([Member("library/a.txt", zeros_bomb(200), 200 * MiB)])
    response = editor_client.post(URL, {"files": [SimpleUploadedFile("bomb.zip", bomb)]})
    assert response.status_code == 400
    assert "unpacks to more than" in response.content.decode()
    assert not Instrument.objects.exists()


def test_too_many_files_are_refused(editor_client, settings):
    settings.INSTRUMENT_BULK_MAX_FILES = 1
    response = editor_client.post(URL, {"files": [upload(UNHCR_1997), upload(PALESTINE_DRAFT)]})
    assert response.status_code == 400
    assert "import at most 1 at a time" in response.content.decode()
    assert not Instrument.objects.exists()


def test_a_folder_is_imported_oldest_first_by_the_command(db, tmp_path):
    for path in (UNHCR_2024, UNHCR_2023, UNHCR_1997):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "readme.md").write_text("not an instrument")
    out = StringIO()
    call_command("import_instrument", "--dir", str(tmp_path), stdout=out, stderr=StringIO())
    assert Instrument.objects.count() == 3
    assert Instrument.objects.get(symbol="A/RES/79/156").previous_version.symbol == "A/RES/78/184"
    assert Instrument.objects.get(symbol="A/RES/78/184").previous_version.symbol == "A/RES/52/103"
    assert "A/RES/79/156: Office of the United Nations High Commissioner" in out.getvalue()
    assert (
        "newer version of A/RES/78/184: 44 paragraphs unchanged, 52 changed, 9 new"
        in out.getvalue()
    )


def test_a_folder_with_one_text_already_saved_saves_nothing(db, tmp_path):
    call_command("import_instrument", str(UNHCR_1997), stdout=StringIO())
    for path in (UNHCR_1997, PALESTINE_DRAFT):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    with pytest.raises(CommandError, match="Nothing was saved"):
        call_command("import_instrument", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert Instrument.objects.count() == 1


def test_the_starter_library_loads_with_its_lineage(db):
    call_command("loaddata", ROOT / "fixtures" / "library.json", verbosity=0)
    symbols = set(Instrument.objects.values_list("symbol", flat=True))
    assert {"A/RES/52/103", "A/RES/78/184", "A/RES/79/156", "A/RES/78/185"} <= symbols
    assert {"A/RES/80/188", "A/RES/80/211", "A/RES/78/73", "A/C.4/80/L.17"} <= symbols
    assert Instrument.objects.get(symbol="A/RES/80/188").previous_version.symbol == "A/RES/78/185"
    sources = {path.name for path in LIBRARY.iterdir()}
    assert len(sources) == Instrument.objects.count() == 10


@pytest.fixture
def library(db):
    seed_instruments()
    call_command("loaddata", ROOT / "fixtures" / "library.json", verbosity=0)


def listed(client, query: str = "") -> list[str]:
    page = client.get(f"/instruments/?{query}").content.decode()
    return [
        symbol
        for symbol in Instrument.objects.values_list("symbol", flat=True)
        if f">{symbol}</a>" in page
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("body=UNHCR+Executive+Committee", {"ExCom Conclusion No. 52 (XXXIX)"}),
        ("year=2024", {"A/RES/79/156"}),
        ("kind=draft", {"A/C.4/80/L.17"}),
        ("kind=excom", {"ExCom Conclusion No. 52 (XXXIX)"}),
        ("year=2025&kind=resolution", {"A/RES/80/188", "A/RES/80/211", "A/RES/79/292"}),
    ],
)
def test_the_list_filters(client, library, query, expected):
    client.force_login(make_user("reader"))
    assert set(listed(client, query)) == expected


def test_a_theme_filter_keeps_the_instruments_touching_it(client, library):
    client.force_login(make_user("reader"))
    found = set(listed(client, "theme=non-refoulement"))
    assert "A/RES/79/156" in found
    assert "A/RES/79/292" not in found


def test_an_affected_group_filter_keeps_the_instruments_naming_it(client, library):
    client.force_login(make_user("reader"))
    found = set(listed(client, "group=internally-displaced-persons"))
    assert {"A/RES/80/211", "A/RES/79/292"} <= found
    assert "ExCom Conclusion No. 52 (XXXIX)" not in found


def test_an_unknown_filter_value_is_dropped_with_a_message(client, library):
    client.force_login(make_user("reader"))
    response = client.get("/instruments/?year=1066")
    assert response.status_code == 200
    assert "Not one of the choices" in response.content.decode()
    assert len(listed(client, "year=1066")) == 12


def test_the_list_pages_by_25(client, library, settings):
    client.force_login(make_user("reader"))
    for number in range(20):
        Instrument.objects.create(
            symbol=f"A/RES/1/{number}", title="Filler", body="General Assembly", year=1946
        )
    first = client.get("/instruments/?body=General+Assembly").content.decode()
    second = client.get("/instruments/?body=General+Assembly&page=2").content.decode()
    assert "Page 1 of 2" in first and "body=General+Assembly&amp;page=2" in first
    assert "Page 2 of 2" in second
    assert first.count("<tr>") + second.count("<tr>") == 31 + 2  # two header rows


def test_the_starter_library_is_what_the_parser_makes_of_its_sources(db):
    """fixtures/library.json is rebuilt by `make fixtures`; a parser change shows here."""
    call_command("loaddata", ROOT / "fixtures" / "library.json", verbosity=0)
    for source in sorted(LIBRARY.iterdir()):
        parsed = parse_instrument(read_source(source.read_bytes(), filename=source.name).text)
        instrument = Instrument.objects.get(symbol=parsed.symbol)
        assert instrument.title == parsed.title, source.name
        saved = [p.text for p in instrument.paragraphs.filter(kind="operative")]
        assert saved == [p.text for p in parsed.operative], source.name
