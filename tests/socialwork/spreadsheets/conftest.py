import pytest

from socialwork.celery_app import app as celery_app

# Registers the test-only importer kinds.
from . import importers  # noqa: F401


@pytest.fixture
def eager_tasks():
    """Run queued Celery tasks in-process (they are thin wrappers over services)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
