from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from socialwork.accounts import views as account_views
from socialwork.api.urls import api_urlpatterns

urlpatterns = [
    path("", account_views.home, name="home"),
    # The installable shell (manifest, service worker at the root scope, offline page).
    path("", include("socialwork.pwa.urls")),
    path("field/", include("cases.field.urls")),
    # Browsers ask for /favicon.ico whatever the page links: one cached redirect.
    path("favicon.ico", lambda request: redirect(static_url("favicon.svg"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("socialwork.accounts.urls")),
    path("areas/", include("socialwork.areas.urls")),
    path("notifications/", include("socialwork.notifications.urls")),
    path("imports/", include("socialwork.spreadsheets.urls")),
    path("exports/", include("socialwork.spreadsheets.export_urls")),
    path("calendar/", include("socialwork.calendar.urls")),
    path("privacy/", include("socialwork.privacy.urls")),
    path("attachments/", include("socialwork.attachments.urls")),
    path("allowances/", include("socialwork.allowances.urls")),
    path("indicators/", include("socialwork.indicators.urls")),
    path("cases/work/", include("cases.casework.urls")),
    path("cases/referrals/", include("cases.referrals.urls")),
    path("cases/hotline/", include("cases.hotline.urls")),
    path("cases/", include("cases.urls")),
    path("facilities/", include("facilities.urls")),
    path("collaborators/", include("collaborators.urls")),
    # The schema and its docs describe every operation: signed-in users only (the
    # schema through SERVE_PERMISSIONS, 401 to a phone; the pages send a browser to sign in).
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view: its script is a static file, so the CSP holds.
    path(
        "api/v1/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path("operations/", include("socialwork.operations.urls")),
    path(
        "api/v1/redoc/",
        login_required(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
    # Last under api/v1/: it ends in a JSON 404 for any path the API does not name.
    path("api/v1/", include(api_urlpatterns)),
    path("admin/", admin.site.urls),
]

# Vietnamese (or the user's English) pages, never a traceback; a database
# outage becomes a 503 (socialwork.operations.errors).
handler400 = "socialwork.operations.errors.bad_request"
handler500 = "socialwork.operations.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
