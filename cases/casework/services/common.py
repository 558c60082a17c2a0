"""What every write on a case shares: the row lock, the version check that
refuses a stale edit, the transition record and the version bump."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.timezone import now as _now
from django.utils.translation import gettext as _

from socialwork.accounts.models import User

from ...errors import StaleEdit
from ...models import Case, CaseStatus, CaseTransition

STALE_MESSAGE = _(
    "Trường hợp này vừa được người khác cập nhật sau khi bạn mở nó. Thay đổi của bạn chưa "
    "được lưu: hãy tải lại trang, xem bản mới rồi làm lại."
)


def _lock(case: Case) -> Case:
    """The case row, locked for this transaction, with its current values."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _check_version(case: Case, version: int | None) -> None:
    if version is not None and case.version != version:
        raise StaleEdit(STALE_MESSAGE, code="stale")


def _record(case: Case, *, actor: User, to: str, note: str = "", **extra) -> CaseTransition:
    return CaseTransition.objects.create(
        case=case, from_status=case.status, to_status=to, actor=actor, note=note, at=_now(), **extra
    )


def _bump(case: Case, **fields) -> Case:
    fields["version"] = F("version") + 1
    fields["updated_at"] = _now()
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Trường hợp đã đóng: hãy mở lại trước khi ghi thêm."))
