"""How long a browser session lives: an idle limit and an absolute one.

The session is written only when its idle timer needs pushing on (at most every
SESSION_REFRESH_SECONDS), not on every request: a plain read writes nothing."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

STARTED = "_started_at"
REFRESHED = "_refreshed_at"


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[REFRESHED] = now


class SessionLifetimeMiddleware:
    """After AuthenticationMiddleware: end a session past its absolute age, and
    refresh the idle expiry of a live one every few minutes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            session = request.session
            now = int(time.time())
            started = session.setdefault(STARTED, now)
            if now - started > settings.SESSION_ABSOLUTE_AGE:
                logout(request)
            elif now - session.get(REFRESHED, started) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED] = now  # marks it modified: saved with a new expiry
        return self.get_response(request)
