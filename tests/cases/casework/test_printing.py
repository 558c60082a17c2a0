"""The forms as a commune office opens them: the PDF read back with pdfplumber
(text and positions), the .docx with python-docx, and the two compared."""

import collections
import datetime
import io
import re
import unicodedata

import pdfplumber
import pytest
from django.utils import timezone
from docx import Document

from cases.casework import printing
from cases.casework.services.decisions import separation_decide
from cases.casework.services.plans import plan_approve, plan_draft, plan_submit
from cases.casework.services.reviews import review_record
from cases.models import Case, CaseStatus, IssuedDocument, ReviewOutcome, SignerCapacity
from tests.cases.casework.factories import AssessmentFactory

pytestmark = pytest.mark.django_db

MM = 72 / 25.4
DECIDED = datetime.date(2026, 2, 5)
REPORTED = datetime.datetime(2026, 1, 20, 8, 30, tzinfo=datetime.UTC)
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"


def _docx_paragraphs(body: bytes) -> list[str]:
    """Every paragraph of the body in document order, table cells included."""
    document = Document(io.BytesIO(body))
    out = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append("".join(t.text or "" for t in block.iter() if t.tag.endswith("}t")))
        elif tag == "tbl":
            for p in block.iter():
                if p.tag.endswith("}p"):
                    out.append("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")))
    return out


def _text(body: bytes) -> str:
    return "\n".join(_docx_paragraphs(body))


class Pdf:
    def __init__(self, body: bytes):
        self.pdf = pdfplumber.open(io.BytesIO(body))
        self.pages = self.pdf.pages

    def words(self, page=None) -> list[dict]:
        pages = self.pages if page is None else [self.pages[page]]
        out = []
        for number, p in enumerate(pages):
            for word in p.extract_words():
                word["page"] = number if page is None else page
                out.append(word)
        return out

    def body_words(self) -> list[str]:
        """The words of the document, without the page numbers in the top margin."""
        return [
            w["text"]
            for w in self.words()
            if not (w["page"] > 0 and w["bottom"] < printing.MARGINS["top"] * MM)
        ]

    def find(self, phrase: str, page=None, *, last=False) -> dict:
        """The box of the first (or last) run of words reading `phrase`, on one line."""
        wanted = phrase.split()
        words = self.words(page)
        starts = range(len(words) - len(wanted) + 1)
        for i in reversed(starts) if last else starts:
            run = words[i : i + len(wanted)]
            if [w["text"] for w in run] == wanted and len({round(w["top"]) for w in run}) == 1:
                return {
                    "x0": run[0]["x0"],
                    "x1": run[-1]["x1"],
                    "top": run[0]["top"],
                    "bottom": run[0]["bottom"],
                    "page": run[0]["page"],
                    "mid": (run[0]["x0"] + run[-1]["x1"]) / 2,
                }
        raise AssertionError(f"{phrase!r} not on one line of the PDF")

    def lines(self, page: int, bbox) -> list[str]:
        text = self.pages[page].crop(bbox).extract_text()
        return [line.strip() for line in text.splitlines() if line.strip()]


def _both(case, form, actor):
    document = printing.build(case=case, form=form, actor=actor)
    return document, printing.render_docx(document), Pdf(printing.render_pdf(document))


@pytest.fixture
def approved(case_a, official_a, leader_a):
    Case.objects.filter(pk=case_a.pk).update(reported_at=REPORTED, created_by=official_a)
    AssessmentFactory(
        case=case_a, risk_level="high", family_situation="Cha mẹ đi làm xa", assessed_by=official_a
    )
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.ASSESSMENT)
    plan = plan_draft(
        actor=official_a,
        case=case_a,
        goals="Trẻ được đi học, an toàn",
        conference_on=datetime.date(2026, 2, 3),
        actions=[
            {
                "description": "Hỗ trợ học phí",
                "responsible_other": "Trường THCS",
                "due_on": timezone.localdate(),
                "cost_estimate": 1_250_000,
            }
        ],
    ).obj
    plan_submit(actor=official_a, plan=plan)
    plan_approve(actor=leader_a, plan=plan, decision_date=DECIDED)
    separation_decide(
        actor=leader_a,
        case=case_a,
        decision_number="09/QĐ-UBND",
        starts_on=datetime.date(2026, 2, 10),
        ends_on=datetime.date(2026, 2, 20),
        place="Nhà bà ngoại, thôn 3",
        decided_at=datetime.datetime(2026, 2, 10, 15, 0, tzinfo=datetime.UTC),
    )
    review_record(
        actor=official_a,
        case=case_a,
        reviewed_on=datetime.date(2026, 3, 9),
        findings="Trẻ đã đi học đều",
        outcome=ReviewOutcome.CONTINUE,
    )
    case_a.refresh_from_db()
    return case_a


