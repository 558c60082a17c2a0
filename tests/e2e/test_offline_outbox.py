"""Done when (issue 20): at 360 px the collaborator goes offline, registers a
person, opens a case, records a visit and a service, sees them waiting, goes
online and finds each created once; the network is cut mid-sync and resumed;
one item is refused and shown with its message; logging out clears the
outbox and a second user sees none of it; Chromium reports the portal
installable. Navigation is by clicking from the home page (goto: login only)."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Beneficiary, Case, CaseEvent, Consent, Referral, ServiceDelivery
from tests.cases.casework.factories import CaseFactory
from tests.cases.factories import BeneficiaryFactory
from tests.cases.referrals.factories import CentreFactory, service
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, PHONE
from tests.factories import CollaboratorUserFactory, CommuneFactory, ProvinceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WAIT = 60_000  # a loaded CI machine sends 200 items in well under this


@pytest.fixture
def world():
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province, name="Xã Ea Tu")
    other = CommuneFactory(parent=province, name="Xã Hòa Phú")
    CollaboratorUserFactory(username="ctv.hoa", first_name="Hoa", last_name="Lê Thị", area=commune)
    CollaboratorUserFactory(username="ctv.binh", first_name="Bình", last_name="Y", area=other)
    centre = CentreFactory(commune=commune, services=[service()])
    return {"commune": commune, "centre": centre}


def _ready(page):
    """The home page has registered the service worker and fetched the key."""
    page.wait_for_function(
        "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)",
        timeout=WAIT,
    )
    page.wait_for_function(
        """() => new Promise((resolve) => {
            const r = indexedDB.open("ctxh-outbox");
            r.onsuccess = () => {
                const tx = r.result.transaction("meta");
                const get = tx.objectStore("meta").get("key");
                get.onsuccess = () => resolve(!!get.result);
                get.onerror = () => resolve(false);
            };
            r.onerror = () => resolve(false);
        })""",
        timeout=WAIT,
    )


def _stored(page, operation):
    """What the outbox's store holds on the phone, read straight from IndexedDB."""
    return page.evaluate(
        """(operation) => new Promise((resolve) => {
             const open = indexedDB.open("ctxh-outbox");
             open.onsuccess = () => {
               const store = open.result.transaction("items").objectStore("items");
               const request = store[operation]();
               request.onsuccess = () => resolve(request.result);
             };
           })""",
        operation,
    )


def _to_field(page):
    _ready(page)
    with page.expect_navigation():
        page.click("text=Ghi việc khi mất mạng")
    page.wait_for_selector("form[data-kind=person]")


def _submit(page, kind):
    page.click(f"form[data-kind={kind}] button[type=submit]")


def _open(page, kind_title):
    details = page.locator("details", has=page.locator(f"summary:text-is('{kind_title}')"))
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def _items(page):
    return page.locator("[data-outbox-list] li.outbox-item")


def _register_and_work(page, name="Hờ Thị Mai"):
    page.fill("form[data-kind=person] [name=full_name]", name)
    page.fill("form[data-kind=person] [name=birth_date]", "2015-04-30")
    page.select_option("form[data-kind=person] [name=sex]", "female")
    _submit(page, "person")
    _items(page).first.wait_for()
    _open(page, "Mở trường hợp")
    page.fill("form[data-kind=case] [name=summary]", "Trẻ ở nhà một mình nhiều ngày.")
    _submit(page, "case")
    expect(_items(page)).to_have_count(2, timeout=WAIT)
    _open(page, "Thăm gia đình")
    page.fill("form[data-kind=visit] [name=note]", "Đã gặp bà ngoại; hẹn thăm lại thứ Sáu.")
    _submit(page, "visit")
    expect(_items(page)).to_have_count(3, timeout=WAIT)
    _open(page, "Dịch vụ đã cung cấp")
    page.select_option("form[data-kind=service] [name=service_type]", service().code)
    _submit(page, "service")
    expect(_items(page)).to_have_count(4, timeout=WAIT)


def _all_sent(page):
    page.wait_for_selector("[data-outbox-list] li.muted", timeout=WAIT)


