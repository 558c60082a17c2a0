"""Downloads: the monthly payment list (Excel, PDF for signature), reports 10a,
10b and 10d (Excel) and report 10c (Excel, PDF for signature).

Excel goes through socialwork.spreadsheets.exports (formula-safe, logged in
the AccessLog). PDFs, and lists above EXPORT_SYNC_MAX_ROWS people, are built
on the worker as export jobs (the kinds at the end of this module). The PDF
needs weasyprint (and the system's Pango); where it is missing the download
says so clearly (HTTP 503) instead of failing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.scoping import scope_for
from socialwork.numbers import grouped
from socialwork.spreadsheets.exporting import Built, ExportKind, register_export, write_table
from socialwork.spreadsheets.exports import ExportColumn, export_response, log_export

from . import selectors
from .models import ChangeKind, Payment, PaymentList, PaymentMethod
from .reports import (
    Period,
    report_10a,
    report_10b,
    report_10b_households,
    report_10c,
    report_10d,
    report_period,
)

FONT_DIR = settings.BASE_DIR / "static" / "fonts"


def payment_columns() -> list[ExportColumn]:
    return [
        ExportColumn("beneficiary__full_name", _("Họ và tên")),
        ExportColumn("beneficiary__birth_year", _("Năm sinh")),
        ExportColumn("beneficiary__address", _("Địa chỉ")),
        ExportColumn("groups", _("Nhóm hưởng")),
        ExportColumn("coefficient", _("Hệ số")),
        ExportColumn("standard", _("Mức chuẩn")),
        ExportColumn("amount", _("Trợ cấp tháng (đồng)")),
        ExportColumn("arrears", _("Truy lĩnh (đồng)")),
        ExportColumn("method", _("Hình thức chi trả")),
        ExportColumn("bank_name", _("Ngân hàng")),
        ExportColumn("account_number", _("Số tài khoản")),
        ExportColumn("change", _("Biến động")),
        ExportColumn("change_reason", _("Lý do")),
    ]


def _payment_rows(payment_list: PaymentList):
    return (
        payment_list.payments.order_by("beneficiary__full_name", "id")
        .values(*[c.key for c in payment_columns()])
        .iterator(chunk_size=2000)
    )


def payment_list_xlsx(request: HttpRequest, payment_list: PaymentList) -> HttpResponse:
    return export_response(
        _payment_rows(payment_list),
        payment_columns(),
        fmt="xlsx",
        filename=f"chi-tra-{payment_list.commune.code}-{payment_list.month:%Y-%m}",
        request=request,
        object_type="allowances.Payment",
        detail=f"list {payment_list.pk}",
    )


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


# The same fonts as the case forms (cases/casework/printing.py): Liberation
# Serif, metric-compatible with Times New Roman, shipped so that the signed
# paper looks the same whatever fonts the server has.
_FACES = (
    ("Regular", "normal", "normal"),
    ("Bold", "bold", "normal"),
    ("Italic", "normal", "italic"),
    ("BoldItalic", "bold", "italic"),
)


def _font_faces() -> str:
    return "\n".join(
        f"@font-face {{ font-family: 'PortalSerif'; font-weight: {weight}; font-style: {style};"
        f" src: url('{(FONT_DIR / f'LiberationSerif-{name}.ttf').as_uri()}'); }}"
        for name, weight, style in _FACES
    )


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _money(value: int | None) -> str:
    return grouped(value)


def payment_list_pdf_bytes(
    payment_list: PaymentList, *, compress: bool = True
) -> tuple[bytes, int]:
    """The list laid out for signature (Decree 30/2020 heading, A4 landscape):
    the PDF and the number of people on it."""
    import weasyprint

    rows = [
        {
            **row,
            "amount_text": _money(row["amount"]),
            "arrears_text": _money(row["arrears"]),
            "method_text": _label(PaymentMethod, row["method"]),
            "change_text": ""
            if row["change"] == ChangeKind.UNCHANGED
            else _label(ChangeKind, row["change"]),
        }
        for row in _payment_rows(payment_list)
    ]
    today = timezone.localdate()
    html = render_to_string(
        "allowances/payment_list_pdf.html",
        {
            "payment_list": payment_list,
            "rows": rows,
            "font_faces": _font_faces(),
            "removals": payment_list.removals.select_related("beneficiary").order_by(
                "beneficiary__full_name", "id"
            ),
            "total_amount": _money(payment_list.total_amount),
            "total_arrears": _money(payment_list.total_arrears),
            "total": _money(payment_list.total),
            "today": today,
        },
    )
    pdf = weasyprint.HTML(string=html, base_url=str(FONT_DIR)).write_pdf(
        uncompressed_pdf=not compress
    )
    return pdf, len(rows)


def payment_list_pdf(request: HttpRequest, payment_list: PaymentList) -> HttpResponse:
    if not pdf_available():
        return HttpResponse(
            _("Chưa thể xuất PDF: máy chủ chưa cài weasyprint (và Pango). Hãy dùng bản Excel."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    content, row_count = payment_list_pdf_bytes(payment_list)
    log_export(
        user=request.user,
        object_type="allowances.Payment",
        row_count=row_count,
        request=request,
        detail=f"list {payment_list.pk}; pdf",
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = f"chi-tra-{payment_list.commune.code}-{payment_list.month:%Y-%m}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_10a_columns() -> list[ExportColumn]:
    return [
        ExportColumn("label", _("Nhóm đối tượng (Điều 5 NĐ 20/2021)")),
        ExportColumn("at_end", _("Số đối tượng cuối kỳ")),
        ExportColumn("new", _("Tăng trong kỳ")),
        ExportColumn("stopped", _("Giảm trong kỳ")),
        ExportColumn("paid_people", _("Số người được chi trả")),
        ExportColumn("amount", _("Kinh phí trợ cấp (đồng)")),
        ExportColumn("arrears", _("Truy lĩnh (đồng)")),
        ExportColumn("total", _("Tổng kinh phí (đồng)")),
    ]


REPORT_10A_FIGURES = ("at_end", "new", "stopped", "paid_people", "amount", "arrears", "total")


def _total_row(rows: list[dict], figures, **labels) -> dict:
    return {key: sum(row[key] for row in rows) for key in figures} | labels


def report_10a_xlsx(request: HttpRequest, period: Period) -> HttpResponse:
    rows = report_10a(actor=request.user, period=period)
    total = _total_row(rows, REPORT_10A_FIGURES, label=_("Tổng cộng"))
    return export_response(
        [*rows, total],
        report_10a_columns(),
        fmt="xlsx",
        filename=_report_name("10a", period),
        request=request,
        object_type="allowances.report_10a",
        detail=str(period),
    )


def report_10b_columns() -> list[ExportColumn]:
    return [
        ExportColumn("event__name", _("Sự kiện (thiên tai, hỏa hoạn, sự cố)")),
        ExportColumn("kind_label", _("Hình thức hỗ trợ (Điều 12–15 NĐ 20/2021)")),
        ExportColumn("households", _("Số hộ được hỗ trợ")),
        ExportColumn("persons", _("Số người được hỗ trợ")),
        ExportColumn("rice_kg", _("Gạo (kg)")),
        ExportColumn("amount", _("Kinh phí (đồng)")),
    ]


REPORT_10B_FIGURES = ("persons", "rice_kg", "amount")


def report_10b_xlsx(request: HttpRequest, period: Period) -> HttpResponse:
    rows = report_10b(actor=request.user, period=period)
    # A household helped in two ways is one household: the total counts it once.
    total = _total_row(rows, REPORT_10B_FIGURES, event__name=_("Tổng cộng"), kind_label="")
    total["households"] = report_10b_households(actor=request.user, period=period)
    return export_response(
        [*rows, total],
        report_10b_columns(),
        fmt="xlsx",
        filename=_report_name("10b", period),
        request=request,
        object_type="allowances.report_10b",
        detail=str(period),
    )


def report_10d_rows(figures: dict) -> list[dict]:
    """Mẫu 10d as (item, unit, value) lines: the summary of 10a–10c."""
    lines = (
        (_("Số người được chi trả trợ cấp xã hội hằng tháng"), _("người"), "people_paid"),
        (_("Số lượt chi trả"), _("lượt"), "payments"),
        (_("Kinh phí trợ cấp hằng tháng (kể cả truy lĩnh)"), _("đồng"), "total_paid"),
        (_("Trong đó: truy lĩnh"), _("đồng"), "arrears_paid"),
        (_("Thẻ BHYT cấp trong kỳ"), _("thẻ"), "cards_issued"),
        (_("Người được lập danh sách cấp thẻ BHYT trong kỳ"), _("người"), "cards_listed"),
        (_("Hỗ trợ chi phí mai táng"), _("trường hợp"), "funeral_grants"),
        (_("Kinh phí hỗ trợ mai táng"), _("đồng"), "funeral_amount"),
        (_("Trợ giúp khẩn cấp: gạo"), _("kg"), "emergency_rice_kg"),
        (_("Trợ giúp khẩn cấp: kinh phí"), _("đồng"), "emergency_amount"),
        (_("Chăm sóc tại cơ sở trợ giúp xã hội: đối tượng cuối kỳ"), _("người"), "care_at_end"),
        (_("Chăm sóc tại cơ sở trợ giúp xã hội: kinh phí"), _("đồng"), "care_funding"),
        (_("Tổng kinh phí trợ giúp xã hội"), _("đồng"), "total_funding"),
    )
    return [{"item": item, "unit": unit, "value": figures[key]} for item, unit, key in lines]


def report_10d_columns() -> list[ExportColumn]:
    return [
        ExportColumn("item", _("Chỉ tiêu")),
        ExportColumn("unit", _("Đơn vị tính")),
        ExportColumn("value", _("Số liệu")),
    ]


def report_10d_xlsx(request: HttpRequest, period: Period) -> HttpResponse:
    rows = report_10d_rows(report_10d(actor=request.user, period=period))
    return export_response(
        rows,
        report_10d_columns(),
        fmt="xlsx",
        filename=_report_name("10d", period),
        request=request,
        object_type="allowances.report_10d",
        detail=str(period),
    )


def report_10c_columns() -> list[ExportColumn]:
    return [
        ExportColumn("facility__name", _("Cơ sở trợ giúp xã hội")),
        ExportColumn("kind_label", _("Loại cơ sở")),
        ExportColumn("at_start", _("Đầu kỳ")),
        ExportColumn("admitted", _("Tiếp nhận trong kỳ")),
        ExportColumn("admitted_emergency", _("Trong đó: khẩn cấp, tạm thời")),
        ExportColumn("discharged", _("Dừng trợ giúp trong kỳ")),
        ExportColumn("discharged_home", _("Trong đó: về gia đình, cộng đồng, nhận con nuôi")),
        ExportColumn("discharged_died", _("Trong đó: chết")),
        ExportColumn("at_end", _("Cuối kỳ")),
        ExportColumn("at_end_children", _("Cuối kỳ: trẻ em dưới 16 tuổi")),
        ExportColumn("at_end_older", _("Cuối kỳ: người từ 60 tuổi")),
        ExportColumn("at_end_disabled", _("Cuối kỳ: người khuyết tật nặng, đặc biệt nặng")),
        ExportColumn("at_end_long_term", _("Cuối kỳ: chăm sóc dài hạn")),
        ExportColumn("at_end_voluntary", _("Cuối kỳ: tự nguyện (hợp đồng)")),
        ExportColumn("care_months", _("Số tháng nuôi dưỡng do ngân sách chi trả")),
        ExportColumn("funding", _("Kinh phí nuôi dưỡng (đồng)")),
    ]


def _report_10c_rows(report: dict) -> list[dict]:
    total = report["total"] | {"facility__name": _("Tổng cộng"), "kind_label": ""}
    return [*report["rows"], total]


def _report_name(code: str, period: Period) -> str:
    return f"bao-cao-{code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"


def report_10c_xlsx(request: HttpRequest, period: Period) -> HttpResponse:
    report = report_10c(actor=request.user, period=period)
    return export_response(
        _report_10c_rows(report),
        report_10c_columns(),
        fmt="xlsx",
        filename=_report_name("10c", period),
        request=request,
        object_type="allowances.report_10c",
        detail=str(period),
    )


def report_10c_pdf_bytes(report: dict, period: Period, *, issuer: str) -> bytes:
    """Mẫu 10c laid out for signature (A4 landscape, Decree 30/2020 heading)."""
    import weasyprint

    money = [{**row, "funding_text": _money(row["funding"])} for row in report["rows"]]
    html = render_to_string(
        "allowances/report_10c_pdf.html",
        {
            "rows": money,
            "total": report["total"] | {"funding_text": _money(report["total"]["funding"])},
            "period": period,
            "first_month": report["first_month"],
            "last_month": report["last_month"],
            "issuer": issuer,
            "font_faces": _font_faces(),
            "today": timezone.localdate(),
        },
    )
    return weasyprint.HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def _issuer(user) -> str:
    """Who the report is from: the commune's People's Committee or the department."""
    if user.is_commune_level and user.area_id:
        return _("UBND %(commune)s") % {"commune": user.area.name}
    return settings.PORTAL_DEPARTMENT_NAME


def report_10c_pdf(request: HttpRequest, period: Period) -> HttpResponse:
    if not pdf_available():
        return HttpResponse(
            _("Chưa thể xuất PDF: máy chủ chưa cài weasyprint (và Pango). Hãy dùng bản Excel."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    report = report_10c(actor=request.user, period=period)
    content = report_10c_pdf_bytes(report, period, issuer=_issuer(request.user))
    log_export(
        user=request.user,
        object_type="allowances.report_10c",
        row_count=len(report["rows"]),
        request=request,
        detail=f"{period}; pdf",
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_report_name("10c", period)}.pdf"'
    return response


# --- On the worker (socialwork.spreadsheets.exporting) ---------------------------------
# Every PDF, and a payment list of more than EXPORT_SYNC_MAX_ROWS people, is
# built as a job; report 10a/10c spreadsheets stay in the request (one row per
# group or facility: bounded, and the report page computes the same figures).


def _payment_list_build(job, actor, progress) -> Built:

    scope_for(Payment.objects.none(), actor)  # leadership: aggregates only
    payment_list = selectors.payment_list_get(actor=actor, list_id=job.params["list_id"])
    name = f"chi-tra-{payment_list.commune.code}-{payment_list.month:%Y-%m}.{job.fmt}"
    progress.set_total(payment_list.payments.count())
    if job.fmt == "pdf":
        if not pdf_available():
            raise ValidationError(PDF_MISSING())
        content, people = payment_list_pdf_bytes(payment_list)
        return Built(content=content, filename=name, row_count=people)
    content = write_table(
        _payment_rows(payment_list), payment_columns(), fmt=job.fmt, progress=progress
    )
    return Built(content=content, filename=name, row_count=progress.done)


def _report_10c_build(job, actor, progress) -> Built:
    if not pdf_available():
        raise ValidationError(PDF_MISSING())
    period = report_period(job.params["year"], job.params.get("half"))
    report = report_10c(actor=actor, period=period)
    content = report_10c_pdf_bytes(report, period, issuer=_issuer(actor))
    return Built(
        content=content,
        filename=f"{_report_name('10c', period)}.pdf",
        row_count=len(report["rows"]),
    )


def PDF_MISSING() -> str:  # noqa: N802 (a message, translated when asked)
    return _("Chưa thể xuất PDF: máy chủ chưa cài weasyprint (và Pango). Hãy dùng bản Excel.")


register_export(
    ExportKind(
        key="allowances.payment_list",
        object_type="allowances.Payment",
        build=_payment_list_build,
        detail=lambda job: f"list {job.params['list_id']}; {job.fmt}",
    )
)
register_export(
    ExportKind(
        key="allowances.report_10c",
        object_type="allowances.report_10c",
        build=_report_10c_build,
        detail=lambda job: f"{report_period(job.params['year'], job.params.get('half'))}; pdf",
    )
)
