"""Signing the commune's decisions in the law's order (Decree 30/2020 Art. 5,
14, 15, 17): the competent person signs, the register gives the number and
the date, the clerk applies the agency's digital signature (the digital seal).

1. `preview_plan()`: the leader is shown the PDF of Mẫu 05 exactly as it will
   be signed (stored, hashed); the number and date are empty form fields.
2. `sign_plan()`: the leader's key signs those very bytes (the posted hash
   must match), certifying the file at DocMDP level 2 (form filling and
   signing allowed); then, in the same transaction, the register's next
   number and today's date are filled in, the file is stored and the plan is
   approved. A refusal of the key (none, wrong password, expired, revoked)
   comes before the number is taken; any failure after it voids the number
   with its reason. Nothing half-signed is stored.
3. `seal()`: the clerk (văn thư) applies the agency's signature on the signed
   file, its seal picture over the left third of the leader's signature, and
   on the plan attached as its own file (Mẫu 04) at the top right of its first
   page with the number, symbol and time; a document timestamp follows the
   seal on both files (PAdES B-LTA).

4. `paper_decision_register()`: a decision the leader could not sign
   digitally (Mẫu 07 at night, no certificate at hand) is signed on paper;
   its scan (PDF or JPEG) is attached later and registered with the next
   number of the same register (Decree 30 Art. 18(5), 25), dated with the day
   it was signed.

Stored files (`SignedFile`) are append-only in the database; a later change
to the case issues a new decision, never a changed file.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.documents import keys, signable
from socialwork.documents.layout import MARGINS, render_pdf
from socialwork.documents.signatures import (  # noqa: F401  (re-exported for callers)
    Appearance,
    FileSigner,
    SignatureCheck,
    Signer,
    SigningRefused,
    verify,
)
from socialwork.history import records_actor

from ..models import (
    CaseEvent,
    CasePlan,
    DocumentKind,
    IssuedDocument,
    IssuedStatus,
    PlanStatus,
    SignedFile,
    SignedPart,
    SignedStage,
    SigningPreview,
)
from ..models.casework import PAPER_PENDING, PAPER_REGISTERED, EventKind
from . import numbering, printing
from .services.plans import _plan_approve_under

FIELD_ATTACHMENT = "ChuKyCoQuanPhuLuc"
MM = 72 / 25.4


def sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def preview_plan(*, actor, plan: CasePlan) -> SigningPreview:
    """The Mẫu 05 PDF the leader will sign, rendered once per plan version."""
    plan = CasePlan.objects.select_related("case__commune").get(pk=plan.pk)
    require(actor, "case.plan.approve", commune=plan.case.commune_id)
    _check_signable(plan)
    existing = (
        SigningPreview.objects.filter(plan=plan, source_version=plan.version, created_by=actor)
        .order_by("-id")
        .first()
    )
    if existing is not None:
        return existing
    pdf = signable.render_signable_pdf(printing.build_for_signing(plan=plan, actor=actor))
    return SigningPreview.objects.create(
        plan=plan,
        form="05",
        pdf=pdf,
        sha256=sha256(pdf),
        source_version=plan.version,
        created_by=actor,
    )


def _check_signable(plan: CasePlan) -> None:
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError(_("Quyết định phê duyệt kế hoạch này đã được ký."))
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("Kế hoạch chưa được trình phê duyệt: chưa ký được quyết định."))


def _refused(exc: SigningRefused) -> ValidationError:
    return ValidationError({"password": str(exc)})


def sign_plan(*, actor, plan: CasePlan, preview_sha256: str, password: str) -> IssuedDocument:
    """The leader signs the previewed Mẫu 05; the register numbers and dates it."""
    store = keys.key_store()
    failure: Exception | None = None
    with transaction.atomic():
        # The lock makes two leaders signing at once take turns: the second is refused.
        plan = CasePlan.objects.select_for_update().get(pk=plan.pk)
        commune = plan.case.commune
        require(actor, "case.plan.approve", commune=commune.pk)
        _check_signable(plan)
        preview = (
            SigningPreview.objects.filter(plan=plan, sha256=preview_sha256, created_by=actor)
            .order_by("-id")
            .first()
        )
        if preview is None or preview.source_version != plan.version:
            raise ValidationError(
                _("Kế hoạch đã thay đổi sau khi xem trước: hãy xem lại văn bản trước khi ký.")
            )
        pdf = bytes(preview.pdf)
        if sha256(pdf) != preview_sha256:  # the stored preview itself was altered
            raise ValidationError(_("Bản xem trước không còn nguyên vẹn: hãy xem lại."))
        try:
            signer, look = store.person(actor, password)
            signed = signer.sign_field(
                pdf,
                field_name=signable.FIELD_PERSON,
                reason=_("Phê duyệt kế hoạch hỗ trợ, can thiệp"),
                location=commune.name,
                certify=True,
                appearance=look,
            )
        except SigningRefused as exc:  # before the number: nothing to void
            raise _refused(exc) from exc
        day = timezone.localdate()
        entry = numbering.take(
            agency=commune,
            kind=DocumentKind.DECISION,
            issued_on=day,
            actor=actor,
            form="05",
            capacity=printing.capacity_of(actor),
        )
        try:
            with transaction.atomic():
                numbered = signable.fill_number_and_date(signed, number=entry.number, day=day)
                SignedFile.objects.create(
                    issued=entry,
                    stage=SignedStage.SIGNED,
                    content=numbered,
                    sha256=sha256(numbered),
                    preview_sha256=preview_sha256,
                    signed_by=actor,
                )
                _plan_approve_under(plan, actor=actor, number=entry.reference, on=day)
                IssuedDocument.objects.filter(pk=entry.pk).update(plan=plan)
        except Exception as exc:  # every failure after the number was taken voids it
            numbering.void(entry, reason=numbering.failure_reason(exc))
            failure = exc
    if failure is not None:
        raise failure
    entry.refresh_from_db()
    return entry


SCAN_MAX_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg"}


def check_scan_size(size: int) -> None:
    if not size:
        raise ValidationError({"scan": _("Hãy chọn tệp bản quét.")})
    if size > SCAN_MAX_BYTES:
        raise ValidationError({"scan": _("Tệp bản quét quá lớn (tối đa 10 MB).")})


def scan_content_type(scan: bytes) -> str:
    """What the scan is, read from its first bytes (never from its name)."""
    check_scan_size(len(scan))
    for magic, content_type in SCAN_TYPES.items():
        if scan.startswith(magic):
            return content_type
    raise ValidationError({"scan": _("Bản quét phải là tệp PDF hoặc ảnh JPEG.")})


@records_actor
def paper_decision_register(*, actor, event: CaseEvent, scan: bytes) -> IssuedDocument:
    """The scan of a paper-signed Mẫu 07 attached and given the next number of
    the commune's register; a failure after the number was taken voids it."""
    content_type = scan_content_type(scan)
    failure: Exception | None = None
    with transaction.atomic():
        event = (
            CaseEvent.objects.select_for_update(of=("self",))
            .select_related("case__commune", "decided_by")
            .get(pk=event.pk)
        )
        commune = event.case.commune
        # The clerk (văn thư) registers (Decree 30 Art. 25), or the leader who signed.
        require(actor, "document.register_paper", commune=commune.pk)
        if event.kind != EventKind.TEMPORARY_SEPARATION:
            raise ValidationError(
                _("Chỉ quyết định cách ly tạm thời (Mẫu 07) được vào số từ bản giấy.")
            )
        if (event.details or {}).get("paper") != PAPER_PENDING:
            raise ValidationError(
                _("Quyết định này đã có số: không vào số lại được (ban hành quyết định mới).")
            )
        signer = event.decided_by or actor
        entry = numbering.take(
            agency=commune,
            kind=DocumentKind.DECISION,
            # The date the paper was signed: its number is the register's next.
            issued_on=timezone.localdate(event.occurred_at),
            actor=signer,
            form="07",
            capacity=printing.capacity_of(signer),
        )
        try:
            with transaction.atomic():
                SignedFile.objects.create(
                    issued=entry,
                    stage=SignedStage.SCAN,
                    content=scan,
                    content_type=content_type,
                    sha256=sha256(scan),
                    signed_by=signer,
                )
                IssuedDocument.objects.filter(pk=entry.pk).update(event=event, created_by=actor)
                CaseEvent.objects.filter(pk=event.pk).update(
                    decision_number=entry.reference,
                    details={**event.details, "paper": PAPER_REGISTERED},
                )
        except Exception as exc:  # every failure after the number was taken voids it
            numbering.void(entry, reason=numbering.failure_reason(exc))
            failure = exc
    if failure is not None:
        raise failure
    entry.refresh_from_db()
    return entry