@pytest.mark.parametrize("form", sorted(printing.FORMS))
def test_the_docx_and_the_pdf_hold_the_same_text(approved, official_a, form):
    document, docx_body, pdf = _both(approved, form, official_a)
    docx_words = " ".join(_docx_paragraphs(docx_body)).split()
    pdf_words = pdf.body_words()
    assert collections.Counter(pdf_words) == collections.Counter(docx_words)
    # The same characters, composed the same way: no font fallback broke a letter.
    assert all(unicodedata.is_normalized("NFC", w) for w in pdf_words)
    assert str(approved.beneficiary) in _text(docx_body)
    assert MOTTO in _text(docx_body) and SLOGAN in _text(docx_body)


@pytest.mark.parametrize("form", ["05", "07"])
def test_decisions_carry_the_decree_30_blocks_in_their_places(approved, leader_a, form):
    document, docx_body, pdf = _both(approved, form, leader_a)
    width = pdf.pages[0].width
    issuer = pdf.find("ỦY BAN NHÂN DÂN", page=0)
    commune = pdf.find("XÃ EA TU", page=0)
    motto, slogan = pdf.find(MOTTO, page=0), pdf.find(SLOGAN, page=0)
    number = pdf.find(document.number, page=0)
    place = pdf.find(document.place_date, page=0)
    title = pdf.find("QUYẾT ĐỊNH", page=0)
    # The issuing body top left, the motto top right, on the same band.
    assert issuer["x1"] < motto["x0"] and issuer["mid"] < width / 2 < motto["x1"]
    assert abs(issuer["top"] - motto["top"]) < 3 and issuer["top"] < 40 * MM
    assert issuer["x0"] >= printing.MARGINS["left"] * MM - 1
    # "Số" under the issuing body, centred on it; place and date under the motto.
    assert number["top"] > commune["bottom"] and abs(number["mid"] - issuer["mid"]) < 12
    assert place["top"] > slogan["bottom"] and abs(place["top"] - number["top"]) < 3
    assert abs(place["mid"] - motto["mid"]) < 12
    # Exact Vietnamese, read back from the PDF.
    head_left = pdf.lines(0, (0, 0, motto["x0"] - 2, title["top"] - 1))
    head_right = pdf.lines(0, (motto["x0"] - 2, 0, width, title["top"] - 1))
    assert head_left == ["ỦY BAN NHÂN DÂN", "XÃ EA TU", document.number]
    assert head_right == [MOTTO, SLOGAN, document.place_date]
    # Title, summary and authority centred, then grounds, "QUYẾT ĐỊNH:", articles.
    centre = (printing.MARGINS["left"] * MM + width - printing.MARGINS["right"] * MM) / 2
    authority = pdf.find(document.authority, page=0)
    assert abs(title["mid"] - centre) < 3 and abs(authority["mid"] - centre) < 3
    ground = pdf.find("Căn cứ Luật Tổ chức chính quyền địa phương", page=0)
    decide = pdf.find("QUYẾT ĐỊNH:")
    articles = [pdf.find(f"Điều {n}.") for n in (1, 2, 3)]
    order = [title, authority, ground, decide, *articles]
    assert [(b["page"], b["top"]) for b in order] == sorted((b["page"], b["top"]) for b in order)
    # "Nơi nhận" bottom left, the signature block bottom right, side by side.
    recipients = pdf.find("Nơi nhận:")
    chair = pdf.find("CHỦ TỊCH", last=True)
    name = pdf.find(document.signatures[0].name, last=True)
    last = articles[-1]
    assert (recipients["page"], recipients["top"]) > (last["page"], last["top"])
    left = printing.MARGINS["left"] * MM
    assert abs(recipients["x0"] - left) < 2 and recipients["x1"] < width / 2
    assert chair["x0"] > width / 2 and abs(chair["top"] - recipients["top"]) < 3
    # Room for the signature and the seal between the title and the name.
    assert name["top"] - chair["bottom"] > 18 * MM and abs(name["mid"] - chair["mid"]) < 3
    assert "MẪU SỐ" not in _text(docx_body).upper()


