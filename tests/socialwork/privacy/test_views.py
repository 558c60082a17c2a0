"""The breach register through its pages: reached from the department's home,
a breach registered and followed to the authority's confirmation; every other
role refused, on every URL."""

import pytest
from django.urls import reverse

from socialwork.privacy.models import BreachStatus, DataBreach
from tests.factories import (
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
)

from .factories import DataBreachFactory

pytestmark = pytest.mark.django_db


def test_department_registers_a_breach_and_follows_it_to_the_confirmation(client, department):
    client.force_login(department)
    home = client.get(reverse("home")).content.decode()
    assert reverse("privacy:breach_list") in home

    bad = client.post(reverse("privacy:breach_add"), {"detected_at": "31/02/2026 10:00"})
    assert bad.status_code == 400
    created = client.post(
        reverse("privacy:breach_add"),
        {
            "detected_at": "01/12/2026 09:30",
            "summary": "Thư điện tử có tệp danh sách gửi nhầm người.",
            "data_kinds": "họ tên, địa chỉ",
            "suspected_login": department.username.upper(),
        },
    )
    breach = DataBreach.objects.get()
    assert created.url == reverse("privacy:breach_detail", args=[breach.pk])
    page = client.get(created.url).content.decode()
    assert "Hạn thông báo" in page
    assert "09:30 04/12/2026" in page  # 72 hours after 09:30 01/12

    advance = reverse("privacy:breach_advance", args=[breach.pk])
    assert client.post(advance, {"to": "confirmed", "at": "01/12/2026 11:00"}).status_code == 302
    refused = client.post(advance, {"to": "notified", "at": "01/12/2026 15:00"})
    assert refused.status_code == 400
    assert "Hãy ghi số văn bản thông báo" in refused.content.decode()
    client.post(advance, {"to": "notified", "at": "01/12/2026 15:00", "reference": "15/TB-SYT"})
    client.post(advance, {"to": "acknowledged", "at": "02/12/2026 08:00", "reference": "A05"})

    breach.refresh_from_db()
    assert breach.status == BreachStatus.ACKNOWLEDGED
    assert breach.notice_reference == "15/TB-SYT"
    assert "A05" in client.get(reverse("privacy:breach_detail", args=[breach.pk])).content.decode()


@pytest.mark.parametrize(
    "factory",
    [CollaboratorUserFactory, CommuneLeaderFactory, FacilityUserFactory, LeadershipUserFactory],
)
def test_every_other_role_is_refused_on_every_url(client, factory):
    breach = DataBreachFactory()
    client.force_login(factory())

    for url in (
        reverse("privacy:breach_list"),
        reverse("privacy:breach_add"),
        reverse("privacy:breach_detail", args=[breach.pk]),
    ):
        assert client.get(url).status_code == 403, url
    advance = reverse("privacy:breach_advance", args=[breach.pk])
    assert client.post(advance, {"to": "confirmed"}).status_code == 403
    breach.refresh_from_db()
    assert breach.status == BreachStatus.SUSPECTED


def test_an_unknown_breach_is_a_404(client, department):
    client.force_login(department)

    assert client.get(reverse("privacy:breach_detail", args=[999999])).status_code == 404


# --- The data-protection unit's desk -------------------------------------------------------


@pytest.fixture
def dpo(province):
    from socialwork.accounts.models import Role
    from tests.factories import UserFactory

    return UserFactory(area=province, role=Role.DATA_PROTECTION, username="dpo")


def _desk_urls(subject_request):
    pk = subject_request.pk
    return [
        ("get", reverse("privacy:request_list")),
        ("get", reverse("privacy:request_add")),
        ("get", reverse("privacy:request_detail", args=[pk])),
        ("get", reverse("privacy:request_report", args=[pk])),
        ("post", reverse("privacy:request_move", args=[pk, "answer"])),
        ("get", reverse("privacy:processing")),
    ]


