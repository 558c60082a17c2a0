"""Pluggable SMS gateways. settings.SMS_BACKEND names the class to use.

A backend has `send(*, phone: str, text: str) -> None` and raises `SmsError`
(or any exception) on failure; `deliver_pending` keeps the notification
pending with the reason and tries again later.

- `LoggingBackend` (the default, for development): sends nothing, logs that a
  message would have gone.
- `HttpGatewayBackend`: a brandname-SMS provider's HTTP API, as the
  Vietnamese providers offer it (a POST with an API key, the registered
  brandname, the phone number and the message). Settings, from the
  environment: SMS_GATEWAY_URL, SMS_GATEWAY_API_KEY, SMS_GATEWAY_BRANDNAME,
  SMS_GATEWAY_TIMEOUT (seconds), SMS_GATEWAY_UNACCENTED (strip Vietnamese
  accents: brandname templates are often registered without them). It posts
  JSON `{"api_key", "brandname", "phone", "message"}` and takes any 2xx
  answer as sent unless its JSON says otherwise (`"success": false`, or an
  `"error"`). A provider with another shape is a subclass that overrides
  `payload()` and `check()`.

Neither the phone number nor the text ever reaches a log or an error
message: they carry case details.
"""

from __future__ import annotations

import json
import logging
import unicodedata
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """A message was not sent; str(error) is a short reason, free of personal data."""


class BaseBackend:
    def send(self, *, phone: str, text: str) -> None:
        raise NotImplementedError


class LoggingBackend(BaseBackend):
    """The default: sends nothing, logs that a message would have gone. The log
    never holds the phone number or the text (names, case details)."""

    def send(self, *, phone: str, text: str) -> None:
        logger.info("SMS not sent (logging backend): %d characters", len(text))


def unaccented(text: str) -> str:
    """'Quá hạn: Đắk Lắk' → 'Qua han: Dak Lak' (NFD drops the marks; đ is a letter of its own)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class HttpGatewayBackend(BaseBackend):
    """A brandname-SMS gateway reached by an HTTP POST (see the module's doc)."""

    def __init__(self) -> None:
        self.url = settings.SMS_GATEWAY_URL
        self.api_key = settings.SMS_GATEWAY_API_KEY
        self.brandname = settings.SMS_GATEWAY_BRANDNAME
        self.timeout = settings.SMS_GATEWAY_TIMEOUT
        self.unaccented = settings.SMS_GATEWAY_UNACCENTED
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an http(s) address")

    def payload(self, *, phone: str, text: str) -> dict:
        return {
            "api_key": self.api_key,
            "brandname": self.brandname,
            "phone": phone,
            "message": unaccented(text) if self.unaccented else text,
        }

    def check(self, status: int, body: bytes) -> None:
        """Raise SmsError when a 2xx answer still says the message was refused."""
        try:
            answer = json.loads(body or b"{}")
        except ValueError:
            return  # a provider answering plain text with a 2xx has taken it
        if isinstance(answer, dict) and (answer.get("success") is False or answer.get("error")):
            code = answer.get("code") or answer.get("error_code") or ""
            raise SmsError(f"gateway refused the message {code}".strip())

    def send(self, *, phone: str, text: str) -> None:
        request = urllib.request.Request(  # noqa: S310 (the scheme is checked in __init__)
            self.url,
            data=json.dumps(self.payload(phone=phone, text=text)).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                self.check(response.status, response.read())
        except urllib.error.HTTPError as error:
            raise SmsError(f"gateway answered HTTP {error.code}") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise SmsError(f"gateway did not answer within {self.timeout:g} s") from None
            raise SmsError(f"gateway unreachable ({type(error.reason).__name__})") from None
        except TimeoutError:
            raise SmsError(f"gateway did not answer within {self.timeout:g} s") from None
        except OSError as error:  # the connection dropped while reading the answer
            raise SmsError(f"gateway connection failed ({type(error).__name__})") from None


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()
