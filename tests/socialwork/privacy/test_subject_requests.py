"""Data-subject requests: deadlines in working days, one extension, refusal with
a reason, and a report that never names the reporter nor shows a child's
protection record to the parent who is the alleged abuser."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from socialwork.accounts.models import Role
from socialwork.calendar.workdays import add_working_days
from socialwork.privacy import subject_requests, subjects
from socialwork.privacy.models import Relation, RequestStatus, Right
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2026, 11, 30)


@pytest.fixture
def dpo(province):
    return UserFactory(area=province, role=Role.DATA_PROTECTION, username="dpo")


def _register(dpo, person, **extra):
    data = {
        "actor": dpo,
        "person_id": person.pk,
        "requester_name": "Nguyễn Văn Bố",
        "relation": Relation.PARENT,
        "identity_check": "birth_cert",
        "right": Right.ACCESS,
        "received_on": MONDAY,
        **extra,
    }
    return subject_requests.request_register(**data)


def test_deadlines_count_working_days_and_extend_once(dpo, commune_a):
    child = BeneficiaryFactory(commune=commune_a, full_name="Lê Thị Bé")
    request = _register(dpo, child)

    assert request.answer_due == add_working_days(MONDAY, 2) == datetime.date(2026, 12, 2)
    assert request.complete_due == add_working_days(MONDAY, 10)
    assert request.person_label.startswith("Lê Thị Bé")

    extended = subject_requests.request_extend(actor=dpo, request=request, reason="Cần xác minh")
    assert extended.complete_due == add_working_days(request.complete_due, 10)
    assert extended.status == RequestStatus.EXTENDED
    with pytest.raises(ValidationError, match="một lần"):
        subject_requests.request_extend(actor=dpo, request=extended, reason="Lần nữa")


def test_a_refusal_needs_its_reason_and_ends_the_request(dpo, commune_a):
    request = _register(dpo, BeneficiaryFactory(commune=commune_a))

    with pytest.raises(ValidationError):
        subject_requests.request_close(actor=dpo, request=request, refused=True, text=" ")
    closed = subject_requests.request_close(
        actor=dpo, request=request, refused=True, text="Không xác minh được người đại diện"
    )
    assert (closed.status, closed.refusal_reason) == (
        RequestStatus.REFUSED,
        "Không xác minh được người đại diện",
    )
    with pytest.raises(ValidationError, match="kết thúc"):
        subject_requests.request_answer(actor=dpo, request=closed)


def test_only_the_data_protection_unit_handles_requests(department, commune_a):
    with pytest.raises(PermissionDenied):
        _register(department, BeneficiaryFactory(commune=commune_a))


def test_an_unknown_person_is_a_field_error(dpo):
    with pytest.raises(ValidationError) as refused:
        subject_requests.request_register(
            actor=dpo,
            person_id=999999,
            requester_name="A",
            relation=Relation.SELF,
            identity_check="cccd",
            right=Right.KNOW,
            received_on=MONDAY,
        )
    assert "person_id" in refused.value.message_dict


def test_the_report_never_names_the_reporter(commune_a):
    child = BeneficiaryFactory(commune=commune_a, full_name="Lê Thị Bé")
    CaseFactory(
        beneficiary=child,
        reporter_name="Trần Hàng Xóm",
        reporter_phone="0911222333",
        is_child_protection=True,
    )
    CaseFactory(beneficiary=child, reporter_name="Phạm Cô Giáo")

    full = str([vars(s) for s in subjects.report(child.pk, withhold_child_protection=False)])
    withheld = subjects.report(child.pk, withhold_child_protection=True)

    assert "Lê Thị Bé" in full
    for secret in ("Trần Hàng Xóm", "0911222333", "Phạm Cô Giáo", "hàng xóm"):
        assert secret not in full
    [cases] = [s for s in withheld if s.title == "Hồ sơ quản lý trường hợp"]
    assert len(cases.items) == 1  # the child-protection case left out
    [all_cases] = [
        s
        for s in subjects.report(child.pk, withhold_child_protection=False)
        if s.title == "Hồ sơ quản lý trường hợp"
    ]
    assert len(all_cases.items) == 2
