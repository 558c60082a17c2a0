"""One router for the whole API: each app registers its viewsets in its api.py."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
