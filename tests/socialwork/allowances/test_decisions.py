"""The allowance decisions in the Decree 30 format, through the shared renderer:
the .docx and the PDF hold the same words, the blocks sit in their places."""

import collections
import datetime
import io
from decimal import Decimal

import pdfplumber
import pytest
from docx import Document as Docx

from socialwork.allowances import decisions
from socialwork.allowances.models import EndReason, FuneralSupport, Group
from socialwork.documents.layout import MARGINS, render_docx, render_pdf
from tests.cases.factories import BeneficiaryFactory
from tests.socialwork.allowances.factories import EntitlementFactory, StandardLevelFactory

pytestmark = pytest.mark.django_db
MM = 72 / 25.4


def _docx_words(body: bytes) -> list[str]:
    document = Docx(io.BytesIO(body))
    text = []
    for p in document.element.body.iter():
        if p.tag.endswith("}p"):
            text.append("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    return " ".join(text).split()


def _pdf_words(body: bytes) -> tuple[list[dict], object]:
    pdf = pdfplumber.open(io.BytesIO(body))
    words = []
    for index, page in enumerate(pdf.pages):
        for w in page.extract_words():
            if index and w["bottom"] < MARGINS["top"] * MM:
                continue  # the page number
            w["page"] = index
            words.append(w)
    return words, pdf


@pytest.fixture
def entitlement(commune_a):
    StandardLevelFactory(amount=500_000)
    person = BeneficiaryFactory(commune=commune_a, birth_date=datetime.date(1940, 5, 1))
    return EntitlementFactory(
        beneficiary=person,
        commune=commune_a,
        decision_number="12/QĐ-UBND",
        decided_on=datetime.date(2026, 2, 3),
        start_month=datetime.date(2026, 3, 1),
    )


def _documents(entitlement, commune_a):
    previous = EntitlementFactory(
        beneficiary=entitlement.beneficiary,
        commune=commune_a,
        group=Group.OLDER_75,
        coefficient=Decimal("1.0"),
    )
    entitlement.end_reason, entitlement.end_month = EndReason.DEATH, datetime.date(2026, 6, 1)
    entitlement.ended_on = datetime.date(2026, 6, 10)
    support = FuneralSupport(
        beneficiary=entitlement.beneficiary,
        commune=commune_a,
        died_on=datetime.date(2026, 6, 10),
        applicant_name="Nguyễn Thị Con",
        applicant_relation="con gái",
        filed_on=datetime.date(2026, 6, 12),
        decision_due=datetime.date(2026, 6, 15),
        amount=10_000_000,
        decision_number="31/QĐ-UBND",
        decided_on=datetime.date(2026, 6, 14),
    )
    return {
        "granting": decisions.granting(entitlement, signer_name="Trần Văn Chủ"),
        "changing": decisions.changing(entitlement, previous, signer_name="Trần Văn Chủ"),
        "stopping": decisions.stopping(
            entitlement, number="20/QĐ-UBND", signer_name="Trần Văn Chủ"
        ),
        "funeral": decisions.funeral(support, signer_name="Trần Văn Chủ"),
    }


@pytest.mark.parametrize("kind", ["granting", "changing", "stopping", "funeral"])
def test_allowance_decisions_in_the_decree_30_format(entitlement, commune_a, kind):
    doc = _documents(entitlement, commune_a)[kind]
    words, pdf = _pdf_words(render_pdf(doc))
    # The same letters in both (a line may break a word at "/" in the PDF).
    assert collections.Counter("".join(w["text"] for w in words)) == collections.Counter(
        "".join(_docx_words(render_docx(doc)))
    )
    width = pdf.pages[0].width
    first = [w for w in words if w["page"] == 0]

    def at(text, last=False):
        found = [w for w in (reversed(words) if last else first) if w["text"] == text]
        assert found, text
        return found[0]

    issuer, motto = at("ỦY"), at("CỘNG")
    assert issuer["x1"] < width / 2 < motto["x1"] and abs(issuer["top"] - motto["top"]) < 3
    number = at("Số:")
    assert abs((number["x0"] + number["x1"]) / 2 - issuer["x1"]) < 90
    assert doc.grounds[0].startswith("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15")
    for n in ("1.", "2.", "3."):
        assert any(w["text"] == n for w in words)
    recipients = at("Nơi", last=True)
    chair = [w for w in words if w["text"] == "CHỦ"][-1]
    assert recipients["x0"] < width / 2 < chair["x0"]
    name = [w for w in words if w["text"] == "Chủ"][-1]
    assert name["top"] - chair["bottom"] > 18 * MM


def test_the_granting_decision_states_the_amount_and_start(entitlement, commune_a):
    docs = _documents(entitlement, commune_a)
    doc = docs["granting"]
    assert doc.number == "Số: 12/QĐ-UBND"
    assert doc.place_date == "Xã Ea Tu, ngày 03 tháng 02 năm 2026"
    items = doc.articles[0].items
    assert "Mức trợ cấp: 750.000 đồng/tháng." in items
    assert "Thời điểm hưởng: từ tháng 03/2026." in items
    funeral = docs["funeral"]
    assert funeral.articles[0].items == ["Mức hỗ trợ: 10.000.000 đồng."]
    assert "con gái" in funeral.articles[0].text
