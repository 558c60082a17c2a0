"""A document laid out for digital signing: the PDF with its form fields.

Decree 30/2020 Art. 15 and 17 order the steps: the competent person signs,
then the register gives the number and the date, then the clerk applies the
agency's signature. A PDF can hold that order: the number and the date are
empty text fields, the person's and the agency's signatures are empty
signature fields, all placed where the layout left room for them. The first
signature certifies the file with DocMDP level 2 (form filling and signing
allowed), so filling the number and date and adding the agency's signature
afterwards keep it valid, and any other change breaks it.

Why not take the number before the first signature: the leader previews the
exact bytes that are signed; a number taken at preview would be voided every
time a preview is abandoned, and one taken after it would change the bytes.
"""

from __future__ import annotations

import dataclasses
import datetime
import io

from .layout import (
    FONT_DIR,
    SIZE_BODY,
    SIZE_ISSUER,
    Document,
    PdfUnavailable,
    in_vietnamese,
    to_html,
)

PX = 0.75  # weasyprint's anchors are in CSS pixels; PDF user space is in points
MM = 72 / 25.4
FIELD_NUMBER, FIELD_DAY, FIELD_MONTH, FIELD_YEAR = "so", "ngay", "thang", "nam"
FIELD_PERSON, FIELD_AGENCY = "ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"
_TEXT_FIELDS = {
    "f-number": FIELD_NUMBER,
    "f-day": FIELD_DAY,
    "f-month": FIELD_MONTH,
    "f-year": FIELD_YEAR,
}
SEAL_MM = 34  # the seal's picture, a square overlapping the signature's left third


@dataclasses.dataclass(frozen=True)
class Box:
    page: int
    rect: tuple[float, float, float, float]  # x0, y0, x1, y1 in points, origin bottom left


def _boxes(rendered) -> dict[str, Box]:
    out = {}
    for index, page in enumerate(rendered.pages):
        height = page.height * PX
        for name, (x0, y0, x1, y1) in page.anchors.items():
            if name.startswith("f-") and name not in out:
                out[name] = Box(index, (x0 * PX, height - y1 * PX, x1 * PX, height - y0 * PX))
    return out


@in_vietnamese
def render_signable_pdf(doc: Document) -> bytes:
    """The PDF with empty number and date fields and the two signature fields."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # the same message as render_pdf
        raise PdfUnavailable(str(exc)) from exc
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    doc = dataclasses.replace(doc, signable=True)
    rendered = HTML(string=to_html(doc), base_url=str(FONT_DIR)).render()
    boxes = _boxes(rendered)
    pdf = rendered.write_pdf()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pages = writer.root["/Pages"]["/Kids"]
    added: dict[int, list] = {}
    for anchor, name in _TEXT_FIELDS.items():
        if anchor not in boxes:
            continue
        box = boxes[anchor]
        x0, y0, x1, y1 = box.rect
        widget = generic.DictionaryObject(
            {
                generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
                generic.pdf_name("/Subtype"): generic.pdf_name("/Widget"),
                generic.pdf_name("/FT"): generic.pdf_name("/Tx"),
                generic.pdf_name("/T"): generic.TextStringObject(name),
                generic.pdf_name("/Rect"): generic.ArrayObject(
                    [generic.FloatObject(v) for v in (x0, y0 - 2, x1, y1 + 2)]
                ),
                generic.pdf_name("/F"): generic.NumberObject(4),
                generic.pdf_name("/Ff"): generic.NumberObject(0),
                generic.pdf_name("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
                # No /P: pyHanko's form-filling rule then sees the widget only as a
                # field, and the filling is a change DocMDP level 2 allows.
            }
        )
        added.setdefault(box.page, []).append(writer.add_object(widget))
    if added:
        form = writer.root.get("/AcroForm")
        if form is None:
            form = generic.DictionaryObject({generic.pdf_name("/Fields"): generic.ArrayObject()})
            writer.root["/AcroForm"] = writer.add_object(form)
        else:
            form = form.get_object()
        fields = list(form.get("/Fields", []))
        for index, refs in added.items():
            page = pages[index].get_object()
            page["/Annots"] = generic.ArrayObject([*page.get("/Annots", []), *refs])
            writer.update_container(page)
            fields += refs
        form["/Fields"] = generic.ArrayObject(fields)
        writer.update_container(form)
        writer.update_root()
    if "f-sign" in boxes:
        sign = boxes["f-sign"]
        x0, y0, x1, y1 = sign.rect
        append_signature_field(writer, SigFieldSpec(FIELD_PERSON, box=sign.rect, on_page=sign.page))
        third = (x1 - x0) / 3
        middle = (y0 + y1) / 2
        side = SEAL_MM * MM
        seal = (x0 + third - side, middle - side / 2, x0 + third, middle + side / 2)
        append_signature_field(writer, SigFieldSpec(FIELD_AGENCY, box=seal, on_page=sign.page))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _font(name: str, size: int):
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory

    return GlyphAccumulatorFactory(str(FONT_DIR / f"LiberationSerif-{name}.ttf"), font_size=size)


def fill_number_and_date(pdf: bytes, *, number: int, day: datetime.date) -> bytes:
    """The register's number and the date written into the fields (an
    incremental update, after the first signature)."""
    from pyhanko.pdf_utils.form_tools import populate_static_text_field
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    values = {
        FIELD_NUMBER: (f"{number:02d}", "Regular", SIZE_ISSUER),
        FIELD_DAY: (f"{day.day:02d}", "Italic", SIZE_BODY),
        FIELD_MONTH: (month, "Italic", SIZE_BODY),
        FIELD_YEAR: (str(day.year), "Italic", SIZE_BODY),
    }
    for name, (text, face, size) in values.items():
        style = TextBoxStyle(font=_font(face, size), font_size=size)
        populate_static_text_field(writer, name, style, text)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def field_values(pdf: bytes) -> dict[str, str]:
    """The filled text fields of a PDF (what the register wrote in)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf))
    try:
        fields = reader.root["/AcroForm"]["/Fields"]
    except KeyError:
        return {}
    out = {}
    for ref in fields:
        field = ref.get_object()
        if field.get("/FT") == "/Tx" and "/V" in field:
            out[str(field["/T"])] = str(field["/V"])
    return out
