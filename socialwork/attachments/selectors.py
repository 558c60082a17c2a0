"""Reads: the record papers hang on, its papers, one paper opened for download."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from socialwork.accounts.capabilities import require
from socialwork.accounts.models import AccessLog
from socialwork.accounts.scoping import get_scoped_or_404, scope_for
from socialwork.accounts.services import log_access

from .models import Attachment
from .owners import OwnerKind, kind_named, kind_of
from .sealing import open_content, open_name


def record_get(*, actor, kind: str, owner_id, request=None) -> tuple[OwnerKind, Model]:
    """The record named in a URL, through the actor's scope of its own kind (404
    and a logged refusal for another commune's id)."""
    owner = kind_named(kind)
    record = get_scoped_or_404(owner.model._default_manager.all(), actor, request, pk=owner_id)
    return owner, record


def attachment_list(*, actor, record: Model) -> list[Attachment]:
    """The record's papers, their names opened; never their bytes (deferred).
    Withdrawn papers are not listed. Each row says whether the actor may
    withdraw it (`removable`)."""
    from .services import may_withdraw

    require(actor, "attachment.read")
    kind = kind_of(record)
    commune, facility = kind.read(record, kind.commune), kind.read(record, kind.facility)
    rows = list(
        _visible(actor)
        .filter(owner_kind=kind.kind, owner_id=record.pk, withdrawn_at__isnull=True)
        .select_related("uploaded_by")
        .defer("content_sealed")
    )
    for row in rows:
        row.name = open_name(row)
        row.removable = may_withdraw(actor, row, commune=commune, facility=facility)
    return rows


def _visible(actor) -> QuerySet:
    return scope_for(Attachment.objects.all(), actor)


def attachment_get(*, actor, attachment_id, request=None) -> Attachment:
    require(actor, "attachment.read")
    # A withdrawn paper is gone for readers: 404, as for an id that never was.
    return get_scoped_or_404(
        Attachment.objects.filter(withdrawn_at__isnull=True).defer("content_sealed"),
        actor,
        request,
        pk=attachment_id,
    )


def attachment_record(attachment: Attachment) -> tuple[OwnerKind, Model | None]:
    """The record a paper hangs on (already seen through the paper's scope)."""
    kind = kind_named(attachment.owner_kind)
    return kind, kind.model._default_manager.filter(pk=attachment.owner_id).first()


def attachment_open(*, actor, attachment: Attachment, request=None) -> tuple[str, bytes]:
    """The original name and bytes, for serving; the download is logged with
    the person and commune of the record it hangs on."""
    kind, record = attachment_record(attachment)
    person = kind.read(record, kind.person) if record is not None else None
    commune = kind.read(record, kind.commune) if record is not None else None
    row = Attachment.objects.get(pk=attachment.pk)
    name, content = open_name(row), open_content(row)
    log_access(
        request=request,
        user=actor,
        action=AccessLog.Action.VIEW,
        obj_or_type=row,
        person_id=person,
        commune_id=commune,
        detail=f"download {attachment.owner_kind} {attachment.owner_id}",
    )
    return name, content
