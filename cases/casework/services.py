"""Writes on cases: every change of a case goes through a function here.

Each is keyword-only, `@transaction.atomic`, locks the case row
(select_for_update) before checking the rules, records who and when (a
CaseTransition for every status move) and refreshes the legal deadlines.
Creates from phones take a client-generated UUID: a retried POST returns the
first result and creates nothing twice. Edits name the version they began
from: a stale edit is refused and nothing is overwritten.
"""

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

from facilities.models import Facility, ServiceType
from socialwork.accounts.capabilities import holders, require
from socialwork.accounts.models import Role, User
from socialwork.ages import age_on
from socialwork.areas.models import AdministrativeUnit
from socialwork.history import records_actor
from socialwork.idempotency import Created, create_once, replay

from ..errors import StaleEdit
from ..models import (
    Assessment,
    AssessmentKind,
    Beneficiary,
    Case,
    CaseEvent,
    CasePlan,
    CasePlanAction,
    CaseStatus,
    CaseTransition,
    ClosureReason,
    DocumentKind,
    EventKind,
    IntakeSource,
    IssuedDocument,
    PlanStatus,
    Review,
    ReviewOutcome,
    ServiceDelivery,
    SignerCapacity,
    Urgency,
)
from ..models.casework import (
    EMERGENCY_RESPONSES,
    HOTLINE_SOURCES,
    PAPER_PENDING,
    REPORT_CLOCK_TOLERANCE,
    SEPARATION_MAX_DAYS,
)
from . import numbering
from .deadlines import case_refresh_deadline

STALE_MESSAGE = _(
    "Trường hợp này vừa được người khác cập nhật sau khi bạn mở nó. Thay đổi của bạn chưa "
    "được lưu: hãy tải lại trang, xem bản mới rồi làm lại."
)


# --- Helpers ------------------------------------------------------------------------


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


def _emergency_step_missing(case: Case) -> bool:
    return (
        case.is_child_protection
        and case.needs_emergency_protection
        and not case.events.filter(kind__in=EMERGENCY_RESPONSES).exists()
    )


def _check_emergency_step(case: Case) -> None:
    """A child who needs emergency protection gets the emergency intervention or
    the temporary separation (the 12-hour step, Decree 56 Art. 26(3)) before
    the case goes on: no plan, no closure skips it."""
    if _emergency_step_missing(case):
        raise ValidationError(
            _(
                "Trẻ em cần bảo vệ khẩn cấp: hãy ghi can thiệp khẩn cấp hoặc quyết định cách ly "
                "tạm thời (trong 12 giờ) trước bước này."
            ),
            code="emergency_step",
        )


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("Trường hợp đã đóng: hãy mở lại trước khi ghi thêm."))


# --- Intake ---------------------------------------------------------------------------


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


# --- Status transitions (one function per move) ---------------------------------------------


def _transition(
    *, actor: User, case: Case, to: str, note: str = "", version: int | None = None, **fields
) -> Case:
    require(actor, "case.work")
    case = _lock(case)
    _check_version(case, version)
    if not case.can_move_to(to):
        raise ValidationError(
            _("Không thể chuyển trường hợp từ “%(from)s” sang “%(to)s”.")
            % {"from": case.get_status_display(), "to": CaseStatus(to).label},
            code="forbidden_transition",
        )
    _record(case, actor=actor, to=to, note=note)
    case = _bump(case, status=to, **fields)
    return case_refresh_deadline(case)


@records_actor
@transaction.atomic
def case_begin_assessment(*, actor: User, case: Case, note: str = "", version=None) -> Case:
    """Intake → assessment (the commune leader directs the initial assessment)."""
    if _lock(case).status == CaseStatus.CLOSED:
        raise ValidationError(_("Mở lại trường hợp đã đóng phải ghi lý do."), code="reopen_reason")
    return _transition(actor=actor, case=case, to=CaseStatus.ASSESSMENT, note=note, version=version)


@records_actor
@transaction.atomic
def case_begin_planning(*, actor: User, case: Case, note: str = "", version=None) -> Case:
    """Assessment → planning: a needs assessment must exist, and a child in
    danger has had the emergency step first."""
    _check_emergency_step(case)
    if not case.assessments.filter(
        kind__in=(AssessmentKind.NEEDS, AssessmentKind.REASSESSMENT)
    ).exists():
        raise ValidationError(_("Cần có đánh giá nhu cầu (Mẫu 03) trước khi lập kế hoạch."))
    return _transition(actor=actor, case=case, to=CaseStatus.PLANNING, note=note, version=version)


