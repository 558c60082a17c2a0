"""Numbers as the reader's locale writes them: 1.234.567 in Vietnamese."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats


def grouped(value, *, sign: bool = False) -> str:
    """An amount in whole units (đồng, people) with the locale's thousands
    separator; `sign` writes +/− for a change."""
    whole = int(Decimal(str(value or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    text = formats.number_format(abs(whole), use_l10n=True, force_grouping=True)
    if whole < 0:
        return f"-{text}"
    return f"+{text}" if sign else text
