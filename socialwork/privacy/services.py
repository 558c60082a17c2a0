"""Writes of the breach register: register a suspected breach, then move it
through the law's steps, each recorded with who and when."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.accounts.models import User

from .models import NOTIFY_WITHIN, TRANSITIONS, BreachStatus, DataBreach, DataBreachEvent

S = BreachStatus


def _not_future(when: datetime.datetime | None, field: str, errors: dict) -> None:
    if when is not None and when > timezone.now() + datetime.timedelta(minutes=5):
        errors[field] = _("Thời điểm này ở tương lai.")


@transaction.atomic
def breach_register(
    *,
    actor: User,
    detected_at: datetime.datetime,
    summary: str,
    data_kinds: str,
    suspected_user: User | None = None,
    window_start: datetime.datetime | None = None,
    window_end: datetime.datetime | None = None,
    estimated_subjects: int | None = None,
) -> DataBreach:
    """Register what was found; the 72-hour clock starts at `detected_at`."""
    require(actor, "privacy.breach.handle")
    errors: dict[str, str] = {}
    _not_future(detected_at, "detected_at", errors)
    if not summary.strip():
        errors["summary"] = _("Hãy mô tả sự việc.")
    if not data_kinds.strip():
        errors["data_kinds"] = _("Hãy ghi loại dữ liệu bị ảnh hưởng.")
    if window_start and window_end and window_end < window_start:
        errors["window_end"] = _("Thời điểm kết thúc phải sau thời điểm bắt đầu.")
    if errors:
        raise ValidationError(errors)
    breach = DataBreach.objects.create(
        detected_at=detected_at,
        summary=summary.strip(),
        data_kinds=" ".join(data_kinds.split()),
        suspected_user=suspected_user,
        window_start=window_start,
        window_end=window_end,
        estimated_subjects=estimated_subjects,
        notify_due_at=detected_at + NOTIFY_WITHIN,
        registered_by=actor,
    )
    DataBreachEvent.objects.create(
        breach=breach, to_status=S.SUSPECTED, actor=actor, at=timezone.now()
    )
    return breach


@transaction.atomic
def breach_advance(
    *,
    actor: User,
    breach: DataBreach,
    to: str,
    at: datetime.datetime | None = None,
    reference: str = "",
    note: str = "",
) -> DataBreach:
    """One step: confirmed or dismissed after checking; notified (with the notice's
    number, and the reason when past 72 hours); acknowledged by the authority (with
    its reference); closed once the measures taken are recorded."""
    require(actor, "privacy.breach.handle")
    breach = DataBreach.objects.select_for_update().get(pk=breach.pk)
    if to not in TRANSITIONS[breach.status]:
        raise ValidationError(
            _("Vi phạm đang ở bước “%(now)s”: không thể chuyển sang “%(to)s”.")
            % {"now": breach.get_status_display(), "to": BreachStatus(to).label}
            if to in BreachStatus.values
            else _("Bước xử lý không hợp lệ.")
        )
    at = at or timezone.now()
    errors: dict[str, str] = {}
    _not_future(at, "at", errors)
    reference = reference.strip()
    note = note.strip()
    if to == S.NOTIFIED:
        if not reference:
            errors["reference"] = _("Hãy ghi số văn bản thông báo đã gửi.")
        if at > breach.notify_due_at and not note:
            errors["note"] = _("Thông báo sau 72 giờ: hãy ghi lý do chậm (Điều 23 Luật 91/2025).")
        breach.notified_at, breach.notice_reference, breach.late_reason = at, reference, ""
        if at > breach.notify_due_at:
            breach.late_reason = note
    elif to == S.ACKNOWLEDGED:
        if not reference:
            errors["reference"] = _("Hãy ghi số hoặc nội dung văn bản xác nhận.")
        if breach.notified_at and at < breach.notified_at:
            errors["at"] = _("Xác nhận không thể trước thời điểm thông báo.")
        breach.acknowledged_at, breach.acknowledgement_reference = at, reference
    elif to == S.CLOSED:
        if not note:
            errors["note"] = _("Hãy ghi các biện pháp đã thực hiện để khắc phục.")
        breach.measures = note
    elif to == S.DISMISSED and not note:
        errors["note"] = _("Hãy ghi vì sao đây không phải là vi phạm.")
    if errors:
        raise ValidationError(errors)
    DataBreachEvent.objects.create(
        breach=breach, from_status=breach.status, to_status=to, actor=actor, at=at, note=note
    )
    breach.status = to
    breach.save()
    return breach