def test_mau_05_is_the_chairmans_decision_with_the_registers_number(approved, leader_a):
    document, docx_body, pdf = _both(approved, "05", leader_a)
    issued = IssuedDocument.objects.get(plan__case=approved)
    assert document.number == f"Số: {issued.reference}" == "Số: 01/QĐ-UBND"
    assert document.place_date == "Xã Ea Tu, ngày 05 tháng 02 năm 2026"
    assert document.title == "QUYẾT ĐỊNH"
    assert document.summary == "Về việc phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em"
    assert document.authority == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ EA TU"
    assert document.grounds[0] == (
        "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"
    )
    assert all(line.startswith(("Căn cứ", "Theo đề nghị")) for line in document.grounds)
    assert document.grounds[-1].endswith(".")
    text = _text(docx_body)
    assert "- Ngày họp trường hợp: 03/02/2026" in text
    assert "- Tổng kinh phí dự trù: 1.250.000 đồng." in text
    assert "Hỗ trợ học phí" in text
    assert document.recipients == ["- Như Điều 3;", "- Lưu: VT, hồ sơ trường hợp."]
    assert "Điều 24 Nghị định số 56/2017/NĐ-CP" in document.circulation
    assert [s.lines for s in document.signatures] == [["CHỦ TỊCH"]]
    assert document.signatures[0].name == str(leader_a)
    pdf.find("- Ngày họp trường hợp: 03/02/2026")


def test_a_vice_chairman_signs_for_the_chairman(case_a, official_a, leader_a):
    from tests.cases.casework.services.helpers import _through_to_submitted

    plan = _through_to_submitted(case_a, official_a)
    plan_approve(actor=leader_a, plan=plan, signed_as=SignerCapacity.VICE_CHAIRMAN)
    document, _docx, pdf = _both(case_a, "05", leader_a)
    assert document.signatures[0].lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    kt, vice = pdf.find("KT. CHỦ TỊCH"), pdf.find("PHÓ CHỦ TỊCH")
    assert vice["top"] > kt["bottom"] and abs(vice["mid"] - kt["mid"]) < 3


def test_an_unapproved_plan_prints_blanks_for_the_number_and_date(case_a, official_a, leader_a):
    from tests.cases.casework.services.helpers import _through_to_submitted

    _through_to_submitted(case_a, official_a)
    document = printing.build(case=case_a, form="05", actor=leader_a)
    assert document.number == "Số:      /QĐ-UBND"
    assert document.place_date == "Xã Ea Tu, ngày … tháng … năm …"
    assert document.signatures[0].name == ""


@pytest.mark.parametrize(
    ("form", "dated", "signer"),
    [
        ("01", "Xã Ea Tu, ngày 20 tháng 01 năm 2026", "NGƯỜI GHI CHÉP"),
        ("03", None, "NGƯỜI ĐÁNH GIÁ"),
        ("04", None, "NGƯỜI LẬP KẾ HOẠCH"),
        ("06", "Xã Ea Tu, ngày 09 tháng 3 năm 2026", "NGƯỜI ĐÁNH GIÁ"),
    ],
)
def test_records_keep_the_annex_layout_dated_by_the_event(
    approved, official_a, form, dated, signer
):
    document, docx_body, pdf = _both(approved, form, official_a)
    if dated is None:  # the assessment and the plan were made today
        dated = printing.long_date("Xã Ea Tu", timezone.localdate())
    assert document.place_date == dated
    assert not document.decision and not document.recipients and "QUYẾT ĐỊNH" not in document.title
    width = pdf.pages[0].width
    mark = pdf.find(f"Mẫu số {form}", page=0)
    assert mark["x1"] > width - printing.MARGINS["right"] * MM - 2 and mark["top"] < 30 * MM
    place = pdf.find(dated, page=0)
    assert place["x0"] > width / 2 - 20
    title = pdf.find(document.title, page=0)
    assert title["top"] > place["bottom"]
    sign = pdf.find(signer, last=True)
    hint = pdf.find("(Ký, ghi rõ họ tên)", last=True)
    assert sign["x0"] > width / 2 and hint["top"] > sign["bottom"]
    name = document.signatures[0].name
    assert name
    assert pdf.find(name, last=True)["top"] - hint["bottom"] > 18 * MM
    assert f"{signer}\n(Ký, ghi rõ họ tên)" in _text(docx_body)


