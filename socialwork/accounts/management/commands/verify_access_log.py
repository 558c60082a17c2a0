"""Check the access log's hash chain; exit 1 naming the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from socialwork.accounts.selectors import access_log_verify


class Command(BaseCommand):
    help = "Verify the access log's hash chain and report the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--from-id", type=int, default=0, help="start at this row id")

    def handle(self, *args, from_id: int = 0, **options):
        report = access_log_verify(from_id=from_id)
        if not report.ok:
            raise CommandError(
                f"access log chain broken at row {report.broken_id} ({report.reason});"
                f" {report.checked} rows checked"
            )
        self.stdout.write(f"access log chain intact: {report.checked} rows")
