"""The indicator computations: the ONLY module of the portal with raw SQL.

Each function takes a `QueryContext` and runs ONE statement over the whole
province, grouped by commune, with the province total from the same pass
(GROUPING SETS / ROLLUP), and returns `Row`s (unit, breakdown, numerator,
denominator). Statements are static text composed with parameters, never
formatted. Rules they share:

- People are counted with semi-joins (EXISTS), or as a UNION of id sets
  where several alternatives would each probe per person (CTXH-03), never
  count(DISTINCT) over a big join (DESIGN.md pitfalls: 0.8 s against
  17–21 s at 1M people).
- A year is computed over the whole year, never summed from its months.
- What is counted "at period end" is read from dated records (started/ended
  on, valid from/to, a person's registered_on and a category's since/until),
  never from insert times, so recomputing a past period gives the same
  answer after later imports.
  Active at period end: started on or before the last day, and not ended on
  or before it (a collaborator who left on the last day is not counted).
- Periods are inclusive dates [start, end]; timestamps are compared as the
  half-open interval [start 00:00, end+1 00:00) in Vietnam's time zone.
- Communes are the province's current (2025) communes; the province row has
  unit_id NULL in SQL and is mapped to the province's id here.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connection

from .periods import Period


class Row(NamedTuple):
    unit_id: int
    breakdown: str
    numerator: int
    denominator: int | None


@dataclass(frozen=True)
class QueryContext:
    period: Period
    province_id: int

    @property
    def params(self) -> dict:
        return {
            "province": self.province_id,
            "start": self.period.start,
            "end": self.period.end,
            "start_at": self.period.start_at,
            "end_before": self.period.end_before,
            # Day after the period: "ended on or before end" is "ended_on < end_next".
            "end_next": self.period.end + datetime.timedelta(days=1),
        }


def _fetch(ctx: QueryContext, sql: str, extra: dict | None = None) -> list[Row]:
    params = ctx.params | (extra or {})
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    rows = []
    for unit_id, breakdown, numerator, denominator in result:
        rows.append(
            Row(
                unit_id=ctx.province_id if unit_id is None else unit_id,
                breakdown=breakdown or "",
                numerator=int(numerator or 0),
                denominator=None if denominator is None else int(denominator),
            )
        )
    return rows


# The province's current communes, the rows every breakdown starts from so a
# commune with nothing still shows (0, not missing).
_COMMUNES = """
    communes AS (
        SELECT u.id
        FROM areas_administrativeunit u
        WHERE u.province_id = %(province)s
          AND u.level = 'commune'
          AND u.code_set = '2025-07'
          AND (u.valid_to IS NULL OR u.valid_to >= %(start)s)
    )
"""


def commune_ids(ctx: QueryContext) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("WITH" + _COMMUNES + "SELECT id FROM communes", ctx.params)  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


# Active at period end, for collaborators (collaborators.models.active_q): a
# collaborator who left ON the last day is no longer counted.
_COLLABORATOR_ACTIVE = """
    k.started_on <= %(end)s AND (k.ended_on IS NULL OR k.ended_on > %(end)s)
"""

# A staff member doing social work at period end: still employed (left_on
# after the last day, like collaborators) and a CTXH assignment covering the
# last day (assignment ranges are inclusive: facilities' DATERANGE '[]').
_STAFF_CTXH_AT_END = """
    s.started_on <= %(end)s AND (s.left_on IS NULL OR s.left_on > %(end)s)
    AND EXISTS (
        SELECT 1 FROM facilities_staffassignment a
        WHERE a.staff_id = s.id
          AND a.assignment IN ('full_time', 'part_time')
          AND a.valid_from <= %(end)s AND (a.valid_to IS NULL OR a.valid_to >= %(end)s)
    )
