"""The API's URL list: every app's viewsets on the one router.

Each app's api module registers on `router` when imported here."""

from django.urls import include, path, re_path
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound

from socialwork.api.router import router

API_MODULES = [
    "socialwork.accounts.api",
    "socialwork.areas.api",
    "socialwork.notifications.api",
    "socialwork.attachments.api",
    "socialwork.allowances.api",
    "socialwork.indicators.api",
    "cases.api",
    "cases.history_api",
    "cases.casework.api",
    "cases.casework.transfer_api",
    "cases.referrals.api",
    "cases.hotline.api",
    "facilities.api",
    "collaborators.api",
]

for _module in API_MODULES:
    __import__(_module)


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE"])
def not_found(request, rest=""):
    """A path under /api/v1/ that names nothing (`/cases/abc/`): the API's JSON
    404, not the site's HTML page. Paths without the final slash still get
    Django's redirect to the slashed one first."""
    raise NotFound


api_urlpatterns = [path("", include(router.urls)), re_path(r"^(?P<rest>.*/)$", not_found)]
