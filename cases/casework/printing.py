"""Decree 56/2017 forms (Mẫu 01–07) filled from the case, as .docx and PDF.

Mẫu 05 and Mẫu 07 are decisions of the commune People's Committee and follow
the administrative format of Decree 30/2020/NĐ-CP (Annex I): the issuing body
top left with the number under it, the national motto top right with place
and date under it, the kind of document and its summary, the authority, the
legal grounds one per line, "QUYẾT ĐỊNH:" and the articles, "Nơi nhận"
bottom left and the signature block bottom right with room for signature and
seal. Mẫu 01–04 and 06 are records (a report, assessments, a plan, a review):
they keep their annex layout, dated with the event they record, with the
recorder's signature line.

One data model (`Document`, gathered once by `build()`) is laid out by
`render_docx()` (python-docx) and `render_pdf()` (weasyprint) from the same
sequence of blocks, so the two files hold the same text. A4, margins 20 mm
top and bottom, 30 mm left, 15 mm right, Times New Roman at the decree's
sizes; the PDF embeds Liberation Serif (metric-compatible, SIL OFL, shipped
in static/fonts/) so it looks the same on any server, the .docx names Times
New Roman, which every office machine has. Page numbers top centre from
page 2. Nothing the user typed is shortened.
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

from socialwork.numbers import grouped

from ..models import AssessmentKind, Case, EventKind, IssuedStatus, PlanStatus, SignerCapacity

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
DECISIONS = frozenset({"05", "07"})

# The title each form prints (the FORMS labels name the form in the portal).
TITLES = {
    "01": gettext_lazy("PHIẾU GHI CHÉP THÔNG TIN BÁO CÁO"),
    "02": gettext_lazy("ĐÁNH GIÁ BAN ĐẦU VỀ NGUY CƠ, MỨC ĐỘ TỔN HẠI"),
    "03": gettext_lazy("ĐÁNH GIÁ NHU CẦU CỦA TRẺ EM"),
    "04": gettext_lazy("KẾ HOẠCH HỖ TRỢ, CAN THIỆP"),
    "06": gettext_lazy("ĐÁNH GIÁ VIỆC THỰC HIỆN KẾ HOẠCH HỖ TRỢ, CAN THIỆP"),
}

# Sizes in points (Decree 30/2020, Annex I, part II).
SIZE_BODY = 14
SIZE_MOTTO = 13
SIZE_ISSUER = 13
SIZE_RECIPIENTS_HEAD = 12
SIZE_RECIPIENTS = 11
# Margins in millimetres: top and bottom 20–25, left 30–35, right 15–20.
MARGINS = {"top": 20, "bottom": 20, "left": 30, "right": 15}
# Blank lines left for the handwritten signature and the seal.
SIGNATURE_SPACE_LINES = 4


class PdfUnavailable(RuntimeError):
    """The PDF engine cannot run on this server."""


@dataclass
class Signature:
    lines: list[str]  # "CHỦ TỊCH" or "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH" or "NGƯỜI GHI CHÉP"
    name: str = ""
    hint: str = ""  # "(Ký, ghi rõ họ tên)" on the records


@dataclass
class Article:
    heading: str  # "Điều 1."
    text: str
    items: list[str] = field(default_factory=list)


@dataclass
class Document:
    form: str
    issuer: list[str]  # the issuing body, one line per level ("ỦY BAN NHÂN DÂN", "XÃ …")
    title: str
    place_date: str
    decision: bool = False
    annex_mark: str = ""  # "Mẫu số 01" on the records
    number: str = ""  # "Số: 05/QĐ-UBND"
    summary: str = ""  # "Về việc …"
    authority: str = ""  # "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ …"
    grounds: list[str] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    table: list[list[str]] = field(default_factory=list)
    table_head: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    circulation: str = ""
    signatures: list[Signature] = field(default_factory=list)


def _d(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def _money(value: int) -> str:
    return grouped(value)


def long_date(place: str, day: datetime.date | None) -> str:
    """ "Xã Ea Tu, ngày 05 tháng 3 năm 2026": days below 10 and months 1 and 2
    take a leading zero (Decree 30, Annex I); no date yet leaves dots to fill."""
    if day is None:
        return _("%(place)s, ngày … tháng … năm …") % {"place": place}
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)d") % {
        "place": place,
        "d": f"{day.day:02d}",
        "m": month,
        "y": day.year,
    }


def _local(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _signer(capacity: str, name: str) -> Signature:
    if capacity == SignerCapacity.VICE_CHAIRMAN:
        return Signature([_("KT. CHỦ TỊCH"), _("PHÓ CHỦ TỊCH")], name)
    return Signature([_("CHỦ TỊCH")], name)


def _grounds(extra: list[str]) -> list[str]:
    lines = [
        _("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15 ngày 16 tháng 6 năm 2025;"),
        _("Căn cứ Luật Trẻ em số 102/2016/QH13 ngày 05 tháng 4 năm 2016;"),
        _(
            "Căn cứ Nghị định số 56/2017/NĐ-CP ngày 09 tháng 5 năm 2017 của Chính phủ quy định "
            "chi tiết một số điều của Luật Trẻ em;"
        ),
        *extra,
        _("Theo đề nghị của công chức văn hóa - xã hội."),
    ]
    return lines


def _child(case: Case) -> str:
    person = case.beneficiary
    birth = (
        _("sinh ngày %(d)s") % {"d": _d(person.birth_date)}
        if person.birth_date
        else (_("sinh năm %(y)s") % {"y": person.birth_year} if person.birth_year else "")
    )
    address = ", ".join(filter(None, [person.address, case.commune.name]))
    parts = [str(person), birth, _("giới tính %(s)s") % {"s": person.get_sex_display().lower()}]
    parts.append(_("địa chỉ: %(a)s") % {"a": address})
    parts.append(_("mã trường hợp %(id)s") % {"id": case.pk})
    return ", ".join(filter(None, parts))


def _recipients(case: Case) -> tuple[list[str], str]:
    """Decisions on a child go only to those who act on them (Decree 56 Art. 24)."""
    recipients = [
        _("- Như Điều 3;"),
        _("- Lưu: VT, hồ sơ trường hợp."),
    ]
    note = _(
        "Tài liệu có thông tin bí mật đời sống riêng tư của trẻ em (Điều 24 Nghị định số "
        "56/2017/NĐ-CP): chỉ chuyển đến nơi có tên trên; không sao chụp, không chuyển tiếp."
    )
    return recipients, note


def _decision(case: Case, form: str) -> Document:
    commune = case.commune.name
    doc = Document(
        form=form,
        issuer=[_("ỦY BAN NHÂN DÂN"), commune.upper()],
        title=_("QUYẾT ĐỊNH"),
        place_date=long_date(commune, None),
        decision=True,
        authority=_("CHỦ TỊCH ỦY BAN NHÂN DÂN %(commune)s") % {"commune": commune.upper()},
    )
    doc.recipients, doc.circulation = _recipients(case)
    return doc


def _number(reference: str) -> str:
    return _("Số: %(n)s") % {"n": reference} if reference else _("Số:      /QĐ-UBND")


def _record(case: Case, form: str, day: datetime.date | None) -> Document:
    commune = case.commune.name
    return Document(
        form=form,
        issuer=[_("ỦY BAN NHÂN DÂN"), commune.upper()],
        title=str(TITLES[form]),
        place_date=long_date(commune, day),
        annex_mark=_("Mẫu số %(n)s") % {"n": form},
    )


def _person_rows(case: Case) -> list[tuple[str, str]]:
    person = case.beneficiary
    birth = _d(person.birth_date) if person.birth_date else str(person.birth_year or "")
    return [
        (_("Họ và tên"), str(person)),
        (_("Ngày/năm sinh"), birth),
        (_("Giới tính"), person.get_sex_display()),
        (_("Địa chỉ"), ", ".join(filter(None, [person.address, case.commune.name]))),
        (_("Mã trường hợp"), str(case.pk)),
    ]


def _plan_table(doc: Document, plan) -> int:
    doc.table_head = [_("Hoạt động"), _("Thực hiện"), _("Thời hạn"), _("Kinh phí (đồng)")]
    total = 0
    for action in plan.actions.select_related("provider", "responsible_user"):
        who = action.provider or action.responsible_user or action.responsible_other
        doc.table.append(
            [action.description, str(who or ""), _d(action.due_on), _money(action.cost_estimate)]
        )
        total += action.cost_estimate
    doc.table.append([_("Tổng cộng"), "", "", _money(total)])
    return total


def _hint() -> str:
    return _("(Ký, ghi rõ họ tên)")


def build(*, case: Case, form: str, actor) -> Document:
    """The form's content from the record (the case is already in actor's scope)."""
    from .scoping import may_see_reporter

    if form == "05":
        return _build_05(case)
    if form == "07":
        return _build_07(case)
    if form == "01":
        doc = _record(case, form, _local(case.reported_at))
        doc.rows += _person_rows(case)
        doc.rows += [
            (_("Thời điểm nhận thông tin"), _d(case.reported_at)),
            (_("Nguồn tiếp nhận"), case.get_source_display()),
            (_("Số tham chiếu cuộc gọi"), case.call_reference),
            (_("Nội dung thông tin"), case.summary),
            (_("Mức độ khẩn"), case.get_urgency_display()),
        ]
        # The reporter's identity only for those the law lets see it (Art. 24).
        if may_see_reporter(actor, case):
            doc.rows.append(
                (
                    _("Người báo tin"),
                    " – ".join(filter(None, [case.reporter_name, case.reporter_phone])),
                )
            )
        if case.confidential:
            doc.rows.append((_("Độ mật"), _("Thông tin bảo mật (NĐ 56/2017, Điều 24)")))
        doc.signatures = [Signature([_("NGƯỜI GHI CHÉP")], str(case.created_by or ""), _hint())]
    elif form in ("02", "03"):
        kinds = (
            [AssessmentKind.INITIAL]
            if form == "02"
            else [AssessmentKind.NEEDS, AssessmentKind.REASSESSMENT]
        )
        assessment = case.assessments.filter(kind__in=kinds).order_by("-assessed_on", "-id").first()
        doc = _record(case, form, assessment.assessed_on if assessment else None)
        doc.rows += _person_rows(case)
        if assessment is None:
            doc.rows.append((_("Đánh giá"), _("Chưa có")))
            doc.signatures = [Signature([_("NGƯỜI ĐÁNH GIÁ")], "", _hint())]
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
            doc.signatures = [
                Signature([_("NGƯỜI ĐÁNH GIÁ")], str(assessment.assessed_by or ""), _hint())
            ]
    elif form == "04":
        plan = case.plans.order_by("-drafted_at", "-id").first()
        doc = _record(case, form, _local(plan.drafted_at) if plan else None)
        doc.rows += _person_rows(case)
        if plan is None:
            doc.rows.append((_("Kế hoạch"), _("Chưa có")))
            doc.signatures = [Signature([_("NGƯỜI LẬP KẾ HOẠCH")], "", _hint())]
        else:
            doc.rows += [
                (_("Mục tiêu"), plan.goals),
                (_("Ngày họp trường hợp"), _d(plan.conference_on)),
            ]
            _plan_table(doc, plan)
            doc.signatures = [
                Signature([_("NGƯỜI LẬP KẾ HOẠCH")], str(plan.drafted_by or ""), _hint())
            ]
    elif form == "06":
        review = case.reviews.order_by("-reviewed_on", "-id").first()
        doc = _record(case, form, review.reviewed_on if review else None)
        doc.rows += _person_rows(case)
        if review is None:
            doc.rows.append((_("Rà soát"), _("Chưa có")))
            doc.signatures = [Signature([_("NGƯỜI ĐÁNH GIÁ")], "", _hint())]
        else:
            doc.rows += [
                (_("Ngày rà soát"), _d(review.reviewed_on)),
                (_("Kết quả thực hiện kế hoạch"), review.findings),
                (_("Đã an toàn, ổn định"), _("Có") if review.safe_and_stable else _("Không")),
                (_("Đề xuất"), review.get_outcome_display()),
            ]
            doc.signatures = [
                Signature([_("NGƯỜI ĐÁNH GIÁ")], str(review.reviewed_by or ""), _hint())
            ]
    else:
        raise KeyError(form)
    return doc


def _build_05(case: Case) -> Document:
    doc = _decision(case, "05")
    doc.summary = _("Về việc phê duyệt kế hoạch hỗ trợ, can thiệp đối với trẻ em")
    doc.grounds = _grounds([])
    plans = case.plans.order_by("-drafted_at", "-id")
    plan = plans.filter(status=PlanStatus.APPROVED).first() or plans.first()
    if plan is None:
        doc.number = _number("")
        doc.articles = [
            Article(
                _("Điều 1."),
                _("Chưa có kế hoạch hỗ trợ, can thiệp đối với trẻ em %(child)s.")
                % {"child": _child(case)},
            )
        ]
        doc.signatures = [_signer(SignerCapacity.CHAIRMAN, "")]
        return doc
    approved = plan.status == PlanStatus.APPROVED
    issued = plan.issued.filter(status=IssuedStatus.ISSUED).first() if approved else None
    doc.number = _number(plan.decision_number if approved else "")
    doc.place_date = long_date(case.commune.name, plan.decision_date if approved else None)
    total = _plan_table(doc, plan)
    doc.articles = [
        Article(
            _("Điều 1."),
            _(
                "Phê duyệt Kế hoạch hỗ trợ, can thiệp đối với trẻ em %(child)s, với các nội "
                "dung sau:"
            )
            % {"child": _child(case)},
            [
                _("Mục tiêu: %(goals)s") % {"goals": plan.goals},
                _("Ngày họp trường hợp: %(day)s")
                % {"day": _d(plan.conference_on) or _("không họp")},
                _("Các hoạt động hỗ trợ, can thiệp và kinh phí dự trù: theo bảng dưới đây."),
                _("Tổng kinh phí dự trù: %(total)s đồng.") % {"total": _money(total)},
            ],
        ),
        Article(
            _("Điều 2."),
            _(
                "Giao %(worker)s (người quản lý trường hợp) chủ trì, phối hợp với gia đình, "
                "các cơ quan, tổ chức, cá nhân có liên quan thực hiện Kế hoạch; theo dõi, rà "
                "soát, đánh giá việc thực hiện và báo cáo Chủ tịch Ủy ban nhân dân xã."
            )
            % {"worker": str(case.assigned_worker or _("người quản lý trường hợp được phân công"))},
        ),
        _article_3(),
    ]
    capacity = issued.signer_capacity if issued else SignerCapacity.CHAIRMAN
    doc.signatures = [_signer(capacity, str(plan.approved_by or "") if approved else "")]
    return doc


def _article_3() -> Article:
    return Article(
        _("Điều 3."),
        _(
            "Quyết định này có hiệu lực kể từ ngày ký. Công chức văn hóa - xã hội, người quản "
            "lý trường hợp, cha mẹ hoặc người chăm sóc trẻ em và các cơ quan, tổ chức, cá nhân "
            "có liên quan chịu trách nhiệm thi hành Quyết định này./."
        ),
    )


def _build_07(case: Case) -> Document:
    doc = _decision(case, "07")
    doc.summary = _("Về việc tạm thời cách ly trẻ em khỏi môi trường hoặc người gây tổn hại")
    doc.grounds = _grounds([])
    event = case.events.filter(kind=EventKind.TEMPORARY_SEPARATION).order_by("-occurred_at").first()
    if event is None:
        doc.number = _number("")
        doc.articles = [
            Article(
                _("Điều 1."),
                _("Chưa có quyết định cách ly tạm thời đối với trẻ em %(child)s.")
                % {"child": _child(case)},
            )
        ]
        doc.signatures = [_signer(SignerCapacity.CHAIRMAN, "")]
        return doc
    doc.number = _number(event.decision_number)
    doc.place_date = long_date(case.commune.name, _local(event.occurred_at))
    items = [
        _("Thời gian cách ly: từ ngày %(a)s đến ngày %(b)s.")
        % {"a": _d(event.starts_on), "b": _d(event.ends_on)},
        _("Nơi ở an toàn: %(place)s.") % {"place": event.place},
    ]
    if event.carer_name:
        items.append(_("Người nhận chăm sóc: %(name)s.") % {"name": event.carer_name})
    if event.extension_basis:
        items.append(_("Căn cứ gia hạn: %(basis)s.") % {"basis": event.extension_basis})
    if event.note:
        items.append(_("Nội dung: %(note)s") % {"note": event.note})
    issued = event.issued.filter(status=IssuedStatus.ISSUED).first()
    doc.articles = [
        Article(
            _("Điều 1."),
            _(
                "Tạm thời cách ly trẻ em %(child)s khỏi môi trường hoặc người gây tổn hại cho "
                "trẻ em, như sau:"
            )
            % {"child": _child(case)},
            items,
        ),
        Article(
            _("Điều 2."),
            _(
                "Giao %(worker)s (người quản lý trường hợp) bố trí nơi ở an toàn, theo dõi, "
                "đánh giá lại tình trạng của trẻ em và báo cáo Chủ tịch Ủy ban nhân dân xã "
                "trước khi hết thời hạn cách ly."
            )
            % {"worker": str(case.assigned_worker or _("người quản lý trường hợp được phân công"))},
        ),
        _article_3(),
    ]
    capacity = issued.signer_capacity if issued else SignerCapacity.CHAIRMAN
    doc.signatures = [_signer(capacity, str(event.decided_by or ""))]
    return doc


# --- .docx -------------------------------------------------------------------------------


def _page_number_field(paragraph) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _no_borders(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def render_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt

    center, right, justify = (
        WD_ALIGN_PARAGRAPH.CENTER,
        WD_ALIGN_PARAGRAPH.RIGHT,
        WD_ALIGN_PARAGRAPH.JUSTIFY,
    )
    out = Docx()
    section = out.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
    # Page numbers top centre, not on the first page.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = center
    _page_number_field(number)
    style = out.styles["Normal"]
    style.font.name = "Times New Roman"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.font.size = Pt(SIZE_BODY)
    style.paragraph_format.space_after = Pt(6)

    def para(container, text="", *, align=None, bold=False, italic=False, size=None, indent=False):
        paragraph = container.add_paragraph() if container is not None else out.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1.27)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        return paragraph

    def fill(cell, first_text, **kwargs):
        # A new cell holds one empty paragraph: use it for the first line.
        paragraph = cell.paragraphs[0]
        if kwargs.get("align") is not None:
            paragraph.alignment = kwargs["align"]
        run = paragraph.add_run(first_text)
        run.bold, run.italic = kwargs.get("bold", False), kwargs.get("italic", False)
        if kwargs.get("size"):
            run.font.size = Pt(kwargs["size"])
        return paragraph

    if doc.annex_mark:
        para(None, doc.annex_mark, align=right, bold=True, size=SIZE_RECIPIENTS_HEAD)
    head = out.add_table(rows=2, cols=2)
    _no_borders(head)
    (issuer, motto), (number_cell, place) = head.rows[0].cells, head.rows[1].cells
    issuer.width, motto.width = Cm(6.5), Cm(9.5)
    fill(issuer, doc.issuer[0], align=center, bold=True, size=SIZE_ISSUER)
    for line in doc.issuer[1:]:
        para(issuer, line, align=center, bold=True, size=SIZE_ISSUER)
    fill(motto, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), align=center, bold=True, size=12)
    para(motto, _("Độc lập - Tự do - Hạnh phúc"), align=center, bold=True, size=SIZE_MOTTO)
    fill(number_cell, doc.number, align=center, size=SIZE_ISSUER)
    fill(place, doc.place_date, align=center, italic=True, size=SIZE_BODY)

    para(None, doc.title, align=center, bold=True, size=SIZE_BODY)
    if doc.summary:
        para(None, doc.summary, align=center, bold=True, size=SIZE_BODY)
    if doc.authority:
        para(None, doc.authority, align=center, bold=True)
    for line in doc.grounds:
        para(None, line, align=justify, italic=True, indent=True)
    if doc.decision:
        para(None, _("QUYẾT ĐỊNH:"), align=center, bold=True)
    for article in doc.articles:
        paragraph = para(None, align=justify, indent=True)
        paragraph.add_run(article.heading).bold = True
        paragraph.add_run(" " + article.text)
        for item in article.items:
            para(None, "- " + item, align=justify, indent=True)
        if article.heading == _("Điều 1.") and doc.table_head:
            _docx_table(out, doc)
    for label, value in doc.rows:
        paragraph = para(None, align=justify)
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value or "")
    if not doc.decision and doc.table_head:
        _docx_table(out, doc)

    foot = out.add_table(rows=1, cols=2)
    _no_borders(foot)
    left, sign = foot.rows[0].cells
    left.width, sign.width = Cm(8), Cm(8)
    if doc.recipients:
        fill(left, _("Nơi nhận:"), bold=True, italic=True, size=SIZE_RECIPIENTS_HEAD)
        for line in doc.recipients:
            para(left, line, size=SIZE_RECIPIENTS)
        if doc.circulation:
            para(left, doc.circulation, italic=True, size=SIZE_RECIPIENTS)
    first = True
    for signature in doc.signatures:
        for line in signature.lines:
            (fill if first else para)(sign, line, align=center, bold=True)
            first = False
        if signature.hint:
            para(sign, signature.hint, align=center, italic=True)
        for _line in range(SIGNATURE_SPACE_LINES):
            para(sign, align=center)
        para(sign, signature.name, align=center, bold=True)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def _docx_table(out, doc: Document) -> None:
    table = out.add_table(rows=1, cols=len(doc.table_head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, doc.table_head, strict=True):
        cell.text = text
    for row in doc.table:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text


# --- PDF ---------------------------------------------------------------------------------


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


CSS = f"""
@page {{ size: A4; margin: {MARGINS["top"]}mm {MARGINS["right"]}mm {MARGINS["bottom"]}mm
  {MARGINS["left"]}mm;
  @top-center {{ content: counter(page); font-family: 'PortalSerif'; font-size: {SIZE_BODY}pt; }} }}
