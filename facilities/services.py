"""Writes to the facility network: every create and change goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.referrals.services import referral_accept, referral_start_service
from socialwork.accounts.capabilities import require
from socialwork.accounts.models import Role
from socialwork.ages import age_on
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level
from socialwork.calendar.workdays import add_working_days
from socialwork.history import history_context, records_actor

from .models import (
    CAPACITY_MISSING,
    CAPACITY_NOT_POSITIVE,
    HANDOVER_REASONS,
    Admission,
    AdmissionKind,
    AdmissionStatus,
    DischargeReason,
    Facility,
    FacilityScopePeriod,
    ServiceGroup,
    ServiceType,
    SocialWorkAssignment,
    StaffAssignment,
    StaffMember,
)

FACILITY_FIELDS = (
    "name",
    "kind",
    "ownership",
    "commune",
    "address",
    "phone",
    "email",
    "hotline",
    "capacity",
    "has_social_work_unit",
    "has_portal_users",
    "is_active",
)
STAFF_FIELDS = (
    "full_name",
    "position",
    "qualification",
    "civil_service_title",
    "phone",
    "user",
    "started_on",
    "left_on",
)


def _check_commune(commune: AdministrativeUnit) -> None:
    province = commune.province
    if (
        commune.level != Level.COMMUNE
        or commune.code_set != CodeSet.CURRENT
        or province is None
        or province.code != settings.PORTAL_PROVINCE_CODE
        or province.code_set != CodeSet.CURRENT
    ):
        raise ValidationError(
            {
                "commune": _(
                    "Xã, phường phải thuộc tỉnh và theo danh mục đơn vị hành chính hiện hành."
                )
            }
        )


def _check_facility(facility: Facility) -> None:
    """Field-level messages for what the constraints refuse, then the rest."""
    if facility.capacity is not None and facility.capacity <= 0:
        raise ValidationError({"capacity": CAPACITY_NOT_POSITIVE})
    if facility.capacity is None and facility.admits_residents:
        raise ValidationError({"capacity": CAPACITY_MISSING})
    facility.full_clean()


def _check_user(user, staff: StaffMember | None = None) -> None:
    if user is None:
        return
    if user.role != Role.FACILITY:
        raise ValidationError({"user": _("Chỉ gắn được tài khoản có vai trò nhân viên cơ sở.")})
    linked = StaffMember.objects.filter(user=user)
    if staff is not None:
        linked = linked.exclude(pk=staff.pk)
    if linked.exists():
        raise ValidationError({"user": _("Tài khoản này đã gắn với một nhân viên khác.")})


@records_actor
@transaction.atomic
def facility_create(
    *,
    actor,
    name: str,
    kind: str,
    commune: AdministrativeUnit,
    services: Iterable[ServiceType] = (),
    in_ctxh01_scope: bool = True,
    in_ctxh02_plan: bool = False,
    scope_from: datetime.date | None = None,
    **fields,
) -> Facility:
    """Add a unit to the register, with its indicator scope from `scope_from`
    (default today)."""
    require(actor, "facility.register.edit")
    unknown = set(fields) - set(FACILITY_FIELDS)
    if unknown:
        raise TypeError(f"facility_create() got unexpected fields {sorted(unknown)}")
    _check_commune(commune)
    facility = Facility(name=name, kind=kind, commune=commune, **fields)
    _check_facility(facility)
    with history_context(actor):
        facility.save()
        facility.services.set(services)
        FacilityScopePeriod.objects.create(
            facility=facility,
            in_ctxh01_scope=in_ctxh01_scope,
            in_ctxh02_plan=in_ctxh02_plan,
            valid_from=scope_from or timezone.localdate(),
        )
    return facility


@records_actor
@transaction.atomic
def facility_update(
    *, actor, facility: Facility, services: Iterable[ServiceType] | None = None, **fields
) -> Facility:
    """Change a unit's details (not its indicator scope: facility_set_scope)."""
    require(actor, "facility.register.edit")
    unknown = set(fields) - set(FACILITY_FIELDS)
    if unknown:
        raise TypeError(f"facility_update() got unexpected fields {sorted(unknown)}")
    # Work on a fresh copy so a refused change leaves the caller's object intact.
    fresh = Facility.objects.select_for_update().get(pk=facility.pk)
    for field, value in fields.items():
        setattr(fresh, field, value)
    if "commune" in fields:
        _check_commune(fresh.commune)
    _check_facility(fresh)
    with history_context(actor):
        fresh.save()
        if services is not None:
            fresh.services.set(services)
    return fresh


