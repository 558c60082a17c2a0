"""One router for the whole API: each app registers its viewsets in its api.py."""

from rest_framework.routers import DefaultRouter


class Router(DefaultRouter):
    """Ids in URLs are numbers unless a viewset names its own pattern
    (`lookup_value_regex`): `/cases/abc/` is a 404 at the router instead of a
    query that cannot parse its id."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._default_value_pattern = "[0-9]+"


router = Router()
