"""Decree 56/2017 forms (Mẫu 01–07) filled from the case, as .docx and PDF.

Layout after Decree 30/2020 (administrative documents): the issuing body and
the national motto side by side at the top, place and date on the right, the
title in bold capitals, Times New Roman 13–14 pt. We ship Liberation Serif
(metric-compatible with Times New Roman, SIL OFL) in static/fonts/ so a PDF
looks the same on any server; the .docx names Times New Roman, which every
office machine has.

`build()` gathers the data once; `render_docx()` and `render_pdf()` lay it out.
PDF needs the system's Pango (weasyprint): without it `PdfUnavailable` says so.
"""

from __future__ import annotations

import datetime
import html
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import AssessmentKind, Case, EventKind, PlanStatus

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_DIR = settings.BASE_DIR / "static" / "fonts"

FORMS = {
    "01": gettext_lazy("Mẫu số 01. Phiếu ghi chép thông tin báo cáo"),
    "02": gettext_lazy("Mẫu số 02. Đánh giá ban đầu về nguy cơ, mức độ tổn hại"),
    "03": gettext_lazy("Mẫu số 03. Đánh giá nhu cầu của trẻ em"),
    "04": gettext_lazy("Mẫu số 04. Kế hoạch hỗ trợ, can thiệp"),
    "05": gettext_lazy("Mẫu số 05. Quyết định phê duyệt kế hoạch hỗ trợ, can thiệp"),
    "06": gettext_lazy("Mẫu số 06. Đánh giá việc thực hiện kế hoạch"),
    "07": gettext_lazy("Mẫu số 07. Quyết định tạm thời cách ly trẻ em"),
}


class PdfUnavailable(RuntimeError):
    """The PDF engine cannot run on this server."""


@dataclass
class Document:
    form: str
    issuer: str
    title: str
    place_date: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    table_head: list[str] = field(default_factory=list)
    signer_title: str = ""
    signer_name: str = ""