"""

_CTXH01 = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """,
    units AS (
        -- Every commune is a unit in scope; it counts when it has an active collaborator.
        SELECT c.id AS commune_id, 'commune' AS grp,
               EXISTS (
                   SELECT 1 FROM collaborators_collaborator k
                   JOIN accounts_user usr ON usr.id = k.user_id
                   WHERE usr.area_id = c.id AND """
    + _COLLABORATOR_ACTIVE
    + """
               ) AS staffed
        FROM communes c
        UNION ALL
        -- Other units: in CTXH-01's scope on the last day (dated scope rows).
        -- Commune committees registered as facilities are the communes above.
        SELECT f.commune_id,
               COALESCE((%(groups)s::jsonb ->> f.kind), 'other'),
               EXISTS (
                   SELECT 1 FROM facilities_staffmember s
                   WHERE s.facility_id = f.id AND """
    + _STAFF_CTXH_AT_END
    + """
               )
        FROM facilities_facility f
        JOIN communes c ON c.id = f.commune_id
        WHERE f.kind <> 'commune_committee'
          AND EXISTS (
              SELECT 1 FROM facilities_facilityscopeperiod p
              WHERE p.facility_id = f.id AND p.in_ctxh01_scope
                AND p.valid_from <= %(end)s AND (p.valid_to IS NULL OR p.valid_to >= %(end)s)
          )
    )
    SELECT commune_id, grp, count(*) FILTER (WHERE staffed), count(*)
    FROM units
    GROUP BY GROUPING SETS ((commune_id, grp), (commune_id), (grp), ())
"""
)


def ctxh01(ctx: QueryContext) -> list[Row]:
    """CTXH-01: units in scope with ≥1 CTXH staff member or collaborator at
    period end, by commune and by unit type (facilities.Ctxh01Group)."""
    from facilities.models import FacilityKind, ctxh01_group

    groups = json.dumps({kind.value: str(ctxh01_group(kind)) for kind in FacilityKind})
    return _fetch(ctx, _CTXH01, {"groups": groups})


_CTXH02 = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """,
    planned AS (
        SELECT f.commune_id,
               f.has_social_work_unit OR EXISTS (
                   SELECT 1 FROM cases_servicedelivery s
                   JOIN facilities_servicetype t ON t.id = s.service_type_id
                   WHERE s.provider_id = f.id AND t.counts_as_ctxh_service
                     AND s.delivered_on >= %(start)s AND s.delivered_on <= %(end)s
               ) AS provides
        FROM facilities_facility f
        JOIN communes c ON c.id = f.commune_id
        WHERE EXISTS (
            SELECT 1 FROM facilities_facilityscopeperiod p
            WHERE p.facility_id = f.id AND p.in_ctxh02_plan
              AND p.valid_from <= %(end)s AND (p.valid_to IS NULL OR p.valid_to >= %(end)s)
        )
    )
    SELECT c.id, NULL, count(p.commune_id) FILTER (WHERE p.provides), count(p.commune_id)
    FROM communes c LEFT JOIN planned p ON p.commune_id = c.id
    GROUP BY ROLLUP (c.id)
"""
)


def ctxh02(ctx: QueryContext) -> list[Row]:
    """CTXH-02: facilities in the planning list on the last day that have a
    CTXH unit or team (declared, not dated) or provided ≥1 CTXH service
    recorded in the period."""
    return _fetch(ctx, _CTXH02)


_CTXH04 = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """,
    people AS (
        SELECT usr.area_id AS commune_id,
               EXISTS (
                   SELECT 1 FROM collaborators_attendance a
                   JOIN collaborators_trainingcourse t ON t.id = a.course_id
                   WHERE a.collaborator_id = k.id AND a.completed
                     AND t.ends_on >= %(trained_since)s AND t.ends_on <= %(end)s
               ) AS trained
        FROM collaborators_collaborator k
        JOIN accounts_user usr ON usr.id = k.user_id
        WHERE """
    + _COLLABORATOR_ACTIVE
    + """
        UNION ALL
        SELECT f.commune_id,
               EXISTS (
                   SELECT 1 FROM collaborators_attendance a
                   JOIN collaborators_trainingcourse t ON t.id = a.course_id
                   WHERE a.staff_member_id = s.id AND a.completed
                     AND t.ends_on >= %(trained_since)s AND t.ends_on <= %(end)s
               )
        FROM facilities_staffmember s
        JOIN facilities_facility f ON f.id = s.facility_id
        WHERE """
    + _STAFF_CTXH_AT_END
    + """
    )
    SELECT c.id, NULL, count(p.commune_id) FILTER (WHERE p.trained), count(p.commune_id)
    FROM communes c LEFT JOIN people p ON p.commune_id = c.id
    GROUP BY ROLLUP (c.id)
