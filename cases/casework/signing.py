"""Digital signatures on issued documents (PAdES, with pyHanko).

The signer is pluggable: `Signer` is what the documents need (a certificate,
a way to sign a PDF); `FileSigner` holds one person's or one agency's key and
certificate as files (this release); a remote-signing service (the
Government Cipher Committee's specialised public-service signature offers
one) implements the same interface later.

Refusals say why in the user's language and sign nothing: no key or
certificate, a wrong key password, a certificate not yet or no longer valid,
a certificate revoked by its CA's CRL.
"""

from __future__ import annotations

import dataclasses
import datetime
import io
from pathlib import Path
from typing import Protocol

from django.utils import timezone
from django.utils.translation import gettext as _


class SigningRefused(ValueError):
    """The document cannot be signed; the message says why."""


class Signer(Protocol):
    def certificate(self): ...  # the asn1crypto certificate the signature carries

    def sign_pdf(self, pdf: bytes, *, field_name: str, reason: str, location: str) -> bytes: ...


@dataclasses.dataclass
class FileSigner:
    """A key (PEM, password-protected) and its certificate chain (PEM) on disk."""

    key_file: Path
    cert_file: Path
    password: bytes | None = None
    chain_files: tuple[Path, ...] = ()
    crls: tuple[bytes, ...] = ()  # DER CRLs of the issuing CA, checked before signing

    def _load(self):
        from asn1crypto import keys
        from cryptography.hazmat.primitives import serialization
        from cryptography.x509 import load_pem_x509_certificate
        from pyhanko.keys import load_cert_from_pemder

        try:
            key_bytes = Path(self.key_file).read_bytes()
            cert = load_cert_from_pemder(str(self.cert_file))
        except (OSError, ValueError, TypeError) as exc:
            raise SigningRefused(_("Người ký chưa có khóa hoặc chứng thư số.")) from exc
        try:
            key = serialization.load_pem_private_key(key_bytes, password=self.password)
        except (TypeError, ValueError) as exc:
            raise SigningRefused(_("Mật khẩu khóa ký số không đúng.")) from exc
        der = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        x509 = load_pem_x509_certificate(Path(self.cert_file).read_bytes())
        now = timezone.now()
        if not (x509.not_valid_before_utc <= now <= x509.not_valid_after_utc):
            raise SigningRefused(_("Chứng thư số đã hết hạn hoặc chưa có hiệu lực."))
        self._check_revocation(x509)
        chain = [load_cert_from_pemder(str(f)) for f in self.chain_files]
        return keys.PrivateKeyInfo.load(der), cert, chain

    def _check_revocation(self, x509) -> None:
        from cryptography.x509 import load_der_x509_crl

        for raw in self.crls:
            crl = load_der_x509_crl(raw)
            if crl.issuer == x509.issuer and crl.get_revoked_certificate_by_serial_number(
                x509.serial_number
            ):
                raise SigningRefused(_("Chứng thư số đã bị thu hồi."))

    def certificate(self):
        return self._load()[1]

    def sign_pdf(self, pdf: bytes, *, field_name: str, reason: str, location: str) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import SigSeedSubFilter
        from pyhanko_certvalidator import ValidationContext
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key, cert, chain = self._load()
        signer = signers.SimpleSigner(
            signing_cert=cert,
            signing_key=key,
            cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
        )
        # PAdES with the chain and the CRLs embedded (B-LT): case files are kept for
        # years, long after the CA's CRL of today stops being published.
        context = ValidationContext(
            trust_roots=chain[-1:] or [cert],
            other_certs=chain,
            crls=list(self.crls),
            allow_fetching=False,
            revocation_mode="hard-fail" if self.crls else "soft-fail",
        )
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=reason,
            location=location,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            embed_validation_info=bool(self.crls and chain),
            validation_context=context,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        return signers.sign_pdf(writer, meta, signer=signer).getvalue()


@dataclasses.dataclass
class SignatureCheck:
    field_name: str
    signer: str
    signed_at: datetime.datetime | None
    intact: bool
    valid: bool
    trusted: bool

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted


def verify(
    pdf: bytes, *, trust_roots, crls=(), allow_fetching: bool = False
) -> list[SignatureCheck]:
    """Every signature of the file, as a PDF reader trusting `trust_roots` sees it."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(
        trust_roots=list(trust_roots),
        crls=list(crls),
        allow_fetching=allow_fetching,
        revocation_mode="hard-fail",
    )
    reader = PdfFileReader(io.BytesIO(pdf))
    checks = []
    for embedded in reader.embedded_signatures:
        status = validate_pdf_signature(embedded, context)
        checks.append(
            SignatureCheck(
                field_name=embedded.field_name,
                signer=status.signing_cert.subject.human_friendly,
                signed_at=status.signer_reported_dt,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
            )
        )
    return checks
