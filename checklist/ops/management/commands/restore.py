from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from checklist.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive made by `backup`: checks every file against the manifest, then "
        "replaces the database and writes the media files. Stop the app servers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds accounts, instruments or assessments.",
        )

    def handle(self, *args, path: Path, force: bool, **options) -> None:
        if not path.is_file():
            raise CommandError(f"There is no backup file {path}.")
        try:
            summary = restore_backup(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the {summary.vendor} database and {summary.media_files} media files "
            f"from {path}. Run `manage.py migrate` if this app is newer than the backup."
        )
