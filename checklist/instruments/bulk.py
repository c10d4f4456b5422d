"""Bulk import: several files, or the .txt and .pdf files of a .zip, saved all together or
not at all, with a line for each file saying what it became."""

import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from checklist.assessments.uploads import UploadRefused, checked_zip
from checklist.instruments.importing import (
    ImportRefused,
    check_savable,
    save_instrument,
    source_limits,
)
from checklist.instruments.lineage import Status
from checklist.instruments.models import Instrument, ParagraphLineage
from checklist.instruments.parser import ParsedInstrument, ParseError, parse_instrument
from checklist.instruments.sources import SourceError, read_source

SOURCE_SUFFIXES = (".txt", ".pdf")


@dataclass
class BulkFile:
    """One file of a bulk import: what the parser made of it, or why it cannot be saved."""

    name: str
    parsed: ParsedInstrument | None = None
    text: str = ""
    warnings: list[str] = field(default_factory=list)
    problem: str = ""
    instrument: Instrument | None = None
    lineage: dict[str, int] = field(default_factory=dict)

    @property
    def items(self) -> int:
        return sum(p.checkable for p in self.parsed.operative) if self.parsed else 0


def unpacked(uploads) -> list[tuple[str, bytes]]:
    """(name, content) of each uploaded file, a .zip standing for its .txt and .pdf files;
    UploadRefused when a zip is too large, damaged or a bomb, or when there are too many."""
    files = []
    for upload in uploads:
        if upload.name.lower().endswith(".zip"):
            files += _members(upload)
        else:
            files.append((upload.name, upload.read()))
    if len(files) > settings.INSTRUMENT_BULK_MAX_FILES:
        raise _too_many(len(files))
    return files


def _too_many(count: int) -> UploadRefused:
    return UploadRefused(
        _("That is %(count)s files; import at most %(limit)s at a time.")
        % {"count": count, "limit": settings.INSTRUMENT_BULK_MAX_FILES}
    )


def _members(upload) -> list[tuple[str, bytes]]:
    names, _mimetype = checked_zip(
        upload, size=upload.size, damaged=_("%(name)s is a damaged zip.") % {"name": upload.name}
    )
    wanted = sorted(
        name
        for name in names
        if name.lower().endswith(SOURCE_SUFFIXES) and not name.startswith("__MACOSX/")
    )
    if len(wanted) > settings.INSTRUMENT_BULK_MAX_FILES:
        raise _too_many(len(wanted))
    # The check inflated every member within the limits; reading them again is safe, and
    # a member larger than a single upload may be is left in the archive.
    with zipfile.ZipFile(upload) as archive:
        return [(f"{upload.name}: {PurePosixPath(n).name}", _member(archive, n)) for n in wanted]


def _member(archive: zipfile.ZipFile, name: str) -> bytes:
    if archive.getinfo(name).file_size > settings.INSTRUMENT_UPLOAD_MAX_BYTES:
        return b""
    return archive.read(name)


def parsed_files(files: list[tuple[str, bytes]], language: str | None = None) -> list[BulkFile]:
    """Each file read and parsed (in ``language``, or the language each one's text shows
    when None), with what would stop it being saved."""
    results = [_parse(name, content, language) for name, content in files]
    seen = {}
    for result in results:
        if result.problem:
            continue
        problems = check_savable(result.parsed)
        if problems:
            result.problem = " ".join(problems)
            continue
        # The same symbol in two languages is one text and its language version.
        symbol = (result.parsed.symbol.strip().casefold(), result.parsed.language)
        if symbol in seen:
            result.problem = _("%(symbol)s is also in %(other)s: import it once.") % {
                "symbol": result.parsed.symbol,
                "other": seen[symbol],
            }
        seen.setdefault(symbol, result.name)
    return results


def _parse(name: str, content: bytes, language: str | None) -> BulkFile:
    if not name.lower().endswith(SOURCE_SUFFIXES):
        return BulkFile(name=name, problem=_("Only .txt, .pdf and .zip files can be imported."))
    if not content or len(content) > settings.INSTRUMENT_UPLOAD_MAX_BYTES:
        return BulkFile(
            name=name,
            problem=_("The file is empty or larger than %(size)s, the limit for one file.")
            % {"size": filesizeformat(settings.INSTRUMENT_UPLOAD_MAX_BYTES)},
        )
    try:
        source = read_source(content, filename=name, limits=source_limits())
        parsed = parse_instrument(source.text, language)
    except (SourceError, ParseError) as error:
        return BulkFile(name=name, problem=str(error))
    return BulkFile(
        name=name,
        parsed=parsed,
        text=source.text,
        warnings=source.warnings + parsed.warnings,
    )


@transaction.atomic
def save_all(files: list[BulkFile], *, user) -> None:
    """Save every file, oldest first (so each newer text finds its previous version), or
    none: ImportRefused when one cannot be saved after all (a symbol taken meanwhile)."""
    for result in sorted(files, key=lambda f: f.parsed.year or 0):
        try:
            result.instrument = save_instrument(
                result.parsed, source_text=result.text, created_by=user
            )
        except ImportRefused as error:
            # Translators: a file's name, then why it cannot be saved.
            problem = _("%(name)s: %(problem)s") % {"name": result.name, "problem": error}
            raise ImportRefused(problem) from None
        result.lineage = lineage_counts(result.instrument)


def lineage_counts(instrument: Instrument) -> dict[str, int]:
    """How many paragraphs are unchanged, changed and new since the previous version."""
    if instrument.previous_version_id is None:
        return {}
    statuses = ParagraphLineage.objects.filter(paragraph__instrument=instrument)
    return {status: statuses.filter(status=status).count() for status in Status.values}
