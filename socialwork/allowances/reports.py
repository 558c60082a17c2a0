"""Decree 20 reports 10a–10d and the headline figures, from the records.

Aggregates only (leadership may read them); a commune user gets their
commune (for 10c: the people of their commune, wherever they are cared for).
The columns follow DOMAIN §9's reading of the annex [U]: check them against
the annex (.doc) before filing. 10c (care in social assistance facilities)
reads the facilities' admissions (facilities.Admission).

Periods (errata 9): many provinces report from the 15th to the 14th, so the
first half-year runs 15/12 – 14/6, the second 15/6 – 14/12, the year
15/12 – 14/12. A monthly list counts in the period holding its month's first
day (January–June for the first half). `cutoff_day=1` gives calendar periods.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from cases.models import DisabilityLevel
from facilities.models import (
    HANDOVER_REASONS,
    SOCIAL_ASSISTANCE_KINDS,
    Admission,
    AdmissionKind,
    DischargeReason,
    FacilityKind,
)

from . import queries
from .amounts import month_start, next_month
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
    # Uncorrelated: one hashed list of the people paid, not a probe per entitlement.
    paid = Payment.objects.filter(month__gte=period.start, month__lte=period.end).values(
        "beneficiary_id"
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
            paid_people=Count("beneficiary_id", filter=Q(beneficiary_id__in=paid), distinct=True),
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


def report_10b_households(*, actor, period: Period) -> int:
    """Households helped in the period, each once whatever the events and kinds."""
    return (
        _scoped(
            EmergencySupport.objects.filter(
                decided_on__gte=period.start, decided_on__lte=period.end
            ),
            actor,
        )
        .order_by()
        .aggregate(n=Count("household_id", distinct=True))["n"]
    )


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


def report_10d(
    *, actor, period: Period, emergency: list[dict] | None = None, care: dict | None = None
) -> dict:
    """Mẫu 10d: the summary of 10a, 10b and 10c with cards and funeral grants,
    and the period's whole social-assistance funding. A page that shows 10b and
    10c as well passes them in rather than have them counted twice."""
    figures = headline(actor=actor, period=period)
    if emergency is None:
        emergency = report_10b(actor=actor, period=period)
    figures["emergency_amount"] = sum(r["amount"] for r in emergency)
    figures["emergency_rice_kg"] = sum(r["rice_kg"] for r in emergency)
    if care is None:
        care = report_10c(actor=actor, period=period)
    care = care["total"]
    figures["care_at_end"] = care["at_end"]
    figures["care_funding"] = care["funding"]
    figures["total_funding"] = (
        figures["total_paid"]
        + figures["funeral_amount"]
        + figures["emergency_amount"]
        + figures["care_funding"]
    )
    return figures


# The columns of 10c, in order (counts of stays; the funding in đồng).
REPORT_10C_FIGURES = (
    "at_start",
    "admitted",
    "admitted_emergency",
    "discharged",
    "discharged_home",
    "discharged_died",
    "at_end",
    "at_end_children",
    "at_end_older",
    "at_end_disabled",
    "at_end_long_term",
    "at_end_voluntary",
    "care_months",
    "funding",
)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _born_after(day: datetime.date) -> Q:
    # Only a birth year known: born on 1 January (as for the allowance).
    return Q(beneficiary__birth_date__gt=day) | Q(
        beneficiary__birth_date__isnull=True, beneficiary__birth_year__gt=day.year
    )


def _born_by(day: datetime.date) -> Q:
    return Q(beneficiary__birth_date__lte=day) | Q(
        beneficiary__birth_date__isnull=True, beneficiary__birth_year__lte=day.year
    )


def report_months(period: Period) -> tuple[datetime.date, datetime.date]:
    """The first and last month whose first day falls in the period."""
    first = period.start if period.start.day == 1 else next_month(month_start(period.start))
    return first, month_start(period.end)


def report_10c(*, actor, period: Period) -> dict:
    """Mẫu 10c: care in social assistance facilities, per facility: stays at
    the period's start (begun before it), admitted and discharged in it (by
    kind and reason), at its end (children under 16, people 60 and older,
    people with a severe disability, long-term, voluntary), and the months
    of state-funded care with their funding (Art. 25: 5.0 × the standard
    under 4, 4.0 from 4; voluntary stays are paid by contract, not counted).
    So at_start + admitted − discharged = at_end for every facility."""
    stays = _scoped(
        Admission.objects.filter(
            admitted_on__isnull=False,
            admitted_on__lte=period.end,
            facility__kind__in=SOCIAL_ASSISTANCE_KINDS,
        ).exclude(discharged_on__lt=period.start),
        actor,
        "beneficiary__commune_id",
    )
    at_end = Q(discharged_on__isnull=True) | Q(discharged_on__gt=period.end)
    discharged = Q(discharged_on__isnull=False, discharged_on__lte=period.end)
    home = [*HANDOVER_REASONS, DischargeReason.ADOPTED]
    severe = [DisabilityLevel.SEVERE, DisabilityLevel.ESPECIALLY_SEVERE]
    rows = list(
        stays.values("facility_id", "facility__name", "facility__kind")
        .annotate(
            at_start=Count("id", filter=Q(admitted_on__lt=period.start)),
            admitted=Count("id", filter=Q(admitted_on__gte=period.start)),
            admitted_emergency=Count(
                "id",
                filter=Q(admitted_on__gte=period.start)
                & Q(kind__in=[AdmissionKind.EMERGENCY, AdmissionKind.TEMPORARY]),
            ),
            discharged=Count("id", filter=discharged),
            discharged_home=Count("id", filter=discharged & Q(discharge_reason__in=home)),
            discharged_died=Count(
                "id", filter=discharged & Q(discharge_reason=DischargeReason.DIED)
            ),
            at_end=Count("id", filter=at_end),
            at_end_children=Count("id", filter=at_end & _born_after(_years_before(period.end, 16))),
            at_end_older=Count("id", filter=at_end & _born_by(_years_before(period.end, 60))),
            at_end_disabled=Count(
                "id", filter=at_end & Q(beneficiary__disability_level__in=severe)
            ),
            at_end_long_term=Count("id", filter=at_end & Q(kind=AdmissionKind.LONG_TERM)),
            at_end_voluntary=Count("id", filter=at_end & Q(kind=AdmissionKind.VOLUNTARY)),
        )
        .order_by("facility__name", "facility_id")
    )
    first, last = report_months(period)
    funded = stays.exclude(kind=AdmissionKind.VOLUNTARY).values("id")
    sql, params = funded.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(queries.care_months_sql(sql), [first, last, *params])
        care = {facility: (months, money) for facility, months, money in cursor.fetchall()}
    kinds = dict(FacilityKind.choices)
    for row in rows:
        row["care_months"], row["funding"] = care.get(row["facility_id"], (0, 0))
        row["kind_label"] = str(kinds.get(row["facility__kind"], row["facility__kind"]))
    total = {key: sum(row[key] for row in rows) for key in REPORT_10C_FIGURES}
    return {"rows": rows, "total": total, "first_month": first, "last_month": last}
