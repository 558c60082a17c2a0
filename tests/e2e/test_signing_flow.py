"""Issue 18 in the browser, by clicking from the home page (goto only for the
login page): the commune leader opens the plan waiting for approval,
previews exactly the PDF to be signed and signs Mẫu 05 with the key's
password; the clerk (văn thư) finds the signed decision and applies the
agency's signature; the decision's page reads "signed by … at …, valid" from
the file. Then the stored PDF is validated with pyHanko against the CA the
test built: both signatures intact and trusted, the long-term validation data
(the chain and the CRL in the DSS) in the file, nothing fetched."""

import datetime
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_signature

from cases.casework import signing
from cases.models import IssuedDocument, PlanStatus, SignedFile, SignedPart, SignedStage
from socialwork.accounts.models import Role
from socialwork.documents import signable, test_ca
from tests.cases.casework.factories import CaseFactory
from tests.cases.casework.services.helpers import _through_to_submitted
from tests.cases.factories import BeneficiaryFactory
from tests.e2e.conftest import PHONE
from tests.factories import (
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


@pytest.fixture
def world(tmp_path, settings):
    province = ProvinceFactory()
    commune = CommuneFactory(parent=province, name="Xã Ea Tu")
    official = CommuneOfficialFactory(username="xa.binh", area=commune)
    leader = CommuneLeaderFactory(username="xa.chutich", area=commune)
    UserFactory(username="xa.vanthu", role=Role.COMMUNE_CLERK, area=commune)
    child = BeneficiaryFactory(
        full_name="Lò Thị Hoa", commune=commune, birth_date=datetime.date(2015, 6, 1)
    )
    case = CaseFactory(beneficiary=child, commune=commune)
    plan = _through_to_submitted(case, official)
    # The live server runs in this process: the key store the test builds is its own.
    authority = test_ca.Authority()
    folder = authority.write_store(tmp_path / "keys")
    settings.SIGNING_KEYS_DIR = folder
    settings.SIGNING_TSA_URL = ""
    authority.add_person(folder, leader.username, "Nguyen Van Chu Tich")
    authority.add_agency(folder, commune.code, "UBND Xa Ea Tu")
    return {"plan": plan, "ca": authority}


def _fits(page) -> None:
    # The hash and the PDF frame never widen a 360 px phone's page.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_leader_previews_and_signs_mau_05_the_clerk_seals_it(
    live_server, phone_page, browser, login, world
):
    plan, authority = world["plan"], world["ca"]

    # The leader: home → decisions waiting → the plan → preview and sign.
    leader = login(phone_page, "xa.chutich")
    leader.get_by_role("link", name="Quyết định chờ ký").click()
    leader.locator("tbody tr", has_text="Lò Thị Hoa").get_by_role("link").first.click()
    leader.wait_for_url(f"**/cases/work/plans/{plan.pk}/")
    leader.get_by_role("link", name="Xem trước và ký số (Mẫu 05)").click()
    leader.wait_for_url(f"**/cases/work/plans/{plan.pk}/sign/")
    _fits(leader)
    # The preview is reachable with the leader's session and is the very file
    # whose hash the page shows and the form posts.
    href = leader.get_attribute("#preview-link", "href")
    shown = leader.request.get(f"{live_server.url}{href}")
    assert shown.headers["content-type"] == "application/pdf"
    preview = shown.body()
    assert preview[:4] == b"%PDF"
    sha = leader.inner_text("#preview-sha").strip()
    assert sha == signing.sha256(preview)
    assert leader.input_value("input[name=preview_sha256]") == sha

    leader.fill("#id_password", test_ca.PASSWORD)
    with leader.expect_navigation():
        leader.get_by_role("button", name="Ký số", exact=True).click()
    issued = IssuedDocument.objects.get(plan=plan)
    leader.wait_for_url(f"**/cases/work/issued/{issued.pk}/")
    assert f"Đã ký số Quyết định số {issued.reference}" in leader.content()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.decision_number == issued.reference
    signed = SignedFile.objects.get(issued=issued, stage=SignedStage.SIGNED)
    # What was signed begins with the bytes the leader previewed (incremental updates).
    assert bytes(signed.content)[: len(preview)] == preview

    # The clerk, on another phone: home → documents waiting for the seal → seal.
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="vi-VN")
    clerk = login(context.new_page(), "xa.vanthu")
    clerk.get_by_role("link", name="Văn bản chờ ký số của cơ quan").click()
    clerk.get_by_role("link", name=f"Số {issued.reference}").click()
    clerk.wait_for_url(f"**/cases/work/issued/{issued.pk}/")
    clerk.fill("#id_password", test_ca.PASSWORD)
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="Ký số của cơ quan (văn thư)").click()
    assert f"Đã ký số của cơ quan lên Quyết định số {issued.reference}" in clerk.content()
    # The issued page reads who signed and when, and that it is valid, from the file.
    sealed_card = clerk.locator(
        ".signed-file", has_text="Văn bản – Văn thư đã ký số của cơ quan"
    ).first
    lines = sealed_card.locator("li.signature").all_inner_texts()
    assert len(lines) == 2, lines
    assert "Ký bởi" in lines[0] and "Nguyen Van Chu Tich" in lines[0]
    assert "UBND Xa Ea Tu" in lines[1]
    for line in lines:
        assert " lúc " in line and line.rstrip().endswith("hợp lệ")
        assert "không hợp lệ" not in line
    assert clerk.get_by_role("button", name="Ký số của cơ quan (văn thư)").count() == 0
    _fits(clerk)
    context.close()

    # The stored PDF, validated by pyHanko against the test CA with fetching off
    # and the revocation data taken from the file's own DSS only.
    stored = SignedFile.objects.get(
        issued=issued, stage=SignedStage.SEALED, part=SignedPart.DECISION
    )
    pdf = bytes(stored.content)
    assert signing.sha256(pdf) == stored.sha256
    reader = PdfFileReader(io.BytesIO(pdf))
    dss = DocumentSecurityStore.read_dss(reader)
    assert dss is not None
    raw = reader.root["/DSS"]
    assert len(raw["/CRLs"]) >= 1 and len(raw["/Certs"]) >= 2
    # pyHanko runs its own event loop: outside Playwright's, in a thread of its own.
    with ThreadPoolExecutor(1) as pool:
        mine, other = pool.submit(_validate, pdf, dss, authority.root()).result()
    assert [name for name, _status in mine] == [signable.FIELD_PERSON, signable.FIELD_AGENCY]
    for _name, status in mine:
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
        assert status.timestamp_validity is not None and status.timestamp_validity.valid
        assert status.docmdp_ok is not False
    # A reader that does not trust the test root sees the file intact but untrusted.
    assert other.intact and not other.trusted


