"""Writes on referrals: sending, every step of the answer, escalation.

Each transition locks the referral row (SELECT … FOR UPDATE) and checks the
table `Referral.TRANSITIONS` on the locked row, so an accept and a decline
arriving together leave exactly one outcome. Every step is a
ReferralTransition with who and when.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import now as _now
from django.utils.translation import gettext as _

from facilities.models import Facility, ServiceGroup, ServiceType
from facilities.selectors import user_facility_id
from socialwork.accounts.capabilities import can, require
from socialwork.accounts.models import Role, User
from socialwork.accounts.scoping import scope_for
from socialwork.history import records_actor
from socialwork.idempotency import create_once, replay
from socialwork.notifications.services import notify

from ..models import Case, CaseStatus, Consent
from ..models.casework import Urgency
from ..models.referrals import (
    PRIORITY,
    LegalBasis,
    Referral,
    ReferralStatus,
    ReferralTransition,
)
from . import deadlines

R = ReferralStatus


@dataclass
class Sent:
    referral: Referral
    created: bool = True
    warnings: list[str] = field(default_factory=list)


def _staff_users(facility_id: int):
    today = timezone.localdate()
    return User.objects.filter(
        is_active=True,
        staff_member__facility_id=facility_id,
    ).filter(Q(staff_member__left_on__isnull=True) | Q(staff_member__left_on__gte=today))


def _detail_url(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def active_consent(beneficiary_id: int) -> Consent | None:
    return (
        Consent.objects.filter(beneficiary_id=beneficiary_id, withdrawn_on__isnull=True)
        .order_by("-given_on", "-id")
        .first()
    )


def is_receiver(actor, referral: Referral) -> bool:
    return user_facility_id(actor) == referral.to_facility_id


def is_sender_side(actor, referral: Referral) -> bool:
    """The sender, their facility, their commune's official, or the department."""
    if can(actor, "referral.oversee"):
        return True
    if referral.sender_id == actor.pk:
        return True
    if referral.sender_facility_id and user_facility_id(actor) == referral.sender_facility_id:
        return True
    return can(actor, "referral.follow", commune=referral.commune_id)


def may_answer(actor, referral: Referral) -> tuple[bool, bool]:
    """(allowed, on_behalf): the receiver answers; for a provider without
    portal users (a hospital, the police) the sender records its answer."""
    if is_receiver(actor, referral):
        return True, False
    if not referral.to_facility.has_portal_users and is_sender_side(actor, referral):
        return True, True
    return False, False


