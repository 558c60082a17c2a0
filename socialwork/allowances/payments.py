"""Monthly payment lists generated set-based: a fixed number of statements for
one commune or the whole province, whatever the number of people.

The amount rules are those of `amounts.py`, written once more in SQL:
standard of the month (the higher of national and province, confirmed) ×
coefficient (dated, by group and the age at the month's end) × units; only
the highest, except the single parent's own amount (Art. 6(2)).

Arrears (truy lĩnh) look back ARREARS_LOOKBACK_MONTHS over the months that
had a list for the commune, and recompute only where something changed since
that list was made: the month's standard is now higher (a back-dated rise:
everyone in the commune), or an entitlement was recorded after the list was
made (a back-dated start: that person). The gap (due now − paid for that
month, counting arrears already caught up) is paid with this month's amount
and recorded per month in ArrearsItem.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils.translation import gettext as _

from socialwork.ages import age_at_month_end_sql

from .amounts import add_months
from .models import OWN_GROUPS_WITH_SINGLE_PARENT, EndReason, Group, SubCase

ARREARS_LOOKBACK_MONTHS = 12


def standard_level_sql(month: str) -> str:
    """The SQL twin of `amounts.level_in_force(...).amount` for the month `month`
    (an SQL expression): the latest confirmed level of each scope, the higher one."""
    return f"""GREATEST(
    (SELECT s.amount FROM allowances_standardlevel s
      WHERE s.scope = 'national' AND s.confirmed AND s.valid_from <= {month}
      ORDER BY s.valid_from DESC LIMIT 1),
    (SELECT s.amount FROM allowances_standardlevel s
      WHERE s.scope = 'province' AND s.confirmed AND s.valid_from <= {month}
      ORDER BY s.valid_from DESC LIMIT 1))"""  # noqa: S608 (fixed fragment)


_LEVEL = standard_level_sql("mm.m")

_ACTIVE = "e.start_month <= {m} AND (e.end_month IS NULL OR e.end_month >= {m})"

# Age in completed years at the month's end; NULL (unknown) becomes -999,
# which only the bands without age limits take.
_AGE = f"COALESCE({age_at_month_end_sql('{m}')}, -999)"

# One statement lists the whole month: how it stays fast at a million people.
# - The coefficient is found by an equality join, not a subquery per person:
#   the table is expanded into one row per (month, group, sub-case, age) in
#   `coef` and joined on a single composite key (with four keys on a CTE the
#   planner expects a handful of rows and probes once per person). Art. 6(2)
#   flags are worked out there, once per group.
# - The months before are recomputed only for `raised` (a back-dated rise:
#   everyone in the commune) and `late` (a decision recorded after that
#   month's list: that person). Their CTEs are empty in an ordinary month and
#   the joins over them stop at once.
# - Last month's payments are read once, through their lists (an index on
#   the list, not a scan of every month's payments): for the changes
#   (tăng/giảm/thay đổi), the removals and nothing else.
# - The removals and the lists' totals are written from what the insert
#   returns, so the month's payments are not read back.
LIST_MONTH = f"""
WITH
cur_lists AS (
    SELECT l.id, l.commune_id FROM allowances_paymentlist l
     WHERE l.month = %(month)s AND l.commune_id = ANY(%(communes)s)
),
lists AS (
    SELECT l.commune_id, l.month AS m, l.standard, l.generated_at
      FROM allowances_paymentlist l
     WHERE l.commune_id = ANY(%(communes)s) AND l.month >= %(window_start)s
       AND l.month < %(month)s
),
lvl AS (
    SELECT mm.m, {_LEVEL} AS standard
      FROM (SELECT %(month)s::date AS m UNION SELECT m FROM lists) mm
),
raised AS (
    SELECT lists.commune_id, lists.m FROM lists JOIN lvl USING (m)
     WHERE lvl.standard > COALESCE(lists.standard, 0)
),
late AS (
    SELECT DISTINCT e.beneficiary_id, lists.m
      FROM allowances_allowanceentitlement e
      JOIN lists ON lists.commune_id = e.commune_id AND {_ACTIVE.format(m="lists.m")}
                AND e.created_at > lists.generated_at
     WHERE e.created_at > (SELECT min(generated_at) FROM lists)
       AND NOT EXISTS (SELECT 1 FROM raised r WHERE r.commune_id = lists.commune_id
                                                AND r.m = lists.m)
),
coef AS (
    SELECT concat_ws('|', lvl.m, c."group", s.sub, a.age) AS k, lvl.standard,
           max(c.coefficient) AS coef,
           -- Art. 6(2), decided once per group here rather than once per person.
           c."group" = %(single_parent)s AS sp, c."group" = ANY(%(own)s) AS own
      FROM lvl
      JOIN allowances_coefficient c
        ON c.valid_from <= lvl.m AND (c.valid_to IS NULL OR c.valid_to >= lvl.m)
      JOIN unnest(%(sub_cases)s::text[]) s(sub) ON c.sub_case = '' OR c.sub_case = s.sub
      CROSS JOIN (SELECT -999 AS age UNION ALL SELECT generate_series(0, 150)) a
     WHERE (lvl.m = %(month)s OR lvl.m IN (SELECT m FROM raised UNION SELECT m FROM late))
       AND CASE WHEN a.age = -999 THEN c.min_age IS NULL AND c.max_age IS NULL
                ELSE (c.min_age IS NULL OR a.age >= c.min_age)
                     AND (c.max_age IS NULL OR a.age < c.max_age) END
     GROUP BY 1, 2, c."group"
),
ent AS (
    SELECT e.beneficiary_id, e.commune_id, e."group", e.sub_case, e.units, %(month)s::date AS m
      FROM allowances_allowanceentitlement e
     WHERE e.commune_id = ANY(%(communes)s) AND {_ACTIVE.format(m="%(month)s::date")}
    UNION ALL
    SELECT e.beneficiary_id, e.commune_id, e."group", e.sub_case, e.units, r.m
      FROM raised r
      JOIN allowances_allowanceentitlement e
        ON e.commune_id = r.commune_id AND {_ACTIVE.format(m="r.m")}
    UNION ALL
    SELECT e.beneficiary_id, e.commune_id, e."group", e.sub_case, e.units, late.m
      FROM late
      JOIN allowances_allowanceentitlement e
        ON e.beneficiary_id = late.beneficiary_id AND {_ACTIVE.format(m="late.m")}
),
amt AS (
    SELECT ent.beneficiary_id, ent.commune_id, ent.m, ent."group", c.standard, c.sp, c.own,
           round(c.standard * c.coef * ent.units) AS amount
      FROM ent
      JOIN cases_beneficiary b ON b.id = ent.beneficiary_id
      JOIN coef c
        ON c.k = concat_ws('|', ent.m, ent."group", ent.sub_case, {_AGE.format(m="ent.m")})
),
due AS (
    SELECT beneficiary_id, min(commune_id) AS commune_id, m, max(standard) AS standard,
           CASE WHEN bool_or(sp) AND bool_or(own)
                THEN max(amount) FILTER (WHERE sp) + max(amount) FILTER (WHERE own)
                ELSE max(amount) END::bigint AS amount,
           string_agg(DISTINCT "group", ', ') AS groups
      FROM amt GROUP BY beneficiary_id, m
),
-- What is still owed for an earlier month: due now − paid for it then −
-- arrears already caught up for it since. Looked up per (person, month)
-- through the (beneficiary, month) and (payment, for_month) indexes: a few
-- rows in an ordinary month (late decisions), everyone's recent months after a
-- back-dated rise; never a read of the whole window of payments.
gaps AS (
    SELECT * FROM (
        SELECT d.beneficiary_id, d.m,
               d.amount
               - COALESCE((SELECT sum(p.amount) FROM allowances_payment p
                            WHERE p.beneficiary_id = d.beneficiary_id AND p.month = d.m), 0)
               - COALESCE((SELECT sum(a.amount) FROM allowances_arrearsitem a
                            WHERE a.for_month = d.m
                              AND a.payment_id = ANY(ARRAY(
                                  SELECT p.id FROM allowances_payment p
                                   WHERE p.beneficiary_id = d.beneficiary_id
                                     AND p.month > d.m AND p.month < %(month)s))), 0) AS gap
          FROM due d
         WHERE d.m < %(month)s
        OFFSET 0  -- computed once: not flattened into the filter below
    ) g
     WHERE g.gap > 0
),
owed AS (SELECT beneficiary_id, sum(gap)::bigint AS total FROM gaps GROUP BY beneficiary_id),
prev AS (
    SELECT p.beneficiary_id, p.amount, p.standard, pl.commune_id
      FROM allowances_payment p
      JOIN allowances_paymentlist pl ON pl.id = p.payment_list_id
     WHERE p.payment_list_id = ANY(ARRAY(
               SELECT l.id FROM allowances_paymentlist l WHERE l.month = %(previous)s))
),
-- Paid this month on a list made before this run (another commune's: the
-- person moved); usually none.
elsewhere AS (
    SELECT p.beneficiary_id FROM allowances_payment p
     WHERE p.payment_list_id = ANY(ARRAY(
               SELECT l.id FROM allowances_paymentlist l
                WHERE l.month = %(month)s AND NOT l.commune_id = ANY(%(communes)s)))
),
pay AS (
    INSERT INTO allowances_payment
        (payment_list_id, beneficiary_id, month, groups, coefficient, standard, amount, arrears,
         method, bank_name, account_number, change, previous_amount, change_reason)
    SELECT l.id, d.beneficiary_id, d.m, d.groups, round(d.amount::numeric / d.standard, 2),
           d.standard, d.amount, COALESCE(o.total, 0),
           COALESCE(acc.method, 'post_office'), COALESCE(acc.bank_name, ''),
           COALESCE(acc.account_number, ''),
           CASE WHEN prev.amount IS NULL THEN 'added'
                WHEN prev.amount <> d.amount THEN 'changed' ELSE 'unchanged' END,
           prev.amount,
           CASE WHEN prev.amount IS NULL AND o.total IS NOT NULL THEN %(r_added_arrears)s
                WHEN prev.amount IS NULL THEN %(r_added)s
                WHEN prev.amount <> d.amount AND prev.standard <> d.standard THEN %(r_level)s
                WHEN prev.amount <> d.amount THEN %(r_coefficient)s
                WHEN o.total IS NOT NULL THEN %(r_arrears)s
                ELSE '' END
      FROM due d
      JOIN cur_lists l ON l.commune_id = d.commune_id
      LEFT JOIN owed o ON o.beneficiary_id = d.beneficiary_id
      LEFT JOIN allowances_paymentaccount acc ON acc.beneficiary_id = d.beneficiary_id
      LEFT JOIN prev ON prev.beneficiary_id = d.beneficiary_id
     WHERE d.m = %(month)s AND d.amount > 0
    RETURNING id, beneficiary_id, payment_list_id, amount, arrears, change
),
items AS (
    INSERT INTO allowances_arrearsitem (payment_id, for_month, amount)
    SELECT pay.id, g.m, g.gap FROM gaps g JOIN pay USING (beneficiary_id)
    RETURNING 1
),
removed AS (
    INSERT INTO allowances_paymentremoval
        (payment_list_id, beneficiary_id, previous_amount, reason)
    SELECT l.id, prev.beneficiary_id, prev.amount,
           CASE (SELECT e.end_reason FROM allowances_allowanceentitlement e
                  WHERE e.beneficiary_id = prev.beneficiary_id AND e.end_month < %(month)s
                  ORDER BY e.end_month DESC LIMIT 1)
                WHEN 'death' THEN %(r_death)s
                WHEN 'moved' THEN %(r_moved)s
                WHEN 'ineligible' THEN %(r_ineligible)s
                WHEN 'other' THEN %(r_other)s
                ELSE %(r_age)s END
      FROM prev
      JOIN cur_lists l ON l.commune_id = prev.commune_id
     -- NOT IN, not NOT EXISTS: a hashed subplan whatever the planner guesses
     -- of the CTE's size (taken for one row, an anti-join rescans it per person).
     WHERE prev.beneficiary_id NOT IN (SELECT d.beneficiary_id FROM due d
                                        WHERE d.m = %(month)s AND d.amount > 0)
       AND prev.beneficiary_id NOT IN (SELECT x.beneficiary_id FROM elsewhere x)
    RETURNING payment_list_id
),
totals AS (
    UPDATE allowances_paymentlist l
       SET standard = %(standard)s,
           people = COALESCE(t.people, 0), total_amount = COALESCE(t.amount, 0),
           total_arrears = COALESCE(t.arrears, 0), added = COALESCE(t.added, 0),
           changed = COALESCE(t.changed, 0), removed = COALESCE(r.removed, 0),
           generated_at = %(now)s
      FROM cur_lists cl
      LEFT JOIN (SELECT payment_list_id, count(*) AS people, sum(amount) AS amount,
                        sum(arrears) AS arrears,
                        count(*) FILTER (WHERE change = 'added') AS added,
                        count(*) FILTER (WHERE change = 'changed') AS changed
                   FROM pay GROUP BY payment_list_id) t ON t.payment_list_id = cl.id
      LEFT JOIN (SELECT payment_list_id, count(*) AS removed
                   FROM removed GROUP BY payment_list_id) r ON r.payment_list_id = cl.id
     WHERE l.id = cl.id
    RETURNING 1
)
SELECT (SELECT count(*) FROM pay), (SELECT count(*) FROM items), (SELECT count(*) FROM totals)
"""  # noqa: S608 (fixed SQL fragments composed once; values are parameters)

# The month's drafts, found through their lists (an index on the list id,
# never a scan of every month's payments).
_DRAFTS = """ANY(ARRAY(SELECT l.id FROM allowances_paymentlist l
                        WHERE l.status = 'draft' AND l.month = %(month)s
                          AND l.commune_id = ANY(%(communes)s)))"""
CLEAR_DRAFTS = [
    f"DELETE FROM allowances_arrearsitem a USING allowances_payment p"  # noqa: S608 (fixed SQL)
    f" WHERE a.payment_id = p.id AND p.payment_list_id = {_DRAFTS}",
    f"DELETE FROM allowances_payment p WHERE p.payment_list_id = {_DRAFTS}",  # noqa: S608
    f"DELETE FROM allowances_paymentremoval r WHERE r.payment_list_id = {_DRAFTS}",  # noqa: S608
]

MISSING_COEFFICIENTS = """
SELECT DISTINCT e."group" FROM allowances_allowanceentitlement e
 WHERE e.commune_id = ANY(%(communes)s)
   AND e.start_month <= %(month)s AND (e.end_month IS NULL OR e.end_month >= %(month)s)
   AND NOT EXISTS (SELECT 1 FROM allowances_coefficient c
                    WHERE c."group" = e."group" AND c.valid_from <= %(month)s)
 ORDER BY 1
