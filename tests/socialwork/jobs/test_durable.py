"""The durable-job life (socialwork/jobs/durable.py) on a real row (an indicator run)."""

import datetime

import pytest
from django.utils import timezone

from socialwork.indicators.models import ComputationRun
from socialwork.jobs import durable
from tests.socialwork.indicators.factories import ComputationRunFactory

pytestmark = pytest.mark.django_db


def _run(**fields) -> ComputationRun:
    return ComputationRunFactory(status="started", finished_at=None, **fields)


def _broker_down(job, token):
    raise ConnectionRefusedError("broker down")


def test_a_send_the_broker_refuses_keeps_the_job_in_the_outbox():
    run = _run()
    assert durable.dispatch(ComputationRun, run.pk, _broker_down) is False
    run.refresh_from_db()
    assert run.in_outbox and run.task_token == 1 and run.attempts == 0


def test_a_send_gives_the_message_a_new_token():
    run = _run()
    sent = []
    assert durable.dispatch(ComputationRun, run.pk, lambda job, token: sent.append(token))
    assert durable.dispatch(ComputationRun, run.pk, lambda job, token: sent.append(token))
    run.refresh_from_db()
    assert sent == [1, 2] and run.task_token == 2
    assert run.sent_at is not None and run.heartbeat_at is None


def test_an_older_copy_of_the_message_cannot_claim_the_job():
    run = _run(task_token=2)
    started = ComputationRun.objects.filter(status="started")
    assert durable.claim(started, run.pk, 1) is False
    assert durable.claim(started, run.pk, 2) is True
    run.refresh_from_db()
    assert run.attempts == 1 and run.heartbeat_at is not None
    # A run done meanwhile is past the claimable statuses.
    ComputationRun.objects.filter(pk=run.pk).update(status="done")
    assert durable.claim(started, run.pk, 2) is False


def test_a_beat_from_a_superseded_run_is_refused():
    run = _run(task_token=3)
    assert durable.beat(ComputationRun, run.pk, 2, done_steps=1) is False
    assert durable.beat(ComputationRun, run.pk, 3, done_steps=1) is True
    run.refresh_from_db()
    assert run.done_steps == 1


def test_release_hands_an_interrupted_run_back_to_the_outbox():
    run = _run(task_token=1, sent_at=timezone.now(), heartbeat_at=timezone.now(), attempts=1)
    durable.release(ComputationRun, run.pk, 1)
    run.refresh_from_db()
    assert run.in_outbox and run.heartbeat_at is None and run.attempts == 1


def test_the_sweep_sends_resends_and_fails_what_is_due(settings):
    settings.JOBS_RESEND_AFTER, settings.JOBS_STALE_AFTER, settings.JOBS_MAX_ATTEMPTS = 600, 300, 3
    now = timezone.now()
    ago = lambda minutes: now - datetime.timedelta(minutes=minutes)  # noqa: E731
    outbox = _run()
    lost = _run(task_token=1, sent_at=ago(11))  # sent, never taken
    queued = _run(task_token=1, sent_at=ago(2))  # sent, a worker will take it
    dead = _run(task_token=1, sent_at=ago(20), heartbeat_at=ago(6), attempts=1)
    alive = _run(task_token=1, sent_at=ago(20), heartbeat_at=ago(1), attempts=1)
    worn = _run(task_token=3, sent_at=ago(30), heartbeat_at=ago(6), attempts=3)
    sent, failed = [], []
    counts = durable.sweep(
        ComputationRun.objects.filter(status="started"),
        send=lambda job, token: sent.append((job.pk, token)),
        fail=lambda job: failed.append(job.pk),
    )
    assert counts == {"sent": 1, "resent": 2, "failed": 1}
    assert sorted(sent) == sorted([(outbox.pk, 1), (lost.pk, 2), (dead.pk, 2)])
    assert failed == [worn.pk]
    for run in (lost, dead):
        run.refresh_from_db()
        assert run.heartbeat_at is None  # queued again, not yet taken
    # A lost message is not an attempt; only starts count.
    assert (lost.attempts, dead.attempts) == (0, 1)
    untouched = ComputationRun.objects.filter(pk__in=[queued.pk, alive.pk])
    assert set(untouched.values_list("task_token", flat=True)) == {1}


def test_the_sweep_leaves_the_outbox_alone_while_the_broker_is_down():
    run = _run()
    failed = []
    counts = durable.sweep(
        ComputationRun.objects.filter(status="started"), send=_broker_down, fail=failed.append
    )
    run.refresh_from_db()
    assert counts == {"sent": 0, "resent": 0, "failed": 0} and not failed
    assert run.in_outbox and run.status == "started"


def test_the_sweep_stops_at_the_first_send_the_broker_refuses():
    runs = [_run(), _run(), _run()]
    tries = []

    def down(job, token):
        tries.append(job.pk)
        raise ConnectionRefusedError("broker down")

    durable.sweep(ComputationRun.objects.filter(status="started"), send=down, fail=print)
    assert tries == [runs[0].pk]
    assert ComputationRun.objects.filter(sent_at__isnull=True).count() == 3
