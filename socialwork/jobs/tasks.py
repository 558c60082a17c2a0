"""The beat's sweep over every durable job (socialwork/schedule.py)."""

from celery import shared_task


@shared_task(acks_late=True, time_limit=120, soft_time_limit=100)
def jobs_sweep() -> dict:
    """Send what the broker missed, bring back what lost its worker, fail what
    was interrupted too often, and delete expired export files. Idempotent:
    two sweeps at once send a job twice at most, and the token makes the
    older message a no-op."""
    from socialwork.indicators import services as indicators
    from socialwork.spreadsheets import exporting
    from socialwork.spreadsheets import services as spreadsheets

    return {
        "imports": spreadsheets.import_jobs_sweep(),
        "exports": exporting.export_jobs_sweep(),
        "expired_exports": exporting.export_files_expire(),
        "indicator_runs": indicators.runs_sweep(),
    }
