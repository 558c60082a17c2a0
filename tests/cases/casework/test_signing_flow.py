"""Mẫu 05 signed in the law's order: the leader previews and signs, the register
numbers and dates it, the clerk applies the agency's signature; PAdES B-LT
validated by pyHanko against a CA the test builds (its CRL, its TSA), with
fetching disabled and the revocation data read from the file only."""

import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import InternalError, connection, transaction
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from cases.casework import numbering, signing
from cases.models import (
    CasePlan,
    IssuedDocument,
    IssuedStatus,
    PlanStatus,
    SignedFile,
    SignedPart,
    SignedStage,
    SignerCapacity,
)
from socialwork.accounts.models import Position
from socialwork.documents import signable, test_ca
from tests.factories import CommuneLeaderFactory

PASSWORD = test_ca.PASSWORD


def _sign(leader, plan, password=PASSWORD):
    preview = signing.preview_plan(actor=leader, plan=plan)
    return signing.sign_plan(
        actor=leader, plan=plan, preview_sha256=preview.sha256, password=password
    )


def _one(issued, stage, part=SignedPart.DECISION) -> bytes:
    return bytes(SignedFile.objects.get(issued=issued, stage=stage, part=part).content)


@pytest.mark.django_db
def test_the_leader_signs_the_previewed_bytes_and_the_clerk_seals(
    keys_a, submitted, leader_a, clerk_a
):
    preview = signing.preview_plan(actor=leader_a, plan=submitted)
    shown = bytes(preview.pdf)
    assert preview.sha256 == signing.sha256(shown)
    # The blanks are form fields; the preview has no number yet.
    assert signable.field_values(shown) == {}
    issued = signing.sign_plan(
        actor=leader_a, plan=submitted, preview_sha256=preview.sha256, password=PASSWORD
    )
    assert issued.reference == "01/QĐ-UBND" and issued.status == IssuedStatus.ISSUED
    signed = _one(issued, SignedStage.SIGNED)
    # The bytes hashed at preview are the bytes signed: the signed file begins with
    # them (incremental updates) and the person's signature covers exactly them.
    assert signed[: len(shown)] == shown
    reader = PdfFileReader(io.BytesIO(signed))
    [person] = reader.embedded_signatures
    # Revisions: the rendering, its fields (the preview), the signature, its
    # validation data (the DSS), the number and date.
    assert person.signed_revision == 2 and reader.xrefs.total_revisions == 5
    assert signable.field_values(signed) == {
        "so": "01",
        "ngay": f"{issued.issued_on.day:02d}",
        "thang": (
            f"{issued.issued_on.month:02d}"
            if issued.issued_on.month < 3
            else str(issued.issued_on.month)
        ),
        "nam": str(issued.issued_on.year),
    }
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.APPROVED
    assert submitted.decision_number == "01/QĐ-UBND"
    assert issued.plan_id == submitted.pk and issued.signer_capacity == SignerCapacity.CHAIRMAN

    files = signing.seal(actor=clerk_a, issued=issued, password=PASSWORD)
    assert [(f.stage, f.part) for f in files] == [
        (SignedStage.SEALED, SignedPart.DECISION),
        (SignedStage.SEALED, SignedPart.ATTACHMENT),
    ]
    sealed = bytes(files[0].content)
    assert sealed[: len(signed)] == signed and files[0].sha256 == signing.sha256(sealed)
    *checks, stamp = signing.verify(sealed, trust_roots=[keys_a.root()], from_file=True)
    assert [c.field_name for c in checks] == [signable.FIELD_PERSON, signable.FIELD_AGENCY]
    assert all(c.ok and c.timestamped and not c.document_timestamp for c in checks), checks
    # B-LTA: the seal is followed by a document timestamp, valid from the file alone.
    assert stamp.document_timestamp and stamp.ok and "Test TSA" in stamp.signer, stamp
    assert "Nguyen Van Chu Tich" in checks[0].signer and "UBND Xa Ea Tu" in checks[1].signer
    assert checks[0].certifying
    # Long-term validation data in the file: the CRL and the chain in the DSS.
    dss = PdfFileReader(io.BytesIO(sealed)).root["/DSS"]
    assert len(dss["/CRLs"]) >= 1 and len(dss["/Certs"]) >= 2
    # The attached plan, its own file, signed by the agency top right of page 1.
    [mark, mark_stamp] = signing.verify(
        bytes(files[1].content), trust_roots=[keys_a.root()], from_file=True
    )
    assert mark.ok and mark.field_name == signing.FIELD_ATTACHMENT
    assert mark_stamp.document_timestamp and mark_stamp.ok
    widget = _widget(bytes(files[1].content), signing.FIELD_ATTACHMENT)
    x0, y0, x1, y1 = (float(v) for v in widget["/Rect"])
    assert x0 > 595 / 2 and y1 > 842 - 20 * signing.MM
    # A reader not trusting the root: intact, not trusted.
    other = test_ca.Authority()
    assert not any(c.ok for c in signing.verify(sealed, trust_roots=[other.root()]))


