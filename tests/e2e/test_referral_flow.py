"""Done when (issue 5): a collaborator refers a child's case to the Social
Work Centre for emergency shelter from a phone; the Centre's staff sees it in
the inbox, accepts it and admits the child; the collaborator sees the
referral accepted and the admission; an unanswered urgent referral shows as
overdue on the department's network overview."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import CentreFactory, ReferralFactory
from tests.facilities.factories import FacilityStaffUserFactory
from tests.factories import CollaboratorUserFactory, CommuneFactory, ProvinceFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world():
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province, name="Xã Ea Tu")
    collaborator = CollaboratorUserFactory(username="ctv.lan", area=commune)
    child = BeneficiaryFactory(
        full_name="Y Bih Niê", commune=commune, birth_date=datetime.date(2016, 4, 2), sex="male"
    )
    case = CaseFactory(
        beneficiary=child, assigned_worker=collaborator, is_child_protection=True,
        needs_emergency_protection=True, urgency="emergency",
    )  # fmt: skip
    centre = CentreFactory(name="Trung tâm Công tác xã hội tỉnh", commune=commune, capacity=30)
    FacilityStaffUserFactory(username="coso.mai", facility=centre)
    UserFactory(username="so.hanh", area=province)
    # Another commune's urgent referral nobody answered for 30 hours.
    ReferralFactory(
        to_facility=centre, urgency="urgent", priority=1,
        sent_at=timezone.now() - datetime.timedelta(hours=30),
        response_due_at=timezone.now() - datetime.timedelta(hours=6),
    )  # fmt: skip
    return {"case": case, "centre": centre}


def test_referral_to_emergency_admission(live_server, phone_page, desktop_page, login, world):
    case, centre = world["case"], world["centre"]

    # 1. The collaborator sends the case from a phone, in a few taps.
    page = login(phone_page, "ctv.lan")
    page.goto(f"{live_server.url}/cases/referrals/new/?case={case.pk}")
    with page.expect_navigation():
        page.select_option("#id_service_type", label="Tiếp nhận, chăm sóc khẩn cấp, tạm lánh")
    page.select_option("#id_to_facility", label=f"{centre.name} — {centre.commune.name}")
    page.check("input[name=urgency][value=emergency]")
    page.fill("#id_reason", "Trẻ bị bạo hành, cần nơi ở an toàn ngay")
    page.check("input[name=legal_basis][value=emergency]")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert page.inner_text("#referral-status") == "Đã gửi"
    referral_url = page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # 2. The Centre sees it in its inbox (urgent on top), accepts and admits the child.
    staff = login(desktop_page, "coso.mai")
    staff.goto(f"{live_server.url}/cases/referrals/inbox/")
    first_row = staff.locator("tbody tr").first
    assert "Y Bih Niê" in first_row.inner_text()
    with staff.expect_navigation():
        first_row.locator("a").first.click()
    with staff.expect_navigation():
        staff.click("#accept")
    assert re.search(r"/facilities/\d+/admit/\?referral=\d+$", staff.url)
    # The form comes filled from the referral: the person by name, no id to type,
    # and only the emergency kind's fields (issue 17).
    assert "Y Bih Niê" in staff.inner_text("#admission-person")
    assert staff.locator("#id_beneficiary").count() == 0
    assert not staff.is_visible("#id_contract_number")
    staff.check("input[name=kind][value=voluntary]")
    assert staff.is_visible("#id_contract_number")
    assert not staff.is_visible("#id_reception_record_number")
    staff.check("input[name=kind][value=emergency]")
    staff.fill("#id_reception_record_number", "BBTN-01/2025")
    with staff.expect_navigation():
        staff.click("#admit")
    assert staff.inner_text("#admission-status") == "Đang ở tại cơ sở"

    # 3. The collaborator sees the referral accepted and the admission.
    page.goto(referral_url)
    main = page.inner_text("main")
    assert "Đã chấp nhận" in main
    assert "Tiếp nhận khẩn cấp" in page.inner_text("#referral-admissions")

    # 4. The department sees the unanswered urgent referral as overdue.
    with staff.expect_navigation():
        staff.get_by_role("button", name="Đăng xuất").click()
    department = login(desktop_page, "so.hanh")
    department.goto(f"{live_server.url}/facilities/?q=Trung+tam+Cong+tac")
    row = department.locator("tbody tr", has_text=centre.name)
    assert row.locator(".badge.overdue").inner_text() == "1"
