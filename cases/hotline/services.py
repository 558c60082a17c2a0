"""Writes on the hotline call log: record a call, open a case from it,
record the police notification and the answer to 111."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from facilities.models import Facility
from facilities.selectors import user_facility_id
from socialwork.accounts.capabilities import capability, require
from socialwork.areas.models import AdministrativeUnit
from socialwork.areas.selectors import province_communes
from socialwork.calendar.workdays import add_hours
from socialwork.history import records_actor
from socialwork.idempotency import create_once, replay

from ..casework.services.cases import case_open
from ..models import Beneficiary, HotlineCall
from ..models.casework import REPORT_CLOCK_TOLERANCE, ConfidentialityReason, IntakeSource, Urgency
from ..models.hotline import CallerType, CallIssue, CallKind, CallOutcome
from ..referrals.services import Sent, referral_send

REPORT_HOURS = 12  # Decree 56 Art. 26(3): from receipt of the report
CONFIDENTIAL_ISSUES: dict[str, str] = {
    CallIssue.ABUSE: ConfidentialityReason.ABUSE,
    CallIssue.VIOLENCE: ConfidentialityReason.VIOLENCE,
    CallIssue.TRAFFICKING: ConfidentialityReason.TRAFFICKING,
}


def _facility_for(actor, facility: Facility | None) -> Facility:
    """The line the call came in on: the staff member's own, or the one the
    department names (it logs calls for any line)."""
    require(actor, "hotline.log")
    own = user_facility_id(actor)
    if actor.is_province_level or actor.is_superuser:
        if facility is None:
            raise ValidationError({"facility": _("Chọn đơn vị tiếp nhận cuộc gọi.")})
        return facility
    facility = facility or (Facility.objects.get(pk=own) if own else None)
    if facility is None or own != facility.pk:
        raise PermissionDenied(capability("hotline.log").refusal)
    return facility


@records_actor
@transaction.atomic
def call_record(
    *,
    actor,
    received_at: datetime.datetime,
    kind: str,
    caller_type: str,
    issue: str,
    summary: str,
    urgency: str = Urgency.NORMAL,
    call_reference: str = "",
    from_111: bool = False,
    reporter_name: str = "",
    reporter_phone: str = "",
    commune: AdministrativeUnit | None = None,
    possible_crime: bool = False,
    advice_note: str = "",
    facility: Facility | None = None,
    client_uuid: uuid.UUID | None = None,
) -> HotlineCall:
    """Log a call. An advice call is closed with the advice given; a report
    (Mẫu 01) starts its 12-hour clock at receipt and needs the commune of the
    person concerned."""
    earlier = replay(HotlineCall, client_uuid, actor, "recorded_by")
    if earlier is not None:
        return earlier
    facility = _facility_for(actor, facility)
    errors: dict[str, str] = {}
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at > timezone.now() + REPORT_CLOCK_TOLERANCE:
        errors["received_at"] = _("Thời điểm nhận cuộc gọi không được ở tương lai.")
    if kind not in CallKind.values:
        errors["kind"] = _("Chọn loại cuộc gọi.")
    if caller_type not in CallerType.values:
        errors["caller_type"] = _("Chọn người gọi.")
    if issue not in CallIssue.values:
        errors["issue"] = _("Chọn vấn đề.")
    if not summary.strip():
        errors["summary"] = _("Hãy ghi nội dung cuộc gọi.")
    if kind == CallKind.REPORT and commune is None:
        errors["commune"] = _(
            "Tin báo xâm hại, nguy hiểm phải ghi xã, phường của người được báo tin."
        )
    if commune is not None and not province_communes().filter(pk=commune.pk).exists():
        errors["commune"] = _("Xã/phường này không thuộc tỉnh.")
    if (from_111 or caller_type == CallerType.HOTLINE_111) and not call_reference.strip():
        errors["call_reference"] = _("Tin từ Tổng đài 111 phải có số tham chiếu cuộc gọi.")
    if errors:
        raise ValidationError(errors)
    is_report = kind == CallKind.REPORT
    return create_once(
        HotlineCall,
        client_uuid,
        actor,
        "recorded_by",
        lambda: HotlineCall.objects.create(
            client_uuid=client_uuid,
            facility=facility,
            received_at=received_at,
            kind=kind,
            caller_type=caller_type,
            issue=issue,
            urgency=urgency,
            call_reference=call_reference.strip(),
            from_111=from_111 or caller_type == CallerType.HOTLINE_111,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
            summary=summary.strip(),
            commune=commune,
            possible_crime=possible_crime and is_report,
            advice_note=advice_note,
            outcome=CallOutcome.PENDING if is_report else CallOutcome.ADVICE_GIVEN,
            response_due_at=add_hours(received_at, REPORT_HOURS) if is_report else None,
            recorded_by=actor,
        ),
    ).obj


@records_actor
@transaction.atomic
def call_open_case(
    *,
    actor,
    call: HotlineCall,
    beneficiary: Beneficiary | None = None,
    full_name: str = "",
    birth_year: int | None = None,
    sex: str = "",
    description: str = "",
    is_child: bool = True,
    needs_emergency_protection: bool = False,
):
    """Open a case from the call, assigned to the commune of the person
    concerned, where it is on the commune's lists at once. The person may be
    known (an existing record) or not yet identified: a record with
    identified=False is made in that commune, to be completed later."""
    call = HotlineCall.objects.select_for_update().get(pk=call.pk)
    require(actor, "hotline.log", facility=call.facility_id)
    if call.case_id is not None:
        raise ValidationError(_("Cuộc gọi này đã mở một trường hợp."))
    if call.commune_id is None:
        raise ValidationError({"commune": _("Hãy ghi xã, phường của người được báo tin trước.")})
    if beneficiary is None:
        # The register's own service refuses facility logins; a hotline
        # report about "a child at the market" must still become a record.
        beneficiary = Beneficiary.objects.create(
            full_name=full_name.strip(),
            identified=bool(full_name.strip()),
            birth_year=birth_year,
            sex=sex,
            commune_id=call.commune_id,
            address=description[:300],
            created_by=actor,
        )
    elif beneficiary.commune_id != call.commune_id:
        raise ValidationError(
            {"beneficiary": _("Người này không ở xã, phường ghi trong cuộc gọi.")}
        )
    reason = CONFIDENTIAL_ISSUES.get(call.issue, "")
    source = IntakeSource.HOTLINE_111 if call.from_111 else IntakeSource.PROVINCE_HOTLINE
    result = case_open(
        actor=actor,
        beneficiary=beneficiary,
        source=source,
        reported_at=call.received_at,
        summary=call.summary,
        call_reference=call.call_reference or f"DDN-{call.pk}",
        reporter_name=call.reporter_name,
        reporter_phone=call.reporter_phone,
        urgency=call.urgency,
        is_child_protection=is_child,
        needs_emergency_protection=needs_emergency_protection and is_child,
        confidential=bool(reason),
        confidentiality_reason=reason,
    )
    call.case = result.obj
    call.outcome = CallOutcome.CASE_OPENED
    call.save(update_fields=["case", "outcome"])
    return call


@records_actor
def call_refer(*, actor, call: HotlineCall, **referral) -> Sent:
    """Send the case opened from this call to a provider, and record the call's
    outcome as referred, in one transaction (the call page's "Chuyển gửi")."""
    with transaction.atomic():
        call = (
            HotlineCall.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=call.pk)
        )
        require(actor, "hotline.log", facility=call.facility_id)
        if call.case is None:
            raise ValidationError(_("Hãy mở trường hợp từ cuộc gọi trước khi chuyển gửi."))
        sent = referral_send(actor=actor, case=call.case, **referral)
        call_mark_referred(actor=actor, call=call, referral=sent.referral)
    return sent


