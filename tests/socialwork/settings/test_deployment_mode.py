"""The portal starts as a deployment would: DEBUG off unless asked for,
static files collected with hashed names and served by WhiteNoise, error
pages in Vietnamese. Each check runs the settings in a fresh process."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _env(**extra) -> dict[str, str]:
    from tests.celery_harness import database_url

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="socialwork.settings.base", DATABASE_URL=database_url(), **extra
    )
    return env


def _python(code: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "debug"), [(None, "False"), ("1", "True"), ("0", "False")])
def test_debug_is_off_unless_asked_for(value, debug):
    env = _env() if value is None else _env(DJANGO_DEBUG=value)
    out = _python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        env,
    )
    assert out.strip() == debug


@pytest.mark.django_db
def test_collected_static_files_are_hashed_and_served_with_debug_off(tmp_path):
    env = _env(STATIC_ROOT=str(tmp_path / "static"))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    assert (tmp_path / "static" / "staticfiles.json").exists()
    out = _python(
        """
        import django, re
        django.setup()
        from django.test import Client
        client = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        html = client.get("/accounts/login/").content.decode()
        found = re.search(r'href="(/static/css/portal\\.[0-9a-f]{12}\\.css)"', html)
        css = found.group(1)
        print("CSS", css)
        served = client.get(css)
        print("SERVED", served.status_code, served.get("Cache-Control", ""))
        missing = client.get("/khong-co/")
        print("MISSING", missing.status_code, "Không tìm thấy trang" in missing.content.decode())
        """,
        env,
    )
    assert re.search(r"CSS /static/css/portal\.[0-9a-f]{12}\.css", out)
    served = re.search(r"SERVED (\d+) (.*)", out)
    assert served.group(1) == "200"
    assert "max-age=315360000" in served.group(2) or "immutable" in served.group(2)
    assert "MISSING 404 True" in out
