import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import DisabilityLevel, PovertyStatus
from socialwork.allowances.models import (
    AllowanceApplication,
    AllowanceEntitlement,
    ApplicationStatus,
)
from socialwork.allowances.selectors import applications_overdue, posting_list
from socialwork.allowances.services import applications
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory, HouseholdPovertyFactory
from tests.factories import (
    CommuneLeaderFactory,
    UserFactory,
)

from ..factories import poor_older

pytestmark = pytest.mark.django_db
D = datetime.date


def _submit(person, actor, **kwargs):
    data = {"group": "ND20-5.5a", "filed_on": D(2025, 9, 1), "village": "Thôn 3"} | kwargs
    application, _created = applications.application_submit(actor=actor, beneficiary=person, **data)
    return application


def test_the_whole_procedure_to_the_entitlement(commune_a, people):
    person = poor_older(commune_a)
    application = _submit(person, people["collaborator"])
    # 7 working days from Monday 1/9/2025: 2/9 is a holiday, so Thursday 11/9.
    assert (application.form, application.review_due) == ("1c", D(2025, 9, 11))
    applications.application_review(
        actor=people["official"], application=application, reviewed_on=D(2025, 9, 5), eligible=True
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.POSTED
    # Posted 2 working days from Friday 5/9 (to Tuesday 9/9), then 3 for the decision.
    assert (application.posted_until, application.decision_due) == (D(2025, 9, 9), D(2025, 9, 12))
    applications.application_decide(
        actor=people["leader"],
        application=application,
        decided_on=D(2025, 9, 11),
        approve=True,
        decision_number="15/QĐ-UBND",
    )
    entitlement = AllowanceEntitlement.objects.get(beneficiary=person)
    assert (entitlement.start_month, entitlement.coefficient, entitlement.decision_number) == (
        D(2025, 9, 1),
        1.5,
        "15/QĐ-UBND",
    )


def test_objection_upheld_rejects_and_dismissed_goes_on(commune_a, people):
    first, second = poor_older(commune_a), poor_older(commune_a)
    for person in (first, second):
        application = _submit(person, people["official"])
        applications.application_review(
            actor=people["official"],
            application=application,
            reviewed_on=D(2025, 9, 2),
            eligible=True,
        )
    apps = {a.beneficiary_id: a for a in AllowanceApplication.objects.all()}
    for person, upheld in ((first, True), (second, False)):
        objection = applications.objection_record(
            actor=people["official"],
            application=apps[person.pk],
            received_on=D(2025, 9, 3),
            summary="Có con trai phụng dưỡng",
        )
        assert objection.due_on == D(2025, 9, 17)
        applications.objection_resolve(
            actor=people["official"],
            objection=objection,
            resolved_on=D(2025, 9, 8),
            upheld=upheld,
            resolution="Đã xác minh",
        )
    assert AllowanceApplication.objects.get(beneficiary=first).status == ApplicationStatus.REJECTED
    assert AllowanceApplication.objects.get(beneficiary=second).status == ApplicationStatus.POSTED


@pytest.mark.parametrize(
    ("group", "birth", "disability", "poverty", "field", "message"),
    [
        (
            "ND20-5.5a",
            D(1980, 1, 1),
            "none",
            PovertyStatus.POOR,
            "group",
            "Độ tuổi của người này (45) không thuộc nhóm “5.5a Người cao tuổi thuộc hộ nghèo, không người phụng dưỡng”.",  # noqa: E501
        ),
        (
            "ND20-5.1",
            D(2000, 1, 1),
            "none",
            None,
            "group",
            "Độ tuổi của người này (25) không thuộc nhóm “5.1 Trẻ em dưới 16 tuổi không có nguồn nuôi dưỡng”.",  # noqa: E501
        ),
        (
            "ND20-5.5a",
            D(1950, 1, 1),
            "none",
            PovertyStatus.NEAR_POOR,
            "group",
            "Nhóm này yêu cầu hộ nghèo/cận nghèo năm 2025; hồ sơ đối tượng chưa ghi nhận.",
        ),
        (
            "ND20-5.5c",
            D(1940, 1, 1),
            "none",
            None,
            "group",
            "Nhóm “5.5c Người từ 80 tuổi không có lương hưu, trợ cấp” không còn hưởng trợ cấp theo bảng hệ số từ ngày 01/07/2025; hãy chọn nhóm khác hoặc đề nghị Sở cập nhật bảng hệ số.",  # noqa: E501
        ),
        (
            "ND20-5.6-severe",
            D(1990, 1, 1),
            DisabilityLevel.MILD,
            None,
            "group",
            "Mức độ khuyết tật ghi trong hồ sơ đối tượng (“Khuyết tật nhẹ”) không phù hợp với nhóm này.",  # noqa: E501
        ),
    ],
)
def test_a_group_that_does_not_fit_is_refused(
    commune_a, people, group, birth, disability, poverty, field, message
):
    household = HouseholdFactory(commune=commune_a)
    if poverty:
        HouseholdPovertyFactory(household=household, year=2025, status=poverty)
    person = BeneficiaryFactory(
        commune=commune_a, household=household, birth_date=birth, disability_level=disability
    )
    kwargs = {"sub_case": "b"} if group == "ND20-5.1" else {}
    with pytest.raises(ValidationError) as excinfo:
        _submit(person, people["official"], group=group, **kwargs)
    assert excinfo.value.message_dict[field] == [message]
    assert not AllowanceApplication.objects.exists()


def test_decision_before_the_application_is_refused(commune_a, people):
    application = _submit(poor_older(commune_a), people["official"])
    applications.application_review(
        actor=people["official"], application=application, reviewed_on=D(2025, 9, 2), eligible=True
    )
    with pytest.raises(ValidationError) as excinfo:
        applications.application_decide(
            actor=people["leader"],
            application=application,
            decided_on=D(2025, 8, 30),
            approve=True,
            decision_number="1/QĐ",
        )
    assert excinfo.value.message_dict["decided_on"] == [
        "Ngày quyết định (30/08/2025) không được trước ngày nộp hồ sơ (01/09/2025)."
    ]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.POSTED  # nothing saved is lost


def test_forbidden_transitions_are_refused_clearly(commune_a, people):
    application = _submit(poor_older(commune_a), people["official"])
    with pytest.raises(ValidationError) as excinfo:
        applications.application_decide(
            actor=people["leader"],
            application=application,
            decided_on=D(2025, 9, 20),
            approve=True,
            decision_number="1/QĐ",
        )
    assert excinfo.value.messages == [
        "Không thể chuyển hồ sơ từ “Đã nộp, chờ xã xét” sang “Đã có quyết định hưởng”."
    ]


def test_only_the_commune_leader_decides(commune_a, commune_b, people):
    application = _submit(poor_older(commune_a), people["official"])
    applications.application_review(
        actor=people["official"], application=application, reviewed_on=D(2025, 9, 2), eligible=True
    )
    for actor in (people["official"], UserFactory(), CommuneLeaderFactory(area=commune_b)):
        with pytest.raises(PermissionDenied):
            applications.application_decide(
                actor=actor,
                application=application,
                decided_on=D(2025, 9, 20),
                approve=True,
                decision_number="1/QĐ",
            )


def test_overdue_steps_are_listed_for_the_commune_and_the_department(commune_a, commune_b, people):
    late = _submit(poor_older(commune_a), people["official"])
    _submit(poor_older(commune_b), UserFactory(), filed_on=D(2025, 9, 8))
    department = UserFactory()
    overdue = applications_overdue(actor=department, today=D(2025, 9, 12))
    assert [(a.pk, a.overdue_step) for a in overdue] == [(late.pk, "Xã xét hồ sơ")]
    assert list(applications_overdue(actor=people["official"], today=D(2025, 9, 30))) == [late]


def test_posting_list_leaves_hiv_out(commune_a, people):
    older = poor_older(commune_a)
    household = HouseholdFactory(commune=commune_a)
    HouseholdPovertyFactory(household=household, year=2025, status=PovertyStatus.POOR)
    hiv = BeneficiaryFactory(commune=commune_a, household=household, birth_date=D(1985, 1, 1))
    for person, group in ((older, "ND20-5.5a"), (hiv, "ND20-5.8")):
        application = _submit(person, people["official"], group=group)
        applications.application_review(
            actor=people["official"],
            application=application,
            reviewed_on=D(2025, 9, 2),
            eligible=True,
        )
    assert [
        a.beneficiary_id for a in posting_list(actor=people["official"], commune_id=commune_a.pk)
    ] == [older.pk]
