"""Case management: the legal cycle from a report to closure (DOMAIN §5).

A case moves intake → assessment → planning → intervention → monitoring →
closed only through `cases.casework.services`; the allowed moves are the
table `Case.TRANSITIONS`, every move is a CaseTransition row. The database
refuses what must never exist: a closed case without date and reason, a
child's case closed because the family refused, a temporary separation over
15 days without an extension, a signed plan without its decision.
"""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

__all__ = [
    "ACTIVE_PLAN_STATUSES",
    "Assessment",
    "AssessmentKind",
    "Case",
    "CaseEvent",
    "CasePlan",
    "CasePlanAction",
    "CaseStatus",
    "CaseTransition",
    "ClosureReason",
    "ConfidentialityReason",
    "DeadlineKind",
    "EventKind",
    "IntakeSource",
    "PlanStatus",
    "Review",
    "ReviewOutcome",
    "RiskLevel",
    "ServiceDelivery",
    "Urgency",
]

# Clocks of phones and server differ a little: a report "now" must not be refused.
REPORT_CLOCK_TOLERANCE = datetime.timedelta(minutes=5)
SEPARATION_MAX_DAYS = 15
# CaseEvent.details["paper"] of a decision signed on paper: waiting for its
# number from the register, then registered (its scan attached).
PAPER_PENDING, PAPER_REGISTERED = "pending", "registered"


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("Tiếp nhận")
    ASSESSMENT = "assessment", _("Đánh giá")
    PLANNING = "planning", _("Lập kế hoạch")
    INTERVENTION = "intervention", _("Thực hiện kế hoạch")
    MONITORING = "monitoring", _("Theo dõi, rà soát")
    CLOSED = "closed", _("Đã đóng")


class IntakeSource(models.TextChoices):
    HOTLINE_111 = "hotline_111", _("Tổng đài 111")
    PROVINCE_HOTLINE = "province_hotline", _("Đường dây nóng của tỉnh")
    COLLABORATOR = "collaborator", _("Cộng tác viên CTXH")
    SELF = "self", _("Người dân tự đến/tự báo")
    HOSPITAL = "hospital", _("Bệnh viện, cơ sở y tế")
    SCHOOL = "school", _("Trường học")
    POLICE = "police", _("Công an")
    COMMUNE = "commune", _("UBND xã, phường")
    OTHER = "other", _("Khác")


HOTLINE_SOURCES = frozenset({IntakeSource.HOTLINE_111, IntakeSource.PROVINCE_HOTLINE})


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Bình thường")
    URGENT = "urgent", _("Khẩn")
    EMERGENCY = "emergency", _("Khẩn cấp")


class ConfidentialityReason(models.TextChoices):
    # Decree 56 Art. 24: reports of abuse are confidential, need-to-know.
    ABUSE = "abuse", _("Xâm hại")
    VIOLENCE = "violence", _("Bạo lực")
    TRAFFICKING = "trafficking", _("Mua bán người")
    OTHER = "other", _("Lý do khác")


class ClosureReason(models.TextChoices):
    GOALS_MET = "goals_met", _("Đạt mục tiêu, an toàn và ổn định")
    MOVED_AWAY = "moved_away", _("Chuyển đi nơi khác")
    DIED = "died", _("Đã chết")
    TRANSFERRED = "transferred", _("Chuyển gửi cơ quan, cơ sở khác")
    # A child's case: turning 16, with the handover to whoever takes over.
    AGED_OUT = "aged_out", _("Đủ 16 tuổi, đã bàn giao")
    # Only for adults: a family's refusal never closes a child's case.
    REFUSED = "refused", _("Đối tượng từ chối hỗ trợ")


class DeadlineKind(models.TextChoices):
    EMERGENCY = "emergency", _("Can thiệp khẩn cấp (12 giờ)")
    PLAN_DRAFT = "plan_draft", _("Xây dựng kế hoạch (5 ngày làm việc)")
    PLAN_APPROVAL = "plan_approval", _("Phê duyệt kế hoạch (2 ngày làm việc)")
    SEPARATION_END = "separation_end", _("Hết hạn cách ly tạm thời")


S = CaseStatus


