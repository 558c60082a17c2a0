"""The access log's hash chain: written by the database, checked by one query."""

import threading

import pgtrigger
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from socialwork.accounts.models import AccessLog
from socialwork.accounts.selectors import access_log_verify
from socialwork.accounts.services import log_access

pytestmark = pytest.mark.django_db

APPEND_ONLY = "accounts.AccessLog:accesslog_append_only"


def _log(user, n: int) -> list[AccessLog]:
    return [
        log_access(
            request=None,
            user=user,
            action=AccessLog.Action.VIEW,
            obj_or_type="cases.beneficiary",
            object_id=i,
            detail=f"row {i}",
        )
        for i in range(n)
    ]


def test_each_row_links_to_the_one_before(collaborator_a):
    _log(collaborator_a, 3)

    rows = list(AccessLog.objects.order_by("id"))
    assert rows[0].prev_hash == ""
    assert [r.prev_hash for r in rows[1:]] == [r.row_hash for r in rows[:-1]]
    assert all(len(r.row_hash) == 64 for r in rows)
    assert access_log_verify().ok
    assert access_log_verify().checked == 3


def test_an_edited_row_breaks_the_chain_at_that_row(collaborator_a):
    rows = _log(collaborator_a, 4)
    with pgtrigger.ignore(APPEND_ONLY):
        AccessLog.objects.filter(pk=rows[2].pk).update(detail="nothing to see")

    report = access_log_verify()

    assert (report.ok, report.broken_id, report.reason) == (False, rows[2].pk, "content changed")
    with pytest.raises(CommandError, match=f"broken at row {rows[2].pk}"):
        call_command("verify_access_log")


def test_a_removed_row_breaks_the_link_of_the_next(collaborator_a):
    rows = _log(collaborator_a, 4)
    with pgtrigger.ignore(APPEND_ONLY):
        AccessLog.objects.filter(pk=rows[1].pk).delete()

    report = access_log_verify()

    assert (report.broken_id, report.reason) == (rows[2].pk, "link to the previous row broken")


def test_the_database_refuses_edits_without_the_trigger_set_aside(collaborator_a):
    [row] = _log(collaborator_a, 1)
    with pytest.raises(Exception, match="Cannot update"), transaction.atomic():
        AccessLog.objects.filter(pk=row.pk).update(detail="x")


def test_verification_from_an_id_starts_at_the_link_before_it(collaborator_a):
    rows = _log(collaborator_a, 5)

    assert access_log_verify(from_id=rows[3].pk).ok
    assert access_log_verify(from_id=rows[3].pk).checked == 2


def test_an_admin_log_entry_joins_the_chain(collaborator_a):
    _log(collaborator_a, 1)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_admin_log (action_time, user_id, object_id, object_repr,"
            " action_flag, change_message) VALUES (now(), %s, '1', 'x', 2, 'changed')",
            [collaborator_a.pk],
        )

    assert AccessLog.objects.filter(action="admin").count() == 1
    assert access_log_verify().ok


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_line(collaborator_a):
    """Four threads, each writing in its own transactions: every row still links
    to the row just before it in id order."""
    errors = []

    def write():
        try:
            for _ in range(10):
                with transaction.atomic():
                    _log(collaborator_a, 2)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AccessLog.objects.count() == 80
    report = access_log_verify()
    assert report.ok, report
