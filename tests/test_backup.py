"""`manage.py backup` and `restore`: one archive with the database, every media file and
their SHA-256; a round trip gives back every row and every file, and the approved report
still proves its fingerprint. Runs on the suite's database (SQLite, or PostgreSQL in CI)."""

import hashlib
import io
import json
import tarfile
from io import StringIO

import pytest
from django.apps import apps
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from checklist.assessments import services, workflow
from checklist.assessments.models import ApprovedReport, Assessment, Response, Source
from checklist.ops.backup import media_names
from checklist.reports import pdf
from tests.factories import item_numbered, set_finding
from tests.pdfs import text_pdf


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def populated(transactional_db, team, media):
    """Findings with history, an uploaded source, a comment and an approved assessment."""
    set_finding(team, "16", "not_compliant", "Two returns at the border in 2025.")
    item = set_finding(team, "16", "partially_compliant", "One return at the border.")
    set_finding(team, "15", "compliant", "Refugee Act 2021, section 12.")
    services.add_source(
        response=item.response,
        user=team.editor,
        source=services.NewSource(
            title="Refugee Act",
            url="https://example.org/act",
            upload=SimpleUploadedFile("act.pdf", text_pdf([["Refugee Act 2021"]])),
        ),
    )
    workflow.add_comment(item=item, user=team.reviewer, text="Which section of the law?")
    Assessment.objects.filter(pk=team.assessment.pk).update(
        review_state="approved", approved_by=team.reviewer, approved_at=timezone.now()
    )
    team.assessment.refresh_from_db()
    return team


def every_row() -> dict[str, list[dict]]:
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models()
    }


def every_file() -> dict[str, str]:
    return {
        name: hashlib.sha256(default_storage.open(name).read()).hexdigest()
        for name in media_names()
    }


def wipe() -> None:
    """A new server: a migrated, empty database and an empty media storage."""
    call_command("flush", interactive=False, verbosity=0)
    for name in media_names():
        default_storage.delete(name)
    assert Assessment.objects.count() == 0
    assert media_names() == []


def backup(path) -> str:
    out = StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore(path, *args) -> str:
    out = StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def test_round_trip_gives_back_every_row_and_file_and_a_verifiable_report(populated, tmp_path):
    report = pdf.approved_report(populated.assessment)
    rows, files = every_row(), every_file()
    assert len(files) == 2  # the uploaded source and the approved report
    archive = tmp_path / "backup.tar.gz"
    assert "and 2 media files" in backup(archive)

    wipe()
    assert "Restored the" in restore(archive)

    assert every_row() == rows
    assert every_file() == files
    stored = ApprovedReport.objects.get()
    fingerprint = pdf.fingerprint(stored)
    assert fingerprint.matches
    assert fingerprint.file_sha256 == stored.sha256 == report.sha256
    viewer = Client()
    viewer.force_login(populated.viewer)
    source = Source.objects.get()
    downloaded = viewer.get(f"/assessments/{populated.assessment.pk}/sources/{source.pk}/")
    assert b"".join(downloaded.streaming_content) == default_storage.open(source.file.name).read()


def test_the_manifest_lists_the_database_and_every_file_with_its_sha256(populated, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    with tarfile.open(archive, "r:gz") as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
        contents = {
            member.name: opened.extractfile(member).read()
            for member in opened.getmembers()
            if member.name != "manifest.json"
        }
    from django.db import connection

    assert manifest["database"]["vendor"] == connection.vendor
    listed = [manifest["database"], *manifest["media"]]
    assert {entry["file"] for entry in listed} == set(contents)
    for entry in listed:
        assert hashlib.sha256(contents[entry["file"]]).hexdigest() == entry["sha256"]
    assert [entry["name"] for entry in manifest["media"]] == [Source.objects.get().file.name]


def test_restore_refuses_a_database_in_use_unless_forced(populated, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    item = item_numbered(populated.assessment, "A/RES/52/132", "16")
    Response.objects.filter(pk=item.response.pk).update(evidence="Written after the backup.")

    with pytest.raises(CommandError, match="--force"):
        restore(archive)
    item.response.refresh_from_db()
    assert item.response.evidence == "Written after the backup."

    restore(archive, "--force")
    item.response.refresh_from_db()
    assert item.response.evidence == "One return at the border."


def test_a_damaged_archive_is_refused_before_anything_is_replaced(populated, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name.startswith("media/"):
                data = data.replace(b"Refugee Act 2021", b"Refugee Act 1999")
            copy.addfile(member, io.BytesIO(data))
    wipe()

    with pytest.raises(CommandError, match="does not match its SHA-256"):
        restore(damaged)
    assert Assessment.objects.count() == 0
    assert media_names() == []


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    other = tmp_path / "photos.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        archive.addfile(tarfile.TarInfo("holiday.jpg"), io.BytesIO(b""))
    with pytest.raises(CommandError, match="no manifest"):
        restore(other)
    with pytest.raises(CommandError, match="There is no backup file"):
        restore(tmp_path / "missing.tar.gz")


def test_backup_into_a_folder_keeps_the_newest(transactional_db, media, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    for old in ("checklist-20250101-000000.tar.gz", "checklist-20250102-000000.tar.gz"):
        (folder / old).write_bytes(b"old")
    call_command("backup", str(folder), "--keep", "2", stdout=StringIO())
    kept = sorted(path.name for path in folder.iterdir())
    assert len(kept) == 2
    assert kept[0] == "checklist-20250102-000000.tar.gz"
    assert kept[1].startswith("checklist-2") and kept[1] > kept[0]
