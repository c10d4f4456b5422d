"""Which uploaded source files are accepted: decided by their content, never by their name.

A file renamed from .html or .svg to .pdf is still HTML and is refused; what is accepted gets
the extension and content type of what it really is.
"""

import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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
# Translators: the help text under the file field of a source: the kinds of file accepted.
ALLOWED = gettext_lazy("PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG or plain text.")
SNIFF_BYTES = 8192
ZIP_START = b"PK\x03\x04"
INFLATE_CHUNK = 64 * 1024
LOCAL_HEADER_SIZE = 30
MIMETYPE_MAX = 100
# Office files hold other office files only as embedded objects, one level down.
EMBEDDED_FOLDER = "/embeddings/"


def kind_of(upload: UploadedFile) -> Kind:
    """What the file is, read from its first bytes; UploadRefused if it is not allowed."""
    if upload.size > settings.SOURCE_UPLOAD_MAX_BYTES:
        raise UploadRefused(
            _("The file is %(size)s; the limit is %(limit)s. Link to it instead.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.SOURCE_UPLOAD_MAX_BYTES),
            }
        )
    if upload.size == 0:
        raise UploadRefused(_("The file is empty."))
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(ZIP_START):
        return _office_kind(upload)
    if _is_plain_text(head):
        return TEXT
    raise UploadRefused(
        _(
            "This kind of file is not accepted. Upload a PDF, Word, Excel, PowerPoint, "
            "OpenDocument, PNG, JPEG or plain text file."
        )
    )


def _office_kind(upload: UploadedFile) -> Kind:
    names, mimetype = checked_zip(
        upload, size=upload.size, damaged=_("The file looks like a damaged office document.")
    )
    if "[Content_Types].xml" in names:
        for folder, kind in OFFICE.items():
            if any(name.startswith(folder) for name in names):
                return kind
    if mimetype in ODF:
        return ODF[mimetype]
    raise UploadRefused(
        _(
            "This archive is not an office document. Upload a PDF, Word, Excel, PowerPoint, "
            "OpenDocument, PNG, JPEG or plain text file."
        )
    )


def checked_zip(stream, *, size: int, damaged: str) -> tuple[list[str], bytes]:
    """The member names and `mimetype` of a zip archive that stays within the limits
    (_inspect_archive); UploadRefused, saying ``damaged`` when it cannot be read. Also
    the check of the zips that the instruments' bulk import takes."""
    try:
        budget = _Budget(settings.SOURCE_ZIP_MAX_UNCOMPRESSED_BYTES)
        return _inspect_archive(stream, size=size, budget=budget, nested=False)
    except UploadRefused:
        raise
    # zipfile meets a mangled directory with any of these, not always BadZipFile.
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        IndexError,
        NotImplementedError,
    ) as error:
        raise UploadRefused(damaged) from error
    finally:
        stream.seek(0)


@dataclass
class _Budget:
    """What may still be inflated, across the archive and the documents it embeds."""

    left: int

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise UploadRefused(_too_big())


def _too_big() -> str:
    return _("The file unpacks to more than %(limit)s, the limit.") % {
        "limit": filesizeformat(settings.SOURCE_ZIP_MAX_UNCOMPRESSED_BYTES)
    }


def _inspect_archive(
    stream, *, size: int, budget: _Budget, nested: bool
) -> tuple[list[str], bytes]:
    """The member names and the `mimetype` member's first bytes, once the archive is known
    to stay within the limits.

    1. The sizes the archive declares, read from its directory without inflating anything:
       too many members, too much in all, or too much for the size of the file is refused.
    2. Every member is inflated in small chunks and thrown away, counting: one that gives
       more than it declared (a lying header) is refused at once, so no more than the
       declared total is ever inflated, and never more than a chunk is held in memory;
       one that gives less, or fails its checksum, is damaged.
    3. A member that is itself a zip is allowed only where office files embed documents,
       one level down, and is checked the same way.
    """
    with zipfile.ZipFile(stream) as archive:
        members = [member for member in archive.infolist() if not member.is_dir()]
        _check_declared(members, size, budget)
        mimetype = b""
        for member in members:
            head = _inflate(stream, member, budget=budget, nested=nested)
            if member.filename == "mimetype":
                mimetype = head[:MIMETYPE_MAX].strip()
    return [member.filename for member in members], mimetype


