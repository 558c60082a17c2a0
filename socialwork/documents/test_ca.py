"""A certificate authority for tests and the demo, never for real documents.

Writes a key store folder (socialwork.documents.keys) with a root CA, its
CRL, a time-stamping authority and key + certificate files for the people and
agencies named, with placeholder signature and seal pictures. Real keys come
from the Government Cipher Committee (Ban Cơ yếu Chính phủ).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CRL_URL = "http://ca.test/root.crl"  # never fetched: the CRL is in the key store
PASSWORD = "ky-so-thu"  # noqa: S105 (the demo and test keys only)


def _name(cn: str, org: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def _pem_key(key, password: str | None) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def _picture(path: Path, *, seal: bool, label: str) -> None:
    from PIL import Image, ImageDraw

    if seal:  # a red ring, translucent, as a stamped seal looks
        image = Image.new("RGBA", (300, 300), (255, 255, 255, 0))
        draw = ImageDraw.Draw(image)
        draw.ellipse([8, 8, 292, 292], outline=(200, 0, 0, 190), width=14)
        draw.ellipse([60, 60, 240, 240], outline=(200, 0, 0, 190), width=5)
        draw.text((150, 150), "*", fill=(200, 0, 0, 220), anchor="mm")
    else:  # a blue stroke, different per signer
        image = Image.new("RGBA", (450, 220), (255, 255, 255, 0))
        draw = ImageDraw.Draw(image)
        bend = 40 + (sum(label.encode()) % 120)
        draw.line([(20, 180), (150, bend), (260, 170), (430, 40)], fill=(0, 40, 160, 255), width=9)
    image.save(path)


class Authority:
    """A root CA that signs people's, agencies' and the TSA's certificates."""

    def __init__(self, now: datetime.datetime | None = None):
        self.now = now or datetime.datetime.now(datetime.UTC)
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = _name("Test Root CA (không dùng cho văn bản thật)", "Cổng CTXH - thử nghiệm")
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(self.now - datetime.timedelta(days=30))
            .not_valid_after(self.now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )
        self.revoked: list[int] = []

    def issue(self, cn: str, *, days: int = 365, start_days_ago: int = 1, key=None, tsa=False):
        key = key or ec.generate_private_key(ec.SECP256R1())
        start = self.now - datetime.timedelta(days=start_days_ago)
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + datetime.timedelta(days=days))
            .add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            [x509.UniformResourceIdentifier(CRL_URL)], None, None, None
                        )
                    ]
                ),
                critical=False,
            )
        )
        if tsa:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
            )
        else:
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
        return key, builder.sign(self.key, hashes.SHA256())

    def crl(self) -> bytes:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.name)
            .last_update(self.now - datetime.timedelta(hours=1))
            .next_update(self.now + datetime.timedelta(days=30))
        )
        for serial in self.revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(self.now - datetime.timedelta(minutes=30))
                .build()
            )
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def root(self):
        from asn1crypto import x509 as asn1_x509

        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))

    # --- the key store folder ------------------------------------------------------

    def write_store(self, folder: Path) -> Path:
        """The CA, its CRL and the TSA into `folder` (people and agencies by add_*)."""
        for sub in ("ca", "tsa", "people", "agencies"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / "ca" / "root.pem").write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        self.write_crl(folder)
        tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        _key, tsa_cert = self.issue("Test TSA", key=tsa_key, days=3650, tsa=True)
        (folder / "tsa" / "tsa.key.pem").write_bytes(_pem_key(tsa_key, None))
        (folder / "tsa" / "tsa.cert.pem").write_bytes(
            tsa_cert.public_bytes(serialization.Encoding.PEM)
        )
        return folder

    def write_crl(self, folder: Path) -> None:
        (folder / "ca" / "root.crl").write_bytes(self.crl())

    def _write(self, base: Path, cn: str, password: str, *, seal: bool, **kwargs):
        key, cert = self.issue(cn, **kwargs)
        base.parent.mkdir(parents=True, exist_ok=True)
        Path(f"{base}.key.pem").write_bytes(_pem_key(key, password))
        Path(f"{base}.cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        suffix = "seal.png" if seal else "signature.png"
        _picture(Path(f"{base}.{suffix}"), seal=seal, label=cn)
        return cert

    def add_person(self, folder: Path, username: str, cn: str, password: str = PASSWORD, **kw):
        return self._write(folder / "people" / username, cn, password, seal=False, **kw)

    def add_agency(self, folder: Path, code: str, cn: str, password: str = PASSWORD, **kw):
        return self._write(folder / "agencies" / code, cn, password, seal=True, **kw)
