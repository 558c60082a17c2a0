"""Monthly payment lists for every commune at once, set-based.

    BENCH_PEOPLE=1000000 ./scripts/test tests/bench/test_allowance_lists.py -m bench -s

Gives everyone in the generated province an entitlement (older people 5.5a,
children 5.1, others 5.6; every 20th also a single parent: the Art. 6(2)
exception), then generates one month for all communes and the next month
(with the changes since last month). Prints time and queries; asserts the
query count is fixed and everyone is paid once.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from socialwork.allowances import services
from socialwork.allowances.models import Payment
from tests.bench.conftest import measured
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENTITLE = """
INSERT INTO allowances_allowanceentitlement
    (beneficiary_id, commune_id, "group", sub_case, units, coefficient, start_month,
     end_reason, decision_number, decided_on, created_at)
SELECT b.id, b.commune_id, g.grp, CASE WHEN g.grp = 'ND20-5.1' THEN 'b' ELSE '' END, 1, 1.5,
       %(start)s, '', 'B-' || b.id, %(start)s, %(created)s
  FROM cases_beneficiary b
  CROSS JOIN LATERAL (
      SELECT CASE WHEN COALESCE(b.birth_year, 1970) <= 1960 THEN 'ND20-5.5a'
                  WHEN COALESCE(b.birth_year, 1970) >= 2012 THEN 'ND20-5.1'
                  ELSE 'ND20-5.6-severe' END AS grp
      UNION ALL
      SELECT 'ND20-5.4' WHERE b.id %% 20 = 0
  ) g
 WHERE b.merged_into_id IS NULL
"""


def test_generate_all_communes_one_month(bench_province):
    staff = UserFactory()
    month = datetime.date(2025, 5, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            ENTITLE,
            {
                "start": datetime.date(2025, 1, 1),
                "created": timezone.now() - datetime.timedelta(days=365),
            },
        )
        entitlements = cursor.rowcount
        cursor.execute("ANALYZE allowances_allowanceentitlement, cases_beneficiary")
    with measured(
        "allowance lists, all communes, first month", entitlements=entitlements
    ) as figures:
        result = services.payment_lists_generate(actor=staff, month=month)
        figures["payments"] = result.payments
        figures["lists"] = result.lists
    first_queries = figures["queries"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE allowances_payment, allowances_paymentlist")
    with measured("allowance lists, all communes, next month") as figures:
        result = services.payment_lists_generate(actor=staff, month=datetime.date(2025, 6, 1))
        figures["payments"] = result.payments
    assert figures["queries"] == first_queries
    assert Payment.objects.filter(month=month).count() == result.payments
