"""The 12-digit personal ID number (số định danh cá nhân / CCCD), DOMAIN §8.4.

Digits 1–3: the pre-2025 code of the province where the birth was
registered (or a country code); digit 4: century and sex (0/1 = 1900s
male/female, 2/3 = 2000s, …); digits 5–6: the last two digits of the birth
year; 7–12: random. A malformed number is an error; a number that disagrees
with the birth year or sex is only a warning, since dates of birth are often
typed wrong and the card is the better witness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from socialwork.spreadsheets.messages import render

# The 63 pre-2025 province codes; the 34 current codes are a subset.
OLD_PROVINCE_CODES = frozenset(
    {
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34,
        35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67,
        68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    }
)  # fmt: skip

_DIGITS = re.compile(r"[0-9]{12}")
_OLD_ID = re.compile(r"[0-9]{9}")


@dataclass(frozen=True)
class CccdInfo:
    province_code: int
    birth_year: int
    female: bool


def normalise(value: str | None) -> str:
    """Spaces and dots typed between digit groups are dropped."""
    return re.sub(r"[\s.\-]", "", value or "")


def parse(value: str) -> CccdInfo:
    """The facts the number carries; ValidationError if it is malformed."""
    if not _DIGITS.fullmatch(value):
        raise ValidationError(
            _("Số CCCD phải gồm đúng 12 chữ số (đang có %(n)s ký tự).") % {"n": len(value)},
            code="cccd_format",
        )
    gender_century = int(value[3])
    return CccdInfo(
        province_code=int(value[:3]),
        birth_year=1900 + 100 * (gender_century // 2) + int(value[4:6]),
        female=gender_century % 2 == 1,
    )


def validate_cccd(value: str) -> None:
    """Model/form validator: the hard rule (12 digits)."""
    parse(value)


def validate_old_id(value: str) -> None:
    if not _OLD_ID.fullmatch(value):
        raise ValidationError(_("Số CMND cũ phải gồm đúng 9 chữ số."), code="old_id_format")


def warning_entries(
    value: str, *, birth_year: int | None, sex: str | None
) -> list[tuple[str, dict]]:
    """Soft checks: what the number says against what was typed, as untranslated
    (msgid, params): an import stores them and translates them when shown."""
    try:
        info = parse(value)
    except ValidationError:
        return []
    found: list[tuple[str, dict]] = []
    if info.province_code not in OLD_PROVINCE_CODES:
        found.append(
            (
                N_("Ba số đầu của CCCD (%(code)03d) không phải mã tỉnh nơi đăng ký khai sinh."),
                {"code": info.province_code},
            )
        )
    if birth_year is not None and info.birth_year != birth_year:
        found.append(
            (
                N_("Số CCCD cho năm sinh %(cccd)s, khác năm sinh đã nhập (%(typed)s)."),
                {"cccd": info.birth_year, "typed": birth_year},
            )
        )
    if sex in ("male", "female") and info.female != (sex == "female"):
        found.append(
            (
                N_("Số CCCD cho giới tính %(cccd)s, khác giới tính đã nhập."),
                {"cccd": {"msgid": N_("nữ") if info.female else N_("nam")}},
            )
        )
    return found


def warnings_for(value: str, *, birth_year: int | None, sex: str | None) -> list[str]:
    """The soft checks in the active language (the person page and the API)."""
    return [
        render(msgid, params, translate=_)
        for msgid, params in warning_entries(value, birth_year=birth_year, sex=sex)
    ]
