"""Creates that a phone may send twice: a retried POST, a double tap, two tabs.

A create carries the client's UUID. The first request makes the row; a replay
returns it (`created` False) to the same user only, since another user's key
must never reveal their record; two requests that race past the check meet at
the unique index, and the loser returns the winner's row instead of a 500."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

REPLAY_REFUSED = _("Mã gửi lại của biểu mẫu không hợp lệ. Hãy tải lại trang.")


@dataclass
class Created:
    """The result of an idempotent create: `created` is False on a replay."""

    obj: Any
    created: bool


def replay[M: models.Model](
    model: type[M], client_uuid: uuid.UUID | None, actor, by: str
) -> M | None:
    """The row an earlier request with this key made, if it was this actor's."""
    if client_uuid is None:
        return None
    earlier = model.objects.filter(client_uuid=client_uuid).first()
    if earlier is not None and getattr(earlier, f"{by}_id") not in (None, actor.pk):
        raise ValidationError(REPLAY_REFUSED)
    return earlier


def create_once[M: models.Model](
    model: type[M], client_uuid: uuid.UUID | None, actor, by: str, make: Callable[[], M]
) -> Created:
    """Run `make` once per client_uuid; `by` names the field holding its creator."""
    earlier = replay(model, client_uuid, actor, by)
    if earlier is not None:
        return Created(earlier, False)
    try:
        with transaction.atomic():
            obj = make()
    except IntegrityError:
        earlier = replay(model, client_uuid, actor, by)
        if earlier is None:
            raise
        return Created(earlier, False)
    return Created(obj, True)
