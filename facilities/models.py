"""The facility network: service catalogue, facilities and the other units the
CTXH indicators count, their dated indicator scope, and the staff who do
social work in them."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from socialwork.search import search_key


class ServiceGroup(models.TextChoices):
    COUNSELLING = "counselling", _("Tư vấn")
    PSYCHOSOCIAL = "psychosocial", _("Hỗ trợ tâm lý – xã hội")
    HEALTH_LINKAGE = "health_linkage", _("Kết nối y tế")
    EDUCATION = "education", _("Hỗ trợ giáo dục")
    VOCATIONAL = "vocational", _("Đào tạo nghề")
    JOB_PLACEMENT = "job_placement", _("Giới thiệu việc làm")
    LEGAL_AID = "legal_aid", _("Trợ giúp pháp lý")
    EMERGENCY_SHELTER = "emergency_shelter", _("Chăm sóc khẩn cấp, tạm lánh")
    FOSTER_CARE = "foster_care", _("Chăm sóc thay thế")
    MONTHLY_ALLOWANCE = "monthly_allowance", _("Trợ cấp xã hội hằng tháng")
    HEALTH_INSURANCE = "health_insurance", _("Thẻ bảo hiểm y tế")
    EMERGENCY_SUPPORT = "emergency_support", _("Trợ giúp khẩn cấp")
    FACILITY_CARE = "facility_care", _("Chăm sóc, nuôi dưỡng tại cơ sở")


class ServiceType(models.Model):
    """One entry of the CTXH service catalogue, shared with cases.ServiceDelivery
    and referrals. Loaded by a data migration; the department may add entries."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên dịch vụ"), max_length=200)
    group = models.CharField(_("nhóm"), max_length=30, choices=ServiceGroup.choices)
    # Indicator CTXH-03/CTXH-02 count CTXH services; CTXH-05 counts assistance too.
    counts_as_ctxh_service = models.BooleanField(_("tính là dịch vụ CTXH"), default=False)
    counts_as_assistance = models.BooleanField(_("tính là trợ giúp xã hội"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại dịch vụ")
        verbose_name_plural = _("danh mục dịch vụ")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(counts_as_ctxh_service=True) | Q(counts_as_assistance=True),
                name="facilities_servicetype_counts_somewhere",
                violation_error_message=_(
                    "Loại dịch vụ phải được tính là dịch vụ CTXH hoặc trợ giúp xã hội."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FacilityKind(models.TextChoices):
    # Decree 103/2017 Art. 5: the seven kinds of social assistance facility.
    ELDERLY_CARE = "elderly_care", _("Cơ sở chăm sóc người cao tuổi")
    CHILDREN_CARE = "children_care", _("Cơ sở chăm sóc trẻ em có hoàn cảnh đặc biệt")
    DISABILITY_CARE = "disability_care", _("Cơ sở chăm sóc người khuyết tật")
    MENTAL_HEALTH = "mental_health", _("Cơ sở chăm sóc và phục hồi chức năng người tâm thần")
    GENERAL_CARE = "general_care", _("Cơ sở bảo trợ xã hội tổng hợp")
    SOCIAL_WORK_CENTRE = "social_work_centre", _("Trung tâm công tác xã hội")
    OTHER_SOCIAL_ASSISTANCE = "other_social_assistance", _("Cơ sở trợ giúp xã hội khác")
    # The other units a case is referred to, or that indicator CTXH-01 counts.
    DRUG_REHAB = "drug_rehab", _("Cơ sở cai nghiện ma túy (Công an tỉnh)")
    HOSPITAL = "hospital", _("Bệnh viện, cơ sở y tế")
    SCHOOL = "school", _("Trường học")
    EMPLOYMENT_SERVICE = "employment_service", _("Trung tâm dịch vụ việc làm")
    LEGAL_AID = "legal_aid", _("Trung tâm trợ giúp pháp lý")
    POLICE = "police", _("Công an")
    COMMUNE_COMMITTEE = "commune_committee", _("UBND xã, phường")
    AGENCY = "agency", _("Cơ quan, tổ chức khác")
    PRISON = "prison", _("Trại giam")
    REFORM_SCHOOL = "reform_school", _("Trường giáo dưỡng")
    JUDICIAL = "judicial", _("Tòa án, cơ quan tư pháp")


SOCIAL_ASSISTANCE_KINDS = frozenset(
    {
        FacilityKind.ELDERLY_CARE,
        FacilityKind.CHILDREN_CARE,
        FacilityKind.DISABILITY_CARE,
        FacilityKind.MENTAL_HEALTH,
        FacilityKind.GENERAL_CARE,
        FacilityKind.SOCIAL_WORK_CENTRE,
        FacilityKind.OTHER_SOCIAL_ASSISTANCE,
    }
)
# Kinds that admit residents in the portal (Decree 20 admissions): they must
# state their beds. Drug rehabilitation houses people too, but since 1/3/2025
# the police run it: an external partner, no admissions recorded here.
RESIDENTIAL_KINDS = SOCIAL_ASSISTANCE_KINDS
EXTERNAL_PARTNER_KINDS = frozenset({FacilityKind.DRUG_REHAB, FacilityKind.POLICE})


class Ctxh01Group(models.TextChoices):
    """The breakdown Decision 112 target 1 (CTXH-01) is reported by."""

    SOCIAL_ASSISTANCE = "social_assistance", _("Cơ sở trợ giúp xã hội")
    DRUG_REHAB = "drug_rehab", _("Cơ sở cai nghiện ma túy")
    PRISON_REFORM = "prison_reform", _("Trại giam, trường giáo dưỡng")
    JUDICIAL = "judicial", _("Cơ quan tư pháp")
    SCHOOL = "school", _("Trường học")
    HOSPITAL = "hospital", _("Bệnh viện")
    COMMUNE = "commune", _("Xã, phường")
    OTHER = "other", _("Cơ quan, đơn vị khác")


def ctxh01_group(kind: str) -> str:
    if kind in SOCIAL_ASSISTANCE_KINDS:
        return Ctxh01Group.SOCIAL_ASSISTANCE
    return {
        FacilityKind.DRUG_REHAB: Ctxh01Group.DRUG_REHAB,
        FacilityKind.PRISON: Ctxh01Group.PRISON_REFORM,
        FacilityKind.REFORM_SCHOOL: Ctxh01Group.PRISON_REFORM,
        FacilityKind.JUDICIAL: Ctxh01Group.JUDICIAL,
        FacilityKind.SCHOOL: Ctxh01Group.SCHOOL,
        FacilityKind.HOSPITAL: Ctxh01Group.HOSPITAL,
        FacilityKind.COMMUNE_COMMITTEE: Ctxh01Group.COMMUNE,
    }.get(kind, Ctxh01Group.OTHER)


class Ownership(models.TextChoices):
    PUBLIC = "public", _("Công lập")
    PRIVATE = "private", _("Ngoài công lập")


CAPACITY_NOT_POSITIVE = _("Công suất phải là số giường lớn hơn 0.")
CAPACITY_MISSING = _("Cơ sở trợ giúp xã hội có người ở phải ghi công suất (số giường).")


@pghistory.track()
class Facility(models.Model):
    """A unit of the province's network: a social assistance facility, another
    service provider a case is referred to, or a unit indicator CTXH-01 counts."""

    name = models.CharField(_("tên đơn vị"), max_length=255)
    search_name = models.CharField(max_length=255, editable=False, default="")
    kind = models.CharField(_("loại đơn vị"), max_length=30, choices=FacilityKind.choices)
    ownership = models.CharField(
        _("loại hình"), max_length=10, choices=Ownership.choices, default=Ownership.PUBLIC
    )
    commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("xã, phường"),
        on_delete=models.PROTECT,
        related_name="facilities",
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    hotline = models.CharField(_("đường dây nóng"), max_length=20, blank=True)
    # Beds; None for units without residents (a school, a court).
    capacity = models.IntegerField(_("công suất (giường)"), null=True, blank=True)
    has_social_work_unit = models.BooleanField(
        _("có phòng/tổ công tác xã hội"),
        default=False,
        help_text=_("Bệnh viện, trường học có bộ phận CTXH."),
    )
    # Without portal users the sender records the provider's answers itself.
    has_portal_users = models.BooleanField(_("có người dùng trên cổng"), default=False)
    services = models.ManyToManyField(
        ServiceType, verbose_name=_("dịch vụ cung cấp"), blank=True, related_name="facilities"
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cơ sở, đơn vị")
        verbose_name_plural = _("cơ sở, đơn vị")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gt=0),
                name="facilities_facility_capacity_positive",
                violation_error_message=CAPACITY_NOT_POSITIVE,
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in RESIDENTIAL_KINDS))
                | Q(capacity__isnull=False),
                name="facilities_facility_residential_has_capacity",
                violation_error_message=CAPACITY_MISSING,
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name"], name="facilities_facility_kind"),
            models.Index(fields=["commune", "kind"], name="facilities_facility_commune"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A derived column, not a workflow: kept beside the name like areas do.
        self.search_name = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_social_assistance(self) -> bool:
        return self.kind in SOCIAL_ASSISTANCE_KINDS

    @property
    def admits_residents(self) -> bool:
        """Admissions (Decree 20) may be recorded for this facility."""
        return self.kind in RESIDENTIAL_KINDS

    @property
    def is_external_partner(self) -> bool:
        return self.kind in EXTERNAL_PARTNER_KINDS

    @property
    def ctxh01_group(self) -> str:
        return ctxh01_group(self.kind)


def _period(start: str, end: str) -> Func:
    # Inclusive on both ends; an open end (NULL) runs for ever.
    return Func(F(start), F(end), Value("[]"), function="DATERANGE", output_field=DateRangeField())


@pghistory.track()
class FacilityScopePeriod(models.Model):
    """Whether a unit was in CTXH-01's scope and in the CTXH-02 planning list,
    from when to when: a past period recomputes as it was."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="scope_periods", verbose_name=_("đơn vị")
    )
    in_ctxh01_scope = models.BooleanField(_("thuộc phạm vi chỉ tiêu CTXH-01"), default=True)
    in_ctxh02_plan = models.BooleanField(_("trong quy hoạch (chỉ tiêu CTXH-02)"), default=False)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phạm vi chỉ tiêu của đơn vị")
        verbose_name_plural = _("phạm vi chỉ tiêu của đơn vị")
        ordering = ["facility", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="facilities_scope_period_order",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            ExclusionConstraint(
                name="facilities_scope_period_no_overlap",
                expressions=[
                    ("facility", RangeOperators.EQUAL),
                    (_period("valid_from", "valid_to"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "Đơn vị đã có phạm vi chỉ tiêu trong khoảng thời gian này."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.valid_from:%d/%m/%Y}–{self.valid_to or ''}"


class Qualification(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo CTXH")
    SHORT_COURSE = "short_course", _("Bồi dưỡng, tập huấn ngắn hạn")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    COLLEGE = "college", _("Cao đẳng")
    BACHELOR = "bachelor", _("Đại học")
    MASTER = "master", _("Thạc sĩ trở lên")


class CivilServiceTitle(models.TextChoices):
    # Joint Circular 30/2015/TTLT-BLĐTBXH-BNV.
    GRADE_II = "V.09.04.01", _("Công tác xã hội viên chính (hạng II)")
    GRADE_III = "V.09.04.02", _("Công tác xã hội viên (hạng III)")
    GRADE_IV = "V.09.04.03", _("Nhân viên công tác xã hội (hạng IV)")


@pghistory.track()
class StaffMember(models.Model):
    """A person working in a unit of the network. Whether they do social work
    is dated (StaffAssignment): it changes while they stay."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    search_name = models.CharField(max_length=150, editable=False, default="")
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="staff", verbose_name=_("đơn vị")
    )
    position = models.CharField(_("chức vụ, vị trí"), max_length=150, blank=True)
    qualification = models.CharField(
        _("trình độ CTXH"), max_length=20, choices=Qualification.choices, default=Qualification.NONE
    )
    civil_service_title = models.CharField(
        _("chức danh nghề nghiệp"), max_length=12, choices=CivilServiceTitle.choices, blank=True
    )
    phone = models.CharField(_("điện thoại"), max_length=15, blank=True)
    # A facility staff login; `user.staff_member.facility` scopes what they see.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_member",
    )
    started_on = models.DateField(_("ngày bắt đầu làm việc"))
    left_on = models.DateField(_("ngày thôi việc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nhân viên")
        verbose_name_plural = _("nhân viên")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("started_on")),
                name="facilities_staff_left_after_start",
                violation_error_message=_("Ngày thôi việc không được trước ngày bắt đầu làm việc."),
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "full_name"], name="facilities_staff_facility"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.search_name = search_key(self.full_name)
        super().save(*args, **kwargs)


