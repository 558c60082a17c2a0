"""Case-based indicators on hand-built data (year 2025, calendar periods):
CTXH-03, CTXH-05, open cases, services delivered, the 12-hour and the
2-working-day compliance rates."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from socialwork.indicators import queries
from socialwork.indicators.periods import year_period

from .factories import case_factories, network_factories

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args):
    return datetime.datetime(*args, tzinfo=VN)


def _ctx(province):
    return queries.QueryContext(period=year_period(2025), province_id=province.pk)


def _table(rows):
    return {(r.unit_id, r.breakdown): (r.numerator, r.denominator) for r in rows}


@pytest.fixture
def service_types():
    from facilities.models import ServiceType

    def get(code, ctxh, assistance):
        return ServiceType.objects.get_or_create(
            code=code,
            defaults={
                "name": code,
                "group": "counselling",
                "counts_as_ctxh_service": ctxh,
                "counts_as_assistance": assistance,
            },
        )[0]

    return {
        "counselling": get("tu_van", True, False),
        "psychosocial": get("ho_tro_tam_ly", True, False),
        "allowance": get("tro_cap_hang_thang", False, True),
    }


@pytest.fixture
def registered_in_2025():
    """Date every record's registration in 2025 (registered_on; the rows'
    insert time, today, plays no part)."""
    from cases.models import Beneficiary

    def apply():
        Beneficiary.objects.update(registered_on=datetime.date(2025, 1, 10))

    return apply


@pytest.fixture
def people(province, commune_a, commune_b, service_types):
    from tests.cases.factories import BeneficiaryFactory

    Case, Service, _event, _plan = case_factories()
    t = service_types
    p1, p2, p3, p6 = (BeneficiaryFactory(commune=commune_a) for _ in range(4))
    p4, p5 = (BeneficiaryFactory(commune=commune_b) for _ in range(2))
    # P1: three CTXH services in 2025, counted once.
    for day, kind in ((3, "counselling"), (4, "counselling"), (5, "psychosocial")):
        Service(beneficiary=p1, service_type=t[kind], delivered_on=datetime.date(2025, day, 1))
    # P2: only a monthly allowance (not a CTXH service), no case.
    Service(beneficiary=p2, service_type=t["allowance"])
    # P3: case closed on the first day of 2025: open during the year.
    Case(
        beneficiary=p3,
        reported_at=at(2024, 5, 1, 8),
        status="closed",
        closed_on=datetime.date(2025, 1, 1),
        closure_reason="goals_met",
    )
    # P6: case closed ON the last day: open during 2025, not open at its end.
    Case(
        beneficiary=p6,
        reported_at=at(2025, 3, 1, 8),
        status="closed",
        closed_on=datetime.date(2025, 12, 31),
        closure_reason="goals_met",
    )
    # P4: case closed on the last day of 2024.
    Case(
        beneficiary=p4,
        reported_at=at(2024, 1, 1, 8),
        status="closed",
        closed_on=datetime.date(2024, 12, 31),
        closure_reason="goals_met",
    )
    # P5: service in 2026 only; case reported at 23:30 on 31/12/2025 (Vietnam).
    Service(beneficiary=p5, service_type=t["counselling"], delivered_on=datetime.date(2026, 1, 1))
    Case(beneficiary=p5, reported_at=at(2025, 12, 31, 23, 30))
    # P7: referred in 2025 through a case closed in 2024 (the referral is the
    # support) → counted. P8: referred in 2025 but cancelled; P9: referred at
    # 00:10 on 1/1/2026 (Vietnam) → neither counted.
    Referral, _transition, _admission = network_factories()
    closed_2024 = {
        "case__reported_at": at(2024, 2, 1, 8),
        "case__status": "closed",
        "case__closed_on": datetime.date(2024, 6, 30),
        "case__closure_reason": "goals_met",
        "service_type": t["counselling"],
    }
    p7 = Referral(case__beneficiary__commune=commune_b, sent_at=at(2025, 9, 9, 9), **closed_2024)
    p8 = Referral(
        case__beneficiary__commune=commune_b,
        sent_at=at(2025, 9, 9, 9),
        status="cancelled",
        **closed_2024,
    )
    p9 = Referral(
        case__beneficiary__commune=commune_b, sent_at=at(2026, 1, 1, 0, 10), **closed_2024
    )
    return locals()


def test_ctxh03_people_helped_once_each(province, commune_a, commune_b, people):
    table = _table(queries.ctxh03(_ctx(province)))
    assert table[(commune_a.pk, "")] == (3, None)  # P1, P3, P6
    assert table[(commune_b.pk, "")] == (2, None)  # P5, P7
    assert table[(province.pk, "")] == (5, None)


def test_open_cases_at_period_end(province, commune_a, commune_b, people):
    table = _table(queries.open_cases(_ctx(province)))
    assert (commune_a.pk, "") not in table  # P3 and P6 closed by 31/12 (zero rows are filled later)
    assert table[(commune_b.pk, "")] == (1, None)  # P5's case
    assert table[(province.pk, "")] == (1, None)


def test_services_delivered_counts_records(province, commune_a, commune_b, people):
    table = _table(queries.services_delivered(_ctx(province)))
    assert table[(commune_a.pk, "")] == (4, None)  # P1 ×3, P2 ×1
    assert (commune_b.pk, "") not in table  # P5's service is in 2026
    assert table[(province.pk, "")] == (4, None)


def test_ctxh05_priority_children(
    province, commune_a, commune_b, service_types, registered_in_2025
):
    from cases.models import Category
    from tests.cases.factories import BeneficiaryCategoryFactory, BeneficiaryFactory

    _case, Service, _event, _plan = case_factories()
    orphan, _ = Category.objects.get_or_create(
        code="ND20-5.1b",
        defaults={"name": "Mồ côi cả cha và mẹ", "group": "decree20", "priority_child": True},
    )
    other, _ = Category.objects.get_or_create(
        code="ND20-5.5a", defaults={"name": "Người cao tuổi", "group": "decree20"}
    )

    def child(commune, category=orphan, **birth):
        person = BeneficiaryFactory(commune=commune, **birth)
        BeneficiaryCategoryFactory(beneficiary=person, category=category)
        return person

    # C1: 10 years old, monthly allowance in 2025 (assistance) → served.
    c1 = child(commune_a, birth_date=datetime.date(2015, 3, 1))
    Service(beneficiary=c1, service_type=service_types["allowance"])
    # C2 turns 16 ON the last day: no longer a child at period end.
    child(commune_a, birth_date=datetime.date(2009, 12, 31))
    # C3 still 15 on the last day, not served.
    child(commune_a, birth_date=datetime.date(2010, 1, 1))
    # C4: only the birth year 2010 (15 at most): a child; counselled.
    c4 = child(commune_b, birth_date=None, birth_year=2010)
    Service(beneficiary=c4, service_type=service_types["psychosocial"])
    # C5: born in 2009 (may be 16 already): not counted. C6: not a priority group.
    child(commune_b, birth_date=None, birth_year=2009)
    child(commune_b, category=other, birth_date=datetime.date(2016, 1, 1))
    # BHYT cards in force: C7's issued in 2025 → served; C8's was issued in
    # 2024 and expired on 31/12/2024, before the period → not served.
    from socialwork.allowances.models import HealthInsuranceCard

    for born, issued, valid_to in (
        (2014, datetime.date(2025, 6, 1), None),
        (2013, datetime.date(2024, 1, 2), datetime.date(2024, 12, 31)),
    ):
        HealthInsuranceCard.objects.create(
            beneficiary=child(commune_b, birth_date=datetime.date(born, 5, 5)),
            commune=commune_b,
            status="issued",
            listed_on=issued,
            issued_on=issued,
            valid_to=valid_to,
        )
    # Care in a facility: C9 lived there until 1/2/2025 (a month of 2025) →
    # served; C10 was discharged ON 1/1/2025, the stay [admitted, discharged)
    # ended before the period → not served.
    _referral, _transition, Admission = network_factories()
    for discharged in (datetime.date(2025, 2, 1), datetime.date(2025, 1, 1)):
        Admission(
            beneficiary=child(commune_b, birth_date=datetime.date(2012, 7, 7)),
            facility__commune=commune_b,
            requested_on=datetime.date(2024, 3, 1),
            admitted_on=datetime.date(2024, 3, 2),
            status="discharged",
            discharged_on=discharged,
            discharge_reason="reintegrated",
        )
    registered_in_2025()

    table = _table(queries.ctxh05(_ctx(province)))
    assert table[(commune_a.pk, "")] == (1, 2)  # C1 of C1, C3
    assert table[(commune_b.pk, "")] == (3, 5)  # C4, C7, C9 of C4, C7–C10
    assert table[(province.pk, "")] == (4, 7)


def test_ctxh05_counts_allowances_and_cards_in_force(province, commune_a, registered_in_2025):
    """An allowance in force for a month of the period is assistance whether
    or not that month's payment list is locked; a BHYT card counts from its
    listing (the state buys it from the list) until it expires."""
    from cases.models import Category
    from socialwork.allowances.models import HealthInsuranceCard
    from socialwork.indicators.periods import month_period
    from tests.cases.factories import BeneficiaryCategoryFactory, BeneficiaryFactory
    from tests.socialwork.allowances.factories import EntitlementFactory

    orphan, _ = Category.objects.get_or_create(
        code="ND20-5.1b",
        defaults={"name": "Mồ côi cả cha và mẹ", "group": "decree20", "priority_child": True},
    )

    def child():
        person = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(2015, 3, 1))
        BeneficiaryCategoryFactory(beneficiary=person, category=orphan)
        return person

    def entitled(start, end=None):
        EntitlementFactory(beneficiary=child(), group="ND20-5.1", start_month=start, end_month=end)

    # E1: allowance from 03/2025, open, no payment list at all → served.
    entitled(datetime.date(2025, 3, 1))
    # E2: its last month due was 12/2024 → not served in 2025 (nor 03/2025).
    entitled(datetime.date(2024, 1, 1), datetime.date(2024, 12, 1))
    # E3: from 2026 → not served in 2025.
    entitled(datetime.date(2026, 1, 1))
    # H1: listed for a card on 10/03/2025, never issued yet → served from March.
    HealthInsuranceCard.objects.create(
        beneficiary=child(), commune=commune_a, listed_on=datetime.date(2025, 3, 10)
    )
    # N1: nothing → not served.
    child()
    registered_in_2025()

    table = _table(queries.ctxh05(_ctx(province)))
    assert table[(commune_a.pk, "")] == (2, 5)  # E1, H1 of E1–E3, H1, N1
    # February 2025: E1 starts in March, H1 is listed in March → neither.
    feb = queries.QueryContext(period=month_period(2025, 2, "calendar"), province_id=province.pk)
    assert _table(queries.ctxh05(feb))[(commune_a.pk, "")] == (0, 5)
    march = queries.QueryContext(period=month_period(2025, 3, "calendar"), province_id=province.pk)
    assert _table(queries.ctxh05(march))[(commune_a.pk, "")] == (2, 5)
    # The 15th-to-14th month ending 14/03/2025 overlaps March: E1 in force; H1
    # was listed on 10/03, inside it too.
    cut = queries.QueryContext(period=month_period(2025, 3, "cutoff15"), province_id=province.pk)
    assert _table(queries.ctxh05(cut))[(commune_a.pk, "")] == (2, 5)


def test_emergency_answered_within_12_hours(province, commune_a, commune_b):
    from tests.cases.factories import BeneficiaryFactory

    Case, _service, Event, _plan = case_factories()

    def emergency(commune, reported, answered):
        case = Case(
            beneficiary=BeneficiaryFactory(commune=commune, birth_date=datetime.date(2015, 1, 1)),
            reported_at=reported,
            is_child_protection=True,
            needs_emergency_protection=True,
        )
        Event(case=case, occurred_at=answered)

    emergency(commune_a, at(2025, 4, 1, 8), at(2025, 4, 1, 19, 59))  # 11 h 59: in time
    emergency(commune_a, at(2025, 4, 2, 8), at(2025, 4, 2, 20, 1))  # 12 h 01: late
    # Reported on the last evening, answered next morning (11 h): in time, in 2025.
    emergency(commune_b, at(2025, 12, 31, 22), at(2026, 1, 1, 9))
    table = _table(queries.kpi_emergency_12h(_ctx(province)))
    assert table[(commune_a.pk, "")] == (1, 2)
    assert table[(commune_b.pk, "")] == (1, 1)
    assert table[(province.pk, "")] == (2, 3)


def test_plans_approved_within_2_working_days(province, commune_a, department):
    from socialwork.calendar.models import PublicHoliday

    _case, _service, _event, Plan = case_factories()
    # The 2025 table (as seeded by the calendar app): Saturday 26/4 worked in
    # exchange for Friday 2/5; 30/4 and 1/5 are holidays.
    for day, kind in (
        ((4, 26), "working_day"),
        ((4, 30), "holiday"),
        ((5, 1), "holiday"),
        ((5, 2), "day_off"),
    ):
        PublicHoliday.objects.update_or_create(
            date=datetime.date(2025, *day), defaults={"name": "2025", "kind": kind}
        )

    def plan(submitted, approved=None):
        fields = {"status": "submitted", "submitted_at": submitted}
        if approved:
            fields |= {
                "status": "approved",
                "approved_at": approved,
                "approved_by": department,
                "decision_number": "12/QĐ-UBND",
                "decision_date": approved.date(),
            }
        Plan(case__beneficiary__commune=commune_a, drafted_at=submitted, **fields)

    plan(at(2025, 4, 25, 10), at(2025, 4, 28, 16))  # Fri → Mon: Sat 26/4 (worked), Mon = 2
    plan(at(2025, 4, 29, 10), at(2025, 5, 5, 9))  # 30/4–4/5 off: Mon 5/5 is day 1
    plan(at(2025, 6, 2, 10), at(2025, 6, 5, 9))  # Mon → Thu: 3 days, late
    plan(at(2025, 6, 10, 10))  # still waiting: not in time
    table = _table(queries.kpi_plan_approved(_ctx(province)))
    assert table[(commune_a.pk, "")] == (2, 4)
    assert table[(province.pk, "")] == (2, 4)


def test_urgent_referrals_accepted_in_time(province, commune_a, commune_b, service_types):
    from .factories import network_factories

    Referral, Transition, _admission = network_factories()
    kinds = {"service_type": service_types["counselling"]}

    def referral(commune, sent, due, urgency="urgent", status="sent", **fields):
        return Referral(
            case__beneficiary__commune=commune,
            sent_at=sent,
            response_due_at=due,
            urgency=urgency,
            status=status,
            **kinds,
            **fields,
        )

    # Accepted one minute before its deadline: in time.
    ok = referral(
        commune_a,
        at(2025, 5, 5, 8),
        at(2025, 5, 6, 8),
        status="accepted",
        responded_at=at(2025, 5, 6, 7, 59),
    )
    Transition(referral=ok, at=at(2025, 5, 6, 7, 59))
    # Accepted one minute late.
    late = referral(
        commune_a,
        at(2025, 5, 7, 8),
        at(2025, 5, 8, 8),
        status="accepted",
        responded_at=at(2025, 5, 8, 8, 1),
    )
    Transition(referral=late, at=at(2025, 5, 8, 8, 1))
    # Never answered: not in time. Cancelled, normal urgency, sent in 2026: not counted.
    referral(commune_b, at(2025, 6, 1, 8), at(2025, 6, 1, 20), urgency="emergency")
    referral(commune_b, at(2025, 6, 2, 8), at(2025, 6, 3, 8), status="cancelled")
    referral(commune_b, at(2025, 6, 2, 8), at(2025, 6, 9, 8), urgency="normal")
    referral(commune_b, at(2026, 1, 2, 8), at(2026, 1, 3, 8))
    table = _table(queries.kpi_referral_accepted(_ctx(province)))
    assert table[(commune_a.pk, "")] == (1, 2)
    assert table[(commune_b.pk, "")] == (0, 1)
    assert table[(province.pk, "")] == (1, 3)


def test_residents_and_beds_at_period_end(province, commune_a, commune_b):
    from tests.facilities.factories import FacilityFactory, SchoolFactory

    from .factories import network_factories

    _referral, _transition, Admission = network_factories()
    centre = FacilityFactory(commune=commune_a, capacity=50)
    elderly = FacilityFactory(commune=commune_b, capacity=30, kind="elderly_care")
    SchoolFactory(commune=commune_b)  # no beds: not in the denominator
    Admission(facility=centre)  # still living there
    # Discharged ON the last day: the stay has ended at period end.
    Admission(
        facility=centre,
        status="discharged",
        discharged_on=datetime.date(2025, 12, 31),
        discharge_reason="reintegrated",
    )
    Admission(
        facility=elderly,
        admitted_on=datetime.date(2026, 1, 5),
        requested_on=datetime.date(2026, 1, 2),
    )  # admitted after the period
    Admission(facility=elderly, status="dossier", admitted_on=None)  # not admitted
    Admission(facility=elderly, admitted_on=datetime.date(2025, 12, 31))  # on the last day
    table = _table(queries.residents_occupancy(_ctx(province)))
    assert table[(commune_a.pk, "")] == (1, 50)
    assert table[(commune_b.pk, "")] == (1, 30)
    assert table[(province.pk, "")] == (2, 80)


def test_plans_drafted_within_5_working_days(province, commune_a):
    from .factories import assessment_factory

    _case, _service, _event, Plan = case_factories()
    Assessment = assessment_factory()
    child = {"case__is_child_protection": True, "case__beneficiary__commune": commune_a}

    def assessed(day, kind="needs", **extra):
        return Assessment(assessed_on=datetime.date(2025, 6, day), kind=kind, **(child | extra))

    # Fri 6/6 → plan submitted Fri 13/6: Mon–Fri = 5 working days, in time.
    a1 = assessed(6)
    Plan(
        case=a1.case,
        status="submitted",
        drafted_at=at(2025, 6, 12, 9),
        submitted_at=at(2025, 6, 13, 16),
    )
    # Mon 2/6 → Tue 10/6: 6 working days, late.
    a2 = assessed(2)
    Plan(
        case=a2.case,
        status="submitted",
        drafted_at=at(2025, 6, 9, 9),
        submitted_at=at(2025, 6, 10, 9),
    )
    assessed(16)  # no plan yet: late
    assessed(3, kind="initial")  # Mẫu 02: not the plan clock
    assessed(4, case__is_child_protection=False)  # not a child protection case
    table = _table(queries.kpi_plan_drafted(_ctx(province)))
    assert table[(commune_a.pk, "")] == (1, 3)
    assert table[(province.pk, "")] == (1, 3)


def test_tgxh966a_people_without_carer(
    province, commune_a, commune_b, service_types, registered_in_2025
):
    """People flagged "no carer, extreme hardship" on 31/12/2025, and of them
    those a social assistance facility cared for (a day of 2025 in it) or
    counselled or assisted (a service it gave in 2025)."""
    from cases.models import Category
    from tests.cases.factories import (
        BeneficiaryCategoryFactory,
        BeneficiaryFactory,
        NoCarerFactory,
    )
    from tests.facilities.factories import FacilityFactory

    _case, Service, _event, _plan = case_factories()
    _referral, _transition, Admission = network_factories()
    centre = FacilityFactory(commune=commune_a, kind="social_work_centre")
    home = FacilityFactory(commune=commune_b, kind="elderly_care")
    hospital = FacilityFactory(commune=commune_a, kind="hospital", capacity=None)

    def flagged(commune, **link):
        person = BeneficiaryFactory(commune=commune)
        NoCarerFactory(beneficiary=person, **link)
        return person

    # commune_a. N1 lives in the centre since 2024 → counted.
    Admission(
        facility=centre,
        beneficiary=flagged(commune_a, since=datetime.date(2024, 5, 1)),
        requested_on=datetime.date(2024, 6, 1),
        admitted_on=datetime.date(2024, 6, 2),
    )
    # N2: counselled by the centre in 2025, twice (counted once).
    n2 = flagged(commune_a)
    for month in (3, 9):
        Service(
            beneficiary=n2,
            provider=centre,
            service_type=service_types["counselling"],
            delivered_on=datetime.date(2025, month, 1),
        )
    # N3: a service from a hospital only (not a social assistance facility).
    Service(
        beneficiary=flagged(commune_a),
        provider=hospital,
        service_type=service_types["psychosocial"],
    )
    # N4: flag ended 30/6/2025 (not in the group at period end), though resident.
    Admission(facility=centre, beneficiary=flagged(commune_a, until=datetime.date(2025, 6, 30)))
    # N5: resident but another category: not in the population.
    n5 = BeneficiaryFactory(commune=commune_a)
    elderly, _ = Category.objects.get_or_create(
        code="ND20-5.5a", defaults={"name": "Người cao tuổi", "group": "decree20"}
    )
    BeneficiaryCategoryFactory(beneficiary=n5, category=elderly)
    Admission(facility=centre, beneficiary=n5)

    # commune_b. N6: flagged ON the last day; left the home on 1/1/2025 (the
    # stay [admitted, discharged) has no day in 2025) → in the denominator only.
    Admission(
        facility=home,
        beneficiary=flagged(commune_b, since=datetime.date(2025, 12, 31)),
        requested_on=datetime.date(2023, 1, 2),
        admitted_on=datetime.date(2023, 1, 3),
        status="discharged",
        discharged_on=datetime.date(2025, 1, 1),
        discharge_reason="reintegrated",
    )
    # N7: admitted ON the last day → counted.
    Admission(
        facility=home,
        beneficiary=flagged(commune_b),
        requested_on=datetime.date(2025, 12, 30),
        admitted_on=datetime.date(2025, 12, 31),
    )
    # N8: the home's service comes in 2026; its dossier is still being examined.
    n8 = flagged(commune_b)
    Service(
        beneficiary=n8,
        provider=home,
        service_type=service_types["allowance"],
        delivered_on=datetime.date(2026, 1, 2),
    )
    Admission(facility=home, beneficiary=n8, status="dossier", admitted_on=None)
    registered_in_2025()

    table = _table(queries.tgxh966a(_ctx(province)))
    assert table[(commune_a.pk, "")] == (2, 3)  # N1, N2 of N1–N3
    assert table[(commune_b.pk, "")] == (1, 3)  # N7 of N6–N8
    assert table[(province.pk, "")] == (3, 6)
