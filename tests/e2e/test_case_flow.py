"""Done when (issue 4): on a 360 px phone a collaborator logs in, opens a
child emergency case, records an assessment and a service and sees the
deadline; the commune official drafts the plan and the commune leader signs
it from the inbox and prints Mẫu 05; the case is reviewed and closed; a
confidential case stays invisible to another collaborator of the same commune."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from cases.casework import deadlines
from cases.models import Assessment, CasePlan, CaseStatus, PlanStatus, ServiceDelivery
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    ProvinceFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world():
    # A transactional test before this one may have flushed the catalogue.
    catalogue = importlib.import_module("facilities.migrations.0002_service_catalogue")
    catalogue.load(django_apps, None)
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province, name="Xã Ea Tu")
    lan = CollaboratorUserFactory(username="ctv.lan", area=commune)
    CollaboratorUserFactory(username="ctv.hoa", area=commune)
    CommuneOfficialFactory(username="xa.binh", area=commune)
    CommuneLeaderFactory(username="xa.chutich", area=commune)
    child = BeneficiaryFactory(
        full_name="Y Bih Niê", commune=commune, birth_date=datetime.date(2016, 4, 2), sex="male"
    )
    case = CaseFactory(
        beneficiary=child, assigned_worker=lan, is_child_protection=True,
        needs_emergency_protection=True, urgency="emergency",
        reported_at=timezone.now() - datetime.timedelta(hours=2),
    )  # fmt: skip
    deadlines.case_refresh_deadline(case)
    secret = CaseFactory(
        beneficiary=BeneficiaryFactory(full_name="H'Hen Ksor", commune=commune),
        assigned_worker=lan, confidential=True, confidentiality_reason="abuse",
    )  # fmt: skip
    return {"case": case, "secret": secret}


def _no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


# The smoke journey: the embedded CI pass and a new user's ./scripts/test run it.
@pytest.mark.smoke
def test_case_from_report_to_closure(live_server, phone_page, desktop_page, browser, login, world):
    case, secret = world["case"], world["secret"]
    page = login(phone_page, "ctv.lan")
    page.goto(f"{live_server.url}/cases/work/")
    assert page.get_by_text("Y Bih Niê").count() >= 1
    page.get_by_text("Y Bih Niê").first.click()
    page.wait_for_url(f"**/cases/work/{case.pk}/")
    # The 12-hour emergency deadline is shown on the case.
    assert "Hạn tiếp theo" in page.content()
    _no_overflow(page)

    # The collaborator assists: the 12-hour emergency step (Mẫu 02 is the
    # commune official's, issue 15).
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi can thiệp khẩn cấp").click()
    page.select_option("#id_service_type", label="Hỗ trợ tâm lý – xã hội, trị liệu")
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi dịch vụ").click()
    assert ServiceDelivery.objects.filter(case=case).count() == 1
    # The 12-hour step is answered: no deadline left until the plan's.
    assert "Hạn tiếp theo" not in page.content()
    _no_overflow(page)
    # The collaborator assigned to the confidential case sees it.
    page.goto(f"{live_server.url}/cases/work/{secret.pk}/")
    assert page.get_by_text("Ksor").count() >= 1

    # The commune official drafts the plan (Mẫu 04) and submits it.
    office = login(desktop_page, "xa.binh")
    office.goto(f"{live_server.url}/cases/work/{case.pk}/")
    # Case numbers are identifiers, not quantities: no thousands separator.
    assert f"Trường hợp số {case.pk} " in office.inner_text("h1")
    office.get_by_role("link", name="Ghi đánh giá").click()
    office.select_option("#id_kind", "initial")
    office.fill("#id_needs", "Nơi ở an toàn, hỗ trợ tâm lý")
    with office.expect_navigation():
        office.get_by_role("button", name="Lưu").click()
    assert Assessment.objects.filter(case=case).count() == 1
    office.get_by_role("link", name="Ghi đánh giá").click()
    office.select_option("#id_kind", "needs")
    office.fill("#id_needs", "Hỗ trợ tâm lý, đi học lại")
    office.fill("#id_meeting_on", timezone.localdate().strftime("%d/%m/%Y"))
    with office.expect_navigation():
        office.get_by_role("button", name="Lưu").click()
    office.get_by_role("link", name="Lập kế hoạch").click()
    due = timezone.localdate() + datetime.timedelta(days=30)
    office.fill("#id_goals", "Trẻ an toàn, đi học lại")
    office.fill("#id_action", "Tư vấn tâm lý hằng tuần")
    office.fill("#id_responsible", "Trạm y tế xã")
    office.fill("#id_due_on", due.strftime("%d/%m/%Y"))
    office.fill("#id_cost_estimate", "1500000")
    with office.expect_navigation():
        office.get_by_role("button", name="Lưu").click()
    plan = CasePlan.objects.get(case=case)
    office.goto(f"{live_server.url}/cases/work/plans/{plan.pk}/")
    with office.expect_navigation():
        office.get_by_role("button", name="Trình Chủ tịch UBND xã phê duyệt").click()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    # The commune leader signs it from the inbox, on a phone, and prints Mẫu 05.
    leader_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    leader = login(leader_context.new_page(), "xa.chutich")
    leader.goto(f"{live_server.url}/cases/work/inbox/")
    _no_overflow(leader)
    leader.get_by_role("link", name="Y Bih Niê").click()
    leader.fill("#id_decision_number", "12/QĐ-UBND")
    with leader.expect_navigation():
        leader.get_by_role("button", name="Ký phê duyệt (Mẫu 05)").click()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    with leader.expect_download() as download_info:
        leader.get_by_role("link", name="Mẫu 05 (.docx)").click()
    download = download_info.value
    assert download.suggested_filename == f"mau-05-truong-hop-{case.pk}.docx"
    with open(download.path(), "rb") as docx:
        assert docx.read(2) == b"PK"  # a .docx is a zip
    leader_context.close()

    # After the plan, the official reviews it (Mẫu 06) and the case closes.
    office.goto(f"{live_server.url}/cases/work/{case.pk}/")
    office.get_by_role("link", name="Rà soát (Mẫu 06)").click()
    office.fill("#id_findings", "Trẻ đã an toàn, đi học đều")
    office.check("#id_safe_and_stable")
    office.select_option("#id_outcome", "close")
    with office.expect_navigation():
        office.get_by_role("button", name="Lưu").click()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_on == timezone.localdate()
    assert "Đã đóng ngày" in office.content()


def test_confidential_case_hidden_from_another_collaborator(live_server, phone_page, login, world):
    secret = world["secret"]
    page = login(phone_page, "ctv.hoa")
    page.goto(f"{live_server.url}/cases/work/list/")
    assert "Ksor" not in page.content()
    response = page.goto(f"{live_server.url}/cases/work/{secret.pk}/")
    assert response.status == 404
