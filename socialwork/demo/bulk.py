"""Set-based inserts for generated data: INSERT … SELECT over generate_series,
and COPY for rows drawn in Python.

`insert_select` writes the columns the caller computes in SQL and fills every
other NOT NULL column from its Django field default, so a generator keeps
working when a model gains a field with a default. `copy_rows` does the same
for plain tuples built in Python (the demo seeders, which draw from one rng):
tens of thousands of rows a second, where bulk_create spends its time building
and preparing a model instance per row. `reserve_ids` hands out primary keys
first when later rows must point at these.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import re
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model
from django.utils import timezone


def _fill_value(field):
    if field.has_default():
        return field.get_db_prep_save(field.get_default(), connection)
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    if field.null:
        return None
    if field.empty_strings_allowed:
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value")


def insert_select(
    model: type[Model], columns: dict[str, str], from_sql: str, params: dict | None = None
) -> int:
    """INSERT INTO <model> (columns…, other NOT NULL columns) SELECT <exprs>, … FROM <from_sql>.

    `columns` maps column names to SQL expressions over `from_sql`; expressions
    and `from_sql` use named parameters (`%(seed)s`) given in `params`. Every
    other column gets its Django default as a parameter."""
    params = dict(params or {})
    names = list(columns)
    exprs = [columns[n] for n in names]
    for field in model._meta.concrete_fields:
        if field.column in columns or field.primary_key or getattr(field, "generated", False):
            continue
        names.append(field.column)
        exprs.append(f"%(_fill_{field.column})s")
        params[f"_fill_{field.column}"] = _fill_value(field)
    # Quoted: a column may be a keyword ("group").
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    sql = (
        f"INSERT INTO {model._meta.db_table} ({quoted}) "  # noqa: S608 (names from the model)
        f"SELECT {', '.join(exprs)} FROM {from_sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@contextlib.contextmanager
def no_insert_history(*uris: str):
    """Skip the named pghistory insert triggers ("app.Model:insert_insert") for
    the INSERT … SELECTs inside: generated rows need no "created" event each.
    pgtrigger.ignore itself prepends a positional parameter to every query,
    which psycopg refuses to mix with insert_select's named ones, so this sets
    the same transaction-local setting directly (inside transaction.atomic)."""
    from pgtrigger import registry

    ids = []
    for model, trigger in registry.registered(*uris):
        pgid = trigger.get_pgid(model)
        ids += [f"{model._meta.db_table}:{pgid}", pgid]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(ids) + "}"]
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('pgtrigger.ignore', NULL, true)")


def reserve_ids(model: type[Model], n: int) -> list[int]:
    """The next `n` values of the model's primary-key sequence, ascending: the
    ids bulk_create would have given the same rows, known before the COPY."""
    if n <= 0:
        return []
    with connection.cursor() as cursor:
        # Contiguous unless another session drew from the sequence meanwhile:
        # then (only) the values themselves come back.
        cursor.execute(
            """SELECT min(v), max(v), CASE WHEN max(v) - min(v) + 1 <> count(*)
                                           THEN array_agg(v ORDER BY v) END
                 FROM (SELECT nextval(pg_get_serial_sequence(%s, %s)) AS v
                         FROM generate_series(1, %s)) AS reserved""",
            [model._meta.db_table, model._meta.pk.column, n],
        )
        first, last, values = cursor.fetchone()
    return values if values is not None else list(range(first, last + 1))


# COPY text format: backslash escapes for the characters that delimit it.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")


def _copy_text(value) -> str:
    kind = type(value)
    if kind is int:  # the common cases first: a million values at full size
        return str(value)
    if value is None:
        return "\\N"
    if isinstance(value, str):  # also TextChoices members
        return value.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(value) else value
    if kind is bool:
        return "t" if value else "f"
    if isinstance(value, int):  # IntegerChoices members
        return str(int(value))
    if isinstance(value, datetime.date):  # and datetimes: ISO, never an escape
        if isinstance(value, datetime.datetime) and timezone.is_naive(value):
            raise ValueError("copy_rows needs aware datetimes")
        return str(value)
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    return _copy_text(str(value))  # Decimal, UUID, float, JSON


def _copy_fill(field) -> str:
    value = _fill_value(field)
    if hasattr(value, "adapted"):  # a JSONField default comes wrapped for psycopg
        value = value.adapted
    return _copy_text(value)


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """COPY `rows` (tuples in the order of `columns`, which are column names:
    "beneficiary_id", and "id" when reserved with reserve_ids) into the model's
    table. Every other column gets its Django default, as in insert_select.
    Row triggers fire as for INSERT: wrap in no_insert_history or
    row_triggers_skipped to skip them. Returns the number of rows."""
    names = list(columns)
    fill = []
    for field in model._meta.concrete_fields:
        if field.column in columns or field.primary_key or getattr(field, "generated", False):
            continue
        if field.has_db_default():
            continue  # the database fills it
        names.append(field.column)
        fill.append(_copy_fill(field))
    tail = "".join("\t" + text for text in fill) + "\n"
    buffer = io.StringIO()
    count = 0
    text = _copy_text
    for row in rows:
        buffer.write("\t".join([text(v) for v in row]))
        buffer.write(tail)
        count += 1
    buffer.seek(0)
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    with connection.cursor() as cursor:
        # The psycopg2 cursor itself: Django's wrapper has no copy_expert.
        cursor.cursor.copy_expert(f"COPY {model._meta.db_table} ({quoted}) FROM STDIN", buffer)
    return count


@contextlib.contextmanager
def row_triggers_skipped():
    """Skip every row trigger (the per-row foreign-key checks, queued to the
    commit, and the history triggers) for rows consistent by construction:
    generated rows reference only rows made before them. Possible only for a
    superuser (the embedded database, CI): elsewhere nothing is skipped and the
    run is just slower. The previous mode comes back after (these nest, and a
    test goes on in the same transaction); a rollback restores it by itself.

    Besides the checks themselves, a long queue of deferred checks makes every
    later PL/pgSQL exception block (pgtrigger's and pghistory's, once per row)
    slow: PostgreSQL walks the whole queue at each subtransaction's end."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('is_superuser') = 'on', "
            "current_setting('session_replication_role')"
        )
        allowed, previous = cursor.fetchone()
        if allowed:
            cursor.execute("SET LOCAL session_replication_role = replica")
    yield
    if allowed:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('session_replication_role', %s, true)", [previous])


@contextlib.contextmanager
def indexes_built_after(tables: Sequence[str]):
    """Building an index once over sorted rows is several times faster than
    updating it row by row, and these tables have up to a dozen. Indexes that
    back a constraint (primary keys, unique and exclusion constraints) stay:
    generators may rely on them. Rebuilt only when the block succeeds (a
    rollback brings the dropped ones back by itself)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                 FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                WHERE t.relname = ANY(%s)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [list(tables)],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)