def test_offline_work_waits_then_arrives_once(world, phone_page, login, live_server):
    page = login(phone_page, "ctv.hoa")
    _to_field(page)
    # A second tab on the field forms: when the network returns, both try to send.
    second = page.context.new_page()
    second.goto(f"{live_server.url}/accounts/login/")  # signed in: lands on the home page
    _to_field(second)
    page.context.set_offline(True)
    _register_and_work(page)
    assert _items(page).count() == 4
    assert all("Chờ gửi" in text for text in _items(page).all_inner_texts())
    assert not Beneficiary.objects.filter(full_name="Hờ Thị Mai").exists()
    # The shell itself is kept for a page opened with no network.
    assert page.evaluate(
        """caches.keys().then((names) => Promise.all(names.map((n) =>
             caches.open(n).then((c) => c.match("/field/"))))).then((hits) => hits.some(Boolean))"""
    )
    # Nothing readable sits on the phone: the name is not in the stored items.
    stored = json.dumps(_stored(page, "getAll"))
    assert "Mai" not in stored and "bà ngoại" not in stored

    page.context.set_offline(False)
    _all_sent(page)

    person = Beneficiary.objects.get(full_name="Hờ Thị Mai")
    case = Case.objects.get(beneficiary=person)
    assert person.commune == world["commune"]
    assert CaseEvent.objects.filter(case=case, kind="home_visit").count() == 1
    assert CaseEvent.objects.get(case=case).note.startswith("Đã gặp bà ngoại")
    assert ServiceDelivery.objects.filter(case=case).count() == 1


def test_the_network_cut_mid_sync_loses_and_doubles_nothing(world, phone_page, login):
    page = login(phone_page, "ctv.hoa")
    _to_field(page)
    page.context.set_offline(True)
    _register_and_work(page, name="Y Bih Niê")
    cut = {"done": False}

    def lose_the_answer(route):
        # The case reaches the server, but its answer never reaches the phone.
        if not cut["done"] and route.request.method == "POST":
            cut["done"] = True
            route.fetch()
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/api/v1/cases/", lose_the_answer)
    with page.expect_event("requestfailed", lambda r: "/api/v1/cases/" in r.url, timeout=WAIT):
        page.context.set_offline(False)
    # The person arrived; the case's answer was lost, so it and what follows still wait.
    expect(page.locator("li.outbox-item[data-kind=person]")).to_have_class(
        re.compile(r"\bsent\b"), timeout=WAIT
    )
    expect(page.locator("li.outbox-item[data-kind=case]")).to_have_class(re.compile("waiting"))
    assert Case.objects.filter(beneficiary__full_name="Y Bih Niê").count() == 1
    # The network is back: the next send replays the case (one row) and goes on.
    page.context.set_offline(True)
    page.context.set_offline(False)
    _all_sent(page)
    case = Case.objects.get(beneficiary__full_name="Y Bih Niê")
    assert CaseEvent.objects.filter(case=case).count() == 1
    assert ServiceDelivery.objects.filter(case=case).count() == 1


def test_a_refused_item_is_shown_fixed_and_sent(world, phone_page, login):
    page = login(phone_page, "ctv.hoa")
    _to_field(page)
    page.context.set_offline(True)
    _register_and_work(page, name="Hờ A Páo")
    # A referral with consent as its basis, and no consent recorded yet.
    _open(page, "Chuyển gửi")
    page.select_option("form[data-kind=referral] [name=service_type]", str(service().pk))
    page.select_option("form[data-kind=referral] [name=to_facility]", str(world["centre"].pk))
    page.fill("form[data-kind=referral] [name=reason]", "Cần nơi ở tạm an toàn.")
    page.select_option("form[data-kind=referral] [name=legal_basis]", "consent")
    _submit(page, "referral")
    expect(_items(page)).to_have_count(5, timeout=WAIT)

    # The server fails the service until the test has read what the phone says: the
    # outbox may retry at once (another send round), which would otherwise race the check.
    server_down = {"services": True}

    def fail_while_down(route):
        if server_down["services"] and route.request.method == "POST":
            route.fulfill(status=500, body='{"detail": "boom"}', content_type="application/json")
        else:
            route.continue_()

    page.route("**/api/v1/services/", fail_while_down)
    page.context.set_offline(False)
    referral = page.locator("li.outbox-item[data-kind=referral]")
    referral.locator(".msg.error").wait_for(timeout=WAIT)
    assert "Không gửi được" in referral.inner_text()
    assert "đồng ý" in referral.locator(".msg.error").inner_text()
    service_item = page.locator("li.outbox-item[data-kind=service]")
    expect(service_item).to_contain_text("Máy chủ gặp lỗi", timeout=WAIT)
    assert not Referral.objects.exists()
    server_down["services"] = False

    # The collaborator records the consent, then fixes and resends the referral.
    _open(page, "Ghi nhận sự đồng ý")
    page.select_option("form[data-kind=consent] [name=basis]", "child_and_parent")
    page.check("form[data-kind=consent] [name=child_agreed]")
    page.check("form[data-kind=consent] [name=guardian_agreed]")
    page.fill("form[data-kind=consent] [name=guardian_name]", "Hờ A Sùng")
    _submit(page, "consent")
    referral.locator("button", has_text="Sửa").click()
    expect(page.locator("form[data-kind=referral] [name=reason]")).not_to_have_value("")
    _submit(page, "referral")
    _all_sent(page)
    person = Beneficiary.objects.get(full_name="Hờ A Páo")
    assert Consent.objects.filter(beneficiary=person).count() == 1
    assert Referral.objects.filter(beneficiary=person).count() == 1
    assert ServiceDelivery.objects.filter(beneficiary=person).count() == 1


