"""Reading text out of uploaded files: by content, with a clear error for anything else."""

import pytest

from checklist.instruments.sources import SourceError, read_source
from tests.conftest import GA_SOURCE
from tests.pdfs import blank_pdf, text_pdf


def test_utf8_text_is_read_as_is():
    source = read_source("Commission’s invitation".encode())
    assert (source.text, source.kind, source.warnings) == ("Commission’s invitation", "text", [])


def test_utf8_byte_order_mark_is_dropped():
    assert read_source(b"\xef\xbb\xbfThe General Assembly,").text == "The General Assembly,"


def test_utf16_with_bom_is_read():
    assert read_source("Réfugiés".encode("utf-16")).text == "Réfugiés"


def test_windows_1252_text_is_read_with_a_warning():
    source = read_source("Commission’s réfugiés".encode("cp1252"))
    assert source.text == "Commission’s réfugiés"
    assert "not UTF-8" in source.warnings[0]


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        bytes(range(256)) * 4,
    ],
    ids=["docx", "png", "random-bytes"],
)
def test_binary_file_is_refused(data):
    with pytest.raises(SourceError, match="not text"):
        read_source(data, filename="resolution.txt")


@pytest.mark.parametrize("data", [b"", b"  \n\r\n\t"])
def test_empty_file_is_refused(data):
    with pytest.raises(SourceError, match="empty"):
        read_source(data)


def test_pdf_text_layer_is_extracted():
    lines = GA_SOURCE.read_text(encoding="utf-8").splitlines()
    source = read_source(text_pdf([lines[:70], lines[70:]]), filename="whatever.bin")
    assert source.kind == "pdf"
    assert "Calls uponStates to ensure effective protection" in source.text


def test_pdf_without_text_layer_is_refused():
    with pytest.raises(SourceError, match="no text layer"):
        read_source(blank_pdf(), filename="scan.pdf")


def test_damaged_pdf_is_refused():
    with pytest.raises(SourceError, match="could not be read as a PDF"):
        read_source(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF")


def test_html_renamed_pdf_is_refused():
    with pytest.raises(SourceError, match="not a PDF"):
        read_source(b"<html><script>alert(1)</script></html>", filename="resolution.pdf")
