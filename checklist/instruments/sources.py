"""Read the text of an instrument out of an uploaded or local file (.txt or .pdf).

Pure Python (pypdf for PDFs): no Django imports. Every failure raises SourceError with a
message a person can act on, in their language (instruments.translation); nothing here writes
anything. The limits (SourceLimits) are checked before the slow work, so a hostile file is
refused in a fraction of a second.
"""

import io
import logging
from dataclasses import dataclass, field

from pypdf import PdfReader, apply_configuration
from pypdf.errors import DependencyError, LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from checklist.instruments.translation import _
from checklist.text import clean_text

PDF_MAGIC = b"%PDF-"
# Control characters other than tab, newline, form feed and carriage return.
CONTROL_BYTES = set(range(32)) - {9, 10, 12, 13}

# pypdf logs every oddity of a damaged PDF as a warning; the user gets our message instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class SourceError(ValueError):
    """The file cannot be read as the text of an instrument."""


@dataclass(frozen=True)
class SourceLimits:
    """How much a source may hold. The defaults are the settings' (INSTRUMENT_TEXT_MAX_CHARS,
    INSTRUMENT_PDF_MAX_PAGES, INSTRUMENT_PDF_MAX_INFLATED_BYTES): the largest real resolution
    we know (A/RES/79/243) has 160,000 characters, 46 pages and 2 MB of page content."""

    max_chars: int = 500_000
    max_pages: int = 500
    max_inflated_bytes: int = 20 * 1024 * 1024
    # A page of a resolution holds under 100 kB of content; reading the text of a page
    # of 1 MB takes pypdf about 2 s, and it cannot stop half-way through a page.
    max_page_bytes: int = 1024 * 1024


@dataclass
class SourceText:
    text: str
    kind: str  # "text" or "pdf"
    warnings: list[str] = field(default_factory=list)


def read_source(
    data: bytes, *, filename: str = "", limits: SourceLimits = SourceLimits()
) -> SourceText:
    """Turn the bytes of a .txt or .pdf file into text, deciding by content, not by name.

    The text comes back without control characters (checklist.text.clean_text), and no
    longer than ``limits.max_chars``.
    """
    if not data.strip():
        raise SourceError(_("The file is empty."))
    if data.lstrip()[:5] == PDF_MAGIC:
        source = SourceText(text=pdf_text(data, limits=limits), kind="pdf")
    elif filename.lower().endswith(".pdf"):
        raise SourceError(_("This file is named .pdf but is not a PDF document."))
    else:
        source = decode_text(data)
    check_length(source.text, limits.max_chars)
    source.text = clean_text(source.text)
    return source


def check_length(text: str, max_chars: int) -> None:
    if len(text) > max_chars:
        raise SourceError(
            _(
                "The text in this file runs past the limit of %(limit)s characters. "
                "Import one instrument at a time."
            )
            % {"limit": f"{max_chars:,}"}
        )


