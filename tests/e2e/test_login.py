import pytest

from tests.factories import CollaboratorUserFactory, CommuneFactory, ProvinceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_collaborator_logs_in_on_a_360px_phone_and_sees_their_home_in_vietnamese(
    live_server, phone_page, login
):
    commune = CommuneFactory(parent=ProvinceFactory(), name="Xã Ea Tu")
    CollaboratorUserFactory(
        username="ctv.hoa", first_name="Hoa", last_name="Trần Thị", area=commune
    )

    page = login(phone_page, "ctv.hoa")

    assert page.url == f"{live_server.url}/"
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Xin chào, Trần Thị Hoa"
    assert "Cộng tác viên CTXH" in page.inner_text("main")
    assert "Xã Ea Tu" in page.inner_text("main")
    # Sign-out sits in the menu, folded on a phone (no script: details/summary).
    page.click(".phone-nav summary")
    assert page.get_by_role("button", name="Đăng xuất").is_visible()
    # Nothing wider than the phone: no sideways scrolling on the first screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
