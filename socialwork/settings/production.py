"""Production: the base settings, hardened. Everything else comes from the environment."""

from .base import *  # noqa: F403
from .base import env, mailers

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

DEMO_DATA_ALLOWED = False
# Attachments need ATTACHMENT_KEYS: a key derived from SECRET_KEY would fall with it.
ATTACHMENT_DEV_KEY_ALLOWED = False

MAILERS = mailers("django.core.mail.backends.smtp.EmailBackend")