@records_actor
@transaction.atomic
def referral_send(
    *,
    actor,
    case: Case,
    to_facility: Facility,
    service_type: ServiceType,
    reason: str,
    urgency: str = Urgency.NORMAL,
    legal_basis: str = LegalBasis.CONSENT,
    legal_basis_note: str = "",
    previous: Referral | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Sent:
    """Send a case to a provider, after checking consent or the legal basis
    for sharing the person's data. A provider that does not list the service
    still receives it, with the warning recorded."""
    earlier = replay(Referral, client_uuid, actor, "sender")
    if earlier is not None:
        return Sent(earlier, created=False)
    require(actor, "referral.send")
    # The actor must see the case: another commune's case is a 404 upstream,
    # and never a referral here.
    if not scope_for(Case.objects.filter(pk=case.pk), actor).exists():
        raise PermissionDenied
    errors: dict[str, str] = {}
    if case.status == CaseStatus.CLOSED:
        errors["case"] = _("Trường hợp đã đóng: không chuyển gửi được.")
    own_facility = user_facility_id(actor)
    if own_facility is not None and own_facility == to_facility.pk:
        errors["to_facility"] = _("Không chuyển gửi đến chính đơn vị của mình.")
    if not to_facility.is_active:
        errors["to_facility"] = _("Đơn vị này đã ngừng hoạt động.")
    if not reason.strip():
        errors["reason"] = _("Hãy ghi lý do chuyển gửi.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Mức độ khẩn không hợp lệ.")
    consent = None
    if legal_basis == LegalBasis.CONSENT:
        consent = active_consent(case.beneficiary_id)
        if consent is None:
            errors["legal_basis"] = _(
                "Chưa có sự đồng ý chia sẻ thông tin của người này: hãy ghi nhận sự đồng ý, "
                "hoặc chọn căn cứ pháp lý (khẩn cấp, thực hiện nhiệm vụ theo luật)."
            )
    elif legal_basis not in LegalBasis.values:
        errors["legal_basis"] = _("Căn cứ chia sẻ thông tin không hợp lệ.")
    if previous is not None:
        previous = Referral.objects.select_for_update().get(pk=previous.pk)
        if previous.case_id != case.pk or previous.status != R.DECLINED:
            errors["previous"] = _(
                "Chỉ chuyển gửi lại một chuyển gửi đã bị từ chối của trường hợp này."
            )
    if errors:
        raise ValidationError(errors)
    warnings = []
    not_offered = not to_facility.services.filter(pk=service_type.pk).exists()
    if not_offered:
        warnings.append(
            _("%(facility)s chưa đăng ký cung cấp dịch vụ “%(service)s”: đã gửi, kèm ghi chú này.")
            % {"facility": to_facility.name, "service": service_type.name}
        )
    now = _now()
    child_emergency = case.needs_emergency_protection or (
        case.is_child_protection and urgency == Urgency.EMERGENCY
    )

    def make() -> Referral:
        referral = Referral.objects.create(
            client_uuid=client_uuid,
            case=case,
            beneficiary_id=case.beneficiary_id,
            commune_id=case.commune_id,
            sender=actor,
            sender_facility_id=own_facility,
            to_facility=to_facility,
            service_type=service_type,
            reason=reason.strip(),
            urgency=urgency,
            priority=PRIORITY[urgency],
            child_emergency=child_emergency,
            legal_basis=legal_basis,
            consent=consent,
            legal_basis_note=legal_basis_note.strip(),
            service_not_offered=not_offered,
            sent_at=now,
            response_due_at=deadlines.response_due(
                sent_at=now, urgency=urgency, child_emergency=child_emergency
            ),
            previous=previous,
        )
        ReferralTransition.objects.create(
            referral=referral,
            to_status=R.SENT,
            actor=actor,
            at=now,
            note="; ".join(str(w) for w in warnings),
        )
        return referral

    result = create_once(Referral, client_uuid, actor, "sender", make)
    if not result.created:  # a twin request won the race
        return Sent(result.obj, created=False)
    referral = result.obj
    if previous is not None:
        _apply(previous, to=R.REREFERRED, actor=actor, note=_("Đã chuyển gửi nơi khác."))
    notify(
        recipients=_staff_users(to_facility.pk),
        kind="referral.received",
        title=_("Chuyển gửi mới: %(service)s") % {"service": service_type.name},
        url=_detail_url(referral),
        related=referral,
    )
    return Sent(referral, created=True, warnings=warnings)


def _lock(referral: Referral) -> Referral:
    return Referral.objects.select_for_update().select_related("to_facility").get(pk=referral.pk)


def _refuse_move(referral: Referral, to: str) -> ValidationError:
    return ValidationError(
        _("Chuyển gửi đang ở trạng thái “%(now)s”: không thể chuyển sang “%(to)s”.")
        % {"now": referral.get_status_display(), "to": ReferralStatus(to).label},
        code="transition",
    )


def _apply(
    referral: Referral, *, to: str, actor, note: str = "", on_behalf: bool = False, **fields
) -> Referral:
    """Move a locked referral and record who and when."""
    if not referral.can_move_to(to):
        raise _refuse_move(referral, to)
    now = _now()
    ReferralTransition.objects.create(
        referral=referral,
        from_status=referral.status,
        to_status=to,
        actor=actor,
        on_behalf=on_behalf,
        note=note,
        at=now,
    )
    referral.status = to
    for name, value in fields.items():
        setattr(referral, name, now if value is _NOW else value)
    referral.save()
    return referral


_NOW = object()


def _answer(referral: Referral, actor, to: str, **kwargs) -> tuple[Referral, bool]:
    referral = _lock(referral)
    allowed, on_behalf = may_answer(actor, referral)
    if not allowed:
        raise PermissionDenied(_("Chỉ đơn vị nhận chuyển gửi mới trả lời được."))
    if not referral.can_move_to(to):
        raise _refuse_move(referral, to)
    return referral, on_behalf


def _tell_sender(referral: Referral, kind: str, title: str) -> None:
    notify(
        recipients=[referral.sender],
        kind=kind,
        title=title,
        url=_detail_url(referral),
        related=referral,
    )


@records_actor
@transaction.atomic
def referral_receive(*, actor, referral: Referral) -> Referral:
    """The receiver has seen it (opening the inbox item does this)."""
    referral, on_behalf = _answer(referral, actor, R.RECEIVED)
    return _apply(referral, to=R.RECEIVED, actor=actor, on_behalf=on_behalf, received_at=_NOW)


@records_actor
@transaction.atomic
def referral_accept(*, actor, referral: Referral, note: str = "") -> Referral:
    """Accept (the status move). A facility that admits residents accepts
    through `facilities.services.admission_accept_referral`, which owns the
    admission that follows; emergency care leads the facility straight to the
    emergency admission form."""
    referral, on_behalf = _answer(referral, actor, R.ACCEPTED)
    fields = {"responded_at": _NOW, "responded_by": actor, "answered_on_behalf": on_behalf}
    if referral.received_at is None:
        fields["received_at"] = _NOW
    referral = _apply(
        referral, to=R.ACCEPTED, actor=actor, note=note, on_behalf=on_behalf, **fields
    )
    _tell_sender(
        referral,
        "referral.accepted",
        _("%(facility)s đã chấp nhận chuyển gửi") % {"facility": referral.to_facility.name},
    )
    return referral


def leads_to_emergency_admission(referral: Referral) -> bool:
    return (
        referral.status == R.ACCEPTED
        and referral.to_facility.admits_residents
        and referral.service_type.group == ServiceGroup.EMERGENCY_SHELTER
    )


@records_actor
@transaction.atomic
def referral_decline(*, actor, referral: Referral, reason: str) -> Referral:
    """Decline with a reason: it goes back to the sender to refer elsewhere."""
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do từ chối.")})
    referral, on_behalf = _answer(referral, actor, R.DECLINED)
    fields = {
        "responded_at": _NOW,
        "responded_by": actor,
        "answered_on_behalf": on_behalf,
        "decline_reason": reason.strip(),
    }
    if referral.received_at is None:
        fields["received_at"] = _NOW
    referral = _apply(
        referral, to=R.DECLINED, actor=actor, note=reason, on_behalf=on_behalf, **fields
    )
    _tell_sender(
        referral,
        "referral.declined",
        _("%(facility)s từ chối chuyển gửi: hãy chuyển gửi nơi khác")
        % {"facility": referral.to_facility.name},
    )
    return referral


@records_actor
@transaction.atomic
def referral_start_service(*, actor, referral: Referral, note: str = "") -> Referral:
    """The provider starts the service (an admission does this itself)."""
    referral, on_behalf = _answer(referral, actor, R.IN_SERVICE)
    return _apply(referral, to=R.IN_SERVICE, actor=actor, note=note, on_behalf=on_behalf)


@records_actor
@transaction.atomic
def referral_complete(*, actor, referral: Referral, feedback: str) -> Referral:
    """Done, with feedback to the sender."""
    if not feedback.strip():
        raise ValidationError({"feedback": _("Hãy ghi phản hồi kết quả cho người gửi.")})
    referral, on_behalf = _answer(referral, actor, R.COMPLETED)
    referral = _apply(
        referral,
        to=R.COMPLETED,
        actor=actor,
        on_behalf=on_behalf,
        feedback=feedback.strip(),
        completed_at=_NOW,
    )
    _tell_sender(referral, "referral.completed", _("Chuyển gửi đã hoàn thành"))
    return referral


def _sender_move(referral: Referral, actor, to: str, reason: str) -> Referral:
    referral = _lock(referral)
    if not is_sender_side(actor, referral):
        raise PermissionDenied(_("Chỉ bên gửi mới hủy hoặc kết thúc được chuyển gửi."))
    if not reason.strip():
        raise ValidationError({"reason": _("Hãy ghi lý do.")})
    if not referral.can_move_to(to):
        raise _refuse_move(referral, to)
    return _apply(referral, to=to, actor=actor, note=reason, cancel_reason=reason.strip()[:300])


@records_actor
@transaction.atomic
def referral_cancel(*, actor, referral: Referral, reason: str) -> Referral:
    """The sender withdraws a referral not yet in service."""
    return _sender_move(referral, actor, R.CANCELLED, reason)


@records_actor
@transaction.atomic
def referral_close(*, actor, referral: Referral, reason: str) -> Referral:
    """A declined referral leaves the sender's list without a new referral."""
    return _sender_move(referral, actor, R.CLOSED, reason)


@transaction.atomic
def referral_escalate_overdue(*, now: datetime.datetime | None = None) -> int:
    """Flag urgent referrals still unanswered past their deadline and tell the
    department and the sender once, in the portal and by SMS and e-mail
    (idempotent: escalated_at is set once)."""
    now = now or _now()
    overdue = list(
        Referral.objects.select_for_update(skip_locked=True)
        .filter(deadlines.overdue_q(now), escalated_at__isnull=True)
        .select_related("to_facility", "sender")
        .order_by("response_due_at")[:500]
    )
    if not overdue:
        return 0
    Referral.objects.filter(pk__in=[r.pk for r in overdue]).update(escalated_at=now)
    department = list(User.objects.filter(role=Role.DEPARTMENT, is_active=True))
    for referral in overdue:
        title = _("Chuyển gửi khẩn quá hạn trả lời: %(facility)s") % {
            "facility": referral.to_facility.name
        }
        notify(
            recipients=[*department, referral.sender],
            kind="referral.overdue",
            title=title,
            url=_detail_url(referral),
            related=referral,
            dedupe_key=f"referral.overdue.{referral.pk}",
            # A child or a person in danger waits: reach people off the portal too.
            sms=True,
            email=True,
        )
    return len(overdue)
