"""Decree 20 reports 10a, 10b, 10d and the headline figures, from the records.

Aggregates only (leadership may read them); a commune user gets their
commune. The columns follow DOMAIN §9's reading of the annex [U]: check them
against the annex (.doc) before filing. 10c (care in facilities) belongs with
the facilities' admissions and is not built here.

Periods (errata 9): many provinces report from the 15th to the 14th, so the
first half-year runs 15/12 – 14/6, the second 15/6 – 14/12, the year
15/12 – 14/12. A monthly list counts in the period holding its month's first
day (January–June for the first half). `cutoff_day=1` gives calendar periods.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from .models import (
    AllowanceEntitlement,
    EmergencyKind,
    EmergencySupport,
    FuneralSupport,
    Group,
    HealthInsuranceCard,
    Payment,
    SupportStatus,
)
from .selectors import commune_ids_for


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def report_period(year: int, half: int | None = None, *, cutoff_day: int = 15) -> Period:
    """half 1 or 2, or None for the year."""
    if cutoff_day == 1:
        starts = {1: (year, 1), 2: (year, 7), None: (year, 1)}
        ends = {
            1: datetime.date(year, 6, 30),
            2: datetime.date(year, 12, 31),
            None: datetime.date(year, 12, 31),
        }
        return Period(datetime.date(*starts[half], 1), ends[half])
    previous_december = datetime.date(year - 1, 12, cutoff_day)
    june = datetime.date(year, 6, cutoff_day)
    december = datetime.date(year, 12, cutoff_day)
    one_day = datetime.timedelta(days=1)
    if half == 1:
        return Period(previous_december, june - one_day)
    if half == 2:
        return Period(june, december - one_day)
    return Period(previous_december, december - one_day)


def _scoped(queryset, actor, field: str = "commune_id"):
    communes = commune_ids_for(actor)
    return queryset if communes is None else queryset.filter(**{f"{field}__in": communes})


def _payments(actor, period: Period):
    return _scoped(
        Payment.objects.filter(month__gte=period.start, month__lte=period.end),
        actor,
        "payment_list__commune_id",
    )


def report_10a(*, actor, period: Period) -> list[dict]:
    """Mẫu 10a: monthly allowances by Art. 5 group: people at the period's end,
    new and stopped in the period, people paid, and what they were paid."""
    entitlements = _scoped(AllowanceEntitlement.objects.all(), actor)
    paid = Payment.objects.filter(
        beneficiary_id=OuterRef("beneficiary_id"),
        month__gte=period.start,
        month__lte=period.end,
    )
    end_month = period.end.replace(day=1)
    rows = {
        row["group"]: row
        for row in entitlements.values("group").annotate(
            at_end=Count(
                "beneficiary_id",
                filter=Q(start_month__lte=end_month)
                & (Q(end_month__isnull=True) | Q(end_month__gte=end_month)),
                distinct=True,
            ),
            new=Count("id", filter=Q(start_month__gte=period.start, start_month__lte=period.end)),
            stopped=Count("id", filter=Q(end_month__gte=period.start, end_month__lte=period.end)),
            paid_people=Count("beneficiary_id", filter=Q(Exists(paid)), distinct=True),
        )
    }
    # Money by group: a payment counts under the first group it lists.
    money = {
        row["groups"].split(",")[0]: row
        for row in _payments(actor, period)
        .values("groups")
        .annotate(amount=Sum("amount"), arrears=Sum("arrears"))
    }
    sums: dict[str, list[int]] = {}
    for key, row in money.items():
        total = sums.setdefault(key, [0, 0])
        total[0] += row["amount"] or 0
        total[1] += row["arrears"] or 0
    result = []
    for group in Group:
        row = rows.get(group.value, {})
        amount, arrears = sums.get(group.value, [0, 0])
        result.append(
            {
                "group": group.value,
                "label": str(group.label),
                "at_end": row.get("at_end", 0),
                "new": row.get("new", 0),
                "stopped": row.get("stopped", 0),
                "paid_people": row.get("paid_people", 0),
                "amount": amount,
                "arrears": arrears,
                "total": amount + arrears,
            }
        )
    return result


def report_10b(*, actor, period: Period) -> list[dict]:
    """Mẫu 10b: emergency assistance by event and kind."""
    supports = _scoped(
        EmergencySupport.objects.filter(decided_on__gte=period.start, decided_on__lte=period.end),
        actor,
    )
    labels = dict(EmergencyKind.choices)
    return [
        row | {"kind_label": str(labels[row["kind"]])}
        for row in supports.values("event_id", "event__name", "kind")
        .annotate(
            households=Count("household_id", distinct=True),
            persons=Coalesce(Sum("persons"), 0),
            rice_kg=Coalesce(Sum("rice_kg"), 0),
            amount=Coalesce(Sum("amount"), 0),
        )
        .order_by("event__name", "kind")
    ]


def headline(*, actor, period: Period) -> dict:
    """The seeds' headline figures for any period."""
    payments = _payments(actor, period).aggregate(
        people=Count("beneficiary_id", distinct=True),
        payments=Count("id"),
        amount=Coalesce(Sum("amount"), 0),
        arrears=Coalesce(Sum("arrears"), 0),
    )
    cards = _scoped(HealthInsuranceCard.objects.all(), actor).aggregate(
        listed=Count("id", filter=Q(listed_on__gte=period.start, listed_on__lte=period.end)),
        issued=Count("id", filter=Q(issued_on__gte=period.start, issued_on__lte=period.end)),
    )
    funerals = _scoped(
        FuneralSupport.objects.filter(
            status=SupportStatus.PAID, paid_on__gte=period.start, paid_on__lte=period.end
        ),
        actor,
    ).aggregate(count=Count("id"), amount=Coalesce(Sum("amount"), 0))
    events = list(
        _scoped(
            EmergencySupport.objects.filter(
                decided_on__gte=period.start, decided_on__lte=period.end
            ),
            actor,
        )
        .values("event_id", "event__name")
        .annotate(
            households=Count("household_id", distinct=True),
            rice_kg=Coalesce(Sum("rice_kg"), 0),
            amount=Coalesce(Sum("amount"), 0),
        )
        .order_by("event__name")
    )
    return {
        "people_paid": payments["people"],
        "payments": payments["payments"],
        "total_paid": payments["amount"] + payments["arrears"],
        "arrears_paid": payments["arrears"],
        "cards_listed": cards["listed"],
        "cards_issued": cards["issued"],
        "funeral_grants": funerals["count"],
        "funeral_amount": funerals["amount"],
        "emergency_by_event": events,
    }


def report_10d(*, actor, period: Period) -> dict:
    """Mẫu 10d: the summary of 10a and 10b with cards and funeral grants."""
    figures = headline(actor=actor, period=period)
    emergency = report_10b(actor=actor, period=period)
    figures["emergency_amount"] = sum(r["amount"] for r in emergency)
    figures["emergency_rice_kg"] = sum(r["rice_kg"] for r in emergency)
    return figures
