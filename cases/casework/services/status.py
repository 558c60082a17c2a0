"""The case's status moves, one function per move, each checking the law's
order (the emergency step, the needs assessment, the signed plan, the
review before a child's case closes)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialwork.accounts.capabilities import require
from socialwork.accounts.models import User
from socialwork.ages import age_on
from socialwork.history import records_actor

from ...models import AssessmentKind, Case, CaseStatus, ClosureReason, PlanStatus, ReviewOutcome
from ...models.casework import EMERGENCY_RESPONSES
from ..deadlines import case_refresh_deadline
from .common import _bump, _check_version, _lock, _record


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
