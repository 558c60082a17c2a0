"""Key rotation: put the new key first in ATTACHMENT_KEYS, run this, then drop
the old key. --generate-key prints a fresh key to add."""

from django.core.management.base import BaseCommand

from socialwork.attachments import sealing, services


class Command(BaseCommand):
    help = "Seal every attachment with the first key of ATTACHMENT_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--generate-key", action="store_true", help="print a new key")

    def handle(self, *args, generate_key=False, **options):
        if generate_key:
            self.stdout.write(sealing.generate_key())
            return
        done = services.reseal_all()
        self.stdout.write(f"{done} attachment(s) sealed with key {sealing.current_key_id()!r}")
