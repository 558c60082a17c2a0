"""A real worker: every task run is recorded by the worker's signals, and
the worker check runs a task end to end."""

import pytest

from socialwork.operations import health
from socialwork.operations.models import Outcome, TaskRecord
from tests.celery_harness import broker, wait_for, worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_real_worker_records_runs_and_answers_the_probe(tmp_path):
    from socialwork.spreadsheets.tasks import import_validate

    with broker(tmp_path) as env, worker(env):
        # One probe that waits for the worker to start: shorter ones sent while it
        # starts would expire in the queue, and be recorded so, after this one.
        check = health.check_worker(timeout=90)
        assert check.ok and check.hostname
        record = wait_for(
            lambda: TaskRecord.objects.filter(
                task="socialwork.workers.tasks.ping", last_outcome=Outcome.SUCCESS
            ).first(),
            timeout=30,
        )
        assert record.last_started_at <= record.last_finished_at
        assert record.last_duration is not None

        # A job that cannot exist fails: recorded with its exception's class only.
        import_validate.delay(987654321)
        failed = wait_for(
            lambda: TaskRecord.objects.filter(
                task="socialwork.spreadsheets.tasks.import_validate", last_outcome=Outcome.FAILURE
            ).first(),
            timeout=60,
        )
        assert failed.last_error and "987654321" not in failed.last_error
        assert failed.last_failure_at is not None