def _time_mark(moment) -> str:
    local = timezone.localtime(moment)
    return local.strftime("%H:%M:%S %d/%m/%Y ") + local.isoformat()[-6:]


def seal(*, actor, issued: IssuedDocument, password: str) -> list[SignedFile]:
    """The clerk applies the agency's digital signature to a signed decision
    and to the plan attached to it (Mẫu 04, its own file)."""
    store = keys.key_store()
    with transaction.atomic():
        entry = (
            IssuedDocument.objects.select_for_update(of=("self",))
            .select_related("agency", "plan__case")
            .get(pk=issued.pk)
        )
        require(actor, "document.seal", commune=entry.agency_id)
        if entry.status != IssuedStatus.ISSUED:
            raise ValidationError(_("Số văn bản này đã bị hủy: không ký số được."))
        files = {(f.stage, f.part): f for f in entry.files.all()}
        if (SignedStage.SEALED, SignedPart.DECISION) in files:
            raise ValidationError(_("Văn bản đã được ký số của cơ quan."))
        signed = files.get((SignedStage.SIGNED, SignedPart.DECISION))
        if signed is None:
            raise ValidationError(
                _(
                    "Văn bản chưa được người có thẩm quyền ký số: văn thư chỉ ký số của cơ quan "
                    "sau chữ ký của người có thẩm quyền."
                )
            )
        try:
            signer, look = store.agency(entry.agency, password)
            sealed = signer.sign_field(
                bytes(signed.content),
                field_name=signable.FIELD_AGENCY,
                reason=_("Ký số của cơ quan, tổ chức"),
                location=entry.agency.name,
                appearance=look,
            )
            # The seal is the last signature: a document timestamp over it and
            # its DSS makes each file PAdES B-LTA.
            sealed = signer.timestamp_document(sealed)
            attachment = None
            if entry.plan_id:
                attachment = signer.timestamp_document(_seal_attachment(signer, entry, actor))
        except SigningRefused as exc:
            raise _refused(exc) from exc
        out = [
            SignedFile.objects.create(
                issued=entry,
                stage=SignedStage.SEALED,
                content=sealed,
                sha256=sha256(sealed),
                signed_by=actor,
            )
        ]
        if attachment is not None:
            out.append(
                SignedFile.objects.create(
                    issued=entry,
                    stage=SignedStage.SEALED,
                    part=SignedPart.ATTACHMENT,
                    content=attachment,
                    sha256=sha256(attachment),
                    signed_by=actor,
                )
            )
    return out


