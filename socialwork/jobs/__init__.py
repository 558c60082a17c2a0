"""Durable background jobs: the row is the truth, the broker only a messenger.

Every background job (an import, an export, an indicator run) is a row whose
model inherits `DurableJob`. Its life, whatever the job's own statuses:

    outbox ──send──▶ queued ──worker claims──▶ running ──▶ done | failed
      ▲                │  (message lost)          │ (worker killed, database lost)
      └── send failed  └──── sweep re-sends ◀─────┘  sweep re-sends, or fails
                                                      after JOBS_MAX_ATTEMPTS starts

- outbox: `sent_at` is null. The row is committed first and the message sent
  after the commit (`dispatch`); a broker that cannot be reached leaves the
  row here (no 500) and the job page says it starts when the worker is back.
- queued: `sent_at` set, `heartbeat_at` null. A message not taken within
  JOBS_RESEND_AFTER seconds (lost with a filesystem broker's killed worker, or
  a broker restarted without its data) is sent again; that is not an attempt.
- running: a worker claimed the current message (`claim`: the message's
  token must be the row's `task_token`, so an older copy of the message —
  Redis returns a killed worker's message after its visibility timeout — does
  nothing) and writes `heartbeat_at` as it progresses (`beat`). A row whose
  heartbeat is older than JOBS_STALE_AFTER seconds lost its worker: the sweep
  sends it again (a new token fences the old run off), and after
  JOBS_MAX_ATTEMPTS starts fails it with a message the user sees.

The sweep is one beat task, `socialwork.jobs.tasks.jobs_sweep`
(socialwork/schedule.py), that calls each kind's sweep; the job pages offer
"try again" through each kind's retry service.
"""