@records_actor
@transaction.atomic
def case_begin_intervention(*, actor: User, case: Case, note: str = "", version=None) -> Case:
    """Planning → intervention: only a plan signed by the commune leader is carried out."""
    if not case.plans.filter(status=PlanStatus.APPROVED).exists():
        raise ValidationError(
            _("Kế hoạch phải được Chủ tịch UBND xã phê duyệt trước khi thực hiện.")
        )
    return _transition(
        actor=actor, case=case, to=CaseStatus.INTERVENTION, note=note, version=version
    )


@records_actor
@transaction.atomic
def case_begin_monitoring(*, actor: User, case: Case, note: str = "", version=None) -> Case:
    return _transition(actor=actor, case=case, to=CaseStatus.MONITORING, note=note, version=version)


@records_actor
@transaction.atomic
def case_replan(*, actor: User, case: Case, note: str = "", version=None) -> Case:
    """Back to planning after a review (Mẫu 06: a new plan)."""
    return _transition(actor=actor, case=case, to=CaseStatus.PLANNING, note=note, version=version)


@records_actor
@transaction.atomic
def case_close(
    *,
    actor: User,
    case: Case,
    reason: str,
    note: str = "",
    closed_on: datetime.date | None = None,
    version: int | None = None,
) -> Case:
    """Close with a reason. A family's refusal never closes a child's case: it
    leads to the court request or alternative care instead."""
    if reason not in ClosureReason.values:
        raise ValidationError({"reason": _("Hãy chọn lý do đóng trường hợp.")})
    case = _lock(case)
    closed_on = closed_on or timezone.localdate()
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("Ngày đóng không được ở tương lai.")})
    if case.is_child_protection:
        _check_child_closure(case, reason=reason, note=note, closed_on=closed_on)
    elif reason == ClosureReason.AGED_OUT:
        raise ValidationError({"reason": _("Lý do này chỉ dùng cho trường hợp trẻ em.")})
    return _transition(
        actor=actor,
        case=case,
        to=CaseStatus.CLOSED,
        note=note,
        version=version,
        closure_reason=reason,
        closure_note=note,
        closed_on=closed_on,
    )


def _check_child_closure(case: Case, *, reason: str, note: str, closed_on: datetime.date) -> None:
    """A child's case closes after the Mẫu 06 review, or on the child's death,
    or on turning 16 with a handover (Decree 56 Art. 30). A family's refusal
    does not close it, nor does a move: the case follows the child."""
    if reason == ClosureReason.REFUSED:
        raise ValidationError(
            {
                "reason": _(
                    "Gia đình từ chối không làm đóng trường hợp trẻ em: hãy đề nghị Tòa án "
                    "hoặc bố trí chăm sóc thay thế."
                )
            }
        )
    if reason in (ClosureReason.MOVED_AWAY, ClosureReason.TRANSFERRED):
        raise ValidationError(
            {
                "reason": _(
                    "Trẻ chuyển nơi ở thì trường hợp được chuyển theo trẻ, không đóng: hãy cập "
                    "nhật nơi ở của trẻ, trường hợp sẽ chuyển về xã/phường mới."
                )
            }
        )
    if reason == ClosureReason.DIED:
        return
    _check_emergency_step(case)
    if reason == ClosureReason.AGED_OUT:
        person = case.beneficiary
        # The lower bound when only the year is known: 16 must be certain.
        age = age_on(
            closed_on, birth_date=person.birth_date, birth_year=person.birth_year, youngest=True
        )
        if age is None or age < 16:
            raise ValidationError({"reason": _("Trẻ chưa đủ 16 tuổi vào ngày đóng.")})
        if not note.strip():
            raise ValidationError({"note": _("Hãy ghi việc bàn giao: bàn giao cho ai, ngày nào.")})
        return
    review = case.reviews.order_by("-reviewed_on", "-id").first()
    if review is None or review.outcome != ReviewOutcome.CLOSE:
        raise ValidationError(
            {
                "reason": _(
                    "Trường hợp trẻ em chỉ kết thúc sau rà soát, đánh giá việc thực hiện kế "
                    "hoạch (Mẫu 06) đề xuất kết thúc."
                )
            }
        )


