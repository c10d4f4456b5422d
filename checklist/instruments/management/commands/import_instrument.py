import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from checklist.instruments.bulk import lineage_counts
from checklist.instruments.importing import ImportRefused, save_instrument, source_limits
from checklist.instruments.languages import ENGLISH, LANGUAGES
from checklist.instruments.models import Instrument
from checklist.instruments.parser import ParsedInstrument, ParseError, parse_instrument
from checklist.instruments.sources import SourceError, read_source

SOURCE_SUFFIXES = {".txt", ".pdf"}


class Command(BaseCommand):
    help = (
        "Import UN instruments from .txt or .pdf files, or every such file of a folder (PATH "
        "or --dir), all or none. Older texts are saved first, so that a newer one is aligned "
        "with the previous version of its series. With --json, print the parse as JSON "
        "(one object for one file, a list for several); with --dry-run, save nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
        parser.add_argument(
            "--dir",
            type=Path,
            action="append",
            default=[],
            dest="dirs",
            metavar="DIR",
            help="Import every .txt and .pdf file of this folder.",
        )
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            help="The language of the texts (default: told from each text). The same symbol "
            "in another language is saved as a language version.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse only; save nothing.")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the parse as JSON."
        )

    def handle(
        self,
        *args,
        paths: list[Path],
        dirs: list[Path],
        dry_run: bool,
        as_json: bool,
        language: str | None,
        **options,
    ) -> None:
        files = _files(paths + dirs)
        if not files:
            raise CommandError("Give files or a folder holding .txt or .pdf files.")
        parsed = [(path, *self._parse(path, language)) for path in files]
        if as_json:
            dicts = [instrument.to_dict() for _, instrument, _ in parsed]
            self.stdout.write(_dumps(dicts[0] if len(dicts) == 1 else dicts))
        saved = {} if dry_run else self._save_all(parsed)
        if not as_json:
            for path, instrument, _ in parsed:
                self.stdout.write(_summary(path, instrument, saved=not dry_run))
                if path in saved and saved[path].previous_version_id:
                    self.stdout.write(f"  {_lineage(saved[path])}")

    def _parse(self, path: Path, language: str | None) -> tuple[ParsedInstrument, str]:
        try:
            source = read_source(path.read_bytes(), filename=path.name, limits=source_limits())
            instrument = parse_instrument(source.text, language)
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}).") from None
        except (SourceError, ParseError) as error:
            raise CommandError(f"{path}: {error}") from None
        for warning in source.warnings + instrument.warnings:
            self.stderr.write(f"{path}: warning: {warning}")
        return instrument, source.text

    @transaction.atomic
    def _save_all(self, parsed: list[tuple[Path, ParsedInstrument, str]]) -> dict:
        """All or nothing: one file that cannot be saved leaves the database untouched.
        Oldest first, so that each text finds the previous version of its series."""
        saved = {}
        for path, instrument, text in sorted(parsed, key=lambda row: row[1].year or 0):
            try:
                saved[path] = save_instrument(instrument, source_text=text)
            except ImportRefused as error:
                raise CommandError(f"{path}: {error} Nothing was saved.") from None
        return saved


def _files(paths: list[Path]) -> list[Path]:
    """The files named, and a folder's .txt and .pdf files in name order."""
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                child for child in path.iterdir() if child.suffix.lower() in SOURCE_SUFFIXES
            )
        else:
            files.append(path)
    return files


def _lineage(instrument: Instrument) -> str:
    counts = lineage_counts(instrument)
    return (
        f"newer version of {instrument.previous_version.symbol}: {counts['unchanged']} "
        f"paragraphs unchanged, {counts['changed']} changed, {counts['new']} new"
    )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _language_mark(instrument: ParsedInstrument) -> str:
    """ " [fr]" after the symbol of a text in another language than English."""
    return "" if instrument.language == ENGLISH else f" [{instrument.language}]"


def _summary(path: Path, instrument: ParsedInstrument, *, saved: bool) -> str:
    items = sum(p.checkable for p in instrument.operative)
    annexes = "".join(
        f"; its annex {annex.symbol}: {len(annex.operative)} operative paragraphs"
        for annex in instrument.annexes
    )
    return (
        f"{instrument.symbol}{_language_mark(instrument)}: {instrument.title} ({path.name}): "
        f"{len(instrument.preambular)} preambular and {len(instrument.operative)} operative "
        f"paragraphs, {items} checklist items, {len(instrument.footnotes)} footnotes{annexes}"
        f" - {'saved' if saved else 'dry run, nothing saved'}"
    )
