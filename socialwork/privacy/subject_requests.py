"""Writes of the data-subject request register: receive, answer, extend once,
complete or refuse; every deadline counted on the portal's calendar as
Decree 356/2025 gives it: the answer in working days, completion and the
extension in days ending on a working day."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.calendar.workdays import add_days, add_working_days

from . import subjects
from .models import (
    ANSWER_WITHIN_WORKING_DAYS,
    COMPLETE_WITHIN_DAYS,
    EXTENSION_DAYS,
    OPEN_REQUEST,
    Relation,
    RequestStatus,
    Right,
    SubjectRequest,
)

R = RequestStatus


def _handler(actor) -> None:
    require(actor, "privacy.request.handle")


@transaction.atomic
def request_register(
    *,
    actor,
    person_id: int,
    requester_name: str,
    relation: str,
    identity_check: str,
    right: str,
    received_on: datetime.date,
    requester_contact: str = "",
    identity_note: str = "",
    details: str = "",
    requester_alleged_abuser: bool = False,
) -> SubjectRequest:
    _handler(actor)
    errors: dict[str, str] = {}
    person = subjects.person(person_id)
    if person is None:
        errors["person_id"] = _("Không tìm thấy người này trong sổ đăng ký.")
    if not requester_name.strip():
        errors["requester_name"] = _("Hãy ghi họ tên người yêu cầu.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("Ngày tiếp nhận ở tương lai.")
    if requester_alleged_abuser and relation == Relation.SELF:
        errors["requester_alleged_abuser"] = _("Chỉ áp dụng khi người đại diện yêu cầu thay trẻ.")
    if errors:
        raise ValidationError(errors)
    return SubjectRequest.objects.create(
        person_id=person.id,
        person_label=person.label[:300],
        requester_name=" ".join(requester_name.split()),
        requester_contact=requester_contact.strip(),
        relation=relation,
        identity_check=identity_check,
        identity_note=identity_note.strip(),
        right=right,
        details=details.strip(),
        requester_alleged_abuser=requester_alleged_abuser,
        received_on=received_on,
        answer_due=add_working_days(received_on, ANSWER_WITHIN_WORKING_DAYS),
        complete_due=add_days(received_on, COMPLETE_WITHIN_DAYS[Right(right)]),
        registered_by=actor,
    )


def _locked(request: SubjectRequest) -> SubjectRequest:
    locked = SubjectRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status not in OPEN_REQUEST:
        raise ValidationError(_("Yêu cầu này đã kết thúc."))
    return locked


@transaction.atomic
def request_answer(*, actor, request: SubjectRequest, on: datetime.date | None = None):
    """The first answer to the person (within 2 working days): received, in hand."""
    _handler(actor)
    request = _locked(request)
    if request.answered_on is not None:
        raise ValidationError(_("Đã phản hồi yêu cầu này."))
    request.answered_on = on or timezone.localdate()
    if request.status == R.RECEIVED:
        request.status = R.ANSWERED
    request.save()
    return request


@transaction.atomic
def request_extend(
    *, actor, request: SubjectRequest, reason: str, on: datetime.date | None = None
) -> SubjectRequest:
    """One extension, with its reason, counted from the current term's end;
    decided within the term (a term already missed cannot be extended)."""
    _handler(actor)
    request = _locked(request)
    if request.extended:
        raise ValidationError(_("Chỉ được gia hạn một lần."))
    if (on or timezone.localdate()) > request.complete_due:
        raise ValidationError(_("Đã quá thời hạn hoàn thành: không thể gia hạn nữa."))
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do gia hạn.")})
    request.extended = True
    request.extension_reason = reason.strip()[:500]
    request.complete_due = add_days(request.complete_due, EXTENSION_DAYS)
    request.status = R.EXTENDED
    request.save()
    return request


@transaction.atomic
def request_close(
    *, actor, request: SubjectRequest, refused: bool, text: str, on: datetime.date | None = None
) -> SubjectRequest:
    """Completed with what was done, or refused with the reason the law allows."""
    _handler(actor)
    request = _locked(request)
    text = text.strip()
    if not text:
        raise ValidationError(
            {"text": _("Hãy ghi lý do từ chối.") if refused else _("Hãy ghi kết quả giải quyết.")}
        )
    on = on or timezone.localdate()
    if refused:
        request.status, request.refusal_reason = R.REFUSED, text
    else:
        request.status, request.outcome = R.COMPLETED, text
    request.answered_on = request.answered_on or on
    request.closed_on = on
    request.save()
    return request