@pghistory.track(
    exclude=["next_deadline", "next_deadline_kind", "updated_at"],
    model_name="CaseHistory",
    obj_field=pghistory.ObjForeignKey(related_name="history"),
)
class Case(models.Model):
    """A person's case (trường hợp), from the report to closure."""

    # The allowed status moves (DOMAIN §5.1, errata 3). Closing needs a reason;
    # reopening a closed case needs a note; intake never closes directly.
    TRANSITIONS: dict[str, frozenset[str]] = {
        S.INTAKE: frozenset({S.ASSESSMENT}),
        S.ASSESSMENT: frozenset({S.PLANNING, S.CLOSED}),
        S.PLANNING: frozenset({S.INTERVENTION, S.ASSESSMENT, S.CLOSED}),
        S.INTERVENTION: frozenset({S.MONITORING, S.PLANNING, S.CLOSED}),
        S.MONITORING: frozenset({S.PLANNING, S.INTERVENTION, S.CLOSED}),
        S.CLOSED: frozenset({S.ASSESSMENT}),
    }

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        "cases.Beneficiary",
        verbose_name=_("đối tượng"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # The beneficiary's commune at intake; moved with them on a transfer.
    commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("xã/phường"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    source = models.CharField(_("nguồn tiếp nhận"), max_length=20, choices=IntakeSource.choices)
    call_reference = models.CharField(_("số tham chiếu cuộc gọi"), max_length=50, blank=True)
    reported_at = models.DateTimeField(_("thời điểm nhận thông tin"))
    # The reporter: hidden on confidential cases except to intake staff.
    reporter_name = models.CharField(_("người báo tin"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("điện thoại người báo tin"), max_length=15, blank=True)
    reporter_relation = models.CharField(_("quan hệ với đối tượng"), max_length=100, blank=True)
    summary = models.TextField(_("nội dung thông tin"), blank=True)
    urgency = models.CharField(
        _("mức độ khẩn"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    is_child_protection = models.BooleanField(_("bảo vệ trẻ em"), default=False)
    needs_emergency_protection = models.BooleanField(_("cần bảo vệ khẩn cấp"), default=False)
    confidential = models.BooleanField(_("bảo mật (NĐ 56, Điều 24)"), default=False)
    confidentiality_reason = models.CharField(
        _("lý do bảo mật"), max_length=20, choices=ConfidentialityReason.choices, blank=True
    )
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phụ trách"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    # A child-protection case is owned by the commune's child-protection worker
    # (the commune official, DOMAIN errata 1); the collaborator who reported it
    # assists and keeps seeing it.
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cộng tác viên hỗ trợ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assisted_cases",
    )
    status = models.CharField(
        _("trạng thái"), max_length=15, choices=CaseStatus.choices, default=CaseStatus.INTAKE
    )
    closure_reason = models.CharField(
        _("lý do đóng"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("ghi chú khi đóng"), blank=True)
    closed_on = models.DateField(_("ngày đóng"), null=True, blank=True)
    # Kept by the services (deadlines.case_refresh_deadline): lists sort and
    # flag on it without recomputing the legal timers.
    next_deadline = models.DateTimeField(_("hạn tiếp theo"), null=True, blank=True)
    next_deadline_kind = models.CharField(
        _("loại hạn"), max_length=20, choices=DeadlineKind.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=CaseStatus.CLOSED, closed_on__isnull=False) & ~Q(closure_reason="")
                )
                | (~Q(status=CaseStatus.CLOSED) & Q(closed_on__isnull=True, closure_reason="")),
                name="cases_case_closed_has_date_reason",
                violation_error_message=_("Trường hợp đã đóng phải có ngày đóng và lý do đóng."),
            ),
            models.CheckConstraint(
                condition=Q(is_child_protection=False) | ~Q(closure_reason=ClosureReason.REFUSED),
                name="cases_case_child_not_closed_by_refusal",
                violation_error_message=_(
                    "Gia đình từ chối không làm đóng trường hợp bảo vệ trẻ em."
                ),
            ),
            models.CheckConstraint(
                condition=Q(needs_emergency_protection=False) | Q(is_child_protection=True),
                name="cases_case_emergency_is_child",
            ),
            models.CheckConstraint(
                condition=Q(reported_at__lte=Now() + REPORT_CLOCK_TOLERANCE),
                name="cases_case_reported_not_future",
                violation_error_message=_("Thời điểm nhận thông tin không được ở tương lai."),
            ),
        ]
        indexes = [
            # "My cases", due first.
            models.Index(
                fields=["assigned_worker", "next_deadline", "id"],
                condition=~Q(status=CaseStatus.CLOSED),
                name="cases_case_worker_due",
            ),
            # The cases a collaborator assists on, due first.
            models.Index(
                fields=["assistant", "next_deadline", "id"],
                condition=Q(assistant__isnull=False) & ~Q(status=CaseStatus.CLOSED),
                name="cases_case_assistant_due",
            ),
            # The commune's cases, due first.
            models.Index(
                fields=["commune", "next_deadline", "id"],
                condition=~Q(status=CaseStatus.CLOSED),
                name="cases_case_commune_due",
            ),
            # The province's open cases, due first (the department's list without
            # a filter): the commune index above cannot order across communes.
            models.Index(
                fields=["next_deadline", "id"],
                condition=~Q(status=CaseStatus.CLOSED),
                name="cases_case_open_due",
            ),
            # The overdue list and the deadline job.
            models.Index(
                fields=["next_deadline"],
                condition=Q(next_deadline__isnull=False),
                name="cases_case_next_deadline",
            ),
            models.Index(fields=["commune", "status", "id"], name="cases_case_commune_status"),
        ]

    def __str__(self) -> str:
        return _("Trường hợp số %(id)s") % {"id": self.pk}

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())


class CaseTransition(models.Model):
    """Who moved the case, when, from what to what (also transfers between communes)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=15, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=CaseStatus.choices)
    from_commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("chuyển trạng thái")
        verbose_name_plural = _("chuyển trạng thái")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"], name="cases_casetransition_case")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status}→{self.to_status}"


class AssessmentKind(models.TextChoices):
    INITIAL = "initial", _("Đánh giá ban đầu (Mẫu 02)")
    NEEDS = "needs", _("Đánh giá nhu cầu (Mẫu 03)")
    REASSESSMENT = "reassessment", _("Đánh giá lại (Mẫu 03)")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Thấp")
    MEDIUM = "medium", _("Trung bình")
    HIGH = "high", _("Cao")


@pghistory.track()
class Assessment(models.Model):
    """Decree 56 Mẫu 02 (initial) / Mẫu 03 (needs, re-assessment)."""

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("loại đánh giá"), max_length=15, choices=AssessmentKind.choices)
    assessed_on = models.DateField(_("ngày đánh giá"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    risk_level = models.CharField(
        _("mức độ nguy cơ"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    immediate_danger = models.BooleanField(_("có nguy cơ tổn hại ngay"), default=False)
    physical_state = models.TextField(_("tình trạng thể chất"), blank=True)
    psychological_state = models.TextField(_("tình trạng tâm lý, tình cảm"), blank=True)
    family_situation = models.TextField(_("hoàn cảnh gia đình, khả năng bảo vệ"), blank=True)
    risk_factors = models.TextField(_("các yếu tố nguy cơ"), blank=True)
    schooling = models.TextField(_("học tập"), blank=True)
    community_safety = models.TextField(_("an toàn tại cộng đồng"), blank=True)
    needs = models.TextField(
        _("nhu cầu (y tế, trợ giúp xã hội, giáo dục, pháp lý, tâm lý)"), blank=True
    )
    child_views = models.TextField(_("ý kiến của trẻ em"), blank=True)
    parent_views = models.TextField(_("ý kiến của cha mẹ/người chăm sóc"), blank=True)
    conclusion = models.TextField(_("kết luận, đề xuất"), blank=True)
    # Mẫu 03 of a child's case comes with the case meeting chaired by the
    # commune chairman (Decree 56 Art. 27).
    meeting_on = models.DateField(_("ngày họp trường hợp"), null=True, blank=True)
    # The rest of the form, as the worker filled it (Mẫu 02/03 sections).
    details = models.JSONField(_("nội dung khác"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["case", "kind", "-assessed_on"], name="cases_assessment_case")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.assessed_on:%d/%m/%Y}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    RETURNED = "returned", _("Trả lại để sửa")


ACTIVE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED)


@pghistory.track()
class CasePlan(models.Model):
    """The support/intervention plan (Mẫu 04) and its approval (Mẫu 05)."""

    TRANSITIONS: dict[str, frozenset[str]] = {
        PlanStatus.DRAFT: frozenset({PlanStatus.SUBMITTED}),
        PlanStatus.RETURNED: frozenset({PlanStatus.SUBMITTED}),
        PlanStatus.SUBMITTED: frozenset({PlanStatus.APPROVED, PlanStatus.RETURNED}),
        PlanStatus.APPROVED: frozenset(),
    }

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans")
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    goals = models.TextField(_("mục tiêu"))
    conference_on = models.DateField(_("ngày họp trường hợp"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A collaborator may prepare the draft for the commune official.
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(_("lập lúc"))
    submitted_at = models.DateTimeField(_("trình lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    return_comments = models.TextField(_("ý kiến khi trả lại"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("kế hoạch hỗ trợ")
        verbose_name_plural = _("kế hoạch hỗ trợ")
        ordering = ["-drafted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.APPROVED)
                | (
                    Q(approved_at__isnull=False, approved_by__isnull=False)
                    & Q(decision_date__isnull=False, submitted_at__isnull=False)
                    & ~Q(decision_number="")
                ),
                name="cases_caseplan_approved_signed",
                violation_error_message=_("Kế hoạch đã phê duyệt phải có số và ngày quyết định."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.SUBMITTED) | Q(submitted_at__isnull=False),
                name="cases_caseplan_submitted_at",
            ),
            models.CheckConstraint(
                condition=~Q(status=PlanStatus.RETURNED) | ~Q(return_comments=""),
                name="cases_caseplan_returned_comments",
                violation_error_message=_("Trả lại kế hoạch phải kèm ý kiến."),
            ),
            # One plan in the works per case at a time.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=[s.value for s in ACTIVE_PLAN_STATUSES]),
                name="cases_caseplan_one_active",
                violation_error_message=_(
                    "Trường hợp này đã có một kế hoạch đang soạn hoặc chờ duyệt."
                ),
            ),
        ]
        indexes = [
            # The leader's inbox: submitted plans, oldest first.
            models.Index(
                fields=["submitted_at"],
                condition=Q(status=PlanStatus.SUBMITTED),
                name="cases_caseplan_inbox",
            ),
        ]

    def __str__(self) -> str:
        return _("Kế hoạch của trường hợp số %(id)s") % {"id": self.case_id}


class CasePlanAction(models.Model):
    """One service or task of the plan: who, by when, at what cost."""

    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("nội dung"), max_length=500)
    service_type = models.ForeignKey(
        "facilities.ServiceType",
        verbose_name=_("loại dịch vụ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    provider = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("đơn vị cung cấp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A body outside the portal ("Trạm y tế xã").
    responsible_other = models.CharField(_("cơ quan thực hiện khác"), max_length=200, blank=True)
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    due_on = models.DateField(_("hạn hoàn thành"))
    cost_estimate = models.PositiveBigIntegerField(_("dự trù kinh phí (đồng)"), default=0)
    done = models.BooleanField(_("đã thực hiện"), default=False)

    class Meta:
        verbose_name = _("hoạt động của kế hoạch")
        verbose_name_plural = _("hoạt động của kế hoạch")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_user__isnull=False)
                | Q(provider__isnull=False)
                | ~Q(responsible_other=""),
                name="cases_planaction_has_responsible",
                violation_error_message=_("Mỗi hoạt động phải có người hoặc đơn vị thực hiện."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(due_on__gte=F("starts_on")),
                name="cases_planaction_period",
            ),
        ]

    def __str__(self) -> str:
        return self.description


class ServiceDelivery(models.Model):
    """A CTXH service or social assistance actually given (feeds the indicators)."""

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    # Null: assistance given outside a case (a monthly allowance, say).
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    beneficiary = models.ForeignKey(
        "cases.Beneficiary", on_delete=models.PROTECT, related_name="services_received"
    )
    # Where it was given (the case's commune): scoping and indicators by commune.
    commune = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    service_type = models.ForeignKey(
        "facilities.ServiceType",
        verbose_name=_("loại dịch vụ"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    provider = models.ForeignKey(
        "facilities.Facility",
        verbose_name=_("đơn vị cung cấp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    delivered_on = models.DateField(_("ngày thực hiện"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services_delivered",
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dịch vụ đã cung cấp")
        verbose_name_plural = _("dịch vụ đã cung cấp")
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(delivered_on__gte=datetime.date(2000, 1, 1)),
                name="cases_service_date_range",
            ),
        ]
        indexes = [
            models.Index(fields=["beneficiary", "delivered_on"], name="cases_service_person"),
            models.Index(fields=["commune", "delivered_on"], name="cases_service_commune"),
            models.Index(fields=["delivered_by", "delivered_on"], name="cases_service_worker"),
            models.Index(fields=["delivered_on", "service_type"], name="cases_service_date_type"),
        ]

    def __str__(self) -> str:
        return f"{self.service_type_id} {self.delivered_on:%d/%m/%Y}"


class EventKind(models.TextChoices):
    EMERGENCY_INTERVENTION = "emergency", _("Can thiệp khẩn cấp")
    TEMPORARY_SEPARATION = "separation", _("Cách ly tạm thời (Mẫu 07)")
    HOME_VISIT = "home_visit", _("Thăm gia đình")
    CASE_CONFERENCE = "conference", _("Họp trường hợp")
    FAMILY_REFUSAL = "refusal", _("Gia đình từ chối hỗ trợ")
    COURT_REQUEST = "court_request", _("Đề nghị Tòa án")
    ALTERNATIVE_CARE = "alternative_care", _("Quyết định chăm sóc thay thế")


# Any of these ends the 12-hour emergency timer (Decree 56 Art. 26(3), 31(2)).
EMERGENCY_RESPONSES = (EventKind.EMERGENCY_INTERVENTION, EventKind.TEMPORARY_SEPARATION)


@pghistory.track()
class CaseEvent(models.Model):
    """Something done on a case, from any open status: emergency measures,
    visits, conferences, the court request, an alternative-care placement."""

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("loại"), max_length=20, choices=EventKind.choices)
    occurred_at = models.DateTimeField(_("thời điểm"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("nội dung"), blank=True)
    # A home visit: what was seen and what comes next.
    observations = models.TextField(_("quan sát"), blank=True)
    next_step = models.TextField(_("bước tiếp theo"), blank=True)
    # A decision (separation Mẫu 07, court request, placement): signed by the commune leader.
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    extension_basis = models.CharField(
        _("căn cứ gia hạn (yêu cầu của cơ quan có thẩm quyền)"), max_length=300, blank=True
    )
    lifted_at = models.DateTimeField(_("chấm dứt lúc"), null=True, blank=True)
    lifting_assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("đánh giá lại làm căn cứ chấm dứt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("nơi ở an toàn / nơi chăm sóc thay thế"), max_length=300, blank=True)
    carer_name = models.CharField(_("người nhận chăm sóc"), max_length=200, blank=True)
    provider = models.ForeignKey(
        "facilities.Facility", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện của trường hợp")
        verbose_name_plural = _("sự kiện của trường hợp")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=EventKind.TEMPORARY_SEPARATION)
                | (
                    Q(decided_by__isnull=False, starts_on__isnull=False, ends_on__isnull=False)
                    # A decision signed on paper takes its number from the
                    # register when its scan is attached (details.paper); @>,
                    # never NULL, so the check cannot pass by a missing key.
                    & (~Q(decision_number="") | Q(details__contains={"paper": PAPER_PENDING}))
                ),
                name="cases_event_separation_decision",
                violation_error_message=_(
                    "Quyết định cách ly tạm thời phải có người quyết định, "
                    "số quyết định và thời hạn."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=EventKind.TEMPORARY_SEPARATION)
                | Q(ends_on__lte=F("starts_on") + datetime.timedelta(days=SEPARATION_MAX_DAYS))
                | ~Q(extension_basis=""),
                name="cases_event_separation_15_days",
                violation_error_message=_(
                    "Cách ly tạm thời không quá 15 ngày, "
                    "trừ khi cơ quan có thẩm quyền yêu cầu gia hạn."
                ),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="cases_event_period",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifting_assessment__isnull=False),
                name="cases_event_lifted_after_reassessment",
                violation_error_message=_("Chỉ chấm dứt cách ly sau khi đánh giá lại (Mẫu 03)."),
            ),
        ]
        indexes = [models.Index(fields=["case", "kind", "occurred_at"], name="cases_event_case")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%d/%m/%Y %H:%M}"


class ReviewOutcome(models.TextChoices):
    CLOSE = "close", _("Kết thúc trường hợp")
    REPLAN = "replan", _("Xây dựng kế hoạch mới")
    CONTINUE = "continue", _("Tiếp tục theo dõi")


class Review(models.Model):
    """The review after the plan (Decree 56 Art. 30, Mẫu 06)."""

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    plan = models.ForeignKey(
        CasePlan, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField(_("ngày rà soát"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    findings = models.TextField(_("kết quả thực hiện kế hoạch"))
    safe_and_stable = models.BooleanField(_("đối tượng đã an toàn, ổn định"), default=False)
    outcome = models.CharField(_("đề xuất"), max_length=10, choices=ReviewOutcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rà soát, đánh giá sau kế hoạch")
        verbose_name_plural = _("rà soát, đánh giá sau kế hoạch")
        ordering = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.reviewed_on:%d/%m/%Y}"