@records_actor
@transaction.atomic
def case_reopen(*, actor: User, case: Case, reason: str, version: int | None = None) -> Case:
    """Closed → assessment, with the reason written down."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Mở lại trường hợp đã đóng phải ghi lý do.")})
    case = _lock(case)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("Trường hợp này chưa đóng."), code="forbidden_transition")
    return _transition(
        actor=actor,
        case=case,
        to=CaseStatus.ASSESSMENT,
        note=reason.strip(),
        version=version,
        closure_reason="",
        closure_note="",
        closed_on=None,
    )


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


# --- Assessments ----------------------------------------------------------------------------

ASSESSMENT_FIELDS = (
    "risk_level",
    "immediate_danger",
    "physical_state",
    "psychological_state",
    "family_situation",
    "risk_factors",
    "schooling",
    "community_safety",
    "needs",
    "child_views",
    "parent_views",
    "conclusion",
    "meeting_on",
    "details",
)


@records_actor
@transaction.atomic
def assessment_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    assessed_on: datetime.date,
    data: dict[str, Any] | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Record Mẫu 02 (initial) or Mẫu 03 (needs / re-assessment). An intake
    case moves to assessment on the first one."""
    require(actor, "case.work")
    earlier = replay(Assessment, client_uuid, actor, "assessed_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    _require_open(case)
    if kind not in AssessmentKind.values:
        raise ValidationError({"kind": _("Loại đánh giá không hợp lệ.")})
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("Ngày đánh giá không được ở tương lai.")})
    if assessed_on < timezone.localdate(case.reported_at):
        raise ValidationError({"assessed_on": _("Ngày đánh giá không được trước ngày nhận tin.")})
    values = {k: v for k, v in (data or {}).items() if k in ASSESSMENT_FIELDS}
    if case.is_child_protection:
        _check_child_assessment(actor, case, kind=kind, values=values, assessed_on=assessed_on)

    def make() -> Assessment:
        return Assessment.objects.create(
            client_uuid=client_uuid,
            case=case,
            kind=kind,
            assessed_on=assessed_on,
            assessed_by=actor,
            **values,
        )

    result = create_once(Assessment, client_uuid, actor, "assessed_by", make)
    if result.created and case.status == CaseStatus.INTAKE:
        case = _transition(
            actor=actor, case=case, to=CaseStatus.ASSESSMENT, note=_("Đánh giá ban đầu")
        )
    case_refresh_deadline(case)
    return result


def _check_child_assessment(
    actor: User, case: Case, *, kind: str, values: dict[str, Any], assessed_on: datetime.date
) -> None:
    """Decree 56 Art. 26–27: the commune's child-protection worker (the commune
    official) does the initial assessment (Mẫu 02); the needs assessment
    (Mẫu 03) comes with the case meeting chaired by the commune chairman."""
    if kind == AssessmentKind.INITIAL:
        require(actor, "case.child_protection.own", commune=case.commune_id)
    if kind in (AssessmentKind.NEEDS, AssessmentKind.REASSESSMENT):
        meeting_on = values.get("meeting_on")
        if meeting_on is None:
            raise ValidationError(
                {
                    "meeting_on": _(
                        "Đánh giá nhu cầu (Mẫu 03) của trẻ em đi kèm cuộc họp trường hợp do Chủ "
                        "tịch UBND xã chủ trì: hãy ghi ngày họp."
                    )
                }
            )
        if meeting_on > timezone.localdate():
            raise ValidationError({"meeting_on": _("Ngày họp không được ở tương lai.")})
        if meeting_on < timezone.localdate(case.reported_at):
            raise ValidationError({"meeting_on": _("Ngày họp không được trước ngày nhận tin.")})


# --- Plans ---------------------------------------------------------------------------------


def _plan_actions(plan: CasePlan, actions: list[dict[str, Any]]) -> None:
    rows = []
    for index, action in enumerate(actions):
        row = CasePlanAction(plan=plan, **action)
        if not (row.responsible_user_id or row.provider_id or row.responsible_other.strip()):
            raise ValidationError(
                {
                    "actions": _("Hoạt động %(n)s: hãy ghi người hoặc đơn vị thực hiện.")
                    % {"n": index + 1}
                }
            )
        if row.starts_on and row.due_on < row.starts_on:
            raise ValidationError(
                {
                    "actions": _("Hoạt động %(n)s: hạn hoàn thành trước ngày bắt đầu.")
                    % {"n": index + 1}
                }
            )
        rows.append(row)
    plan.actions.all().delete()
    CasePlanAction.objects.bulk_create(rows)


