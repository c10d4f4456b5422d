from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from checklist.ops.backup import BackupError, write_backup

ARCHIVE_GLOB = "checklist-*.tar.gz"


class Command(BaseCommand):
    help = (
        "Write one archive (tar.gz) with the database, every media file and a manifest "
        "of their SHA-256. PATH is the archive, or a folder to put a dated one in."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="With a folder: keep only this many newest archives there (0 keeps all).",
        )

    def handle(self, *args, path: Path, keep: int, **options) -> None:
        folder = path if path.is_dir() else None
        if folder is not None:
            stamp = datetime.now(tz=UTC).strftime("%Y%m%d-%H%M%S")
            path = folder / f"checklist-{stamp}.tar.gz"
        elif not path.parent.is_dir():
            raise CommandError(f"There is no folder {path.parent} to write the backup in.")
        try:
            summary = write_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up the {summary.vendor} database and {summary.media_files} media files "
            f"to {path} ({filesizeformat(summary.total_bytes)})."
        )
        if folder is not None and keep > 0:
            for old in sorted(folder.glob(ARCHIVE_GLOB))[:-keep]:
                old.unlink()
                self.stdout.write(f"Removed the older backup {old}.")