class SocialWorkAssignment(models.TextChoices):
    FULL_TIME = "full_time", _("Chuyên trách")
    PART_TIME = "part_time", _("Kiêm nhiệm")
    NONE = "none", _("Không làm CTXH")


@pghistory.track()
class StaffAssignment(models.Model):
    """From when to when a staff member was assigned to social work. Separate
    rows, not fields on StaffMember: CTXH-01 and CTXH-04 recompute a past
    period, and an assignment changes (a nurse takes on part-time social work)
    while the person stays."""

    staff = models.ForeignKey(
        StaffMember,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("nhân viên"),
    )
    assignment = models.CharField(
        _("phân công CTXH"), max_length=10, choices=SocialWorkAssignment.choices
    )
    # CTXH-01's stricter variant: an allowance at least the base salary.
    meets_allowance_rule = models.BooleanField(_("phụ cấp ≥ mức lương cơ sở"), default=False)
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân công CTXH")
        verbose_name_plural = _("phân công CTXH")
        ordering = ["staff", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="facilities_assignment_order",
                violation_error_message=_("Ngày kết thúc phân công không được trước ngày bắt đầu."),
            ),
            ExclusionConstraint(
                name="facilities_assignment_no_overlap",
                expressions=[
                    ("staff", RangeOperators.EQUAL),
                    (_period("valid_from", "valid_to"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "Nhân viên đã có phân công CTXH trùng với khoảng thời gian này."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["staff", "valid_from"], name="facilities_assignment_staff"),
        ]

    def __str__(self) -> str:
        return f"{self.staff}: {self.get_assignment_display()}"


class AdmissionKind(models.TextChoices):
    # Decree 20/2021 Art. 24–28.
    EMERGENCY = "emergency", _("Tiếp nhận khẩn cấp")
    LONG_TERM = "long_term", _("Chăm sóc, nuôi dưỡng dài hạn")
    TEMPORARY = "temporary", _("Tạm lánh, chăm sóc tạm thời")
    VOLUNTARY = "voluntary", _("Tự nguyện, có thu phí (hợp đồng)")


class AdmissionStatus(models.TextChoices):
    DOSSIER = "dossier", _("Đang xét hồ sơ")
    RESIDENT = "resident", _("Đang ở tại cơ sở")
    DISCHARGED = "discharged", _("Đã dừng trợ giúp")
    WITHDRAWN = "withdrawn", _("Hồ sơ không được tiếp nhận")


class DischargeReason(models.TextChoices):
    # Decree 20 Art. 30.
    REINTEGRATED = "reintegrated", _("Trở về gia đình, hòa nhập cộng đồng")
    TURNED_16 = "turned_16", _("Đủ 16 tuổi")
    TURNED_22_STUDYING = "turned_22", _("Đủ 22 tuổi (đang đi học)")
    ADOPTED = "adopted", _("Được nhận làm con nuôi")
    TRANSFERRED = "transferred", _("Chuyển cơ sở khác")
    DIED = "died", _("Chết")
    LEFT = "left", _("Tự ý rời khỏi cơ sở")
    ON_REQUEST = "on_request", _("Theo đề nghị (Mẫu 09)")


# Discharges that hand the person back to their commune: a handover record
# certified by the commune is required (Decree 20 Art. 30).
HANDOVER_REASONS = frozenset(
    {
        DischargeReason.REINTEGRATED,
        DischargeReason.TURNED_16,
        DischargeReason.TURNED_22_STUDYING,
        DischargeReason.ON_REQUEST,
    }
)


def _stay() -> Func:
    # Half-open: a transfer discharges and admits elsewhere on the same day.
    return Func(
        F("admitted_on"),
        F("discharged_on"),
        Value("[)"),
        function="DATERANGE",
        output_field=DateRangeField(),
    )


@pghistory.track()
class Admission(models.Model):
    """A resident of a social assistance facility (Decree 20 Art. 24–30): an
    emergency admission at once, or a long-term one after its dossier passed
    the commune's review, the public posting and the department's appraisal."""

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="admissions", verbose_name=_("cơ sở")
    )
    beneficiary = models.ForeignKey(
        "cases.Beneficiary",
        on_delete=models.PROTECT,
        related_name="admissions",
        verbose_name=_("đối tượng"),
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admissions",
        verbose_name=_("trường hợp"),
    )
    referral = models.ForeignKey(
        "cases.Referral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="admissions",
        verbose_name=_("chuyển gửi"),
    )
    kind = models.CharField(_("hình thức"), max_length=12, choices=AdmissionKind.choices)
    status = models.CharField(_("trạng thái"), max_length=12, choices=AdmissionStatus.choices)
    requested_on = models.DateField(_("ngày nhận hồ sơ, đề nghị"))
    admitted_on = models.DateField(_("ngày tiếp nhận vào cơ sở"), null=True, blank=True)
    # Emergency: the signed reception record, the dossier within 10 working days
    # and, for an abandoned child, the public notice within 25.
    reception_record_number = models.CharField(
        _("số biên bản tiếp nhận"), max_length=50, blank=True
    )
    abandoned_child = models.BooleanField(_("trẻ em bị bỏ rơi"), default=False)
    dossier_due_on = models.DateField(_("hạn hoàn thiện hồ sơ"), null=True, blank=True)
    dossier_completed_on = models.DateField(_("ngày hoàn thiện hồ sơ"), null=True, blank=True)
    public_notice_due_on = models.DateField(
        _("hạn thông báo tìm người thân"), null=True, blank=True
    )
    public_notice_on = models.DateField(_("ngày thông báo tìm người thân"), null=True, blank=True)
    # Long-term care: each step with its date and deadline.
    commune_review_due_on = models.DateField(_("hạn xét duyệt của xã"), null=True, blank=True)
    commune_reviewed_on = models.DateField(_("ngày xã xét duyệt"), null=True, blank=True)
    posting_due_on = models.DateField(_("hạn niêm yết công khai"), null=True, blank=True)
    posted_on = models.DateField(_("ngày kết thúc niêm yết"), null=True, blank=True)
    posting_without_hiv = models.BooleanField(_("niêm yết không có thông tin HIV"), default=False)
    appraisal_due_on = models.DateField(_("hạn thẩm định của Sở"), null=True, blank=True)
    appraised_on = models.DateField(_("ngày Sở thẩm định"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định tiếp nhận"), max_length=50, blank=True)
    decision_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    contract_number = models.CharField(_("số hợp đồng dịch vụ"), max_length=50, blank=True)
    over_capacity = models.BooleanField(_("tiếp nhận vượt công suất"), default=False)
    discharged_on = models.DateField(_("ngày dừng trợ giúp"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("lý do dừng trợ giúp"), max_length=15, choices=DischargeReason.choices, blank=True
    )
    handover_record_number = models.CharField(
        _("số biên bản bàn giao về xã"), max_length=50, blank=True
    )
    handover_commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("xã nhận bàn giao"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tiếp nhận vào cơ sở")
        verbose_name_plural = _("tiếp nhận vào cơ sở")
        ordering = ["-admitted_on", "-id"]
        constraints = [
            ExclusionConstraint(
                name="facilities_admission_no_overlap",
                expressions=[
                    ("beneficiary", RangeOperators.EQUAL),
                    (_stay(), RangeOperators.OVERLAPS),
                ],
                condition=Q(admitted_on__isnull=False),
                violation_error_message=_(
                    "Người này đang được chăm sóc tại một cơ sở trong khoảng thời gian này."
                ),
            ),
            models.CheckConstraint(
                condition=Q(discharged_on__isnull=True) | Q(discharged_on__gte=F("admitted_on")),
                name="facilities_admission_discharge_after_admission",
                violation_error_message=_("Ngày dừng trợ giúp không được trước ngày tiếp nhận."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["resident", "discharged"]) | Q(admitted_on__isnull=False),
                name="facilities_admission_resident_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="discharged")
                | (Q(discharged_on__isnull=False) & ~Q(discharge_reason="")),
                name="facilities_admission_discharge_reason",
                violation_error_message=_("Dừng trợ giúp phải có ngày và lý do."),
            ),
            models.CheckConstraint(
                condition=Q(status="discharged") | Q(discharged_on__isnull=True),
                name="facilities_admission_discharged_status",
            ),
            models.CheckConstraint(
                condition=~Q(kind="emergency", status__in=["resident", "discharged"])
                | ~Q(reception_record_number=""),
                name="facilities_admission_emergency_reception_record",
                violation_error_message=_("Tiếp nhận khẩn cấp phải có biên bản tiếp nhận."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="long_term", status__in=["resident", "discharged"])
                | (
                    Q(commune_reviewed_on__isnull=False, posted_on__isnull=False)
                    & Q(appraised_on__isnull=False, decision_on__isnull=False)
                    & ~Q(decision_number="")
                ),
                name="facilities_admission_long_term_steps",
                violation_error_message=_(
                    "Chăm sóc dài hạn chỉ sau khi xã xét duyệt, niêm yết, Sở thẩm định và có "
                    "quyết định của giám đốc cơ sở."
                ),
            ),
            models.CheckConstraint(
                condition=Q(posted_on__isnull=True) | Q(posting_without_hiv=True),
                name="facilities_admission_posting_no_hiv",
                violation_error_message=_("Niêm yết công khai không được có thông tin về HIV."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="voluntary", status__in=["resident", "discharged"])
                | ~Q(contract_number=""),
                name="facilities_admission_voluntary_contract",
                violation_error_message=_("Chăm sóc tự nguyện phải có hợp đồng dịch vụ."),
            ),
        ]
        indexes = [
            # Occupancy and the residents list: open stays of a facility.
            models.Index(
                fields=["facility", "admitted_on"],
                condition=Q(status="resident"),
                name="facilities_admission_residents",
            ),
            models.Index(fields=["facility", "status", "-id"], name="facilities_admission_status"),
            models.Index(fields=["beneficiary", "admitted_on"], name="facilities_admission_person"),
        ]

    def __str__(self) -> str:
        return _("Tiếp nhận số %(id)s") % {"id": self.pk}

    @property
    def is_open(self) -> bool:
        return self.status in (AdmissionStatus.DOSSIER, AdmissionStatus.RESIDENT)
