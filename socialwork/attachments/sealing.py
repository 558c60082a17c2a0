"""Attachments encrypted at rest (DOMAIN.md §8.3): AES-256-GCM, a fresh random
96-bit nonce per file and per name, the attachment's random token as
associated data, so a sealed file moved onto another row fails to open.

    sealed = nonce (12) | ciphertext with tag

Keys come from ATTACHMENT_KEYS, "id:base64key,id:base64key": the first seals,
every one listed opens (the row keeps its key's id), so a key is rotated by
putting a new one first and running `manage.py reseal_attachments`, then
dropping the old one. Without keys (development, tests) one is derived from
SECRET_KEY; production settings refuse that."""

from __future__ import annotations

import base64
import binascii
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_NONCE = 12
DEV_KEY_ID = "dev"


class UnsealError(ValueError):
    """Wrong or missing key, or altered bytes."""


def generate_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def keys() -> dict[str, bytes]:
    """The configured keys by id, the sealing one first."""
    text = getattr(settings, "ATTACHMENT_KEYS", "") or ""
    found: dict[str, bytes] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key_id, sep, encoded = item.partition(":")
        try:
            key = base64.urlsafe_b64decode(encoded.encode()) if sep else b""
        except (binascii.Error, ValueError):
            key = b""
        if not key_id or len(key) != 32:
            raise ImproperlyConfigured("ATTACHMENT_KEYS: each item is id:<32 bytes, base64>")
        found[key_id] = key
    if found:
        return found
    if not getattr(settings, "ATTACHMENT_DEV_KEY_ALLOWED", False):
        raise ImproperlyConfigured("ATTACHMENT_KEYS is not set: attachments cannot be sealed")
    derived = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"socialwork-attachment-dev"
    ).derive(settings.SECRET_KEY.encode())
    return {DEV_KEY_ID: derived}


def current_key_id() -> str:
    return next(iter(keys()))


def seal(plain: bytes, *, key_id: str, context: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + AESGCM(keys()[key_id]).encrypt(nonce, plain, context)


def unseal(sealed: bytes, *, key_id: str, context: bytes) -> bytes:
    key = keys().get(key_id)
    if key is None:
        raise UnsealError(f"no key {key_id!r} in ATTACHMENT_KEYS")
    sealed = bytes(sealed)
    try:
        return AESGCM(key).decrypt(sealed[:_NONCE], sealed[_NONCE:], context)
    except InvalidTag as exc:
        raise UnsealError("the attachment does not open with its key") from exc


def context(token, part: bytes) -> bytes:
    """The associated data of one sealed part of an attachment row."""
    return b"socialwork-attachment-v1|" + token.bytes + b"|" + part


def open_name(attachment) -> str:
    return unseal(
        attachment.name_sealed, key_id=attachment.key_id, context=context(attachment.token, b"name")
    ).decode()


def open_content(attachment) -> bytes:
    return unseal(
        attachment.content_sealed,
        key_id=attachment.key_id,
        context=context(attachment.token, b"content"),
    )