"""
)

# CTXH-04 counts training cumulatively since the programme began (Decision
# 112, 2021–2030), not within the period: a person trained in 2022 and still
# working in 2025 is trained in 2025.
TRAINED_SINCE = datetime.date(2021, 1, 1)


def ctxh04(ctx: QueryContext) -> list[Row]:
    """CTXH-04: active CTXH staff and collaborators at period end with ≥1
    completed course ending between 1/1/2021 and the last day."""
    return _fetch(ctx, _CTXH04, {"trained_since": TRAINED_SINCE})


_COLLABORATORS = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT c.id, NULL, count(k.id), NULL
    FROM communes c
    LEFT JOIN accounts_user usr ON usr.area_id = c.id
    LEFT JOIN collaborators_collaborator k ON k.user_id = usr.id AND """
    + _COLLABORATOR_ACTIVE
    + """
    GROUP BY ROLLUP (c.id)
"""
)


def collaborators_active(ctx: QueryContext) -> list[Row]:
    """Collaborators active at period end, by commune."""
    return _fetch(ctx, _COLLABORATORS)


_NO_COLLABORATOR = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT c.id, NULL,
           count(*) FILTER (WHERE NOT EXISTS (
               SELECT 1 FROM collaborators_collaborator k
               JOIN accounts_user usr ON usr.id = k.user_id
               WHERE usr.area_id = c.id AND """
    + _COLLABORATOR_ACTIVE
    + """
           )),
           NULL
    FROM communes c
    GROUP BY ROLLUP (c.id)
"""
)


def communes_without_collaborator(ctx: QueryContext) -> list[Row]:
    """Communes with no active collaborator at period end (1 on the commune's
    own row, the number of such communes on the province row)."""
    return _fetch(ctx, _NO_COLLABORATOR)


# Dated membership: a person is in the register from their registered_on
# (the day they were identified, entered by whoever registered or imported
# them; never the row's insert time, so a register imported at go-live keeps
# its history), and in a category from its `since` until its `until` (both
# inclusive). A link without `since` counts from the person's registered_on,
# which the register condition below already requires: in effect a person is
# in a category from max(registered_on, since). Merged records left out.
_BENEFICIARY_IN_REGISTER = """
    b.merged_into_id IS NULL AND b.registered_on <= %(end)s
"""
_CATEGORY_AT_END = """
    (bc.since IS NULL OR bc.since <= %(end)s) AND (bc.until IS NULL OR bc.until >= %(end)s)
"""

_BENEFICIARIES = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """,
    by_category AS (
        SELECT b.commune_id, cat.code, count(*) AS people
        FROM cases_beneficiarycategory bc
        JOIN cases_beneficiary b ON b.id = bc.beneficiary_id
        JOIN cases_category cat ON cat.id = bc.category_id
        JOIN communes c ON c.id = b.commune_id
        WHERE """
    + _BENEFICIARY_IN_REGISTER
    + " AND "
    + _CATEGORY_AT_END
    + """
        GROUP BY GROUPING SETS ((b.commune_id, cat.code), (cat.code))
    )
    -- Per category: a person in one category once (unique link per pair).
    SELECT commune_id, code, people, NULL FROM by_category
    UNION ALL
    -- All categories: each person once, however many categories (semi-join).
    SELECT c.id, NULL,
           (SELECT count(*) FROM cases_beneficiary b
            WHERE b.commune_id = c.id AND """
    + _BENEFICIARY_IN_REGISTER
    + """
              AND EXISTS (SELECT 1 FROM cases_beneficiarycategory bc
                          WHERE bc.beneficiary_id = b.id AND """
    + _CATEGORY_AT_END
    + """)),
           NULL
    FROM communes c
