import io
import re

import pytest
from django.utils import timezone
from docx import Document

from cases.casework import printing, services
from tests.cases.casework.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def _text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def approved(case_a, official_a, leader_a):
    from cases.models import Case, CaseStatus

    AssessmentFactory(case=case_a, risk_level="high", family_situation="Cha mẹ đi làm xa")
    Case.objects.filter(pk=case_a.pk).update(status=CaseStatus.ASSESSMENT)
    plan = services.plan_draft(
        actor=official_a,
        case=case_a,
        goals="Trẻ được đi học, an toàn",
        actions=[
            {
                "description": "Hỗ trợ học phí",
                "responsible_other": "Trường THCS",
                "due_on": timezone.localdate(),
                "cost_estimate": 1_250_000,
            }
        ],
    ).obj
    services.plan_submit(actor=official_a, plan=plan)
    services.plan_approve(actor=leader_a, plan=plan, decision_number="27/QĐ-UBND")
    case_a.refresh_from_db()
    return case_a


@pytest.mark.parametrize("form", sorted(printing.FORMS))
def test_every_form_renders_as_docx_with_the_motto(approved, official_a, form):
    text = _text(printing.render_docx(printing.build(case=approved, form=form, actor=official_a)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert str(approved.beneficiary) in text


def test_mau_05_holds_the_decision_and_costs(approved, leader_a):
    text = _text(printing.render_docx(printing.build(case=approved, form="05", actor=leader_a)))
    assert "27/QĐ-UBND" in text
    assert "Trẻ được đi học, an toàn" in text
    assert "1.250.000" in text
    assert str(leader_a) in text


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
    assert len(body) > 5000
    assert (printing.FONT_DIR / "LiberationSerif-Regular.ttf").exists()
    assert "Độc lập" in printing.to_html(document)


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
