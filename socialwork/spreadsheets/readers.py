"""Reading uploaded .xlsx and .csv files as rows of text cells.

`sniff(file)` says what a file is (or raises `ImportFileError` with a clear,
translated message); `read_rows(file)` yields `(row_number, [cell text, ...])`
with the sheet's own row numbers (the first row is 1), skipping blank rows.
Excel dates come back as dd/mm/yyyy text and whole numbers without ".0", so
an importer sees the same text whichever format the user chose.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

XLSX = "xlsx"
CSV = "csv"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97–2003 (.xls)


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def _head(file, size: int = 8192) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def sniff(file) -> str:
    """Return XLSX or CSV, or raise ImportFileError saying why not."""
    head = _head(file)
    name = (getattr(file, "name", "") or "").lower()
    if not head.strip(b"\xef\xbb\xbf \t\r\n"):
        raise ImportFileError(_("Tệp trống: không có dòng nào."))
    if head.startswith(_OLE_MAGIC):
        raise ImportFileError(
            _("Tệp Excel cũ (.xls) không được hỗ trợ: hãy mở tệp và lưu lại dạng .xlsx.")
        )
    if head.startswith(_ZIP_MAGIC):
        if name and not name.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(_("Tệp không phải Excel (.xlsx) hoặc CSV."))
        return XLSX
    if name.endswith((".csv", ".txt")) and b"\x00" not in head:
        return CSV
    raise ImportFileError(_("Tệp không phải Excel (.xlsx) hoặc CSV."))


def cell_text(value) -> str:
    """One cell as the text a user would type."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(str(value)))
    if isinstance(value, bool):
        return "1" if value else "0"
    return unicodedata.normalize("NFC", str(value)).strip()


def _xlsx_rows(file) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    file.seek(0)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(_("Tệp Excel bị hỏng hoặc không đọc được.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if any(cells):
                yield number, cells
    finally:
        workbook.close()


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older Vietnamese Windows software saves CSV as Windows-1258.
        text = raw.decode("cp1258", errors="replace")
    # Windows-1258 (and some Mac software) writes tone marks as combining
    # characters: compose them so "Trần" compares equal however it was typed.
    return unicodedata.normalize("NFC", text)


def _csv_rows(file) -> Iterator[tuple[int, list[str]]]:
    file.seek(0)
    text = _decode(file.read())
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for values in reader:
            cells = [v.strip() for v in values]
            if any(cells):
                yield reader.line_num, cells
    except csv.Error as exc:
        raise ImportFileError(
            _("Tệp CSV bị hỏng ở dòng %(line)s.") % {"line": reader.line_num}
        ) from exc


def read_rows(file) -> Iterator[tuple[int, list[str]]]:
    """Yield (sheet row number, cell texts) for every non-blank row."""
    kind = sniff(file)
    return _xlsx_rows(file) if kind == XLSX else _csv_rows(file)
