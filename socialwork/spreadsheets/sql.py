"""Set-based checks over the staging table, for `Importer.validate(job)`.

Every helper appends one error {column, message} to each matching row and
marks it invalid with a single UPDATE … FROM; none loops over rows in Python.
Keys are the importer's column keys, compared on the normalised values, so
normalise what must compare equal (digits only, upper-case codes…) in the
column's `parse`.

- `flag_duplicates(job, key=, column=, message=)`: rows of the file that share a
  value; `{rows}` in the message becomes the row numbers sharing it.
- `flag_existing(job, key=, queryset=, field=, column=, message=)`: rows whose
  value is already in the register (`queryset`, e.g. Beneficiary.objects.all(),
  compared on `field`).
- `flag_unknown(job, key=, queryset=, field=, column=, message=)`: rows whose
  (non-empty) value is not among `queryset`'s `field` (unknown codes).
- `flag_rows(job, select_sql=, params=, column=, message=)`: anything else. The
  SELECT returns the staging row ids to flag (first column) and optionally a
  detail text (second column) that replaces `{detail}` in the message. Refer to
  the staging table as `{staging}`; filter on `job_id = %s` yourself.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from .models import ImportRow

STAGING = ImportRow._meta.db_table


def flag_rows(
    job, *, select_sql: str, params: list, column: str, message: str, placeholder: str = "detail"
) -> int:
    """Flag the rows the SELECT returns; returns how many were flagged. The
    message is stored as its untranslated msgid (pass gettext_noop's) with the
    detail as its parameter, translated when shown (spreadsheets.messages)."""
    select_sql = select_sql.replace("{staging}", connection.ops.quote_name(STAGING))
    marker = "{" + placeholder + "}"
    has_detail = marker in message
    detail = "f.detail" if has_detail else "''"
    alias = "f(id, detail)" if has_detail else "f(id)"
    # The message is a parameter; only its placeholder is substituted in SQL.
    statement = f"""
        UPDATE {connection.ops.quote_name(STAGING)} AS r
        SET errors = r.errors || jsonb_build_array(jsonb_build_object(
                'column', %s::text,
                'msgid', %s::text,
                'params', CASE WHEN %s THEN jsonb_build_object(%s::text, coalesce({detail}, ''))
                               ELSE '{{}}'::jsonb END,
                'message', replace(%s::text, %s::text, coalesce({detail}, '')))),
            status = 'invalid'
        FROM ({select_sql}) AS {alias}
        WHERE r.id = f.id AND r.job_id = %s
    """  # noqa: S608 (identifiers from model metadata; values are parameters)
    text = str(message)
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [column, text, has_detail, placeholder, text, marker, *params, job.pk],
        )
        return cursor.rowcount


def flag_duplicates(job, *, key: str, column: str, message: str) -> int:
    """Rows of one file that share the value of `key` (blank values never clash)."""
    select_sql = """
        SELECT id, array_to_string(array_remove(rows, row_number), ', ')
        FROM (
            SELECT id, row_number,
                   array_agg(row_number) OVER (PARTITION BY normalised ->> %s) AS rows
            FROM {staging}
            WHERE job_id = %s AND coalesce(normalised ->> %s, '') <> ''
        ) d
        WHERE cardinality(rows) > 1
    """
    return flag_rows(
        job,
        select_sql=select_sql,
        params=[key, job.pk, key],
        column=column,
        message=message,
        placeholder="rows",
    )


def _subquery(queryset: QuerySet, field: str) -> tuple[str, tuple, str]:
    model_field = queryset.model._meta.get_field(field)
    sql, params = queryset.values(field).query.sql_with_params()
    return sql, params, model_field.db_type(connection)


def flag_existing(
    job, *, key: str, queryset: QuerySet, field: str, column: str, message: str
) -> int:
    """Rows whose value of `key` already exists as `field` in `queryset`."""
    sub, sub_params, db_type = _subquery(queryset, field)
    select_sql = f"""
        SELECT r.id FROM {{staging}} r
        WHERE r.job_id = %s AND coalesce(r.normalised ->> %s, '') <> ''
          AND EXISTS (SELECT 1 FROM ({sub}) AS s(v)
                      WHERE s.v = CAST(r.normalised ->> %s AS {db_type}))
    """  # noqa: S608 (the subquery is compiled by the ORM; values are parameters)
    return flag_rows(
        job,
        select_sql=select_sql,
        params=[job.pk, key, *sub_params, key],
        column=column,
        message=message,
    )


def flag_unknown(
    job, *, key: str, queryset: QuerySet, field: str, column: str, message: str
) -> int:
    """Rows whose non-blank value of `key` is not among `queryset`'s `field`."""
    sub, sub_params, db_type = _subquery(queryset, field)
    select_sql = f"""
        SELECT r.id FROM {{staging}} r
        WHERE r.job_id = %s AND coalesce(r.normalised ->> %s, '') <> ''
          AND NOT EXISTS (SELECT 1 FROM ({sub}) AS s(v)
                          WHERE s.v = CAST(r.normalised ->> %s AS {db_type}))
    """  # noqa: S608 (the subquery is compiled by the ORM; values are parameters)
    return flag_rows(
        job,
        select_sql=select_sql,
        params=[job.pk, key, *sub_params, key],
        column=column,
        message=message,
    )