@records_actor
@transaction.atomic
def facility_set_scope(
    *,
    actor,
    facility: Facility,
    in_ctxh01_scope: bool,
    in_ctxh02_plan: bool,
    valid_from: datetime.date,
) -> FacilityScopePeriod:
    """From `valid_from` on, the unit is (or is not) counted by CTXH-01 and on
    the CTXH-02 planning list. The period before it keeps its old values."""
    require(actor, "facility.register.edit")
    periods = FacilityScopePeriod.objects.select_for_update().filter(facility=facility)
    if periods.filter(valid_from__gt=valid_from).exists():
        raise ValidationError(
            {
                "valid_from": _(
                    "Đã có phạm vi chỉ tiêu bắt đầu sau ngày này; hãy chọn ngày muộn hơn."
                )
            }
        )
    with history_context(actor):
        same_day = periods.filter(valid_from=valid_from).first()
        if same_day is not None:
            same_day.in_ctxh01_scope = in_ctxh01_scope
            same_day.in_ctxh02_plan = in_ctxh02_plan
            same_day.valid_to = None
            same_day.save()
            return same_day
        periods.filter(valid_to__isnull=True).update(
            valid_to=valid_from - datetime.timedelta(days=1)
        )
        periods.filter(valid_to__gte=valid_from).update(
            valid_to=valid_from - datetime.timedelta(days=1)
        )
        return FacilityScopePeriod.objects.create(
            facility=facility,
            in_ctxh01_scope=in_ctxh01_scope,
            in_ctxh02_plan=in_ctxh02_plan,
            valid_from=valid_from,
        )


@records_actor
@transaction.atomic
def staff_create(
    *,
    actor,
    facility: Facility,
    full_name: str,
    started_on: datetime.date,
    assignment: str = SocialWorkAssignment.NONE,
    meets_allowance_rule: bool = False,
    **fields,
) -> StaffMember:
    """Add a staff member with their social-work assignment from `started_on`."""
    require(actor, "facility.register.edit")
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"staff_create() got unexpected fields {sorted(unknown)}")
    _check_user(fields.get("user"))
    staff = StaffMember(facility=facility, full_name=full_name, started_on=started_on, **fields)
    staff.full_clean()
    with history_context(actor):
        staff.save()
        StaffAssignment.objects.create(
            staff=staff,
            assignment=assignment,
            meets_allowance_rule=meets_allowance_rule,
            valid_from=started_on,
            valid_to=staff.left_on,
        )
    return staff


@records_actor
@transaction.atomic
def staff_update(*, actor, staff: StaffMember, **fields) -> StaffMember:
    """Change a staff member's details; leaving (left_on) also ends their
    assignment on that day."""
    require(actor, "facility.register.edit")
    unknown = set(fields) - set(STAFF_FIELDS) - {"facility"}
    if unknown:
        raise TypeError(f"staff_update() got unexpected fields {sorted(unknown)}")
    fresh = StaffMember.objects.select_for_update().get(pk=staff.pk)
    for field, value in fields.items():
        setattr(fresh, field, value)
    if "user" in fields:
        _check_user(fresh.user, fresh)
    fresh.full_clean()
    with history_context(actor):
        fresh.save()
        if fresh.left_on is not None:
            if fresh.assignments.filter(valid_from__gt=fresh.left_on).exists():
                raise ValidationError(
                    {"left_on": _("Nhân viên có phân công CTXH bắt đầu sau ngày thôi việc.")}
                )
            fresh.assignments.filter(valid_to__isnull=True).update(valid_to=fresh.left_on)
            fresh.assignments.filter(valid_to__gt=fresh.left_on).update(valid_to=fresh.left_on)
    return fresh


