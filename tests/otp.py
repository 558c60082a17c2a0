"""Codes an authenticator app would show, for tests that sign in with two factors."""

import base64
import time

from django_otp.oath import TOTP


def code_for(key: bytes, *, step: int = 30, t0: int = 0, digits: int = 6, last_t: int = -1) -> str:
    """The code for the current time step, or the next one when this step's code
    was used already (a second sign-in within 30 seconds); django-otp accepts one
    step ahead and refuses a code it has seen."""
    totp = TOTP(key, step=step, t0=t0, digits=digits)
    while last_t > totp.t():  # even the next step is used: wait for it to come
        time.sleep(1)
    if last_t == totp.t():
        totp.time = t0 + (last_t + 1) * step
    return f"{totp.token():0{digits}d}"


def device_code(device) -> str:
    device.refresh_from_db()
    return code_for(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, last_t=device.last_t
    )


def secret_code(typed_secret: str) -> str:
    """The first code for a key shown on the set-up page ("ABCD EFGH …")."""
    secret = "".join(typed_secret.split())
    secret += "=" * (-len(secret) % 8)
    return code_for(base64.b32decode(secret))
