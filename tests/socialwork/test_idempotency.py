"""Creates sent twice at the same moment, on separate connections: one row,
every request answered (no IntegrityError reaches the user), and another user's
key never hands back someone else's record."""

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cases import services as register
from cases.hotline import services as hotline
from cases.models import Beneficiary, HotlineCall, Referral
from cases.models.hotline import CallerType, CallIssue, CallKind
from cases.models.referrals import LegalBasis
from cases.referrals import services as referrals
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import service
from tests.facilities.factories import FacilityStaffUserFactory

concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(calls, n=3):
    """Run the calls on n threads released together; return what each returned or raised."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 (each outcome is asserted)
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, calls[i % len(calls)])) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _call(actor, commune, key):
    return lambda: hotline.call_record(
        actor=actor,
        received_at=timezone.now() - datetime.timedelta(minutes=5),
        kind=CallKind.REPORT,
        caller_type=CallerType.NEIGHBOUR,
        issue=CallIssue.VIOLENCE,
        summary="Trẻ bị đánh.",
        commune=commune,
        client_uuid=key,
    )


@concurrent
def test_three_hotline_creates_with_one_key_make_one_call(centre_staff, commune_a):
    key = uuid.uuid4()

    results = at_once([_call(centre_staff, commune_a, key)])

    assert all(isinstance(r, HotlineCall) for r in results), results
    assert {r.pk for r in results} == {HotlineCall.objects.get(client_uuid=key).pk}


@concurrent
def test_two_referrals_sent_with_one_key_make_one_referral(collaborator_a, centre):
    case = CaseFactory(
        beneficiary=BeneficiaryFactory(commune=collaborator_a.area), assigned_worker=collaborator_a
    )
    key = uuid.uuid4()

    def send():
        return referrals.referral_send(
            actor=collaborator_a,
            case=case,
            to_facility=centre,
            service_type=service(),
            reason="Cần tư vấn tâm lý.",
            legal_basis=LegalBasis.STATUTORY,
            client_uuid=key,
        ).referral

    results = at_once([send], n=2)

    assert all(isinstance(r, Referral) for r in results), results
    assert Referral.objects.filter(client_uuid=key).count() == 1
    assert results[0].pk == results[1].pk


@concurrent
def test_two_tabs_registering_one_cccd_get_a_form_error_not_a_500(collaborator_a, commune_a):
    def register_in_a_tab():
        return register.beneficiary_register(
            actor=collaborator_a,
            data={
                "full_name": "Nguyễn Thị Hoa",
                "birth_date": datetime.date(1985, 3, 4),
                "sex": "female",
                "commune": commune_a,
                "cccd": "066185000123",
                "categories": ["ND20-5.4"],
            },
            client_uuid=uuid.uuid4(),
            confirmed_distinct=True,
        )

    results = at_once([register_in_a_tab], n=2)

    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(refused) == 1, results
    assert "cccd" in refused[0].message_dict
    assert Beneficiary.objects.filter(cccd="066185000123").count() == 1


@pytest.mark.django_db
def test_another_users_key_does_not_return_their_call(centre, centre_staff, commune_a):
    key = uuid.uuid4()
    _call(centre_staff, commune_a, key)()
    colleague = FacilityStaffUserFactory(facility=centre)

    with pytest.raises(ValidationError):
        _call(colleague, commune_a, key)()