@records_actor
@transaction.atomic
def staff_assign(
    *,
    actor,
    staff: StaffMember,
    assignment: str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    meets_allowance_rule: bool = False,
) -> StaffAssignment:
    """From `valid_from` (to `valid_to`, or open) the staff member does social
    work full-time, part-time or not at all; the assignment before it ends the
    day before. Earlier periods are never rewritten."""
    require(actor, "facility.register.edit")
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError(
            {"valid_to": _("Ngày kết thúc phân công không được trước ngày bắt đầu.")}
        )
    if valid_from < staff.started_on or (staff.left_on and valid_from > staff.left_on):
        raise ValidationError(
            {"valid_from": _("Ngày bắt đầu phân công phải trong thời gian nhân viên làm việc.")}
        )
    existing = StaffAssignment.objects.select_for_update().filter(staff=staff)
    if existing.filter(valid_from__gte=valid_from).exists():
        raise ValidationError(
            {
                "valid_from": _(
                    "Đã có phân công bắt đầu từ ngày này trở về sau; hãy chọn ngày muộn hơn."
                )
            }
        )
    with history_context(actor):
        existing.filter(valid_to__isnull=True).update(
            valid_to=valid_from - datetime.timedelta(days=1)
        )
        existing.filter(valid_to__gte=valid_from).update(
            valid_to=valid_from - datetime.timedelta(days=1)
        )
        record = StaffAssignment(
            staff=staff,
            assignment=assignment,
            meets_allowance_rule=meets_allowance_rule,
            valid_from=valid_from,
            valid_to=valid_to if valid_to is not None else staff.left_on,
        )
        record.full_clean()
        record.save()
    return record


# --- Residents (Decree 20 Art. 24–30) -------------------------------------

ADMISSION_DOSSIER_DAYS = 10  # emergency admission: dossier completed within 10 working days
PUBLIC_NOTICE_DAYS = 25  # abandoned child: public notice within 25 working days
COMMUNE_REVIEW_DAYS = 10
POSTING_DAYS = 7
APPRAISAL_DAYS = 7
LONG_TERM_STEPS = ("commune_review", "posting", "appraisal")


def _check_admits(facility: Facility) -> None:
    if not facility.admits_residents:
        raise ValidationError(
            {
                "facility": _(
                    "%(name)s là đối tác bên ngoài hoặc không có chỗ ở: không tiếp nhận đối "
                    "tượng trên cổng."
                )
                % {"name": facility.name}
            }
        )


def facility_occupancy(*, facility: Facility, day: datetime.date | None = None) -> int:
    """Residents on `day` (default today); discharged that day no longer count."""

    day = day or timezone.localdate()
    return (
        Admission.objects.filter(facility=facility, admitted_on__lte=day)
        .filter(Q(discharged_on__isnull=True) | Q(discharged_on__gt=day))
        .count()
    )


def _check_capacity(facility: Facility, day: datetime.date, confirm: bool) -> bool:
    """True if this admission takes the facility over its beds; refused
    unless the user confirmed it explicitly."""
    # One admission at a time per facility: two staff cannot both take the last bed.
    Facility.objects.select_for_update().filter(pk=facility.pk).first()
    if (
        facility.capacity is None
        or facility_occupancy(facility=facility, day=day) < facility.capacity
    ):
        return False
    if not confirm:
        raise ValidationError(
            {
                "confirm_over_capacity": _(
                    "Cơ sở đã đủ %(capacity)s giường: hãy xác nhận tiếp nhận vượt công suất."
                )
                % {"capacity": facility.capacity}
            }
        )
    return True