def _seal_attachment(signer, entry: IssuedDocument, actor) -> bytes:
    """Mẫu 04 with the agency's signature top right of page 1: the issuing
    body, the number and symbol, the time (Decree 30, Annex I, item on
    attachments signed as separate files)."""
    body = render_pdf(printing.build_attachment(plan=entry.plan, actor=actor))
    width, height = 210 * MM, 297 * MM  # the layout is A4
    right = width - MARGINS["right"] * MM
    rect = (right - 62 * MM, height - 19 * MM, right, height - 3 * MM)
    text = "\n".join(
        [
            _("ỦY BAN NHÂN DÂN %(agency)s") % {"agency": entry.agency.name.upper()},
            _("Số: %(reference)s") % {"reference": entry.reference},
            _time_mark(timezone.now()),
        ]
    )
    return signer.sign_field(
        body,
        field_name=FIELD_ATTACHMENT,
        reason=_("Ký số của cơ quan, tổ chức trên phụ lục"),
        location=entry.agency.name,
        appearance=Appearance(text=text),
        new_field_box=(0, rect),
    )


def checks_of(signed: SignedFile) -> list[SignatureCheck]:
    """The signatures of a stored file as a reader trusting the key store's
    roots sees them, with the revocation data the file itself carries."""
    if signed.content_type != "application/pdf":
        return []
    roots = keys.key_store().trust_roots()
    if not roots:
        return []
    try:
        return verify(bytes(signed.content), trust_roots=roots, from_file=True)
    except Exception:  # an unreadable file shows as not valid, never as an error page
        return []
