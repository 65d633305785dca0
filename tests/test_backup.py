"""backup and restore: back up, wipe, restore, and the row counts and file hashes are what the manifest says
(run on PostgreSQL with pg_dump/pg_restore and on SQLite with its online backup API, by the two test targets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from committee.backup import media_hashes, table_counts
from committee.models import Notification


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "reports" / "台账.pdf").write_bytes(b"%PDF-1.4 backed up")
    (settings.MEDIA_ROOT / "documents.pdf").write_bytes(b"%PDF-1.4 another")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_back_every_row_and_file(staffed, users, media, tmp_path):
    Notification.objects.create(committee=staffed, recipient=users["director"].person, subject="备份前的通知")
    before_counts, before_media = table_counts(), media_hashes(media)
    folder = tmp_path / "backup"
    call_command("backup", output=str(folder))
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["tables"] == before_counts
    assert manifest["media"] == before_media and "reports/台账.pdf" in manifest["media"]
    assert manifest["database"]["vendor"] == connection.vendor
    # Wipe: rows deleted, a file changed and one removed.
    Notification.objects.all().delete()
    (media / "reports" / "台账.pdf").write_bytes(b"changed")
    (media / "documents.pdf").unlink()
    (media / "stray.txt").write_text("not in the backup")
    assert table_counts() != before_counts
    call_command("restore", str(folder), yes=True)
    assert table_counts() == before_counts
    assert media_hashes(Path(media)) == before_media
    assert Notification.objects.filter(subject="备份前的通知").exists()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_that_does_not_match_its_manifest(staffed, media, tmp_path):
    folder = tmp_path / "backup"
    call_command("backup", output=str(folder))
    (folder / "media" / "documents.pdf").write_bytes(b"tampered")
    with pytest.raises(CommandError, match=r"documents\.pdf"):
        call_command("restore", str(folder), yes=True)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(folder))
    database_file = next(folder.glob("database.*"))
    database_file.write_bytes(database_file.read_bytes() + b"x")
    with pytest.raises(CommandError, match="does not match"):
        call_command("restore", str(folder), check=True)
