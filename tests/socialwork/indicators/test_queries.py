"""Each computable indicator on the small province of conftest.py, with the
expected numerators and denominators worked out by hand from its notes."""

import datetime

import pytest

from socialwork.indicators import queries
from socialwork.indicators.periods import month_period, year_period

pytestmark = pytest.mark.django_db


def _ctx(province, period=None):
    return queries.QueryContext(period=period or year_period(2025), province_id=province.pk)


def _table(rows):
    return {(r.unit_id, r.breakdown): (r.numerator, r.denominator) for r in rows}


def test_ctxh01_units_staffed_at_period_end(small_province):
    p = small_province
    table = _table(queries.ctxh01(_ctx(p["province"])))
    # Units: 3 communes + F1 + S1 + F2 (H1 left the scope); staffed: commune_a
    # (A1, A2), F1 (S1 full time), F2 (S2 assigned until the last day).
    assert table[(p["province"].pk, "")] == (3, 6)
    assert table[(p["a"].pk, "")] == (2, 2)  # the commune and F1
    assert table[(p["b"].pk, "")] == (0, 2)  # B1 left on 31/12; the school's teacher
    assert table[(p["c"].pk, "")] == (1, 2)  # no collaborator; F2 staffed
    # By unit type, province-wide and per commune.
    assert table[(p["province"].pk, "commune")] == (1, 3)
    assert table[(p["province"].pk, "social_assistance")] == (2, 2)
    assert table[(p["province"].pk, "school")] == (0, 1)
    assert (p["province"].pk, "hospital") not in table
    assert table[(p["b"].pk, "school")] == (0, 1)


def test_ctxh01_earlier_period_reads_dated_records(small_province):
    p = small_province
    # 31/5/2025: H1 still in scope and staffed; A2 not started yet; B1 active.
    table = _table(queries.ctxh01(_ctx(p["province"], month_period(2025, 5))))
    assert table[(p["b"].pk, "")] == (2, 3)  # commune_b (B1) and H1; not the school
    assert table[(p["province"].pk, "")] == (5, 7)


def test_ctxh02_planned_facilities_with_ctxh_unit(small_province):
    p = small_province
    table = _table(queries.ctxh02(_ctx(p["province"])))
    # Planned at 31/12: F1 (no CTXH unit) and the school (has one); H1 left the plan.
    assert table[(p["province"].pk, "")] == (1, 2)
    assert table[(p["a"].pk, "")] == (0, 1)
    assert table[(p["b"].pk, "")] == (1, 1)
    assert table[(p["c"].pk, "")] == (0, 0)


def test_ctxh02_a_recorded_ctxh_service_counts(small_province):
    from facilities.models import Facility, ServiceType

    from .factories import case_factories

    p = small_province
    _case, Service, _event, _plan = case_factories()
    f1 = Facility.objects.get(commune=p["a"], kind="general_care")
    counselling, _ = ServiceType.objects.get_or_create(
        code="tu_van",
        defaults={"name": "Tư vấn", "group": "counselling", "counts_as_ctxh_service": True},
    )
    allowance, _ = ServiceType.objects.get_or_create(
        code="tro_cap_hang_thang",
        defaults={"name": "Trợ cấp", "group": "monthly_allowance", "counts_as_assistance": True},
    )
    # An allowance (not a CTXH service) in 2025 and counselling in 2026: not yet.
    Service(provider=f1, service_type=allowance, beneficiary__commune=p["a"])
    Service(
        provider=f1,
        service_type=counselling,
        beneficiary__commune=p["a"],
        delivered_on=datetime.date(2026, 1, 1),
    )
    assert _table(queries.ctxh02(_ctx(p["province"])))[(p["a"].pk, "")] == (0, 1)
    # Counselling on the last day of 2025: F1 provides CTXH services in 2025.
    Service(
        provider=f1,
        service_type=counselling,
        beneficiary__commune=p["a"],
        delivered_on=datetime.date(2025, 12, 31),
    )
    table = _table(queries.ctxh02(_ctx(p["province"])))
    assert table[(p["a"].pk, "")] == (1, 1)
    assert table[(p["province"].pk, "")] == (2, 2)


