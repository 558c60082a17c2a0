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

D = datetime.date
MONDAY = D(2026, 11, 30)


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


def test_deadlines_answer_in_working_days_complete_in_days_and_extend_once(dpo, commune_a):
    child = BeneficiaryFactory(commune=commune_a, full_name="Lê Thị Bé")
    request = _register(dpo, child)

    assert request.answer_due == add_working_days(MONDAY, 2) == D(2026, 12, 2)
    assert request.complete_due == D(2026, 12, 10)  # access: 10 days
    assert request.person_label.startswith("Lê Thị Bé")

    extended = subject_requests.request_extend(
        actor=dpo, request=request, reason="Cần xác minh", on=D(2026, 12, 3)
    )
    assert extended.complete_due == D(2026, 12, 25)  # once, by 15 days
    assert extended.status == RequestStatus.EXTENDED
    with pytest.raises(ValidationError, match="một lần"):
        subject_requests.request_extend(
            actor=dpo, request=extended, reason="Lần nữa", on=D(2026, 12, 3)
        )


@pytest.mark.parametrize(
    ("right", "received", "answer_due", "complete_due"),
    [
        # Friday: the answer skips the weekend (Monday, Tuesday).
        (Right.ACCESS, D(2025, 11, 28), D(2025, 12, 2), D(2025, 12, 8)),
        # Friday + 15 days is a Saturday: the term ends on Monday.
        (Right.RESTRICT, D(2025, 11, 28), D(2025, 12, 2), D(2025, 12, 15)),
        # The day before 30/4 and 1/5: the answer waits for Tuesday 5/5.
        (Right.KNOW, D(2026, 4, 29), D(2026, 5, 5), D(2026, 5, 11)),
        # 15 days end on 30/4, a holiday, then 1/5 and the weekend: Monday 4/5.
        (Right.WITHDRAW, D(2026, 4, 15), D(2026, 4, 17), D(2026, 5, 4)),
        # Deletion, 20 days, ending on 2/9 (with 1/9 off): Thursday 3/9.
        (Right.DELETE, D(2026, 8, 13), D(2026, 8, 17), D(2026, 9, 3)),
        (Right.OBJECT, D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 16)),
        (Right.CORRECT, D(2026, 12, 1), D(2026, 12, 3), D(2026, 12, 11)),
    ],
)
def test_deadlines_at_the_boundaries(dpo, commune_a, right, received, answer_due, complete_due):
    person = BeneficiaryFactory(commune=commune_a)
    request = _register(dpo, person, right=right, received_on=received)

    assert (request.answer_due, request.complete_due) == (answer_due, complete_due)


def test_an_extension_rolls_off_a_holiday_and_comes_before_the_term_ends(dpo, commune_a):
    person = BeneficiaryFactory(commune=commune_a)
    request = _register(dpo, person, right=Right.ACCESS, received_on=D(2026, 4, 5))
    assert request.complete_due == D(2026, 4, 15)

    extended = subject_requests.request_extend(
        actor=dpo, request=request, reason="Phức tạp", on=D(2026, 4, 15)
    )
    assert extended.complete_due == D(2026, 5, 4)  # 30/4 falls on the 15th day: after 1/5

    late = _register(dpo, person, right=Right.ACCESS, received_on=D(2026, 4, 5))
    with pytest.raises(ValidationError, match="quá thời hạn"):
        subject_requests.request_extend(actor=dpo, request=late, reason="Muộn", on=D(2026, 4, 16))


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
