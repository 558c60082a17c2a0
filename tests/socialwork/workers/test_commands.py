"""`manage.py worker_check`: exit 0 when a worker ran the task, 1 when none did."""

import os
import subprocess
import sys
import uuid

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.utils import translation

from tests.celery_harness import ROOT, broker, database_url, worker


def _queue() -> str:
    return f"worker-check-{uuid.uuid4().hex[:12]}"


@pytest.mark.django_db(transaction=True)
def test_worker_check_fails_with_exit_status_1_when_no_worker_runs_the_task(tmp_path):
    with broker(tmp_path), translation.override("vi"), pytest.raises(CommandError) as failed:
        call_command("worker_check", "--timeout", "1", "--queue", _queue())
    assert failed.value.returncode == 1  # what `manage.py` exits with
    assert str(failed.value) == (
        "Không có tiến trình xử lý nền nào chạy tác vụ kiểm tra trong 1 giây."
    )


@pytest.mark.django_db(transaction=True)
def test_worker_check_exits_0_when_a_worker_ran_the_task(tmp_path):
    queue = _queue()
    with broker(tmp_path) as broker_env, worker(broker_env, queue=queue):
        answered = subprocess.run(
            [sys.executable, "manage.py", "worker_check", "--timeout", "45", "--queue", queue],
            cwd=ROOT,
            env={**os.environ, **broker_env, "DATABASE_URL": database_url()},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert answered.returncode == 0, answered.stdout + answered.stderr
    assert "celery@" in answered.stdout and "đã chạy tác vụ kiểm tra sau" in answered.stdout


def test_worker_check_explains_itself():
    command = load_command_class("socialwork.workers", "worker_check")
    text = command.create_parser("manage.py", "worker_check").format_help()
    assert "--timeout" in text and "--queue" in text
    assert "chờ một tiến trình xử lý nền chạy nó" in text
