"""python manage.py backup [--output FOLDER] [--keep N]: the database and the media, with a manifest."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from committee.backup import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Backs up the database (pg_dump or SQLite's online backup) and the stored files (MEDIA_ROOT or the bucket), "
        "with a manifest of row counts and hashes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="an empty folder to write to (default: VAR_DIR/backups/<time>)")
        parser.add_argument(
            "--keep", type=int, default=0, help="then keep only the newest N backups in VAR_DIR/backups"
        )

    def handle(self, *args, output=None, keep=0, **options):
        try:
            result = backup_create(folder=Path(output) if output else None)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backup written to {result.folder}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['media'])} media files."
        )
        if keep:
            for path in backups_prune(root=Path(settings.VAR_DIR) / "backups", keep=keep):
                self.stdout.write(f"Removed the old backup {path}")
