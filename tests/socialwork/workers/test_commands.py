"""`manage.py worker_check`: exit 0 when a worker ran the task, 1 when none did."""

import os
import subprocess
import sys
import uuid

import pytest

from tests.celery_harness import ROOT, broker, database_url, worker


def _worker_check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "worker_check", *args],
        cwd=ROOT,
        env={**env, "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_worker_check_exits_0_with_a_worker_and_1_without(tmp_path):
    queue = f"worker-check-{uuid.uuid4().hex[:12]}"
    with broker(tmp_path) as broker_env:
        env = {**os.environ, **broker_env}
        nobody = _worker_check(env, "--timeout", "1", "--queue", queue)
        with worker(broker_env, queue=queue):
            answered = _worker_check(env, "--timeout", "45", "--queue", queue)
    assert nobody.returncode == 1, nobody.stdout + nobody.stderr
    assert "Không có tiến trình xử lý nền nào chạy tác vụ kiểm tra trong 1 giây." in nobody.stderr
    assert answered.returncode == 0, answered.stdout + answered.stderr
    assert "đã chạy tác vụ kiểm tra sau" in answered.stdout
