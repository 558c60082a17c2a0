"""The registry of every list and search page and every API list endpoint,
for the page benchmark (tests/bench/test_every_page.py).

Derived, not hand-kept: `list_routes()` walks the URL configuration (every GET
route without a parameter) and `api_list_paths()` the OpenAPI schema (every GET
path without a parameter). tests/socialwork/test_page_registry.py fails when a
route or path is neither in PAGES / API nor in EXCLUDED with its reason, so a
new page cannot escape the benchmark.
"""

from __future__ import annotations

from django.urls import URLResolver, get_resolver

# URL name -> query parameters to benchmark it with (one entry per variant).
PAGES: dict[str, list[dict]] = {
    "home": [{}],
    "privacy:access_log": [{}],
    "privacy:request_list": [{}],
    "indicators:ranking": [{}],
    "casework:transfer_inbox": [{}],
    "casework:seal_inbox": [{}],
    "casework:paper_inbox": [{}],
    "accounts:user_list": [{}, {"q": "nguyen"}],
    "notifications:list": [{}],
    "exports:list": [{}],
    "workcalendar:holidays": [{}],
    "privacy:breach_list": [{}],
    "allowances:home": [{}],
    "allowances:posting": [{}],
    "allowances:reports": [{}],
    "allowances:rates": [{}],
    "indicators:dashboard": [{}],
    "indicators:targets": [{}],
    "indicators:locks": [{}],
    "casework:my_cases": [{}],
    "casework:case_list": [{}, {"open": "false"}, {"overdue": "true"}],
    "casework:plan_inbox": [{}],
    "referrals:list": [{}],
    "referrals:inbox": [{}],
    "hotline:list": [{}],
    "cases:beneficiary_list": [
        {},
        {"q": "nguyen thi"},
        {"q": "dang van fuc"},
        {"category": "ND20-5.5c"},
    ],  # fmt: skip
    "facilities:list": [{}],
    "collaborators:list": [{}, {"q": "nguyen"}],
    "collaborators:coverage": [{}],
    "collaborators:workload": [{}],
    "collaborators:courses": [{}],
    "collaborators:training_status": [{}],
    "operations:overview": [{}],
}

# API list path (as in the schema) -> query parameters.
API: dict[str, list[dict]] = {
    "/api/v1/case-transfers/": [{}],
    "/api/v1/beneficiaries/": [{}, {"q": "nguyen thi"}],
    "/api/v1/households/": [{}],
    "/api/v1/categories/": [{}],
    "/api/v1/consents/": [{}],
    "/api/v1/cases/": [{}],
    "/api/v1/assessments/": [{}],
    "/api/v1/plans/": [{}],
    "/api/v1/services/": [{}],
    "/api/v1/events/": [{}],
    "/api/v1/referrals/": [{}],
    "/api/v1/referrals/inbox/": [{}],
    "/api/v1/hotline-calls/": [{}],
    "/api/v1/facilities/": [{}],
    "/api/v1/service-types/": [{}],
    "/api/v1/staff/": [{}],
    "/api/v1/admissions/": [{}],
    "/api/v1/collaborators/": [{}],
    "/api/v1/training-courses/": [{}],
    "/api/v1/attendance/": [{}],
    "/api/v1/coverage/": [{}],
    "/api/v1/indicators/": [{}],
    "/api/v1/indicator-targets/": [{}],
    "/api/v1/indicator-values/": [{}],
    "/api/v1/indicator-runs/": [{}],
    "/api/v1/allowance-applications/": [{}],
    "/api/v1/allowance-applications/overdue/": [{}],
    "/api/v1/allowance-applications/posting/": [{}],
    "/api/v1/allowance-coefficients/": [{}],
    "/api/v1/allowance-entitlements/": [{}],
    "/api/v1/areas/": [{}, {"q": "phuong"}],
    "/api/v1/emergency-events/": [{}],
    "/api/v1/emergency-supports/": [{}],
    "/api/v1/funeral-supports/": [{}],
    "/api/v1/health-insurance-cards/": [{}],
    "/api/v1/notifications/": [{}],
    "/api/v1/payment-lists/": [{}],
    "/api/v1/payments/": [{}],
}

