"""The set-based payment lists (payments.py through payment_lists.payment_lists_generate)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction

from socialwork.allowances import amounts, selectors
from socialwork.allowances.amounts import StandardLevelMissing
from socialwork.allowances.models import (
    ArrearsItem,
    ChangeKind,
    EndReason,
    Payment,
    PaymentList,
    StandardLevel,
)
from socialwork.allowances.services import applications, payment_lists
from tests.cases.factories import BeneficiaryFactory
from tests.factories import CommuneFactory, CommuneOfficialFactory, UserFactory

from .factories import EntitlementFactory, StandardLevelFactory
from .worked_cases import CASES

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def staff(province):
    return UserFactory(area=province)


def _person(commune, birth_date, birth_year, rights):
    person = BeneficiaryFactory(
        commune=commune,
        birth_date=birth_date,
        birth_year=birth_year or (birth_date.year if birth_date else None),
    )
    for group, start, end, units in rights:
        EntitlementFactory(
            beneficiary=person, group=group, start_month=start, end_month=end, units=units
        )
    return person


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "rights", "month", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_worked_cases_in_sql(staff, commune_a, birth_date, birth_year, rights, month, expected):
    person = _person(commune_a, birth_date, birth_year, rights)
    payment_lists.payment_lists_generate(actor=staff, month=month, communes=[commune_a])
    paid = Payment.objects.filter(beneficiary=person, month=month).values_list("amount", flat=True)
    assert list(paid) == ([expected] if expected else [])
    # The same as the pure function.
    assert selectors.amount_for_month(beneficiary=person, month=month) == expected


def test_all_communes_at_once_and_totals(staff, commune_a, commune_b):
    for commune in (commune_a, commune_b):
        _person(commune, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
        _person(commune, D(2023, 1, 1), None, [("ND20-5.1", D(2025, 1, 1), None, 1)])
    result = payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1))
    assert (result.lists, result.payments) == (2, 4)
    totals = PaymentList.objects.values_list("people", "total_amount", "added")
    assert sorted(totals) == [(2, 2_000_000, 2), (2, 2_000_000, 2)]


def test_changes_since_last_month_with_reasons(staff, commune_a):
    stays = _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    turns_80 = _person(commune_a, D(1945, 6, 2), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    dies = _person(commune_a, D(1950, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    applications.entitlement_stop(
        actor=staff,
        entitlement=dies.allowance_entitlements.get(),
        reason=EndReason.DEATH,
        on=D(2025, 5, 15),
    )
    new = _person(commune_a, D(1950, 1, 1), None, [("ND20-5.5a", D(2025, 6, 1), None, 1)])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 6, 1), communes=[commune_a])
    june = {p.beneficiary_id: p for p in Payment.objects.filter(month=D(2025, 6, 1))}
    assert june[stays.pk].change == ChangeKind.UNCHANGED
    assert (
        june[turns_80.pk].change,
        june[turns_80.pk].previous_amount,
        june[turns_80.pk].amount,
    ) == (
        ChangeKind.CHANGED,
        750_000,
        1_000_000,
    )
    assert june[turns_80.pk].change_reason == "Hệ số thay đổi (tuổi hoặc nhóm đối tượng)"
    assert june[new.pk].change == ChangeKind.ADDED
    assert dies.pk not in june
    june_list = PaymentList.objects.get(month=D(2025, 6, 1))
    assert list(june_list.removals.values_list("beneficiary_id", "reason")) == [(dies.pk, "Chết")]
    assert (june_list.added, june_list.removed, june_list.changed) == (1, 1, 1)


def test_back_dated_rise_pays_arrears_to_everyone_concerned(staff, commune_a):
    older = _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    child = _person(commune_a, D(2023, 1, 1), None, [("ND20-5.1", D(2025, 1, 1), None, 1)])
    for month in (D(2025, 2, 1), D(2025, 3, 1), D(2025, 4, 1)):
        payment_lists.payment_lists_generate(actor=staff, month=month, communes=[commune_a])
        payment_lists.payment_list_lock(
            actor=staff, payment_list=PaymentList.objects.get(month=month)
        )
    # In May the province's council sets 600,000 from 1/3/2025.
    StandardLevelFactory(amount=600_000, valid_from=D(2025, 3, 1))
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    may = {p.beneficiary_id: p for p in Payment.objects.filter(month=D(2025, 5, 1))}
    assert (may[older.pk].amount, may[older.pk].arrears) == (900_000, 2 * 150_000)
    assert (may[child.pk].amount, may[child.pk].arrears) == (1_500_000, 2 * 250_000)
    assert sorted(
        ArrearsItem.objects.filter(payment=may[older.pk]).values_list("for_month", "amount")
    ) == [
        (D(2025, 3, 1), 150_000),
        (D(2025, 4, 1), 150_000),
    ]
    # Regenerating June does not pay the arrears twice.
    payment_lists.payment_list_lock(
        actor=staff, payment_list=PaymentList.objects.get(month=D(2025, 5, 1))
    )
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 6, 1), communes=[commune_a])
    assert Payment.objects.get(beneficiary=older, month=D(2025, 6, 1)).arrears == 0


def test_back_dated_start_pays_the_months_before_the_decision(staff, commune_a):
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 3, 1), communes=[commune_a])
    _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 4, 1), communes=[commune_a])
    payment = Payment.objects.get(month=D(2025, 4, 1))
    # Only March had a list (the portal paid then): March is caught up.
    assert (payment.amount, payment.arrears, payment.change_reason) == (
        750_000,
        750_000,
        "Quyết định hưởng mới, truy lĩnh các tháng trước",
    )


def test_a_locked_month_is_refused_and_unchanged(staff, commune_a):
    _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    locked = payment_lists.payment_list_lock(actor=staff, payment_list=PaymentList.objects.get())
    _person(commune_a, D(1950, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    with pytest.raises(ValidationError) as excinfo:
        payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    assert excinfo.value.messages == [
        "Danh sách chi trả tháng 05/2025 đã khóa (đã chi trả): không thể lập lại."
    ]
    assert Payment.objects.filter(payment_list=locked).count() == 1
    with pytest.raises(ValidationError):
        payment_lists.payment_list_lock(actor=staff, payment_list=locked)
    # An all-communes run skips it.
    result = payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1))
    assert result.skipped_locked == [commune_a.pk]


def test_the_database_refuses_changes_to_a_locked_list(staff, commune_a):
    _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    payment_lists.payment_list_lock(actor=staff, payment_list=PaymentList.objects.get())
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.update(amount=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.all().delete()
    with pytest.raises(InternalError), transaction.atomic():
        PaymentList.objects.update(status="draft")
    assert Payment.objects.get().amount == 750_000


def test_nobody_is_paid_twice_for_a_month(staff, commune_a):
    person = _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    payment = Payment.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            payment_list=payment.payment_list,
            beneficiary=person,
            month=payment.month,
            groups="x",
            coefficient=1,
            standard=1,
            amount=1,
            method="post_office",
            change="added",
        )


def test_missing_standard_level_is_refused(staff, commune_a):
    StandardLevel.objects.all().delete()
    _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    with pytest.raises(StandardLevelMissing) as excinfo:
        payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    assert (
        "Chưa có mức chuẩn trợ giúp xã hội áp dụng cho ngày 01/05/2025." in excinfo.value.messages
    )
    assert not PaymentList.objects.exists()


def test_missing_coefficient_is_refused(staff, commune_a):
    from socialwork.allowances.models import Coefficient

    Coefficient.objects.filter(group="ND20-5.7").delete()
    _person(commune_a, D(2024, 1, 1), None, [("ND20-5.7", D(2025, 1, 1), None, 1)])
    with pytest.raises(amounts.CoefficientMissing) as excinfo:
        payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    assert excinfo.value.messages == [
        "Chưa có hệ số trợ cấp của nhóm ND20-5.7 áp dụng cho tháng 05/2025."
    ]


def test_commune_official_only_for_their_commune(commune_a, commune_b):
    official = CommuneOfficialFactory(area=commune_a)
    payment_lists.payment_lists_generate(actor=official, month=D(2025, 5, 1), communes=[commune_a])
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        payment_lists.payment_lists_generate(
            actor=official, month=D(2025, 5, 1), communes=[commune_b]
        )
    with pytest.raises(PermissionDenied):
        payment_lists.payment_lists_generate(actor=official, month=D(2025, 5, 1))


@pytest.mark.parametrize("people", [2, 12])
def test_fixed_number_of_queries(staff, commune_a, django_assert_num_queries, people):
    other = CommuneFactory()
    for i in range(people):
        _person(
            commune_a if i % 2 else other,
            D(1950, 1, 1),
            None,
            [("ND20-5.5a", D(2025, 1, 1), None, 1)],
        )
    with django_assert_num_queries(14):
        payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1))
    assert Payment.objects.count() == people


def test_a_payment_needs_its_list_and_its_person(staff, commune_a):
    """The statement-level checks that stand in for Payment's foreign keys."""
    _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    payment = Payment.objects.get()
    for field, missing in (("beneficiary_id", 10**9), ("payment_list_id", 10**9)):
        with pytest.raises(IntegrityError), transaction.atomic():
            Payment.objects.filter(pk=payment.pk).update(**{field: missing})
        with pytest.raises(IntegrityError), transaction.atomic():
            Payment.objects.create(
                **{
                    "payment_list_id": payment.payment_list_id,
                    "beneficiary_id": BeneficiaryFactory(commune=commune_a).pk,
                    "month": D(2025, 6, 1),
                    "groups": "x",
                    "coefficient": 1,
                    "standard": 1,
                    "amount": 1,
                    "method": "post_office",
                    "change": "added",
                }
                | {field: missing}
            )
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM allowances_paymentlist WHERE id = %s", [payment.payment_list_id]
        )
    # The ORM deletes a draft list with its payments (CASCADE), as before.
    PaymentList.objects.filter(pk=payment.payment_list_id).delete()
    assert not Payment.objects.exists()