@records_actor
@transaction.atomic
def plan_draft(
    *,
    actor: User,
    case: Case,
    goals: str,
    actions: list[dict[str, Any]],
    conference_on: datetime.date | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Draft the plan (Mẫu 04): the commune official, or a collaborator preparing it."""
    require(actor, "case.plan.draft")
    earlier = replay(CasePlan, client_uuid, actor, "drafted_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    if case.status not in (CaseStatus.ASSESSMENT, CaseStatus.PLANNING):
        raise ValidationError(_("Chỉ lập kế hoạch khi trường hợp đang đánh giá hoặc lập kế hoạch."))
    if not goals.strip():
        raise ValidationError({"goals": _("Hãy ghi mục tiêu của kế hoạch.")})
    if case.plans.filter(
        status__in=(PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED)
    ).exists():
        raise ValidationError(_("Trường hợp này đã có một kế hoạch đang soạn hoặc chờ duyệt."))
    if conference_on is None:
        # The plan follows the case meeting recorded with the needs assessment.
        conference_on = (
            case.assessments.filter(meeting_on__isnull=False)
            .order_by("-assessed_on", "-id")
            .values_list("meeting_on", flat=True)
            .first()
        )

    def make() -> CasePlan:
        plan = CasePlan.objects.create(
            client_uuid=client_uuid,
            case=case,
            goals=goals,
            conference_on=conference_on,
            drafted_by=actor,
            prepared_by=actor if actor.role == Role.COLLABORATOR else None,
            drafted_at=_now(),
        )
        _plan_actions(plan, actions)
        return plan

    result = create_once(CasePlan, client_uuid, actor, "drafted_by", make)
    if result.created and case.status == CaseStatus.ASSESSMENT:
        case = case_begin_planning(actor=actor, case=case, note=_("Lập kế hoạch"))
    case_refresh_deadline(case)
    return result


def _lock_plan(plan: CasePlan) -> CasePlan:
    return CasePlan.objects.select_for_update().select_related("case").get(pk=plan.pk)


def _plan_move(plan: CasePlan, to: str) -> None:
    if to not in CasePlan.TRANSITIONS[plan.status]:
        messages = {
            PlanStatus.APPROVED: _("Chỉ phê duyệt được kế hoạch đã trình."),
            PlanStatus.RETURNED: _("Chỉ trả lại được kế hoạch đã trình."),
            PlanStatus.SUBMITTED: _("Kế hoạch này đã được trình hoặc đã phê duyệt."),
        }
        raise ValidationError(messages[to], code="forbidden_transition")


@records_actor
@transaction.atomic
def plan_update(
    *,
    actor: User,
    plan: CasePlan,
    version: int,
    goals: str,
    actions: list[dict[str, Any]],
    conference_on: datetime.date | None = None,
) -> CasePlan:
    """Edit a draft or a returned plan."""
    require(actor, "case.plan.draft")
    plan = _lock_plan(plan)
    if plan.version != version:
        raise StaleEdit(STALE_MESSAGE, code="stale")
    if plan.status not in (PlanStatus.DRAFT, PlanStatus.RETURNED):
        raise ValidationError(_("Kế hoạch đã trình hoặc đã phê duyệt không sửa được."))
    CasePlan.objects.filter(pk=plan.pk).update(
        goals=goals, conference_on=conference_on, version=F("version") + 1
    )
    _plan_actions(plan, actions)
    plan.refresh_from_db()
    return plan


@records_actor
@transaction.atomic
def plan_submit(*, actor: User, plan: CasePlan, version: int | None = None) -> CasePlan:
    """Submit for the commune leader's signature (the 2-working-day timer starts)."""
    require(actor, "case.plan.submit")
    plan = _lock_plan(plan)
    if version is not None and plan.version != version:
        raise StaleEdit(STALE_MESSAGE, code="stale")
    _plan_move(plan, PlanStatus.SUBMITTED)
    if not plan.actions.exists():
        raise ValidationError(_("Kế hoạch phải có ít nhất một hoạt động."))
    CasePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.SUBMITTED,
        submitted_at=_now(),
        submitted_by=actor,
        version=F("version") + 1,
    )
    plan.refresh_from_db()
    case_refresh_deadline(plan.case)
    _tell_leaders(plan)
    return plan


