"""People's names as the register stores them, whatever sent them.

Some phone keyboards send Vietnamese as decomposed characters (NFD: "e" then a
combining tone mark); a name stored that way looks the same but compares,
searches and prints differently. Every entry path (the page form, the API, the
import) stores the composed form (NFC) through `clean_name`, and refuses a
"name" with no letter in it (a zero-width space, "...", "123").
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

# Invisible characters a copy-paste or a keyboard may slip in: zero-width
# space, joiners, word joiner, byte-order mark, soft hyphen.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_name(value: str | None) -> str:
    """NFC, invisible characters dropped, runs of spaces made one."""
    text = unicodedata.normalize("NFC", value or "")
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def has_letter(value: str) -> bool:
    return any(unicodedata.category(c).startswith("L") for c in value)


def name_error(value: str | None) -> str:
    """Why a typed name cannot be a person's name ("" when it can, or is empty:
    an unidentified person may have none)."""
    if not (value or "").strip():
        return ""
    if not has_letter(clean_name(value)):
        return _("Họ tên phải có ít nhất một chữ cái.")
    return ""
