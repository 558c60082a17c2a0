"""Vietnamese mobile numbers, kept in one form: 0 followed by nine digits."""

import re

# Mobile prefixes since the 2018 renumbering: 03x, 05x, 07x, 08x, 09x.
_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])\d{7}$")


def normalize_phone(value: str | None) -> str | None:
    """'+84 912 345 678', '84912345678' and '0912.345.678' all give '0912345678';
    anything that is not a Vietnamese mobile number gives None."""
    if not value:
        return None
    digits = re.sub(r"[\s.\-()]", "", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if _MOBILE.match(digits) else None