def test_ctxh04_trained_people_counted_once(small_province):
    p = small_province
    table = _table(queries.ctxh04(_ctx(p["province"])))
    # commune_a: A1 trained, A2 not (incomplete; course ends 2026), S1 trained
    # only in 2020. commune_b: H1's social worker (CTXH-04 counts every CTXH
    # worker, whether or not the unit is in CTXH-01's scope), untrained; B1
    # left on the last day. commune_c: S2 trained (twice, counted once); S3 left.
    assert table[(p["a"].pk, "")] == (1, 3)
    assert table[(p["b"].pk, "")] == (0, 1)
    assert table[(p["c"].pk, "")] == (1, 1)
    assert table[(p["province"].pk, "")] == (2, 5)


def test_collaborator_counts(small_province):
    p = small_province
    active = _table(queries.collaborators_active(_ctx(p["province"])))
    assert active[(p["a"].pk, "")] == (2, None)
    assert active[(p["b"].pk, "")] == (0, None)
    assert active[(p["province"].pk, "")] == (2, None)
    without = _table(queries.communes_without_collaborator(_ctx(p["province"])))
    assert without[(p["a"].pk, "")] == (0, None)
    assert without[(p["c"].pk, "")] == (1, None)
    assert without[(p["province"].pk, "")] == (2, None)


def test_beneficiaries_by_category_at_period_end(province, commune_a, commune_b):
    from cases.models import Beneficiary, Category
    from tests.cases.factories import BeneficiaryCategoryFactory, BeneficiaryFactory

    # get_or_create: a transactional test elsewhere may have flushed the
    # reference rows of a reused test database.
    elderly, _ = Category.objects.get_or_create(
        code="ND20-5.5a", defaults={"name": "Người cao tuổi", "group": "decree20"}
    )
    orphan, _ = Category.objects.get_or_create(
        code="ND20-5.1b", defaults={"name": "Mồ côi cả cha và mẹ", "group": "decree20"}
    )
    # P1 in two categories: once in each, once in the total.
    p1 = BeneficiaryFactory(commune=commune_a)
    BeneficiaryCategoryFactory(beneficiary=p1, category=elderly)
    BeneficiaryCategoryFactory(beneficiary=p1, category=orphan, since=datetime.date(2025, 12, 31))
    # P2's category ended before the last day; P3's starts after it.
    BeneficiaryCategoryFactory(
        beneficiary=BeneficiaryFactory(commune=commune_a),
        category=elderly,
        until=datetime.date(2025, 6, 30),
    )
    BeneficiaryCategoryFactory(
        beneficiary=BeneficiaryFactory(commune=commune_b),
        category=elderly,
        since=datetime.date(2026, 2, 1),
    )
    # P4 was merged into P5 (a duplicate): only P5 counts.
    p5 = BeneficiaryFactory(commune=commune_b)
    p4 = BeneficiaryFactory(commune=commune_b)
    BeneficiaryCategoryFactory(beneficiary=p4, category=elderly)
    BeneficiaryCategoryFactory(beneficiary=p5, category=elderly)
    Beneficiary.objects.filter(pk=p4.pk).update(merged_into=p5)
    # Registered (identified) during 2025; the rows' insert time is today's and
    # does not matter: membership is dated by registered_on.
    Beneficiary.objects.update(registered_on=datetime.date(2025, 1, 15))
    # Registered today, after the period: not in 2025's figures.
    BeneficiaryCategoryFactory(beneficiary=BeneficiaryFactory(commune=commune_a), category=elderly)

    table = _table(queries.beneficiaries_by_category(_ctx(province)))
    assert table[(commune_a.pk, "")] == (1, None)
    assert table[(commune_a.pk, "ND20-5.5a")] == (1, None)
    assert table[(commune_a.pk, "ND20-5.1b")] == (1, None)
    assert table[(commune_b.pk, "")] == (1, None)
    assert table[(province.pk, "ND20-5.5a")] == (2, None)
    assert table[(province.pk, "")] == (2, None)


@pytest.mark.django_db
def test_every_table_named_in_the_sql_is_a_model_table():
    """The SQL names tables as text: a renamed table or app label must fail here,
    not at night in the job."""
    import inspect
    import re

    from django.apps import apps
    from django.db import connection

    tables = {m._meta.db_table for m in apps.get_models()}
    # SQL views another app's migration creates (allowances 0005) count too.
    views = {t.name for t in connection.introspection.get_table_list(connection.cursor())}
    tables |= {"allowances_assistance_received"} & views
    # Table names have an app prefix; CTE names (communes, units…) do not.
    named = set(re.findall(r"(?:FROM|JOIN)\s+([a-z]+_[a-z_]+)\s", inspect.getsource(queries)))
    named -= {"by_category"}
    assert named and named <= tables, named - tables
