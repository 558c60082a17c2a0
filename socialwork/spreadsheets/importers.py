"""The importer framework: one `Importer` subclass per kind of data.

Declare the columns, register the class, and the generic pages and tasks do
the rest (upload, staging, progress, per-row errors, commit)::

    from socialwork.spreadsheets.importers import Column, Importer, register
    from socialwork.spreadsheets import parsing, sql

    @register
    class BeneficiaryImporter(Importer):
        kind = "beneficiaries"                 # URL: /imports/beneficiaries/upload/
        label = _("Đối tượng bảo trợ xã hội")
        columns = [
            Column("full_name", "Họ và tên", aliases=("Họ tên",), required=True),
            Column("birth_date", "Ngày sinh", parse=parsing.parse_date),
            Column("cccd", "Số CCCD", aliases=("CCCD", "Số định danh")),
        ]

        def clean_row(self, values, errors): ...   # optional cross-cell checks
        def validate(self, job): ...               # set-based SQL, see sql.py
        def commit(self, job, actor) -> int: ...   # insert valid rows, return count

- Headers match accent-, case- and space-insensitively ("HO VA TEN" = "Họ và tên").
- `normalise(cells)` runs per row in Python: each column's `parse` turns text
  into a JSON-friendly value or raises `parsing.CellError`; a blank optional
  cell becomes None; a blank required one is an error. Keep it cheap.
- `validate(job)` runs once after staging, inside one transaction: use the
  helpers in `socialwork.spreadsheets.sql` (duplicates in the file, rows that
  already exist in a register, unknown codes, or any SELECT of row ids) — they
  flag rows with UPDATE … FROM, never a Python loop over rows.
- `commit(job, actor)` runs inside the one transaction of `import_job_commit`:
  read `job.rows.filter(status="valid")` (or INSERT … SELECT from the staging
  table) and write the register through your app's services/bulk inserts.
  Return how many records were written. Raising rolls everything back.
- `can_upload(user)` says who may start an import of this kind (default:
  department staff and administrators).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import connection, models
from django.utils.translation import gettext_noop as N_

from socialwork.accounts.capabilities import can
from socialwork.numbers import grouped
from socialwork.search import search_key

from .messages import row_message
from .parsing import CellError, parse_text


@dataclass(frozen=True)
class Column:
    key: str  # key in ImportRow.data / .normalised
    header: str  # the Vietnamese header users type (also used in error messages)
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Callable[[str], Any] = parse_text

    def matches(self) -> set[str]:
        return {search_key(h) for h in (self.header, *self.aliases)}


class Importer:
    kind: ClassVar[str]
    label: ClassVar[str]
    columns: ClassVar[list[Column]]
    # Where the cells are stored, so their limits come from the model (one
    # validation truth): a column whose key names a field of `model`, or the
    # (model, field) named in `stored_in`.
    model: ClassVar[type | None] = None
    stored_in: ClassVar[dict[str, tuple[type, str]]] = {}

    @classmethod
    def stored_field(cls, column: Column):
        """The model field the column is stored in, or None (a lookup, a relation)."""
        model, name = cls.stored_in.get(column.key, (cls.model, column.key))
        if model is None:
            return None
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001 (a column kept in no field of its own)
            return None
        return None if field.is_relation else field

    @classmethod
    def max_length(cls, column: Column) -> int | None:
        """The model field's max_length for a column stored as typed (parse_text),
        or None: a parsed column (dates, codes, CCCD) is checked by its parser."""
        if column.parse is not parse_text:
            return None
        field = cls.stored_field(column)
        return getattr(field, "max_length", None) if field is not None else None

    def parse_cell(self, column: Column, text: str) -> Any:
        """The column's parse, then the database's range: a number it cannot
        hold is a row error (CellError), never a failed commit."""
        value = column.parse(text)
        field = self.stored_field(column)
        if (
            isinstance(field, models.IntegerField)
            and isinstance(value, int)
            and not isinstance(value, bool)
        ):
            low, high = connection.ops.integer_field_range(field.get_internal_type())
            if (low is not None and value < low) or (high is not None and value > high):
                raise CellError(
                    N_("Số “%(value)s” vượt giới hạn (từ %(low)s đến %(high)s)."),
                    value=grouped(value),
                    low=grouped(low),
                    high=grouped(high),
                )
        return value

    # --- who ----------------------------------------------------------------
    # The capability (socialwork.accounts.capabilities) an upload of this kind needs.
    capability: ClassVar[str] = "import.upload"

    def can_upload(self, user) -> bool:
        return can(user, self.capability)

    # --- headers --------------------------------------------------------------
    def map_headers(self, headers: list[str]) -> tuple[dict[str, int], list[Column]]:
        """Column key → cell index, and the required columns that are missing."""
        found: dict[str, int] = {}
        keyed = [search_key(h) for h in headers]
        for column in self.columns:
            names = column.matches()
            for index, key in enumerate(keyed):
                if key in names:
                    found[column.key] = index
                    break
        missing = [c for c in self.columns if c.required and c.key not in found]
        return found, missing

    # --- one row ----------------------------------------------------------------
    def normalise(self, cells: dict[str, str]) -> tuple[dict[str, Any], list[dict[str, str]]]:
        """Parse one row's cells; returns (values, errors as {column, message})."""
        values: dict[str, Any] = {}
        errors: list[dict[str, str]] = []
        for column in self.columns:
            text = cells.get(column.key, "")
            if not text:
                values[column.key] = None
                if column.required:
                    errors.append(row_message(column.header, N_("Bắt buộc nhập.")))
                continue
            limit = self.max_length(column)
            if limit is not None and len(text) > limit:
                values[column.key] = None
                errors.append(
                    row_message(
                        column.header,
                        N_("Dài quá %(limit)s ký tự (đang có %(length)s)."),
                        limit=limit,
                        length=len(text),
                    )
                )
                continue
            try:
                values[column.key] = self.parse_cell(column, text)
            except CellError as exc:
                values[column.key] = None
                errors.append(row_message(column.header, exc.msgid, **exc.params))
        self.clean_row(values, errors)
        return values, errors

    def clean_row(self, values: dict[str, Any], errors: list[dict[str, str]]) -> None:
        """Optional checks across the cells of one row; append to errors."""

    def row_warnings(self, values: dict[str, Any]) -> list[dict[str, str]]:
        """Soft checks of one parsed row ({column, message}): shown on the job
        page and in the file of rows to check, but the row is still imported."""
        return []

    # --- the template users download ------------------------------------------------
    # One example row, column key → the text a user would type.
    example: ClassVar[dict[str, str]] = {}

    def code_lists(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The code lists printed on the template's second sheet:
        [(title, [(code or value to type, meaning), ...]), ...]."""
        return []

    # --- the whole file ------------------------------------------------------------
    def validate(self, job) -> None:
        """Set-based checks over the staging table (see sql.py)."""

    def commit(self, job, actor) -> int:
        raise NotImplementedError

    def row_actions(self, job) -> list[tuple[str, str]]:
        """(label, url) links shown on a validated job, e.g. a page to pick the
        new commune for rows whose old commune was split."""
        return []

    def next_steps(self, job) -> list[tuple[str, str]]:
        """(label, url) links shown on the job page once the import is done,
        e.g. the logins it created, to print."""
        return []

    def header_of(self, key: str) -> str:
        return next(c.header for c in self.columns if c.key == key)


_REGISTRY: dict[str, type[Importer]] = {}


def register(cls: type[Importer]) -> type[Importer]:
    """Class decorator: make an importer available under `cls.kind`."""
    existing = _REGISTRY.get(cls.kind)
    if existing is not None and existing.__qualname__ != cls.__qualname__:
        raise ValueError(f"Importer kind {cls.kind!r} is already registered")
    _REGISTRY[cls.kind] = cls
    return cls


def get_importer(kind: str) -> Importer:
    """The importer for `kind`; LookupError when there is none."""
    try:
        return _REGISTRY[kind]()
    except KeyError:
        raise LookupError(kind) from None


def registered_kinds() -> list[str]:
    return sorted(_REGISTRY)
