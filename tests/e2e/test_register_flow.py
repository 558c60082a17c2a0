"""Done when (issue 3): on a 360 px phone a collaborator registers a person
(the duplicate guard fires on a near-duplicate; an unidentified child is
registered with what is known); a department user finds the person by an
accent-free search and by an Ê Đê name typed with another apostrophe; an
import of a list with old commune names shows its per-row errors, the user
picks the new commune of a split old one, then it imports — its Celery tasks
run on a real worker (tests/celery_harness.py)."""

import datetime
import io
import re

import pytest
from openpyxl import Workbook

from cases.models import Beneficiary
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level, UnitSuccession
from socialwork.search import search_key
from tests.cases.factories import BeneficiaryFactory
from tests.celery_harness import broker, worker
from tests.factories import CollaboratorUserFactory, CommuneFactory, ProvinceFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Xã/phường (mới)", "Xã cũ",
          "Huyện cũ", "Mã nhóm đối tượng"]  # fmt: skip


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _legacy(name, level, parent=None, code="99999"):
    return AdministrativeUnit.objects.create(
        code=code, code_set=CodeSet.LEGACY, level=level, name=name, search_name=search_key(name),
        parent=parent, valid_to=datetime.date(2025, 6, 30),
    )  # fmt: skip


@pytest.fixture
def world():
    province = ProvinceFactory()
    ea_tu = CommuneFactory(parent=province, name="Xã Ea Tu")
    tuy_hoa = CommuneFactory(parent=province, name="Phường Tuy Hòa")
    # Before 1 July 2025: Ea Phê went whole into Ea Tu; Hòa An was split.
    district = _legacy("Huyện Krông Pắc", Level.DISTRICT, code="643")
    whole = _legacy("Xã Ea Phê", Level.COMMUNE, district, code="24400")
    split = _legacy("Xã Hòa An", Level.COMMUNE, district, code="24401")
    day = datetime.date(2025, 7, 1)
    UnitSuccession.objects.create(predecessor=whole, successor=ea_tu, effective=day)
    for successor in (ea_tu, tuy_hoa):
        UnitSuccession.objects.create(
            predecessor=split, successor=successor, partial=True, effective=day
        )
    existing = BeneficiaryFactory(
        full_name="Nguyễn Văn Đức", birth_date=datetime.date(1975, 3, 2), commune=ea_tu,
        sex="male",
    )  # fmt: skip
    hen = BeneficiaryFactory(
        full_name="H'Hen Niê", birth_date=None, birth_year=1948, commune=ea_tu, sex="female"
    )
    CollaboratorUserFactory(username="ctv.lan", area=ea_tu)
    UserFactory(username="so.hanh", area=province, can_view_sensitive=True)
    return {"ea_tu": ea_tu, "tuy_hoa": tuy_hoa, "existing": existing, "hen": hen}


def _watch_console(page) -> list[str]:
    """Collect what the browser refused (CSP) or failed to load."""
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def _fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{page.url} is {width} px wide on a 360 px screen"


