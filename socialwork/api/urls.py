"""The API's URL list: every app's viewsets on the one router.

Each app's api module registers on `router` when imported here."""

from django.urls import include, path

from socialwork.api.router import router

API_MODULES = [
    "socialwork.accounts.api",
    "socialwork.areas.api",
    "socialwork.notifications.api",
    "socialwork.allowances.api",
    "socialwork.indicators.api",
    "cases.api",
    "cases.casework.api",
    "cases.referrals.api",
    "cases.hotline.api",
    "facilities.api",
    "collaborators.api",
]

for _module in API_MODULES:
    __import__(_module)

api_urlpatterns = [path("", include(router.urls))]
