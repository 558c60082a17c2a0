"""Writes on the collaborator network: every change goes through a function here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import can, require
from socialwork.accounts.models import Role, User
from socialwork.accounts.phones import normalize_phone
from socialwork.accounts.services import temporary_password
from socialwork.areas.models import AdministrativeUnit
from socialwork.areas.selectors import province_communes
from socialwork.history import records_actor

from . import selectors
from .models import (
    Attendance,
    Collaborator,
    IssuedLogin,
    Organisation,
    Qualification,
    TrainingCourse,
)

# Readable on paper: no 0/O, 1/l/I.

# What a collaborator may change on their own profile.
SELF_EDITABLE = frozenset({"full_name", "phone", "village", "birth_year", "sex"})
MANAGER_EDITABLE = SELF_EDITABLE | {
    "commune",
    "organisation",
    "appointment_number",
    "appointment_date",
    "started_on",
    "qualification",
    "monthly_allowance",
}


@dataclass(frozen=True)
class CollaboratorCreated:
    collaborator: Collaborator
    # Shown once for printing; only its hash is stored.
    temporary_password: str


class OpenCasesError(ValidationError):
    """Leaving is refused while cases are still assigned; `cases` lists them."""

    def __init__(self, cases: list):
        self.cases = cases
        super().__init__(
            _(
                "Cộng tác viên còn %(count)d hồ sơ đang mở. Hãy giao lại các hồ sơ này "
                "cho người khác trước khi cho nghỉ."
            ),
            code="open_cases",
            params={"count": len(cases)},
        )


def _error(field: str, message, code: str, **params) -> ValidationError:
    """A field error that keeps its code (a dict passed to ValidationError drops it)."""
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


# --- Checks shared by forms, the API and the import -----------------------------------------


def clean_phone(value: str | None, *, exclude_user_id: int | None = None) -> str:
    phone = normalize_phone(value)
    if phone is None:
        raise _error(
            "phone",
            _("Số điện thoại không đúng định dạng di động Việt Nam (10 chữ số, ví dụ 0912345678)."),
            "phone_format",
        )
    taken = User.objects.filter(phone=phone)
    if exclude_user_id is not None:
        taken = taken.exclude(pk=exclude_user_id)
    if taken.exists():
        raise _error(
            "phone",
            _("Số điện thoại %(phone)s đã được dùng cho một tài khoản khác."),
            "phone_taken",
            phone=phone,
        )
    return phone


def clean_commune(commune: AdministrativeUnit | None) -> AdministrativeUnit:
    if commune is None or not province_communes().filter(pk=commune.pk).exists():
        raise _error(
            "commune",
            _("Xã/phường không thuộc tỉnh (hoặc không còn hiệu lực sau sáp nhập)."),
            "commune_outside",
        )
    return commune


def split_full_name(full_name: str) -> tuple[str, str]:
    """'Nguyễn Thị Lan' → ('Nguyễn Thị', 'Lan'): family and middle names, given name."""
    parts = (full_name or "").split()
    if not parts:
        raise _error("full_name", _("Hãy nhập họ và tên."), "required")
    return " ".join(parts[:-1]), parts[-1]


def check_period(started_on: datetime.date | None, ended_on: datetime.date | None) -> None:
    if started_on and ended_on and ended_on < started_on:
        raise _error("ended_on", _("Ngày nghỉ không được trước ngày bắt đầu."), "end_before_start")


def check_no_open_cases(open_cases: list) -> None:
    """Refuses leaving while cases are assigned (model-free, so it can be tested
    before cases.Case exists)."""
    if open_cases:
        raise OpenCasesError(open_cases)


def _unique_username(base: str) -> str:
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


# --- Collaborators ----------------------------------------------------------------------


@records_actor
@transaction.atomic
def collaborator_create(
    *,
    full_name: str,
    phone: str,
    commune: AdministrativeUnit,
    started_on: datetime.date,
    actor,
    birth_year: int | None = None,
    sex: str = "",
    village: str = "",
    organisation: str = Organisation.OTHER,
    appointment_number: str = "",
    appointment_date: datetime.date | None = None,
    qualification: str = Qualification.NONE,
    monthly_allowance: int = 0,
) -> CollaboratorCreated:
    """A collaborator and their login, with a temporary password they must change."""
    require(actor, "collaborator.manage")
    errors: dict[str, list] = {}
    cleaned: dict[str, Any] = {}  # each check's own type
    for key, check in (
        ("full_name", lambda: split_full_name(full_name)),
        ("phone", lambda: clean_phone(phone)),
        ("commune", lambda: clean_commune(commune)),
    ):
        try:
            cleaned[key] = check()
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    last_name, first_name = cleaned["full_name"]
    password = temporary_password()
    user = User(
        username=_unique_username(f"ctv{cleaned['phone']}"),
        role=Role.COLLABORATOR,
        area=commune,
        phone=cleaned["phone"],
        last_name=last_name,
        first_name=first_name,
        must_change_password=True,
    )
    user.set_password(password)
    user.save()
    collaborator = Collaborator(
        user=user,
        birth_year=birth_year,
        sex=sex,
        village=village,
        organisation=organisation,
        appointment_number=appointment_number,
        appointment_date=appointment_date,
        started_on=started_on,
        qualification=qualification,
        monthly_allowance=monthly_allowance,
    )
    collaborator.full_clean(exclude=["user"])
    collaborator.save()
    return CollaboratorCreated(collaborator, password)


@records_actor
@transaction.atomic
def collaborator_update(*, collaborator: Collaborator, actor, **changes) -> Collaborator:
    """Department staff change any profile field; a collaborator only their own
    name, phone, village, birth year and sex."""
    if can(actor, "collaborator.manage"):
        allowed = MANAGER_EDITABLE
    elif actor.role == Role.COLLABORATOR and collaborator.user_id == actor.pk:
        allowed = SELF_EDITABLE
    else:
        raise PermissionDenied
    refused = set(changes) - allowed
    if refused:
        raise PermissionDenied
    collaborator = (
        Collaborator.objects.select_for_update().select_related("user").get(pk=collaborator.pk)
    )
    user = collaborator.user
    errors: dict[str, list] = {}
    if "full_name" in changes:
        try:
            user.last_name, user.first_name = split_full_name(changes.pop("full_name"))
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if "phone" in changes:
        try:
            user.phone = clean_phone(changes.pop("phone"), exclude_user_id=user.pk)
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if "commune" in changes:
        try:
            user.area = clean_commune(changes.pop("commune"))
        except ValidationError as exc:
            errors.update(exc.error_dict)
    for name, value in changes.items():
        setattr(collaborator, name, value)
    try:
        check_period(collaborator.started_on, collaborator.ended_on)
    except ValidationError as exc:
        errors.setdefault("started_on", []).extend(exc.error_dict["ended_on"])
    if errors:
        raise ValidationError(errors)
    collaborator.full_clean(exclude=["user"])
    user.save()
    collaborator.save()
    return collaborator


@records_actor
@transaction.atomic
def collaborator_end(
    *,
    collaborator: Collaborator,
    actor,
    ended_on: datetime.date,
    reason: str,
) -> Collaborator:
    """The collaborator leaves: refused while cases are still assigned to them
    (the list comes with the refusal). Their login is switched off."""
    require(actor, "collaborator.manage")
    collaborator = (
        Collaborator.objects.select_for_update().select_related("user").get(pk=collaborator.pk)
    )
    if collaborator.ended_on is not None:
        raise ValidationError(
            _("Cộng tác viên này đã nghỉ từ %(day)s."),
            code="already_ended",
            params={"day": collaborator.ended_on.strftime("%d/%m/%Y")},
        )
    check_period(collaborator.started_on, ended_on)
    if ended_on > timezone.localdate():
        raise _error("ended_on", _("Ngày nghỉ không được sau hôm nay."), "end_in_future")
    if not (reason or "").strip():
        raise _error("reason", _("Hãy ghi lý do nghỉ."), "required")
    check_no_open_cases(selectors.open_cases_for(collaborator.user))
    collaborator.ended_on = ended_on
    collaborator.leaving_reason = reason.strip()
    collaborator.save(update_fields=["ended_on", "leaving_reason", "updated_at"])
    collaborator.user.is_active = False
    collaborator.user.save(update_fields=["is_active"])
    return collaborator


# --- Training --------------------------------------------------------------------------


def _check_course_dates(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise _error(
            "ends_on", _("Ngày kết thúc không được trước ngày bắt đầu."), "end_before_start"
        )


@records_actor
@transaction.atomic
def course_create(
    *,
    actor,
    title: str,
    topic: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    hours: int,
    organiser: str = "",
    place: str = "",
) -> TrainingCourse:
    require(actor, "collaborator.manage")
    _check_course_dates(starts_on, ends_on)
    course = TrainingCourse(
        title=title,
        topic=topic,
        organiser=organiser,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        place=place,
    )
    course.full_clean()
    course.save()
    return course


@records_actor
@transaction.atomic
def course_update(*, course: TrainingCourse, actor, **changes) -> TrainingCourse:
    require(actor, "collaborator.manage")
    course = TrainingCourse.objects.select_for_update().get(pk=course.pk)
    for name, value in changes.items():
        setattr(course, name, value)
    _check_course_dates(course.starts_on, course.ends_on)
    if course.attendances.exists() and course.starts_on > timezone.localdate():
        raise _error(
            "starts_on",
            _("Khóa học đã có người tham dự: không thể dời sang tương lai."),
            "course_has_attendance",
        )
    course.full_clean()
    course.save()
    return course


def _check_attendance(course: TrainingCourse, completed: bool) -> None:
    today = timezone.localdate()
    if course.starts_on > today:
        raise _error(
            "course",
            _("Khóa học chưa diễn ra (bắt đầu ngày %(day)s): chưa thể ghi nhận tham dự."),
            "course_not_started",
            day=course.starts_on.strftime("%d/%m/%Y"),
        )
    if completed and course.ends_on > today:
        raise _error(
            "completed",
            _("Khóa học chưa kết thúc (ngày %(day)s): chưa thể ghi nhận hoàn thành."),
            "course_not_finished",
            day=course.ends_on.strftime("%d/%m/%Y"),
        )


@records_actor
@transaction.atomic
def attendance_record(
    *,
    actor,
    course: TrainingCourse,
    collaborator: Collaborator | None = None,
    staff_member=None,
    completed: bool = False,
    certificate_number: str = "",
    practice_hours: int = 0,
    cpd_credits: Decimal | int = 0,
) -> Attendance:
    """One person attended a course that has already started."""
    require(actor, "collaborator.manage")
    if (collaborator is None) == (staff_member is None):
        raise ValidationError(
            _("Chọn đúng một người: cộng tác viên hoặc nhân viên cơ sở."), code="one_person"
        )
    _check_attendance(course, completed)
    attendance = Attendance(
        course=course,
        collaborator=collaborator,
        staff_member=staff_member,
        completed=completed,
        certificate_number=certificate_number,
        practice_hours=practice_hours,
        cpd_credits=cpd_credits,
    )
    attendance.full_clean()
    attendance.save()
    return attendance


@records_actor
@transaction.atomic
def attendance_update(*, attendance: Attendance, actor, **changes) -> Attendance:
    require(actor, "collaborator.manage")
    allowed = {"completed", "certificate_number", "practice_hours", "cpd_credits"}
    if set(changes) - allowed:
        raise PermissionDenied
    attendance = (
        Attendance.objects.select_for_update().select_related("course").get(pk=attendance.pk)
    )
    for name, value in changes.items():
        setattr(attendance, name, value)
    _check_attendance(attendance.course, attendance.completed)
    attendance.full_clean()
    attendance.save()
    return attendance


@transaction.atomic
def issued_logins_take(*, actor, job_id: int) -> list[IssuedLogin]:
    """The logins an import created, with their temporary passwords, for the
    person who ran it: returned once and forgotten in the same transaction."""
    issued = list(
        IssuedLogin.objects.select_for_update(of=("self",))
        .filter(import_job_id=job_id, created_by=actor)
        .select_related("user", "user__area", "user__collaborator")
        .order_by("user__area__name", "user__first_name")
    )
    IssuedLogin.objects.filter(pk__in=[i.pk for i in issued]).delete()
    return issued