@pytest.mark.django_db
def test_the_sealed_file_is_b_lta(keys_a, submitted, leader_a, clerk_a):
    """The document timestamp comes after the seal and its DSS and covers the
    whole file; pyHanko validates it with fetching off, from the file's DSS."""
    from pyhanko.sign.validation import DocumentSecurityStore, validate_pdf_timestamp

    issued = _sign(leader_a, submitted)
    [sealed_file, _attachment] = signing.seal(actor=clerk_a, issued=issued, password=PASSWORD)
    sealed = bytes(sealed_file.content)
    reader = PdfFileReader(io.BytesIO(sealed))
    *sigs, stamp = reader.embedded_signatures
    assert [s.sig_object_type for s in sigs] == ["/Sig", "/Sig"]
    assert stamp.sig_object_type == "/DocTimeStamp"
    # The seal's DSS is written before the timestamp, so the timestamp covers it.
    assert stamp.signed_revision > sigs[-1].signed_revision
    assert "/DSS" in reader.get_historical_root(stamp.signed_revision - 1)
    params = {
        "trust_roots": [keys_a.root()],
        "allow_fetching": False,
        "revocation_mode": "hard-fail",
    }
    dss = DocumentSecurityStore.read_dss(reader)
    status = validate_pdf_timestamp(stamp, dss.as_validation_context(params))
    assert status.intact and status.valid and status.trusted, status
    assert status.docmdp_ok is not False


def _widget(pdf: bytes, name: str):
    reader = PdfFileReader(io.BytesIO(pdf))
    for ref in reader.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        if str(field.get("/T")) == name:
            return field
    raise AssertionError(name)


@pytest.mark.django_db
def test_the_seal_overlaps_the_left_third_of_the_signature(keys_a, submitted, leader_a):
    pdf = bytes(signing.preview_plan(actor=leader_a, plan=submitted).pdf)
    person = [float(v) for v in _widget(pdf, signable.FIELD_PERSON)["/Rect"]]
    agency = [float(v) for v in _widget(pdf, signable.FIELD_AGENCY)["/Rect"]]
    third = person[0] + (person[2] - person[0]) / 3
    assert agency[0] < person[0] < agency[2] and abs(agency[2] - third) < 1
    assert agency[1] < person[3] and agency[3] > person[1]  # vertically overlapping
    # The signature field sits in the right column, under "CHỦ TỊCH".
    assert person[0] > 595 / 2


@pytest.mark.django_db
def test_a_vice_chairman_signs_kt_chu_tich(keys_a, submitted, commune_a):
    vice = CommuneLeaderFactory(area=commune_a, position=Position.VICE_CHAIRMAN)
    keys_a.add_person(keys_a.folder, vice.username, "Pho Chu Tich")
    issued = _sign(vice, submitted)
    assert issued.signer_capacity == SignerCapacity.VICE_CHAIRMAN
    import pdfplumber

    text = pdfplumber.open(io.BytesIO(_one(issued, SignedStage.SIGNED))).pages[-1].extract_text()
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text


@pytest.mark.django_db
def test_a_later_change_never_changes_the_stored_file(keys_a, submitted, leader_a):
    issued = _sign(leader_a, submitted)
    stored = SignedFile.objects.get(issued=issued)
    CasePlan.objects.filter(pk=submitted.pk).update(goals="Đổi mục tiêu")
    stored.refresh_from_db()
    assert signing.sha256(bytes(stored.content)) == stored.sha256
    with pytest.raises(InternalError), transaction.atomic():
        SignedFile.objects.filter(pk=stored.pk).update(content=b"x")
    with pytest.raises(InternalError), transaction.atomic():
        SignedFile.objects.filter(pk=stored.pk).delete()


# --- bad input ----------------------------------------------------------------------


def _nothing_stored(plan):
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not SignedFile.objects.exists()
    assert not IssuedDocument.objects.filter(status=IssuedStatus.ISSUED).exists()


@pytest.mark.django_db
def test_a_signer_without_a_certificate_is_refused(ca, submitted, leader_a):
    with pytest.raises(ValidationError) as exc:
        _sign(leader_a, submitted)
    assert "chưa có khóa hoặc chứng thư số" in str(exc.value)
    _nothing_stored(submitted)
    assert not IssuedDocument.objects.exists()  # refused before a number was taken


@pytest.mark.django_db
def test_a_wrong_key_password_is_refused(keys_a, submitted, leader_a):
    with pytest.raises(ValidationError, match="Mật khẩu khóa ký số không đúng"):
        _sign(leader_a, submitted, password="sai")
    _nothing_stored(submitted)
    assert not IssuedDocument.objects.exists()


@pytest.mark.django_db
def test_an_expired_certificate_is_refused(ca, submitted, leader_a):
    ca.add_person(ca.folder, leader_a.username, "Het Han", days=10, start_days_ago=20)
    with pytest.raises(ValidationError, match="hết hạn"):
        _sign(leader_a, submitted)
    _nothing_stored(submitted)


