"""The settings a deployment relies on."""

import importlib
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parents[3]


def _test_database_url() -> str:
    from tests.celery_harness import database_url

    return database_url()


@pytest.mark.django_db
def test_production_settings_pass_check_deploy():
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE would trip a deploy check.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "socialwork.settings.production",
        "DJANGO_SECRET_KEY": "k7#Qv9!pZr2@Lm4$Wx8^Tb6&Nc1*Hd5(Fg3)Js0_Ye-Ua+Io=Ep",
        "DJANGO_ALLOWED_HOSTS": "ctxh.example.gov.vn",
        # The deploy check reads the migration state: point it at the test database.
        "DATABASE_URL": _test_database_url(),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_demo_data(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "ctxh.example.gov.vn")
    monkeypatch.delitem(sys.modules, "socialwork.settings.production", raising=False)
    production = importlib.import_module("socialwork.settings.production")

    assert production.DEBUG is False
    assert production.DEMO_DATA_ALLOWED is False
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_HSTS_SECONDS >= 31536000


def test_vietnamese_is_the_default_language_and_english_the_second():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_typed_dates_are_read_day_first(language):
    # Django's vi locale has no input formats: without ours, 03/04/2025 is 4 March.
    with translation.override(language):
        field = forms.DateField()
        assert field.clean("03/04/2025") == date(2025, 4, 3)
        assert field.clean("31/12/2025") == date(2025, 12, 31)
        with pytest.raises(forms.ValidationError):
            field.clean("12/31/2025")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_and_money_are_shown_the_vietnamese_way(language):
    with translation.override(language):
        assert formats.date_format(date(2025, 4, 3), "SHORT_DATE_FORMAT") == "03/04/2025"
        assert formats.number_format(1234567, use_l10n=True, force_grouping=True) == "1.234.567"


def test_the_department_name_is_configuration():
    assert settings.PORTAL_DEPARTMENT_NAME
    assert os.environ.get("PORTAL_PROVINCE_CODE", "66") == settings.PORTAL_PROVINCE_CODE


def test_celery_tasks_survive_a_killed_worker():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    if settings.CELERY_BROKER_URL.startswith("redis"):
        assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > (
            settings.CELERY_TASK_TIME_LIMIT
        )
    else:
        # The filesystem default, read from the worker's event loop: a killed
        # pool process does not stall the worker (socialwork/celery_transport.py).
        assert settings.CELERY_BROKER_TRANSPORT == "socialwork.celery_transport:Transport"


def test_production_sends_email_over_smtp_configured_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "ctxh.example.gov.vn")
    monkeypatch.setenv("EMAIL_HOST", "smtp.example.gov.vn")
    monkeypatch.setenv("EMAIL_PORT", "587")
    monkeypatch.setenv("EMAIL_USE_TLS", "true")
    monkeypatch.delitem(sys.modules, "socialwork.settings.production", raising=False)
    production = importlib.import_module("socialwork.settings.production")

    mailer = production.MAILERS["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"]["host"] == "smtp.example.gov.vn"
    assert (mailer["OPTIONS"]["port"], mailer["OPTIONS"]["use_tls"]) == (587, True)
    # A silent server fails the attempt (retried later), never hangs the job.
    assert mailer["OPTIONS"]["timeout"] == 30


def test_development_keeps_the_console_mailer_and_the_logging_sms_backend():
    from socialwork.settings import base

    if "EMAIL_BACKEND" not in os.environ:
        assert base.MAILERS == {
            "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        }
    if "SMS_BACKEND" not in os.environ:
        assert base.SMS_BACKEND == "socialwork.notifications.sms.LoggingBackend"


def test_the_sms_gateway_is_configured_from_the_environment():
    env = {
        **os.environ,
        "DATABASE_URL": _test_database_url(),
        "DJANGO_SETTINGS_MODULE": "socialwork.settings.base",
        "SMS_BACKEND": "socialwork.notifications.sms.HttpGatewayBackend",
        "SMS_GATEWAY_URL": "https://sms.example.vn/api/send",
        "SMS_GATEWAY_API_KEY": "khoa",
        "SMS_GATEWAY_BRANDNAME": "SOYTE-DLK",
        "SMS_GATEWAY_TIMEOUT": "7.5",
    }
    script = (
        "import django; django.setup();"
        " from socialwork.notifications.sms import get_backend; b = get_backend();"
        " print(type(b).__name__, b.url, b.api_key, b.brandname, b.timeout, b.unaccented)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == [
        "HttpGatewayBackend",
        "https://sms.example.vn/api/send",
        "khoa",
        "SOYTE-DLK",
        "7.5",
        "False",
    ]