def _report_over_capacity(admission) -> None:
    from socialwork.accounts.models import User
    from socialwork.notifications.services import notify

    notify(
        recipients=User.objects.filter(role=Role.DEPARTMENT, is_active=True),
        kind="admission.over_capacity",
        title=_("%(name)s tiếp nhận vượt công suất") % {"name": admission.facility.name},
        url=f"/facilities/{admission.facility_id}/",
        related=admission,
        dedupe_key=f"admission.over_capacity.{admission.pk}",
    )


def _save_admission(admission, actor) -> None:
    from django.db import IntegrityError

    try:
        with transaction.atomic(), history_context(actor):
            admission.save()
    except IntegrityError as exc:
        if "facilities_admission_no_overlap" in str(exc):
            raise ValidationError(
                {
                    "beneficiary": _(
                        "Người này đang được chăm sóc tại một cơ sở trong khoảng thời gian này."
                    )
                }
            ) from exc
        raise


def _check_open_elsewhere(beneficiary, facility: Facility, exclude=None) -> None:

    residents = Admission.objects.filter(beneficiary=beneficiary, status=AdmissionStatus.RESIDENT)
    if exclude is not None:
        residents = residents.exclude(pk=exclude.pk)
    clash = residents.select_related("facility").first()
    if clash is not None:
        assert clash.admitted_on is not None  # a resident was admitted on a day
        raise ValidationError(
            {
                "beneficiary": _("Người này đang ở tại %(name)s từ %(day)s.")
                % {"name": clash.facility.name, "day": clash.admitted_on.strftime("%d/%m/%Y")}
            }
        )


@records_actor
@transaction.atomic
def admission_admit(
    *,
    actor,
    facility: Facility,
    beneficiary,
    kind: str,
    admitted_on: datetime.date,
    case=None,
    referral=None,
    reception_record_number: str = "",
    abandoned_child: bool = False,
    contract_number: str = "",
    confirm_over_capacity: bool = False,
    note: str = "",
    client_uuid=None,
):
    """Admit at once: emergency (with the signed reception record, the dossier
    due in 10 working days and, for an abandoned child, the public notice in
    25), temporary shelter, or voluntary care by contract. Long-term care goes
    through `admission_open_dossier` instead."""

    if client_uuid is not None:
        earlier = Admission.objects.filter(client_uuid=client_uuid).first()
        if earlier is not None:
            return earlier
    require(actor, "admission.record", facility=facility)
    _check_admits(facility)
    if kind == AdmissionKind.LONG_TERM:
        raise ValidationError(
            {"kind": _("Chăm sóc dài hạn chỉ sau khi hồ sơ được xét duyệt: hãy mở hồ sơ.")}
        )
    if admitted_on > timezone.localdate():
        raise ValidationError({"admitted_on": _("Ngày tiếp nhận không được ở tương lai.")})
    if kind == AdmissionKind.EMERGENCY and not reception_record_number.strip():
        raise ValidationError(
            {"reception_record_number": _("Tiếp nhận khẩn cấp phải có biên bản tiếp nhận.")}
        )
    if kind == AdmissionKind.VOLUNTARY and not contract_number.strip():
        raise ValidationError(
            {"contract_number": _("Chăm sóc tự nguyện phải có hợp đồng dịch vụ.")}
        )
    _check_open_elsewhere(beneficiary, facility)
    over = _check_capacity(facility, admitted_on, confirm_over_capacity)
    admission = Admission(
        client_uuid=client_uuid,
        facility=facility,
        beneficiary=beneficiary,
        case=case or getattr(referral, "case", None),
        referral=referral,
        kind=kind,
        status=AdmissionStatus.RESIDENT,
        requested_on=admitted_on,
        admitted_on=admitted_on,
        reception_record_number=reception_record_number.strip(),
        abandoned_child=abandoned_child,
        contract_number=contract_number.strip(),
        over_capacity=over,
        note=note,
        created_by=actor,
    )
    if kind == AdmissionKind.EMERGENCY:
        admission.dossier_due_on = add_working_days(admitted_on, ADMISSION_DOSSIER_DAYS)
        if abandoned_child:
            admission.public_notice_due_on = add_working_days(admitted_on, PUBLIC_NOTICE_DAYS)
    _save_admission(admission, actor)
    if over:
        _report_over_capacity(admission)
    if referral is not None:
        referral_start_service(referral=referral, actor=actor, note=_("Đã tiếp nhận vào cơ sở."))
    return admission


