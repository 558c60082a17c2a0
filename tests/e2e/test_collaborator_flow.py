"""Done when (issue 6): department staff import a collaborator list with one bad
row (fixed, then imported), record a training course with attendance, and see
the coverage table change; a collaborator logs in on a phone and sees their own
due follow-ups first. The import runs on a real Celery worker
(tests/celery_harness.py)."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import Workbook

from collaborators.models import Collaborator
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.celery_harness import broker, worker
from tests.collaborators.factories import CollaboratorFactory
from tests.factories import CommuneFactory, ProvinceFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["Họ và tên", "Số điện thoại", "Xã/phường", "Thôn, buôn, tổ dân phố", "Ngày bắt đầu"]


def _workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _watch_csp(page, violations: list) -> None:
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )


def _upload(page, live_server, name: str, rows) -> None:
    page.goto(f"{live_server.url}/collaborators/import/")
    page.set_input_files(
        "input[type=file]", files=[{"name": name, "buffer": _workbook(rows), "mimeType": XLSX}]
    )
    with page.expect_navigation():
        page.click("form.card button[type=submit].primary")


def _coverage_count(page, live_server, commune: str) -> str:
    page.goto(f"{live_server.url}/collaborators/coverage/")
    return page.locator("tbody tr", has_text=commune).locator("td.num").first.inner_text()


@pytest.fixture
def world():
    province = ProvinceFactory()
    ea_tu = CommuneFactory(parent=province, name="Xã Ea Tu")
    hoa_phu = CommuneFactory(parent=province, name="Xã Hòa Phú")
    cu_kuin = CommuneFactory(parent=province, name="Xã Cư Kuin")
    UserFactory(username="so.hanh", first_name="Hạnh", last_name="Võ", area=province)
    # A collaborator of a third commune with one follow-up due today and one later.
    me = CollaboratorFactory(
        user__username="ctv.nga",
        user__first_name="Nga",
        user__last_name="Phạm Thị",
        user__area=cu_kuin,
    ).user
    today_noon = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time(12, 0))
    )
    due = CaseFactory(
        beneficiary=BeneficiaryFactory(full_name="H'Linh Êban", commune=cu_kuin),
        assigned_worker=me,
        next_deadline=today_noon,
    )
    CaseFactory(
        beneficiary=BeneficiaryFactory(full_name="Y Khoa Mlô", commune=cu_kuin),
        assigned_worker=me,
        next_deadline=today_noon + datetime.timedelta(days=10),
    )
    # Someone else's case due today: never on this collaborator's home.
    CaseFactory(
        beneficiary=BeneficiaryFactory(full_name="Lò Văn Khác", commune=cu_kuin),
        next_deadline=today_noon,
    )
    return {"ea_tu": ea_tu, "hoa_phu": hoa_phu, "due": due}


def test_import_train_cover_and_phone_home(
    live_server, desktop_page, phone_page, login, world, tmp_path
):
    violations: list[str] = []
    _watch_csp(desktop_page, violations)
    _watch_csp(phone_page, violations)
    desk = login(desktop_page, "so.hanh")
    assert _coverage_count(desk, live_server, "Xã Ea Tu") == "0"
    assert _coverage_count(desk, live_server, "Xã Hòa Phú") == "0"

    # 1. A list with a malformed phone: the worker flags the row, nothing is saved.
    good = ["Nguyễn Thị Lan", "0912345678", "Xã Ea Tu", "Buôn Ky", "01/06/2025"]
    with broker(tmp_path) as env, worker(env):
        _upload(
            desk,
            live_server,
            "ctv-lan-1.xlsx",
            [good, ["Trần Văn Bình", "09123", "Xã Hòa Phú", "", "01/06/2025"]],
        )
        desk.wait_for_selector("text=Lỗi theo dòng", timeout=90_000)
        errors = desk.locator("table").last.inner_text()
        # Row 3 of the sheet (the header is row 1), the phone column, the reason.
        assert re.search(
            r"\b3\s+Số điện thoại\s+Số điện thoại “09123” không đúng định dạng", errors
        )
        assert not Collaborator.objects.filter(user__phone="0912345678").exists()

        # 2. The fixed file: both rows valid, committed in one go.
        _upload(
            desk,
            live_server,
            "ctv-lan-2.xlsx",
            [good, ["Trần Văn Bình", "0987654321", "Xã Hòa Phú", "", "01/06/2025"]],
        )
        desk.wait_for_selector("text=Nhập 2 dòng hợp lệ", timeout=90_000)
        assert desk.locator("text=Lỗi theo dòng").count() == 0
        with desk.expect_navigation():
            desk.click("text=Nhập 2 dòng hợp lệ")
        desk.wait_for_selector("text=Đã nhập 2 bản ghi.", timeout=90_000)
    with desk.expect_navigation():
        desk.click("text=In danh sách tài khoản và mật khẩu tạm")
    logins = desk.inner_text("main")
    assert "Nguyễn Thị Lan" in logins and "Trần Văn Bình" in logins
    lan = Collaborator.objects.get(user__phone="0912345678")
    assert lan.user.area == world["ea_tu"]

    # 3. The coverage table changed: each commune now has its collaborator.
    assert _coverage_count(desk, live_server, "Xã Ea Tu") == "1"
    assert _coverage_count(desk, live_server, "Xã Hòa Phú") == "1"

    # 4. A course that has happened, with Lan's attendance recorded by phone number.
    desk.goto(f"{live_server.url}/collaborators/training/status/")
    assert "Nguyễn Thị Lan" in desk.locator("tbody").inner_text()
    ended = timezone.localdate() - datetime.timedelta(days=7)
    desk.goto(f"{live_server.url}/collaborators/training/new/")
    desk.fill("#id_title", "Quản lý ca cơ bản")
    desk.select_option("#id_topic", value="case_management")
    desk.fill("#id_organiser", "Sở Y tế")
    desk.fill("#id_starts_on", (ended - datetime.timedelta(days=2)).strftime("%d/%m/%Y"))
    desk.fill("#id_ends_on", ended.strftime("%d/%m/%Y"))
    desk.fill("#id_hours", "24")
    desk.fill("#id_place", "Buôn Ma Thuột")
    with desk.expect_navigation():
        desk.click("main button[type=submit].primary")
    assert desk.locator("h1").inner_text() == "Quản lý ca cơ bản"
    desk.fill("#id_phone", "0912 345 678")
    desk.check("#id_completed")
    desk.fill("#id_certificate_number", "CC-2025-001")
    with desk.expect_navigation():
        desk.click("main button[type=submit].primary")
    row = desk.locator("tbody tr", has_text="Nguyễn Thị Lan")
    assert "CC-2025-001" in row.inner_text() and "Có" in row.inner_text()

    # 5. Lan is trained now: off the never-trained list, trained date on the commune list.
    desk.goto(f"{live_server.url}/collaborators/training/status/")
    status = desk.inner_text("main")
    assert "Nguyễn Thị Lan" not in status and "Trần Văn Bình" in status
    desk.goto(f"{live_server.url}/collaborators/coverage/{world['ea_tu'].pk}/")
    assert (
        ended.strftime("%d/%m/%Y")
        in desk.locator("tbody tr", has_text="Nguyễn Thị Lan").inner_text()
    )

    # 6. A collaborator on a 360 px phone: today's due follow-up is the first thing.
    phone = login(phone_page, "ctv.nga")
    first = phone.locator("main section").first
    assert first.get_attribute("id") == "due-follow-ups"
    items = first.locator("li").all_inner_texts()
    assert len(items) == 1 and items[0].startswith("H'Linh Êban")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert violations == []
