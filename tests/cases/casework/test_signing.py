"""Signing an issued decision with a key and certificate file, against a test CA
the test builds (its own CRL), validated by pyHanko with fetching disabled."""

import datetime
import io

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader

from cases.casework import printing, signing

NOW = datetime.datetime.now(datetime.UTC)
CRL_URL = "http://ca.test/root.crl"  # never fetched: the CRL is handed to the validator


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


class Authority:
    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.name = _name("Test Root CA")
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=30))
            .not_valid_after(NOW + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                critical=True,
            )
            .sign(self.key, hashes.SHA256())
        )
        self.revoked: list[int] = []

    def issue(self, cn: str, *, days: int = 365, start_days_ago: int = 1):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=start_days_ago))
            .not_valid_after(
                NOW - datetime.timedelta(days=start_days_ago) + datetime.timedelta(days=days)
            )
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
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
            .sign(self.key, hashes.SHA256())
        )
        return key, cert

    def crl(self) -> bytes:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.name)
            .last_update(NOW - datetime.timedelta(hours=1))
            .next_update(NOW + datetime.timedelta(days=7))
        )
        for serial in self.revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(NOW - datetime.timedelta(minutes=30))
                .build()
            )
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def root(self):
        return asn1_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))


@pytest.fixture
def ca():
    return Authority()


def _files(tmp_path, ca, cn, password=b"mat-khau", **kwargs):
    key, cert = ca.issue(cn, **kwargs)
    key_file, cert_file = tmp_path / f"{cn}.key.pem", tmp_path / f"{cn}.cert.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(password),
        )
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    root_file = tmp_path / "root.pem"
    root_file.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file, root_file, cert


@pytest.fixture
def decision_pdf(db, case_a, leader_a):
    return printing.render_pdf(printing.build(case=case_a, form="05", actor=leader_a))


def test_a_chairman_signs_and_the_signature_validates_against_the_test_ca(
    tmp_path, ca, decision_pdf
):
    key_file, cert_file, root_file, _cert = _files(tmp_path, ca, "Chu tich UBND xa Ea Tu")
    signer = signing.FileSigner(
        key_file, cert_file, password=b"mat-khau", chain_files=(root_file,), crls=(ca.crl(),)
    )
    signed = signer.sign_pdf(
        decision_pdf, field_name="ChuTich", reason="Phê duyệt kế hoạch", location="Xã Ea Tu"
    )
    assert signed.startswith(decision_pdf[:8]) and len(signed) > len(decision_pdf)
    [check] = signing.verify(signed, trust_roots=[ca.root()], crls=[ca.crl()])
    assert check.ok and check.field_name == "ChuTich"
    # Long-term validation data in the file: the CRL in the document security store.
    dss = PdfFileReader(io.BytesIO(signed)).root["/DSS"]
    assert len(dss["/CRLs"]) >= 1 and len(dss["/Certs"]) >= 1
    assert "Chu tich UBND xa Ea Tu" in check.signer
    # A reader that does not trust the root sees the signature intact but untrusted.
    other = Authority()
    [untrusted] = signing.verify(signed, trust_roots=[other.root()], crls=[ca.crl()])
    assert untrusted.intact and not untrusted.trusted
    # A byte changed inside the signed range: the signature no longer holds.
    assert signed.count(b"WeasyPrint") >= 1
    tampered = signed.replace(b"WeasyPrint", b"WeasyPrinT", 1)
    [broken] = signing.verify(tampered, trust_roots=[ca.root()], crls=[ca.crl()])
    assert not broken.intact and not broken.ok


def test_wrong_password_is_refused(tmp_path, ca, decision_pdf):
    key_file, cert_file, _root, _cert = _files(tmp_path, ca, "Pho chu tich")
    signer = signing.FileSigner(key_file, cert_file, password=b"sai")
    with pytest.raises(signing.SigningRefused, match="Mật khẩu khóa ký số không đúng"):
        signer.sign_pdf(decision_pdf, field_name="A", reason="r", location="l")


def test_missing_certificate_is_refused(tmp_path, decision_pdf):
    signer = signing.FileSigner(tmp_path / "none.key", tmp_path / "none.pem")
    with pytest.raises(signing.SigningRefused, match="chưa có khóa hoặc chứng thư số"):
        signer.sign_pdf(decision_pdf, field_name="A", reason="r", location="l")


def test_expired_certificate_is_refused(tmp_path, ca, decision_pdf):
    key_file, cert_file, _root, _cert = _files(tmp_path, ca, "Het han", days=10, start_days_ago=20)
    signer = signing.FileSigner(key_file, cert_file, password=b"mat-khau")
    with pytest.raises(signing.SigningRefused, match="hết hạn"):
        signer.sign_pdf(decision_pdf, field_name="A", reason="r", location="l")


def test_revoked_certificate_is_refused(tmp_path, ca, decision_pdf):
    key_file, cert_file, _root, cert = _files(tmp_path, ca, "Bi thu hoi")
    ca.revoked.append(cert.serial_number)
    signer = signing.FileSigner(key_file, cert_file, password=b"mat-khau", crls=(ca.crl(),))
    with pytest.raises(signing.SigningRefused, match="thu hồi"):
        signer.sign_pdf(decision_pdf, field_name="A", reason="r", location="l")
