"""The commune leader's decisions on a child's case: temporary separation
(Mẫu 07) and its extension or lifting, the court request, alternative care."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.timezone import now as _now
from django.utils.translation import gettext as _

from facilities.models import Facility
from socialwork.accounts.capabilities import require
from socialwork.accounts.models import User
from socialwork.history import records_actor
from socialwork.idempotency import Created, create_once, replay

from ...models import Assessment, AssessmentKind, Case, CaseEvent, EventKind
from ...models.casework import PAPER_PENDING, SEPARATION_MAX_DAYS
from ..deadlines import case_refresh_deadline
from .common import _lock, _require_open
from .events import event_record


@records_actor
@transaction.atomic
def separation_decide(
    *,
    actor: User,
    case: Case,
    decision_number: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str,
    extension_basis: str = "",
    decided_at: datetime.datetime | None = None,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
    on_paper: bool = False,
) -> Created:
    """Temporary separation (Mẫu 07), decided by the commune leader: at most 15
    days unless a competent authority requires longer (`extension_basis`).

    `on_paper`: the leader signed a paper decision (at night, no certificate at
    hand) without a number; it takes the next number of the commune's register
    when its scan is attached (signing.paper_decision_register)."""
    require(actor, "case.decide")
    earlier = replay(CaseEvent, client_uuid, actor, "recorded_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    require(actor, "case.decide", commune=case.commune_id)
    _require_open(case)
    errors = {}
    if on_paper:
        if decision_number.strip():
            errors["decision_number"] = _(
                "Quyết định ký trên giấy lấy số của sổ đăng ký khi đính kèm bản quét: "
                "hãy để trống số."
            )
    elif not decision_number.strip():
        errors["decision_number"] = _("Hãy ghi số quyết định.")
    if ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc phải sau ngày bắt đầu.")
    elif (ends_on - starts_on).days > SEPARATION_MAX_DAYS and not extension_basis.strip():
        errors["ends_on"] = _(
            "Cách ly tạm thời không quá 15 ngày, trừ khi cơ quan có thẩm quyền yêu cầu gia hạn: "
            "hãy ghi căn cứ gia hạn."
        )
    if not place.strip():
        errors["place"] = _("Hãy ghi nơi ở an toàn của trẻ em.")
    if errors:
        raise ValidationError(errors)
    decided_at = decided_at or _now()

    def make() -> CaseEvent:
        return CaseEvent.objects.create(
            client_uuid=client_uuid,
            case=case,
            kind=EventKind.TEMPORARY_SEPARATION,
            occurred_at=decided_at,
            recorded_by=actor,
            decided_by=actor,
            decision_number=decision_number.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            extension_basis=extension_basis.strip(),
            place=place.strip(),
            note=note,
            details={"paper": PAPER_PENDING} if on_paper else {},
        )

    result = create_once(CaseEvent, client_uuid, actor, "recorded_by", make)
    case_refresh_deadline(case)
    return result


@records_actor
@transaction.atomic
def separation_extend(
    *, actor: User, event: CaseEvent, ends_on: datetime.date, extension_basis: str
) -> CaseEvent:
    """A competent authority required a longer separation."""
    event = CaseEvent.objects.select_for_update().select_related("case").get(pk=event.pk)
    require(actor, "case.decide", commune=event.case.commune_id)
    if event.kind != EventKind.TEMPORARY_SEPARATION or event.lifted_at is not None:
        raise ValidationError(_("Chỉ gia hạn được quyết định cách ly đang có hiệu lực."))
    if not extension_basis.strip():
        raise ValidationError({"extension_basis": _("Hãy ghi căn cứ gia hạn.")})
    # A separation always carries its dates; the check narrows them for the type checker.
    if event.ends_on is not None and ends_on <= event.ends_on:
        raise ValidationError({"ends_on": _("Ngày kết thúc mới phải sau ngày kết thúc cũ.")})
    CaseEvent.objects.filter(pk=event.pk).update(ends_on=ends_on, extension_basis=extension_basis)
    event.refresh_from_db()
    case_refresh_deadline(event.case)
    return event


@records_actor
@transaction.atomic
def separation_lift(
    *, actor: User, event: CaseEvent, assessment: Assessment, lifted_at=None
) -> CaseEvent:
    """Lift the separation after a re-assessment (Mẫu 03) of the family's safety."""
    event = CaseEvent.objects.select_for_update().select_related("case").get(pk=event.pk)
    require(actor, "case.decide", commune=event.case.commune_id)
    if event.kind != EventKind.TEMPORARY_SEPARATION or event.lifted_at is not None:
        raise ValidationError(_("Quyết định cách ly này không còn hiệu lực."))
    if assessment.case_id != event.case_id or assessment.kind == AssessmentKind.INITIAL:
        raise ValidationError(
            {"assessment": _("Cần đánh giá lại (Mẫu 03) của chính trường hợp này.")}
        )
    if event.starts_on is not None and assessment.assessed_on < event.starts_on:
        raise ValidationError({"assessment": _("Đánh giá lại phải sau khi bắt đầu cách ly.")})
    CaseEvent.objects.filter(pk=event.pk).update(
        lifted_at=lifted_at or _now(), lifting_assessment=assessment
    )
    event.refresh_from_db()
    case_refresh_deadline(event.case)
    return event