"""
)


def beneficiaries_by_category(ctx: QueryContext) -> list[Row]:
    """People in the register by legal category at period end, by commune
    (breakdown = category code); the "" rows count each person once. The
    province row of "" is the sum of its communes (a person has one commune)."""
    rows = _fetch(ctx, _BENEFICIARIES)
    total = sum(r.numerator for r in rows if r.breakdown == "")
    return [*rows, Row(ctx.province_id, "", total, None)]


# --- Case management (cases.Case, ServiceDelivery, CasePlan, CaseEvent) --------------
#
# A case is open during a period when reported before its end and not closed
# before its start: a case closed ON the last day was open during the period
# but is not open AT period end. Services count on their date (inclusive).

# The people helped, as the union of three id sets (each table read once,
# duplicates dropped by the UNION), then joined to the register. Written as
# EXISTS … OR EXISTS … per person, the service probe could not be hashed and
# ran once per person in the register: 3.5 s against 1.5 s at 200,000 people.
_CTXH03 = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """,
    helped AS (
        SELECT s.beneficiary_id AS id
        FROM cases_servicedelivery s
        JOIN facilities_servicetype t ON t.id = s.service_type_id
        WHERE t.counts_as_ctxh_service
          AND s.delivered_on >= %(start)s AND s.delivered_on <= %(end)s
        UNION
        SELECT k.beneficiary_id FROM cases_case k
        WHERE k.reported_at < %(end_before)s AND (k.closed_on IS NULL OR k.closed_on >= %(start)s)
        UNION
        -- Supported by being referred (connected to a service) in the
        -- period; a referral cancelled before anything happened is not.
        SELECT r.beneficiary_id FROM cases_referral r
        WHERE r.status <> 'cancelled'
          AND r.sent_at >= %(start_at)s AND r.sent_at < %(end_before)s
    )
    SELECT b.commune_id, NULL, count(*), NULL
    FROM helped h
    JOIN cases_beneficiary b ON b.id = h.id
    JOIN communes c ON c.id = b.commune_id
    WHERE b.merged_into_id IS NULL
    GROUP BY ROLLUP (b.commune_id)
"""
)


def ctxh03(ctx: QueryContext) -> list[Row]:
    """CTXH-03 numerator N_t: distinct people (by their commune) with ≥1 CTXH
    service in the period, a case open during it or a referral sent in it;
    each person once however many services (the UNION). Cash allowances
    alone are not counted: they are social assistance, not counselling or
    CTXH support (DOMAIN §1.2). The denominator is the entered baseline."""
    return _fetch(ctx, _CTXH03)


# A child at period end: under 16 on the last day (Law on Children Art. 1).
# With only a birth year, born in (end year − 15) or later: a child born in
# end year − 16 may already be 16 and is not counted. A child turning 16
# during the period is counted only if still 15 on the last day.
_PRIORITY_CHILD_AT_END = """
    b.merged_into_id IS NULL AND b.registered_on <= %(end)s
    AND (
        (b.birth_date IS NOT NULL AND b.birth_date > %(sixteen_years_before_end)s)
        OR (b.birth_date IS NULL AND b.birth_year >= %(youngest_birth_year)s)
    )
    AND EXISTS (
        SELECT 1 FROM cases_beneficiarycategory bc
        JOIN cases_category cat ON cat.id = bc.category_id
        WHERE bc.beneficiary_id = b.id AND cat.priority_child
          AND (bc.since IS NULL OR bc.since <= %(end)s)
          AND (bc.until IS NULL OR bc.until >= %(end)s)
    )