@pytest.fixture
def subject_request(dpo, commune_a):
    import datetime

    from socialwork.privacy import subject_requests
    from tests.cases.factories import BeneficiaryFactory

    return subject_requests.request_register(
        actor=dpo,
        person_id=BeneficiaryFactory(commune=commune_a).pk,
        requester_name="Nguyễn Văn Bố",
        relation="parent",
        identity_check="cccd",
        right="access",
        received_on=datetime.date(2026, 11, 30),
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda p, a, b: __import__("tests.factories").factories.UserFactory(area=p),
        lambda p, a, b: CollaboratorUserFactory(area=a),
        lambda p, a, b: CommuneLeaderFactory(area=a),
        lambda p, a, b: FacilityUserFactory(area=p),
        lambda p, a, b: LeadershipUserFactory(area=p),
        lambda p, a, b: __import__("tests.factories").factories.AdminUserFactory(area=p),
    ],
    ids=["department", "collaborator", "commune_leader", "facility", "leadership", "admin"],
)
def test_every_desk_url_refuses_every_other_role(
    client, make, province, commune_a, commune_b, subject_request
):
    user = make(province, commune_a, commune_b)
    if user.is_superuser:
        user.is_superuser = False  # the admin role, not Django's superuser switch
        user.save(update_fields=["is_superuser"])
    client.force_login(user)
    for method, url in _desk_urls(subject_request):
        assert getattr(client, method)(url).status_code in (403, 404), (user.role, url)
    log_status = client.get(reverse("privacy:access_log")).status_code
    assert log_status == (200 if user.role == "admin" else 403)


def test_the_dpo_reads_the_access_log_filtered_by_person(client, dpo, collaborator_a, commune_a):
    from socialwork.accounts.models import AccessLog
    from tests.cases.casework.factories import CaseFactory
    from tests.cases.factories import BeneficiaryFactory

    child = BeneficiaryFactory(commune=commune_a, full_name="Lê Thị Bé")
    case = CaseFactory(beneficiary=child, is_child_protection=True)
    other = BeneficiaryFactory(commune=commune_a, full_name="Hoàng Văn Khác")
    client.force_login(collaborator_a)
    assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 200
    client.get(reverse("cases:beneficiary_detail", args=[other.pk]))
    assert AccessLog.objects.count() == 2

    client.force_login(dpo)
    home = client.get(reverse("home")).content.decode()
    assert reverse("privacy:access_log") in home
    page = client.get(reverse("privacy:access_log"), {"person": "le thi be"})
    rows = list(page.context["page"])
    assert [(r.object_type, r.object_id, r.user) for r in rows] == [
        ("cases.case", str(case.pk), collaborator_a)
    ]
    by_user = client.get(reverse("privacy:access_log"), {"user": collaborator_a.pk})
    assert len(by_user.context["page"]) == 2
    assert client.get(reverse("privacy:access_log"), {"since": "xx"}).status_code == 200


def test_the_dpo_registers_a_request_and_prints_the_report(client, dpo, commune_a):
    from socialwork.privacy.models import SubjectRequest
    from tests.cases.casework.factories import CaseFactory
    from tests.cases.factories import BeneficiaryFactory

    child = BeneficiaryFactory(commune=commune_a, full_name="Lê Thị Bé")
    CaseFactory(beneficiary=child, reporter_name="Trần Hàng Xóm", is_child_protection=True)
    client.force_login(dpo)

    found = client.get(reverse("privacy:request_add"), {"q": "le thi be"}).content.decode()
    assert f"?person={child.pk}" in found
    too_long = client.post(
        reverse("privacy:request_add") + f"?person={child.pk}",
        {
            "person_id": child.pk,
            "requester_name": "x" * 10_000,
            "relation": "parent",
            "identity_check": "birth_cert",
            "right": "access",
            "received_on": "30/11/2026",
        },
    )
    assert too_long.status_code == 400
    created = client.post(
        reverse("privacy:request_add") + f"?person={child.pk}",
        {
            "person_id": child.pk,
            "requester_name": "Lê Văn Bố",
            "relation": "parent",
            "identity_check": "birth_cert",
            "right": "access",
            "received_on": "30/11/2026",
            "requester_alleged_abuser": "on",
        },
    )
    request = SubjectRequest.objects.get()
    assert created.url == reverse("privacy:request_detail", args=[request.pk])
    report = client.get(reverse("privacy:request_report", args=[request.pk])).content.decode()
    assert "Lê Thị Bé" in report
    assert "Trần Hàng Xóm" not in report
    assert "Hồ sơ quản lý trường hợp" not in report  # withheld from the alleged abuser
    assert "Sở Y tế" in report
