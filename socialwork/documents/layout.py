"""The administrative layout of Decree 30/2020/NĐ-CP (Annex I) and the Decree 56
annex layout, as one data model rendered to .docx (python-docx) and PDF
(weasyprint) from the same sequence of blocks, so the two files hold the same
text. Shared by every app that issues documents (cases, allowances): the apps
build a `Document`, this module lays it out.

A4, margins 20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman at
the decree's sizes; the PDF embeds Liberation Serif (metric-compatible, SIL
OFL, shipped in static/fonts/) so it looks the same on any server, the .docx
names Times New Roman, which every office machine has. Page numbers top
centre from page 2. Nothing the user typed is shortened.

A document to be signed digitally (`Document.signable`) leaves the number and
the date as blanks that are PDF form fields, and the signature block as the
signature fields: the register fills the number and date after the competent
person signed, which the first signature's DocMDP level (form filling) allows.
"""

from __future__ import annotations

import datetime
import functools
import html
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socialwork.numbers import grouped

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_DIR = settings.BASE_DIR / "static" / "fonts"

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
# The signature picture's field (width, height in mm), centred in that space.
FIELD_SIGN_MM = (45, 22)


def in_vietnamese(function):
    """Official documents are written in Vietnamese (Decree 30/2020 Art. 8), whatever
    language the person printing or signing reads the portal in. A fresh override per
    call: one shared instance would restore the wrong language when calls nest."""

    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        with translation.override("vi"):
            return function(*args, **kwargs)

    return wrapped


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
    # Signed digitally: the number and the date are form fields filled by the
    # register after the first signature; the signature block holds the fields.
    signable: bool = False
    symbol: str = ""  # "QĐ-UBND", printed after the number's blank
    place: str = ""  # "Xã Ea Tu", printed before the date's blanks
    signatures: list[Signature] = field(default_factory=list)


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    return value.strftime("%d/%m/%Y")


def money(value: int) -> str:
    # Amounts in đồng on Vietnamese paper: 1.500.000, whatever the session's language.
    with translation.override("vi"):
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


@in_vietnamese
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
    if doc.circulation:  # a record, sent nowhere, still carries the note
        write = para if doc.recipients else fill
        write(left, doc.circulation, italic=True, size=SIZE_RECIPIENTS)
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
.sign .space .field {{ display: inline-block; width: {FIELD_SIGN_MM[0]}mm;
  height: {FIELD_SIGN_MM[1]}mm; }}
span.blank {{ display: inline-block; height: 1em; }}
span.blank.n {{ width: 14mm; }} span.blank.d {{ width: 7mm; }} span.blank.y {{ width: 11mm; }}
"""


@in_vietnamese
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
        f"<tr><td class='number'>{_number_html(doc)}</td>"
        f"<td class='place'>{_date_html(doc)}</td></tr></table>"
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
    if doc.circulation:  # a record, sent nowhere, still carries the note
        recipients += p("note", doc.circulation)
    sign = ""
    for index, signature in enumerate(doc.signatures):
        sign += "".join(p("capacity", line) for line in signature.lines)
        if signature.hint:
            sign += p("hint", signature.hint)
        space = "<span id='f-sign' class='field'></span>" if doc.signable and not index else ""
        sign += f"<div class='space'>{space}</div>" + p("name", signature.name)
    parts.append(
        "<table class='foot'><tr>"
        f"<td class='recipients'>{recipients}</td><td class='sign'>{sign}</td></tr></table>"
    )
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<style>{_font_face()}{CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


def blank_number(symbol: str) -> str:
    """ "Số:      /QĐ-UBND": the number is written in later."""
    return _("Số:      /%(symbol)s") % {"symbol": symbol}


def blank_date(place: str) -> str:
    return _("%(place)s, ngày      tháng      năm        ") % {"place": place}


def _number_html(doc: Document) -> str:
    if not doc.signable:
        return html.escape(doc.number)
    field = "<span id='f-number' class='blank n'></span>"
    return html.escape(_("Số: %(number)s/%(symbol)s")) % {
        "number": field,
        "symbol": html.escape(doc.symbol),
    }


def _date_html(doc: Document) -> str:
    if not doc.signable:
        return html.escape(doc.place_date)
    return html.escape(_("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s")) % {
        "place": html.escape(doc.place),
        "d": "<span id='f-day' class='blank d'></span>",
        "m": "<span id='f-month' class='blank d'></span>",
        "y": "<span id='f-year' class='blank y'></span>",
    }


def _html_table(doc: Document) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in doc.table_head)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in doc.table)
    return f"<table class='grid'><tr>{head}</tr>{body}</table>"


@in_vietnamese
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