"""

_CTXH05 = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT b.commune_id, NULL,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM cases_servicedelivery s
               JOIN facilities_servicetype t ON t.id = s.service_type_id
               WHERE s.beneficiary_id = b.id
                 AND (t.counts_as_assistance OR t.counts_as_ctxh_service)
                 AND s.delivered_on >= %(start)s AND s.delivered_on <= %(end)s
           ) OR EXISTS (
               -- A monthly allowance in force for a month of the period
               -- (decided, from start_month to end_month, the last month
               -- due), whether or not that month's payment list is locked yet:
               -- a decided allowance is assistance the child has.
               SELECT 1 FROM allowances_allowanceentitlement e
               WHERE e.beneficiary_id = b.id
                 AND e.start_month <= %(end)s
                 AND (e.end_month IS NULL OR e.end_month >= %(start_month)s)
           ) OR EXISTS (
               -- The free BHYT card (Decree 20 Art. 9): listed for the card
               -- (the state buys it from the list) or issued on or before the
               -- last day, and not expired before the first.
               SELECT 1 FROM allowances_healthinsurancecard hc
               WHERE hc.beneficiary_id = b.id
                 AND hc.listed_on <= %(end)s
                 AND (hc.valid_to IS NULL OR hc.valid_to >= %(start)s)
           ) OR EXISTS (
               -- Other assistance from the allowances app, on its date: a
               -- paid month, funeral or emergency support (the view's rows).
               SELECT 1 FROM allowances_assistance_received ar
               WHERE ar.beneficiary_id = b.id
                 AND ar.received_on >= %(start)s AND ar.received_on <= %(end)s
           ) OR EXISTS (
               -- Care: living in a social assistance facility for at least one
               -- day of the period (stays are [admitted_on, discharged_on)).
               SELECT 1 FROM facilities_admission ad
               WHERE ad.beneficiary_id = b.id AND ad.admitted_on IS NOT NULL
                 AND ad.admitted_on <= %(end)s
                 AND (ad.discharged_on IS NULL OR ad.discharged_on > %(start)s)
           )),
           count(*)
    FROM cases_beneficiary b
    JOIN communes c ON c.id = b.commune_id
    WHERE """
    + _PRIORITY_CHILD_AT_END
    + """
    GROUP BY ROLLUP (b.commune_id)
"""
)


def _sixteen_years_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 16)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 16, day=28)


def ctxh05(ctx: QueryContext) -> list[Row]:
    """CTXH-05: priority children under 16 at period end (in the register by
    the last day, a priority category covering it) with ≥1 assistance or CTXH
    service in the period: a service record (assistance or CTXH), a monthly
    allowance in force for a month of it, a BHYT card listed or issued by its
    last day and not expired before its first, other assistance from the
    allowances app dated in it, or care in a facility for a day of it; over
    those children in the register (the official figure, where entered and
    not below the register's own count, replaces the denominator: services)."""
    end = ctx.period.end
    return _fetch(
        ctx,
        _CTXH05,
        {
            "sixteen_years_before_end": _sixteen_years_before(end),
            "youngest_birth_year": end.year - 15,
            # Allowance months are stored as their first day: the month the
            # period starts in is the first one that overlaps it.
            "start_month": ctx.period.start.replace(day=1),
        },
    )


