"""Issue 15, the collaborator's day in one unbroken journey on a 360×740 phone
under slow-3G emulation, by clicking from the home page (goto only for the
login page): an accent-free search finds no one, the person is registered and
gets a household, a case is opened from the person page, a home visit is
recorded with notes, observations and a next step, the case is referred to a
facility offering the chosen service with consent recorded inline, and the
referral shows on the person page. Each step checks what the user sees next."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from cases.models import Beneficiary, Case, CaseEvent, Consent, Household, Referral
from tests.cases.referrals.factories import CentreFactory, service
from tests.e2e.conftest import PHONE
from tests.e2e.test_person_journeys import Wire, _no_serious_violations
from tests.factories import CollaboratorUserFactory, CommuneFactory, ProvinceFactory

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
    CollaboratorUserFactory(username="ctv.hoa", area=commune)
    counselling = service("tu_van")
    near = CentreFactory(name="Trung tâm CTXH Ea Tu", commune=commune, services=[counselling])
    CentreFactory(name="Trung tâm CTXH Tân Lập", commune=far, services=[counselling])
    # In the commune but not offering counselling: never in the referral list.
    CentreFactory(name="Cơ sở không tư vấn", commune=commune, services=[service()])
    return {"commune": commune, "near": near}


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def _sees(page, selector: str) -> None:
    """What the user sees next: visible, and the page still fits the phone."""
    assert page.locator(selector).first.is_visible(), (page.url, selector)
    _fits(page)


def test_a_collaborators_day_from_search_to_referral(phone_page, login, world):
    page = login(phone_page, "ctv.hoa")
    wire = Wire(page)
    wire.slow_3g()
    page.reload()
    _sees(page, "#home-q")

    # 1. Search first, typed without accents: nobody yet.
    page.fill("#home-q", "nguyen thi thu")
    with page.expect_navigation():
        page.click("form[role=search] button")
    _sees(page, "text=Không tìm thấy ai.")
    _no_serious_violations(page)

    # 2. Register her from the empty search.
    with page.expect_navigation():
        page.click("a.button:has-text('Đăng ký người mới')")
    _sees(page, "#id_full_name")
    page.fill("#id_full_name", "Nguyễn Thị Thu")
    page.fill("#id_birth_date", "12/03/1956")
    page.select_option("#id_sex", "female")
    page.fill("#id_address", "Buôn Ea Tu")
    page.fill("#category-filter", "cao tuoi")
    page.locator("label.choice:has-text('Người cao tuổi')").first.click()
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    _sees(page, "h1:has-text('Nguyễn Thị Thu')")
    _sees(page, "text=12/03/1956")
    _sees(page, "text=Chưa gắn với hộ nào.")
    person = Beneficiary.objects.get(full_name="Nguyễn Thị Thu")
    assert person.commune == world["commune"]
    assert [c.code for c in person.categories.all()] == ["ND20-5.5"]

    # 3. Her household, created from her page (she is its head).
    page.click("summary:has-text('Tạo hộ gia đình')")
    page.fill("#id_address", "Buôn Ea Tu")
    page.fill("#id_size", "2")
    page.fill("#id_livelihood", "Làm rẫy")
    with page.expect_navigation():
        page.click("button:has-text('Tạo hộ')")
    _sees(page, "text=Đã tạo hộ gia đình.")
    _sees(page, "#household-head:has-text('Nguyễn Thị Thu')")
    household = Household.objects.get()
    assert household.head_id == person.pk
    # Back to her page, from the household.
    with page.expect_navigation():
        page.click(f"a[href='/cases/people/{person.pk}/']")
    _sees(page, "h1:has-text('Nguyễn Thị Thu')")
    _sees(page, "#person-cases:has-text('Chưa có trường hợp nào.')")

    # 4. Open a case from her page: she is named, never asked for by id.
    with page.expect_navigation():
        page.click("a:has-text('Mở trường hợp cho người này')")
    _sees(page, "text=Nguyễn Thị Thu")
    assert page.locator("#id_beneficiary").get_attribute("type") == "hidden"
    page.select_option("#id_source", "collaborator")
    page.fill("#id_summary", "Bà sống một mình, đau khớp, ít người thăm")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    _sees(page, "text=Đã mở trường hợp.")
    case = Case.objects.get(beneficiary=person)
    assert re.search(rf"/cases/work/{case.pk}/$", page.url)
    _no_serious_violations(page)

    # 5. A home visit with notes, what was seen and the next step.
    page.get_by_text("Ghi thăm gia đình").click()
    page.fill("#id_note", "Bà ăn uống kém, con trai đi làm xa")
    page.fill("#id_observations", "Nhà ẩm, thuốc giảm đau đã hết")
    page.fill("#id_next_step", "Chuyển gửi tư vấn tâm lý")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu lần thăm").click()
    events = page.locator("#case-events").inner_text()
    assert "Nhà ẩm, thuốc giảm đau đã hết" in events
    assert "Chuyển gửi tư vấn tâm lý" in events
    _fits(page)
    visit = CaseEvent.objects.get(case=case, kind="home_visit")
    assert (visit.note, visit.next_step) == (
        "Bà ăn uống kém, con trai đi làm xa",
        "Chuyển gửi tư vấn tâm lý",
    )

    # 6. Refer: only the facilities that offer the service, nearest first.
    with page.expect_navigation():
        page.get_by_role("link", name="Chuyển gửi", exact=True).click()
    _sees(page, "#id_service_type")
    with page.expect_navigation():
        page.select_option("#id_service_type", label=service("tu_van").name)
    options = page.locator("#id_to_facility option").all_inner_texts()
    assert options[1:] == [
        "Trung tâm CTXH Ea Tu — Xã Ea Tu",
        "Trung tâm CTXH Tân Lập — Phường Tân Lập",
    ]
    assert page.locator("input[name=legal_basis]:checked").count() == 0
    _no_serious_violations(page)
    page.select_option("#id_to_facility", label="Trung tâm CTXH Ea Tu — Xã Ea Tu")
    page.fill("#id_reason", "Cần tư vấn tâm lý cho người cao tuổi sống một mình")
    # 7. Consent recorded inline: none is on file yet.
    page.check("input[name=legal_basis][value=consent]")
    page.check("input[name=consent_basis][value=person]")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi").click()
    _sees(page, "#referral-status:has-text('Đã gửi')")
    consent = Consent.objects.get(beneficiary=person)
    assert consent.given_on == timezone.localdate()
    referral = Referral.objects.get(case=case)
    assert (referral.to_facility, referral.consent) == (world["near"], consent)

    # 8. The referral on her page, reached from the home page's search.
    page.click("a.brand")
    page.fill("#home-q", "nguyen thi thu")
    with page.expect_navigation():
        page.click("form[role=search] button")
    with page.expect_navigation():
        page.click("a:has-text('Nguyễn Thị Thu')")
    referrals = page.locator("#person-referrals").inner_text()
    assert "Trung tâm CTXH Ea Tu" in referrals and "Đã gửi" in referrals
    case.refresh_from_db()
    cases = page.locator("#person-cases")
    assert cases.locator("a").count() == 1
    assert case.get_status_display() in cases.inner_text()
    _sees(page, "#person-referrals")
    _no_serious_violations(page)
