"""Exports to .xlsx and .csv that a spreadsheet cannot turn into formulas.

    from socialwork.spreadsheets.exports import ExportColumn, export_response

    columns = [ExportColumn("full_name", _("Họ và tên")),
               ExportColumn("birth_date", _("Ngày sinh"))]
    rows = queryset.values("full_name", "birth_date").iterator()  # dicts, or tuples
    return export_response(rows, columns, fmt="xlsx", filename="doi-tuong",
                           request=request, object_type="cases.Beneficiary")

- `write_xlsx(rows, columns) -> bytes`: write-only workbook (streams rows). Text
  is always a string cell (data_type "s"), so "=1+1", "+84…" and "@x" stay text
  exactly as typed; ints/Decimals are numbers; dates are date cells shown
  dd/mm/yyyy.
- `write_csv(rows, columns) -> bytes`: UTF-8 with BOM (Excel then reads the
  accents), dates dd/mm/yyyy; a text cell starting with = + - @ tab or CR gets
  a leading ' so Excel shows it as text.
- `export_response(...)` returns the download and writes the AccessLog entry
  (`log_export`: action=export, who, what, how many rows). Use it for every
  export of personal data.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from socialwork.accounts.models import AccessLog
from socialwork.accounts.services import log_access

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportColumn:
    key: str
    header: str


def _values(row: Mapping | Sequence, columns: Sequence[ExportColumn]) -> list[Any]:
    if isinstance(row, Mapping):
        return [row.get(c.key) for c in columns]
    return list(row)


class _Counter:
    """Counts rows as they stream past (for the access log)."""

    def __init__(self, rows: Iterable) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def write_xlsx(rows: Iterable, columns: Sequence[ExportColumn], *, sheet_title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(sheet_title or "Sheet1")[:31])
    bold = Font(bold=True)

    def cell(value: Any, *, header: bool = False) -> WriteOnlyCell:
        if isinstance(value, bool):
            value = int(value)
        # Excel has no time zones: write the portal's local time.
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            value = timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, int | float | Decimal | datetime.date) or value is None:
            result = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.datetime):
                result.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, datetime.date):
                result.number_format = "DD/MM/YYYY"
            return result
        result = WriteOnlyCell(sheet, value=str(value))
        # openpyxl marks text starting with "=" as a formula: force a string cell.
        result.data_type = "s"
        if header:
            result.font = bold
        return result

    sheet.append([cell(str(c.header), header=True) for c in columns])
    for row in rows:
        sheet.append([cell(v) for v in _values(row, columns)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_csv_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | Decimal | float):
        return str(value)
    return safe_csv_text(str(value))


def write_csv(rows: Iterable, columns: Sequence[ExportColumn]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_csv_text(str(c.header)) for c in columns])
    for row in rows:
        writer.writerow([_csv_cell(v) for v in _values(row, columns)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def log_export(
    *,
    user,
    object_type: str,
    row_count: int,
    request: HttpRequest | None = None,
    detail: str = "",
) -> AccessLog:
    """Record who exported what and how many rows (no names, no filters' values)."""
    return log_access(
        request=request,
        user=user if user is not None and user.is_authenticated else None,
        action=AccessLog.Action.EXPORT,
        obj_or_type=object_type,
        row_count=row_count,
        detail=(f"{row_count} rows" + (f"; {detail}" if detail else "")),
    )


def export_response(
    rows: Iterable,
    columns: Sequence[ExportColumn],
    *,
    fmt: str,
    filename: str,
    request: HttpRequest,
    object_type: str,
    detail: str = "",
) -> HttpResponse:
    """The file as a download, logged in the AccessLog. `fmt` is "xlsx" or "csv"."""
    counted = _Counter(rows)
    if fmt == "xlsx":
        content, content_type = write_xlsx(counted, columns), XLSX_TYPE
    elif fmt == "csv":
        content, content_type = write_csv(counted, columns), CSV_TYPE
    else:
        raise ValueError(fmt)
    log_export(
        user=request.user,
        object_type=object_type,
        row_count=counted.count,
        request=request,
        detail=detail,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
