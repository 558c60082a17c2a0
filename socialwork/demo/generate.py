"""`generate_province`: a province of any size for the benchmarks.

Each domain that has generated data provides `generate(ctx)` in a module listed
in GENERATORS (in order). Generators are set-based (INSERT … SELECT over
generate_series, see bulk.py) and deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass

GENERATORS = [
    "socialwork.demo.generators.people",
    # Monthly-allowance decisions for a share of the people (by category and age).
    "socialwork.allowances.generator",
    # Residents are generated people; referrals go to these units.
    "facilities.generator",
    # Makes the logins casework assigns its cases to, and staff's training.
    "collaborators.generator",
    "cases.casework.generator",
    "cases.referrals.generator",
    "socialwork.indicators.generator",
]


@dataclass
class GeneratorContext:
    people: int
    seed: int
    commune_ids: list[int]
    province_id: int

    def scaled(self, per_million: int) -> int:
        """A count given per million people, at this size (at least 1)."""
        return max(1, per_million * self.people // 1_000_000)
