"""The case itself: opening it (Mẫu 01), editing the intake details, who
works on it, and the move with the person to another commune."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.timezone import now as _now
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import holders, require
from socialwork.accounts.models import Role, User
from socialwork.areas.models import AdministrativeUnit
from socialwork.history import records_actor
from socialwork.idempotency import Created, create_once

from ...models import Beneficiary, Case, CaseStatus, CaseTransition, IntakeSource, Urgency
from ...models.casework import HOTLINE_SOURCES, REPORT_CLOCK_TOLERANCE
from ..deadlines import case_refresh_deadline
from .common import _bump, _check_version, _lock, _record


@records_actor
@transaction.atomic
def case_open(
    *,
    actor: User,
    beneficiary: Beneficiary,
    source: str,
    reported_at: datetime.datetime,
    summary: str = "",
    call_reference: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    reporter_relation: str = "",
    urgency: str = Urgency.NORMAL,
    is_child_protection: bool = False,
    needs_emergency_protection: bool = False,
    confidential: bool = False,
    confidentiality_reason: str = "",
    assigned_worker: User | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Open a case for a person in `actor`'s scope (Mẫu 01). A collaborator who
    opens it works on it unless someone else is named."""
    require(actor, "case.work")
    errors: dict[str, str] = {}
    if timezone.is_naive(reported_at):
        reported_at = timezone.make_aware(reported_at)
    if reported_at > _now() + REPORT_CLOCK_TOLERANCE:
        errors["reported_at"] = _("Thời điểm nhận thông tin không được ở tương lai.")
    if source not in IntakeSource.values:
        errors["source"] = _("Nguồn tiếp nhận không hợp lệ.")
    elif source in HOTLINE_SOURCES and not call_reference.strip():
        errors["call_reference"] = _("Tin báo qua tổng đài phải có số tham chiếu cuộc gọi.")
    if needs_emergency_protection and not is_child_protection:
        errors["needs_emergency_protection"] = _("Chỉ trẻ em mới thuộc diện bảo vệ khẩn cấp.")
    if confidential and not confidentiality_reason:
        errors["confidentiality_reason"] = _("Hãy ghi lý do bảo mật.")
    if errors:
        raise ValidationError(errors)
    assistant = None
    if is_child_protection:
        # The commune's child-protection worker owns a child's case; the
        # collaborator who reports it assists (DOMAIN errata 1).
        if actor.role == Role.COLLABORATOR:
            assistant = actor
        if assigned_worker is None:
            assigned_worker = child_protection_worker(beneficiary.commune_id)
    elif assigned_worker is None and actor.role == Role.COLLABORATOR:
        assigned_worker = actor
    if assigned_worker is not None:
        _check_worker(assigned_worker, beneficiary.commune_id, child=is_child_protection)

    def make() -> Case:
        case = Case.objects.create(
            client_uuid=client_uuid,
            beneficiary=beneficiary,
            commune_id=beneficiary.commune_id,
            source=source,
            call_reference=call_reference.strip(),
            reported_at=reported_at,
            summary=summary,
            reporter_name=reporter_name,
            reporter_phone=reporter_phone,
            reporter_relation=reporter_relation,
            urgency=Urgency.EMERGENCY if needs_emergency_protection else urgency,
            is_child_protection=is_child_protection,
            needs_emergency_protection=needs_emergency_protection,
            confidential=confidential,
            confidentiality_reason=confidentiality_reason if confidential else "",
            assigned_worker=assigned_worker,
            assistant=assistant,
            created_by=actor,
        )
        CaseTransition.objects.create(
            case=case, from_status="", to_status=CaseStatus.INTAKE, actor=actor, at=_now()
        )
        return case

    result = create_once(Case, client_uuid, actor, "created_by", make)
    if result.created:
        case_refresh_deadline(result.obj)
    return result


def child_protection_worker(commune_id: int) -> User | None:
    """The commune's child-protection worker: its culture and social affairs
    official (the commune official role), when the commune has exactly one;
    otherwise the commune assigns the case itself."""
    officials = list(
        User.objects.filter(role=Role.COMMUNE_OFFICIAL, area_id=commune_id, is_active=True)[:2]
    )
    return officials[0] if len(officials) == 1 else None


