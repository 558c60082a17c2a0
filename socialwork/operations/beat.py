"""Beat's scheduler with a heartbeat: every pass of beat's own loop records
that beat is alive (at most every HEARTBEAT_EVERY seconds), so the operations
page and /healthz can tell a stopped beat from a quiet schedule.

Configured by CELERY_BEAT_SCHEDULER; the schedule itself comes from
socialwork/schedule.py like any PersistentScheduler's."""

from __future__ import annotations

import logging
import socket
import time

from celery.beat import PersistentScheduler
from django.db import DatabaseError, connection

logger = logging.getLogger(__name__)

BEAT = "beat"
# Beat wakes at least this often even when no entry is due, so the heartbeat
# stays fresh between the 15-minute and nightly entries.
MAX_LOOP_INTERVAL = 30
HEARTBEAT_EVERY = 15


class HeartbeatScheduler(PersistentScheduler):
    max_interval = MAX_LOOP_INTERVAL

    def __init__(self, *args, **kwargs):
        self._last_heartbeat = 0.0
        self._heartbeat_failing = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        self._heartbeat()
        return super().tick(*args, **kwargs)

    def _heartbeat(self) -> None:
        now = time.monotonic()
        if now - self._last_heartbeat < HEARTBEAT_EVERY:
            return
        # Beat may load its scheduler before Django's apps are ready: models later.
        from . import services

        try:
            services.heartbeat_record(name=BEAT, hostname=socket.gethostname())
        except DatabaseError as exc:
            if not self._heartbeat_failing:
                logger.warning("beat could not record its heartbeat (%s)", type(exc).__name__)
            self._heartbeat_failing = True
        else:
            self._last_heartbeat = now
            if self._heartbeat_failing:
                logger.info("beat records its heartbeat again")
            self._heartbeat_failing = False
        finally:
            # Beat serves no requests, so Django never closes its connection:
            # a fresh one each time survives a database restart.
            connection.close()
