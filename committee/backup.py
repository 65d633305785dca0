"""Backup and restore of the whole installation: the database and the uploaded files (the default storage:
MEDIA_ROOT, or the S3-compatible bucket of a scaled-out deployment).

A backup is a folder:
- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite's online backup API,
  consistent while the site runs);
- `media/`, a copy of every file in the default storage, under its storage name;
- `manifest.json`: when and from what it was made, the row count of every table, and the SHA-256 of the
  database file and of every media file.

`restore` checks every hash against the manifest before it touches anything, replaces the database and the
media, then counts the rows again and refuses to call it done unless they match the manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup that cannot be made or trusted; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def media_hashes(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {path.relative_to(root).as_posix(): sha256_of(path) for path in sorted(root.rglob("*")) if path.is_file()}


def storage_names(folder: str = "") -> list[str]:
    """Every file in the default storage, by its storage name ("reports/topics/ab12.pdf"), sorted."""
    try:
        directories, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []  # MEDIA_ROOT not made yet: nothing was ever uploaded
    prefix = f"{folder}/" if folder else ""
    names = [prefix + name for name in files]
    for directory in directories:
        names += storage_names(prefix + directory)
    return sorted(names)


def storage_hashes() -> dict[str, str]:
    hashes = {}
    for name in storage_names():
        digest = hashlib.sha256()
        with default_storage.open(name, "rb") as handle:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
        hashes[name] = digest.hexdigest()
    return hashes


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_env() -> tuple[dict[str, str], list[str]]:
    """The environment and connection arguments for pg_dump / pg_restore, from the Django settings."""
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).")
    # The arguments come from the settings and the backup folder, never from a request.
    result = subprocess.run(  # noqa: S603
        [executable, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


@dataclass
class BackupResult:
    folder: Path
    manifest: dict


def backup_create(*, folder: Path | None = None) -> BackupResult:
    """Writes a backup of the database and the media into `folder` (a new one under VAR_DIR/backups by default)."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder = Path(folder or Path(settings.VAR_DIR) / "backups" / stamp)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty.")
    folder.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    if _is_postgres():
        database_file = folder / "database.dump"
        env, args = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database_file), *args], env)
    elif connection.vendor == "sqlite":
        database_file = folder / "database.sqlite3"
        target = sqlite3.connect(database_file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise BackupError(f"no backup method for the {connection.vendor} database")
    # Counted after the dump: rows written in between are in neither, or both when the site is quiet;
    # `restore` compares against what the dump holds, which it counts again after loading it.
    counts = table_counts()
    # Through the storage API, so that files in a bucket are backed up as files under MEDIA_ROOT are.
    (folder / "media").mkdir()
    for name in storage_names():
        target = folder / "media" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy)
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": connection.vendor, "file": database_file.name, "sha256": sha256_of(database_file)},
        "tables": counts,
        "media": media_hashes(folder / "media"),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True), "utf-8")
    return BackupResult(folder, manifest)


def backup_verify(folder: Path) -> dict:
    """The manifest, once every file in the backup matches its hash; BackupError otherwise."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable manifest in {folder}: {exc}") from exc
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    database = manifest["database"]
    database_file = folder / database["file"]
    if not database_file.is_file() or sha256_of(database_file) != database["sha256"]:
        raise BackupError(f"{database_file.name} is missing or does not match the manifest")
    if database["vendor"] != connection.vendor:
        raise BackupError(f"the backup is of a {database['vendor']} database, this one is {connection.vendor}")
    found = media_hashes(folder / "media")
    if found != manifest["media"]:
        changed = sorted(
            set(found) ^ set(manifest["media"]) | {k for k in found if found[k] != manifest["media"].get(k)}
        )
        raise BackupError(f"media files do not match the manifest: {', '.join(changed[:10])}")
    return manifest


def backup_restore(*, folder: Path) -> dict:
    """Replaces the database and the stored files with the backup in `folder`, after checking it; returns the
    manifest.

    The row counts after the restore must equal the manifest's, else BackupError."""
    folder = Path(folder)
    manifest = backup_verify(folder)
    database_file = folder / manifest["database"]["file"]
    if _is_postgres():
        connection.close()
        env, args = _pg_env()
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                *args,
                str(database_file),
            ],
            env,
        )
    else:
        connection.ensure_connection()
        source = sqlite3.connect(database_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    for name in storage_names():
        default_storage.delete(name)
    for name in manifest["media"]:
        with (folder / "media" / name).open("rb") as handle:
            stored = default_storage.save(name, File(handle))
        if stored != name:
            raise BackupError(f"{name} could not be restored under its own name (stored as {stored})")
    counts = table_counts()
    differing = {
        table: (manifest["tables"].get(table), counts.get(table))
        for table in set(counts) | set(manifest["tables"])
        if counts.get(table) != manifest["tables"].get(table)
    }
    if differing:
        raise BackupError(f"row counts differ from the manifest after restoring: {differing}")
    if storage_hashes() != manifest["media"]:
        raise BackupError("the restored media do not match the manifest")
    return manifest


def backups_prune(*, root: Path, keep: int) -> list[Path]:
    """Removes all but the newest `keep` backup folders under `root`; returns the removed ones."""
    folders = sorted((p for p in Path(root).iterdir() if (p / MANIFEST).exists()), key=lambda p: p.name)
    removed = folders[:-keep] if keep > 0 else []
    for path in removed:
        shutil.rmtree(path)
    return removed
