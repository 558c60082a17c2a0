"""mypy's django-stubs plugin: the test settings, never a database.

The plugin imports the settings to learn the apps and models; with no
DATABASE_URL the base settings would start the embedded PostgreSQL. A URL
that is never connected to keeps the type check a pure read of the code.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://typecheck@127.0.0.1:5432/typecheck")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")

from .test import *  # noqa: E402, F403
