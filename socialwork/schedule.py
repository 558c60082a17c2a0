"""The whole Celery beat schedule, in one place. Each entry expires so a
backlog after downtime does not run the same job many times over."""

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
}