# TGXH-966a (Decision 966/QĐ-TTg): people in the no-carer category on the
# last day (cases.NO_CARER_CATEGORY, dated like every category link), and of
# them those a social assistance facility cared for, counselled or assisted
# in the period: a stay covering at least one day of it ([admitted_on,
# discharged_on)), or at least one service the facility provided in it.
_TGXH966A = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT b.commune_id, NULL,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM facilities_admission ad
               JOIN facilities_facility f ON f.id = ad.facility_id
               WHERE ad.beneficiary_id = b.id AND f.kind = ANY(%(assistance_kinds)s)
                 AND ad.admitted_on IS NOT NULL AND ad.admitted_on <= %(end)s
                 AND (ad.discharged_on IS NULL OR ad.discharged_on > %(start)s)
           ) OR EXISTS (
               SELECT 1 FROM cases_servicedelivery s
               JOIN facilities_facility f ON f.id = s.provider_id
               WHERE s.beneficiary_id = b.id AND f.kind = ANY(%(assistance_kinds)s)
                 AND s.delivered_on >= %(start)s AND s.delivered_on <= %(end)s
           )),
           count(*)
    FROM cases_beneficiary b
    JOIN communes c ON c.id = b.commune_id
    WHERE """
    + _BENEFICIARY_IN_REGISTER
    + """
      AND EXISTS (
          SELECT 1 FROM cases_beneficiarycategory bc
          JOIN cases_category cat ON cat.id = bc.category_id
          WHERE bc.beneficiary_id = b.id AND cat.code = %(no_carer)s AND """
    + _CATEGORY_AT_END
    + """
      )
    GROUP BY ROLLUP (b.commune_id)
"""
)


def tgxh966a(ctx: QueryContext) -> list[Row]:
    """TGXH-966a: people in extreme hardship with no carer (the category,
    at period end) cared for in, or counselled or assisted by, a social
    assistance facility during the period, over all of them."""
    from cases.models import NO_CARER_CATEGORY
    from facilities.models import SOCIAL_ASSISTANCE_KINDS

    return _fetch(
        ctx,
        _TGXH966A,
        {
            "no_carer": NO_CARER_CATEGORY,
            "assistance_kinds": sorted(k.value for k in SOCIAL_ASSISTANCE_KINDS),
        },
    )


_OPEN_CASES = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT k.commune_id, NULL, count(*), NULL
    FROM cases_case k
    JOIN communes c ON c.id = k.commune_id
    WHERE k.reported_at < %(end_before)s AND (k.closed_on IS NULL OR k.closed_on > %(end)s)
    GROUP BY ROLLUP (k.commune_id)
"""
)


def open_cases(ctx: QueryContext) -> list[Row]:
    """Cases open at period end (a case closed on the last day is not)."""
    return _fetch(ctx, _OPEN_CASES)


_SERVICES = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT s.commune_id, NULL, count(*), NULL
    FROM cases_servicedelivery s
    JOIN communes c ON c.id = s.commune_id
    WHERE s.delivered_on >= %(start)s AND s.delivered_on <= %(end)s
    GROUP BY ROLLUP (s.commune_id)
"""
)


def services_delivered(ctx: QueryContext) -> list[Row]:
    """Service records in the period (deliveries, not people), by the commune
    where they were given."""
    return _fetch(ctx, _SERVICES)


_EMERGENCY_12H = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT k.commune_id, NULL,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM cases_caseevent e
               WHERE e.case_id = k.id AND e.kind IN ('emergency', 'separation')
                 AND e.occurred_at <= k.reported_at + interval '12 hours'
           )),
           count(*)
    FROM cases_case k
    JOIN communes c ON c.id = k.commune_id
    WHERE k.needs_emergency_protection
      AND k.reported_at >= %(start_at)s AND k.reported_at < %(end_before)s
    GROUP BY ROLLUP (k.commune_id)
"""
)


def kpi_emergency_12h(ctx: QueryContext) -> list[Row]:
    """Child emergency cases reported in the period answered by an emergency
    intervention or a temporary separation within 12 hours (hours run through
    nights and holidays: errata 8). A case still inside its 12 hours when the
    job runs counts as not yet answered; the next run corrects it."""
    return _fetch(ctx, _EMERGENCY_12H)


# Working days d with FROM < d <= TO (socialwork.calendar.workdays.
# working_days_between), read from the calendar's table: a row makes a day a
# holiday / day off or a swapped working day; otherwise Monday–Friday work.
# FROM and TO are replaced by fixed column expressions below, never by input.
_WORKING_DAYS = """(
    SELECT count(*)
    FROM generate_series(FROM + 1, TO, interval '1 day') AS g(d)
    LEFT JOIN workcalendar_publicholiday h ON h.date = g.d::date
    WHERE CASE
        WHEN h.kind = 'working_day' THEN true
        WHEN h.kind IN ('holiday', 'day_off') THEN false
        ELSE extract(isodow FROM g.d) < 6
    END
)"""