def _workbook(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_register_find_and_import(live_server, phone_page, desktop_page, login, world, tmp_path):
    # 1. A collaborator on a phone registers a person typed without accents:
    #    the duplicate guard shows the likely match before anything is saved.
    page = login(phone_page, "ctv.lan")
    problems = _watch_console(page)
    page.goto(f"{live_server.url}/cases/people/new/")
    _fits_the_phone(page)
    page.fill("#id_full_name", "Nguyen Van Duc")
    page.fill("#id_birth_date", "12/05/1975")
    page.select_option("#id_sex", "male")
    page.fill("#id_address", "Thôn 4")
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=Có thể người này đã có trong sổ đăng ký")
    _fits_the_phone(page)
    match = page.locator(f"a[href='/cases/people/{world['existing'].pk}/']").first
    assert match.is_visible()
    assert Beneficiary.objects.count() == 2  # nothing saved yet
    # What was typed is kept; the collaborator knows it is another man.
    assert page.input_value("#id_full_name") == "Nguyen Van Duc"
    with page.expect_navigation():
        page.click("text=Đây là người khác — vẫn lưu")
    page.wait_for_selector("text=Đã lưu hồ sơ.")
    new_id = int(re.search(r"/cases/people/(\d+)/", page.url).group(1))
    new = Beneficiary.objects.get(pk=new_id)
    assert (new.full_name, new.birth_year, new.commune) == ("Nguyen Van Duc", 1975, world["ea_tu"])
    _fits_the_phone(page)

    # 2. A child reported at the market: no name yet, only what is known.
    page.goto(f"{live_server.url}/cases/people/new/")
    page.check("#id_unidentified")
    page.fill("#id_birth_year", "2018")
    page.select_option("#id_sex", "female")
    page.fill("#id_address", "Chợ Ea Tu, khoảng 7 tuổi")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    page.wait_for_selector("text=chưa rõ danh tính")
    child = Beneficiary.objects.get(identified=False)
    assert (child.full_name, child.birth_year, child.created_by.username) == ("", 2018, "ctv.lan")
    # The collaborator finds people by name on the phone too.
    page.goto(f"{live_server.url}/cases/people/?q=hen+nie")
    _fits_the_phone(page)
    assert page.locator("tbody a", has_text="H'Hen Niê").count() == 1
    assert problems == []

    # 3. The department finds them accent-free, and the Ê Đê name typed with ’.
    desk = login(desktop_page, "so.hanh")
    desk_problems = _watch_console(desk)
    desk.goto(f"{live_server.url}/cases/people/")
    desk.fill("#id_q", "nguyen van duc")
    with desk.expect_navigation():
        desk.click("form.card button[type=submit].primary")
    names = desk.locator("tbody td:first-child a").all_inner_texts()
    assert set(names) == {"Nguyễn Văn Đức", "Nguyen Van Duc"}
    desk.fill("#id_q", "H’Hen Nie")
    with desk.expect_navigation():
        desk.click("form.card button[type=submit].primary")
    assert desk.locator("tbody td:first-child a").all_inner_texts() == ["H'Hen Niê"]

    # 4. An old list, with pre-2025 commune names, goes through a real worker.
    rows = [
        ["Lê Thị Hoa", "04/03/1985", "Nữ", "066185000123", "", "Xã Ea Phê", "Krông Pắc",
         "ND20-5.4"],
        ["Y Bhin Niê", "1950", "Nam", "", "", "Xã Hòa An", "", ""],  # split: which one?
        ["Trần Văn Lỗi", "01/01/2999", "Nam", "123", "", "", "", "KHONG-CO"],
    ]  # fmt: skip
    with broker(tmp_path) as env, worker(env):
        desk.click("text=Nhập từ Excel")
        desk.set_input_files(
            "input[type=file]",
            files=[{"name": "danh-sach-cu.xlsx", "buffer": _workbook(rows), "mimeType": XLSX}],
        )
        with desk.expect_navigation():
            desk.click("button[type=submit].primary")
        # The job page polls the worker's progress, then shows the rows' errors.
        desk.wait_for_selector("text=Lỗi theo dòng", timeout=90_000)
        table = desk.locator("table").inner_text()
        assert re.search(r"3\s+Xã cũ\s+Xã cũ “Xã Hòa An” nay thuộc nhiều xã/phường", table)
        assert "Phường Tuy Hòa" in table
        assert re.search(r"4\s+Số CCCD\s+Số CCCD phải gồm đúng 12 chữ số", table)
        assert "không thể ở tương lai" in table and "KHONG-CO" in table
        assert not Beneficiary.objects.filter(full_name="Lê Thị Hoa").exists()
        # Row 3's old commune was split: the user picks the new one, the
        # worker checks the file again, and row 3 is valid.
        job_id = int(re.search(r"/imports/(\d+)/", desk.url).group(1))
        desk.goto(f"{live_server.url}/cases/imports/{job_id}/communes/")
        desk.select_option("#id_row_3", label="Phường Tuy Hòa")
        with desk.expect_navigation():
            desk.click("button[type=submit].primary")
        desk.wait_for_selector("text=Nhập 2 dòng hợp lệ", timeout=90_000)
        table = desk.locator("table").inner_text()
        assert "Hòa An" not in table and "12 chữ số" in table
        with desk.expect_navigation():
            desk.click("text=Nhập 2 dòng hợp lệ")
        desk.wait_for_selector("text=Đã nhập 2 bản ghi.", timeout=90_000)
    imported = Beneficiary.objects.get(cccd="066185000123")
    assert (imported.full_name, imported.commune) == ("Lê Thị Hoa", world["ea_tu"])
    assert [c.code for c in imported.categories.all()] == ["ND20-5.4"]
    assert Beneficiary.objects.get(full_name="Y Bhin Niê").commune == world["tuy_hoa"]
    assert desk_problems == []
