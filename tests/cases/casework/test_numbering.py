"""The commune's register of decision numbers (Decree 30/2020 Art. 15)."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cases.casework import numbering
from cases.casework.services import plans as plan_services
from cases.casework.services.plans import plan_approve
from cases.models import (
    CaseStatus,
    IssuedDocument,
    IssuedStatus,
    NumberCounter,
    PlanStatus,
    RegisterPolicy,
)
from tests.cases.casework.factories import CaseFactory, CasePlanFactory
from tests.cases.factories import BeneficiaryFactory

DAY = datetime.date(2026, 3, 2)


def _submitted(commune):
    case = CaseFactory(beneficiary=BeneficiaryFactory(commune=commune), status=CaseStatus.PLANNING)
    return CasePlanFactory(case=case, status=PlanStatus.SUBMITTED, submitted_at=timezone.now())


def _fail_for(monkeypatch, plans, message="Hồ sơ trường hợp đang được cập nhật"):
    """The approval fails after the number is taken, for these plans' cases."""
    doomed = {p.case_id for p in plans}
    real = plan_services.case_refresh_deadline

    def refresh(case):
        if case.pk in doomed:
            raise ValidationError(message)
        return real(case)

    monkeypatch.setattr(plan_services, "case_refresh_deadline", refresh)


@pytest.mark.django_db
def test_approvals_take_the_next_numbers_of_the_year(commune_a, leader_a):
    first, second = _submitted(commune_a), _submitted(commune_a)
    first = plan_approve(actor=leader_a, plan=first, decision_date=DAY)
    second = plan_approve(actor=leader_a, plan=second, decision_date=DAY)
    assert (first.decision_number, second.decision_number) == ("01/QĐ-UBND", "02/QĐ-UBND")
    issued = IssuedDocument.objects.get(plan=second)
    assert (issued.year, issued.number, issued.status, issued.form) == (2026, 2, "issued", "05")
    assert issued.signed_by == leader_a and issued.issued_on == DAY
    # A new year starts again at 01.
    third = plan_approve(
        actor=leader_a, plan=_submitted(commune_a), decision_date=datetime.date(2025, 12, 31)
    )
    assert third.decision_number == "01/QĐ-UBND"
    assert IssuedDocument.objects.get(plan=third).year == 2025


@pytest.mark.django_db
def test_each_commune_keeps_its_own_register(commune_a, commune_b, leader_a, leader_b):
    plan_approve(actor=leader_a, plan=_submitted(commune_a), decision_date=DAY)
    plan_b = plan_approve(actor=leader_b, plan=_submitted(commune_b), decision_date=DAY)
    assert plan_b.decision_number == "01/QĐ-UBND"


@pytest.mark.django_db
def test_a_typed_number_of_a_paper_decision_takes_no_number(commune_a, leader_a):
    plan = plan_approve(actor=leader_a, plan=_submitted(commune_a), decision_number=" 7/QĐ-UBND ")
    assert plan.decision_number == "7/QĐ-UBND"
    assert not IssuedDocument.objects.exists()


@pytest.mark.django_db
def test_refusals_before_signing_take_no_number(commune_a, leader_a, leader_b):
    plan = _submitted(commune_a)
    with pytest.raises(PermissionDenied):
        plan_approve(actor=leader_b, plan=plan)
    with pytest.raises(ValidationError):
        plan_approve(actor=leader_a, plan=plan, decision_date=datetime.date(2999, 1, 1))
    draft = CasePlanFactory(case=CaseFactory(beneficiary=BeneficiaryFactory(commune=commune_a)))
    with pytest.raises(ValidationError):
        plan_approve(actor=leader_a, plan=draft)
    assert not IssuedDocument.objects.exists()
    assert not NumberCounter.objects.filter(last_number__gt=0).exists()


