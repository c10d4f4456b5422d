"""Which uploaded source files are accepted: decided by their content, never by their name.

A file renamed from .html or .svg to .pdf is still HTML and is refused; what is accepted gets
the extension and content type of what it really is.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename


class UploadRefused(ValueError):
    """The message says, in words a person understands, why the file was refused."""


@dataclass(frozen=True)
class Kind:
    extension: str
    content_type: str


PDF = Kind("pdf", "application/pdf")
PNG = Kind("png", "image/png")
JPEG = Kind("jpg", "image/jpeg")
TEXT = Kind("txt", "text/plain; charset=utf-8")
OFFICE = {
    "word/": Kind(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xl/": Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": Kind(
        "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
ODF = {
    b"application/vnd.oasis.opendocument.text": Kind(
        "odt", "application/vnd.oasis.opendocument.text"
    ),
    b"application/vnd.oasis.opendocument.spreadsheet": Kind(
        "ods", "application/vnd.oasis.opendocument.spreadsheet"
    ),
}
ALLOWED = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG or plain text"
SNIFF_BYTES = 8192


def kind_of(upload: UploadedFile) -> Kind:
    """What the file is, read from its first bytes; UploadRefused if it is not allowed."""
    if upload.size > settings.SOURCE_UPLOAD_MAX_BYTES:
        raise UploadRefused(
            f"The file is {filesizeformat(upload.size)}; the limit is "
            f"{filesizeformat(settings.SOURCE_UPLOAD_MAX_BYTES)}. Link to it instead."
        )
    if upload.size == 0:
        raise UploadRefused("The file is empty.")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    if _is_plain_text(head):
        return TEXT
    raise UploadRefused(f"This kind of file is not accepted. Upload a {ALLOWED} file.")


def _office_kind(upload: UploadedFile) -> Kind:
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = archive.namelist()
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise UploadRefused("The file looks like a damaged office document.") from error
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        for folder, kind in OFFICE.items():
            if any(name.startswith(folder) for name in names):
                return kind
    if mimetype in ODF:
        return ODF[mimetype]
    raise UploadRefused(f"This archive is not an office document. Upload a {ALLOWED} file.")


def _is_plain_text(head: bytes) -> bool:
    """UTF-8 without control characters, and not markup a browser would run."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sniffed block may end inside a multi-byte character.
        if error.start < len(head) - 3:
            return False
        text = head[: error.start].decode("utf-8")
    if any(ord(char) < 32 and char not in "\t\n\r\f" for char in text):
        return False
    return not text.lstrip("\ufeff \t\r\n").startswith("<")


def download_name(original: str, kind: Kind) -> str:
    """A safe file name for the download, with the extension of what the file really is."""
    stem = original.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    try:
        stem = get_valid_filename(stem)[:100]
    except SuspiciousFileOperation:
        stem = "source"
    return f"{stem}.{kind.extension}"
