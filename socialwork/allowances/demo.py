"""Demo data for social assistance: entitlements for everyone in the register
with a Decree 20 category whose age fits the group, a year of monthly lists
(locked except the current month), a back-dated provincial standard with its
arrears, deaths with funeral grants, a flood with emergency support, the BHYT
card list. Everything set-based (INSERT … SELECT) or bulk; the lists through
the same service as production.
"""

from __future__ import annotations

import datetime

from django.db import connection
from django.utils import timezone

from socialwork.accounts.models import Role, User
from socialwork.ages import age_at_month_end_sql

from . import selectors
from .amounts import add_months, month_start
from .models import (
    EmergencyEvent,
    EmergencyKind,
    EmergencySupport,
    FuneralSupport,
    PaymentList,
    StandardLevel,
    SupportStatus,
)
from .services import emergencies, funerals, payment_lists

MONTHS = 12
# Group codes in the register (the 5.1 sub-codes carry the sub-case letter).
# 5.5c ended on 30/6/2025 (social pension): nobody is given it in the demo year.
ENTITLEMENTS_SQL = f"""
INSERT INTO allowances_allowanceentitlement
    (beneficiary_id, commune_id, "group", sub_case, units, coefficient, start_month,
     end_month, end_reason, decision_number, decided_on, created_at)
SELECT DISTINCT ON (x.beneficiary_id, x.grp)
       x.beneficiary_id, x.commune_id, x.grp, x.sub_case,
       CASE WHEN x.grp = 'ND20-5.4' THEN 1 + x.beneficiary_id %% 3 ELSE 1 END,
       c.coefficient, %(start)s, NULL, '',
       'DEMO-' || x.beneficiary_id || '/QĐ-UBND', %(start)s, %(created)s
  FROM (
    SELECT b.id AS beneficiary_id, b.commune_id,
           CASE WHEN cat.code LIKE 'ND20-5.1_%%' THEN 'ND20-5.1' ELSE cat.code END AS grp,
           CASE WHEN cat.code LIKE 'ND20-5.1_%%' THEN substr(cat.code, 9) ELSE '' END AS sub_case,
           {age_at_month_end_sql("%(start)s::date")} AS age
      FROM cases_beneficiary b
      JOIN cases_beneficiarycategory bc ON bc.beneficiary_id = b.id
      JOIN cases_category cat ON cat.id = bc.category_id
     WHERE b.merged_into_id IS NULL AND b.identified
       AND cat.code = ANY(%(codes)s)
  ) x
  JOIN LATERAL (
    SELECT c.coefficient FROM allowances_coefficient c
     WHERE c."group" = x.grp AND c.valid_from <= %(start)s
       AND (c.valid_to IS NULL OR c.valid_to >= %(start)s)
       AND (c.min_age IS NULL OR x.age >= c.min_age) AND (c.max_age IS NULL OR x.age < c.max_age)
     ORDER BY c.coefficient DESC LIMIT 1
  ) c ON true
 ORDER BY x.beneficiary_id, x.grp
"""  # noqa: S608 (fixed fragments; values are parameters)

ACCOUNTS_SQL = """
INSERT INTO allowances_paymentaccount
    (beneficiary_id, method, bank_name, account_number, account_holder, updated_at)
SELECT DISTINCT e.beneficiary_id,
       CASE WHEN e.beneficiary_id %% 4 = 0 THEN 'bank' ELSE 'post_office' END,
       CASE WHEN e.beneficiary_id %% 4 = 0 THEN 'Agribank' ELSE '' END,
       CASE WHEN e.beneficiary_id %% 4 = 0 THEN lpad((5200000000 + e.beneficiary_id)::text, 13, '0')
            ELSE '' END,
       '', %(now)s
  FROM allowances_allowanceentitlement e
ON CONFLICT (beneficiary_id) DO NOTHING
"""

