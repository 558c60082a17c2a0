"""No Docker engine runs on our machines: check the compose file's shape instead."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def load():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_every_service_the_portal_needs_is_there():
    services = load()["services"]
    assert {"db", "redis", "web", "worker", "beat"} <= set(services)
    assert services["db"]["image"].startswith("postgres:")
    assert int(services["db"]["image"].split(":")[1]) >= 16
    assert "healthcheck" in services["db"] and "healthcheck" in services["redis"]
    assert any(v.startswith("pgdata:") for v in services["db"]["volumes"])


def test_web_worker_and_beat_share_one_image_and_one_set_of_settings():
    services = load()["services"]
    app = [services[name] for name in ("web", "worker", "beat")]
    assert len({s["image"] for s in app}) == 1
    assert all(s["build"] == "." for s in app)
    assert len({repr(sorted(s["environment"].items())) for s in app}) == 1
    env = app[0]["environment"]
    assert env["DJANGO_SETTINGS_MODULE"] == "socialwork.settings.production"
    assert env["DATABASE_URL"].startswith("postgres://") and "@db:" in env["DATABASE_URL"]
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert "gunicorn" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "socialwork", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "socialwork", "beat"]
    assert services["beat"]["deploy"]["replicas"] == 1


def test_the_image_is_built_from_the_one_dockerfile():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("# One image") and "FROM python:3.12" in dockerfile


def test_the_image_and_the_ci_check_install_the_production_dependencies_alike():
    # scripts/check_production_install proves in CI what the image installs:
    # the same command, without the test extras and not editable.
    dockerfile = (ROOT / "Dockerfile").read_text()
    script = (ROOT / "scripts" / "check_production_install").read_text()
    assert "pip install --no-cache-dir -c requirements/constraints.txt .\n" in dockerfile
    assert "-c requirements/constraints.txt . >" in script
    for text in (dockerfile, script):
        assert ".[test]" not in text and "pip install -e" not in text


def test_worker_and_beat_run_under_the_settings_the_ci_check_uses():
    services = load()["services"]
    script = (ROOT / "scripts" / "check_production_install").read_text()
    assert "export DJANGO_SETTINGS_MODULE=socialwork.settings.production" in script
    assert "celery -A socialwork worker" in script and "celery -A socialwork beat" in script
    assert services["worker"]["environment"]["CELERY_BROKER_URL"].startswith("redis://")