def _tell_leaders(plan: CasePlan) -> None:
    """The commune's leaders learn a plan waits for their signature (2 working days)."""
    from django.urls import reverse

    from socialwork.notifications.services import notify

    leaders = User.objects.filter(
        role=Role.COMMUNE_LEADER, area_id=plan.case.commune_id, is_active=True
    )
    notify(
        recipients=leaders,
        kind="case.plan_submitted",
        title=_("Kế hoạch chờ phê duyệt – trường hợp số %(id)s") % {"id": plan.case_id},
        body=_("Hạn phê duyệt: 2 ngày làm việc kể từ khi trình."),
        url=reverse("casework:plan_detail", args=[plan.pk]),
        dedupe_key=f"plan:{plan.pk}:submitted:{plan.version}",
        related=plan,
        email=True,
    )


@records_actor
def plan_approve(
    *,
    actor: User,
    plan: CasePlan,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    version: int | None = None,
    signed_as: str = SignerCapacity.CHAIRMAN,
) -> CasePlan:
    """The commune leader of the case's commune signs (Mẫu 05); the case moves
    to intervention.

    Without a typed number the decision takes the next number of the commune's
    register (cases.casework.numbering) in this transaction; if the approval
    then fails the number stays in the register as void, with the reason, and
    the error is raised after that is committed. A typed number is a decision
    numbered outside the portal (signed on paper) and is kept as typed."""
    failure: Exception | None = None
    with transaction.atomic():
        plan = _lock_plan(plan)
        require(actor, "case.plan.approve", commune=plan.case.commune_id)
        if version is not None and plan.version != version:
            raise StaleEdit(STALE_MESSAGE, code="stale")
        _plan_move(plan, PlanStatus.APPROVED)
        decision_date = decision_date or timezone.localdate()
        if decision_date > timezone.localdate():
            raise ValidationError({"decision_date": _("Ngày quyết định không được ở tương lai.")})
        if signed_as not in SignerCapacity.values:
            raise ValidationError({"signed_as": _("Thẩm quyền ký không hợp lệ.")})
        if decision_number.strip():
            _plan_approve_under(plan, actor=actor, number=decision_number.strip(), on=decision_date)
            return plan
        entry = numbering.take(
            agency=plan.case.commune,
            kind=DocumentKind.DECISION,
            issued_on=decision_date,
            actor=actor,
            form="05",
            capacity=signed_as,
        )
        try:
            with transaction.atomic():
                _plan_approve_under(plan, actor=actor, number=entry.reference, on=decision_date)
                IssuedDocument.objects.filter(pk=entry.pk).update(plan=plan)
        except Exception as exc:  # every failure after the number was taken voids it
            numbering.void(entry, reason=numbering.failure_reason(exc))
            failure = exc
    if failure is not None:
        raise failure
    plan.refresh_from_db()
    return plan


def _plan_approve_under(plan: CasePlan, *, actor: User, number: str, on: datetime.date) -> None:
    CasePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.APPROVED,
        approved_at=_now(),
        approved_by=actor,
        decision_number=number,
        decision_date=on,
        version=F("version") + 1,
    )
    plan.refresh_from_db()
    case = plan.case
    if case.status == CaseStatus.PLANNING:
        case_begin_intervention(actor=actor, case=case, note=_("Kế hoạch đã được phê duyệt"))
    case_refresh_deadline(case)


@records_actor
@transaction.atomic
def plan_return(
    *, actor: User, plan: CasePlan, comments: str, version: int | None = None
) -> CasePlan:
    """The leader sends the plan back with comments; the official revises it."""
    plan = _lock_plan(plan)
    require(actor, "case.plan.approve", commune=plan.case.commune_id)
    if version is not None and plan.version != version:
        raise StaleEdit(STALE_MESSAGE, code="stale")
    _plan_move(plan, PlanStatus.RETURNED)
    if not comments.strip():
        raise ValidationError({"comments": _("Hãy ghi ý kiến khi trả lại kế hoạch.")})
    CasePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.RETURNED,
        return_comments=comments.strip(),
        returned_at=_now(),
        version=F("version") + 1,
    )
    plan.refresh_from_db()
    case_refresh_deadline(plan.case)
    return plan


# --- Services delivered -----------------------------------------------------------------


