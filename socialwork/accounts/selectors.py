"""Reads of users (always through scope_for) and the access log's chain check."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from .filters import UserFilter
from .models import User
from .scoping import scope_for


def user_list(*, actor, filters: dict | None = None) -> QuerySet[User]:
    """Users the actor may see, filtered, by name; the commune comes in the same query."""
    queryset = scope_for(User.objects.select_related("area"), actor)
    if filters is not None:
        filterset = UserFilter(filters, queryset)
        if not filterset.is_valid():  # a bad parameter is said, not dropped
            raise ValidationError(filterset.errors)
        queryset = filterset.qs
    return queryset.order_by("last_name", "first_name", "username")


# The first row whose stored links disagree with a recomputation: its own digest
# (content edited), or its prev_hash against the row before it (a row removed,
# inserted or reordered). Set-based, in id order: one pass over the table.
_FIRST_BROKEN_SQL = """
SELECT id, prev_hash = expected_prev AS prev_ok, row_hash = recomputed AS row_ok
FROM (
    SELECT id, prev_hash, row_hash,
           COALESCE(LAG(row_hash) OVER (ORDER BY id), %s) AS expected_prev,
           accesslog_digest(prev_hash, id, user_id, action, object_type, object_id,
                            person_id, commune_id, row_count, path, host(ip_address),
                            detail, created_at) AS recomputed
    FROM accounts_accesslog
    WHERE id >= %s
) AS chain
WHERE prev_hash <> expected_prev OR row_hash <> recomputed
ORDER BY id
LIMIT 1
"""


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def access_log_verify(*, from_id: int = 0) -> ChainReport:
    """Recompute the access log's hash chain from `from_id` (0: the start) and
    name the first broken link."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT row_hash FROM accounts_accesslog WHERE id < %s ORDER BY id DESC LIMIT 1",
            [from_id],
        )
        before = cursor.fetchone()
        start_prev = before[0] if before else ""
        cursor.execute(_FIRST_BROKEN_SQL, [start_prev, from_id])
        broken = cursor.fetchone()
        cursor.execute("SELECT count(*) FROM accounts_accesslog WHERE id >= %s", [from_id])
        checked = cursor.fetchone()[0]
    if broken is None:
        return ChainReport(checked=checked)
    broken_id, prev_ok, row_ok = broken
    reason = "content changed" if not row_ok else "link to the previous row broken"
    return ChainReport(checked=checked, broken_id=broken_id, reason=reason)
