"""The view the indicator jobs semi-join: who received assistance, when, what.

    EXISTS (SELECT 1 FROM allowances_assistance_received a
            WHERE a.beneficiary_id = b.id AND a.received_on BETWEEN %s AND %s)

Monthly allowance: each paid (locked) month; the BHYT card when issued;
funeral support when paid; emergency support given to a person, or to a
household (then every member counts).
"""

from django.db import migrations

CREATE = """
CREATE VIEW allowances_assistance_received AS
SELECT p.beneficiary_id, p.month AS received_on, 'monthly_allowance'::text AS kind
  FROM allowances_payment p
  JOIN allowances_paymentlist l ON l.id = p.payment_list_id AND l.status = 'locked'
UNION ALL
SELECT c.beneficiary_id, c.issued_on, 'health_insurance'
  FROM allowances_healthinsurancecard c WHERE c.issued_on IS NOT NULL
UNION ALL
SELECT f.beneficiary_id, f.paid_on, 'funeral'
  FROM allowances_funeralsupport f WHERE f.paid_on IS NOT NULL
UNION ALL
SELECT s.beneficiary_id, COALESCE(s.paid_on, s.decided_on), 'emergency_' || s.kind
  FROM allowances_emergencysupport s WHERE s.beneficiary_id IS NOT NULL
UNION ALL
SELECT b.id, COALESCE(s.paid_on, s.decided_on), 'emergency_' || s.kind
  FROM allowances_emergencysupport s
  JOIN cases_beneficiary b ON b.household_id = s.household_id
 WHERE s.beneficiary_id IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [("allowances", "0004_seed_coefficients")]

    operations = [
        migrations.RunSQL(CREATE, "DROP VIEW IF EXISTS allowances_assistance_received"),
    ]