"""


def params(*, month: datetime.date, communes: list[int], standard: int, now) -> dict:
    return {
        "month": month,
        "previous": add_months(month, -1),
        "window_start": add_months(month, -ARREARS_LOOKBACK_MONTHS),
        "communes": communes,
        "standard": standard,
        "now": now,
        "single_parent": Group.SINGLE_PARENT.value,
        "sub_cases": SubCase.values,
        "own": [g.value for g in OWN_GROUPS_WITH_SINGLE_PARENT],
        "r_added": _("Quyết định hưởng mới"),
        "r_added_arrears": _("Quyết định hưởng mới, truy lĩnh các tháng trước"),
        "r_level": _("Mức chuẩn trợ giúp xã hội thay đổi"),
        "r_coefficient": _("Hệ số thay đổi (tuổi hoặc nhóm đối tượng)"),
        "r_arrears": _("Truy lĩnh do mức chuẩn tăng hồi tố"),
        "r_death": _("Chết"),
        "r_moved": _("Chuyển nơi cư trú"),
        "r_ineligible": _("Không còn đủ điều kiện hưởng"),
        "r_other": _("Thôi hưởng theo quyết định"),
        "r_age": _("Hết tuổi hoặc hết hiệu lực chính sách của nhóm"),
    }


def missing_coefficient_groups(*, month: datetime.date, communes: list[int]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(MISSING_COEFFICIENTS, {"month": month, "communes": communes})
        return [row[0] for row in cursor.fetchall()]


def fill_lists(*, month: datetime.date, communes: list[int], standard: int, now) -> tuple[int, int]:
    """Clear the draft lists of the month for `communes` and fill them again.
    Returns (payments, arrears items)."""
    p = params(month=month, communes=communes, standard=standard, now=now)
    with connection.cursor() as cursor:
        # For these statements only: hashes and sorts over a million people
        # stay in memory (the default 4 MB spills them to disk), and no nested
        # loop join: the planner cannot size the CTEs, and one taken for a
        # single row but holding a million is rescanned once per person.
        # (Lookups that should probe an index are written as subqueries.)
        cursor.execute("SET LOCAL work_mem = '256MB'; SET LOCAL enable_nestloop = off")
        # The month's lists were just created: without fresh statistics the
        # planner takes the table for empty and scans it once per person.
        cursor.execute("ANALYZE allowances_paymentlist")
        for statement in CLEAR_DRAFTS:
            cursor.execute(statement, p)
        cursor.execute(LIST_MONTH, p)
        payments, items, _lists = cursor.fetchone()
        cursor.execute("RESET work_mem; RESET enable_nestloop")
    return payments, items


REASON_CODES = [c.value for c in EndReason]
