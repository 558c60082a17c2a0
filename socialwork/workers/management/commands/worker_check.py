"""`python manage.py worker_check [--timeout 10] [--queue celery]`: run a
trivial task on a worker end to end; exit 0 when one ran it, 1 when none did
within the timeout (for monitoring, a container health check, CI)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socialwork.workers.health import check_worker


class Command(BaseCommand):
    help = _("Gửi một tác vụ kiểm tra và chờ một tiến trình xử lý nền chạy nó.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, default=10.0, help=_("số giây chờ (mặc định 10)")
        )
        parser.add_argument("--queue", default=None, help=_("hàng đợi (mặc định: hàng đợi chung)"))

    def handle(self, *args, timeout: float, queue: str | None, **options):
        result = check_worker(timeout=timeout, queue=queue)
        if not result.ok:
            raise CommandError(result.message)
        self.stdout.write(self.style.SUCCESS(result.message))