@records_actor
@transaction.atomic
def service_record(
    *,
    actor: User,
    case: Case,
    service_type: ServiceType,
    delivered_on: datetime.date,
    provider: Facility | None = None,
    note: str = "",
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """A service actually given on the case (it feeds the indicators)."""
    require(actor, "case.work")
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("Ngày thực hiện không được ở tương lai.")})
    if not service_type.is_active:
        raise ValidationError({"service_type": _("Loại dịch vụ này không còn dùng.")})

    def make() -> ServiceDelivery:
        return ServiceDelivery.objects.create(
            client_uuid=client_uuid,
            case=case,
            beneficiary_id=case.beneficiary_id,
            commune_id=case.commune_id,
            service_type=service_type,
            provider=provider,
            delivered_on=delivered_on,
            delivered_by=actor,
            note=note,
        )

    earlier = replay(ServiceDelivery, client_uuid, actor, "delivered_by")
    if earlier is not None:
        return Created(earlier, False)
    _require_open(_lock(case))
    return create_once(ServiceDelivery, client_uuid, actor, "delivered_by", make)


# --- Events ---------------------------------------------------------------------------------


@records_actor
@transaction.atomic
def event_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    occurred_at: datetime.datetime | None = None,
    note: str = "",
    observations: str = "",
    next_step: str = "",
    place: str = "",
    carer_name: str = "",
    provider: Facility | None = None,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Home visit, emergency intervention, case conference, family refusal —
    from any open status. Decisions (separation, court, placement) have their own
    functions: the commune leader signs them."""
    require(actor, "case.work")
    allowed = (
        EventKind.HOME_VISIT,
        EventKind.EMERGENCY_INTERVENTION,
        EventKind.CASE_CONFERENCE,
        EventKind.FAMILY_REFUSAL,
    )
    if kind not in allowed:
        raise ValidationError({"kind": _("Loại sự kiện không hợp lệ.")})
    earlier = replay(CaseEvent, client_uuid, actor, "recorded_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    _require_open(case)
    occurred_at = occurred_at or _now()
    if occurred_at > _now() + REPORT_CLOCK_TOLERANCE:
        raise ValidationError({"occurred_at": _("Thời điểm không được ở tương lai.")})

    def make() -> CaseEvent:
        return CaseEvent.objects.create(
            client_uuid=client_uuid,
            case=case,
            kind=kind,
            occurred_at=occurred_at,
            recorded_by=actor,
            note=note.strip(),
            observations=observations.strip() if kind == EventKind.HOME_VISIT else "",
            next_step=next_step.strip() if kind == EventKind.HOME_VISIT else "",
            place=place,
            carer_name=carer_name,
            provider=provider,
        )

    result = create_once(CaseEvent, client_uuid, actor, "recorded_by", make)
    case_refresh_deadline(case)
    return result


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
    if ends_on <= event.ends_on:
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
    if assessment.assessed_on < event.starts_on:
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


# --- Review (Mẫu 06) ----------------------------------------------------------------------


@records_actor
@transaction.atomic
def review_record(
    *,
    actor: User,
    case: Case,
    reviewed_on: datetime.date,
    findings: str,
    outcome: str,
    safe_and_stable: bool = False,
    closure_reason: str = ClosureReason.GOALS_MET,
    client_uuid: uuid.UUID | None = None,
) -> Created:
    """Review after the plan: close (the person is safe and stable) or a new plan."""
    require(actor, "case.review")
    earlier = replay(Review, client_uuid, actor, "reviewed_by")
    if earlier is not None:
        return Created(earlier, False)
    case = _lock(case)
    if case.status not in (CaseStatus.INTERVENTION, CaseStatus.MONITORING):
        raise ValidationError(_("Chỉ rà soát sau khi kế hoạch đã được thực hiện."))
    if outcome not in ReviewOutcome.values:
        raise ValidationError({"outcome": _("Hãy chọn đề xuất sau rà soát.")})
    if outcome == ReviewOutcome.CLOSE and case.is_child_protection and not safe_and_stable:
        raise ValidationError(
            {"outcome": _("Chỉ kết thúc trường hợp trẻ em khi trẻ đã an toàn, ổn định.")}
        )
    plan = case.plans.filter(status=PlanStatus.APPROVED).order_by("-approved_at").first()

    def make() -> Review:
        return Review.objects.create(
            client_uuid=client_uuid,
            case=case,
            plan=plan,
            reviewed_on=reviewed_on,
            reviewed_by=actor,
            findings=findings,
            safe_and_stable=safe_and_stable,
            outcome=outcome,
        )

    result = create_once(Review, client_uuid, actor, "reviewed_by", make)
    if result.created:
        if outcome == ReviewOutcome.CLOSE:
            case_close(actor=actor, case=case, reason=closure_reason, note=findings)
        elif outcome == ReviewOutcome.REPLAN:
            case_replan(actor=actor, case=case, note=_("Rà soát: xây dựng kế hoạch mới"))
        elif case.status == CaseStatus.INTERVENTION:
            case_begin_monitoring(actor=actor, case=case, note=_("Rà soát: tiếp tục theo dõi"))
    return result


# --- Deadline reminders (the beat task calls this) ------------------------------------------


def deadlines_notify(
    *, now: datetime.datetime | None = None, kinds: frozenset[str] | None = None
) -> int:
    """In-app and e-mail reminders (SMS too for the hour deadlines) for
    deadlines within 2 hours (hour deadlines) or one working day (day
    deadlines), and for passed ones: to the assigned worker and the commune's
    officials (leaders too for a signature).
    Idempotent: one reminder per case, deadline and stage. Returns how many
    notifications are new.

    `kinds` narrows it to some deadline kinds: the hour deadlines (the 12-hour
    child-protection clock) run every few minutes, only over cases whose
    earliest deadline is of those kinds and falls within the warning window
    or passed in the last day (older ones were reminded by the full run)."""
    from django.urls import reverse

    from socialwork.notifications.services import notify

    from .deadlines import (
        HOUR_DEADLINE_WARNING,
        HOUR_KINDS,
        case_deadlines,
        horizon,
        warning_starts,
    )

    now = now or _now()
    candidates = Case.objects.filter(next_deadline__isnull=False).exclude(status=CaseStatus.CLOSED)
    if kinds is None:
        candidates = candidates.filter(next_deadline__lte=horizon(now))
    else:
        # An hour deadline is the earliest of its case while it runs (12 hours
        # from the report, before any plan's), so next_deadline finds them all.
        candidates = candidates.filter(
            next_deadline_kind__in=kinds,
            next_deadline__gt=now - datetime.timedelta(days=1),
            next_deadline__lte=now + HOUR_DEADLINE_WARNING,
        )
    due = list(candidates.order_by("next_deadline"))
    if not due:
        return 0
    commune_staff: dict[int, list[User]] = {}
    for user in User.objects.filter(
        is_active=True,
        role__in=(Role.COMMUNE_OFFICIAL, Role.COMMUNE_LEADER),
        area_id__in={case.commune_id for case in due},
    ):
        commune_staff.setdefault(user.area_id, []).append(user)
    workers = {
        u.pk: u
        for u in User.objects.filter(
            pk__in={c.assigned_worker_id for c in due if c.assigned_worker_id}
        )
    }
    sent = 0
    for case in due:
        for deadline in case_deadlines(case):
            if now < warning_starts(deadline) or (kinds is not None and deadline.kind not in kinds):
                continue
            stage = "overdue" if deadline.due_at <= now else "soon"
            recipients = [
                u
                for u in commune_staff.get(case.commune_id, [])
                if u.role == Role.COMMUNE_OFFICIAL or deadline.kind == "plan_approval"
            ]
            if case.assigned_worker_id in workers:
                recipients.append(workers[case.assigned_worker_id])
            local = timezone.localtime(deadline.due_at)
            title = (
                _("Quá hạn: %(what)s – trường hợp số %(id)s")
                if stage == "overdue"
                else _("Sắp đến hạn: %(what)s – trường hợp số %(id)s")
            ) % {"what": deadline.label, "id": case.pk}
            sent += notify(
                recipients={u.pk: u for u in recipients}.values(),
                kind="case.deadline",
                title=title,
                body=_("Hạn: %(when)s") % {"when": local.strftime("%H:%M %d/%m/%Y")},
                url=reverse("casework:case_detail", args=[case.pk]),
                dedupe_key=f"case:{case.pk}:{deadline.kind}:{deadline.due_at:%Y%m%d%H%M}:{stage}",
                related=case,
                email=True,
                # The 12-hour clock runs through the night: reach the phone too.
                sms=deadline.kind in HOUR_KINDS,
            )
    return sent