@records_actor
@transaction.atomic
def call_mark_referred(*, actor, call: HotlineCall, referral) -> HotlineCall:
    call = HotlineCall.objects.select_for_update().get(pk=call.pk)
    require(actor, "hotline.log", facility=call.facility_id)
    call.referral = referral
    call.outcome = CallOutcome.REFERRED
    call.save(update_fields=["referral", "outcome"])
    return call


@records_actor
@transaction.atomic
def call_notify_police(
    *, actor, call: HotlineCall, police_unit: str, at: datetime.datetime | None = None
) -> HotlineCall:
    """Where the facts may be a crime, the police are told: record whom and when."""
    call = HotlineCall.objects.select_for_update().get(pk=call.pk)
    require(actor, "hotline.log", facility=call.facility_id)
    if not police_unit.strip():
        raise ValidationError({"police_unit": _("Hãy ghi đơn vị công an đã được báo.")})
    at = at or timezone.now()
    if at < call.received_at:
        raise ValidationError({"at": _("Thời điểm báo công an không được trước khi nhận tin.")})
    call.police_notified_at = at
    call.police_unit = police_unit.strip()
    call.possible_crime = True
    call.save(update_fields=["police_notified_at", "police_unit", "possible_crime"])
    return call


@records_actor
@transaction.atomic
def call_report_to_111(
    *, actor, call: HotlineCall, at: datetime.datetime | None = None
) -> HotlineCall:
    """The outcome was reported back to the national hotline 111."""
    call = HotlineCall.objects.select_for_update().get(pk=call.pk)
    require(actor, "hotline.log", facility=call.facility_id)
    if not call.from_111:
        raise ValidationError(_("Cuộc gọi này không do Tổng đài 111 chuyển đến."))
    if call.outcome == CallOutcome.PENDING:
        raise ValidationError(_("Chưa có kết quả xử lý để báo lại Tổng đài 111."))
    call.reported_to_111_at = at or timezone.now()
    call.save(update_fields=["reported_to_111_at"])
    return call
