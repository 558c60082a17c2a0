"""The annual report the department sends to the ministry: every indicator of
the catalogue with its 2025 and 2030 targets and status, then the commune
breakdown (small counts suppressed as on the dashboard), as Excel and PDF.

Built from the snapshots only (selectors), never from the register. Text
cells are always string cells, so nothing in the workbook is a formula.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.areas.models import AdministrativeUnit
from socialwork.numbers import grouped

from . import catalogue, selectors
from .periods import Period, parse_period
from .suppression import RULE as SUPPRESSION_RULE

# The mark of a hidden cell: the same for every hidden cell, small or not
# ("<5" would be false of a secondary cell and would narrow it).
HIDDEN = "x"
FONT_DIR = settings.BASE_DIR / "static" / "fonts"


@dataclass
class IndicatorLine:
    code: str
    name: str
    unit: str
    numerator: int | None
    denominator: int | None
    value: str
    target_2025: Decimal | None
    target_2030: Decimal | None
    status: str
    source: str


@dataclass
class CommuneLine:
    code: str
    commune: str
    numerator: int | str | None
    denominator: int | str | None
    value: str


@dataclass
class AnnualReport:
    department: str
    province: str
    title: str
    period: Period
    generated_at: object
    computed_at: object
    indicators: list[IndicatorLine] = field(default_factory=list)
    communes: list[CommuneLine] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return len(self.indicators) + len(self.communes)


def _unit_label(indicator: catalogue.Indicator) -> str:
    return {
        catalogue.PERCENT: "%",
        catalogue.GROWTH: _("% tăng"),
        catalogue.COUNT: _("người/lượt"),
    }[indicator.unit]


def annual_report(*, actor, unit: AdministrativeUnit, period: Period) -> AnnualReport:
    """The report's content for the province and `period` (a fixed number of
    queries per indicator)."""
    require(actor, "indicators.export")
    cards = selectors.cards_for(actor=actor, unit=unit, period=period)
    last = selectors.last_done_run(actor=actor)
    report = AnnualReport(
        department=settings.PORTAL_DEPARTMENT_NAME,
        province=unit.name,
        title=_("Báo cáo kết quả thực hiện chỉ tiêu phát triển nghề công tác xã hội"),
        period=period,
        generated_at=timezone.localtime(),
        computed_at=timezone.localtime(last.finished_at) if last and last.finished_at else None,
    )
    for card in cards:
        indicator = card.indicator
        value = card.value
        if not indicator.computable:
            status = _("Chưa có dữ liệu")
        elif card.assessment and card.assessment.status:
            # Every status with its rule; a period in progress is provisional.
            status = card.assessment.rule_text
            if card.in_progress:
                status = _("%(status)s (tạm tính, kỳ đang diễn ra)") % {"status": status}
        elif card.value and card.target_unconfirmed:
            status = _("Mục tiêu chưa được xác nhận: không đánh giá")
        else:
            status = ""
        report.indicators.append(
            IndicatorLine(
                code=indicator.code,
                name=str(indicator.name),
                unit=_unit_label(indicator),
                numerator=value.numerator if value else None,
                denominator=value.denominator if value else None,
                value=card.display,
                target_2025=card.target_2025,
                target_2030=card.target_2030,
                status=status,
                source=value.get_source_display() if value and value.denominator else "",
            )
        )
        if not indicator.computable:
            continue
        for cell in selectors.commune_breakdown(
            actor=actor, indicator=indicator, period=period, sort="name"
        ):
            report.communes.append(
                CommuneLine(
                    code=indicator.code,
                    commune=cell.unit.name,
                    numerator=HIDDEN if cell.numerator_hidden else cell.value.numerator,
                    denominator=HIDDEN if cell.denominator_hidden else cell.value.denominator,
                    value=HIDDEN
                    if cell.value_hidden
                    else selectors.format_value(indicator, cell.value.value),
                )
            )
    return report


def _headers() -> tuple[list[str], list[str]]:
    indicator_head = [
        _("Mã"),
        _("Chỉ tiêu"),
        _("Đơn vị"),
        _("Tử số"),
        _("Mẫu số"),
        _("Kết quả"),
        _("Mục tiêu 2025"),
        _("Mục tiêu 2030"),
        _("Đánh giá"),
        _("Nguồn mẫu số"),
    ]
    commune_head = [_("Mã"), _("Xã/phường"), _("Tử số"), _("Mẫu số"), _("Kết quả")]
    return indicator_head, commune_head


def _indicator_row(line: IndicatorLine) -> list:
    return [
        line.code,
        line.name,
        line.unit,
        line.numerator,
        line.denominator,
        line.value,
        line.target_2025,
        line.target_2030,
        line.status,
        line.source,
    ]


def _commune_row(line: CommuneLine) -> list:
    return [line.code, line.commune, line.numerator, line.denominator, line.value]


def _heading_lines(report: AnnualReport) -> list[str]:
    lines = [
        report.department,
        report.title,
        _("Tỉnh/thành phố: %(province)s · Kỳ báo cáo: %(period)s (%(start)s – %(end)s)")
        % {
            "province": report.province,
            "period": report.period.label,
            "start": report.period.start.strftime("%d/%m/%Y"),
            "end": report.period.end.strftime("%d/%m/%Y"),
        },
    ]
    if report.computed_at:
        lines.append(
            _("Số liệu tính lúc %(at)s") % {"at": report.computed_at.strftime("%H:%M %d/%m/%Y")}
        )
    return lines


def write_xlsx(report: AnnualReport) -> bytes:
    """Two sheets (indicators; communes), each under the report's heading."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    bold = Font(bold=True)
    indicator_head, commune_head = _headers()

    def put(sheet, row: int, values: list, *, header: bool = False) -> None:
        for column, value in enumerate(values, start=1):
            if isinstance(value, bool):
                value = int(value)
            cell = sheet.cell(row=row, column=column)
            if value is None or isinstance(value, int | float | Decimal):
                cell.value = value
            else:
                cell.value = str(value)
                # openpyxl would take "=…" for a formula: force a string cell.
                cell.data_type = "s"
            if header:
                cell.font = bold
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    def heading(sheet, width: int, subtitle: str) -> int:
        lines = [*_heading_lines(report), subtitle]
        for row, text in enumerate(lines, start=1):
            put(sheet, row, [text])
            sheet.cell(row=row, column=1).font = Font(bold=row <= 2, size=13 if row == 2 else 11)
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        return len(lines) + 2

    first = workbook.active
    first.title = _("Chỉ tiêu")[:31]
    row = heading(first, len(indicator_head), _("Biểu 1. Kết quả thực hiện các chỉ tiêu"))
    put(first, row, indicator_head, header=True)
    for line in report.indicators:
        row += 1
        put(first, row, _indicator_row(line))
    first.column_dimensions["B"].width = 60
    first.column_dimensions["I"].width = 18

    second = workbook.create_sheet(_("Theo xã")[:31])
    row = heading(second, len(commune_head), _("Biểu 2. Kết quả theo xã/phường"))
    put(second, row, commune_head, header=True)
    for line in report.communes:
        row += 1
        put(second, row, _commune_row(line))
    second.column_dimensions["B"].width = 30
    row += 2
    put(second, row, [_("Ghi chú") + ": " + str(SUPPRESSION_RULE) + f' ("{HIDDEN}")'])

    buffer = io.BytesIO()
    workbook.save(buffer)
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
@page { size: A4 landscape; margin: 1.5cm 1.5cm 1.5cm 2cm;
        @bottom-right { content: counter(page) "/" counter(pages); font-size: 9pt; } }
