import importlib
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from socialwork.accounts.models import User
from socialwork.areas import selectors as area_selectors
from socialwork.demo.context import SEEDERS, DemoContext


class Command(BaseCommand):
    help = "Build the demo province (fake people): refused under production settings."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="do nothing if already seeded")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size")

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo data is refused under production settings.")
        if User.objects.filter(username="demo.so").exists():
            if options["if_empty"]:
                self.stdout.write("The demo province is already there.")
                return
            raise CommandError("The demo province is already there (use a fresh database).")
        province = area_selectors.portal_province()
        if province is None:
            raise CommandError("Load the administrative units first: manage.py load_admin_units")
        ctx = DemoContext(
            province=province,
            communes=list(area_selectors.province_communes()),
            rng=random.Random(options["seed"]),  # noqa: S311 (demo data, not security)
            scale=options["scale"],
        )
        total = time.monotonic()
        with transaction.atomic():
            for dotted in SEEDERS:
                try:
                    module = importlib.import_module(dotted)
                except ModuleNotFoundError as exc:
                    if exc.name != dotted:
                        raise
                    continue  # that app has no demo data yet
                started = time.monotonic()
                module.seed(ctx)
                self.stdout.write(f"  {dotted}: {time.monotonic() - started:.1f} s")
            committing = time.monotonic()
        self.stdout.write(f"  commit: {time.monotonic() - committing:.1f} s")
        self.stdout.write(f"  total: {time.monotonic() - total:.1f} s")
        for line in ctx.log:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("The demo province is ready."))