def test_moved_person_paid_elsewhere_is_not_a_removal(staff, commune_a, commune_b):
    person = _person(commune_a, D(1955, 1, 1), None, [("ND20-5.5a", D(2025, 1, 1), None, 1)])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 5, 1), communes=[commune_a])
    entitlement = person.allowance_entitlements.get()
    applications.entitlement_stop(
        actor=staff, entitlement=entitlement, reason=EndReason.MOVED, on=D(2025, 5, 20)
    )
    EntitlementFactory(beneficiary=person, commune=commune_b, start_month=D(2025, 6, 1))
    # Commune B makes June first; then commune A's June shows no removal.
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 6, 1), communes=[commune_b])
    payment_lists.payment_lists_generate(actor=staff, month=D(2025, 6, 1), communes=[commune_a])
    june_a = PaymentList.objects.get(commune=commune_a, month=D(2025, 6, 1))
    assert (june_a.people, june_a.removed) == (0, 0)
    assert Payment.objects.get(month=D(2025, 6, 1)).payment_list.commune == commune_b


def test_the_month_reads_last_months_payments_through_their_lists(staff, commune_a):
    """A year of lists holds twelve months of payments: last month's (and the
    drafts to clear) are found through the list index, never by reading them all."""
    from django.utils import timezone

    from socialwork.allowances import payments
    from tests.explain import plan

    p = payments.params(
        month=D(2025, 5, 1), communes=[commune_a.pk], standard=500_000, now=timezone.now()
    )
    with connection.cursor() as cursor:
        sql = cursor.mogrify(payments.LIST_MONTH, p).decode()
    text = plan(sql)
    assert "allowances_pay_list_change" in text, text
    assert "Seq Scan on allowances_payment " not in text, text
    for statement in payments.CLEAR_DRAFTS:
        with connection.cursor() as cursor:
            text = plan(cursor.mogrify(statement, p).decode())
        assert "Seq Scan on allowances_payment " not in text, text
