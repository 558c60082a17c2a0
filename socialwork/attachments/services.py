"""Attaching a paper to a record, and re-sealing under a new key."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require

from . import sealing
from .models import Attachment, DocumentType
from .owners import kind_of
from .sealing import context, open_content, open_name
from .uploads import prepare


def attachment_add(
    *, actor, record: Model, upload, document_type: str, note: str = ""
) -> Attachment:
    """Seal `upload` onto `record` (already loaded through the actor's scope).
    Nothing is saved when the file is refused: the record and its other papers
    stay as they were."""
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
    )


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
        ids = list(Attachment.objects.exclude(key_id=key_id).values_list("pk", flat=True)[:batch])
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