def _working_days(start: str, end: str) -> str:
    return _WORKING_DAYS.replace("FROM + 1", f"{start} + 1").replace("TO,", f"{end},")


_VN_DATE = "(({}) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date"

_PLAN_APPROVED_2WD = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT k.commune_id, NULL,
           count(*) FILTER (WHERE p.approved_at IS NOT NULL AND """
    + _working_days(_VN_DATE.format("p.submitted_at"), _VN_DATE.format("p.approved_at"))
    + """ <= 2),
           count(*)
    FROM cases_caseplan p
    JOIN cases_case k ON k.id = p.case_id
    JOIN communes c ON c.id = k.commune_id
    WHERE p.submitted_at >= %(start_at)s AND p.submitted_at < %(end_before)s
    GROUP BY ROLLUP (k.commune_id)
"""
)

_PLAN_DRAFTED_5WD = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT k.commune_id, NULL,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM cases_caseplan p
               WHERE p.case_id = a.case_id AND p.submitted_at IS NOT NULL
                 AND """
    + _VN_DATE.format("p.submitted_at")
    + """ >= a.assessed_on
                 AND """
    + _working_days("a.assessed_on", _VN_DATE.format("p.submitted_at"))
    + """ <= 5
           )),
           count(*)
    FROM cases_assessment a
    JOIN cases_case k ON k.id = a.case_id
    JOIN communes c ON c.id = k.commune_id
    WHERE k.is_child_protection AND a.kind IN ('needs', 'reassessment')
      AND a.assessed_on >= %(start)s AND a.assessed_on <= %(end)s
    GROUP BY ROLLUP (k.commune_id)
"""
)


def kpi_plan_drafted(ctx: QueryContext) -> list[Row]:
    """Child cases' needs assessments (and re-assessments) concluded in the
    period whose plan was drafted and submitted within 5 working days
    (Decree 56; the clock of cases.casework.deadlines). No plan yet: late."""
    return _fetch(ctx, _PLAN_DRAFTED_5WD)


def kpi_plan_approved(ctx: QueryContext) -> list[Row]:
    """Plans submitted in the period and approved within 2 working days
    (Decree 56). A plan still waiting counts as not (yet) approved in time."""
    return _fetch(ctx, _PLAN_APPROVED_2WD)


_REFERRAL_IN_TIME = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """
    SELECT r.commune_id, NULL,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM cases_referraltransition t
               WHERE t.referral_id = r.id AND t.to_status = 'accepted'
                 AND t.at <= r.response_due_at
           )),
           count(*)
    FROM cases_referral r
    JOIN communes c ON c.id = r.commune_id
    WHERE r.urgency IN ('urgent', 'emergency') AND r.status <> 'cancelled'
      AND r.sent_at >= %(start_at)s AND r.sent_at < %(end_before)s
    GROUP BY ROLLUP (r.commune_id)
"""
)


def kpi_referral_accepted(ctx: QueryContext) -> list[Row]:
    """Urgent and emergency referrals sent in the period (not cancelled)
    accepted by their response deadline (response_due_at, set when sent).
    Declined or still unanswered ones are not in time."""
    return _fetch(ctx, _REFERRAL_IN_TIME)


_RESIDENTS = (
    "WITH"  # noqa: S608 (static fragments only; values are parameters)
    + _COMMUNES
    + """,
    residential AS (
        SELECT f.id, f.commune_id, f.capacity
        FROM facilities_facility f
        JOIN communes c ON c.id = f.commune_id
        WHERE f.capacity IS NOT NULL AND f.kind = ANY(%(residential_kinds)s)
    )
    SELECT fac.commune_id, NULL,
           sum((
               SELECT count(*) FROM facilities_admission a
               WHERE a.facility_id = fac.id AND a.admitted_on <= %(end)s
                 AND (a.discharged_on IS NULL OR a.discharged_on > %(end)s)
           )),
           sum(fac.capacity)
    FROM residential fac
    GROUP BY ROLLUP (fac.commune_id)
"""
)