CHILD_OWNER_MESSAGE = _(
    "Trường hợp bảo vệ trẻ em do người làm công tác bảo vệ trẻ em cấp xã (công chức văn hóa "
    "– xã hội) phụ trách; cộng tác viên chỉ hỗ trợ."
)


def _check_worker(worker: User, commune_id: int, *, child: bool = False) -> None:
    # Only someone who may work on cases can be given one (not leadership).
    if worker.role not in holders("case.work") or not worker.is_active:
        raise ValidationError({"assigned_worker": _("Người này không thể phụ trách trường hợp.")})
    if child and worker.role != Role.COMMUNE_OFFICIAL:
        raise ValidationError({"assigned_worker": CHILD_OWNER_MESSAGE})
    if worker.is_commune_level and worker.area_id != commune_id:
        raise ValidationError(
            {"assigned_worker": _("Người phụ trách phải làm việc tại xã/phường của trường hợp.")}
        )


@records_actor
@transaction.atomic
def case_update(*, actor: User, case: Case, data: dict[str, Any], version: int) -> Case:
    """Edit the intake details begun at `version`; StaleEdit if someone saved since."""
    require(actor, "case.work")
    case = _lock(case)
    _check_version(case, version)
    allowed = {
        "summary",
        "urgency",
        "call_reference",
        "reporter_name",
        "reporter_phone",
        "reporter_relation",
        "confidential",
        "confidentiality_reason",
        "reported_at",
    }
    values = {k: v for k, v in data.items() if k in allowed}
    reported_at = values.get("reported_at")
    if reported_at is not None and reported_at > _now() + REPORT_CLOCK_TOLERANCE:
        raise ValidationError(
            {"reported_at": _("Thời điểm nhận thông tin không được ở tương lai.")}
        )
    if values.get("confidential") and not values.get(
        "confidentiality_reason", case.confidentiality_reason
    ):
        raise ValidationError({"confidentiality_reason": _("Hãy ghi lý do bảo mật.")})
    if values.get("confidential") is False:
        values["confidentiality_reason"] = ""
    case = _bump(case, **values)
    return case_refresh_deadline(case)


@records_actor
@transaction.atomic
def case_assign(
    *, actor: User, case: Case, worker: User | None, version: int | None = None
) -> Case:
    """Assign or reassign the case (commune official or leader, department)."""
    require(actor, "case.assign")
    case = _lock(case)
    _check_version(case, version)
    if worker is not None:
        _check_worker(worker, case.commune_id, child=case.is_child_protection)
    note = _("Giao cho %(name)s") % {"name": worker} if worker else _("Bỏ giao người phụ trách")
    _record(case, actor=actor, to=case.status, note=note)
    return _bump(case, assigned_worker=worker)


# --- Transfer with the person ------------------------------------------------------------


@records_actor
@transaction.atomic
def case_follow_beneficiary(
    *, actor: User | None, beneficiary: Beneficiary, worker: User | None = None
) -> int:
    """The person moved to another commune: their open cases move with them to
    that commune. Workers of the old commune let go (or `worker` takes over);
    the history stays with each case. Returns how many cases moved."""
    to_commune = AdministrativeUnit.objects.get(pk=beneficiary.commune_id)
    moving = list(
        Case.objects.select_for_update(of=("self",))
        .filter(beneficiary=beneficiary)
        .exclude(status=CaseStatus.CLOSED)
        .exclude(commune=to_commune)
        .select_related("assigned_worker")
    )
    if not moving:
        return 0
    if worker is not None:
        _check_worker(worker, to_commune.pk)
    now = _now()
    CaseTransition.objects.bulk_create(
        CaseTransition(
            case=case,
            from_status=case.status,
            to_status=case.status,
            from_commune_id=case.commune_id,
            to_commune=to_commune,
            actor=actor,
            at=now,
            note=_("Chuyển theo nơi ở mới của đối tượng"),
        )
        for case in moving
    )
    for case in moving:
        keep = case.assigned_worker if case.assigned_worker else None
        if keep is not None and keep.is_commune_level:
            keep = None  # a commune worker stays with their commune
        Case.objects.filter(pk=case.pk).update(
            commune=to_commune,
            # The old commune's collaborator stays there too.
            assistant=None,
            assigned_worker=worker
            or keep
            or (child_protection_worker(to_commune.pk) if case.is_child_protection else None),
            version=F("version") + 1,
            updated_at=now,
        )
    return len(moving)
