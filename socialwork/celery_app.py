"""The Celery application: Redis where CELERY_BROKER_URL is set, else a
filesystem broker under .data/ so a fresh machine needs no server."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialwork.settings.base")

app = Celery("socialwork")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
