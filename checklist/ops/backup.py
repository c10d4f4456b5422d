"""One archive (tar.gz) holding the database, every media file and a manifest with the
SHA-256 of each; and the way back.

The database is dumped by pg_dump for PostgreSQL and copied with SQLite's online backup API
for SQLite, so either may be saved while the app serves. Media files are read and written
through Django's storage API, so a bucket is saved like a folder.
"""

import hashlib
import io
import json
import os
import posixpath
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from glob import glob
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connection

from checklist.assessments.models import Assessment
from checklist.instruments.models import Instrument

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_FILES = {"sqlite": "database/sqlite3.db", "postgresql": "database/postgresql.dump"}


class BackupError(Exception):
    """Said to the administrator as it is: what is wrong and what to do."""


@dataclass(frozen=True)
class Summary:
    vendor: str
    media_files: int
    total_bytes: int


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Writing


def write_backup(path: Path, storage: Storage = default_storage) -> Summary:
    """Write the archive to ``path`` (through a temporary name, so a failed run leaves none)."""
    partial = path.with_name(path.name + ".partial")
    manifest = {"format": FORMAT, "created_at": datetime.now(tz=UTC).isoformat()}
    with tempfile.TemporaryDirectory() as work, tarfile.open(partial, "w:gz") as archive:
        database = _dump_database(Path(work))
        manifest["database"] = _add(archive, DATABASE_FILES[connection.vendor], database)
        manifest["database"]["vendor"] = connection.vendor
        manifest["media"] = [
            {"name": name, **_add(archive, f"media/{name}", _read(storage, name))}
            for name in media_names(storage)
        ]
        _add(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
    partial.replace(path)
    return Summary(
        vendor=connection.vendor,
        media_files=len(manifest["media"]),
        total_bytes=path.stat().st_size,
    )


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> dict:
    member = tarfile.TarInfo(name)
    member.size = len(data)
    member.mtime = int(datetime.now(tz=UTC).timestamp())
    member.mode = 0o600
    archive.addfile(member, io.BytesIO(data))
    return {"file": name, "sha256": sha256(data), "size": len(data)}


def _read(storage: Storage, name: str) -> bytes:
    with storage.open(name, "rb") as stored:
        return stored.read()


def media_names(storage: Storage = default_storage) -> list[str]:
    """Every file in the storage, by the names the database refers to them."""
    names, pending = [], [""]
    while pending:
        folder = pending.pop()
        try:
            folders, files = storage.listdir(folder)
        except FileNotFoundError:  # a media folder nothing was ever uploaded to
            continue
        names += [posixpath.join(folder, name) for name in files]
        pending += [posixpath.join(folder, name) for name in folders]
    return sorted(names)


def _dump_database(work: Path) -> bytes:
    if connection.in_atomic_block:
        # Another connection could not see the open transaction's rows, and SQLite's backup
        # would wait for it forever.
        raise BackupError("Run the backup outside a database transaction.")
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = work / "copy.sqlite3"
        target = sqlite3.connect(copy)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return copy.read_bytes()
    if connection.vendor == "postgresql":
        return _run_pg(["pg_dump", "--format=custom", "--no-owner", "--no-privileges"])
    raise BackupError(f"Backups know SQLite and PostgreSQL, not {connection.vendor}.")


# Reading back


def read_manifest(archive: tarfile.TarFile) -> dict:
    """The manifest, after checking that the archive holds exactly the files it lists,
    each with its SHA-256; BackupError otherwise."""
    try:
        manifest = json.loads(_member(archive, MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError(
            "This is not a backup made by `manage.py backup`: no manifest."
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    listed = [manifest["database"], *manifest["media"]]
    present = {member.name for member in archive.getmembers()} - {MANIFEST}
    if present != {entry["file"] for entry in listed}:
        raise BackupError("The archive's files differ from its manifest: it is damaged.")
    for entry in listed:
        if sha256(_member(archive, entry["file"])) != entry["sha256"]:
            raise BackupError(
                f"{entry['file']} does not match its SHA-256: the archive is damaged."
            )
    return manifest


def _member(archive: tarfile.TarFile, name: str) -> bytes:
    extracted = archive.extractfile(name)
    if extracted is None:
        raise BackupError(f"{name} in the archive is not a file.")
    return extracted.read()


def database_has_data() -> bool:
    """Whether anyone has used this database: accounts, instruments or assessments.
    A database that was only migrated (or not even that) counts as empty."""
    tables = set(connection.introspection.table_names())
    models = [get_user_model(), Instrument, Assessment]
    return any(m._meta.db_table in tables and m.objects.exists() for m in models)


def restore_backup(path: Path, *, force: bool, storage: Storage = default_storage) -> Summary:
    """Check the whole archive first, then replace the database, then write the media."""
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"The backup holds a {vendor} database; this server uses {connection.vendor}."
            )
        if not force and database_has_data():
            raise BackupError(
                "The database already holds accounts, instruments or assessments. "
                "Restore into an empty database, or pass --force to replace everything."
            )
        _restore_database(_member(archive, manifest["database"]["file"]))
        for entry in manifest["media"]:
            _write_media(storage, entry["name"], _member(archive, entry["file"]))
    return Summary(
        vendor=vendor,
        media_files=len(manifest["media"]),
        total_bytes=sum(entry["size"] for entry in [manifest["database"], *manifest["media"]]),
    )


def _restore_database(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "database"
        dump.write_bytes(data)
        if connection.vendor == "sqlite":
            # The backup API copies page by page into the live database, under its lock:
            # safe with WAL, and it works for in-memory databases too.
            connection.ensure_connection()
            source = sqlite3.connect(dump)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
            return
        connection.close()
        _run_pg(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ]
        )


def _write_media(storage: Storage, name: str, data: bytes) -> None:
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(data))
    if saved != name:
        raise BackupError(f"The storage saved {name} as {saved}; the database refers to {name}.")


# PostgreSQL client tools


def pg_tool(name: str) -> str:
    """The newest installed version of a PostgreSQL client tool: pg_dump must be at least
    as new as the server."""
    versioned = sorted(
        glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda found: [int(part) for part in re.findall(r"\d+", found)],
    )
    found = versioned[-1] if versioned else shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return found


def _run_pg(command: list[str]) -> bytes:
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGDATABASE": settings["NAME"],
    }
    if sslmode := settings.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    finished = subprocess.run(
        [pg_tool(command[0]), *command[1:]], env=env, capture_output=True, check=False
    )
    if finished.returncode != 0:
        raise BackupError(f"{command[0]} failed: {finished.stderr.decode(errors='replace')}")
    return finished.stdout
