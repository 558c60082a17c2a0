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

from .amounts import add_months
from .models import OWN_GROUPS_WITH_SINGLE_PARENT, EndReason, Group

ARREARS_LOOKBACK_MONTHS = 12

_LEVEL = """GREATEST(
    (SELECT s.amount FROM allowances_standardlevel s
      WHERE s.scope = 'national' AND s.confirmed AND s.valid_from <= mm.m
      ORDER BY s.valid_from DESC LIMIT 1),
    (SELECT s.amount FROM allowances_standardlevel s
      WHERE s.scope = 'province' AND s.confirmed AND s.valid_from <= mm.m
      ORDER BY s.valid_from DESC LIMIT 1))"""

_ACTIVE = "e.start_month <= {m} AND (e.end_month IS NULL OR e.end_month >= {m})"

# Shared CTEs: the amounts due per (beneficiary, month) for the target month
# and the earlier months that need recomputing.
DUE_CTES = f"""
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
    SELECT ent.beneficiary_id, ent.commune_id, ent.m, ent."group", lvl.standard,
           round(lvl.standard * c.coef * ent.units) AS amount
      FROM ent
      JOIN lvl ON lvl.m = ent.m
      JOIN cases_beneficiary b ON b.id = ent.beneficiary_id
      CROSS JOIN LATERAL (
          SELECT extract(year FROM age((ent.m + interval '1 month' - interval '1 day')::date,
                 COALESCE(b.birth_date, make_date(b.birth_year, 1, 1))))::int AS age
      ) a
      CROSS JOIN LATERAL (
          SELECT max(c.coefficient) AS coef FROM allowances_coefficient c
           WHERE c."group" = ent."group" AND (c.sub_case = '' OR c.sub_case = ent.sub_case)
             AND c.valid_from <= ent.m AND (c.valid_to IS NULL OR c.valid_to >= ent.m)
             AND (c.min_age IS NULL OR a.age >= c.min_age)
             AND (c.max_age IS NULL OR a.age < c.max_age)
      ) c
     WHERE c.coef IS NOT NULL
),
due AS (
    SELECT beneficiary_id, min(commune_id) AS commune_id, m, max(standard) AS standard,
           CASE WHEN bool_or("group" = %(single_parent)s) AND bool_or("group" = ANY(%(own)s))
                THEN max(amount) FILTER (WHERE "group" = %(single_parent)s)
                     + max(amount) FILTER (WHERE "group" = ANY(%(own)s))
                ELSE max(amount) END::bigint AS amount,
           string_agg(DISTINCT "group", ', ') AS groups
      FROM amt GROUP BY beneficiary_id, m
),
paid AS (
    SELECT p.beneficiary_id, p.month AS m, p.amount AS paid
      FROM allowances_payment p
     WHERE p.month >= %(window_start)s AND p.month < %(month)s
    UNION ALL
    SELECT p.beneficiary_id, a.for_month, a.amount
      FROM allowances_arrearsitem a JOIN allowances_payment p ON p.id = a.payment_id
     WHERE a.for_month >= %(window_start)s AND p.month < %(month)s
),
gaps AS (
    SELECT d.beneficiary_id, d.m, d.amount - COALESCE(sum(paid.paid), 0) AS gap
      FROM due d
      LEFT JOIN paid ON paid.beneficiary_id = d.beneficiary_id AND paid.m = d.m
     WHERE d.m < %(month)s
     GROUP BY d.beneficiary_id, d.m, d.amount
    HAVING d.amount - COALESCE(sum(paid.paid), 0) > 0
)
"""  # noqa: S608 (fixed SQL fragments composed once; values are parameters)

INSERT_PAYMENTS = f"""
WITH {DUE_CTES},
owed AS (SELECT beneficiary_id, sum(gap)::bigint AS total FROM gaps GROUP BY beneficiary_id),
pay AS (
    INSERT INTO allowances_payment
        (payment_list_id, beneficiary_id, month, groups, coefficient, standard, amount, arrears,
         method, bank_name, account_number, change, previous_amount, change_reason)
    SELECT l.id, d.beneficiary_id, d.m, d.groups, round(d.amount::numeric / d.standard, 2),
           d.standard, d.amount, COALESCE(o.total, 0),
           COALESCE(acc.method, 'post_office'), COALESCE(acc.bank_name, ''),
           COALESCE(acc.account_number, ''),
           CASE WHEN prev.id IS NULL THEN 'added'
                WHEN prev.amount <> d.amount THEN 'changed' ELSE 'unchanged' END,
           prev.amount,
           CASE WHEN prev.id IS NULL AND o.total IS NOT NULL THEN %(r_added_arrears)s
                WHEN prev.id IS NULL THEN %(r_added)s
                WHEN prev.amount <> d.amount AND prev.standard <> d.standard THEN %(r_level)s
                WHEN prev.amount <> d.amount THEN %(r_coefficient)s
                WHEN o.total IS NOT NULL THEN %(r_arrears)s
                ELSE '' END
      FROM due d
      JOIN allowances_paymentlist l ON l.commune_id = d.commune_id AND l.month = d.m
      LEFT JOIN owed o ON o.beneficiary_id = d.beneficiary_id
      LEFT JOIN allowances_paymentaccount acc ON acc.beneficiary_id = d.beneficiary_id
      LEFT JOIN allowances_payment prev
        ON prev.beneficiary_id = d.beneficiary_id AND prev.month = %(previous)s
     WHERE d.m = %(month)s AND d.amount > 0
    RETURNING id, beneficiary_id
),
items AS (
    INSERT INTO allowances_arrearsitem (payment_id, for_month, amount)
    SELECT pay.id, g.m, g.gap FROM gaps g JOIN pay USING (beneficiary_id)
    RETURNING 1
)
SELECT (SELECT count(*) FROM pay), (SELECT count(*) FROM items)
"""  # noqa: S608

