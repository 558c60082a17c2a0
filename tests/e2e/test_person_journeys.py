"""Done when (issue 15, the person side): on a 360 px phone, by clicking from
the home page, a collaborator searches a name, finds nothing, registers the
person (fixing an impossible date on the way) and lands on the person page; a
household is created, gets a member and a new head. axe-core finds no serious
or critical violation on the pages walked, and every phone page the
collaborator reaches weighs under 60 KB as the server sends it (compressed),
one journey under slow-3G emulation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from cases.models import Beneficiary, Household
from tests.cases.factories import BeneficiaryFactory
from tests.factories import CollaboratorUserFactory, CommuneFactory, ProvinceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Axe()
LIMIT = 60 * 1024
# Chrome DevTools' "Slow 3G" preset: 400 ms latency, ~50 KB/s each way.
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 50 * 1024,
           "uploadThroughput": 50 * 1024}  # fmt: skip


@pytest.fixture
def world():
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province, name="Xã Ea Tu")
    CollaboratorUserFactory(username="ctv.mai", area=commune)
    return {"commune": commune}


def _no_serious_violations(page) -> None:
    results = AXE.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, (page.url, [(v["id"], v["help"]) for v in bad])


class Wire:
    """Bytes over the wire per page, as the server sent them (gzip included),
    counted by Chromium (CDP Network.loadingFinished.encodedDataLength)."""

    def __init__(self, page):
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.session.send("Network.setCacheDisabled", {"cacheDisabled": True})
        self.total = 0
        self.session.on("Network.loadingFinished", self._finished)

    def _finished(self, event) -> None:
        self.total += int(event["encodedDataLength"])

    def slow_3g(self) -> None:
        self.session.send("Network.emulateNetworkConditions", SLOW_3G)

    def measure(self, page, action) -> int:
        page.wait_for_load_state("networkidle")
        self.total = 0
        action()
        page.wait_for_load_state("networkidle")
        return self.total


def _step(page, wire, weights, name, action) -> None:
    weights[name] = wire.measure(page, action)
    _no_serious_violations(page)


@pytest.fixture
def first_visit_phone(browser):
    """A phone on its first visit: no service worker yet, so every byte of
    every page comes over the wire, where the weights are measured."""
    from tests.e2e.conftest import PHONE

    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
        locale="vi-VN", service_workers="block",
        extra_http_headers={"Accept-Language": "vi-VN,vi;q=0.9"},
    )  # fmt: skip
    yield context.new_page()
    context.close()


def test_collaborator_finds_no_one_then_registers_the_person(first_visit_phone, login, world):
    page = login(first_visit_phone, "ctv.mai")
    wire = Wire(page)
    wire.slow_3g()
    weights = {}
    page.reload()
    _no_serious_violations(page)
    # Search first: the box is the first thing on the home page.
    page.fill("#home-q", "Hà Văn Tư")
    _step(page, wire, weights, "search", lambda: page.click("form[role=search] button"))
    assert page.locator("text=Không tìm thấy ai.").is_visible()
    _step(page, wire, weights, "register",
          lambda: page.click("a.button:has-text('Đăng ký người mới')"))  # fmt: skip
    page.fill("#id_full_name", "Hà Văn Tư")
    page.fill("#id_birth_date", "31/02/1980")
    page.select_option("#id_sex", "male")
    page.fill("#category-filter", "cao tuoi")  # the filter (accent-free) narrows the groups
    assert page.locator("label.choice:has-text('Người cao tuổi')").first.is_visible()
    assert not page.locator("label.choice:has-text('Trẻ em bị bỏ rơi')").is_visible()
    page.click("button[type=submit].primary")
    assert page.locator("text=Ngày 31/02 không có").is_visible()
    page.fill("#id_birth_date", "28/02/1980")
    _step(page, wire, weights, "person", lambda: page.click("button[type=submit].primary"))
    assert page.locator("h1:has-text('Hà Văn Tư')").is_visible()
    assert page.locator("text=28/02/1980").is_visible()
    assert page.locator("#person-cases").is_visible()
    assert page.locator("a:has-text('Mở trường hợp cho người này')").is_visible()
    person = Beneficiary.objects.get(full_name="Hà Văn Tư")
    assert person.birth_year == 1980
    # The menu (no script) leads on: to the case list of the collaborator.
    page.click(".phone-nav summary")
    _step(page, wire, weights, "cases",
          lambda: page.click(".phone-nav a:has-text('Trường hợp của tôi')"))  # fmt: skip
    assert page.locator("h1:has-text('Trường hợp của tôi')").is_visible()
    page.click(".phone-nav summary")
    _step(page, wire, weights, "home", lambda: page.click(".phone-nav a:has-text('Trang chủ')"))
    heavy = {name: size for name, size in weights.items() if size >= LIMIT}
    assert not heavy, weights
    assert all(size > 0 for size in weights.values()), weights


def test_a_household_is_created_gets_a_member_and_a_new_head(phone_page, login, world):
    head = BeneficiaryFactory(full_name="Y Ngông Niê", commune=world["commune"], household=None,
                              birth_date=None, birth_year=1950)  # fmt: skip
    page = login(phone_page, "ctv.mai")
    wire = Wire(page)
    weights = {}
    page.fill("#home-q", "Y Ngông")
    page.click("form[role=search] button")
    page.click("a:has-text('Y Ngông Niê')")
    assert page.locator("text=1950").first.is_visible()
    page.click("summary:has-text('Tạo hộ gia đình')")
    page.fill("#id_address", "Buôn Ea Tu")
    page.fill("#id_size", "3")
    page.fill("#id_livelihood", "Trồng cà phê")
    _step(page, wire, weights, "household", lambda: page.click("button:has-text('Tạo hộ')"))
    assert page.locator("text=Đã tạo hộ gia đình.").is_visible()
    assert page.locator("#household-head:has-text('Y Ngông Niê')").is_visible()
    household = Household.objects.get()
    assert household.head_id == head.pk
    # A new member, registered into the household.
    page.click("a:has-text('Thêm thành viên mới')")
    assert page.locator("text=Thành viên của hộ").is_visible()
    page.fill("#id_full_name", "H'Lan Niê")
    page.fill("#id_birth_year", "1978")
    page.fill("#id_relation_to_head", "Con")
    page.click("button[type=submit].primary")
    assert page.locator('h1:has-text("H\'Lan Niê")').is_visible()
    page.click(f"a[href='/cases/households/{household.pk}/']")
    assert page.locator('#members:has-text("H\'Lan Niê")').is_visible()
    # The head changes: the daughter becomes head, the father's relation is set.
    page.click('summary:has-text("H\'Lan Niê")')
    page.fill("input[name=former_relation]:visible", "Cha")
    _step(page, wire, weights, "household-head",
          lambda: page.click("button:has-text(\"làm chủ hộ\")"))  # fmt: skip
    assert page.locator('#household-head:has-text("H\'Lan Niê")').is_visible()
    household.refresh_from_db()
    assert household.head.full_name == "H'Lan Niê"
    head.refresh_from_db()
    assert head.relation_to_head == "Cha"
    assert all(size < LIMIT for size in weights.values()), weights
