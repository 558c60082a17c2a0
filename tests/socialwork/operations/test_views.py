"""The operations page: who reaches it, and what it shows."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from socialwork.operations import services
from socialwork.operations.models import Outcome
from socialwork.schedule import BEAT_SCHEDULE
from tests.celery_harness import broker
from tests.factories import AdminUserFactory

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["department", "admin"])
def test_staff_reach_the_page_from_their_home(who, department, province):
    user = department if who == "department" else AdminUserFactory(area=province)
    client = _client(user)
    assert 'href="/operations/"' in client.get("/").content.decode()
    page = client.get("/operations/")
    assert page.status_code == 200
    body = page.content.decode()
    for name in BEAT_SCHEDULE:
        assert name in body
    assert page["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("who", ["collaborator_a", "leadership", "facility_user", "official_a"])
def test_other_roles_have_no_tile_and_get_403(who, request):
    client = _client(request.getfixturevalue(who))
    assert "/operations/" not in client.get("/").content.decode()
    assert client.get("/operations/").status_code == 403
    assert client.get("/operations/worker/").status_code == 403


def test_anonymous_users_are_sent_to_login():
    assert Client().get("/operations/").status_code == 302


def test_the_page_shows_last_run_outcome_and_a_stopped_beat(department):
    task = BEAT_SCHEDULE["referrals-escalate-overdue"]["task"]
    started = timezone.now() - datetime.timedelta(minutes=3)
    services.task_started(task=task, at=started)
    services.task_finished(task=task, outcome=Outcome.FAILURE, error="OperationalError", at=started)
    body = _client(department).get("/operations/").content.decode()
    assert "OperationalError" in body
    assert "Lỗi" in body
    assert "Chưa từng có tín hiệu" in body  # beat never seen


def test_stuck_import_jobs_are_marked(department):
    from .factories import ImportJobFactory

    job = ImportJobFactory(created_by=department)
    job.created_at = timezone.now() - datetime.timedelta(hours=2)
    job.save(update_fields=["created_at"])
    fresh = ImportJobFactory(created_by=department)
    body = _client(department).get("/operations/").content.decode()
    assert f"/imports/{job.pk}/" in body and f"/imports/{fresh.pk}/" in body
    assert body.count("Bị treo") == 1


def test_the_worker_check_page_without_javascript(department, settings, tmp_path):
    settings.OPERATIONS_WORKER_PROBE_TIMEOUT = 0.3
    with broker(tmp_path):  # no worker reads it: the check says so
        page = _client(department).get("/operations/worker/")
    assert page.status_code == 200
    assert "Không hoạt động" in page.content.decode()
