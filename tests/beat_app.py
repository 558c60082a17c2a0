"""The portal's Celery app for a real beat in a test (tests/celery_harness.py
`beat()`): the entries the app carries (socialwork/schedule.py, as
socialwork/celery_app.py wires it) as they are, every few seconds, to the
test's own queue, with a loop short enough to notice."""

import os

from socialwork.celery_app import app
from tests.celery_harness import fast_schedule

app.conf.beat_schedule = fast_schedule(
    dict(app.conf.beat_schedule),
    every=float(os.environ.get("TEST_BEAT_EVERY", "3")),
    queue=os.environ["TEST_BEAT_QUEUE"],
)
app.conf.beat_max_loop_interval = 1

__all__ = ["app"]
