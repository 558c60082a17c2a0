"""Done when (issue 8): leadership logs in, sees every indicator with its
targets and progress, opens a commune, exports the report; department staff
change a target, trigger a recompute, watch its progress and see the
dashboard update; leadership cannot reach any personal record.

The recompute runs on a real Celery worker (tests/celery_harness.py) on the
test database, slowed down between indicators so its progress can be seen."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from socialwork.indicators import catalogue, services
from socialwork.indicators.periods import year_period
from tests.celery_harness import broker, worker
from tests.collaborators.factories import CollaboratorFactory
from tests.factories import CommuneFactory, LeadershipUserFactory, ProvinceFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = year_period(2025)


@pytest.fixture
def world(settings):
    settings.INDICATOR_PERIOD_MODE = "calendar"
    province = ProvinceFactory()
    ea_tu = CommuneFactory(parent=province, name="Xã Ea Tu")
    hoa_hiep = CommuneFactory(parent=province, name="Xã Hòa Hiệp")
    # CTXH-01 for 2025: two communes in scope, one with an active collaborator.
    CollaboratorFactory(user__area=ea_tu, started_on=datetime.date(2024, 1, 1))
    LeadershipUserFactory(username="ld.hoa", area=province)
    UserFactory(username="so.hanh", area=province)
    services.indicators_compute(period=YEAR)
    return {"province": province, "ea_tu": ea_tu, "hoa_hiep": hoa_hiep}


def _card(page, code):
    return page.locator(".ind-card", has=page.locator(f"h3 a:text-is('{code}')"))


def test_leadership_reads_and_department_recomputes(
    live_server, phone_page, desktop_page, login, world, tmp_path
):
    dashboard = f"{live_server.url}/indicators/?period={YEAR.key}"

    # 1. Leadership, on a phone: every indicator, its targets and progress.
    page = login(phone_page, "ld.hoa")
    page.goto(dashboard)
    for indicator in catalogue.all_indicators():
        assert _card(page, indicator.code).count() == 1, indicator.code
    ctxh01 = _card(page, "CTXH-01")
    assert "50,0%" in ctxh01.inner_text()
    assert re.search(r"Mục tiêu 2025: 60\b.*2030: 90\b", ctxh01.inner_text())
    assert ctxh01.locator("svg").count() == 1  # the progress bar
    # Nobody is flagged "no carer" in this world: 0 of 0, no made-up rate.
    assert "Không có mẫu số" in _card(page, "TGXH-966a").inner_text()
    # No horizontal scrolling on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360 + 1

    # Opens an indicator, then a commune from its breakdown.
    page.click("h3 a:text-is('CTXH-01')")
    page.click("a:text-is('Xã Ea Tu')")
    assert "Xã Ea Tu" in page.locator("h1").inner_text()
    assert "100,0%" in _card(page, "CTXH-01").inner_text()

    # Exports the annual report.
    page.goto(dashboard)
    with page.expect_download() as download:
        page.click("a:text-is('Tải Excel')")
    # The download's temporary file has no extension: openpyxl wants a stream.
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.worksheets[0]["A1"].value == settings.PORTAL_DEPARTMENT_NAME
    codes = {row[0].value for row in book.worksheets[0].iter_rows()}
    assert {i.code for i in catalogue.all_indicators()} <= codes

    # No personal record is within reach.
    for path in ("/cases/people/", "/indicators/targets/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
    assert page.locator("text=Tính lại kỳ này").count() == 0

    # 2. Department staff change a target.
    page = login(desktop_page, "so.hanh")
    page.goto(f"{live_server.url}/indicators/targets/")
    page.select_option("#id_code", "CTXH-01")
    page.select_option("#id_unit", str(world["province"].pk))
    page.fill("#id_year", "2025")
    page.fill("#id_value", "75")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    assert "Đã lưu chỉ tiêu" in page.content()
    page.goto(dashboard)
    assert "Mục tiêu 2025: 75" in _card(page, "CTXH-01").inner_text()

    # A collaborator joins Xã Hòa Hiệp (backdated into 2025): the register
    # changed, the snapshot not yet.
    CollaboratorFactory(user__area=world["hoa_hiep"], started_on=datetime.date(2025, 3, 1))
    assert "50,0%" in _card(page, "CTXH-01").inner_text()

    # 3. ...trigger a recompute on a real worker and watch its progress.
    with (
        broker(tmp_path) as env,
        worker({**env, "INDICATORS_TEST_STEP_DELAY": "0.3", "INDICATOR_PERIOD_MODE": "calendar"}),
    ):
        with page.expect_navigation():
            page.click("button:text-is('Tính lại kỳ này')")
        assert "/indicators/runs/" in page.url
        progress = page.locator("#run-progress")
        assert "Đang tính" in progress.inner_text()
        total = len(services._indicators_for(YEAR))
        assert re.search(rf"\d+ / {total} chỉ tiêu", progress.inner_text())
        # The page refreshes itself (htmx every 2 s) until the run is done.
        page.wait_for_selector("text=Xem bảng chỉ tiêu", timeout=90_000)
        assert f"{total} / {total} chỉ tiêu (100%)" in progress.inner_text()
        assert "Hoàn tất" in progress.inner_text()
        with page.expect_navigation():
            page.click("text=Xem bảng chỉ tiêu")
    assert "100,0%" in _card(page, "CTXH-01").inner_text()
