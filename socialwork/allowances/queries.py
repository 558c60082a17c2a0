"""Raw SQL of the reports, where the ORM hides the shape of the aggregate.

`care_months_sql(admissions_sql)`: per facility, the months of state-funded
care in a run of months and their funding (Decree 20 Art. 25: the monthly
care allowance is 5.0 × the standard for a child under 4, 4.0 for everyone
4 and older). A stay counts every month from its admission month to its
discharge month (both included); age is in completed years at the month's
end, like the monthly allowance; an unknown birth date counts as 4 and older.
The standard is the month's (the higher of the confirmed national and
province levels), as on the payment lists: looked up once per month
(MATERIALIZED), not once per stay and month.
"""

from __future__ import annotations

from socialwork.ages import age_at_month_end_sql

from .payments import standard_level_sql

CARE_COEFFICIENT_UNDER_4 = 5.0
CARE_COEFFICIENT_4_AND_OVER = 4.0


def care_months_sql(admissions_sql: str) -> str:
    """Positional parameters: first month, last month, then those of
    `admissions_sql` (a SELECT of admission ids, already scoped)."""
    return f"""
WITH mm AS (SELECT m::date AS m FROM generate_series(%s::date, %s::date, interval '1 month') m),
lvl AS MATERIALIZED (SELECT mm.m, {standard_level_sql("mm.m")} AS standard FROM mm),
stay AS (
    SELECT a.facility_id, lvl.m, lvl.standard,
           {age_at_month_end_sql("lvl.m")} AS age
      FROM facilities_admission a
      JOIN cases_beneficiary b ON b.id = a.beneficiary_id
      JOIN lvl ON lvl.m >= date_trunc('month', a.admitted_on)
              AND (a.discharged_on IS NULL OR lvl.m <= date_trunc('month', a.discharged_on))
     WHERE a.id IN ({admissions_sql})
)
SELECT facility_id, count(*) AS care_months,
       COALESCE(sum(round(COALESCE(standard, 0) * CASE WHEN age < 4
                THEN {CARE_COEFFICIENT_UNDER_4} ELSE {CARE_COEFFICIENT_4_AND_OVER} END)), 0)::bigint
  FROM stay GROUP BY facility_id
"""  # noqa: S608 (fixed fragments; the nested SELECT is ORM-compiled; values are parameters)
