"""Operations: what the background machinery is doing, and whether it is alive.

- every Celery task run is recorded by the worker (`recording`: one row per
  task name, upserted on start and end: cheap whatever the volume);
- beat writes a heartbeat on its own loop (`beat.HeartbeatScheduler`);
- a probe task run end to end proves a worker takes work (`health`);
- `/healthz` for load balancers, the operations page for staff;
- error pages, and a database outage answered with a 503 (`errors`);
- encrypted backups of the database and media, and their restore (`backups`).
"""
