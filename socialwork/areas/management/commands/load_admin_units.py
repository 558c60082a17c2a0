import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from socialwork.areas.models import CodeSet, Level
from socialwork.areas.services import AdminUnitSourceError, admin_units_load


class Command(BaseCommand):
    help = _(
        "Nạp các đơn vị hành chính (34 tỉnh và 3.321 xã từ 01/07/2025, 63 tỉnh, 696 huyện "
        "và 10.051 xã trước đó, cùng bảng kế thừa cũ → mới) từ gói vietnam-provinces. "
        "Chạy lại không thay đổi gì."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            summary = admin_units_load()
        except AdminUnitSourceError as exc:
            raise CommandError(
                _("Không nạp được đơn vị hành chính, bảng giữ nguyên: %(error)s") % {"error": exc}
            ) from exc
        labels = {
            (CodeSet.CURRENT, Level.PROVINCE): _("Tỉnh (2025)"),
            (CodeSet.CURRENT, Level.COMMUNE): _("Xã (2025)"),
            (CodeSet.LEGACY, Level.PROVINCE): _("Tỉnh (trước 2025)"),
            (CodeSet.LEGACY, Level.DISTRICT): _("Huyện (trước 2025)"),
            (CodeSet.LEGACY, Level.COMMUNE): _("Xã (trước 2025)"),
        }
        line = _("%(label)s: %(created)d mới, %(updated)d cập nhật, %(unchanged)d không đổi")
        for key, label in labels.items():
            stats = summary.units[key]
            self.stdout.write(line % {"label": label, **vars(stats)})
        self.stdout.write(
            line % {"label": _("Kế thừa cũ → mới"), **vars(summary.successions)}
            + (
                _(", %(n)d xoá") % {"n": summary.successions_deleted}
                if summary.successions_deleted
                else ""
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Xong trong %(seconds).1f giây.") % {"seconds": time.monotonic() - started}
            )
        )
