import importlib
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from socialwork.areas import selectors as area_selectors
from socialwork.demo.generate import GENERATORS, GeneratorContext


class Command(BaseCommand):
    help = "Generate a province of N people (and their cases, services…) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Generated data is refused under production settings.")
        if options["people"] < 1:
            raise CommandError("--people must be at least 1.")
        province = area_selectors.portal_province()
        if province is None:
            raise CommandError("Load the administrative units first: manage.py load_admin_units")
        ctx = GeneratorContext(
            people=options["people"],
            seed=options["seed"],
            commune_ids=list(area_selectors.province_communes().values_list("id", flat=True)),
            province_id=province.pk,
        )
        total = time.monotonic()
        with transaction.atomic():
            for dotted in GENERATORS:
                try:
                    module = importlib.import_module(dotted)
                except ModuleNotFoundError as exc:
                    if exc.name != dotted:
                        raise
                    continue
                started = time.monotonic()
                module.generate(ctx)
                self.stdout.write(f"  {dotted}: {time.monotonic() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {ctx.people:,} people in {time.monotonic() - total:.1f} s."
            )
        )