DEATHS_SQL = """
UPDATE allowances_allowanceentitlement e
   SET end_month = %(month)s, end_reason = 'death', ended_on = %(died)s
 WHERE e.end_month IS NULL
   AND e.beneficiary_id IN (
       SELECT beneficiary_id FROM allowances_allowanceentitlement
        WHERE "group" IN ('ND20-5.5a', 'ND20-5.5b', 'ND20-5.5d') AND end_month IS NULL
        ORDER BY md5(beneficiary_id::text) LIMIT %(deaths)s)
RETURNING e.beneficiary_id, e.commune_id
"""


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE cases_beneficiary, allowances_allowanceentitlement, allowances_payment, "
            "allowances_paymentlist, allowances_arrearsitem, allowances_coefficient"
        )


def _staff() -> User:
    return (
        User.objects.filter(role__in=[Role.DEPARTMENT, Role.ADMIN]).order_by("role", "id").first()
    )


def seed(ctx) -> None:
    today = timezone.localdate()
    current = month_start(today)
    first = add_months(current, -(MONTHS - 1))
    staff = ctx.users.get("demo.so") or _staff()
    codes = [
        "ND20-5.1a",
        "ND20-5.1b",
        "ND20-5.1c",
        "ND20-5.1d",
        "ND20-5.1dd",
        "ND20-5.1e",
        "ND20-5.1g",
        "ND20-5.1h",
        "ND20-5.1i",
        "ND20-5.1k",
        "ND20-5.1l",
        "ND20-5.2",
        "ND20-5.3",
        "ND20-5.4",
        "ND20-5.5a",
        "ND20-5.5b",
        "ND20-5.5d",
        "ND20-5.6-severe",
        "ND20-5.6-especially",
        "ND20-5.7",
        "ND20-5.8",
    ]
    start = add_months(first, -6)
    with connection.cursor() as cursor:
        cursor.execute(
            ENTITLEMENTS_SQL,
            {
                "start": start,
                "codes": codes,
                "created": timezone.now() - datetime.timedelta(days=400),
            },
        )
        entitled = cursor.rowcount
        cursor.execute(ACCOUNTS_SQL, {"now": timezone.now()})
    _analyze()
    ctx.say(f"allowances: {entitled} entitlements")

    # The province's council raises the standard, decided late: paid with arrears.
    raise_from = add_months(first, 5)
    raise_decided = add_months(first, 8)
    deaths_month = add_months(first, 3)
    flood_month = add_months(first, 10)
    for index in range(MONTHS):
        month = add_months(first, index)
        if month == raise_decided:
            StandardLevel.objects.get_or_create(
                scope=StandardLevel.Scope.PROVINCE,
                valid_from=raise_from,
                defaults={
                    "amount": 600_000,
                    "legal_basis": "Nghị quyết HĐND tỉnh (dữ liệu minh họa)",
                },
            )
        if month == deaths_month:
            _deaths(ctx, staff, month)
        payment_lists.payment_lists_generate(actor=staff, month=month)
        if month != current:
            PaymentList.objects.filter(month=month, status=PaymentList.Status.DRAFT).update(
                status=PaymentList.Status.LOCKED, locked_at=timezone.now(), locked_by=staff
            )
        if month == flood_month:
            _flood(ctx, staff, month)
        if index in (0, 1):
            _analyze()  # fresh tables: give the planner real numbers (autovacuum does it later)
    cards = payment_lists.health_insurance_cards_list(actor=staff, listed_on=first)
    issued = _cards_issued(listed_on=first)
    ctx.say(f"allowances: {MONTHS} months of lists, {cards} BHYT cards listed, {issued} issued")
    _applications(ctx)


def _applications(ctx) -> None:
    """A few declarations filed this week in the demo logins' commune, awaiting
    the commune's review (their papers come with the attachments demo): young
    people of 16 to 22 still at school (5.2) not entitled yet. Through the
    service, a handful of candidates: its checks decide."""
    from django.core.exceptions import ValidationError
    from django.db.models import Q

    from cases.models import Beneficiary

    from .models import AllowanceEntitlement, Group
    from .services.applications import application_submit

    filer = ctx.users.get("demo.congchuc")
    home = ctx.home_commune
    if filer is None or home is None:
        return
    group = Group.STUDENT
    today = timezone.localdate()
    candidates = (
        Beneficiary.objects.filter(commune=home, merged_into__isnull=True)
        .filter(
            Q(birth_date__year__range=(today.year - 21, today.year - 17))
            | Q(birth_date__isnull=True, birth_year__range=(today.year - 21, today.year - 17))
        )
        .exclude(pk__in=AllowanceEntitlement.objects.filter(group=group).values("beneficiary_id"))
        .order_by("pk")[:20]
    )
    wanted, filed = max(2, ctx.scaled(6)), 0
    for person in candidates:
        try:
            application_submit(
                actor=filer,
                beneficiary=person,
                group=group,
                filed_on=today - datetime.timedelta(days=ctx.rng.randint(0, 4)),
            )
        except ValidationError:
            continue
        filed += 1
        if filed == wanted:
            break
    ctx.say(f"allowances: {filed} applications awaiting review")


