"""A date field whose errors say what is wrong with the date typed.

Django's DateField answers "31/02/1990" and "1990-13-01" and "abc" alike with
"Enter a valid date."; a collaborator typing on a phone needs to know whether
the day, the month or the layout is wrong. Dates are day first (dd/mm/yyyy),
as the portal's formats read them.
"""

from __future__ import annotations

import calendar
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_DAY_FIRST = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def date_error(text: str) -> str:
    """Why `text` is not a date ("" when it is one, or is not of a date's layout)."""
    match = _DAY_FIRST.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            return _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/09/1980.")
        year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return _("Tháng %(month)s không có: tháng chỉ từ 1 đến 12.") % {"month": month}
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        message = _("Ngày %(day)s/%(mm)s không có: tháng %(month)s năm %(year)s có %(last)s ngày.")
        return message % {"day": f"{day:02d}", "mm": f"{month:02d}", "month": month,
                          "year": year, "last": last}  # fmt: skip
    return ""


class DayFirstDateField(forms.DateField):
    """dd/mm/yyyy, with an error naming the impossible day or month. With
    `past_only`, a date after today is refused (a birth date, say)."""

    def __init__(self, *args, past_only: bool = False, future_message: str = "", **kwargs):
        kwargs.setdefault(
            "widget",
            forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
        )
        super().__init__(*args, **kwargs)
        self.past_only = past_only
        self.future_message = future_message

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            message = date_error(str(value)) or _("Nhập một ngày có thật, theo dạng dd/mm/yyyy.")
            raise ValidationError(message, code="invalid") from None

    def validate(self, value) -> None:
        super().validate(value)
        from django.utils import timezone

        if self.past_only and isinstance(value, datetime.date) and value > timezone.localdate():
            raise ValidationError(
                self.future_message or _("Ngày này còn ở tương lai."), code="future"
            )
