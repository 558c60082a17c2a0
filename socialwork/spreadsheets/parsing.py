"""Cheap per-cell parsing for importers: dates typed dd/mm/yyyy (the project's
input formats), Vietnamese numbers ("1.234.567", "2,5"), and text.

Each parser takes the cell text and returns the value, or raises
`CellError(message)`; `Importer.normalise` turns that into a row error for
the cell's column. Values must be JSON-friendly (dates become ISO text in the
staging table; `Importer.commit` reads them back with date.fromisoformat).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext as _


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user."""


def parse_text(text: str) -> str:
    return " ".join(text.split())


def parse_date(text: str) -> str:
    """dd/mm/yyyy (day first, always) → ISO date text."""
    text = text.strip()
    # The project's formats, read in Vietnamese whatever the active language.
    for fmt in formats.get_format("DATE_INPUT_FORMATS", lang="vi"):
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()  # noqa: DTZ007
        except ValueError:
            continue
    raise CellError(_("Ngày không hợp lệ: “%(value)s” (cần dạng dd/mm/yyyy).") % {"value": text})


_VN_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_COMMA_DECIMAL = re.compile(r"^-?\d+(,\d+)?$")
_DOT_DECIMAL = re.compile(r"^-?\d+(\.\d+)?$")


def parse_decimal(text: str) -> Decimal:
    """A number as Vietnamese write it (dots between thousands, a decimal
    comma), or as Excel stores it (a decimal point)."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if _VN_GROUPED.match(raw):
        raw = raw.replace(".", "").replace(",", ".")
    elif _COMMA_DECIMAL.match(raw):
        raw = raw.replace(",", ".")
    elif not _DOT_DECIMAL.match(raw):
        raise CellError(_("Không phải số: “%(value)s”.") % {"value": text})
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise CellError(_("Không phải số: “%(value)s”.") % {"value": text}) from exc


def parse_int(text: str) -> int:
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise CellError(_("Cần một số nguyên: “%(value)s”.") % {"value": text})
    return int(value)
