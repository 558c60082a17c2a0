import importlib
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from cases.tallies import tallies_rebuild
from socialwork.areas import selectors as area_selectors
from socialwork.demo.bulk import indexes_built_after, row_triggers_skipped
from socialwork.demo.generate import GENERATORS, GeneratorContext

# The tables that receive millions of rows at full size: their plain indexes
# are dropped while generating and built again after.
BULK_TABLES = [
    "cases_household",
    "cases_beneficiary",
    "cases_beneficiarycategory",
    "cases_case",
    "cases_casetransition",
    "cases_servicedelivery",
    "cases_referral",
    "cases_referraltransition",
    "allowances_allowanceentitlement",
]


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
        with transaction.atomic(), row_triggers_skipped(), indexes_built_after(BULK_TABLES):
            for dotted in GENERATORS:
                try:
                    module = importlib.import_module(dotted)
                except ModuleNotFoundError as exc:
                    if exc.name != dotted:
                        raise
                    continue
                rows = _inserted()
                started = time.monotonic()
                module.generate(ctx)
                elapsed = time.monotonic() - started
                self.stdout.write(f"  {dotted}: {elapsed:.1f} s, {_added(rows, _inserted())}")
        # The generators' inserts skipped the triggers that keep these counts.
        tallies_rebuild()
        started = time.monotonic()
        with connection.cursor() as cursor:
            # VACUUM also sets the visibility map, so index-only scans work at
            # once, as they would after autovacuum; not possible inside a
            # transaction (a test), where statistics are enough.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(f"  statistics: {time.monotonic() - started:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {ctx.people:,} people in {time.monotonic() - total:.1f} s."
            )
        )


def _inserted() -> dict[str, int]:
    """Rows inserted so far in this transaction, per table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins FROM pg_stat_xact_user_tables WHERE n_tup_ins > 0"
        )
        return dict(cursor.fetchall())


def _added(before: dict[str, int], after: dict[str, int]) -> str:
    added = {t: n - before.get(t, 0) for t, n in after.items() if n > before.get(t, 0)}
    tables = ", ".join(f"{t} {n:,}" for t, n in sorted(added.items(), key=lambda i: -i[1]))
    return f"{sum(added.values()):,} rows" + (f" ({tables})" if tables else "")
