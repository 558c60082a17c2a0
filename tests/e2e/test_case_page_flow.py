"""Issue 15, the case side, at 360×740 by clicking from the home page (goto
only for the login page): (a) the collaborator records a home visit with notes
and a service, refers the case to a provider of that service with consent
recorded on the referral form, the facility accepts, the answer comes back on
the case page; (b) the commune official submits a plan, the leader sees it
waiting in the inbox, reviews it with the case summary, previews the decision
PDF, signs and prints Mẫu 05."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from cases.models import CaseEvent, CasePlan, Consent, PlanStatus, Referral, ServiceDelivery
from tests.cases.casework.factories import (
    AssessmentFactory,
    CaseFactory,
    CasePlanActionFactory,
    CasePlanFactory,
)
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import CentreFactory, service
from tests.e2e.conftest import PHONE
from tests.facilities.factories import FacilityStaffUserFactory
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
    catalogue = importlib.import_module("facilities.migrations.0002_service_catalogue")
    catalogue.load(django_apps, None)
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province, name="Xã Ea Tu")
    far = CommuneFactory(parent=province, name="Phường Tân Lập")
    lan = CollaboratorUserFactory(username="ctv.lan", area=commune)
    CommuneOfficialFactory(username="xa.binh", area=commune)
    CommuneLeaderFactory(username="xa.chutich", area=commune)
    person = BeneficiaryFactory(
        full_name="Nguyễn Văn Ba", commune=commune, birth_date=datetime.date(1948, 5, 1)
    )
    case = CaseFactory(beneficiary=person, assigned_worker=lan, status="assessment")
    counselling = service("tu_van")
    near = CentreFactory(name="Trung tâm CTXH Ea Tu", commune=commune, services=[counselling])
    CentreFactory(name="Trung tâm CTXH Tân Lập", commune=far, services=[counselling])
    CentreFactory(name="Cơ sở không tư vấn", commune=commune, services=[service()])
    FacilityStaffUserFactory(username="coso.mai", facility=near)
    return {"case": case, "near": near}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _axe(page) -> None:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        return  # the project installs it with the navigation work (issue 15)
    results = Axe().run(page)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], [v["id"] for v in serious]


def test_collaborator_visit_service_consent_referral_answer(
    live_server, phone_page, browser, login, world
):
    case, near = world["case"], world["near"]
    page = login(phone_page, "ctv.lan")
    # From the home page to the case.
    page.locator("#my-open-cases").get_by_role("link", name="Nguyễn Văn Ba").click()
    page.wait_for_url(f"**/cases/work/{case.pk}/")
    _fits(page)
    _axe(page)

    # A home visit with notes, what was seen and the next step.
    page.get_by_text("Ghi thăm gia đình").click()
    page.fill("#id_note", "Ông sống một mình, con ở xa")
    page.fill("#id_observations", "Nhà dột, thiếu thuốc huyết áp")
    page.fill("#id_next_step", "Kết nối trạm y tế, tư vấn tâm lý")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu lần thăm").click()
    events = page.locator("#case-events")
    assert "Nhà dột, thiếu thuốc huyết áp" in events.inner_text()
    assert "Kết nối trạm y tế" in events.inner_text()
    visit = CaseEvent.objects.get(case=case, kind="home_visit")
    assert visit.observations == "Nhà dột, thiếu thuốc huyết áp"

    # A service given on the visit.
    page.select_option("#id_service_type", label=service("tu_van").name)
    with page.expect_navigation():
        page.get_by_role("button", name="Ghi dịch vụ").click()
    assert service("tu_van").name in page.locator("#case-services").inner_text()
    assert ServiceDelivery.objects.filter(case=case).count() == 1

    # Refer: the providers of the service, nearest first; consent recorded inline.
    page.get_by_role("link", name="Chuyển gửi", exact=True).click()
    with page.expect_navigation():
        page.select_option("#id_service_type", label=service("tu_van").name)
    options = page.locator("#id_to_facility option").all_inner_texts()
    assert options[1:] == [
        "Trung tâm CTXH Ea Tu — Xã Ea Tu",
        "Trung tâm CTXH Tân Lập — Phường Tân Lập",
    ]
    # Never pre-selected.
    assert page.locator("input[name=legal_basis]:checked").count() == 0
    _fits(page)
    _axe(page)
    page.select_option("#id_to_facility", label="Trung tâm CTXH Ea Tu — Xã Ea Tu")
    page.fill("#id_reason", "Cần tư vấn tâm lý, kết nối y tế")
    page.check("input[name=legal_basis][value=consent]")
    page.check("input[name=consent_basis][value=person]")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi").click()
    assert page.inner_text("#referral-status") == "Đã gửi"
    assert Consent.objects.filter(beneficiary=case.beneficiary).count() == 1
    referral = Referral.objects.get(case=case)
    assert referral.consent is not None

    # The facility, on its own phone, accepts it from its inbox.
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="vi-VN")
    staff = login(context.new_page(), "coso.mai")
    staff.get_by_role("link", name="Hộp thư chuyển gửi").click()
    with staff.expect_navigation():
        staff.locator("tbody tr", has_text="Nguyễn Văn Ba").locator("a").first.click()
    with staff.expect_navigation():
        staff.click("#accept")
    context.close()
    referral.refresh_from_db()
    assert referral.status == "accepted"
    assert near.pk == referral.to_facility_id

    # The answer comes back on the collaborator's case page.
    page.click("a.brand")
    page.locator("#my-open-cases").get_by_role("link", name="Nguyễn Văn Ba").click()
    assert "Đã chấp nhận" in page.locator("#case-referrals").inner_text()


def test_leader_reviews_previews_signs_and_prints(live_server, phone_page, browser, login, world):
    case = world["case"]
    AssessmentFactory(
        case=case, kind="needs", needs="Tư vấn tâm lý, thuốc huyết áp",
        conclusion="Cần kế hoạch hỗ trợ tại nhà",
    )  # fmt: skip
    case.status = "planning"
    case.save(update_fields=["status"])
    plan = CasePlanFactory(case=case, goals="Ông Ba ổn định sức khỏe")
    CasePlanActionFactory(plan=plan, description="Khám sức khỏe định kỳ")

    # The commune official submits the plan, from the commune's case list.
    office = login(phone_page, "xa.binh")
    office.locator("a.tile", has_text="Danh sách trường hợp").click()
    office.get_by_role("link", name="Nguyễn Văn Ba").first.click()
    office.locator("a", has_text="Dự thảo").first.click()
    with office.expect_navigation():
        office.get_by_role("button", name="Trình Chủ tịch UBND xã phê duyệt").click()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    # The leader sees it waiting, with how long, and reviews it.
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="vi-VN")
    leader = login(context.new_page(), "xa.chutich")
    leader.get_by_role("link", name="Quyết định chờ ký").click()
    row = leader.locator("tbody tr", has_text="Nguyễn Văn Ba")
    assert "0 ngày làm việc" in row.inner_text()
    _fits(leader)
    _axe(leader)
    row.get_by_role("link").click()
    assert "Tư vấn tâm lý, thuốc huyết áp" in leader.locator("#plan-assessment").inner_text()
    assert "Nguyễn Văn Ba" in leader.locator("#case-summary").inner_text()
    _fits(leader)
    _axe(leader)
    # The preview is the PDF the printing module renders (fetched with the
    # leader's session: a phone opens it in its PDF viewer).
    href = leader.get_attribute("#decision-preview", "href")
    assert href == f"/cases/work/plans/{plan.pk}/preview.pdf"
    preview = leader.request.get(f"{live_server.url}{href}")
    assert preview.headers["content-type"] == "application/pdf"
    assert preview.body()[:4] == b"%PDF"

    leader.fill("#id_decision_number", "15/QĐ-UBND")
    with leader.expect_navigation():
        leader.get_by_role("button", name="Ký phê duyệt (Mẫu 05)").click()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    with leader.expect_download() as download:
        leader.get_by_role("link", name="In Mẫu 05 (PDF)").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    context.close()
    assert CasePlan.objects.get(pk=plan.pk).decision_number == "15/QĐ-UBND"
    assert timezone.localdate(plan.approved_at) == timezone.localdate()
