"""Done when (issue 7): a collaborator fills an application for an older person
on a phone; the commune official reviews it and produces the posting list; the
commune leader signs the decision; the month's payment list shows the person
with the right amount; department staff export the 10a report."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import PovertyStatus
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory, HouseholdPovertyFactory
from tests.celery_harness import broker, worker
from tests.factories import (
    CollaboratorUserFactory,
    CommuneFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    ProvinceFactory,
    UserFactory,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _watch_csp(page, violations: list) -> None:
    """Collects the console's CSP complaints: the pages must not need inline code."""
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )


@pytest.fixture
def world():
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province, name="Xã Ea Tu")
    CollaboratorUserFactory(username="ctv.lan", area=commune)
    CommuneOfficialFactory(username="xa.hoa", area=commune)
    CommuneLeaderFactory(username="chutich.binh", area=commune)
    UserFactory(username="so.hanh", area=province)
    household = HouseholdFactory(commune=commune)
    today = timezone.localdate()
    for year in {today.year, (today - datetime.timedelta(days=14)).year}:
        HouseholdPovertyFactory(household=household, year=year, status=PovertyStatus.POOR)
    person = BeneficiaryFactory(
        full_name="Hoàng Thị Mơ",
        commune=commune,
        household=household,
        birth_date=datetime.date(1941, 3, 2),
        sex="female",
    )
    return {"person": person}


def test_older_persons_allowance_from_application_to_report(
    live_server, phone_page, desktop_page, login, world, tmp_path
):
    person = world["person"]
    today = timezone.localdate()
    # The steps lie in the past so that the 2-working-day posting has ended by today.
    filed_on = today - datetime.timedelta(days=14)
    reviewed_on = today - datetime.timedelta(days=10)
    violations: list[str] = []
    _watch_csp(phone_page, violations)
    _watch_csp(desktop_page, violations)

    # 1. The collaborator fills the application (Mẫu 1c: an older person of a
    #    poor household with nobody to support her) on a phone.
    page = login(phone_page, "ctv.lan")
    page.goto(f"{live_server.url}/allowances/ho-so/moi/{person.pk}/")
    assert "Hoàng Thị Mơ" in page.inner_text("main")
    page.select_option("#id_group", value="ND20-5.5a")
    page.fill("#id_filed_on", filed_on.isoformat())
    page.fill("#id_village", "Buôn Ky")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "Đã nộp hồ sơ" in page.inner_text("main")
    application_url = page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # 2. The commune official finds it on the commune's home, reviews it and
    #    opens the village posting list (HIV data never on it).
    official = login(desktop_page, "xa.hoa")
    official.goto(f"{live_server.url}/allowances/")
    with official.expect_navigation():
        official.locator("tbody tr", has_text="Hoàng Thị Mơ").get_by_role("link").click()
    assert official.url == application_url
    official.fill("#id_reviewed_on", reviewed_on.isoformat())
    official.select_option("#id_eligible", value="1")
    with official.expect_navigation():
        official.get_by_role("button", name="Ghi kết quả xét").click()
    assert "Niêm yết đến" in official.inner_text("main")
    official.goto(f"{live_server.url}/allowances/")
    with official.expect_navigation():
        official.get_by_role("link", name="Danh sách niêm yết công khai").click()
    posting_row = official.locator("tbody tr", has_text="Hoàng Thị Mơ")
    assert "Buôn Ky" in posting_row.inner_text() and "1941" in posting_row.inner_text()
    with official.expect_navigation():
        official.get_by_role("button", name="Đăng xuất").click()

    # 3. The commune leader (chairman since 1/7/2025) signs the decision.
    leader = login(desktop_page, "chutich.binh")
    leader.goto(application_url)
    leader.fill("#id_decided_on", today.isoformat())
    leader.select_option("#id_approve", value="1")
    leader.fill("#id_decision_number", "125/QĐ-UBND")
    with leader.expect_navigation():
        leader.get_by_role("button", name="Ký quyết định").click()
    assert "125/QĐ-UBND" in leader.inner_text("main")

    # 4. This month's payment list: 80 and older in group 5.5a, coefficient
    #    2.0 × the standard level of 500,000 đồng.
    leader.goto(f"{live_server.url}/allowances/")
    with leader.expect_navigation():
        leader.get_by_role("button", name="Lập / lập lại danh sách tháng này").click()
    row = leader.locator("tbody tr", has_text="Hoàng Thị Mơ")
    assert "1.000.000" in row.inner_text()
    assert "Tăng mới" in row.inner_text()
    # The PDF is made on a real worker: the leader follows the job page to the file.
    with broker(tmp_path) as env, worker(env):
        leader.get_by_role("link", name="Tải PDF để ký").click()
        leader.wait_for_url("**/exports/*/")
        ready = leader.get_by_role("link", name=re.compile("^Tải về"))
        ready.wait_for(timeout=120_000)
        with leader.expect_download() as pdf_download:
            ready.click()
    with open(pdf_download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    with leader.expect_navigation():
        leader.get_by_role("button", name="Đăng xuất").click()

    # 5. The department exports report 10a for the year.
    staff = login(desktop_page, "so.hanh")
    staff.goto(f"{live_server.url}/allowances/bao-cao/?year={today.year}")
    with staff.expect_download() as download:
        staff.get_by_role("link", name="Tải Excel mẫu 10a").click()
    assert download.value.suggested_filename.startswith("bao-cao-10a-")
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    older = next(r for r in rows if str(r[0]).startswith("5.5a"))
    # At the end of the period, new in it, stopped, paid, allowance, arrears, total.
    assert older[1:] == (1, 1, 0, 1, 1_000_000, 0, 1_000_000)
    assert rows[-1] == ("Tổng cộng", 1, 1, 0, 1, 1_000_000, 0, 1_000_000)
    # Every Decree 20 report downloads from the same page, each ending on its total.
    last = {}
    for code in ("10b", "10c", "10d"):
        with staff.expect_download() as download:
            staff.get_by_role("link", name=f"Tải Excel mẫu {code}").click()
        assert download.value.suggested_filename.startswith(f"bao-cao-{code}-")
        with open(download.value.path(), "rb") as handle:
            *_, last[code] = load_workbook(io.BytesIO(handle.read())).active.iter_rows(
                values_only=True
            )
    assert last["10b"][0] == last["10c"][0] == "Tổng cộng"
    assert last["10d"] == ("Tổng kinh phí trợ giúp xã hội", "đồng", 1_000_000)
    assert violations == []