@records_actor
@transaction.atomic
def admission_open_dossier(
    *,
    actor,
    facility: Facility,
    beneficiary,
    requested_on: datetime.date,
    case=None,
    referral=None,
    note: str = "",
):
    """Open a long-term care dossier: the commune's review is due within 10
    working days; the later steps get their deadlines as each one is done."""

    require(actor, "admission.record", facility=facility)
    _check_admits(facility)
    admission = Admission(
        facility=facility,
        beneficiary=beneficiary,
        case=case or getattr(referral, "case", None),
        referral=referral,
        kind=AdmissionKind.LONG_TERM,
        status=AdmissionStatus.DOSSIER,
        requested_on=requested_on,
        commune_review_due_on=add_working_days(requested_on, COMMUNE_REVIEW_DAYS),
        note=note,
        created_by=actor,
    )
    _save_admission(admission, actor)
    return admission


@records_actor
@transaction.atomic
def admission_accept_referral(*, actor, referral, note: str = ""):
    """The facility accepts a referral (the workflow of admitting from a
    referral lives here and calls the referral's moves one way): long-term
    care opens the admission dossier at once; the admission or the head's
    decision later starts the referral's service."""
    referral = referral_accept(actor=actor, referral=referral, note=note)
    facility = referral.to_facility
    if facility.admits_residents and referral.service_type.group == ServiceGroup.FACILITY_CARE:
        admission_open_dossier(
            actor=actor,
            facility=facility,
            beneficiary=referral.beneficiary,
            requested_on=timezone.localdate(),
            referral=referral,
        )
    return referral


def _locked_admission(admission):

    return (
        Admission.objects.select_for_update()
        .select_related("facility", "beneficiary")
        .get(pk=admission.pk)
    )


@records_actor
@transaction.atomic
def admission_record_step(
    *, actor, admission, step: str, on: datetime.date, without_hiv: bool = False
):
    """Record a step of the long-term dossier, in its legal order: the
    commune's review, the public posting (never with HIV information), the
    department's appraisal."""

    admission = _locked_admission(admission)
    require(actor, "admission.record", facility=admission.facility)
    if admission.status != AdmissionStatus.DOSSIER:
        raise ValidationError(_("Hồ sơ này không còn ở bước xét duyệt."))
    if on > timezone.localdate():
        raise ValidationError({"on": _("Ngày không được ở tương lai.")})
    if step == "commune_review":
        admission.commune_reviewed_on = on
        admission.posting_due_on = add_working_days(on, POSTING_DAYS)
    elif step == "posting":
        if admission.commune_reviewed_on is None:
            raise ValidationError(_("Chưa có kết quả xét duyệt của xã."))
        if not without_hiv:
            raise ValidationError(
                {"without_hiv": _("Xác nhận danh sách niêm yết không có thông tin về HIV.")}
            )
        admission.posted_on = on
        admission.posting_without_hiv = True
        admission.appraisal_due_on = add_working_days(on, APPRAISAL_DAYS)
    elif step == "appraisal":
        if admission.posted_on is None:
            raise ValidationError(_("Chưa kết thúc niêm yết công khai."))
        admission.appraised_on = on
    else:
        raise ValidationError({"step": _("Bước không hợp lệ.")})
    _save_admission(admission, actor)
    return admission


