"""`generate_province` step for social assistance: monthly-allowance decisions
(AllowanceEntitlement) for the generated people, by their register category,
age and disability, in rough real proportions, and how each is paid.

About 5 people in 100 of the register get a decision, about 50,000 at
1,000,000 (the seeds: 50,000 on the allowance in one province; Cần Thơ paid
482,000 monthly payments in a year). Shares, each drawn from the person's own
hash so the same seed gives the same decisions:

- 5.6 disability: everyone especially severe, half of the severe;
- 5.5a poor older people: 4 in 100 aged 60+; 5.5b: 3 in 10 of the ethnic
  minority aged 75–79; 5.5c: a quarter of the register's 80+ category, ended
  on 30/6/2025 (the social pension took over, DOMAIN §2.3);
- 5.1 children without support (orphans: sub-case b, abandoned: a) and 5.3
  children with HIV, until the month before they turn 16; 5.7 a quarter of
  minority children under 3, until the month before they turn 3;
- 5.4 poor single parents (the register's category) for 1–3 children;
  5.8 half of the adults with HIV.

Decisions start between 7/2021 (Decree 20) and last month, never before the
person fits the group (turning 60, 75, 80; birth), and 6 in 100 of the older
people died since (end_month, reason death). The coefficient recorded at the
decision is the one the table gives then; a decision whose age fits no band
is not made. One INSERT … SELECT, then the payment accounts (a quarter by bank).
"""

from __future__ import annotations

from django.db import connection

from socialwork.ages import age_at_month_end_sql
from socialwork.demo.bulk import insert_select
from socialwork.demo.generate import GeneratorContext

from .models import AllowanceEntitlement, PaymentAccount

FIRST_MONTH = "date '2021-07-01'"
# Last month, so every generated decision can be paid in the current month.
LAST_MONTH = "(date_trunc('month', current_date) - interval '1 month')::date"

# One row per (person, group): the group, its sub-case, the units (children of
# a single parent), the first month the person fits and the month after the
# last (NULL: open), from the person's age, disability and register category.
CANDIDATES = f"""
WITH p AS (
    SELECT b.id, b.commune_id, b.birth_date AS born, b.disability_level,
           b.ethnicity_id IS DISTINCT FROM %(kinh)s AS minority,
           abs(hashtextextended(b.id::text || 'allowance', %(seed)s)) AS h,
           extract(year FROM age({LAST_MONTH}, b.birth_date))::int AS age,
           date_trunc('month', b.birth_date)::date AS born_month,
           COALESCE(cat.codes, '{{}}') AS codes
      FROM cases_beneficiary b
      -- The register categories that lead to a group, one array per person
      -- (joined once: no join between CTEs, which the planner misjudges).
      LEFT JOIN (
          SELECT bc.beneficiary_id, array_agg(c.code::text) AS codes
            FROM cases_beneficiarycategory bc JOIN cases_category c ON c.id = bc.category_id
           WHERE c.code = ANY(%(codes)s)
           GROUP BY bc.beneficiary_id
      ) cat ON cat.beneficiary_id = b.id
     WHERE b.merged_into_id IS NULL AND b.identified AND b.birth_date IS NOT NULL
),
r AS (
    SELECT p.*, g.grp, g.sub, g.units, g.fits_from, g.fits_until
      FROM p CROSS JOIN LATERAL (
        SELECT 'ND20-5.6-especially' AS grp, '' AS sub, 1 AS units,
               p.born_month AS fits_from, NULL::date AS fits_until
         WHERE p.disability_level = 'especially_severe'
        UNION ALL
        SELECT 'ND20-5.6-severe', '', 1, p.born_month, NULL
         WHERE p.disability_level = 'severe' AND p.h %% 2 = 0
        UNION ALL
        SELECT 'ND20-5.5a', '', 1, (p.born_month + interval '60 years')::date, NULL
         WHERE p.age >= 60 AND p.h %% 100 < 4
        UNION ALL
        SELECT 'ND20-5.5b', '', 1, (p.born_month + interval '75 years')::date,
               (p.born_month + interval '80 years')::date
         WHERE p.minority AND p.age BETWEEN 75 AND 79 AND p.h / 7 %% 10 < 3
        UNION ALL
        SELECT 'ND20-5.5c', '', 1, (p.born_month + interval '80 years')::date,
               date '2025-07-01'
         WHERE 'ND20-5.5c' = ANY(p.codes) AND p.h / 11 %% 4 = 0
        UNION ALL
        -- A child both orphaned and abandoned has one 5.1 decision.
        SELECT 'ND20-5.1', CASE WHEN 'TE-a' = ANY(p.codes) THEN 'b' ELSE 'a' END, 1,
               p.born_month, (p.born_month + interval '16 years')::date
         WHERE p.codes && ARRAY['TE-a', 'TE-b'] AND p.age < 16
        UNION ALL
        SELECT 'ND20-5.3', '', 1, p.born_month, (p.born_month + interval '16 years')::date
         WHERE 'TE-dd' = ANY(p.codes) AND p.age < 16
        UNION ALL
        SELECT 'ND20-5.7', '', 1, p.born_month, (p.born_month + interval '3 years')::date
         WHERE p.minority AND p.age < 3 AND p.h / 13 %% 4 = 0
        UNION ALL
        SELECT 'ND20-5.4', '', 1 + (p.h / 17 %% 3)::int, p.born_month, NULL
         WHERE 'ND20-5.4' = ANY(p.codes)
        UNION ALL
        SELECT 'ND20-5.8', '', 1, p.born_month, NULL
         WHERE 'YT-HIV' = ANY(p.codes) AND p.age >= 16 AND p.h / 19 %% 2 = 0
      ) g
),
d AS (
    SELECT r.*,
           greatest({FIRST_MONTH}, r.fits_from,
                    ({FIRST_MONTH} + make_interval(months => (r.h / 23 %% %(span)s)::int))::date
           ) AS start_month,
           r.grp IN ('ND20-5.5a', 'ND20-5.5b', 'ND20-5.5c') AND r.h / 29 %% 100 < 6 AS dies
      FROM r
),
e AS (
    SELECT d.*,
           CASE WHEN d.dies THEN least(
                    (d.start_month + make_interval(months => (d.h / 31 %% 36)::int))::date,
                    (d.fits_until - interval '1 month')::date, {LAST_MONTH})
                ELSE (d.fits_until - interval '1 month')::date END AS end_month
      FROM d
     WHERE d.start_month <= {LAST_MONTH}
)
SELECT e.*, c.coefficient,
       CASE WHEN e.dies AND e.end_month IS NOT NULL THEN 'death'
            WHEN e.end_month IS NOT NULL THEN 'ineligible' ELSE '' END AS reason,
       e.end_month IS NOT NULL AND e.end_month > {LAST_MONTH} AS ends_later
  FROM e
  CROSS JOIN LATERAL (
      SELECT max(c.coefficient) AS coefficient FROM allowances_coefficient c
       WHERE c."group" = e.grp AND (c.sub_case = '' OR c.sub_case = e.sub)
         AND c.valid_from <= e.start_month
         AND (c.valid_to IS NULL OR c.valid_to >= e.start_month)
         AND (c.min_age IS NULL
              OR {age_at_month_end_sql("e.start_month", born="e.born")} >= c.min_age)
         AND (c.max_age IS NULL
              OR {age_at_month_end_sql("e.start_month", born="e.born")} < c.max_age)
  ) c
 WHERE e.end_month IS NULL OR e.end_month >= e.start_month
"""  # noqa: S608 (fixed SQL; values are parameters)

