"""The whole Celery beat schedule, in one place (socialwork/celery_app.py puts
it into the app). Each entry expires so a backlog after downtime does not run
the same job many times over."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    "notifications-deliver-pending": {
        "task": "socialwork.notifications.tasks.deliver_pending",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 60 * 4},
    },
    "cases-notify-deadlines": {
        "task": "cases.casework.tasks.notify_deadlines",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 60 * 14},
    },
    # The 12-hour child-protection clock runs through nights and holidays: its
    # reminders (2 hours before, then when it passes) cannot wait a quarter-hour.
    "cases-notify-emergency-deadlines": {
        "task": "cases.casework.tasks.notify_emergency_deadlines",
        "schedule": crontab(minute="*/3"),
        "options": {"expires": 60 * 2},
    },
    # The per-commune counts (cases.tallies): their change rows folded into one a commune.
    "cases-tallies-compact": {
        "task": "cases.tasks.compact_tallies",
        "schedule": crontab(minute="*/10"),
        "options": {"expires": 60 * 9},
    },
    "referrals-escalate-overdue": {
        "task": "cases.referrals.tasks.escalate_overdue",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 60 * 14},
    },
    # Nightly: the current month and year. Hourly: any period with no finished
    # run, and runs left "started" by a worker that died (the run table is the truth).
    "indicators-compute-current": {
        "task": "socialwork.indicators.tasks.indicators_compute_current",
        "schedule": crontab(hour=1, minute=30),
        "options": {"expires": 60 * 60 * 4},
    },
    # Every durable job (imports, exports, indicator runs): the outbox sent, a
    # killed worker's job brought back within minutes (on Redis its message only
    # returns after the 2 h visibility timeout), expired export files deleted.
    "jobs-sweep": {
        "task": "socialwork.jobs.tasks.jobs_sweep",
        "schedule": crontab(minute="*/2"),
        "options": {"expires": 100},
    },
    "indicators-catch-up": {
        "task": "socialwork.indicators.tasks.indicators_catch_up",
        "schedule": crontab(minute=15),
        "options": {"expires": 60 * 50},
    },
    # Nightly encrypted backup of the database and media, keeping BACKUP_KEEP
    # copies (fails visibly on the operations page while no key is set).
    "operations-backup-nightly": {
        "task": "socialwork.operations.tasks.backup_nightly",
        "schedule": crontab(hour=2, minute=30),
        "options": {"expires": 60 * 60 * 4},
    },
}