def test_mau_01_is_dated_with_the_report_not_the_print_day(approved, official_a):
    document = printing.build(case=approved, form="01", actor=official_a)
    assert ("Thời điểm nhận thông tin", "15:30 20/01/2026") in document.rows
    assert document.signatures[0].name == str(official_a)


def test_long_typed_text_is_never_shortened_and_pages_are_numbered(case_a, official_a, leader_a):
    from tests.cases.casework.services.helpers import _through_to_submitted

    plan = _through_to_submitted(case_a, official_a)
    goals = " ".join(
        f"Mục tiêu {n}: trẻ được chăm sóc, học tập và vui chơi an toàn." for n in range(90)
    )
    type(plan).objects.filter(pk=plan.pk).update(goals=goals)
    plan_approve(actor=leader_a, plan=plan)
    document, docx_body, pdf = _both(case_a, "05", leader_a)
    assert len(pdf.pages) >= 2
    words = pdf.body_words()
    assert " ".join(words).count("Mục tiêu 89: trẻ được chăm sóc") == 1
    assert collections.Counter(words) == collections.Counter(
        " ".join(_docx_paragraphs(docx_body)).split()
    )
    # Page numbers top centre from page 2; none on page 1.
    top = printing.MARGINS["top"] * MM
    assert not [w for w in pdf.words(0) if w["bottom"] < top]
    for index in range(1, len(pdf.pages)):
        numbers = [w for w in pdf.words(index) if w["bottom"] < top]
        assert [w["text"] for w in numbers] == [str(index + 1)]
        assert abs((numbers[0]["x0"] + numbers[0]["x1"]) / 2 - pdf.pages[index].width / 2) < 60
    section = Document(io.BytesIO(docx_body)).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_the_docx_is_a4_with_the_decrees_margins_in_times_new_roman(approved, leader_a):
    body = printing.render_docx(printing.build(case=approved, form="05", actor=leader_a))
    document = Document(io.BytesIO(body))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.top_margin.mm) == round(section.bottom_margin.mm) == 20
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert 20 <= printing.MARGINS["top"] <= 25 and 30 <= printing.MARGINS["left"] <= 35
    assert 15 <= printing.MARGINS["right"] <= 20
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14


def test_long_date_pads_days_and_the_first_two_months():
    assert (
        printing.long_date("Xã A", datetime.date(2026, 1, 5)) == "Xã A, ngày 05 tháng 01 năm 2026"
    )
    assert (
        printing.long_date("Xã A", datetime.date(2026, 3, 15)) == "Xã A, ngày 15 tháng 3 năm 2026"
    )
    assert (
        printing.long_date("Xã A", datetime.date(2026, 12, 1)) == "Xã A, ngày 01 tháng 12 năm 2026"
    )


def test_reporter_hidden_on_confidential_form_01(approved, collaborator_a2):
    type(approved).objects.filter(pk=approved.pk).update(
        confidential=True, confidentiality_reason="abuse", reporter_name="Bà Hàng Xóm"
    )
    approved.refresh_from_db()
    hidden = _text(
        printing.render_docx(printing.build(case=approved, form="01", actor=collaborator_a2))
    )
    assert "Bà Hàng Xóm" not in hidden


def test_pdf_renders_vietnamese_with_the_shipped_font(approved, official_a):
    document = printing.build(case=approved, form="05", actor=official_a)
    body = printing.render_pdf(document, compress=False)
    assert body.startswith(b"%PDF")
    fonts = set(re.findall(rb"/BaseFont\s*/[A-Z]+\+([^\s/>]+)", body))
    # Every glyph, Vietnamese included, from the shipped font: no fallback.
    assert fonts and all(name.startswith(b"PortalSerif") for name in fonts)
    assert (printing.FONT_DIR / "LiberationSerif-Regular.ttf").exists()


