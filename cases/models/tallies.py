"""Per-commune counts kept by the database: the people on the register (not
merged) and the open cases, for pages that show every commune at once (the
collaborator coverage) at a cost that follows the communes, not the province.

Each row is a change (+n / −n) that statement-level triggers add with the
statement that made it (cases/tallies.py); a commune's count is the sum of
its rows. Adding rows, never updating one, keeps writers in the same commune
from waiting on each other; the beat job `cases-tallies-compact` folds the
rows into one per commune."""

from __future__ import annotations

from django.db import models

__all__ = ["CommuneTally"]


class CommuneTally(models.Model):
    commune = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.CASCADE, related_name="+"
    )
    people = models.IntegerField(default=0)
    open_cases = models.IntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.people:+} people, {self.open_cases:+} open cases"