def decode_text(data: bytes) -> SourceText:
    """Decode plain text: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return SourceText(text=data.decode("utf-16"), kind="text")
        except UnicodeDecodeError:
            raise SourceError(
                _("The file says it is UTF-16 text but cannot be read as such.")
            ) from None
    if b"\x00" in data or _control_share(data) > 0.01:
        raise SourceError(
            _(
                "This file is not text: it looks like a binary file (a Word document, an "
                "image, an archive...). Upload a .txt or a .pdf, or paste the text."
            )
        )
    try:
        return SourceText(text=data.decode("utf-8-sig"), kind="text")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SourceError(
            _(
                "The file is not UTF-8 text and could not be read in another common "
                "encoding. Save it as UTF-8 and try again."
            )
        ) from None
    return SourceText(
        text=text,
        kind="text",
        warnings=[
            _(
                "The file was not UTF-8; it was read as Windows-1252 (Western European). "
                "Check accented letters and quotation marks before saving."
            )
        ],
    )


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    return sum(byte in CONTROL_BYTES for byte in sample) / len(sample)


def pdf_text(data: bytes, *, limits: SourceLimits = SourceLimits()) -> str:
    """Extract the text layer of a PDF, page after page.

    1. Open it, decrypting it if it opens without a password.
    2. Refuse it if it has more than ``limits.max_pages`` pages, or if its pages' content
       inflates past ``limits.max_inflated_bytes`` in all or ``limits.max_page_bytes`` on
       one page (pypdf stops inflating a stream at the limit).
    3. Extract each page's text, stopping as soon as the text passes ``limits.max_chars``.
    """
    inflate_limit = limits.max_inflated_bytes + 1
    try:
        with apply_configuration(
            zlib_maximum_output_length=inflate_limit,
            lzw_maximum_output_length=inflate_limit,
            run_length_maximum_output_length=inflate_limit,
            brotli_maximum_output_length=inflate_limit,
            array_based_stream_maximum_output_length=inflate_limit,
        ):
            reader = _open_pdf(data)
            _check_pages(reader, limits)
            _check_content(reader, limits)
            text = _extract(reader, limits)
    except LimitReachedError:
        raise _too_much_content(limits) from None
    except SourceError:
        raise
    except Exception:
        raise SourceError(_("This file could not be read as a PDF: it seems damaged.")) from None
    if not text.strip():
        raise SourceError(
            _(
                "This PDF has no text layer (it is probably a scan), so there is no text to "
                "import. Run it through OCR first, or paste the text instead."
            )
        )
    return text


def _open_pdf(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    if not reader.is_encrypted:
        return reader
    try:
        opened = reader.decrypt("")
    except DependencyError:
        raise SourceError(
            _(
                "This PDF is encrypted in a way this server cannot read (AES without the "
                "cryptography package). Save a copy without protection and upload that."
            )
        ) from None
    if not opened:
        raise SourceError(
            _(
                "This PDF is password-protected. Open it with its password, save a copy "
                "without the protection, and upload that."
            )
        )
    return reader


def _check_pages(reader: PdfReader, limits: SourceLimits) -> None:
    """Refuse a PDF with too many pages, by its declared count first: counting the pages
    themselves means walking the whole page tree."""
    declared = reader.trailer["/Root"]["/Pages"]["/Count"]
    pages = declared if declared > limits.max_pages else len(reader.pages)
    if pages > limits.max_pages:
        raise SourceError(
            _(
                "This PDF has %(pages)s pages; the limit is %(limit)s. "
                "Import one instrument at a time."
            )
            % {"pages": f"{pages:,}", "limit": f"{limits.max_pages:,}"}
        )


def _check_content(reader: PdfReader, limits: SourceLimits) -> None:
    """Refuse a PDF whose page content inflates past the limits, before reading its text."""
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        size = _inflated_size(page, limits)
        if size > limits.max_page_bytes:
            raise SourceError(
                _(
                    "Page %(number)s of this PDF holds more than %(size)s of content once "
                    "unpacked, the limit for a page; a page of a resolution holds far less. "
                    "Check that this is the right file."
                )
                % {"number": number, "size": _megabytes(limits.max_page_bytes)}
            )
        total += size
        if total > limits.max_inflated_bytes:
            raise _too_much_content(limits)


def _inflated_size(page: DictionaryObject, limits: SourceLimits) -> int:
    """The bytes of the page's content and of the forms it draws, once inflated."""
    seen: set[int] = set()
    total = 0
    pending = [page.get("/Contents"), *_forms(page)]
    while pending and total <= limits.max_page_bytes:
        item = pending.pop()
        obj = item.get_object() if item is not None else None
        if isinstance(obj, ArrayObject):
            pending.extend(obj)
        elif isinstance(obj, StreamObject) and id(obj) not in seen:
            seen.add(id(obj))
            total += len(obj.get_data())
            pending.extend(_forms(obj))
    return total


def _forms(owner: DictionaryObject) -> list:
    """The form XObjects a page or a form draws: text extraction reads them too."""
    resources = owner.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources else None
    if not xobjects:
        return []
    return [x for x in xobjects.get_object().values() if x.get_object().get("/Subtype") == "/Form"]


def _extract(reader: PdfReader, limits: SourceLimits) -> str:
    """The pages' text, up to the page that passes the character limit (read_source then
    refuses it): reading on would be work for nothing."""
    pages, length = [], 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        length += len(pages[-1])
        if length > limits.max_chars:
            break
    return "\n\n".join(pages)


def _too_much_content(limits: SourceLimits) -> SourceError:
    return SourceError(
        _(
            "The pages of this PDF hold more than %(size)s of content once unpacked, the "
            "limit; a resolution holds far less. Check that this is the right file."
        )
        % {"size": _megabytes(limits.max_inflated_bytes)}
    )


def _megabytes(size: int) -> str:
    # Translators: a size in megabytes, such as "2 MB".
    return _("%(size)s MB") % {"size": f"{size / (1024 * 1024):g}"}