def test_pdf_says_clearly_when_it_cannot_render(approved, official_a, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name, *args, **kwargs):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(printing.PdfUnavailable) as exc:
        printing.render_pdf(printing.build(case=approved, form="05", actor=official_a))
    assert "Pango" in str(exc.value)


# --- Mẫu 01–04 and 06: the annex layout, read back from both renderings ----------

EVENTS = {  # each record dated with its own event, none with the print day
    "01": datetime.date(2026, 1, 20),
    "02": datetime.date(2026, 1, 21),
    "03": datetime.date(2026, 1, 28),
    "04": datetime.date(2026, 2, 1),
    "06": datetime.date(2026, 3, 9),
}
RECORD_ROWS = {  # the labels each record prints, in the annex's order
    "01": ["Thời điểm nhận thông tin", "Nguồn tiếp nhận", "Nội dung thông tin", "Mức độ khẩn"],
    "02": ["Ngày đánh giá", "Mức độ nguy cơ", "Các yếu tố nguy cơ", "Kết luận, đề xuất"],
    "03": ["Ngày đánh giá", "Mức độ nguy cơ", "Nhu cầu", "Ý kiến của trẻ em"],
    "04": ["Mục tiêu", "Ngày họp trường hợp"],
    "06": ["Ngày rà soát", "Kết quả thực hiện kế hoạch", "Đề xuất"],
}
SIGNERS = {
    "01": "NGƯỜI GHI CHÉP",
    "02": "NGƯỜI ĐÁNH GIÁ",
    "03": "NGƯỜI ĐÁNH GIÁ",
    "04": "NGƯỜI LẬP KẾ HOẠCH",
    "06": "NGƯỜI ĐÁNH GIÁ",
}
CIRCULATION = "Điều 24 Nghị định số 56/2017/NĐ-CP"


@pytest.fixture
def dated(approved, official_a):
    """The fixture's case with every event in the past, on days of its own."""
    from cases.models import Assessment, AssessmentKind, CasePlan

    AssessmentFactory(
        case=approved,
        kind=AssessmentKind.INITIAL,
        assessed_on=EVENTS["02"],
        risk_level="high",
        risk_factors="Cha dượng đánh đập",
        conclusion="Cần bảo vệ khẩn cấp",
        assessed_by=official_a,
    )
    Assessment.objects.filter(case=approved, kind=AssessmentKind.NEEDS).update(
        assessed_on=EVENTS["03"], child_views="Em muốn ở với bà"
    )
    drafted = datetime.datetime.combine(EVENTS["04"], datetime.time(9), tzinfo=datetime.UTC)
    CasePlan.objects.filter(case=approved).update(drafted_at=drafted)
    Case.objects.filter(pk=approved.pk).update(is_child_protection=True)
    approved.refresh_from_db()
    return approved


