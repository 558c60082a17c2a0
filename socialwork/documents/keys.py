"""Where a signer's key and certificate come from (settings.SIGNING_KEY_STORE).

This release keeps a key and certificate file per signer and per agency in
settings.SIGNING_KEYS_DIR:

    people/<username>.key.pem, .cert.pem, .signature.png (the signature picture)
    agencies/<unit code>.key.pem, .cert.pem, .seal.png  (the agency's seal picture)
    ca/*.pem   the issuing CA's chain (the root self-signed)
    ca/*.crl   the CA's current CRLs (DER), checked and embedded when signing
    tsa/tsa.key.pem, tsa.cert.pem  a local time-stamping authority (tests, demo)

settings.SIGNING_TSA_URL names a real time-stamping service (RFC 3161) and
then wins over the local one. A remote-signing service (the Government
Cipher Committee offers one) is another KeyStore returning its own Signer.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .signatures import Appearance, FileSigner, Signer, SigningRefused


class KeyStore(Protocol):
    def person(self, user, password: str) -> tuple[Signer, Appearance]: ...

    def agency(self, unit, password: str) -> tuple[Signer, Appearance]: ...

    def trust_roots(self) -> list: ...

    def has_person(self, user) -> bool: ...


@dataclasses.dataclass
class FileKeyStore:
    root: Path

    def _ca(self) -> tuple[tuple[Path, ...], tuple[bytes, ...]]:
        folder = self.root / "ca"
        chain = tuple(sorted(folder.glob("*.pem"))) if folder.is_dir() else ()
        crls = tuple(p.read_bytes() for p in sorted(folder.glob("*.crl"))) if chain else ()
        return chain, crls

    def timestamper(self):
        if getattr(settings, "SIGNING_TSA_URL", ""):
            from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

            return RequestsHTTPTimeStamper(settings.SIGNING_TSA_URL)
        key_file, cert_file = self.root / "tsa" / "tsa.key.pem", self.root / "tsa" / "tsa.cert.pem"
        if not (key_file.exists() and cert_file.exists()):
            raise SigningRefused(
                _(
                    "Chưa cấu hình dịch vụ cấp dấu thời gian (SIGNING_TSA_URL): văn bản ký số "
                    "cần dấu thời gian để còn kiểm tra được về lâu dài."
                )
            )
        from asn1crypto import keys
        from cryptography.hazmat.primitives import serialization
        from pyhanko.keys import load_cert_from_pemder
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        chain, _crls = self._ca()
        return DummyTimeStamper(
            load_cert_from_pemder(str(cert_file)),
            keys.PrivateKeyInfo.load(der),
            certs_to_embed=SimpleCertificateStore.from_certs(
                [load_cert_from_pemder(str(p)) for p in chain]
            ),
        )

    def _signer(self, base: Path, password: str, picture: Path) -> tuple[Signer, Appearance]:
        chain, crls = self._ca()
        signer = FileSigner(
            _file(base, "key.pem"),
            _file(base, "cert.pem"),
            password=password.encode() if password else None,
            chain_files=chain,
            crls=crls,
        )
        signer.check()  # refuse before anything else is done
        signer.timestamper = self.timestamper()
        return signer, Appearance(image=picture if picture.exists() else None)

    def person(self, user, password: str):
        base = self.root / "people" / user.username
        return self._signer(base, password, _file(base, "signature.png"))

    def agency(self, unit, password: str):
        base = self.root / "agencies" / unit.code
        return self._signer(base, password, _file(base, "seal.png"))

    def has_person(self, user) -> bool:
        return (self.root / "people" / f"{user.username}.cert.pem").exists()

    def has_agency(self, unit) -> bool:
        return (self.root / "agencies" / f"{unit.code}.cert.pem").exists()

    def trust_roots(self) -> list:
        from pyhanko.keys import load_cert_from_pemder

        chain, _crls = self._ca()
        certs = [load_cert_from_pemder(str(p)) for p in chain]
        return [c for c in certs if c.self_signed]


def _file(base: Path, suffix: str) -> Path:
    # Not with_suffix: a user name may hold a dot.
    return base.parent / f"{base.name}.{suffix}"


def key_store() -> FileKeyStore:
    backend = getattr(settings, "SIGNING_KEY_STORE", "socialwork.documents.keys.FileKeyStore")
    return import_string(backend)(Path(settings.SIGNING_KEYS_DIR))
