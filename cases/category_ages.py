"""The target groups whose legal definition has an age (DOMAIN §2–3), one rule
for the register page, the API, the import and the services.

Law on Children Art. 1: a child is under 16 (every Art. 10 group, Decree 20
Art. 5.1 and 5.3); Decree 20 Art. 5.2: 16 to 22 continuing in school; 5.5:
older persons from 60, 5.5b from 75 until 80, 5.5c from 80; 5.7: under 3.
A sub-case inherits its parent's bounds unless it has its own. The age is
taken on the day the person enters the groups (the registration day, the
groups' start when none is given). With only the birth year known, a person
is refused only when no birthday in that year fits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from socialwork.ages import age_on
from socialwork.spreadsheets.messages import render

from .models import Category, CategoryGroup

CHILD = (None, 16)
# code: (from this age, under this age); None is open.
BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "ND20-5.1": CHILD,
    "ND20-5.2": (16, 23),
    "ND20-5.3": CHILD,
    "ND20-5.5": (60, None),
    "ND20-5.5b": (75, 80),
    "ND20-5.5c": (80, None),
    "ND20-5.7": (None, 3),
}


def bounds(category: Category) -> tuple[int | None, int | None]:
    if category.code in BOUNDS:
        return BOUNDS[category.code]
    if category.parent_id is not None and category.parent.code in BOUNDS:
        return BOUNDS[category.parent.code]
    if category.group == CategoryGroup.CHILD_SPECIAL:
        return CHILD
    return (None, None)


def _ages(
    day: datetime.date, birth_date: datetime.date | None, birth_year: int | None
) -> tuple[int, int] | None:
    """(youngest, oldest) the person can be on `day`; None when unknown."""
    if birth_date is not None:
        age = age_on(day, birth_date=birth_date, birth_year=None)
        return age, age
    if birth_year is not None:
        return day.year - birth_year - 1, day.year - birth_year
    return None


def _range(low: int | None, high: int | None) -> dict:
    if low is None:
        return {"msgid": N_("dưới %(high)s tuổi"), "params": {"high": high}}
    if high is None:
        return {"msgid": N_("từ đủ %(low)s tuổi"), "params": {"low": low}}
    return {
        "msgid": N_("từ đủ %(low)s đến dưới %(high)s tuổi"),
        "params": {"low": low, "high": high},
    }


def age_problems(
    categories: Iterable[Category],
    *,
    birth_date: datetime.date | None,
    birth_year: int | None,
    on: datetime.date,
) -> list[tuple[str, dict]]:
    """(msgid, params) per chosen group the birth date contradicts, untranslated:
    an import stores them so that each reader sees them in their language."""
    ages = _ages(on, birth_date, birth_year)
    if ages is None:
        return []
    youngest, oldest = ages
    problems = []
    for category in categories:
        low, high = bounds(category)
        if (low is not None and oldest < low) or (high is not None and youngest >= high):
            age = (
                youngest
                if youngest == oldest
                else {"msgid": N_("%(a)s hoặc %(b)s"), "params": {"a": youngest, "b": oldest}}
            )
            problems.append(
                (
                    N_(
                        "Nhóm “%(group)s” dành cho người %(range)s; theo ngày sinh, người này "
                        "%(age)s tuổi vào ngày %(day)s."
                    ),
                    {
                        "group": category.name,
                        "range": _range(low, high),
                        "age": age,
                        "day": on.strftime("%d/%m/%Y"),
                    },
                )
            )
    return problems


def age_errors(
    categories: Iterable[Category],
    *,
    birth_date: datetime.date | None,
    birth_year: int | None,
    on: datetime.date,
) -> list[str]:
    """One message per chosen group the birth date contradicts ([] when none)."""
    problems = age_problems(categories, birth_date=birth_date, birth_year=birth_year, on=on)
    return [render(msgid, params, translate=gettext) for msgid, params in problems]
