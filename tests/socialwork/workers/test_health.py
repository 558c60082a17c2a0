"""The worker health check runs a task end to end (socialwork/workers/health.py)
with a real worker on the broker the settings name."""

import uuid

import pytest
from django.utils import translation

from socialwork.celery_app import app
from socialwork.workers.health import check_worker
from tests.celery_harness import _reset_connections, broker, pool_children, worker


def _queue() -> str:
    # A queue of the test's own: a check nobody ran must not reach another
    # test's worker (it would only be dropped as expired, but still).
    return f"worker-check-{uuid.uuid4().hex[:12]}"


@pytest.mark.django_db(transaction=True)
def test_the_check_passes_when_a_pool_process_runs_the_task(tmp_path):
    queue = _queue()
    with broker(tmp_path) as env, worker(env, queue=queue) as process:
        first = check_worker(timeout=45, queue=queue)  # the worker is still starting
        assert first.ok, first.message
        again = check_worker(timeout=10, queue=queue)
        children = pool_children(process)
    assert again.ok, again.message
    # Run by the pool, not answered by the main process as `inspect ping` is.
    assert again.pid in children and again.pid != process.pid
    assert again.worker.startswith("celery@")
    assert again.worker in again.message
    assert 0 < again.seconds < 10


@pytest.mark.django_db(transaction=True)
def test_the_check_fails_in_its_time_when_no_worker_takes_the_task(tmp_path):
    with broker(tmp_path), translation.override("vi"):
        result = check_worker(timeout=1.5, queue=_queue())
    assert not result.ok
    assert 1.5 <= result.seconds < 5
    assert result.message == (
        "Không có tiến trình xử lý nền nào chạy tác vụ kiểm tra trong 1.5 giây."
    )
    assert result.pid is None and result.worker == ""


@pytest.mark.django_db(transaction=True)
def test_the_check_says_so_when_the_broker_cannot_be_reached(monkeypatch):
    # Nothing listens on port 1: the send fails. (Celery reads the variable
    # before its setting, so both.)
    unreachable = "redis://127.0.0.1:1/0"
    original = app.conf.broker_url, app.conf.broker_transport
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
    app.conf.broker_url, app.conf.broker_transport = unreachable, None
    _reset_connections()
    try:
        with translation.override("vi"):
            result = check_worker(timeout=5, queue=_queue())
    finally:
        monkeypatch.undo()
        app.conf.broker_url, app.conf.broker_transport = original
        _reset_connections()
    assert not result.ok
    assert result.message == "Không gửi được tác vụ kiểm tra: hàng đợi không phản hồi."
    # redis-py's own retries (about 6 s here), not the 5 s of waiting for an answer.
    assert result.seconds < 20
