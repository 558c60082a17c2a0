"""Pluggable SMS gateways. settings.SMS_BACKEND names the class to use.

A backend has `send(*, phone: str, text: str) -> None` and raises on failure
(`deliver_pending` retries a few times). Write one per carrier/gateway
(Viettel, VNPT…) and point SMS_BACKEND at it in production.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class BaseBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingBackend(BaseBackend):
    """The default: sends nothing, logs that a message would have gone. The log
    never holds the phone number or the text (names, case details)."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS not sent (logging backend): %d characters", len(text))


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()