def _validate(pdf: bytes, dss, root):
    """Every signature against `root`, then the first against a stranger's root;
    fetching off, hard-fail revocation, revocation data from the file only."""
    params = {"trust_roots": [root], "allow_fetching": False, "revocation_mode": "hard-fail"}
    signatures = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    mine = [
        (s.field_name, validate_pdf_signature(s, dss.as_validation_context(params)))
        for s in signatures
    ]
    params["trust_roots"] = [test_ca.Authority().root()]
    return mine, validate_pdf_signature(signatures[0], dss.as_validation_context(params))


def test_leader_records_a_paper_mau_07_at_night_and_registers_its_scan(
    live_server, phone_page, login, world, tmp_path
):
    """No certificate at hand: the leader records the separation as signed on
    paper, later attaches its scan from the case page, the register numbers it."""
    plan = world["plan"]
    case = plan.case
    leader = login(phone_page, "xa.chutich")
    leader.locator("a.tile", has_text="Danh sách trường hợp").click()
    leader.get_by_role("link", name="Lò Thị Hoa").first.click()
    leader.wait_for_url(f"**/cases/work/{case.pk}/")
    leader.get_by_role("link", name="Quyết định cách ly (Mẫu 07)").click()
    today = timezone.localdate()
    leader.fill("#id_starts_on", today.isoformat())
    leader.fill("#id_ends_on", (today + datetime.timedelta(days=7)).isoformat())
    leader.fill("#id_place", "Nhà bà ngoại, thôn 2")
    leader.check("#id_on_paper")
    with leader.expect_navigation():
        leader.get_by_role("button", name="Lưu").click()
    leader.wait_for_url(f"**/cases/work/{case.pk}/")
    events = leader.locator("#case-events")
    assert "Ký trên giấy, chờ vào số" in events.inner_text()
    _fits(leader)

    events.get_by_role("link", name="Đính kèm bản quét và vào số").click()
    scan = tmp_path / "quyet-dinh-07.jpg"
    scan.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 256)
    leader.set_input_files("#id_scan", str(scan))
    with leader.expect_navigation():
        leader.get_by_role("button", name="Đính kèm và vào số").click()
    issued = IssuedDocument.objects.get(event__case=case)
    assert issued.reference == "01/QĐ-UBND" and issued.form == "07"
    assert f"Đã vào số Quyết định số {issued.reference} (bản giấy)" in leader.content()
    assert "Bản quét văn bản giấy đã ký" in leader.content()
    _fits(leader)
    # Back on the case page: the number, no more link to register it.
    leader.get_by_role("link", name=f"« Trường hợp số {case.pk}").click()
    events = leader.locator("#case-events")
    assert f"Văn bản số {issued.reference}" in events.inner_text()
    assert events.get_by_role("link", name="Đính kèm bản quét và vào số").count() == 0
