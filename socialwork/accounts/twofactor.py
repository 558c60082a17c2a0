"""Two-factor sign-in (OWASP ASVS 5.0 level 2, chapter 6): a time-based code
from an authenticator app, with single-use recovery codes, for the roles that
see the whole register, run a facility, administer, or sign commune decisions.

django-otp holds the devices and checks the codes (RFC 6238, throttled, a code
used once cannot be replayed); this module says who needs them and writes them.
A session is verified when django_otp.login() has put the device's id in it:
checking that costs no query, so pages keep their query counts."""

from __future__ import annotations

import base64
import io

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .capabilities import holders
from .models import User

RECOVERY_CODES = 10
WRONG_CODE = _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trên ứng dụng.")


def needs_second_factor(user) -> bool:
    return bool(
        user.is_authenticated
        and (user.is_superuser or user.role in holders("signin.second_factor"))
    )


def session_is_verified(session) -> bool:
    return bool(session.get(DEVICE_ID_SESSION_KEY))


def has_device(user: User) -> bool:
    return any(devices_for_user(user, confirmed=True))


def user_for_code(user: User, code: str):
    """The confirmed device (authenticator or recovery code) this code belongs to, or None."""
    code = "".join((code or "").split())
    return match_token(user, code) if code else None


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator for the user; a half-finished earlier one goes."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=_("Ứng dụng xác thực"), confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str]:
    """The first code proves the app holds the key: the device is confirmed, any
    earlier one removed, and a fresh set of recovery codes returned (shown once)."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError(WRONG_CODE, code="wrong")
    if not device.verify_token("".join((code or "").split())):
        raise ValidationError(WRONG_CODE, code="wrong")
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """Ten new single-use codes; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Mã khôi phục"), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def provisioning_svg(device: TOTPDevice) -> str:
    """The QR code an authenticator app scans, as inline SVG markup (no script, no
    image request, so the CSP holds and a slow link loads nothing more)."""
    qr = segno.make(device.config_url, error="m")
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=4, xmldecl=False, svgns=True, title=str(_("Mã QR")))
    return out.getvalue().decode()


def typed_secret(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for a phone that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
