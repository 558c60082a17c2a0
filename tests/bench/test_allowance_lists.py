"""Monthly payment lists for every commune at once, set-based.

    BENCH_PEOPLE=1000000 ./scripts/test tests/bench/test_allowance_lists.py -m bench -s

Two cases, each generating last month for all communes, then this month
(with the changes since last month):

- realistic: the decisions `socialwork.allowances.generator` made for the
  generated province (about 5 people in 100: 50,000 at 1,000,000);
- worst case: everyone in the register on the allowance (as many payments
  as people): the generated decisions, and for everyone else older people
  5.5a, children 5.1, others 5.6; every 20th also a single parent (the
  Art. 6(2) exception).

Prints time and queries; asserts the query count is the same whatever the
number of people, that everyone is paid once, and that the big statements
read the tables as the plan intends (no per-person loop over the payments).
"""

import datetime
import os

import pytest
from django.db import connection
from django.utils import timezone

from socialwork.allowances import amounts
from socialwork.allowances.models import AllowanceEntitlement, Payment
from socialwork.allowances.services import payment_lists
from tests.bench.conftest import measured
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Everyone without a decision yet gets one (the worst case).
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
   AND NOT EXISTS (SELECT 1 FROM allowances_allowanceentitlement e
                    WHERE e.beneficiary_id = b.id)
"""

QUERIES: dict[str, int] = {}


def _backend_cpu() -> float | None:
    """CPU seconds the database backend of this connection has used (the
    embedded server runs here): steadier than wall time on a shared machine."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_since(start: float | None) -> str:
    end = _backend_cpu()
    return "n/a" if start is None or end is None else f"{end - start:.1f} s"


def _checked_as_at_commit() -> None:
    """The foreign keys are checked at commit (deferred), and a test never
    commits: check them now so the time counts them, as production pays them."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _two_months(name: str, staff) -> tuple[int, int]:
    """Generate last month, then this month; returns (queries, payments this month)."""
    this_month = amounts.month_start(timezone.localdate())
    last_month = amounts.add_months(this_month, -1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE allowances_allowanceentitlement, allowances_paymentaccount")
        cursor.execute("SELECT count(*) FROM allowances_allowanceentitlement")
        entitlements = cursor.fetchone()[0]
    cpu = _backend_cpu()
    with measured(f"allowance lists ({name}), all communes, first month") as figures:
        first = payment_lists.payment_lists_generate(actor=staff, month=last_month)
        _checked_as_at_commit()
        figures["backend_cpu"] = _cpu_since(cpu)
        figures["entitlements"] = entitlements
        figures["payments"] = first.payments
        figures["lists"] = first.lists
    first_queries = figures["queries"]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE allowances_payment, allowances_paymentlist")
    cpu = _backend_cpu()
    with measured(f"allowance lists ({name}), all communes, next month") as figures:
        result = payment_lists.payment_lists_generate(actor=staff, month=this_month)
        _checked_as_at_commit()
        figures["backend_cpu"] = _cpu_since(cpu)
        figures["payments"] = result.payments
        figures["arrears_items"] = result.arrears_items
    assert figures["queries"] == first_queries
    assert Payment.objects.filter(month=this_month).count() == result.payments
    assert first.payments > 0 and result.payments > 0
    return first_queries, result.payments


def test_realistic_province(bench_province):
    assert AllowanceEntitlement.objects.exists(), "the generator made no decision"
    QUERIES["realistic"], _paid = _two_months("realistic", UserFactory())


def test_worst_case_everyone_on_the_allowance(bench_province):
    staff = UserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            ENTITLE,
            {
                "start": datetime.date(2025, 1, 1),
                "created": timezone.now() - datetime.timedelta(days=365),
            },
        )
        cursor.execute("SELECT count(*) FROM cases_beneficiary WHERE merged_into_id IS NULL")
        people = cursor.fetchone()[0]
    # The new decisions' own foreign-key checks are not the lists' time.
    _checked_as_at_commit()
    queries, paid = _two_months("worst case", staff)
    # Everyone is paid but the generated decisions that ended or aged out (about 1 in 100).
    assert paid >= people * 0.97
    # The same statements as for the realistic province: the count never grows with people.
    assert queries == QUERIES.get("realistic", queries)
