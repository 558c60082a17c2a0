"""A person's age, one rule for every app (Python and its SQL twin).

Age is in completed years. When only the birth year is known the person is
taken as born on 1 January (Decree 20's reading for the allowances and the
care months: "from the month they turn 75"), unless a check needs the
youngest they can be (the age of consent), which asks `youngest=True`.
"""

from __future__ import annotations

import datetime


def birthday(*, birth_date: datetime.date | None, birth_year: int | None) -> datetime.date | None:
    if birth_date is not None:
        return birth_date
    if birth_year is not None:
        return datetime.date(birth_year, 1, 1)
    return None


def age_on(
    day: datetime.date,
    *,
    birth_date: datetime.date | None,
    birth_year: int | None,
    youngest: bool = False,
) -> int | None:
    if birth_date is None and birth_year is not None and youngest:
        # Born some day that year: a lower bound, so a possible 16-year-old counts as 15.
        return day.year - birth_year - 1
    born = birthday(birth_date=birth_date, birth_year=birth_year)
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def month_end(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(
        days=1
    )


def birthday_sql(person: str = "b") -> str:
    """The SQL twin of `birthday` for the row `person` of cases_beneficiary."""
    return f"COALESCE({person}.birth_date, make_date({person}.birth_year, 1, 1))"


def age_at_month_end_sql(month: str, *, person: str = "b", born: str | None = None) -> str:
    """The SQL twin of `age_on(month_end(month), ...)`: NULL when neither the
    date nor the year is known. `born`: an expression already holding the birthday."""
    return (
        f"extract(year FROM age(({month} + interval '1 month - 1 day')::date, "
        f"{born or birthday_sql(person)}))::int"
    )