@records_actor
@transaction.atomic
def decision_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    decision_number: str,
    note: str = "",
    place: str = "",
    carer_name: str = "",
    provider: Facility | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """The commune leader's request to the court, or an alternative-care placement
    (where parents refuse or are the abusers: Law on Children Art. 52(3))."""
    if kind not in (EventKind.COURT_REQUEST, EventKind.ALTERNATIVE_CARE):
        raise ValidationError({"kind": _("Loại quyết định không hợp lệ.")})
    earlier = replay(CaseEvent, client_uuid, actor, "recorded_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    require(actor, "case.decide", commune=case.commune_id)
    _require_open(case)
    if kind == EventKind.ALTERNATIVE_CARE and not (carer_name.strip() or provider):
        raise ValidationError({"carer_name": _("Hãy ghi người hoặc cơ sở nhận chăm sóc thay thế.")})

    def make() -> CaseEvent:
        return CaseEvent.objects.create(
            client_uuid=client_uuid,
            case=case,
            kind=kind,
            occurred_at=_now(),
            recorded_by=actor,
            decided_by=actor,
            decision_number=decision_number.strip(),
            note=note,
            place=place,
            carer_name=carer_name,
            provider=provider,
        )

    return create_once(CaseEvent, client_uuid, actor, "recorded_by", make)


def case_event_add(
    *, actor: User, case: Case, kind: str, client_uuid: uuid.UUID | None = None, **fields
) -> Created:
    """One entry for "an event on this case" (the API's POST /events/): a
    separation or another decision goes to the leader's function, the rest to
    `event_record`; each keeps its own rules and capability."""
    if kind == EventKind.TEMPORARY_SEPARATION:
        if not (fields.get("starts_on") and fields.get("ends_on")):
            raise ValidationError({"ends_on": [_("Hãy ghi thời hạn cách ly (từ ngày, đến ngày).")]})
        return separation_decide(
            actor=actor,
            case=case,
            decision_number=fields.get("decision_number", ""),
            starts_on=fields["starts_on"],
            ends_on=fields["ends_on"],
            place=fields.get("place", ""),
            extension_basis=fields.get("extension_basis", ""),
            note=fields.get("note", ""),
            client_uuid=client_uuid,
            on_paper=fields.get("on_paper", False),
        )
    if kind in (EventKind.COURT_REQUEST, EventKind.ALTERNATIVE_CARE):
        return decision_record(
            actor=actor,
            case=case,
            kind=kind,
            decision_number=fields.get("decision_number", ""),
            note=fields.get("note", ""),
            place=fields.get("place", ""),
            carer_name=fields.get("carer_name", ""),
            provider=fields.get("provider"),
            client_uuid=client_uuid,
        )
    return event_record(
        actor=actor,
        case=case,
        kind=kind,
        occurred_at=fields.get("occurred_at"),
        note=fields.get("note", ""),
        place=fields.get("place", ""),
        client_uuid=client_uuid,
    )
