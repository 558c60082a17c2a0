"""Digital signatures on issued documents (PAdES with pyHanko).

The signer is pluggable: `Signer` is what the documents need (a certificate,
a way to sign one field of a PDF); `FileSigner` holds one person's or one
agency's key and certificate as files (this release); a remote-signing
service (the Government Cipher Committee's specialised public-service
signature offers one) implements the same interface later, and a key store
(`socialwork.documents.keys`) says which signer a user or an agency has.

Every signature is PAdES B-LT: a signature timestamp from the time-stamping
authority, and the chain and the CA's CRLs in the document security store,
so the file still validates years later, when today's CRL is no longer
published (case files are kept for years). The last signature (the agency's)
is followed by a document timestamp over the whole file, DSS included
(`timestamp_document`): the file is then PAdES B-LTA, and a later timestamp
can extend it before the TSA's own certificate expires.

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

from .signable import _font


class SigningRefused(ValueError):
    """The document cannot be signed; the message says why."""


@dataclasses.dataclass(frozen=True)
class Appearance:
    """What the signature field shows: a picture (the signature, the seal) or
    lines of text (the agency's mark on an attachment)."""

    image: Path | None = None
    text: str = ""


class Signer(Protocol):
    def certificate(self): ...  # the asn1crypto certificate the signature carries

    def sign_field(
        self,
        pdf: bytes,
        *,
        field_name: str,
        reason: str,
        location: str,
        certify: bool = False,
        appearance: Appearance | None = None,
        new_field_box: tuple[int, tuple[float, float, float, float]] | None = None,
    ) -> bytes: ...

    def timestamp_document(self, pdf: bytes) -> bytes: ...


@dataclasses.dataclass
class FileSigner:
    """A key (PEM, password-protected) and its certificate chain (PEM) on disk."""

    key_file: Path
    cert_file: Path
    password: bytes | None = None
    chain_files: tuple[Path, ...] = ()
    crls: tuple[bytes, ...] = ()  # DER CRLs of the issuing CAs, checked and embedded
    timestamper: object | None = None  # a pyHanko TimeStamper

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

    def check(self) -> None:
        """Refuse now (key, password, validity, revocation) without signing."""
        self._load()

    def certificate(self):
        return self._load()[1]

    def sign_pdf(self, pdf: bytes, *, field_name: str, reason: str, location: str) -> bytes:
        return self.sign_field(pdf, field_name=field_name, reason=reason, location=location)

    def sign_field(
        self,
        pdf: bytes,
        *,
        field_name: str,
        reason: str,
        location: str,
        certify: bool = False,
        appearance: Appearance | None = None,
        new_field_box=None,
    ) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import MDPPerm, SigFieldSpec, SigSeedSubFilter
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        key, cert, chain = self._load()
        signer = signers.SimpleSigner(
            signing_cert=cert,
            signing_key=key,
            cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),
        )
        context = self._context(chain, cert)
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=reason,
            location=location,
            md_algorithm="sha256",
            subfilter=SigSeedSubFilter.PADES,
            embed_validation_info=bool(self.crls and chain),
            validation_context=context,
            certify=certify,
            # Level 2: the number, the date and the agency's signature may follow.
            docmdp_permissions=MDPPerm.FILL_FORMS,
        )
        new_field = None
        if new_field_box is not None:
            page, box = new_field_box
            new_field = SigFieldSpec(field_name, box=box, on_page=page)
        pdf_signer = signers.PdfSigner(
            meta,
            signer=signer,
            timestamper=self.timestamper,
            stamp_style=_stamp_style(appearance),
            new_field_spec=new_field,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        try:
            return pdf_signer.sign_pdf(writer).getvalue()
        except SigningRefused:
            raise
        except Exception as exc:  # pyHanko's own refusals (a filled field, a bad CRL …)
            raise SigningRefused(
                _("Không ký được văn bản: %(detail)s") % {"detail": str(exc) or type(exc).__name__}
            ) from exc

    def _context(self, chain, cert=None):
        from pyhanko_certvalidator import ValidationContext

        roots = [c for c in chain if c.self_signed] or chain[-1:] or ([cert] if cert else [])
        return ValidationContext(
            trust_roots=roots,
            other_certs=chain,
            crls=list(self.crls),
            allow_fetching=False,
            revocation_mode="hard-fail" if self.crls else "soft-fail",
        )

    def timestamp_document(self, pdf: bytes) -> bytes:
        """A document timestamp after the last signature and its DSS (B-LTA);
        the TSA's chain and CRLs go into the DSS too."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.signers.pdf_signer import PdfTimeStamper

        if self.timestamper is None:
            raise SigningRefused(
                _("Chưa cấu hình dịch vụ cấp dấu thời gian: không đóng dấu thời gian văn bản.")
            )
        from pyhanko.keys import load_cert_from_pemder

        chain = [load_cert_from_pemder(str(f)) for f in self.chain_files]
        existing = {s.field_name for s in PdfFileReader(io.BytesIO(pdf)).embedded_signatures}
        name, n = "DauThoiGian", 1
        while name in existing:  # a later timestamp (renewing B-LTA) takes the next name
            n += 1
            name = f"DauThoiGian{n}"
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        try:
            out = PdfTimeStamper(self.timestamper, field_name=name).timestamp_pdf(
                writer,
                "sha256",
                validation_context=self._context(chain) if chain else None,
            )
        except Exception as exc:
            raise SigningRefused(
                _("Không đóng được dấu thời gian văn bản: %(detail)s")
                % {"detail": str(exc) or type(exc).__name__}
            ) from exc
        return out.getvalue()


def _stamp_style(appearance: Appearance | None):
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import StaticStampStyle, TextStampStyle

    if appearance is None:
        return None
    if appearance.image is not None and Path(appearance.image).exists():
        return StaticStampStyle(background=PdfImage(str(appearance.image)), border_width=0)
    if appearance.text:
        return TextStampStyle(
            stamp_text=appearance.text,
            text_box_style=TextBoxStyle(font=_font("Regular", 9), font_size=9),
            border_width=1,
            border_color=(0.8, 0, 0),
        )
    return None


@dataclasses.dataclass
class SignatureCheck:
    field_name: str
    signer: str
    signed_at: datetime.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    timestamped: bool = False
    docmdp_ok: bool = True
    certifying: bool = False
    document_timestamp: bool = False  # a /DocTimeStamp (B-LTA), not a person's signature

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.docmdp_ok


def verify(
    pdf: bytes, *, trust_roots, crls=(), allow_fetching: bool = False, from_file: bool = False
) -> list[SignatureCheck]:
    """Every signature of the file, as a PDF reader trusting `trust_roots` sees it.

    `from_file`: revocation data only from the file's document security store
    (long-term validation: no CRL handed in, nothing fetched)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import (
        DocumentSecurityStore,
        validate_pdf_signature,
        validate_pdf_timestamp,
    )
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    settings = {
        "trust_roots": list(trust_roots),
        "allow_fetching": allow_fetching,
        "revocation_mode": "hard-fail",
    }
    dss = DocumentSecurityStore.read_dss(reader) if from_file else None

    def context():
        if dss is not None:
            return dss.as_validation_context(settings)
        return ValidationContext(crls=list(crls), **settings)

    checks = []
    for embedded in reader.embedded_signatures:
        if embedded.sig_object_type == "/DocTimeStamp":
            ts = validate_pdf_timestamp(embedded, context())
            checks.append(
                SignatureCheck(
                    field_name=embedded.field_name,
                    signer=ts.signing_cert.subject.human_friendly,
                    signed_at=ts.timestamp,
                    intact=ts.intact,
                    valid=ts.valid,
                    trusted=ts.trusted,
                    timestamped=bool(ts.intact and ts.valid),
                    docmdp_ok=ts.docmdp_ok is not False,
                    document_timestamp=True,
                )
            )
            continue
        status = validate_pdf_signature(embedded, context())
        stamp = status.timestamp_validity
        checks.append(
            SignatureCheck(
                field_name=embedded.field_name,
                signer=status.signing_cert.subject.human_friendly,
                signed_at=stamp.timestamp if stamp is not None else status.signer_reported_dt,
                intact=status.intact,
                valid=status.valid,
                trusted=status.trusted,
                timestamped=bool(stamp and stamp.valid and stamp.intact),
                docmdp_ok=status.docmdp_ok is not False,
                certifying=status.docmdp_ok is not None and embedded.docmdp_level is not None,
            )
        )
    return checks