# The social insurance office issues the listed cards three weeks later, as
# health_insurance_card_issue records them one by one (a number of 2 letters and
# 13 digits, issued after the listing); one in twenty is still awaited. Set-based.
CARDS_ISSUED_SQL = """
UPDATE allowances_healthinsurancecard
   SET status = 'issued', issued_on = %(issued_on)s,
       card_number = 'BT2' || lpad(beneficiary_id::text, 12, '0')
 WHERE status = 'listed' AND listed_on = %(listed_on)s AND beneficiary_id %% 20 <> 0
"""


def _cards_issued(*, listed_on: datetime.date) -> int:
    issued_on = min(listed_on + datetime.timedelta(days=21), timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(CARDS_ISSUED_SQL, {"issued_on": issued_on, "listed_on": listed_on})
        return cursor.rowcount


def _deaths(ctx, staff, month) -> None:
    died = month.replace(day=14)
    with connection.cursor() as cursor:
        cursor.execute(DEATHS_SQL, {"month": month, "died": died, "deaths": ctx.scaled(400)})
        dead = dict(cursor.fetchall())
    standard = selectors.standard_level_on(died).amount
    FuneralSupport.objects.bulk_create(
        [
            FuneralSupport(
                beneficiary_id=person,
                commune_id=commune,
                died_on=died,
                applicant_name="Người thân (minh họa)",
                applicant_relation="Con",
                filed_on=month.replace(day=16),
                decision_due=month.replace(day=23),
                status=SupportStatus.PAID,
                amount=funerals.FUNERAL_MULTIPLE * standard,
                decision_number=f"MT-{person}/QĐ-UBND",
                decided_on=month.replace(day=20),
                paid_on=month.replace(day=25),
                created_by=staff,
            )
            for person, commune in sorted(dead.items())
        ],
        ignore_conflicts=True,
    )
    ctx.say(f"allowances: {len(dead)} deaths with funeral grants")


def _flood(ctx, staff, month) -> None:
    from cases.models import Household

    event = EmergencyEvent.objects.create(
        name=f"Lũ lụt tháng {month:%m/%Y} (minh họa)",
        kind=EmergencyEvent.Kind.FLOOD,
        started_on=month.replace(day=3),
        description="Mưa lớn gây ngập, sạt lở ở các xã ven sông.",
    )
    hit = [c.pk for c in ctx.communes[:3]]
    households = list(
        Household.objects.filter(commune_id__in=hit)
        .order_by("id")
        .values_list("id", "commune_id")[: ctx.scaled(300)]
    )
    supports = []
    for index, (household, commune) in enumerate(households):
        persons = 1 + ctx.rng.randrange(6)
        supports.append(
            EmergencySupport(
                event=event,
                commune_id=commune,
                household_id=household,
                kind=EmergencyKind.RICE,
                persons=persons,
                months=2,
                rice_kg=15 * persons * 2,
                decided_on=month.replace(day=8),
                paid_on=month.replace(day=10),
                created_by=staff,
            )
        )
        if index % 25 == 0:
            supports.append(
                EmergencySupport(
                    event=event,
                    commune_id=commune,
                    household_id=household,
                    kind=EmergencyKind.HOUSE_REPAIR,
                    amount=emergencies.HOUSING_MINIMUM[EmergencyKind.HOUSE_REPAIR],
                    decided_on=month.replace(day=12),
                    created_by=staff,
                )
            )
    EmergencySupport.objects.bulk_create(supports, batch_size=2000)
    ctx.say(f"allowances: flood with {len(supports)} supports")
