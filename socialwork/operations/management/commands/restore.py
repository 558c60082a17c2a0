"""Restore a backup written by `backup` into a new, empty database.

    python manage.py restore BACKUP_FOLDER --database-url postgres://…/socialwork_restored --create
    python manage.py restore BACKUP_FOLDER --media-root /srv/portal/media

Without --database-url the configured database (DATABASE_URL) is the target;
it must be empty. See README, "Backups and restore".
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from socialwork.operations import backups, crypto


class Command(BaseCommand):
    help = "Restore an encrypted backup into an empty database, and its media files."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="the backup's folder")
        parser.add_argument("--database-url", help="target database (default DATABASE_URL)")
        parser.add_argument(
            "--create", action="store_true", help="create the target database if missing"
        )
        parser.add_argument("--media-root", type=Path, help="default MEDIA_ROOT")
        parser.add_argument("--no-database", action="store_true")
        parser.add_argument("--no-media", action="store_true")

    def handle(self, *args, backup, database_url=None, create=False, media_root=None, **options):
        db = backups.database_from_url(database_url) if database_url else connection.settings_dict
        try:
            if not options["no_database"]:
                backups.restore_database(backup, db=db, create=create)
                self.stdout.write(self.style.SUCCESS(f"Database restored into {db['NAME']}."))
            if not options["no_media"]:
                root = media_root or Path(settings.MEDIA_ROOT)
                count = backups.restore_media(backup, media_root=root)
                self.stdout.write(self.style.SUCCESS(f"{count} media files restored into {root}."))
        except (
            ImproperlyConfigured,
            backups.BackupError,
            crypto.BackupKeyError,
            crypto.DecryptionError,
        ) as exc:
            raise CommandError(str(exc)) from exc
