from django.conf import settings
from django.contrib import admin
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
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("socialwork.accounts.urls")),
    path("areas/", include("socialwork.areas.urls")),
    path("notifications/", include("socialwork.notifications.urls")),
    path("imports/", include("socialwork.spreadsheets.urls")),
    path("exports/", include("socialwork.spreadsheets.export_urls")),
    path("calendar/", include("socialwork.calendar.urls")),
    path("allowances/", include("socialwork.allowances.urls")),
    path("indicators/", include("socialwork.indicators.urls")),
    path("cases/work/", include("cases.casework.urls")),
    path("cases/referrals/", include("cases.referrals.urls")),
    path("cases/hotline/", include("cases.hotline.urls")),
    path("cases/", include("cases.urls")),
    path("facilities/", include("facilities.urls")),
    path("collaborators/", include("collaborators.urls")),
    path("api/v1/", include(api_urlpatterns)),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view: its script is a static file, so the CSP holds.
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
