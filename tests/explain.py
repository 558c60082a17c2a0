"""Query-plan checks shared by tests and benchmarks."""

from django.db import connection, transaction


def plan(queryset_or_sql, params=None, *, seqscan: bool = False) -> str:
    """EXPLAIN a queryset (or SQL). With seqscan=False the planner is told to
    avoid sequential scans, since small test tables favour them."""
    if isinstance(queryset_or_sql, str):
        sql, params = queryset_or_sql, params or []
    else:
        sql, params = queryset_or_sql.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if not seqscan:
            cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_uses_index(queryset_or_sql, index_name: str, params=None) -> None:
    text = plan(queryset_or_sql, params)
    assert index_name in text, f"{index_name} not used:\n{text}"
