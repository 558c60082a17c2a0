"""Attaching a paper to a record, withdrawing one attached by mistake, and
re-sealing under a new key."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import can, require
from socialwork.accounts.models import AccessLog
from socialwork.accounts.scoping import get_scoped_or_404
from socialwork.accounts.services import log_access
from socialwork.history import history_context

from . import sealing
from .models import Attachment, DocumentType
from .owners import kind_named, kind_of
from .sealing import context, open_content, open_name
from .uploads import prepare


def attachment_add(
    *,
    actor,
    record: Model,
    upload,
    document_type: str,
    note: str = "",
    uploaded_at: datetime.datetime | None = None,
) -> Attachment:
    """Seal `upload` onto `record` (already loaded through the actor's scope).
    Nothing is saved when the file is refused: the record and its other papers
    stay as they were. `uploaded_at`: a past moment, for the demo's papers
    (they are dated with their records); now otherwise."""
    kind = kind_of(record)
    require(
        actor,
        "attachment.add",
        commune=kind.read(record, kind.commune),
        facility=kind.read(record, kind.facility),
    )
    if document_type not in DocumentType.values:
        raise ValidationError({"document_type": _("Hãy chọn loại tài liệu.")})
    prepared = prepare(upload)
    token = uuid.uuid4()
    key_id = sealing.current_key_id()
    return Attachment.objects.create(
        token=token,
        owner_kind=kind.kind,
        owner_id=record.pk,
        document_type=document_type,
        note=(note or "").strip()[:200],
        content_type=prepared.content_type,
        size=len(prepared.content),
        key_id=key_id,
        name_sealed=sealing.seal(
            prepared.name.encode(), key_id=key_id, context=context(token, b"name")
        ),
        content_sealed=sealing.seal(
            prepared.content, key_id=key_id, context=context(token, b"content")
        ),
        uploaded_by=actor,
        uploaded_at=uploaded_at or timezone.now(),
    )


def may_withdraw(actor, attachment: Attachment, *, commune=None, facility=None) -> bool:
    """Whether `actor` may withdraw this paper of a record in that commune and
    facility: their own upload, or anyone's for the province."""
    name = "attachment.remove" if attachment.uploaded_by_id == actor.pk else "attachment.remove.any"
    return can(actor, name, commune=commune, facility=facility)


def attachment_withdraw(*, actor, attachment_id, reason: str, request=None) -> Attachment:
    """Withdraw a paper attached by mistake: it is no longer listed nor served,
    the row stays (who uploaded it, who withdrew it, when and why: history and
    the access log), its sealed name and bytes are erased.

    Erased rather than kept sealed: a paper withdrawn as a mistake (most often
    another person's, or the wrong file) has no purpose left on this record, and
    Law 91/2025 lets personal data be kept only as long as its purpose needs it;
    the dossier's retention applies to the papers that belong to it, which stay.
    A paper withdrawn wrongly is uploaded again from its original.

    Withdrawing twice (a double submit) changes nothing the second time."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do gỡ bỏ tài liệu.")})
    with transaction.atomic(), history_context(actor, withdrawal=True):
        # Through the actor's scope, withdrawn rows included: another commune's
        # id is a 404, one's own second submit finds the row already withdrawn.
        row = get_scoped_or_404(
            Attachment.objects.select_for_update().defer("content_sealed", "name_sealed"),
            actor,
            request,
            pk=attachment_id,
        )
        kind = kind_named(row.owner_kind)
        record = kind.model._default_manager.filter(pk=row.owner_id).first()
        commune = kind.read(record, kind.commune) if record is not None else None
        facility = kind.read(record, kind.facility) if record is not None else None
        require(actor, "attachment.remove", commune=commune, facility=facility)
        if row.uploaded_by_id != actor.pk:
            require(actor, "attachment.remove.any", commune=commune, facility=facility)
        if row.withdrawn:
            return row
        row.withdrawn_at = timezone.now()
        row.withdrawn_by = actor
        row.withdrawal_reason = reason[:300]
        row.name_sealed = b""
        row.content_sealed = b""
        row.save(
            update_fields=[
                "withdrawn_at",
                "withdrawn_by",
                "withdrawal_reason",
                "name_sealed",
                "content_sealed",
            ]
        )
        log_access(
            request=request,
            user=actor,
            action=AccessLog.Action.ADMIN,
            obj_or_type=row,
            person_id=kind.read(record, kind.person) if record is not None else None,
            commune_id=commune,
            detail=f"withdraw {row.owner_kind} {row.owner_id}",
        )
    return row


def attachments_move(*, source: Model, target: Model) -> int:
    """Two records found to be one (a person registered twice): the papers of
    the one removed follow to the one kept. The caller checked the right."""
    kind = kind_of(source)
    if kind_of(target) is not kind:
        raise ValueError("attachments move between records of one kind")
    return Attachment.objects.filter(owner_kind=kind.kind, owner_id=source.pk).update(
        owner_id=target.pk
    )


def reseal_all(*, batch: int = 50) -> int:
    """Seal every attachment not under the current key with it (key rotation);
    one row per transaction, so a run cut short resumes where it stopped."""
    key_id = sealing.current_key_id()
    done = 0
    while True:
        # A withdrawn row has nothing sealed left to re-seal.
        ids = list(
            Attachment.objects.exclude(key_id=key_id)
            .filter(withdrawn_at__isnull=True)
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return done
        for pk in ids:
            with transaction.atomic():
                row = Attachment.objects.select_for_update().get(pk=pk)
                name, content = open_name(row), open_content(row)
                row.key_id = key_id
                row.name_sealed = sealing.seal(
                    name.encode(), key_id=key_id, context=context(row.token, b"name")
                )
                row.content_sealed = sealing.seal(
                    content, key_id=key_id, context=context(row.token, b"content")
                )
                row.save(update_fields=["key_id", "name_sealed", "content_sealed"])
                done += 1
