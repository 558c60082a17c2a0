"""Issue 17 item 8 on a phone (360×740), by clicking from the home page: a
collaborator attaches a photo to their case, sees it listed, downloads it
(downscaled, no EXIF), and a wrong file is refused with a clear message; then
withdraws the photo (attached to the wrong case) through the confirm page."""

import datetime
import io
from pathlib import Path

import pytest
from PIL import Image

from socialwork.attachments.models import Attachment
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.e2e.conftest import PHONE
from tests.factories import CollaboratorUserFactory, CommuneFactory, ProvinceFactory
from tests.socialwork.attachments.conftest import photo_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def world():
    commune = CommuneFactory(parent=ProvinceFactory(), name="Xã Ea Tu")
    lan = CollaboratorUserFactory(username="ctv.lan", area=commune)
    person = BeneficiaryFactory(
        full_name="Nguyễn Văn Ba", commune=commune, birth_date=datetime.date(1948, 5, 1)
    )
    return {"case": CaseFactory(beneficiary=person, assigned_worker=lan, status="assessment")}


def test_collaborator_attaches_a_phone_photo_to_a_case(live_server, phone_page, login, world):
    case = world["case"]
    page = login(phone_page, "ctv.lan")
    page.locator("#my-open-cases").get_by_role("link", name="Nguyễn Văn Ba").click()
    page.wait_for_url(f"**/cases/work/{case.pk}/")

    section = page.locator("#attachments")
    section.scroll_into_view_if_needed()
    assert section.get_by_role("heading", name="Tài liệu đính kèm").is_visible()
    field = section.locator("input[type=file]")
    assert field.get_attribute("accept") == "image/*,application/pdf"
    assert field.get_attribute("capture") is not None

    # A wrong file first: refused, said so, nothing saved.
    field.set_input_files(
        files=[{"name": "ghi-chu.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}]
    )
    section.get_by_label("Loại tài liệu").select_option(label="Ảnh chụp")
    with page.expect_navigation():
        section.get_by_role("button", name="Đính kèm").click()
    assert page.get_by_role("alert").filter(has_text="Chỉ nhận ảnh chụp").is_visible()
    assert not Attachment.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The photo from the camera: 4000×3000 with GPS.
    page.locator("#attachments input[type=file]").set_input_files(
        files=[{"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.locator("#attachments").get_by_label("Ghi chú").fill("Nhà ông Ba sau bão")
    with page.expect_navigation():
        page.locator("#attachments").get_by_role("button", name="Đính kèm").click()
    page.wait_for_url(f"**/cases/work/{case.pk}/#attachments")
    assert page.get_by_text("Đã đính kèm tài liệu.").is_visible()
    link = page.locator("#attachments").get_by_role("link", name="IMG_2041.jpg", exact=True)
    assert link.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    image = Image.open(io.BytesIO(Path(path).read_bytes()))
    assert image.format == "JPEG" and max(image.size) == 2000
    assert not image.getexif()
    assert download.value.suggested_filename == "IMG_2041.jpg"

    # Attached to the wrong case after all: withdrawn, with a reason, after a
    # confirm page (no script), and gone from the list.
    page.locator("#attachments").get_by_role("link", name="Gỡ bỏ IMG_2041.jpg").click()
    page.wait_for_url("**/withdraw/")
    assert page.get_by_text("IMG_2041.jpg").first.is_visible()
    page.get_by_label("Lý do gỡ bỏ").fill("Ảnh của hồ sơ khác")
    with page.expect_navigation():
        page.get_by_role("button", name="Gỡ bỏ").click()
    page.wait_for_url(f"**/cases/work/{case.pk}/#attachments")
    assert page.get_by_text("Đã gỡ bỏ tài liệu đính kèm.").is_visible()
    assert section.get_by_role("link", name="IMG_2041.jpg", exact=True).count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    row = Attachment.objects.get()
    assert row.withdrawn and row.withdrawal_reason == "Ảnh của hồ sơ khác"