def _d(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def build(*, case: Case, form: str, actor) -> Document:
    """The form's content from the record (the case is already in actor's scope)."""
    from .scoping import may_see_reporter

    commune = case.commune
    person = case.beneficiary
    today = timezone.localdate()
    doc = Document(
        form=form,
        issuer=_("UBND %(commune)s") % {"commune": commune.name},
        title=str(FORMS[form]),
        place_date=_("%(commune)s, ngày %(d)02d tháng %(m)02d năm %(y)d")
        % {"commune": commune.name, "d": today.day, "m": today.month, "y": today.year},
    )
    birth = _d(person.birth_date) if person.birth_date else str(person.birth_year or "")
    doc.rows += [
        (_("Họ và tên"), str(person)),
        (_("Ngày/năm sinh"), birth),
        (_("Giới tính"), person.get_sex_display()),
        (_("Địa chỉ"), ", ".join(filter(None, [person.address, commune.name]))),
        (_("Mã trường hợp"), str(case.pk)),
    ]
    if form == "01":
        doc.rows += [
            (_("Thời điểm nhận thông tin"), _d(case.reported_at)),
            (_("Nguồn tiếp nhận"), case.get_source_display()),
            (_("Số tham chiếu cuộc gọi"), case.call_reference),
            (_("Nội dung thông tin"), case.summary),
            (_("Mức độ khẩn"), case.get_urgency_display()),
        ]
        if may_see_reporter(actor, case):
            doc.rows.append(
                (
                    _("Người báo tin"),
                    " – ".join(filter(None, [case.reporter_name, case.reporter_phone])),
                )
            )
        if case.confidential:
            doc.rows.append((_("Độ mật"), _("Thông tin bảo mật (NĐ 56/2017, Điều 24)")))
    elif form in ("02", "03"):
        kinds = (
            [AssessmentKind.INITIAL]
            if form == "02"
            else [AssessmentKind.NEEDS, AssessmentKind.REASSESSMENT]
        )
        assessment = case.assessments.filter(kind__in=kinds).order_by("-assessed_on", "-id").first()
        if assessment is None:
            doc.rows.append((_("Đánh giá"), _("Chưa có")))
        else:
            doc.rows += [
                (_("Ngày đánh giá"), _d(assessment.assessed_on)),
                (_("Mức độ nguy cơ"), assessment.get_risk_level_display()),
                (_("Tình trạng thể chất"), assessment.physical_state),
                (_("Tình trạng tâm lý, tình cảm"), assessment.psychological_state),
                (_("Hoàn cảnh gia đình, khả năng bảo vệ"), assessment.family_situation),
                (_("Các yếu tố nguy cơ"), assessment.risk_factors),
                (_("Nhu cầu"), assessment.needs),
                (_("Ý kiến của trẻ em"), assessment.child_views),
                (_("Kết luận, đề xuất"), assessment.conclusion),
            ]
            doc.signer_title = _("NGƯỜI ĐÁNH GIÁ")
            doc.signer_name = str(assessment.assessed_by or "")
    elif form in ("04", "05"):
        plans = case.plans.order_by("-drafted_at", "-id")
        plan = (
            plans.filter(status=PlanStatus.APPROVED).first() if form == "05" else None
        ) or plans.first()
        if plan is None:
            doc.rows.append((_("Kế hoạch"), _("Chưa có")))
        else:
            if form == "05":
                doc.rows += [
                    (_("Số quyết định"), plan.decision_number),
                    (_("Ngày quyết định"), _d(plan.decision_date)),
                    (_("Căn cứ"), _("Luật Trẻ em 2016; Nghị định 56/2017/NĐ-CP, Điều 28")),
                ]
                doc.signer_title = _("CHỦ TỊCH")
                doc.signer_name = str(plan.approved_by or "")
            else:
                doc.signer_title = _("NGƯỜI LẬP KẾ HOẠCH")
                doc.signer_name = str(plan.drafted_by or "")
            doc.rows += [
                (_("Mục tiêu"), plan.goals),
                (_("Ngày họp trường hợp"), _d(plan.conference_on)),
            ]
            doc.table_head = [_("Hoạt động"), _("Thực hiện"), _("Thời hạn"), _("Kinh phí (đồng)")]
            total = 0
            for action in plan.actions.select_related("provider", "responsible_user"):
                who = action.provider or action.responsible_user or action.responsible_other
                doc.table.append(
                    [action.description, str(who), _d(action.due_on), _money(action.cost_estimate)]
                )
                total += action.cost_estimate
            doc.table.append([_("Tổng cộng"), "", "", _money(total)])
    elif form == "06":
        review = case.reviews.order_by("-reviewed_on", "-id").first()
        if review is None:
            doc.rows.append((_("Rà soát"), _("Chưa có")))
        else:
            doc.rows += [
                (_("Ngày rà soát"), _d(review.reviewed_on)),
                (_("Kết quả thực hiện kế hoạch"), review.findings),
                (_("Đã an toàn, ổn định"), _("Có") if review.safe_and_stable else _("Không")),
                (_("Đề xuất"), review.get_outcome_display()),
            ]
            doc.signer_name = str(review.reviewed_by or "")
    elif form == "07":
        event = (
            case.events.filter(kind=EventKind.TEMPORARY_SEPARATION).order_by("-occurred_at").first()
        )
        if event is None:
            doc.rows.append((_("Quyết định"), _("Chưa có")))
        else:
            doc.rows += [
                (_("Số quyết định"), event.decision_number),
                (
                    _("Thời gian cách ly"),
                    _("từ %(a)s đến %(b)s") % {"a": _d(event.starts_on), "b": _d(event.ends_on)},
                ),
                (_("Nơi ở an toàn"), event.place),
                (_("Căn cứ gia hạn"), event.extension_basis),
                (_("Căn cứ"), _("Nghị định 56/2017/NĐ-CP, Điều 32")),
            ]
            doc.signer_title = _("CHỦ TỊCH")
            doc.signer_name = str(event.decided_by or "")
    return doc


def render_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    out = Docx()
    section = out.sections[0]
    # Decree 30/2020 margins: top/bottom 2 cm, left 3 cm, right 2 cm; A4.
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = section.right_margin = Cm(2)
    section.left_margin = Cm(3)
    style = out.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    head = out.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    left.text = doc.issuer.upper()
    right.text = ""
    motto = right.paragraphs[0]
    motto.add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")).bold = True
    right.add_paragraph().add_run(_("Độc lập - Tự do - Hạnh phúc")).bold = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    place = out.add_paragraph()
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    place.add_run(doc.place_date).italic = True
    title = out.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title.upper())
    run.bold = True
    run.font.size = Pt(14)
    for label, value in doc.rows:
        paragraph = out.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value or "")
    if doc.table_head:
        table = out.add_table(rows=1, cols=len(doc.table_head))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, doc.table_head, strict=True):
            cell.text = text
        for row in doc.table:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = text
    if doc.signer_title or doc.signer_name:
        sign = out.add_paragraph()
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        sign.add_run(doc.signer_title).bold = True
        out.add_paragraph(doc.signer_name).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _font_face() -> str:
    faces = [
        ("Regular", "normal", "normal"),
        ("Bold", "bold", "normal"),
        ("Italic", "normal", "italic"),
        ("BoldItalic", "bold", "italic"),
    ]
    return "\n".join(
        f"@font-face {{ font-family: 'PortalSerif'; font-weight: {weight}; font-style: {style};"
        f" src: url('{(FONT_DIR / f'LiberationSerif-{name}.ttf').as_uri()}'); }}"
        for name, weight, style in faces
    )