@pytest.mark.django_db
def test_a_revoked_certificate_is_refused(ca, submitted, leader_a):
    cert = ca.add_person(ca.folder, leader_a.username, "Bi Thu Hoi")
    ca.revoked.append(cert.serial_number)
    ca.write_crl(ca.folder)
    with pytest.raises(ValidationError, match="thu hồi"):
        _sign(leader_a, submitted)
    _nothing_stored(submitted)


@pytest.mark.django_db
def test_a_document_already_signed_is_refused(keys_a, submitted, leader_a):
    preview = signing.preview_plan(actor=leader_a, plan=submitted)
    signing.sign_plan(
        actor=leader_a, plan=submitted, preview_sha256=preview.sha256, password=PASSWORD
    )
    with pytest.raises(ValidationError, match="đã được ký"):
        signing.sign_plan(
            actor=leader_a, plan=submitted, preview_sha256=preview.sha256, password=PASSWORD
        )
    assert SignedFile.objects.count() == 1 and IssuedDocument.objects.count() == 1


@pytest.mark.django_db
def test_a_preview_of_another_version_is_refused(keys_a, submitted, leader_a):
    preview = signing.preview_plan(actor=leader_a, plan=submitted)
    CasePlan.objects.filter(pk=submitted.pk).update(version=submitted.version + 1)
    with pytest.raises(ValidationError, match="thay đổi sau khi xem trước"):
        signing.sign_plan(
            actor=leader_a, plan=submitted, preview_sha256=preview.sha256, password=PASSWORD
        )
    with pytest.raises(ValidationError, match="xem lại"):
        signing.sign_plan(
            actor=leader_a, plan=submitted, preview_sha256="0" * 64, password=PASSWORD
        )
    assert not SignedFile.objects.exists()


@pytest.mark.django_db
def test_a_failure_after_the_number_voids_it_with_its_reason(
    keys_a, submitted, leader_a, monkeypatch
):
    def broken(*args, **kwargs):
        raise ValidationError("Không ghi được số vào văn bản")

    monkeypatch.setattr(signable, "fill_number_and_date", broken)
    with pytest.raises(ValidationError):
        _sign(leader_a, submitted)
    [entry] = IssuedDocument.objects.all()
    assert entry.status == IssuedStatus.VOID and "Không ghi được số" in entry.void_reason
    assert not SignedFile.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == PlanStatus.SUBMITTED
    monkeypatch.undo()
    # The next signing takes the next number: the register has no silent gap.
    assert _sign(leader_a, submitted).number == 2


@pytest.mark.django_db
def test_the_clerk_cannot_seal_an_unsigned_document(keys_a, clerk_a, commune_a, leader_a):
    with transaction.atomic():
        entry = numbering.take(
            agency=commune_a,
            kind="QĐ",
            issued_on=timezone.localdate(),
            actor=leader_a,
            form="05",
        )
    with pytest.raises(ValidationError, match="chưa được người có thẩm quyền ký số"):
        signing.seal(actor=clerk_a, issued=entry, password=PASSWORD)
    assert not SignedFile.objects.exists()


@pytest.mark.django_db
def test_only_the_clerk_seals_and_only_once(keys_a, submitted, leader_a, clerk_a):
    issued = _sign(leader_a, submitted)
    with pytest.raises(PermissionDenied):
        signing.seal(actor=leader_a, issued=issued, password=PASSWORD)
    with pytest.raises(ValidationError, match="Mật khẩu"):
        signing.seal(actor=clerk_a, issued=issued, password="sai")
    assert SignedFile.objects.filter(stage=SignedStage.SEALED).count() == 0
    signing.seal(actor=clerk_a, issued=issued, password=PASSWORD)
    with pytest.raises(ValidationError, match="đã được ký số của cơ quan"):
        signing.seal(actor=clerk_a, issued=issued, password=PASSWORD)
    assert SignedFile.objects.filter(stage=SignedStage.SEALED).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_leaders_signing_at_once_one_is_refused(keys_a, submitted, leader_a, commune_a):
    vice = CommuneLeaderFactory(area=commune_a, position=Position.VICE_CHAIRMAN)
    keys_a.add_person(keys_a.folder, vice.username, "Pho Chu Tich")
    previews = {
        u.pk: signing.preview_plan(actor=u, plan=submitted).sha256 for u in (leader_a, vice)
    }
    barrier = threading.Barrier(2)
    outcomes = []

    def run(user):
        try:
            barrier.wait()
            signing.sign_plan(
                actor=user, plan=submitted, preview_sha256=previews[user.pk], password=PASSWORD
            )
            outcomes.append("signed")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in (leader_a, vice)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[-1] == "signed" and "đã được ký" in sorted(outcomes)[0], outcomes
    assert SignedFile.objects.count() == 1
    assert IssuedDocument.objects.filter(status=IssuedStatus.ISSUED).count() == 1
    assert not IssuedDocument.objects.filter(status=IssuedStatus.VOID).exists()