def test_logging_out_clears_the_outbox_and_the_next_user_sees_nothing(world, phone_page, login):
    page = login(phone_page, "ctv.hoa")
    _to_field(page)
    page.context.set_offline(True)
    page.fill("form[data-kind=person] [name=full_name]", "Nguyễn Văn Đức")
    _submit(page, "person")
    _items(page).first.wait_for()
    # Back online, but the API stays out of reach: the item still waits.
    page.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))
    page.context.set_offline(False)
    with page.expect_navigation():
        page.click("text=Về trang chủ")
    page.wait_for_selector("[data-outbox-box]:not([hidden])")
    assert page.inner_text("[data-outbox-count]") == "1"

    warnings = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
    page.click(".phone-nav summary")  # sign-out sits in the folded phone menu
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng xuất").click()
    assert warnings and "1 mục chưa gửi" in warnings[0]
    left = _stored(page, "count")
    assert left == 0

    page.unroute("**/api/v1/**")
    login(page, "ctv.binh")
    _ready(page)
    page.wait_for_selector("[data-outbox-list] li")
    assert "Không có mục nào chờ gửi" in page.inner_text("[data-outbox-list]")
    assert not Beneficiary.objects.filter(full_name="Nguyễn Văn Đức").exists()


def test_two_hundred_items_and_a_wrong_clock(world, phone_page, login):
    person = BeneficiaryFactory(commune=world["commune"], full_name="Lò Văn Sáng")
    case = CaseFactory(beneficiary=person)
    page = login(phone_page, "ctv.hoa")
    _to_field(page)
    # The phone's clock is three hours behind.
    page.clock.set_system_time(timezone.now() - datetime.timedelta(hours=3))
    page.context.set_offline(True)
    page.evaluate(
        """async (caseId) => {
             for (let i = 0; i < 200; i++) {
               await window.ctxhOutbox.queue("visit", {
                 fields: {case: caseId, note: "Thăm " + i, occurred_at: new Date().toISOString()},
                 clock: ["occurred_at"],
               });
             }
           }""",
        case.pk,
    )
    assert _items(page).count() == 200
    page.context.set_offline(False)
    page.wait_for_selector("[data-outbox-list] li.muted", timeout=4 * WAIT)
    visits = CaseEvent.objects.filter(case=case, kind="home_visit")
    assert visits.count() == 200
    assert visits.values("client_uuid").distinct().count() == 200
    # Each time the phone gave is corrected by the server's clock.
    now = timezone.now()
    for occurred in visits.values_list("occurred_at", flat=True):
        assert abs(now - occurred) < datetime.timedelta(minutes=10)
    assert "Đồng hồ điện thoại lệch" in page.inner_text("#field-status")


def test_chromium_finds_the_portal_installable(world, browser, login, tmp_path):
    # A profile on disk: Chromium never offers to install from an incognito one,
    # which is what Playwright's ordinary contexts are.
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_FLAGS,
        headless=True,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
    )
    try:
        page = login(context.new_page(), "ctv.hoa")
        _ready(page)
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == []
        assert not cdp.send("Page.getAppManifest").get("errors")
    finally:
        context.close()