INSERT_REMOVALS = """
INSERT INTO allowances_paymentremoval (payment_list_id, beneficiary_id, previous_amount, reason)
SELECT l.id, prev.beneficiary_id, prev.amount,
       CASE (SELECT e.end_reason FROM allowances_allowanceentitlement e
              WHERE e.beneficiary_id = prev.beneficiary_id AND e.end_month < %(month)s
              ORDER BY e.end_month DESC LIMIT 1)
            WHEN 'death' THEN %(r_death)s
            WHEN 'moved' THEN %(r_moved)s
            WHEN 'ineligible' THEN %(r_ineligible)s
            WHEN 'other' THEN %(r_other)s
            ELSE %(r_age)s END
  FROM allowances_payment prev
  JOIN allowances_paymentlist pl ON pl.id = prev.payment_list_id
  JOIN allowances_paymentlist l ON l.commune_id = pl.commune_id AND l.month = %(month)s
 WHERE prev.month = %(previous)s AND pl.commune_id = ANY(%(communes)s)
   AND NOT EXISTS (SELECT 1 FROM allowances_payment p
                    WHERE p.beneficiary_id = prev.beneficiary_id AND p.month = %(month)s)
"""

UPDATE_TOTALS = """
UPDATE allowances_paymentlist l
   SET standard = %(standard)s,
       people = COALESCE(t.people, 0), total_amount = COALESCE(t.amount, 0),
       total_arrears = COALESCE(t.arrears, 0), added = COALESCE(t.added, 0),
       changed = COALESCE(t.changed, 0),
       removed = (SELECT count(*) FROM allowances_paymentremoval r WHERE r.payment_list_id = l.id),
       generated_at = %(now)s
  FROM (SELECT l2.id,
               t.people, t.amount, t.arrears, t.added, t.changed
          FROM allowances_paymentlist l2
          LEFT JOIN (SELECT payment_list_id, count(*) AS people, sum(amount) AS amount,
                            sum(arrears) AS arrears,
                            count(*) FILTER (WHERE change = 'added') AS added,
                            count(*) FILTER (WHERE change = 'changed') AS changed
                       FROM allowances_payment WHERE month = %(month)s
                      GROUP BY payment_list_id) t ON t.payment_list_id = l2.id
         WHERE l2.month = %(month)s AND l2.commune_id = ANY(%(communes)s)) t
 WHERE l.id = t.id
"""

CLEAR_DRAFTS = [
    """DELETE FROM allowances_arrearsitem a USING allowances_payment p, allowances_paymentlist l
        WHERE a.payment_id = p.id AND p.payment_list_id = l.id AND l.status = 'draft'
          AND l.month = %(month)s AND l.commune_id = ANY(%(communes)s)""",
    """DELETE FROM allowances_payment p USING allowances_paymentlist l
        WHERE p.payment_list_id = l.id AND l.status = 'draft'
          AND l.month = %(month)s AND l.commune_id = ANY(%(communes)s)""",
    """DELETE FROM allowances_paymentremoval r USING allowances_paymentlist l
        WHERE r.payment_list_id = l.id AND l.status = 'draft'
          AND l.month = %(month)s AND l.commune_id = ANY(%(communes)s)""",
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
        # The month's lists were just created: without fresh statistics the
        # planner takes the table for empty and scans it once per person.
        cursor.execute("ANALYZE allowances_paymentlist")
        for statement in CLEAR_DRAFTS:
            cursor.execute(statement, p)
        cursor.execute(INSERT_PAYMENTS, p)
        payments, items = cursor.fetchone()
        cursor.execute(INSERT_REMOVALS, p)
        cursor.execute(UPDATE_TOTALS, p)
    return payments, items


REASON_CODES = [c.value for c in EndReason]