def residents_occupancy(ctx: QueryContext) -> list[Row]:
    """People living in a social assistance facility at period end (admitted
    on or before the last day, not discharged by it; a discharge ON the last
    day ends the stay), over the facilities' beds, by the facility's commune.
    Beds are the facility's current capacity (not dated)."""
    from facilities.models import RESIDENTIAL_KINDS

    return _fetch(
        ctx, _RESIDENTS, {"residential_kinds": sorted(k.value for k in RESIDENTIAL_KINDS)}
    )


# --- The job's own statements: tables present, its lock, the snapshot swap -----------


def existing_tables(names: set[str]) -> set[str]:
    """Which of `names` exist (to_regclass: one cheap query, not the full
    catalogue listing of connection.introspection)."""
    if not names:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t FROM unnest(%s::text[]) AS t WHERE to_regclass(t) IS NOT NULL",
            [sorted(names)],
        )
        return {row[0] for row in cursor.fetchall()}


def job_lock_try(key: int) -> bool:
    """Take the job's session-level advisory lock if free. Session, not
    transaction: the lock covers the whole run (computing, then the short
    swap transaction); PostgreSQL frees it if the process dies."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        return bool(cursor.fetchone()[0])


def job_lock_release(key: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def async_commit(enable: bool) -> None:
    """Turn synchronous_commit off for this session (enable), or back to the
    server's setting. The job's writes are derived data: a commit lost in a
    server crash leaves its run 'started', which the catch-up redoes. With
    it on, each of the job's commits (run row, progress, swap) waited for a
    WAL flush: about 9 ms each on the two-core test machine."""
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off" if enable else "RESET synchronous_commit")


# A snapshot row as the job builds it: code, breakdown, unit id, numerator,
# denominator, value (rounded, as text: exact through JSON), source.
SnapshotRow = tuple[str, str, int, int, int | None, str | None, str]

_SNAPSHOT_DELETE = """
    DELETE FROM indicators_indicatorvalue
    WHERE period_kind = %(kind)s AND period_start = %(start)s
"""

# All rows in one statement, sent as one JSON array of arrays (positions as
# in SnapshotRow): no model instances, no per-row parameter adaptation (the
# ORM's bulk_create spent more time building its INSERT than PostgreSQL
# spent running it).
_SNAPSHOT_INSERT = """
    INSERT INTO indicators_indicatorvalue
        (code, breakdown, unit_id, numerator, denominator, value, source,
         period_kind, period_start, period_end, computed_at, run_id)
    SELECT r ->> 0, r ->> 1, (r ->> 2)::bigint, (r ->> 3)::bigint, (r ->> 4)::bigint,
           (r ->> 5)::numeric, r ->> 6,
           %(kind)s, %(start)s, %(end)s, %(computed_at)s, %(run)s
    FROM jsonb_array_elements(%(rows)s::jsonb) AS r
"""


def snapshot_replace(
    *,
    period: Period,
    run_id: int,
    computed_at: datetime.datetime,
    rows: list[SnapshotRow],
) -> int:
    """Replace the period's snapshot with `rows` (call inside the swap
    transaction): one DELETE, one INSERT. Returns the rows written."""
    params = {
        "kind": period.kind,
        "start": period.start,
        "end": period.end,
        "computed_at": computed_at,
        "run": run_id,
        "rows": json.dumps(rows),
    }
    with connection.cursor() as cursor:
        cursor.execute(_SNAPSHOT_DELETE, params)
        cursor.execute(_SNAPSHOT_INSERT, params)
        return cursor.rowcount
