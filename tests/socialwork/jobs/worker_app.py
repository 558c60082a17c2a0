"""The portal's Celery app as the fault tests' worker and beat run it
(`celery -A tests.socialwork.jobs.worker_app`): the same app, plus

- the test-only importer kinds (imported after Django is set up), so the
  worker can validate the test's upload;
- where JOBS_TEST_SWEEP_EVERY is set, a beat schedule made from BEAT_SCHEDULE's
  own "jobs-sweep" entry (same name, task and options), only every that many
  seconds instead of every two minutes (crontab cannot go below a minute).
  The tests run it on a private redis-server, so no other worker takes it.
"""

import os

from socialwork.celery_app import app
from socialwork.schedule import BEAT_SCHEDULE

app.conf.imports = ("tests.socialwork.spreadsheets.importers",)

_every = os.environ.get("JOBS_TEST_SWEEP_EVERY")
if _every:
    app.conf.beat_schedule = {
        "jobs-sweep": {**BEAT_SCHEDULE["jobs-sweep"], "schedule": float(_every)}
    }
    app.conf.beat_max_loop_interval = 1

__all__ = ["app"]
