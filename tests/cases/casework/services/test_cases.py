"""Opening a case, editing its intake, who works on it, the move with the
person (cases/casework/services/cases.py)."""

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.casework.services.cases import case_assign, case_follow_beneficiary, case_update
from cases.errors import StaleEdit
from cases.models import Case, CaseStatus, IntakeSource
from tests.cases.casework.factories import CaseFactory
from tests.cases.casework.services.helpers import _open
from tests.factories import CollaboratorUserFactory

pytestmark = pytest.mark.django_db


def test_open_assigns_the_collaborator_and_records_intake(child_a, collaborator_a):
    result = _open(
        collaborator_a, child_a, is_child_protection=True, needs_emergency_protection=True
    )
    case = result.obj
    assert result.created
    assert case.commune_id == child_a.commune_id
    # A child's case: the collaborator assists; the commune official (none
    # here) owns it (test_services_law.py).
    assert (case.assigned_worker, case.assistant) == (None, collaborator_a)
    assert case.transitions.get().to_status == CaseStatus.INTAKE
    assert case.next_deadline_kind == "emergency"
    assert case.next_deadline == case.reported_at + datetime.timedelta(hours=12)


def test_open_is_idempotent_by_client_uuid(child_a, collaborator_a):
    key = uuid.uuid4()
    first = _open(collaborator_a, child_a, client_uuid=key)
    second = _open(collaborator_a, child_a, client_uuid=key)
    assert (first.created, second.created) == (True, False)
    assert second.obj.pk == first.obj.pk
    assert Case.objects.count() == 1


def test_someone_elses_key_is_refused(child_a, collaborator_a, collaborator_a2):
    key = uuid.uuid4()
    _open(collaborator_a, child_a, client_uuid=key)
    with pytest.raises(ValidationError):
        _open(collaborator_a2, child_a, client_uuid=key)


def test_report_time_in_the_future_is_refused(child_a, collaborator_a):
    with pytest.raises(ValidationError) as exc:
        _open(collaborator_a, child_a, reported_at=timezone.now() + datetime.timedelta(hours=3))
    assert "tương lai" in exc.value.message_dict["reported_at"][0]
    assert not Case.objects.exists()


def test_hotline_report_needs_call_reference(child_a, official_a):
    with pytest.raises(ValidationError) as exc:
        _open(official_a, child_a, source=IntakeSource.HOTLINE_111)
    assert "call_reference" in exc.value.message_dict


def test_stale_edit_is_refused_and_nothing_overwritten(case_a, collaborator_a, official_a):
    version = case_a.version
    case_update(
        actor=official_a, case=case_a, data={"summary": "Bản của công chức"}, version=version
    )
    with pytest.raises(StaleEdit):
        case_update(actor=collaborator_a, case=case_a, data={"summary": "Bản cũ"}, version=version)
    case_a.refresh_from_db()
    assert case_a.summary == "Bản của công chức"


def test_transfer_moves_open_cases_and_lets_go_of_commune_workers(
    case_a, commune_b, collaborator_a
):
    closed = CaseFactory(
        beneficiary=case_a.beneficiary,
        status=CaseStatus.CLOSED,
        closed_on=timezone.localdate(),
        closure_reason="goals_met",
    )
    person = case_a.beneficiary
    person.commune = commune_b
    person.save()
    new_worker = CollaboratorUserFactory(area=commune_b)
    assert case_follow_beneficiary(actor=None, beneficiary=person, worker=new_worker) == 1
    case_a.refresh_from_db()
    closed.refresh_from_db()
    assert (case_a.commune, case_a.assigned_worker) == (commune_b, new_worker)
    assert closed.commune_id != commune_b.pk
    assert case_a.transitions.first().to_commune == commune_b


def test_worker_must_be_in_the_case_commune(case_a, official_a, collaborator_b):
    with pytest.raises(ValidationError):
        case_assign(actor=official_a, case=case_a, worker=collaborator_b)


def test_collaborator_cannot_assign(case_a, collaborator_a, collaborator_a2):
    with pytest.raises(PermissionDenied):
        case_assign(actor=collaborator_a, case=case_a, worker=collaborator_a2)


def test_editing_the_register_to_a_new_commune_moves_the_open_cases(case_a, commune_b, department):
    from cases.services import beneficiary_update

    person = case_a.beneficiary
    beneficiary_update(
        actor=department, beneficiary=person, data={"commune": commune_b}, version=person.version
    )
    case_a.refresh_from_db()
    assert case_a.commune == commune_b
    assert case_a.assigned_worker is None