CODES = ["ND20-5.5c", "ND20-5.4", "TE-a", "TE-b", "TE-dd", "YT-HIV"]


def generate(ctx: GeneratorContext) -> None:

    with connection.cursor() as cursor:
        # The people were just inserted: without statistics the planner takes
        # them for a few rows and joins them by nested loop.
        cursor.execute("ANALYZE cases_beneficiary, cases_beneficiarycategory")
        cursor.execute("SELECT id FROM cases_ethnicity WHERE code = '01'")
        row = cursor.fetchone()
        cursor.execute(
            f"SELECT (extract(year FROM age({LAST_MONTH}, {FIRST_MONTH})) * 12"  # noqa: S608
            f" + extract(month FROM age({LAST_MONTH}, {FIRST_MONTH})))::int + 1"
        )
        span = cursor.fetchone()[0]
    insert_select(
        AllowanceEntitlement,
        {
            "beneficiary_id": "x.id",
            "commune_id": "x.commune_id",
            "group": "x.grp",
            "sub_case": "x.sub",
            "units": "x.units",
            "coefficient": "x.coefficient",
            "start_month": "x.start_month",
            # An end still to come (a child turning 16 next year) is not decided yet.
            "end_month": "CASE WHEN x.ends_later THEN NULL ELSE x.end_month END",
            "end_reason": "CASE WHEN x.ends_later THEN '' ELSE x.reason END",
            "ended_on": "CASE WHEN x.ends_later OR x.end_month IS NULL THEN NULL"
            " ELSE x.end_month + (x.h / 37 %% 28)::int END",
            "decision_number": "'SINH-' || x.id || '-' || x.grp || '/QĐ-UBND'",
            "decided_on": "x.start_month",
        },
        f"({CANDIDATES}) x WHERE x.coefficient IS NOT NULL ORDER BY x.id, x.grp",
        {"seed": ctx.seed, "kinh": row[0] if row else None, "codes": CODES, "span": span},
    )
    insert_select(
        PaymentAccount,
        {
            "beneficiary_id": "e.beneficiary_id",
            "method": "CASE WHEN e.h %% 4 = 0 THEN 'bank' ELSE 'post_office' END",
            "bank_name": "CASE WHEN e.h %% 4 = 0 THEN 'Agribank' ELSE '' END",
            "account_number": "CASE WHEN e.h %% 4 = 0"
            " THEN (5200000000 + e.beneficiary_id)::text ELSE '' END",
        },
        "(SELECT DISTINCT beneficiary_id,"
        " abs(hashtextextended(beneficiary_id::text || 'account', %(seed)s)) AS h"
        " FROM allowances_allowanceentitlement) e"
        " WHERE NOT EXISTS (SELECT 1 FROM allowances_paymentaccount a"
        " WHERE a.beneficiary_id = e.beneficiary_id)",
        {"seed": ctx.seed},
    )