def _check_declared(members: list[zipfile.ZipInfo], size: int, budget: _Budget) -> None:
    if len(members) > settings.SOURCE_ZIP_MAX_MEMBERS:
        raise UploadRefused(
            _("The archive holds more than %(limit)s files.")
            % {"limit": f"{settings.SOURCE_ZIP_MAX_MEMBERS:,}"}
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise UploadRefused(_("The file is password-protected. Upload it without a password."))
    total = sum(member.file_size for member in members)
    if total > budget.left:
        raise UploadRefused(_too_big())
    if total > settings.SOURCE_ZIP_MAX_RATIO * max(size, 1):
        raise UploadRefused(
            _("The file unpacks to %(ratio)s times its size; office documents never do that.")
            % {"ratio": f"{total // max(size, 1):,}"}
        )


def _inflate(stream, member: zipfile.ZipInfo, *, budget: _Budget, nested: bool) -> bytes:
    """Inflate one member chunk by chunk and throw it away; its first chunk.

    Read from the raw bytes, not through zipfile, which quietly stops at the declared size:
    a member holding more than it declares is a bomb for the next program that opens it.
    """
    inflated, crc, head, spool = 0, 0, b"", None
    for chunk in _member_chunks(stream, member):
        inflated += len(chunk)
        if inflated > member.file_size:
            raise UploadRefused(
                _("The file is damaged: a part of it unpacks to more than it declares.")
            )
        budget.spend(len(chunk))
        crc = zlib.crc32(chunk, crc)
        if not head and chunk:
            head = chunk
            spool = _nested_spool(member, head, nested=nested)
        if spool is not None:
            spool.write(chunk)
    if inflated != member.file_size or crc != member.CRC:
        raise zipfile.BadZipFile(f"{member.filename} does not match its header.")
    if spool is not None:
        with spool:
            _inspect_archive(spool, size=member.file_size, budget=budget, nested=True)
    return head


def _member_chunks(stream, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's content, a chunk of at most INFLATE_CHUNK bytes at a time."""
    if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise zipfile.BadZipFile(f"{member.filename}: compression office files do not use.")
    stream.seek(member.header_offset)
    header = stream.read(LOCAL_HEADER_SIZE)
    if len(header) < LOCAL_HEADER_SIZE or not header.startswith(ZIP_START):
        raise zipfile.BadZipFile(f"{member.filename}: no local header.")
    name_length, extra_length = struct.unpack("<2H", header[26:30])
    stream.seek(member.header_offset + LOCAL_HEADER_SIZE + name_length + extra_length)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    deflated = member.compress_type == zipfile.ZIP_DEFLATED
    left = member.compress_size
    while left > 0:
        raw = stream.read(min(left, INFLATE_CHUNK))
        if not raw:
            raise zipfile.BadZipFile(f"{member.filename} is cut short.")
        left -= len(raw)
        if not deflated:
            yield raw
        while deflated and raw:
            yield inflater.decompress(raw, INFLATE_CHUNK)
            raw = inflater.unconsumed_tail
    if deflated and not inflater.eof:
        raise zipfile.BadZipFile(f"{member.filename} is cut short.")


def _nested_spool(member: zipfile.ZipInfo, head: bytes, *, nested: bool):
    """Where to keep an embedded document for its own check; None if the member is no zip."""
    if not head.startswith(ZIP_START):
        return None
    if nested or EMBEDDED_FOLDER not in f"/{member.filename}":
        raise UploadRefused(_("The file holds archives inside it, which is not accepted."))
    return tempfile.SpooledTemporaryFile(max_size=1024 * 1024)


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
