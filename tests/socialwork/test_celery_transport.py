"""The default broker survives its workers (socialwork/celery_transport.py).

The fault test runs on the broker the settings name (CI runs the suite once on
Redis and once on the filesystem default), with a real worker: see
tests/celery_harness.py."""

import os
import signal
import time
import uuid
from types import SimpleNamespace

import pytest
from celery.worker import WorkController
from kombu import Connection, Consumer, Exchange, Producer, Queue
from kombu.asynchronous import Hub

from socialwork.celery_app import app
from socialwork.celery_transport import Transport
from socialwork.notifications.models import Notification
from socialwork.notifications.services import notify
from socialwork.notifications.tasks import deliver_pending
from socialwork.workers.health import check_worker
from tests.celery_harness import broker, pool_children, wait_for, worker
from tests.factories import UserFactory


def _folders(tmp_path) -> dict[str, str]:
    for sub in ("queue", "processed", "control"):
        (tmp_path / sub).mkdir()
    return {
        "data_folder_in": str(tmp_path / "queue"),
        "data_folder_out": str(tmp_path / "queue"),
        "processed_folder": str(tmp_path / "processed"),
        "control_folder": str(tmp_path / "control"),
    }


def test_a_worker_on_the_filesystem_broker_runs_the_event_loop_and_its_pool(tmp_path):
    """The event loop (and with it Celery's AsynPool, a pipe per child) is
    what a worker chooses for an asynchronous transport; kombu's own
    filesystem transport gets the blocking loop and the threaded pool."""
    options = _folders(tmp_path)
    with Connection("filesystem://", transport=Transport, transport_options=options) as conn:
        assert WorkController.should_use_eventloop(SimpleNamespace(_conninfo=conn, app=app))
    with Connection("filesystem://", transport_options=options) as conn:
        # Why the subclass exists.
        assert not WorkController.should_use_eventloop(SimpleNamespace(_conninfo=conn, app=app))


def test_the_event_loop_reads_every_message_waiting_and_those_that_come_later(tmp_path):
    exchange = Exchange("test-exchange", type="direct")
    queue = Queue("test-queue", exchange, routing_key="test-queue")
    received: list[int] = []
    options = {**_folders(tmp_path), "polling_interval": 0.05}
    hub = Hub()
    with Connection("filesystem://", transport=Transport, transport_options=options) as conn:
        producer = Producer(conn.channel(), exchange=exchange, routing_key="test-queue")
        consumer_channel = conn.channel()

        def on_message(body, message):
            received.append(body["n"])
            message.ack()

        with Consumer(consumer_channel, [queue], callbacks=[on_message]):
            for n in range(5):
                producer.publish({"n": n}, declare=[queue])
            conn.transport.register_with_event_loop(conn.connection, hub)
            loop = hub.create_loop()
            deadline = time.monotonic() + 10
            while len(received) < 5 and time.monotonic() < deadline:
                next(loop)
            # Read at the next poll, with nothing else to wake the loop.
            producer.publish({"n": 5})
            while len(received) < 6 and time.monotonic() < deadline:
                next(loop)
    hub.close()
    # kombu names a message file by the millisecond: same-millisecond ones
    # come in any order.
    assert sorted(received) == [0, 1, 2, 3, 4, 5]


@pytest.mark.fault
@pytest.mark.django_db(transaction=True)
def test_a_worker_whose_idle_pool_processes_are_killed_keeps_running_tasks(tmp_path):
    """Both idle pool processes of a two-process worker (as ./scripts/run
    starts it) are SIGKILLed. On kombu's plain filesystem transport one of
    them died holding the pool's lock and the worker never ran another task."""
    user = UserFactory(phone="0912345678")
    queue = f"idle-kill-{uuid.uuid4().hex[:12]}"
    with broker(tmp_path) as env, worker(env, concurrency=2, queue=queue) as process:
        # A task run end to end: the pool is up and both processes are idle.
        assert check_worker(timeout=45, queue=queue).ok
        children = pool_children(process)
        assert len(children) == 2
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        wait_for(lambda: set(pool_children(process)).isdisjoint(children), timeout=10)

        notify(recipients=[user], kind="test", title="Hạn xử lý", body="Sắp đến hạn", sms=True)
        sms = Notification.objects.get(recipient=user, channel="sms")
        started = time.monotonic()
        deliver_pending.apply_async(queue=queue)
        wait_for(lambda: Notification.objects.get(pk=sms.pk).delivered_at, timeout=20)
        recovered = time.monotonic() - started
        check = check_worker(timeout=10, queue=queue)
        assert check.ok, check.message
        assert check.pid in pool_children(process)

    sms.refresh_from_db()
    assert sms.attempts == 1  # delivered once, not retried
    print(f"first task after the kill ran {recovered:.2f} s after it was sent")
