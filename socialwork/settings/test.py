"""Tests: the base settings on the same PostgreSQL, with fast password hashing."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 (tests only)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_TASK_ALWAYS_EAGER = False

# pytest-xdist's processes share the one Redis database of CELERY_BROKER_URL: without a
# prefix each other's real workers take their tasks and run them on the wrong database.
# Set in the environment, so the workers and beat these tests start inherit it.
if (_xdist := os.environ.get("PYTEST_XDIST_WORKER")) and CELERY_BROKER_URL.startswith("redis"):  # noqa: F405
    os.environ["CELERY_REDIS_KEY_PREFIX"] = f"test-{_xdist}:"
    CELERY_BROKER_TRANSPORT_OPTIONS = {  # noqa: F405
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "global_keyprefix": os.environ["CELERY_REDIS_KEY_PREFIX"],
    }

# Several suites may share one server (parallel work, CI): each database its own test
# database (test_<name>), or the one TEST_DATABASE_NAME names.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": env("TEST_DATABASE_NAME", default=f"test_{DATABASES['default']['NAME']}")  # noqa: F405
}

# WhiteNoise looks for collected files at start; tests serve from the finders.
STATIC_ROOT = DATA_DIR / "test-static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Demo seeding writes test signing keys here, never into the developer's key store.
SIGNING_KEYS_DIR = Path(tempfile.gettempdir()) / f"sw-test-signing-{os.getpid()}"
