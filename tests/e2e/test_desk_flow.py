"""Done when (issue 17), at desk sizes, clicking from the home page: department
staff import a file with bad rows, download the failed rows, fix and re-import
them; a commune official reassigns a leaving collaborator's cases and
transfers a case to another commune, which accepts it; a leader reads the
ranking of communes and opens the worst one."""

import datetime
import io
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from cases.models import Beneficiary, Case, CaseStatus
from socialwork.indicators import services as indicator_services
from socialwork.indicators.periods import year_period
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory, ConsentFactory
from tests.celery_harness import broker, worker
from tests.collaborators.factories import CollaboratorFactory
from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    CommuneOfficialFactory,
    LeadershipUserFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
DESK = {"width": 1366, "height": 768}
LEADER = {"width": 1024, "height": 768}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def world(settings):
    settings.INDICATOR_PERIOD_MODE = "calendar"
    province = ProvinceFactory()
    ea_tu = CommuneFactory(parent=province, name="Xã Ea Tu")
    hoa_hiep = CommuneFactory(parent=province, name="Xã Hòa Hiệp")
    return {"province": province, "ea_tu": ea_tu, "hoa_hiep": hoa_hiep}


def _page(browser, viewport):
    context = browser.new_context(
        viewport=viewport, locale="vi-VN", extra_http_headers={"Accept-Language": "en"}
    )
    return context.new_page()


def _choose(page, select: str, text: str) -> None:
    value = page.locator(f"{select} option", has_text=text).first.get_attribute("value")
    page.select_option(select, value=value)