CSS = """
@page { size: A4; margin: 2cm 2cm 2cm 3cm; }
body { font-family: 'PortalSerif', 'Times New Roman', serif; font-size: 13pt; line-height: 1.35; }
.head { display: flex; justify-content: space-between; text-align: center; }
.head div { width: 48%; } .motto b { display: block; }
.place { text-align: right; font-style: italic; }
h1 { text-align: center; font-size: 14pt; text-transform: uppercase; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #000; padding: 3pt; }
.sign { text-align: right; margin-top: 24pt; }
"""


def to_html(doc: Document) -> str:
    e = html.escape
    rows = "".join(f"<p><b>{e(label)}:</b> {e(value or '')}</p>" for label, value in doc.rows)
    table = ""
    if doc.table_head:
        head = "".join(f"<th>{e(h)}</th>" for h in doc.table_head)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in doc.table
        )
        table = f"<table><tr>{head}</tr>{body}</table>"
    sign = f"<div class='sign'><b>{e(doc.signer_title)}</b><br>{e(doc.signer_name)}</div>"
    motto = _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    slogan = _("Độc lập - Tự do - Hạnh phúc")
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<style>{_font_face()}{CSS}</style></head><body>"
        f"<div class='head'><div>{e(doc.issuer.upper())}</div>"
        f"<div class='motto'><b>{e(motto)}</b><b>{e(slogan)}</b></div></div>"
        f"<p class='place'>{e(doc.place_date)}</p><h1>{e(doc.title)}</h1>"
        f"{rows}{table}{sign}</body></html>"
    )


def render_pdf(doc: Document, *, compress: bool = True) -> bytes:
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            _(
                "Máy chủ chưa cài được bộ dựng PDF (weasyprint cần thư viện Pango). Hãy tải bản "
                ".docx, hoặc báo quản trị hệ thống cài libpango-1.0-0 và libpangoft2-1.0-0."
            )
        ) from exc
    return HTML(string=to_html(doc), base_url=str(FONT_DIR)).write_pdf(
        uncompressed_pdf=not compress
    )
