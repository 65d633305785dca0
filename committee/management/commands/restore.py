"""python manage.py restore FOLDER --yes: replaces the database and the media with a checked backup."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from committee.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = "Restores a backup made by `backup` after checking its manifest; replaces the database and the stored files."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--yes", action="store_true", help="really replace the current data")
        parser.add_argument("--check", action="store_true", help="only check the backup against its manifest")

    def handle(self, *args, folder, yes=False, check=False, **options):
        try:
            if check:
                manifest = backup_verify(Path(folder))
                self.stdout.write(f"The backup of {manifest['created_at']} matches its manifest.")
                return
            if not yes:
                raise CommandError("This replaces the database and the media files: add --yes to go ahead.")
            manifest = backup_restore(folder=Path(folder))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']}: {rows} rows and {len(manifest['media'])} media files, "
            "as the manifest says."
        )