def _logout(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()


def test_reassign_then_transfer_accepted_by_the_other_commune(browser, live_server, login, world):
    ea_tu, hoa_hiep = world["ea_tu"], world["hoa_hiep"]
    CommuneOfficialFactory(username="xa.eatu", area=ea_tu)
    CommuneOfficialFactory(username="xa.hoahiep", area=hoa_hiep)
    leaving = CollaboratorUserFactory(area=ea_tu, first_name="Lan", last_name="Nguyễn Thị")
    CollaboratorUserFactory(area=ea_tu, first_name="Hùng", last_name="Trần Văn")
    receiver = CollaboratorUserFactory(area=hoa_hiep, first_name="Mai", last_name="Lê Thị")
    person = BeneficiaryFactory(commune=ea_tu, full_name="Y Bih Niê")
    ConsentFactory(beneficiary=person)
    moving = CaseFactory(
        beneficiary=person, commune=ea_tu, assigned_worker=leaving,
        status=CaseStatus.INTERVENTION,
    )  # fmt: skip
    for _ in range(2):
        CaseFactory(commune=ea_tu, beneficiary__commune=ea_tu, assigned_worker=leaving)

    # 1. The commune official hands Lan's three open cases to Hùng.
    page = login(_page(browser, DESK), "xa.eatu")
    with page.expect_navigation():
        page.click("a.tile:text-is('Giao lại trường hợp')")
    _choose(page, "#id_leaving", "Lan")
    with page.expect_navigation():
        page.click("text=Xem các trường hợp")
    assert "3 trường hợp đang mở" in page.inner_text("main")
    _choose(page, "#reassign-form #id_successor", "Hùng")
    page.fill("#id_reason", "Nghỉ việc từ 01/12")
    with page.expect_navigation():
        page.click("text=Giao lại 3 trường hợp")
    assert "Đã giao 3 trường hợp" in page.inner_text("main")
    assert not Case.objects.filter(assigned_worker=leaving).exists()

    # 2. The family moves: the official asks Hòa Hiệp to take the case.
    page.goto(f"{live_server.url}/")
    with page.expect_navigation():
        page.click("a.tile:text-is('Danh sách trường hợp')")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Y Bih Niê")).click()
    with page.expect_navigation():
        page.click("text=Chuyển xã (gia đình chuyển nơi ở)")
    page.select_option("#id_to_commune", label="Xã Hòa Hiệp")
    page.fill("#id_new_address", "Thôn 4")
    page.fill("#id_reason", "Gia đình chuyển nhà")
    with page.expect_navigation():
        page.click("text=Gửi đề nghị chuyển")
    assert "Chờ xã nhận trả lời" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= DESK["width"]
    _logout(page)

    # 3. Hòa Hiệp accepts it and gives it to Mai: the case continues there.
    page = login(page, "xa.hoahiep")
    with page.expect_navigation():
        page.click("a.tile:text-is('Trường hợp chuyển đến')")
    with page.expect_navigation():
        page.get_by_role("link", name="Y Bih Niê").click()
    _choose(page, "#id_worker", "Mai")
    with page.expect_navigation():
        page.click("text=Nhận trường hợp")
    assert "Đã nhận trường hợp" in page.inner_text("main")
    moving.refresh_from_db()
    assert (moving.commune, moving.assigned_worker, moving.status) == (
        hoa_hiep,
        receiver,
        CaseStatus.INTERVENTION,
    )
    assert Beneficiary.objects.get(pk=person.pk).address == "Thôn 4"


def _book(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_import_with_bad_rows_download_fix_and_reimport(
    browser, live_server, login, world, tmp_path
):
    UserFactory(username="so.hanh", area=world["province"])
    header = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã/phường (mới)"]
    rows = [
        ["Nguyễn Thị Hoa", "04/03/1985", "Nữ", "066185000123", "Xã Ea Tu"],
        ["Trần Văn Lỗi", "31/02/1990", "Nam", "", "Xã Ea Tu"],
        ["Phạm Thị Hạnh", "04/03/1985", "Nữ", "066200000777", "Xã Hòa Hiệp"],
    ]
    page = login(_page(browser, DESK), "so.hanh")
    with broker(tmp_path) as env, worker(env):
        with page.expect_navigation():
            page.click("a.tile:text-is('Tìm đối tượng')")
        with page.expect_navigation():
            page.click("text=Nhập từ Excel")
        assert page.locator("text=Tải tệp mẫu").count() == 1
        page.set_input_files(
            "input[type=file]",
            files=[{"name": "ds.xlsx", "buffer": _book(header, rows), "mimeType": XLSX}],
        )
        with page.expect_navigation():
            page.click("form.card button[type=submit].primary")
        page.wait_for_selector("text=Lỗi theo dòng", timeout=90_000)
        main = page.inner_text("main")
        assert "Ngày 31/02 không có" in main
        # The CCCD of a man born in 2000 on a woman born 1985: a warning, the row passes.
        assert "Cảnh báo (dòng vẫn được nhập)" in main and "năm sinh 2000" in main
        with page.expect_download() as download:
            page.click("text=Tải về 1 dòng lỗi để sửa")
        failed = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        sheet = failed.active
        headers = [c.value for c in sheet[1]]
        message = sheet.cell(row=2, column=headers.index("Lỗi cần sửa") + 1).value
        assert sheet["A2"].value == "Trần Văn Lỗi" and "Ngày 31/02 không có" in message
        with page.expect_navigation():
            page.click("text=Nhập 2 dòng hợp lệ")
        page.wait_for_selector("text=Đã nhập 2 bản ghi.", timeout=90_000)

        # Fix the failed row in the downloaded file and upload that file.
        sheet["B2"] = "28/02/1990"
        buffer = io.BytesIO()
        failed.save(buffer)
        with page.expect_navigation():
            page.click("text=Tải lên tệp đã sửa")
        page.set_input_files(
            "input[type=file]",
            files=[{"name": "da-sua.xlsx", "buffer": buffer.getvalue(), "mimeType": XLSX}],
        )
        with page.expect_navigation():
            page.click("form.card button[type=submit].primary")
        page.wait_for_selector("text=Nhập 1 dòng hợp lệ", timeout=90_000)
        with page.expect_navigation():
            page.click("text=Nhập 1 dòng hợp lệ")
        page.wait_for_selector("text=Đã nhập 1 bản ghi.", timeout=90_000)
    assert Beneficiary.objects.filter(full_name="Trần Văn Lỗi").count() == 1
    assert Beneficiary.objects.count() == 3


def test_a_leader_reads_the_ranking_and_opens_the_worst_commune(browser, live_server, login, world):
    CollaboratorFactory(user__area=world["ea_tu"], started_on=datetime.date(2024, 1, 1))
    BeneficiaryFactory(commune=world["hoa_hiep"], full_name="Lê Thị Riêng", phone="0905111222")
    LeadershipUserFactory(username="ld.hoa", area=world["province"])
    indicator_services.indicators_compute(period=year_period(2025))
    page = login(_page(browser, LEADER), "ld.hoa")
    with page.expect_navigation():
        page.click("a.tile:text-is('Xếp hạng xã/phường theo tiến độ')")
    page.select_option("select[name=period]", value=year_period(2025).key)
    with page.expect_navigation():
        page.click("button:text-is('Xem')")
    first = page.locator("#ranking tbody tr").first
    # Hòa Hiệp has no collaborator (CTXH-01 0%): it is the furthest behind.
    assert "Xã Hòa Hiệp" in first.inner_text()
    # The ranking names communes and their progress, nobody in them.
    assert "Lê Thị Riêng" not in page.content()
    with page.expect_navigation():
        first.locator("a").click()
    assert page.locator("h1").inner_text() == "Xã Hòa Hiệp"
    assert page.evaluate("document.documentElement.scrollWidth") <= LEADER["width"]
    # Aggregates only: the commune's cards with their targets marked on the bars,
    # no person's name, no link to a personal record.
    card = page.locator(".ind-card", has=page.locator("h3 a:text-is('CTXH-01')"))
    assert re.search(r"Mục tiêu 2025: 60\b", card.inner_text())
    assert card.locator("svg .ind-target-mark").count() == 1
    assert page.locator(".ind-card").count() > 5
    body = page.content()
    assert "Lê Thị Riêng" not in body and "0905111222" not in body
    links = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [href for href in links if re.search(r"/(doi-tuong|cases|truong-hop)/\d", href)]
    # The commune's indicator opens with its chart, the target drawn as a line.
    with page.expect_navigation():
        card.locator("h3 a").click()
    assert page.locator("svg line.ind-target").count() >= 1
