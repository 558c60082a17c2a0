"""/healthz and the checks behind it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from socialwork.operations import health, services
from socialwork.operations.models import Heartbeat
from tests.celery_harness import broker

pytestmark = pytest.mark.django_db


def _fresh_beat():
    services.heartbeat_record(name="beat", hostname="beat-host")


def test_healthz_is_200_with_json_when_database_broker_and_beat_are_well():
    _fresh_beat()
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["failed"] == []
    assert set(body["checks"]) == {"database", "broker", "beat"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_names_a_stale_beat_with_503(settings):
    Heartbeat.objects.create(name="beat", at=timezone.now() - datetime.timedelta(minutes=10))
    response = Client().get("/healthz/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["beat"]
    assert response.json()["checks"]["beat"]["problem"] == "stale"


def test_healthz_names_a_beat_never_seen():
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["beat"]["problem"] == "never seen"


def test_healthz_names_an_unreachable_broker(settings, monkeypatch):
    from socialwork.celery_app import app

    _fresh_beat()
    original = app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport
    # A port nobody listens on (Celery reads CELERY_BROKER_URL from the
    # environment before its configuration: CI's Redis pass sets it; the
    # default pass names the filesystem transport, which would ignore the host).
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    app.conf.broker_transport_options = {}
    app.conf.broker_transport = None
    try:
        response = Client().get("/healthz")
    finally:
        app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport = original
    assert response.status_code == 503
    assert response.json()["failed"] == ["broker"]
    assert "127.0.0.1" not in response.content.decode()


def test_healthz_needs_no_login_and_answers_any_host_header():
    _fresh_beat()
    # A load balancer asks by the node's address, not the portal's name.
    response = Client().get("/healthz", HTTP_HOST="10.20.30.40:8000")
    assert response.status_code == 200
    assert "beat-host" not in response.content.decode()


def test_healthz_is_cheap(django_assert_max_num_queries):
    _fresh_beat()
    with django_assert_max_num_queries(2):
        assert Client().get("/healthz").status_code == 200


def test_the_worker_check_fails_within_its_timeout_when_no_worker_runs(tmp_path):
    # A broker folder of its own: the probe must not wait in a developer's queue.
    with broker(tmp_path):
        check = health.check_worker(timeout=0.5)
    assert not check.ok
    assert check.problem in {"no answer", "broker unreachable"}
    assert check.ms < 5000
