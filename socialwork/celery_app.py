"""The Celery application: Redis where CELERY_BROKER_URL is set, else a
filesystem broker under .data/ so a fresh machine needs no server.

The beat schedule comes from socialwork/schedule.py, the one place it is
written: Celery never reads a module-level dict by itself, and a schedule
left unassigned makes beat run nothing, silently."""

import os

from celery import Celery

from socialwork.schedule import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialwork.settings.base")

app = Celery("socialwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = BEAT_SCHEDULE
app.autodiscover_tasks()
