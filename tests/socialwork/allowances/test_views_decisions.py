"""The chairman's allowance decisions (granting, changing, stopping, funeral
support) printed from the application page, in the Decree 30 format: the
links are on the page, each opens the decision as PDF and .docx, the blocks
read back in their order, another commune gets nothing."""

import collections
import datetime
import io
import re
from datetime import date as D

import pdfplumber
import pytest
from django.urls import reverse
from docx import Document as Docx

from socialwork.allowances.models import (
    AllowanceApplication,
    AllowanceEntitlement,
    EndReason,
    FuneralSupport,
    SupportStatus,
)
from socialwork.allowances.services import applications
from tests.cases.factories import BeneficiaryFactory, HouseholdFactory, HouseholdPovertyFactory
from tests.factories import (
    CollaboratorUserFactory,
    CommuneLeaderFactory,
    CommuneOfficialFactory,
    LeadershipUserFactory,
)
from tests.socialwork.allowances.factories import EntitlementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(client, commune_a):
    """An application filed, reviewed, posted and approved on the pages."""
    household = HouseholdFactory(commune=commune_a)
    HouseholdPovertyFactory(household=household, year=2025)
    person = BeneficiaryFactory(
        full_name="Hoàng Văn Tư", commune=commune_a, household=household, birth_date=D(1950, 1, 1)
    )
    client.force_login(CollaboratorUserFactory(area=commune_a))
    response = client.post(
        reverse("allowances:application_new", args=[person.pk]),
        {"group": "ND20-5.5a", "filed_on": "2025-09-01", "village": "Thôn 1", "children_count": 0},
    )
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    client.force_login(CommuneOfficialFactory(area=commune_a))
    client.post(
        reverse("allowances:application_review", args=[pk]),
        {"reviewed_on": "2025-09-03", "eligible": "1"},
    )
    leader = CommuneLeaderFactory(area=commune_a, first_name="Chủ", last_name="Trần Văn")
    client.force_login(leader)
    client.post(
        reverse("allowances:application_decide", args=[pk]),
        {"decided_on": "2025-09-10", "approve": "1", "decision_number": "09/QĐ-UBND"},
    )
    application = AllowanceApplication.objects.get(pk=pk)
    assert application.status == "approved"
    return application


def _links(client, application) -> dict[str, str]:
    page = client.get(reverse("allowances:application_detail", args=[application.pk]))
    html = page.content.decode()
    block = re.search(r'<ul id="decision-prints">(.*?)</ul>', html, re.S)
    assert block, "no print links on the application page"
    return dict(re.findall(r"<li>([^:<]+):\s*<a href=\"([^\"]+\.pdf)\"", block.group(1)))


def _pdf_text(body: bytes) -> str:
    with pdfplumber.open(io.BytesIO(body)) as pdf:
        return " ".join(w["text"] for p in pdf.pages for w in p.extract_words())