@pytest.mark.django_db
def test_a_failed_issuing_voids_its_number_with_the_reason(commune_a, leader_a, monkeypatch):
    doomed, ok = _submitted(commune_a), _submitted(commune_a)
    _fail_for(monkeypatch, [doomed])
    with pytest.raises(ValidationError) as exc:
        plan_approve(actor=leader_a, plan=doomed, decision_date=DAY)
    assert "đang được cập nhật" in exc.value.messages[0]
    doomed.refresh_from_db()
    assert doomed.status == PlanStatus.SUBMITTED and doomed.decision_number == ""
    void = IssuedDocument.objects.get(number=1)
    assert void.status == IssuedStatus.VOID and void.plan is None
    assert void.void_reason == "Ban hành không thành công: Hồ sơ trường hợp đang được cập nhật"
    # The next decision takes the next number: the void one is never given again.
    assert plan_approve(actor=leader_a, plan=ok, decision_date=DAY).decision_number == (
        "02/QĐ-UBND"
    )


@pytest.mark.django_db
def test_the_head_may_split_the_register_by_kind_before_the_first_number(
    commune_a, leader_a, official_a
):
    with pytest.raises(PermissionDenied):
        numbering.register_configure(actor=official_a, agency=commune_a, split_by_kind=True)
    numbering.register_configure(actor=leader_a, agency=commune_a, split_by_kind=True)
    assert RegisterPolicy.objects.get(agency=commune_a).split_by_kind
    plan = plan_approve(actor=leader_a, plan=_submitted(commune_a))
    assert IssuedDocument.objects.get(plan=plan).series == "QĐ"
    with pytest.raises(ValidationError) as exc:
        numbering.register_configure(actor=leader_a, agency=commune_a, split_by_kind=False)
    assert "ngày 01 tháng 01 năm sau" in exc.value.messages[0]
    assert RegisterPolicy.objects.get(agency=commune_a).split_by_kind


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_take_refuses_to_run_outside_the_issuing_transaction(commune_a, leader_a):
    with pytest.raises(RuntimeError):
        numbering.take(agency=commune_a, kind="QĐ", issued_on=DAY, actor=leader_a)
    assert not IssuedDocument.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_approvals_get_distinct_consecutive_numbers(
    commune_a, leader_a, monkeypatch
):
    plans = [_submitted(commune_a) for _ in range(50)]
    doomed = plans[3::10]  # five approvals fail after taking their number
    _fail_for(monkeypatch, doomed)
    barrier = threading.Barrier(len(plans))
    results: dict[int, str] = {}
    errors: dict[int, Exception] = {}

    def approve(plan):
        try:
            barrier.wait()
            results[plan.pk] = plan_approve(
                actor=leader_a, plan=plan, decision_date=DAY
            ).decision_number
        except Exception as exc:  # noqa: BLE001 (collected and checked below)
            errors[plan.pk] = exc
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=approve, args=(plan,)) for plan in plans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads)

    assert set(errors) == {p.pk for p in doomed}
    assert all(isinstance(e, ValidationError) for e in errors.values())
    assert len(results) == 45 and len(set(results.values())) == 45
    register = list(IssuedDocument.objects.filter(agency=commune_a, year=2026).order_by("number"))
    counter = NumberCounter.objects.get(agency=commune_a, year=2026, series="")
    # Consecutive from 01, nothing skipped, nothing twice; every gap in the issued
    # numbers is a recorded void with its reason.
    assert [r.number for r in register] == list(range(1, 51)) and counter.last_number == 50
    issued = {r.reference: r for r in register if r.status == IssuedStatus.ISSUED}
    voids = [r for r in register if r.status == IssuedStatus.VOID]
    assert set(issued) == set(results.values())
    assert len(voids) == 5 and all(v.void_reason and v.plan_id is None for v in voids)
    for plan_id, number in results.items():
        assert issued[number].plan_id == plan_id
    for plan in doomed:
        plan.refresh_from_db()
        assert plan.status == PlanStatus.SUBMITTED
