"""The key that seals a phone's outbox, held by the server for the session.

A collaborator's unsent submissions wait in the browser's IndexedDB. Commune
phones are shared, so each item is sealed: the browser encrypts it with a fresh
AES-GCM key and wraps that key with the session's RSA-OAEP public key. The
private key lives only in the server-side session, so what sits on the phone
cannot be read without the live session of the user who wrote it; when the
session ends (logout, 12 h), the items can no longer be opened, and the page
deletes them (warning first when some are unsent).

RSA-OAEP with SHA-256 and AES-256-GCM are what WebCrypto offers natively on
every browser the collaborators' phones run, so the page needs no library.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "outbox_private_key"
# An envelope of a session that has ended (another login, or the same user's
# earlier session): it cannot be opened any more.
OTHER_SESSION = _(
    "Mục này được ghi trong một phiên đăng nhập đã kết thúc nên không mở được nữa: hãy ghi lại."
)
DAMAGED = _("Mục này đã bị hỏng trên điện thoại: hãy ghi lại.")
# A sealed item is a form's fields: far below this.
MAX_ENVELOPE = 256 * 1024

_OAEP = padding.OAEP(
    mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _private_key(session) -> rsa.RSAPrivateKey:
    pem = session.get(SESSION_KEY)
    if pem is None:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        session[SESSION_KEY] = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        return key
    return serialization.load_pem_private_key(pem.encode(), password=None)


def key_id(public_key: rsa.RSAPublicKey) -> str:
    der = public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()[:32]


def public_jwk(session) -> dict:
    """The session's public key as a JWK, with its id (`kid`), made on first use."""
    public = _private_key(session).public_key()
    numbers = public.public_numbers()
    n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
    e = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8, "big")
    return {
        "kty": "RSA",
        "alg": "RSA-OAEP-256",
        "ext": True,
        "key_ops": ["wrapKey", "encrypt"],
        "n": _b64(n),
        "e": _b64(e),
        "kid": key_id(public),
    }


def seal(session, payload: dict) -> dict:
    """What the page does, in Python: for the tests and for nothing else."""
    public = _private_key(session).public_key()
    key = AESGCM.generate_key(bit_length=256)
    iv = os.urandom(12)
    data = AESGCM(key).encrypt(iv, json.dumps(payload).encode(), None)
    return {
        "kid": key_id(public),
        "key": _b64(public.encrypt(key, _OAEP)),
        "iv": _b64(iv),
        "data": _b64(data),
    }


def unseal(session, envelope: dict) -> dict:
    """The item's fields, or a ValidationError saying why it cannot be opened."""
    if SESSION_KEY not in session:
        raise ValidationError(OTHER_SESSION, code="other_session")
    private = _private_key(session)
    if envelope.get("kid") != key_id(private.public_key()):
        raise ValidationError(OTHER_SESSION, code="other_session")
    try:
        key = private.decrypt(_unb64(envelope["key"]), _OAEP)
        plain = AESGCM(key).decrypt(_unb64(envelope["iv"]), _unb64(envelope["data"]), None)
        payload = json.loads(plain)
    except (KeyError, TypeError, ValueError, InvalidTag):
        raise ValidationError(DAMAGED, code="damaged") from None
    if not isinstance(payload, dict):
        raise ValidationError(DAMAGED, code="damaged")
    return payload