body { font-family: 'PortalSerif', 'Times New Roman', serif; font-size: 11pt; line-height: 1.3; }
.head { display: flex; justify-content: space-between; text-align: center; }
.head div { width: 48%; } .motto b { display: block; }
.place { text-align: right; font-style: italic; }
h1 { text-align: center; font-size: 14pt; text-transform: uppercase; margin: 12pt 0 4pt; }
h2 { font-size: 12pt; margin-top: 14pt; }
.sub { text-align: center; margin: 0 0 10pt; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
th { background: #eee; } td.num { text-align: right; white-space: nowrap; }
.note { font-size: 9.5pt; font-style: italic; }
.sign { margin-left: 60%; text-align: center; margin-top: 18pt; }
"""


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}".replace(".", ",")
    if isinstance(value, int):
        return grouped(value)
    return str(value)


def to_html(report: AnnualReport) -> str:
    e = html.escape
    indicator_head, commune_head = _headers()
    numeric = {3, 4, 5, 6, 7}

    def table(head: list[str], rows: list[list], numeric_columns: set[int]) -> str:
        head_html = "".join(f"<th>{e(h)}</th>" for h in head)
        body = "".join(
            "<tr>"
            + "".join(
                f"<td class='num'>{e(_cell(v))}</td>"
                if i in numeric_columns
                else f"<td>{e(_cell(v))}</td>"
                for i, v in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
        return f"<table><thead><tr>{head_html}</tr></thead><tbody>{body}</tbody></table>"

    lines = _heading_lines(report)
    motto = _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    slogan = _("Độc lập - Tự do - Hạnh phúc")
    place = _("Ngày %(day)s tháng %(month)s năm %(year)s") % {
        "day": report.generated_at.day,
        "month": report.generated_at.month,
        "year": report.generated_at.year,
    }
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<style>{_font_face()}{CSS}</style></head><body>"
        f"<div class='head'><div><b>{e(report.department.upper())}</b></div>"
        f"<div class='motto'><b>{e(motto)}</b><b>{e(slogan)}</b></div></div>"
        f"<p class='place'>{e(place)}</p>"
        f"<h1>{e(report.title)}</h1>"
        + "".join(f"<p class='sub'>{e(line)}</p>" for line in lines[2:])
        + f"<h2>{e(_('Biểu 1. Kết quả thực hiện các chỉ tiêu'))}</h2>"
        + table(indicator_head, [_indicator_row(x) for x in report.indicators], numeric)
        + f"<h2>{e(_('Biểu 2. Kết quả theo xã/phường'))}</h2>"
        + table(commune_head, [_commune_row(x) for x in report.communes], {2, 3, 4})
        + f"<p class='note'>{e(_('Ghi chú'))}: {e(str(SUPPRESSION_RULE))} (“{e(HIDDEN)}”)</p>"
        + f"<div class='sign'><b>{e(_('THỦ TRƯỞNG ĐƠN VỊ'))}</b><br>"
        + f"<i>{e(_('(Ký, ghi rõ họ tên, đóng dấu)'))}</i></div>"
        + "</body></html>"
    )


def write_pdf(report: AnnualReport, *, compress: bool = True) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(report), base_url=str(FONT_DIR)).write_pdf(
        uncompressed_pdf=not compress
    )


# --- The PDF on the worker (socialwork.spreadsheets.exporting) ------------------------
# weasyprint lays the report out in seconds: a job. The Excel (one row per
# indicator and commune, bounded by the catalogue) stays in the request.


def _pdf_build(job, actor, progress):
    from socialwork.areas.selectors import portal_province
    from socialwork.spreadsheets.exporting import Built

    period = parse_period(job.params["period"])
    province = portal_province()
    if province is None:
        raise LookupError("the portal province is not loaded")
    content = annual_report(actor=actor, unit=province, period=period)
    return Built(
        content=write_pdf(content),
        filename=f"bao-cao-chi-tieu-ctxh-{period.key}.pdf",
        row_count=content.row_count,
    )


def _register_export() -> None:
    from socialwork.spreadsheets.exporting import ExportKind, register_export

    register_export(
        ExportKind(
            key="indicators.annual_report",
            object_type="indicators.AnnualReport",
            build=_pdf_build,
            detail=lambda job: f"pdf {job.params['period']}",
        )
    )
