"""Read the text of an instrument out of an uploaded or local file (.txt or .pdf).

Pure Python (pypdf for PDFs): no Django imports. Every failure raises SourceError with a
message a person can act on; nothing here writes anything.
"""

import io
import logging
from dataclasses import dataclass, field

from pypdf import PdfReader

PDF_MAGIC = b"%PDF-"
# Control characters other than tab, newline, form feed and carriage return.
CONTROL_BYTES = set(range(32)) - {9, 10, 12, 13}

# pypdf logs every oddity of a damaged PDF as a warning; the user gets our message instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class SourceError(ValueError):
    """The file cannot be read as the text of an instrument."""


@dataclass
class SourceText:
    text: str
    kind: str  # "text" or "pdf"
    warnings: list[str] = field(default_factory=list)


def read_source(data: bytes, *, filename: str = "") -> SourceText:
    """Turn the bytes of a .txt or .pdf file into text, deciding by content, not by name."""
    if not data.strip():
        raise SourceError("The file is empty.")
    if data.lstrip()[:5] == PDF_MAGIC:
        return SourceText(text=pdf_text(data), kind="pdf")
    if filename.lower().endswith(".pdf"):
        raise SourceError("This file is named .pdf but is not a PDF document.")
    return decode_text(data)


def decode_text(data: bytes) -> SourceText:
    """Decode plain text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return SourceText(text=data.decode("utf-16"), kind="text")
        except UnicodeDecodeError:
            raise SourceError(
                "The file says it is UTF-16 text but cannot be read as such."
            ) from None
    if b"\x00" in data or _control_share(data) > 0.01:
        raise SourceError(
            "This file is not text: it looks like a binary file (a Word document, an image, "
            "an archive...). Upload a .txt or a .pdf, or paste the text."
        )
    try:
        return SourceText(text=data.decode("utf-8-sig"), kind="text")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SourceError(
            "The file is not UTF-8 text and could not be read in another common encoding. "
            "Save it as UTF-8 and try again."
        ) from None
    return SourceText(
        text=text,
        kind="text",
        warnings=[
            "The file was not UTF-8; it was read as Windows-1252 (Western European). "
            "Check accented letters and quotation marks before saving."
        ],
    )


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    return sum(byte in CONTROL_BYTES for byte in sample) / len(sample)


def pdf_text(data: bytes) -> str:
    """Extract the text layer of a PDF, page after page."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError("This PDF is protected by a password; remove the protection first.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except SourceError:
        raise
    except Exception:
        raise SourceError("This file could not be read as a PDF: it seems damaged.") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise SourceError(
            "This PDF has no text layer (it is probably a scan), so there is no text to "
            "import. Run it through OCR first, or paste the text instead."
        )
    return text
