"""Set-based inserts for generated data: INSERT … SELECT over generate_series.

`insert_select` writes the columns the caller computes in SQL and fills every
other NOT NULL column from its Django field default, so a generator keeps
working when a model gains a field with a default.
"""

from __future__ import annotations

import contextlib

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