FORM = "a form, not a list (its lists are the list pages)"
FILE = "a file download: the exports' own benchmark"
ACTION = "an action (POST), not a page"
EXCLUDED: dict[str, str] = {
    "pwa:manifest": "a fixed JSON document (no query)",
    "pwa:service-worker": "a fixed script (no query)",
    "pwa:offline": "a fixed page (no query)",
    "pwa:outbox-key": "the session's key (no list)",
    "pwa:outbox-open": ACTION,
    "field:shell": "reference lists only (categories, services, facilities)",
    "privacy:request_add": FORM,
    "privacy:processing": "a fixed record of processing (no list)",
    "casework:reassign": FORM,
    "/api/v1/history/": "one record's history, bounded (needs a record id)",
    "": "favicon.ico: a redirect to the static file",
    "set_language": ACTION,
    "accounts:login": "the sign-in form (no data)",
    "accounts:logout": ACTION,
    "accounts:password_change": FORM,
    "accounts:second_factor": FORM,
    "accounts:second_factor_setup": FORM,
    "accounts:account_security": "one user's own devices (a few rows)",
    "notifications:read_all": ACTION,
    "workcalendar:holiday_add": FORM,
    "privacy:breach_add": FORM,
    "allowances:payment_list_generate": FORM,
    "allowances:standard_level_add": FORM,
    "allowances:coefficient_add": FORM,
    "allowances:report_10a_xlsx": FILE,
    "allowances:report_10b_xlsx": FILE,
    "allowances:report_10d_xlsx": FILE,
    "allowances:report_10c_xlsx": FILE,
    "allowances:report_10c_pdf": FILE,
    "indicators:recompute": ACTION,
    "casework:case_open": FORM,
    "referrals:send": FORM,
    "hotline:create": FORM,
    "cases:beneficiary_export": FILE,
    "cases:beneficiary_register": FORM,
    "facilities:create": FORM,
    "collaborators:create": FORM,
    "collaborators:course_create": FORM,
    "collaborators:import": FORM,
    "collaborators:export": FILE,
    "operations:worker": "the worker's heartbeat (one row)",
    "api-root": "the API's index of links (no query)",
    "indicator-run-trigger": ACTION,
    "admission-open-dossier": ACTION,
    "allowance-report-report-10d": "a report document: the allowance reports' benchmark",
    "/api/v1/indicator-runs/trigger/": ACTION,
    "/api/v1/admissions/open-dossier/": ACTION,
    "/api/v1/allowance-reports/report-10d/": "a report document, not a list",
    "/api/v1/allowance-reports/report-10a/": "a report document, not a list",
    "/api/v1/allowance-reports/report-10b/": "a report document, not a list",
    "/api/v1/allowance-reports/report-10c/": "a report document, not a list",
    "/api/v1/allowance-reports/headline/": "a few figures, not a list",
    "/api/v1/auth/me/": "the signed-in user (one row)",
}
# Whole families, with their reason.
EXCLUDED_PREFIXES = {
    "admin:": "Django's admin: superusers' tooling, not a portal page",
}


def _walk(patterns, ns: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            sub = (f"{ns}:{pattern.namespace}" if ns else pattern.namespace) or ns
            for route, name in _walk(pattern.url_patterns, sub):
                yield str(pattern.pattern) + route, name
        else:
            name = f"{ns}:{pattern.name}" if ns and pattern.name else (pattern.name or "")
            yield str(pattern.pattern), name


def list_routes() -> list[str]:
    """URL names of every route without a parameter, outside the API."""
    names = []
    for route, name in _walk(get_resolver().url_patterns):
        if "<" in route or "(?P" in route or route.startswith("api/"):
            continue
        names.append(name)
    return names


def api_list_paths() -> list[str]:
    """Every GET path of the OpenAPI schema without a path parameter."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [path for path, ops in schema["paths"].items() if "get" in ops and "{" not in path]


def excluded(name: str) -> str | None:
    if name in EXCLUDED:
        return EXCLUDED[name]
    return next((why for prefix, why in EXCLUDED_PREFIXES.items() if name.startswith(prefix)), None)
