"""Write an encrypted backup of the database and the media folder.

python manage.py backup                 # into BACKUP_DIR, keeping BACKUP_KEEP copies
python manage.py backup --list
python manage.py backup --generate-key  # a new BACKUP_ENCRYPTION_KEY
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from socialwork.operations import backups, crypto


class Command(BaseCommand):
    help = "Write an encrypted backup of the database and the media folder (MEDIA_ROOT)."

    def add_arguments(self, parser):
        parser.add_argument("--destination", type=Path, help="folder (default BACKUP_DIR)")
        parser.add_argument("--keep", type=int, help="copies to keep (default BACKUP_KEEP)")
        parser.add_argument("--list", action="store_true", help="list the backups and stop")
        parser.add_argument(
            "--generate-key", action="store_true", help="print a new encryption key and stop"
        )

    def handle(self, *args, destination=None, keep=None, list=False, generate_key=False, **kw):
        if generate_key:
            self.stdout.write(crypto.generate_key())
            return
        if list:
            for info in backups.backup_list(destination=destination):
                self.stdout.write(
                    f"{info.path}  {info.created_at:%d/%m/%Y %H:%M}  {info.bytes:,} bytes  "
                    f"{info.media_files} media files  pg_dump {info.pg_dump}"
                )
            return
        try:
            path = backups.backup_create(destination=destination, keep=keep)
        except (ImproperlyConfigured, backups.BackupError, crypto.BackupKeyError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