@page :first {{ @top-center {{ content: none; }} }}
body {{ font-family: 'PortalSerif', 'Times New Roman', serif; font-size: {SIZE_BODY}pt;
  line-height: 1.25; margin: 0; }}
p {{ margin: 0 0 6pt 0; }}
.mark {{ text-align: right; font-weight: bold; font-size: {SIZE_RECIPIENTS_HEAD}pt; }}
table.head, table.foot {{ width: 100%; border-collapse: collapse; }}
table.head td, table.foot td {{ border: none; padding: 0; vertical-align: top;
  text-align: center; }}
table.head td.issuer {{ width: 40%; font-size: {SIZE_ISSUER}pt; font-weight: bold; }}
table.head td.motto {{ width: 60%; font-weight: bold; }}
.motto .nation {{ font-size: 12pt; }} .motto .slogan {{ font-size: {SIZE_MOTTO}pt; }}
.rule {{ display: inline-block; border-top: 0.6pt solid #000; width: 33%; height: 0; }}
.slogan + .rule {{ width: 55%; }}
td.number {{ font-size: {SIZE_ISSUER}pt; padding-top: 6pt; }}
td.place {{ font-style: italic; padding-top: 6pt; }}
.title, .summary, .authority, .decide {{ text-align: center; font-weight: bold; margin: 0; }}
.title {{ margin-top: 18pt; }} .record {{ margin-bottom: 12pt; }}
.authority {{ margin: 12pt 0 6pt; }} .decide {{ margin: 6pt 0; }}
.ground {{ font-style: italic; text-indent: 1.27cm; text-align: justify; }}
.article b {{ white-space: nowrap; }}
.article, .item {{ text-indent: 1.27cm; text-align: justify; white-space: pre-wrap; }}
.row {{ text-align: justify; white-space: pre-wrap; }}
table.grid {{ border-collapse: collapse; width: 100%; margin: 0 0 6pt 0; }}
table.grid td, table.grid th {{ border: 0.6pt solid #000; padding: 2pt 3pt; font-weight: normal;
  text-align: left; vertical-align: top; }}
table.foot {{ margin-top: 12pt; page-break-inside: avoid; }}
table.foot td.recipients {{ width: 50%; text-align: left; font-size: {SIZE_RECIPIENTS}pt; }}
td.recipients .head {{ font-weight: bold; font-style: italic;
  font-size: {SIZE_RECIPIENTS_HEAD}pt; }}
td.recipients p {{ margin: 0; }}
td.recipients .note {{ font-style: italic; margin-top: 6pt; }}
table.foot td.sign {{ width: 50%; }}
.sign p {{ margin: 0; }} .sign .capacity, .sign .name {{ font-weight: bold; }}
.sign .hint {{ font-style: italic; }}
.sign .space {{ height: {SIGNATURE_SPACE_LINES * 1.25 * SIZE_BODY}pt; }}
"""


def to_html(doc: Document) -> str:
    e = html.escape

    def p(css: str, text: str) -> str:
        return f"<p class='{css}'>{e(text)}</p>"

    parts = []
    if doc.annex_mark:
        parts.append(p("mark", doc.annex_mark))
    issuer = "<br>".join(e(line) for line in doc.issuer)
    parts.append(
        "<table class='head'><tr>"
        f"<td class='issuer'>{issuer}<br><span class='rule'></span></td>"
        f"<td class='motto'><span class='nation'>{e(_('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'))}"
        f"</span><br><span class='slogan'>{e(_('Độc lập - Tự do - Hạnh phúc'))}</span><br>"
        "<span class='rule'></span></td></tr>"
        f"<tr><td class='number'>{e(doc.number)}</td>"
        f"<td class='place'>{e(doc.place_date)}</td></tr></table>"
    )
    parts.append(p("title" if doc.decision else "title record", doc.title))
    if doc.summary:
        parts.append(
            p("summary", doc.summary) + "<p class='summary'><span class='rule'></span></p>"
        )
    if doc.authority:
        parts.append(p("authority", doc.authority))
    parts += [p("ground", line) for line in doc.grounds]
    if doc.decision:
        parts.append(p("decide", _("QUYẾT ĐỊNH:")))
    for article in doc.articles:
        parts.append(f"<p class='article'><b>{e(article.heading)}</b> {e(article.text)}</p>")
        parts += [p("item", "- " + item) for item in article.items]
        if article.heading == _("Điều 1.") and doc.table_head:
            parts.append(_html_table(doc))
    parts += [f"<p class='row'><b>{e(k)}:</b> {e(v or '')}</p>" for k, v in doc.rows]
    if not doc.decision and doc.table_head:
        parts.append(_html_table(doc))
    recipients = ""
    if doc.recipients:
        recipients = p("head", _("Nơi nhận:")) + "".join(p("to", r) for r in doc.recipients)
        if doc.circulation:
            recipients += p("note", doc.circulation)
    sign = ""
    for signature in doc.signatures:
        sign += "".join(p("capacity", line) for line in signature.lines)
        if signature.hint:
            sign += p("hint", signature.hint)
        sign += "<div class='space'></div>" + p("name", signature.name)
    parts.append(
        "<table class='foot'><tr>"
        f"<td class='recipients'>{recipients}</td><td class='sign'>{sign}</td></tr></table>"
    )
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<style>{_font_face()}{CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


def _html_table(doc: Document) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in doc.table_head)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in doc.table)
    return f"<table class='grid'><tr>{head}</tr>{body}</table>"


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
