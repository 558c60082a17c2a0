"""The commune collaborator network: collaborators, training courses, attendance.

A collaborator is one-to-one with a `User` of role collaborator. Their commune,
full name and phone live on the user only (one place to change them): the
commune is `user.area`, the phone `user.phone`.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Organisation(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên")
    WOMENS_UNION = "womens_union", _("Hội Liên hiệp Phụ nữ")
    ELDERLY_ASSOCIATION = "elderly_association", _("Hội Người cao tuổi")
    VETERANS_ASSOCIATION = "veterans_association", _("Hội Cựu chiến binh")
    RED_CROSS = "red_cross", _("Hội Chữ thập đỏ")
    COMMUNE_OFFICER = "commune_officer", _("Cán bộ xã")
    VOLUNTEER = "volunteer", _("Tình nguyện viên")
    OTHER = "other", _("Khác")


class Qualification(models.TextChoices):
    # Same values as facilities.Qualification, so CTXH-04 can compare both.
    NONE = "none", _("Chưa qua đào tạo CTXH")
    SHORT_COURSE = "short_course", _("Bồi dưỡng, tập huấn ngắn hạn")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    BACHELOR = "bachelor", _("Đại học")
    MASTER = "master", _("Thạc sĩ trở lên")


class Sex(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class CollaboratorQuerySet(models.QuerySet):
    def active(self, on=None):
        on = on or timezone.localdate()
        return self.filter(active_q(on))


def active_q(on, prefix: str = "") -> Q:
    """Active on a day: started, and not (yet) left."""
    return Q(**{f"{prefix}started_on__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})
    )


@pghistory.track()
class Collaborator(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        on_delete=models.PROTECT,
        related_name="collaborator",
    )
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=6, choices=Sex.choices, blank=True)
    village = models.CharField(_("thôn, buôn, tổ dân phố"), max_length=120, blank=True)
    organisation = models.CharField(
        _("tổ chức"), max_length=24, choices=Organisation.choices, default=Organisation.OTHER
    )
    appointment_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    appointment_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    started_on = models.DateField(_("ngày bắt đầu"))
    ended_on = models.DateField(_("ngày nghỉ"), null=True, blank=True)
    leaving_reason = models.CharField(_("lý do nghỉ"), max_length=255, blank=True)
    qualification = models.CharField(
        _("trình độ CTXH"), max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    # Whole đồng: the province sets it (Decision 112 targets ≥ the base salary).
    monthly_allowance = models.PositiveIntegerField(_("phụ cấp hằng tháng (đồng)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CollaboratorQuerySet.as_manager()

    class Meta:
        verbose_name = _("cộng tác viên")
        verbose_name_plural = _("cộng tác viên")
        ordering = ["user__first_name", "user__last_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="collaborators_end_after_start",
                violation_error_message=_("Ngày nghỉ không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__range=(1900, 2100)),
                name="collaborators_birth_year_plausible",
                violation_error_message=_("Năm sinh không hợp lệ."),
            ),
        ]
        indexes = [
            models.Index(fields=["ended_on", "started_on"], name="collaborators_active"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        # Vietnamese order: family and middle names first, the given name last.
        return f"{self.user.last_name} {self.user.first_name}".strip() or self.user.username

    @property
    def commune(self):
        return self.user.area

    def is_active_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.started_on <= day and (self.ended_on is None or self.ended_on > day)


class Topic(models.TextChoices):
    CHILD_PROTECTION = "child_protection", _("Bảo vệ trẻ em")
    ELDERLY_CARE = "elderly_care", _("Chăm sóc người cao tuổi")
    DISABILITY = "disability", _("Hỗ trợ người khuyết tật")
    DISASTER_RESPONSE = "disaster_response", _("Ứng phó thiên tai")
    CASE_MANAGEMENT = "case_management", _("Quản lý trường hợp")
    PSYCHOSOCIAL_FIRST_AID = "psychosocial_first_aid", _("Sơ cứu tâm lý")
    OTHER = "other", _("Khác")


@pghistory.track()
class TrainingCourse(models.Model):
    title = models.CharField(_("tên khóa học"), max_length=200)
    topic = models.CharField(_("chủ đề"), max_length=24, choices=Topic.choices)
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=200, blank=True)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    hours = models.PositiveSmallIntegerField(_("số giờ"))
    place = models.CharField(_("địa điểm"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa đào tạo")
        verbose_name_plural = _("khóa đào tạo")
        ordering = ["-starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="collaborators_course_end_after_start",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="collaborators_course_hours_positive",
                violation_error_message=_("Số giờ phải lớn hơn 0."),
            ),
        ]
        indexes = [models.Index(fields=["ends_on"], name="collab_course_ends")]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"


@pghistory.track()
class Attendance(models.Model):
    """One person on one course: a collaborator or a facility staff member
    (the same record feeds indicator CTXH-04 for both)."""

    course = models.ForeignKey(
        TrainingCourse,
        verbose_name=_("khóa đào tạo"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    collaborator = models.ForeignKey(
        Collaborator,
        verbose_name=_("cộng tác viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    staff_member = models.ForeignKey(
        "facilities.StaffMember",
        verbose_name=_("nhân viên cơ sở"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    completed = models.BooleanField(_("hoàn thành"), default=False)
    certificate_number = models.CharField(_("số chứng chỉ"), max_length=50, blank=True)
    # Decree 110/2024 and its 2026 circular: supervised practice and CPD (DOMAIN §6.3).
    practice_hours = models.PositiveSmallIntegerField(_("số giờ thực hành"), default=0)
    cpd_credits = models.DecimalField(
        _("tín chỉ cập nhật kiến thức"), max_digits=5, decimal_places=1, default=0
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tham dự đào tạo")
        verbose_name_plural = _("tham dự đào tạo")
        ordering = ["course", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "collaborator"],
                condition=Q(collaborator__isnull=False),
                name="collaborators_attendance_once",
                violation_error_message=_("Người này đã có trong danh sách khóa học."),
            ),
            models.UniqueConstraint(
                fields=["course", "staff_member"],
                condition=Q(staff_member__isnull=False),
                name="collaborators_attendance_staff_once",
                violation_error_message=_("Người này đã có trong danh sách khóa học."),
            ),
            # Exactly one attendee: a collaborator or a facility staff member.
            models.CheckConstraint(
                condition=(Q(collaborator__isnull=False) & Q(staff_member__isnull=True))
                | (Q(collaborator__isnull=True) & Q(staff_member__isnull=False)),
                name="collaborators_attendance_one_person",
                violation_error_message=_(
                    "Mỗi lượt tham dự ghi cho đúng một người: cộng tác viên hoặc nhân viên cơ sở."
                ),
            ),
            models.CheckConstraint(
                condition=Q(cpd_credits__gte=0),
                name="collaborators_attendance_cpd_nonnegative",
            ),
        ]
        indexes = [
            models.Index(fields=["collaborator", "completed"], name="collab_attendance_person"),
        ]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.collaborator_id or self.staff_member_id}"


class IssuedLogin(models.Model):
    """A temporary password from an import, kept only until the importer prints
    the list once (the page deletes these rows as it shows them). The user must
    change it at first login anyway."""

    import_job_id = models.PositiveBigIntegerField(db_index=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    temporary_password = models.CharField(max_length=32)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mật khẩu tạm chờ in")
        verbose_name_plural = _("mật khẩu tạm chờ in")

    def __str__(self) -> str:
        return f"{self.import_job_id}:{self.user_id}"
