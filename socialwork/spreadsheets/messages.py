"""The messages of an import's rows, stored untranslated and translated when shown.

A row's error or warning is stored as {"column", "msgid", "params", "message"}:
the Vietnamese msgid (marked with gettext_noop so it is extracted) and its
parameters, translated into the reader's language by `shown()`; "message" keeps
the Vietnamese text for whatever reads the row raw. Rows stored before the
msgid existed have only "message": `shown()` looks that text up in the
catalogue (messages without parameters translate) and otherwise shows it as
stored. A parameter may itself be a message ({"msgid": "nữ"}, with "params" of its
own if it has any), translated too.
The flags written in SQL (socialwork.spreadsheets.sql) use "{rows}"-style
placeholders, filled the same way.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext


def _param(value: Any, translate) -> Any:
    if isinstance(value, dict) and "msgid" in value:
        return render(value["msgid"], value.get("params"), translate=translate)
    return value


def render(msgid: str, params: dict | None, *, translate=lambda text: text) -> str:
    """The text of `msgid` with its parameters, through `translate` (identity:
    the Vietnamese source)."""
    text = translate(msgid)
    if not params:
        return text
    values = {key: _param(value, translate) for key, value in params.items()}
    if "%(" in text:
        text = text % values
    for key, value in values.items():
        text = text.replace("{" + key + "}", str(value))
    return text


def _stored(value: Any) -> Any:
    # A lazy label (a choice's name): its msgid, the text of the Vietnamese source
    # (validation runs in Vietnamese), translated again when shown.
    if isinstance(value, Promise):
        return {"msgid": str(value)}
    return value


def row_message(column: str, msgid: str, code: str = "", **params: Any) -> dict[str, Any]:
    """One stored row message: `msgid` untranslated (wrap it in gettext_noop)."""
    params = {key: _stored(value) for key, value in params.items()}
    entry: dict[str, Any] = {
        "column": column,
        "msgid": msgid,
        "params": params,
        "message": render(msgid, params),
    }
    if code:
        entry["code"] = code
    return entry


def shown(entry: dict[str, Any]) -> str:
    """The message in the active language."""
    msgid = entry.get("msgid")
    if not msgid:
        stored = entry.get("message", "")
        return gettext(stored) if stored else ""
    try:
        return render(msgid, entry.get("params"), translate=gettext)
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        return entry.get("message") or msgid
