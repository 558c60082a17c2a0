"""Writes to the facility network: every create and change goes through here."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.models import Role
from socialwork.areas.models import AdministrativeUnit, CodeSet, Level

from .models import (
    CAPACITY_MISSING,
    CAPACITY_NOT_POSITIVE,
    Facility,
    FacilityScopePeriod,
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


def _require_department(actor) -> None:
    if not (actor.role in (Role.DEPARTMENT, Role.ADMIN) or actor.is_superuser):
        raise PermissionDenied(_("Chỉ cán bộ Sở được sửa danh mục cơ sở và nhân viên."))


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
    linked = StaffMember.objects.filter(user=user).exclude(pk=getattr(staff, "pk", None))
    if linked.exists():
        raise ValidationError({"user": _("Tài khoản này đã gắn với một nhân viên khác.")})


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
    _require_department(actor)
    unknown = set(fields) - set(FACILITY_FIELDS)
    if unknown:
        raise TypeError(f"facility_create() got unexpected fields {sorted(unknown)}")
    _check_commune(commune)
    facility = Facility(name=name, kind=kind, commune=commune, **fields)
    _check_facility(facility)
    with pghistory.context(actor=actor.pk):
        facility.save()
        facility.services.set(services)
        FacilityScopePeriod.objects.create(
            facility=facility,
            in_ctxh01_scope=in_ctxh01_scope,
            in_ctxh02_plan=in_ctxh02_plan,
            valid_from=scope_from or timezone.localdate(),
        )
    return facility


@transaction.atomic
def facility_update(
    *, actor, facility: Facility, services: Iterable[ServiceType] | None = None, **fields
) -> Facility:
    """Change a unit's details (not its indicator scope: facility_set_scope)."""
    _require_department(actor)
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
    with pghistory.context(actor=actor.pk):
        fresh.save()
        if services is not None:
            fresh.services.set(services)
    return fresh


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
    _require_department(actor)
    periods = FacilityScopePeriod.objects.select_for_update().filter(facility=facility)
    if periods.filter(valid_from__gt=valid_from).exists():
        raise ValidationError(
            {
                "valid_from": _(
                    "Đã có phạm vi chỉ tiêu bắt đầu sau ngày này; hãy chọn ngày muộn hơn."
                )
            }
        )
    with pghistory.context(actor=actor.pk):
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
    _require_department(actor)
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"staff_create() got unexpected fields {sorted(unknown)}")
    _check_user(fields.get("user"))
    staff = StaffMember(facility=facility, full_name=full_name, started_on=started_on, **fields)
    staff.full_clean()
    with pghistory.context(actor=actor.pk):
        staff.save()
        StaffAssignment.objects.create(
            staff=staff,
            assignment=assignment,
            meets_allowance_rule=meets_allowance_rule,
            valid_from=started_on,
            valid_to=staff.left_on,
        )
    return staff


@transaction.atomic
def staff_update(*, actor, staff: StaffMember, **fields) -> StaffMember:
    """Change a staff member's details; leaving (left_on) also ends their
    assignment on that day."""
    _require_department(actor)
    unknown = set(fields) - set(STAFF_FIELDS) - {"facility"}
    if unknown:
        raise TypeError(f"staff_update() got unexpected fields {sorted(unknown)}")
    fresh = StaffMember.objects.select_for_update().get(pk=staff.pk)
    for field, value in fields.items():
        setattr(fresh, field, value)
    if "user" in fields:
        _check_user(fresh.user, fresh)
    fresh.full_clean()
    with pghistory.context(actor=actor.pk):
        fresh.save()
        if fresh.left_on is not None:
            if fresh.assignments.filter(valid_from__gt=fresh.left_on).exists():
                raise ValidationError(
                    {"left_on": _("Nhân viên có phân công CTXH bắt đầu sau ngày thôi việc.")}
                )
            fresh.assignments.filter(valid_to__isnull=True).update(valid_to=fresh.left_on)
            fresh.assignments.filter(valid_to__gt=fresh.left_on).update(valid_to=fresh.left_on)
    return fresh


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
    _require_department(actor)
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
    with pghistory.context(actor=actor.pk):
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
