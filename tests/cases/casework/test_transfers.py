"""Reassignment and transfer between communes (cases/casework/transfers.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.casework import printing, transfers
from cases.models import Beneficiary, Case, CaseStatus, CaseTransfer, PovertyStatus, TransferStatus
from socialwork.notifications.models import Notification
from tests.cases.casework.factories import CaseFactory, ServiceDeliveryFactory
from tests.cases.factories import (
    BeneficiaryFactory,
    ConsentFactory,
    HouseholdFactory,
    HouseholdPovertyFactory,
)
from tests.factories import CommuneOfficialFactory
from tests.socialwork.allowances.factories import EntitlementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_b(commune_b):
    return CommuneOfficialFactory(area=commune_b)


@pytest.fixture
def moving_case(commune_a, collaborator_a):
    person = BeneficiaryFactory(commune=commune_a, address="Thôn 1")
    ConsentFactory(beneficiary=person)
    deadline = timezone.now() + datetime.timedelta(days=3)
    return CaseFactory(
        beneficiary=person, commune=commune_a, assigned_worker=collaborator_a,
        status=CaseStatus.INTERVENTION, next_deadline=deadline, next_deadline_kind="plan_draft",
    )  # fmt: skip


# --- Reassignment ------------------------------------------------------------------------


def test_a_leaving_collaborators_open_cases_go_to_the_successor_with_the_reason(
    official_a, collaborator_a, collaborator_a2, commune_a, django_assert_max_num_queries
):
    mine = {"commune": commune_a, "beneficiary__commune": commune_a}
    open_cases = [CaseFactory(**mine, assigned_worker=collaborator_a) for _ in range(5)]
    closed = CaseFactory(
        commune=commune_a, beneficiary__commune=commune_a, assigned_worker=collaborator_a,
        status=CaseStatus.CLOSED, closure_reason="goals_met", closed_on=timezone.localdate(),
    )  # fmt: skip
    with django_assert_max_num_queries(14):  # fixed, whatever the number of cases
        moved = transfers.cases_reassign(
            actor=official_a, leaving=collaborator_a, successor=collaborator_a2,
            reason="Nghỉ việc từ 01/12",
        )  # fmt: skip
    assert moved == 5
    assert set(Case.objects.filter(assigned_worker=collaborator_a2)) == set(open_cases)
    closed.refresh_from_db()
    assert closed.assigned_worker == collaborator_a  # history stays as it was
    note = open_cases[0].transitions.get().note
    assert "Nghỉ việc từ 01/12" in note and str(collaborator_a2) in note
    assert Notification.objects.filter(recipient=collaborator_a2, kind="case_reassigned").exists()


def test_reassignment_needs_a_reason_and_a_successor_of_the_commune(
    official_a, collaborator_a, collaborator_b, commune_a
):
    CaseFactory(commune=commune_a, beneficiary__commune=commune_a, assigned_worker=collaborator_a)
    with pytest.raises(ValidationError) as raised:
        transfers.cases_reassign(
            actor=official_a, leaving=collaborator_a, successor=collaborator_b, reason=""
        )
    assert "reason" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        transfers.cases_reassign(
            actor=official_a, leaving=collaborator_a, successor=collaborator_b, reason="Nghỉ"
        )
    assert "successor" in raised.value.message_dict


def test_a_collaborator_may_not_reassign(collaborator_a, collaborator_a2, commune_a):
    CaseFactory(commune=commune_a, beneficiary__commune=commune_a, assigned_worker=collaborator_a2)
    with pytest.raises((PermissionDenied, ValidationError)):
        transfers.cases_reassign(
            actor=collaborator_a, leaving=collaborator_a2, successor=collaborator_a, reason="x"
        )
    assert not Case.objects.filter(assigned_worker=collaborator_a).exists()


def test_the_reassign_page(client, department, collaborator_a, collaborator_a2, commune_a):
    case = CaseFactory(
        commune=commune_a, beneficiary__commune=commune_a, assigned_worker=collaborator_a
    )
    client.force_login(department)
    page = client.get(reverse("casework:reassign"), {"leaving": collaborator_a.pk})
    assert page.status_code == 200
    assert str(case.beneficiary) in page.content.decode()
    response = client.post(
        reverse("casework:reassign"),
        {"leaving": collaborator_a.pk, "successor": collaborator_a2.pk, "reason": "Nghỉ"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_worker == collaborator_a2


# --- Transfer within the province ---------------------------------------------------------


def test_transfer_accepted_moves_the_person_and_the_case_which_continues(
    official_a, official_b, collaborator_b, moving_case, commune_b
):
    before = Case.objects.get(pk=moving_case.pk)
    transfer = transfers.case_transfer_request(
        actor=official_a, case=moving_case, to_commune=commune_b, reason="Gia đình chuyển nhà",
        new_address="Tổ 5",
    )  # fmt: skip
    assert transfer.status == TransferStatus.REQUESTED
    assert Notification.objects.filter(recipient=official_b, kind="case_transfer").exists()
    # Nothing moves until the receiving commune answers.
    assert Case.objects.get(pk=moving_case.pk).commune_id == before.commune_id

    transfers.case_transfer_accept(actor=official_b, transfer=transfer, worker=collaborator_b)
    case = Case.objects.get(pk=moving_case.pk)
    person = Beneficiary.objects.get(pk=moving_case.beneficiary_id)
    assert (case.commune, person.commune, person.address) == (commune_b, commune_b, "Tổ 5")
    # A move is not a closure: status and deadlines carried over.
    assert case.status == CaseStatus.INTERVENTION
    assert (case.next_deadline, case.next_deadline_kind) == (
        before.next_deadline,
        before.next_deadline_kind,
    )
    assert case.assigned_worker == collaborator_b
    notes = list(case.transitions.values_list("note", flat=True))
    assert any("Đề nghị chuyển sang" in n for n in notes)
    assert case.transitions.filter(from_commune=before.commune, to_commune=commune_b).exists()
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == (TransferStatus.ACCEPTED, official_b)


def test_declined_with_a_reason_nothing_moves(official_a, official_b, moving_case, commune_b):
    transfer = transfers.case_transfer_request(
        actor=official_a, case=moving_case, to_commune=commune_b, reason="Chuyển nhà"
    )
    with pytest.raises(ValidationError):
        transfers.case_transfer_decline(actor=official_b, transfer=transfer, note="")
    transfers.case_transfer_decline(
        actor=official_b, transfer=transfer, note="Gia đình không ở địa chỉ này"
    )
    assert Case.objects.get(pk=moving_case.pk).commune_id == moving_case.commune_id
    assert Notification.objects.filter(recipient=official_a, kind="case_transfer").exists()


def test_only_the_receiving_commune_decides(official_a, moving_case, commune_b):
    transfer = transfers.case_transfer_request(
        actor=official_a, case=moving_case, to_commune=commune_b, reason="Chuyển nhà"
    )
    with pytest.raises(PermissionDenied):
        transfers.case_transfer_accept(actor=official_a, transfer=transfer)


def test_no_consent_no_transfer(official_a, commune_a, commune_b):
    case = CaseFactory(commune=commune_a, beneficiary__commune=commune_a)
    with pytest.raises(ValidationError, match="sự đồng ý"):
        transfers.case_transfer_request(
            actor=official_a, case=case, to_commune=commune_b, reason="Chuyển nhà"
        )
    assert not CaseTransfer.objects.exists()


def test_one_open_request_at_a_time(official_a, moving_case, commune_b):
    transfers.case_transfer_request(
        actor=official_a, case=moving_case, to_commune=commune_b, reason="Chuyển nhà"
    )
    with pytest.raises(ValidationError, match="đang chờ"):
        transfers.case_transfer_request(
            actor=official_a, case=moving_case, to_commune=commune_b, reason="Lần hai"
        )


def test_the_receivers_inbox_and_the_senders_view(
    client, official_a, official_b, moving_case, commune_b, collaborator_b
):
    transfer = transfers.case_transfer_request(
        actor=official_a, case=moving_case, to_commune=commune_b, reason="Chuyển nhà"
    )
    client.force_login(official_b)
    inbox = client.get(reverse("casework:transfer_inbox")).content.decode()
    detail_url = reverse("casework:transfer_detail", args=[transfer.pk])
    # The row links by the person's name.
    assert f'<a href="{detail_url}">{moving_case.beneficiary}</a>' in inbox
    response = client.post(
        reverse("casework:transfer_accept", args=[transfer.pk]), {"worker": collaborator_b.pk}
    )
    assert response.status_code == 302
    assert client.get(reverse("casework:case_detail", args=[moving_case.pk])).status_code == 200
    # Another commune sees neither the request nor the case.
    client.force_login(CommuneOfficialFactory())
    assert client.get(detail_url).status_code == 404


# --- Out of the province --------------------------------------------------------------


def test_out_of_province_gets_a_printed_dossier(client, official_a, moving_case):
    transfer = transfers.case_transfer_out_of_province(
        actor=official_a, case=moving_case, to_province="Tỉnh Gia Lai", reason="Đi làm ăn xa"
    )
    assert transfer.status == TransferStatus.DOSSIER
    assert Case.objects.get(pk=moving_case.pk).status == CaseStatus.INTERVENTION
    doc = transfers.transfer_dossier(transfer=transfer, actor=official_a)
    rows = dict(doc.rows)
    assert rows["Chuyển đến"] == "Tỉnh Gia Lai" and rows["Lý do chuyển"] == "Đi làm ăn xa"
    assert doc.title == "HỒ SƠ CHUYỂN TRƯỜNG HỢP"
    client.force_login(official_a)
    response = client.get(reverse("casework:transfer_dossier", args=[transfer.pk]))
    assert response.status_code in (200, 503)  # 503: no PDF engine on this server
    if response.status_code == 200:
        assert response.content.startswith(b"%PDF")


def test_the_dossier_carries_the_household_cases_services_allowances_and_consents(
    client, official_a, moving_case, commune_a
):
    person = moving_case.beneficiary
    household = HouseholdFactory(commune=commune_a, code="H-77", head=person)
    HouseholdPovertyFactory(household=household, year=2025, status=PovertyStatus.POOR)
    BeneficiaryFactory(commune=commune_a, household=household)
    person.household, person.relation_to_head = household, "Chủ hộ"
    person.save(update_fields=["household", "relation_to_head"])
    moving_case.reporter_name, moving_case.reporter_phone = "Trần Hàng Xóm", "0911222333"
    moving_case.save(update_fields=["reporter_name", "reporter_phone"])
    other = CaseFactory(beneficiary=person, commune=commune_a, reporter_name="Phạm Cô Giáo")
    CaseFactory(
        beneficiary=person, commune=commune_a, status=CaseStatus.CLOSED,
        closed_on=datetime.date(2025, 1, 1), closure_reason="goals_met",
    )  # fmt: skip
    ServiceDeliveryFactory(case=moving_case, note="Tư vấn tâm lý lần 1")
    EntitlementFactory(beneficiary=person, decision_number="88/QĐ-UBND")
    transfer = transfers.case_transfer_out_of_province(
        actor=official_a, case=moving_case, to_province="Tỉnh Gia Lai", reason="Đi làm ăn xa"
    )

    doc = transfers.transfer_dossier(transfer=transfer, actor=official_a)
    rows = doc.rows
    text = printing.to_html(doc)

    assert dict(rows)["Hộ gia đình"].startswith("Mã hộ H-77, chủ hộ")
    assert "2 người trong sổ" in dict(rows)["Hộ gia đình"]
    assert dict(rows)["Tình trạng nghèo của hộ"] == "Hộ nghèo (2025)"
    open_cases = [v for k, v in rows if k == "Trường hợp đang mở"]
    assert len(open_cases) == 2 and any(f"Mã {other.pk}," in v for v in open_cases)
    assert "88/QĐ-UBND" in dict(rows)["Trợ cấp xã hội hằng tháng"]
    assert [k for k, _v in rows].count("Sự đồng ý") == 1
    assert [row[2] for row in doc.table] == ["Tư vấn tâm lý lần 1"]
    for secret in ("Trần Hàng Xóm", "0911222333", "Phạm Cô Giáo"):
        assert secret not in text

    # Reachable from the case page once recorded.
    client.force_login(official_a)
    page = client.get(reverse("casework:case_detail", args=[moving_case.pk])).content.decode()
    assert reverse("casework:transfer_dossier", args=[transfer.pk]) in page
    assert "In hồ sơ chuyển đến Tỉnh Gia Lai" in page


# --- API ---------------------------------------------------------------------------------


def test_the_api_requests_lists_and_accepts(
    client, official_a, official_b, moving_case, commune_b, collaborator_b
):
    client.force_login(official_a)
    created = client.post(
        "/api/v1/case-transfers/",
        {"case": moving_case.pk, "to_commune": commune_b.pk, "reason": "Chuyển nhà"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    transfer_id = created.json()["id"]
    client.force_login(official_b)
    listed = client.get("/api/v1/case-transfers/?status=requested").json()
    assert [t["id"] for t in listed["results"]] == [transfer_id]
    assert listed["results"][0]["person"] == moving_case.beneficiary.full_name
    accepted = client.post(
        f"/api/v1/case-transfers/{transfer_id}/accept/",
        {"worker": collaborator_b.pk},
        content_type="application/json",
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert Case.objects.get(pk=moving_case.pk).commune == commune_b


def test_the_api_refuses_without_consent_as_a_400(client, official_a, commune_a, commune_b):
    case = CaseFactory(commune=commune_a, beneficiary__commune=commune_a)
    client.force_login(official_a)
    response = client.post(
        "/api/v1/case-transfers/",
        {"case": case.pk, "to_commune": commune_b.pk, "reason": "Chuyển nhà"},
        content_type="application/json",
    )
    assert response.status_code == 400


def test_the_api_reassigns(client, official_a, collaborator_a, collaborator_a2, commune_a):
    CaseFactory(commune=commune_a, beneficiary__commune=commune_a, assigned_worker=collaborator_a)
    client.force_login(official_a)
    response = client.post(
        "/api/v1/case-reassignments/",
        {"leaving": collaborator_a.pk, "successor": collaborator_a2.pk, "reason": "Nghỉ"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json() == {"reassigned": 1}
    client.force_login(collaborator_a2)
    response = client.post(
        "/api/v1/case-reassignments/",
        {"leaving": collaborator_a2.pk, "successor": collaborator_a.pk, "reason": "Nghỉ"},
        content_type="application/json",
    )
    assert response.status_code == 403
