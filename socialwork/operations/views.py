"""The operations page (administrators and department staff)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from socialwork.accounts.capabilities import requires

from . import backups, health, selectors


@login_required
@require_GET
@requires("operations.view")
def overview(request):
    checks = {
        "database": health.check_database(),
        "broker": health.check_broker(),
        "beat": health.check_beat(),
    }
    context = {
        "checks": checks,
        "beat_stale_after": health.beat_stale_after(),
        "periodic": selectors.periodic_jobs(),
        "other_tasks": selectors.other_tasks(),
        "imports": selectors.import_jobs(actor=request.user),
        "indicator_runs": selectors.indicator_runs(actor=request.user),
        "stuck_after": selectors.stuck_after(),
        "database": selectors.database_info(),
        "backups": backups.backup_list(),
        "backup_keep": settings.BACKUP_KEEP,
        "backup_configured": backups.key_configured(),
    }
    response = render(request, "operations/overview.html", context)
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
@requires("operations.view")
def worker_check(request):
    """A trivial task run end to end, with a timeout (loaded into the page by htmx)."""
    check = health.check_worker(timeout=settings.OPERATIONS_WORKER_PROBE_TIMEOUT)
    template = "operations/_worker.html" if request.htmx else "operations/worker.html"
    response = render(
        request, template, {"check": check, "timeout": settings.OPERATIONS_WORKER_PROBE_TIMEOUT}
    )
    add_never_cache_headers(response)
    return response