def _docx_text(body: bytes) -> str:
    document = Docx(io.BytesIO(body))
    words = []
    for p in document.element.body.iter():
        if p.tag.endswith("}p"):
            words.append("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    return " ".join(" ".join(words).split())


def _in_order(text: str, blocks: list[str]) -> None:
    at = 0
    for block in blocks:
        found = text.find(block, at)
        assert found >= 0, f"{block!r} missing or out of order"
        at = found + len(block)


def _blocks(number: str, summary: str, signer: str = "") -> list[str]:
    # The head is a table of two columns: the PDF reads it across, the .docx
    # down each cell; these blocks come in this order either way.
    return [
        "ỦY BAN NHÂN DÂN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số: {number}" if number else "Số:",
        "Xã Ea Tu, ngày",
        "QUYẾT ĐỊNH",
        summary,
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ EA TU",
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15",
        "Căn cứ Nghị định số 20/2021/NĐ-CP",
        "QUYẾT ĐỊNH:",
        "Điều 1.",
        "Điều 2.",
        "Điều 3.",
        "Nơi nhận:",
        "CHỦ TỊCH",
        *([signer] if signer else []),
    ]


def _fetch_both(client, href: str) -> tuple[str, str]:
    pdf = client.get(href)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    docx = client.get(href.replace(".pdf", ".docx"))
    assert docx.status_code == 200
    return _pdf_text(pdf.content), _docx_text(docx.content)


def test_the_granting_decision_prints_from_the_application_page(client, decided):
    links = _links(client, decided)
    assert list(links) == ["Quyết định trợ cấp xã hội hằng tháng"]
    pdf, docx = _fetch_both(client, links["Quyết định trợ cấp xã hội hằng tháng"])
    blocks = _blocks("09/QĐ-UBND", "Về việc trợ cấp xã hội hằng tháng", "Trần Văn Chủ")
    for text in (pdf, docx):
        _in_order(text, blocks)
        assert "XÃ EA TU" in text.split("Số:")[0]  # the commune in the issuer block
        assert "Xã Ea Tu, ngày 10 tháng 9 năm 2025" in text
        assert "Hoàng Văn Tư" in text and "Mức trợ cấp:" in text
    # One renderer: the same letters in both (the PDF reads the head table across).
    assert collections.Counter("".join(pdf.split())) == collections.Counter("".join(docx.split()))


def test_stopping_and_funeral_support_print_from_the_same_page(client, decided, commune_a):
    entitlement = AllowanceEntitlement.objects.get(application=decided)
    leader = CommuneLeaderFactory(area=commune_a)
    applications.entitlement_stop(
        actor=CommuneOfficialFactory(area=commune_a),
        entitlement=entitlement,
        reason=EndReason.DEATH,
        on=datetime.date(2026, 2, 14),
    )
    FuneralSupport.objects.create(
        beneficiary=decided.beneficiary,
        commune=commune_a,
        died_on=datetime.date(2026, 2, 14),
        applicant_name="Hoàng Thị Năm",
        applicant_relation="con gái",
        filed_on=datetime.date(2026, 2, 16),
        decision_due=datetime.date(2026, 2, 19),
        status=SupportStatus.APPROVED,
        amount=10_000_000,
        decision_number="31/QĐ-UBND",
        decided_on=datetime.date(2026, 2, 18),
    )
    client.force_login(leader)
    links = _links(client, decided)
    assert list(links) == [
        "Quyết định trợ cấp xã hội hằng tháng",
        "Quyết định thôi hưởng trợ cấp",
        "Quyết định hỗ trợ chi phí mai táng",
    ]
    pdf, docx = _fetch_both(client, links["Quyết định thôi hưởng trợ cấp"])
    for text in (pdf, docx):
        _in_order(text, _blocks("", "Về việc thôi hưởng trợ cấp xã hội hằng tháng"))
        assert "Thời điểm thôi hưởng: từ tháng sau tháng 02/2026." in text
    pdf, docx = _fetch_both(client, links["Quyết định hỗ trợ chi phí mai táng"])
    for text in (pdf, docx):
        _in_order(text, _blocks("31/QĐ-UBND", "Về việc hỗ trợ chi phí mai táng"))
        assert "Xã Ea Tu, ngày 18 tháng 02 năm 2026" in text
        assert "Mức hỗ trợ: 10.000.000 đồng." in text and "Hoàng Thị Năm" in text


def test_the_stopping_and_funeral_decisions_print_their_number_date_and_signer(
    client, decided, commune_a
):
    """The services store what they decide: the stop's number, date and signer,
    the funeral decision's signer; the printed decisions carry them."""
    from socialwork.allowances.services import funerals

    entitlement = AllowanceEntitlement.objects.get(application=decided)
    leader = CommuneLeaderFactory(area=commune_a, first_name="Năm", last_name="Lê Văn")
    applications.entitlement_stop(
        actor=leader,
        entitlement=entitlement,
        reason=EndReason.DEATH,
        on=datetime.date(2026, 2, 14),
        decision_number="30/QĐ-UBND",
        decided_on=datetime.date(2026, 2, 16),
    )
    entitlement.refresh_from_db()
    assert entitlement.stop_decision_number == "30/QĐ-UBND"
    assert entitlement.stop_decided_on == datetime.date(2026, 2, 16)
    assert entitlement.stop_decided_by == leader
    support = FuneralSupport.objects.create(
        beneficiary=decided.beneficiary,
        commune=commune_a,
        died_on=datetime.date(2026, 2, 14),
        applicant_name="Hoàng Thị Năm",
        filed_on=datetime.date(2026, 2, 16),
        decision_due=datetime.date(2026, 2, 19),
        amount=10_000_000,
    )
    funerals.funeral_decide(
        actor=leader,
        funeral=support,
        decided_on=datetime.date(2026, 2, 18),
        approve=True,
        decision_number="31/QĐ-UBND",
    )
    support.refresh_from_db()
    assert support.decided_by == leader
    client.force_login(leader)
    links = _links(client, decided)
    pdf, docx = _fetch_both(client, links["Quyết định thôi hưởng trợ cấp"])
    for text in (pdf, docx):
        _in_order(
            text,
            _blocks("30/QĐ-UBND", "Về việc thôi hưởng trợ cấp xã hội hằng tháng", "Lê Văn Năm"),
        )
        assert "Xã Ea Tu, ngày 16 tháng 02 năm 2026" in text
    pdf, docx = _fetch_both(client, links["Quyết định hỗ trợ chi phí mai táng"])
    for text in (pdf, docx):
        _in_order(text, _blocks("31/QĐ-UBND", "Về việc hỗ trợ chi phí mai táng", "Lê Văn Năm"))


def test_only_the_chairman_gives_a_stop_its_decision_number(decided, commune_a):
    from django.core.exceptions import PermissionDenied, ValidationError

    entitlement = AllowanceEntitlement.objects.get(application=decided)
    official = CommuneOfficialFactory(area=commune_a)
    with pytest.raises(PermissionDenied):
        applications.entitlement_stop(
            actor=official,
            entitlement=entitlement,
            reason=EndReason.DEATH,
            on=datetime.date(2026, 2, 14),
            decision_number="30/QĐ-UBND",
        )
    leader = CommuneLeaderFactory(area=commune_a)
    with pytest.raises(ValidationError, match="không được trước ngày thôi hưởng"):
        applications.entitlement_stop(
            actor=leader,
            entitlement=entitlement,
            reason=EndReason.DEATH,
            on=datetime.date(2026, 2, 14),
            decision_number="30/QĐ-UBND",
            decided_on=datetime.date(2026, 2, 13),
        )
    entitlement.refresh_from_db()
    assert entitlement.end_month is None and entitlement.stop_decision_number == ""
    # The official records the stop itself, without a number: none is printed.
    applications.entitlement_stop(
        actor=official, entitlement=entitlement, reason=EndReason.DEATH, on=D(2026, 2, 14)
    )
    entitlement.refresh_from_db()
    assert entitlement.stop_decided_by is None and entitlement.stop_decision_number == ""


def test_a_new_decision_on_the_same_group_prints_as_a_change(client, decided, commune_a):
    first = AllowanceEntitlement.objects.get(application=decided)
    # The person's earlier allowance in the same group, closed the month before.
    AllowanceEntitlement.objects.filter(pk=first.pk).update(start_month=D(2025, 10, 1))
    EntitlementFactory(
        beneficiary=decided.beneficiary,
        commune=commune_a,
        group=first.group,
        start_month=D(2025, 1, 1),
        end_month=D(2025, 9, 1),
        end_reason=EndReason.OTHER,
        ended_on=D(2025, 9, 10),
    )
    links = _links(client, decided)
    assert list(links) == ["Quyết định điều chỉnh mức trợ cấp"]
    pdf, docx = _fetch_both(client, links["Quyết định điều chỉnh mức trợ cấp"])
    for text in (pdf, docx):
        _in_order(text, _blocks("09/QĐ-UBND", "Về việc điều chỉnh mức trợ cấp xã hội hằng tháng"))
        assert "Mức đang hưởng:" in text and "Mức điều chỉnh:" in text


def test_another_commune_and_the_province_leadership_get_nothing(
    client, decided, commune_b, commune_a
):
    entitlement = AllowanceEntitlement.objects.get(application=decided)
    urls = [
        reverse("allowances:decision_print", args=["granting", entitlement.pk, "pdf"]),
        reverse("allowances:decision_print", args=["granting", entitlement.pk, "docx"]),
    ]
    client.force_login(CommuneLeaderFactory(area=commune_b))
    for url in urls:
        assert client.get(url).status_code == 404
    client.force_login(LeadershipUserFactory())
    for url in urls:
        assert client.get(url).status_code in (403, 404)
    client.force_login(CommuneLeaderFactory(area=commune_a))
    # Unknown kinds and formats, an unended allowance's stopping: nothing.
    for args in (["other", entitlement.pk, "pdf"], ["granting", entitlement.pk, "txt"]):
        assert client.get(reverse("allowances:decision_print", args=args)).status_code == 404
    stopping = reverse("allowances:decision_print", args=["stopping", entitlement.pk, "pdf"])
    assert client.get(stopping).status_code == 404
    changing = reverse("allowances:decision_print", args=["changing", entitlement.pk, "pdf"])
    assert client.get(changing).status_code == 404
