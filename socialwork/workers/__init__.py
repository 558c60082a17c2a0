"""The Celery workers seen from the portal: a health check that runs a task end
to end (socialwork/workers/health.py, `manage.py worker_check`)."""
