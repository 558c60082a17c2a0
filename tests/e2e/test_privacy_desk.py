"""Done when (issue 17, access governance): at a 1366×768 desk the department's
personal-data protection unit finds who viewed a child-protection case, registers
a parent's request for their child's data and produces the report, which does
not reveal who reported the case."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from socialwork.accounts.models import Role
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.factories import CollaboratorUserFactory, CommuneFactory, ProvinceFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def desk_page(browser):
    context = browser.new_context(
        viewport={"width": 1366, "height": 768},
        locale="vi-VN",
        extra_http_headers={"Accept-Language": "vi-VN,vi;q=0.9"},
    )
    yield context.new_page()
    context.close()


def test_the_dpo_finds_who_viewed_and_answers_a_parents_request(live_server, desk_page, login):
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province, name="Xã Ea Tu")
    lan = CollaboratorUserFactory(
        username="ctv.lan", area=commune, last_name="Nguyễn Thị", first_name="Lan"
    )
    child = BeneficiaryFactory(
        full_name="Y Bih Niê", commune=commune, birth_date=datetime.date(2016, 4, 2)
    )
    case = CaseFactory(
        beneficiary=child, commune=commune, is_child_protection=True, assigned_worker=lan,
        reporter_name="Trần Văn Báo", reporter_phone="0911222333",
    )  # fmt: skip
    UserFactory(username="dpo.thu", role=Role.DATA_PROTECTION, area=province)
    # The collaborator opens the case: the access log has its row.
    viewer = Client()
    viewer.force_login(lan)
    assert viewer.get(reverse("casework:case_detail", args=[case.pk])).status_code == 200

    page = login(desk_page, "dpo.thu")
    page.click("text=Nhật ký truy cập dữ liệu cá nhân")
    page.fill("#id_person", "Y Bih Nie")
    with page.expect_navigation():
        page.click("button:has-text('Lọc')")
    row = page.locator("tbody tr").first
    assert "Nguyễn Thị Lan" in row.inner_text()
    assert f"cases.case #{case.pk}" in row.inner_text()
    assert page.locator("tbody tr").count() == 1

    page.click("a.brand")
    page.click("text=Yêu cầu của chủ thể dữ liệu")
    page.click("text=Tiếp nhận yêu cầu")
    page.fill("#q", "y bih")
    with page.expect_navigation():
        page.click("button:has-text('Tìm')")
    page.click("text=Y Bih Niê")
    page.fill("#id_requester_name", "Niê Văn Cha")
    page.select_option("#id_relation", "parent")
    page.select_option("#id_identity_check", "birth_cert")
    page.select_option("#id_right", "access")
    with page.expect_navigation():
        page.click("button:has-text('Tiếp nhận')")
    assert "Đã tiếp nhận yêu cầu." in page.inner_text("body")
    assert "Hạn phản hồi" in page.inner_text("body")

    page.click("text=Lập báo cáo cho chủ thể dữ liệu")
    report = page.inner_text("body")
    assert "Y Bih Niê" in report
    assert "Hồ sơ quản lý trường hợp" in report
    assert "Trần Văn Báo" not in report
    assert "0911222333" not in report
    assert "Nguyễn Thị Lan" not in report  # staff names stay internal