@pytest.mark.parametrize("form", sorted(EVENTS))
def test_records_lay_out_the_annex_blocks_in_order_in_both_renderings(dated, official_a, form):
    document, docx_body, pdf = _both(dated, form, official_a)
    event = printing.long_date("Xã Ea Tu", EVENTS[form])
    assert document.place_date == event != printing.long_date("Xã Ea Tu", timezone.localdate())
    width = pdf.pages[0].width
    # The blocks of the annex, top to bottom: the form's mark top right; the
    # commune top left beside the motto; place and the event's date; the title;
    # the person; the record's own rows; the recorder's signature line, the
    # hint, room to sign, the name; and the Art. 24 note on a child's record.
    mark = pdf.find(f"Mẫu số {form}", page=0)
    issuer, motto = pdf.find("ỦY BAN NHÂN DÂN", page=0), pdf.find(MOTTO, page=0)
    place = pdf.find(event, page=0)
    title = pdf.find(document.title, page=0)
    person = pdf.find("Họ và tên:", page=0)
    rows = [pdf.find(f"{label}:") for label in RECORD_ROWS[form]]
    signer = pdf.find(SIGNERS[form], last=True)
    hint = pdf.find("(Ký, ghi rõ họ tên)", last=True)
    name = pdf.find(document.signatures[0].name, last=True)
    assert mark["x1"] > width - printing.MARGINS["right"] * MM - 2 and mark["x0"] > width / 2
    assert issuer["x1"] < motto["x0"] and issuer["mid"] < width / 2 < motto["x1"]
    assert abs(issuer["top"] - motto["top"]) < 3
    assert place["x0"] > width / 2 - 20
    order = [mark, issuer, place, title, person, *rows, signer, hint, name]
    where = [(b["page"], round(b["top"], 1)) for b in order]
    assert where == sorted(where), where
    assert signer["x0"] > width / 2 and abs(hint["mid"] - signer["mid"]) < 3
    assert (name["page"], name["top"]) > (hint["page"], hint["bottom"] + 18 * MM) or (
        name["page"] > hint["page"]
    )
    assert document.signatures[0].name == str(official_a)
    # A record is no decision: no number, no articles, no "Nơi nhận".
    text = _text(docx_body)
    assert not document.recipients and "Nơi nhận" not in text and "Điều 1." not in text
    assert "QUYẾT ĐỊNH" not in text
    # The same blocks in the same order in the .docx.
    paragraphs = _docx_paragraphs(docx_body)

    def at(prefix: str) -> int:
        return next(i for i, line in enumerate(paragraphs) if line.startswith(prefix))

    labels = ["Họ và tên:", *(f"{label}:" for label in RECORD_ROWS[form])]
    docx_order = [
        at(f"Mẫu số {form}"),
        at("ỦY BAN NHÂN DÂN"),
        at(event),
        at(document.title),
        *(at(label) for label in labels),
        at(SIGNERS[form]),
        at("(Ký, ghi rõ họ tên)"),
        len(paragraphs) - 1 - paragraphs[::-1].index(document.signatures[0].name),
    ]
    assert docx_order == sorted(docx_order)
    # The child's record carries the confidentiality note, in both renderings.
    assert CIRCULATION in document.circulation
    assert document.circulation in text
    assert CIRCULATION in " ".join(pdf.body_words())
    assert collections.Counter(pdf.body_words()) == collections.Counter(
        " ".join(paragraphs).split()
    )


def test_an_adults_record_carries_no_circulation_note(approved, official_a):
    assert not approved.is_child_protection
    for form in EVENTS:
        document, docx_body, _pdf = _both(approved, form, official_a)
        assert document.circulation == "" and CIRCULATION not in _text(docx_body)


def test_mau_02_prints_the_initial_assessment_not_the_needs_one(dated, official_a):
    document = printing.build(case=dated, form="02", actor=official_a)
    rows = dict(document.rows)
    assert rows["Ngày đánh giá"] == "21/01/2026"
    assert rows["Các yếu tố nguy cơ"] == "Cha dượng đánh đập"
    assert "Em muốn ở với bà" not in rows.values()
    three = dict(printing.build(case=dated, form="03", actor=official_a).rows)
    assert (
        three["Ngày đánh giá"] == "28/01/2026" and three["Ý kiến của trẻ em"] == "Em muốn ở với bà"
    )


def test_the_decisions_attachment_is_mau_04_of_that_plan(dated, official_a):
    from tests.cases.casework.factories import CasePlanFactory

    plan = dated.plans.get()
    CasePlanFactory(case=dated, goals="Một kế hoạch khác, mới hơn", drafted_by=official_a)
    attached = printing.build_attachment(plan=plan, actor=official_a)
    assert dict(attached.rows)["Mục tiêu"] == "Trẻ được đi học, an toàn"
    assert attached.place_date == printing.long_date("Xã Ea Tu", EVENTS["04"])


def test_a_decision_is_printed_in_vietnamese_from_an_english_session(approved, leader_a):
    from django.utils import translation

    with translation.override("en"):
        document = printing.build(case=approved, form="05", actor=leader_a)
        html = printing.to_html(document)
        # The session's language is back once the document is made.
        assert translation.get_language() == "en"
    assert "QUYẾT ĐỊNH" in html and "Về việc phê duyệt kế hoạch" in html
    assert "DECISION" not in html
