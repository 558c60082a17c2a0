"""The interface language: Vietnamese unless the user chose English.

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone
or a desk browser set to English got English pages though the portal is
Vietnamese first (DESIGN: Vietnamese the default, English the second). Here
only the choice made with the language switch (its cookie, set by
/i18n/setlang/) counts; anything else, whatever the browser asks, is
settings.LANGUAGE_CODE.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin


def chosen_language(request) -> str:
    """The language the user chose with the switch, or the portal's default."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    supported = {code for code, _name in settings.LANGUAGES}
    if chosen in supported:
        return chosen
    # "en-us" or "en_GB" from an older cookie: its base language.
    base = chosen.replace("_", "-").split("-", 1)[0].lower()
    return base if base in supported else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(MiddlewareMixin):
    """Replaces django.middleware.locale.LocaleMiddleware (same place in MIDDLEWARE)."""

    def process_request(self, request) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The page depends on the cookie, never on Accept-Language.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
