"""Cheap per-cell parsing for importers: dates typed dd/mm/yyyy (the project's
input formats), Vietnamese numbers ("1.234.567", "2,5"), and text.

Each parser takes the cell text and returns the value, or raises
`CellError(message)`; `Importer.normalise` turns that into a row error for
the cell's column. Values must be JSON-friendly (dates become ISO text in the
staging table; `Importer.commit` reads them back with date.fromisoformat).
"""

from __future__ import annotations

import calendar
import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import formats
from django.utils.translation import gettext_noop as N_

from .messages import render


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user. Raise it with
    the untranslated msgid (gettext_noop) and its parameters, so the row keeps
    them and each reader sees it in their language (spreadsheets.messages)."""

    def __init__(self, msgid: str, **params) -> None:
        self.msgid, self.params = msgid, params
        super().__init__(render(msgid, params))


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
    _impossible_date(text)
    raise CellError(N_("Ngày không hợp lệ: “%(value)s” (cần dạng dd/mm/yyyy)."), value=text)


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


def _impossible_date(text: str) -> None:
    """The format is right but the calendar has no such day: say which part
    is wrong, not the format the user already followed."""
    match = _DAY_FIRST.match(text)
    if not match:
        return
    day, month, year = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise CellError(
            N_("Tháng %(month)s không có (tháng từ 1 đến 12): “%(value)s”."),
            month=month,
            value=text,
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise CellError(
            N_(
                "Ngày %(day)02d/%(month)02d không có: tháng %(month)s năm %(year)s "
                "chỉ có %(last)s ngày (“%(value)s”)."
            ),
            day=day,
            month=month,
            year=year,
            last=last,
            value=text,
        )


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
        raise CellError(N_("Không phải số: “%(value)s”."), value=text)
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise CellError(N_("Không phải số: “%(value)s”."), value=text) from exc


def parse_int(text: str) -> int:
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise CellError(N_("Cần một số nguyên: “%(value)s”."), value=text)
    return int(value)
