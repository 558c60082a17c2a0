"""The monthly allowance, as pure functions over plain data (Decree 20 Art. 6–8).

    amount = standard level (dated) × coefficient (dated, by group and age) × units

- Age is in completed years at the END of the month paid: the month a person
  turns 80 is paid at the 80+ coefficient, the month a child turns 4 at the
  4+ one (DOMAIN §2.1: "from the month they turn 75 or 80"). Only a birth
  year known: born on 1 January.
- Several groups: only the highest amount, EXCEPT a poor single parent (5.4)
  also in 5.5, 5.6 or 5.8, who gets the 5.4 amount plus their own (Art. 6(2)).
- Payment months: from `start_month` (the decision month, the month of turning
  75/80, the disability certificate's month: see `start_month_for`) to
  `end_month` (the month of death or loss of eligibility; paid in full).
- Arrears (truy lĩnh): for each earlier month, what is due now minus what was
  paid for it (that month's amount and arrears already caught up).

`payments.py` computes the same in one SQL statement for whole provinces; the
tests check both against the same worked cases.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socialwork import ages

from .models import OWN_GROUPS_WITH_SINGLE_PARENT, Group


class StandardLevelMissing(ValidationError):
    pass


class CoefficientMissing(ValidationError):
    pass


@dataclass(frozen=True)
class Level:
    scope: str
    amount: int
    valid_from: datetime.date
    confirmed: bool = True


@dataclass(frozen=True)
class Coef:
    group: str
    coefficient: Decimal
    valid_from: datetime.date
    valid_to: datetime.date | None = None
    min_age: int | None = None
    max_age: int | None = None
    sub_case: str = ""


@dataclass(frozen=True)
class Person:
    birth_date: datetime.date | None = None
    birth_year: int | None = None


@dataclass(frozen=True)
class Right:
    """One entitlement: a group, from a month, until a month (both paid)."""

    group: str
    start_month: datetime.date
    end_month: datetime.date | None = None
    units: int = 1
    sub_case: str = ""


@dataclass(frozen=True)
class MonthAmount:
    month: datetime.date
    standard: int
    amount: int
    groups: tuple[str, ...]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def month_end(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def add_months(month: datetime.date, n: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def months(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    result, month = [], month_start(first)
    while month <= last:
        result.append(month)
        month = next_month(month)
    return result


def birthday(person: Person) -> datetime.date | None:
    return ages.birthday(birth_date=person.birth_date, birth_year=person.birth_year)


def age_on(person: Person, day: datetime.date) -> int | None:
    return ages.age_on(day, birth_date=person.birth_date, birth_year=person.birth_year)


def age_in_month(person: Person, month: datetime.date) -> int | None:
    return age_on(person, month_end(month))


def month_turning(person: Person, age: int) -> datetime.date | None:
    """The month the person reaches `age` (their birthday month that year)."""
    born = birthday(person)
    return None if born is None else datetime.date(born.year + age, born.month, 1)


def start_month_for(
    *,
    group: str,
    decided_on: datetime.date,
    person: Person,
    filed_on: datetime.date | None = None,
    disability_certified_on: datetime.date | None = None,
) -> datetime.date:
    """Art. 8: older people in 5.5b/5.5c from the month they turn 75/80 (a
    decision made before that waits for it); disability from the certificate's
    month, back to the filing month at most (earlier months were not claimed);
    everyone else from the decision month."""
    decision_month = month_start(decided_on)
    if group in (Group.OLDER_75, Group.OLDER_80):
        turning = month_turning(person, 75 if group == Group.OLDER_75 else 80)
        if turning is not None:
            return max(turning, decision_month)
    if group in (Group.DISABLED_ESPECIALLY, Group.DISABLED_SEVERE) and disability_certified_on:
        certified = month_start(disability_certified_on)
        if filed_on is not None:
            certified = max(certified, month_start(filed_on))
        return min(certified, decision_month)
    return decision_month


def standard_for(levels: Iterable[Level], month: datetime.date) -> int:
    """The level in force on the month's first day (province's if higher)."""
    return level_in_force(levels, month).amount


def level_in_force(levels: Iterable, day: datetime.date):
    """The standard level in force on `day`: the latest confirmed row of each
    scope, the province's where higher than the national one (Decree 20 Art. 4).
    `levels`: `Level`s or StandardLevel rows (the same attributes)."""
    best: dict[str, Level] = {}
    for level in levels:
        if level.confirmed and level.valid_from <= day:
            current = best.get(level.scope)
            if current is None or level.valid_from > current.valid_from:
                best[level.scope] = level
    if not best:
        raise StandardLevelMissing(
            _("Chưa có mức chuẩn trợ giúp xã hội áp dụng cho ngày %(date)s.")
            % {"date": f"{day:%d/%m/%Y}"},
            code="no_standard_level",
        )
    national, province = best.get("national"), best.get("province")
    if province is not None and (national is None or province.amount > national.amount):
        return province
    return national


def coefficient_for(
    coefficients: Iterable[Coef],
    *,
    group: str,
    sub_case: str,
    age: int | None,
    month: datetime.date,
) -> Decimal | None:
    """The coefficient for the month; None when the person is out of every age
    band or the group ended by law (not eligible that month). Raises
    CoefficientMissing when the table has nothing for the group yet."""
    known, best = False, None
    for coef in coefficients:
        if coef.group != group or coef.valid_from > month:
            continue
        known = True
        if coef.valid_to is not None and coef.valid_to < month:
            continue
        if coef.sub_case and coef.sub_case != sub_case:
            continue
        if coef.min_age is not None and (age is None or age < coef.min_age):
            continue
        if coef.max_age is not None and (age is None or age >= coef.max_age):
            continue
        if best is None or coef.coefficient > best:
            best = coef.coefficient
    if not known:
        raise CoefficientMissing(
            _("Chưa có hệ số trợ cấp của nhóm %(group)s áp dụng cho tháng %(month)s.")
            % {"group": group, "month": f"{month:%m/%Y}"},
            code="no_coefficient",
        )
    return best


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def monthly_amount(
    *,
    person: Person,
    rights: Sequence[Right],
    month: datetime.date,
    levels: Sequence[Level],
    coefficients: Sequence[Coef],
) -> MonthAmount:
    """What the person is due for `month` (0 when no right is active)."""
    active = [
        r
        for r in rights
        if r.start_month <= month and (r.end_month is None or r.end_month >= month)
    ]
    if not active:
        return MonthAmount(month, 0, 0, ())
    standard = standard_for(levels, month)
    age = age_in_month(person, month)
    amounts: dict[str, int] = {}
    for right in active:
        coef = coefficient_for(
            coefficients, group=right.group, sub_case=right.sub_case, age=age, month=month
        )
        if coef is not None:
            amount = _round(Decimal(standard) * coef * right.units)
            amounts[right.group] = max(amount, amounts.get(right.group, 0))
    if not amounts:
        return MonthAmount(month, standard, 0, ())
    own = {g: a for g, a in amounts.items() if g in OWN_GROUPS_WITH_SINGLE_PARENT}
    if Group.SINGLE_PARENT in amounts and own:
        own_group = max(own, key=own.__getitem__)
        total = amounts[Group.SINGLE_PARENT] + own[own_group]
        return MonthAmount(month, standard, total, (Group.SINGLE_PARENT.value, own_group))
    group = max(amounts, key=amounts.__getitem__)
    return MonthAmount(month, standard, amounts[group], (group,))


def arrears(
    *,
    person: Person,
    rights: Sequence[Right],
    earlier_months: Iterable[datetime.date],
    paid: Mapping[datetime.date, int],
    levels: Sequence[Level],
    coefficients: Sequence[Coef],
) -> dict[datetime.date, int]:
    """Truy lĩnh per earlier month: due now minus paid (never negative: an
    overpayment is recovered by a separate decision, not netted here)."""
    result = {}
    for month in earlier_months:
        due = monthly_amount(
            person=person, rights=rights, month=month, levels=levels, coefficients=coefficients
        ).amount
        gap = due - paid.get(month, 0)
        if gap > 0:
            result[month] = gap
    return result