@records_actor
@transaction.atomic
def admission_decide(
    *,
    actor,
    admission,
    decision_number: str,
    decided_on: datetime.date,
    admitted_on: datetime.date,
    confirm_over_capacity: bool = False,
):
    """The facility head's decision: the long-term resident moves in."""

    admission = _locked_admission(admission)
    require(actor, "admission.record", facility=admission.facility)
    if admission.status != AdmissionStatus.DOSSIER:
        raise ValidationError(_("Hồ sơ này không còn ở bước xét duyệt."))
    if admission.appraised_on is None:
        raise ValidationError(
            _("Chỉ quyết định tiếp nhận sau khi xã xét duyệt, niêm yết và Sở thẩm định.")
        )
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Hãy nhập số quyết định.")})
    if admitted_on < decided_on:
        raise ValidationError(
            {"admitted_on": _("Ngày tiếp nhận không được trước ngày quyết định.")}
        )
    _check_open_elsewhere(admission.beneficiary, admission.facility, exclude=admission)
    over = _check_capacity(admission.facility, admitted_on, confirm_over_capacity)
    admission.decision_number = decision_number.strip()
    admission.decision_on = decided_on
    admission.admitted_on = admitted_on
    admission.status = AdmissionStatus.RESIDENT
    admission.over_capacity = over
    _save_admission(admission, actor)
    if over:
        _report_over_capacity(admission)
    if admission.referral_id:
        referral_start_service(
            referral=admission.referral, actor=actor, note=_("Đã có quyết định tiếp nhận.")
        )
    return admission


@records_actor
@transaction.atomic
def admission_complete_dossier(*, actor, admission, on: datetime.date, public_notice_on=None):
    """The emergency admission's paperwork (and the abandoned child's public notice)."""
    admission = _locked_admission(admission)
    require(actor, "admission.record", facility=admission.facility)
    if on < admission.admitted_on:
        raise ValidationError({"on": _("Ngày hoàn thiện hồ sơ không được trước ngày tiếp nhận.")})
    admission.dossier_completed_on = on
    if public_notice_on is not None:
        admission.public_notice_on = public_notice_on
    _save_admission(admission, actor)
    return admission


@records_actor
@transaction.atomic
def admission_discharge(
    *,
    actor,
    admission,
    discharged_on: datetime.date,
    reason: str,
    handover_record_number: str = "",
    note: str = "",
):
    """Stop the support (dừng trợ giúp, Art. 30) with its legal reason; a
    return to the commune needs the handover record it certified."""

    admission = _locked_admission(admission)
    require(actor, "admission.record", facility=admission.facility)
    if admission.status != AdmissionStatus.RESIDENT:
        raise ValidationError(_("Người này không còn ở tại cơ sở."))
    if discharged_on < admission.admitted_on:
        raise ValidationError(
            {"discharged_on": _("Ngày dừng trợ giúp không được trước ngày tiếp nhận.")}
        )
    if discharged_on > timezone.localdate():
        raise ValidationError({"discharged_on": _("Ngày dừng trợ giúp không được ở tương lai.")})
    if reason not in DischargeReason.values:
        raise ValidationError({"reason": _("Hãy chọn lý do dừng trợ giúp.")})
    person = admission.beneficiary
    age = age_on(discharged_on, birth_date=person.birth_date, birth_year=person.birth_year)
    minimum_ages: dict[str, int] = {
        DischargeReason.TURNED_16: 16,
        DischargeReason.TURNED_22_STUDYING: 22,
    }
    minimum = minimum_ages.get(reason)
    if minimum is not None and age is not None and age < minimum:
        raise ValidationError(
            {
                "reason": _("Người này chưa đủ %(age)s tuổi vào ngày dừng trợ giúp.")
                % {"age": minimum}
            }
        )
    if reason in HANDOVER_REASONS and not handover_record_number.strip():
        raise ValidationError(
            {"handover_record_number": _("Hãy nhập số biên bản bàn giao về xã có xác nhận của xã.")}
        )
    admission.status = AdmissionStatus.DISCHARGED
    admission.discharged_on = discharged_on
    admission.discharge_reason = reason
    admission.handover_record_number = handover_record_number.strip()
    if reason in HANDOVER_REASONS:
        admission.handover_commune_id = admission.beneficiary.commune_id
    if note:
        admission.note = f"{admission.note}\n{note}".strip()
    _save_admission(admission, actor)
    return admission
