"""What every app's demo seeder receives.

`seed_demo` builds the demo province step by step: each app that has demo
data provides `<app>/demo.py` with `seed(ctx: DemoContext) -> None`, listed in
`SEEDERS` in order. A seeder is deterministic (it draws only from `ctx.rng`),
fast (bulk_create / COPY, never a save() per person) and may rely on what the
seeders before it made, through `ctx` (communes, users) or the database.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialwork.accounts.models import User
    from socialwork.areas.models import AdministrativeUnit

# Order matters: later seeders use what earlier ones made.
SEEDERS = [
    "socialwork.demo.users",
    "facilities.demo",
    "collaborators.demo",
    "cases.demo",
    "cases.casework.demo",
    "cases.referrals.demo",
    "cases.hotline.demo",
    "socialwork.allowances.demo",
    "socialwork.indicators.demo",
    # Papers on some of the records made above (people, cases, admissions, applications).
    "socialwork.attachments.demo",
]

DEMO_PASSWORD = "ctxh-demo-2025"  # noqa: S105 (demo logins, printed by scripts/run)


@dataclass
class DemoContext:
    province: AdministrativeUnit
    communes: list[AdministrativeUnit]
    rng: random.Random
    scale: float = 1.0  # 1.0 = the full demo province; tests use a fraction
    users: dict[str, User] = field(default_factory=dict)  # demo logins by username
    # The commune the demo commune logins work in, and a second one (for scoping demos).
    home_commune: AdministrativeUnit | None = None
    second_commune: AdministrativeUnit | None = None
    log: list[str] = field(default_factory=list)

    def say(self, message: str) -> None:
        self.log.append(message)

    def scaled(self, n: int) -> int:
        return max(1, round(n * self.scale))
