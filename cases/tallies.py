"""Per-commune counts of the register and the open cases (models.CommuneTally),
read in one grouped query over a few rows per commune.

The triggers of cases migration 0018 add a change row with every statement
that adds, merges, moves, closes, reopens or deletes people or cases. Bulk
loads that skip triggers (the demo, the generator: socialwork.demo.bulk)
rebuild the counts after (`tallies_rebuild`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Sum

from .models import CommuneTally

# One statement, so one snapshot: a change committed while it runs is either
# folded in or left for the next time, never lost or counted twice.
COMPACT = """
WITH folded AS (DELETE FROM cases_communetally RETURNING commune_id, people, open_cases)
INSERT INTO cases_communetally (commune_id, people, open_cases)
SELECT commune_id, sum(people), sum(open_cases) FROM folded GROUP BY commune_id
HAVING sum(people) <> 0 OR sum(open_cases) <> 0
"""
REBUILD = """
WITH gone AS (DELETE FROM cases_communetally)
INSERT INTO cases_communetally (commune_id, people, open_cases)
SELECT commune_id, sum(people), sum(open_cases) FROM (
    SELECT commune_id, count(*) AS people, 0 AS open_cases
      FROM cases_beneficiary WHERE merged_into_id IS NULL GROUP BY commune_id
    UNION ALL
    SELECT commune_id, 0, count(*) FROM cases_case WHERE status <> 'closed' GROUP BY commune_id
) AS counted GROUP BY commune_id
"""


@dataclass(frozen=True)
class Tally:
    people: int = 0
    open_cases: int = 0


def commune_tallies(commune_ids) -> dict[int, Tally]:
    """The counts of these communes (a queryset of ids or a list), one query."""
    rows = (
        CommuneTally.objects.filter(commune_id__in=commune_ids)
        .values("commune_id")
        .annotate(people=Sum("people"), open_cases=Sum("open_cases"))
        .order_by()
    )
    return {r["commune_id"]: Tally(r["people"], r["open_cases"]) for r in rows}


def tallies_compact() -> int:
    """Fold the change rows into one per commune. Returns the rows left."""
    with connection.cursor() as cursor:
        cursor.execute(COMPACT)
        return cursor.rowcount


def tallies_rebuild() -> int:
    """Count everything again, set-based (after a load that skipped triggers)."""
    with connection.cursor() as cursor:
        cursor.execute(REBUILD)
        return cursor.rowcount
