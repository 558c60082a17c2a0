"""Personal-data breaches (Law 91/2025 on Personal Data Protection, Art. 23):
each suspected breach is registered when found, and the controller notifies
the Ministry of Public Security's specialised data-protection authority within
72 hours of finding it, then follows it to the authority's confirmation."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NOTIFY_WITHIN = datetime.timedelta(hours=72)


class BreachStatus(models.TextChoices):
    SUSPECTED = "suspected", _("Nghi ngờ, đang xác minh")
    CONFIRMED = "confirmed", _("Đã xác định có vi phạm")
    NOTIFIED = "notified", _("Đã thông báo cơ quan chuyên trách")
    ACKNOWLEDGED = "acknowledged", _("Cơ quan chuyên trách đã xác nhận")
    CLOSED = "closed", _("Đã khắc phục, kết thúc")
    DISMISSED = "dismissed", _("Không phải vi phạm")


S = BreachStatus
# The order the law's procedure follows; nothing is skipped.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.SUSPECTED: frozenset({S.CONFIRMED, S.DISMISSED}),
    S.CONFIRMED: frozenset({S.NOTIFIED}),
    S.NOTIFIED: frozenset({S.ACKNOWLEDGED}),
    S.ACKNOWLEDGED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    S.DISMISSED: frozenset(),
}
# Still owed to the authority: the 72-hour clock runs.
AWAITING_NOTICE = (S.SUSPECTED, S.CONFIRMED)


class DataBreach(models.Model):
    detected_at = models.DateTimeField(_("thời điểm phát hiện"))
    summary = models.TextField(_("mô tả sự việc"), max_length=4000)
    data_kinds = models.CharField(
        _("loại dữ liệu bị ảnh hưởng"),
        max_length=500,
        help_text=_("Ví dụ: họ tên, CCCD, thông tin sức khỏe, hồ sơ bảo vệ trẻ em."),
    )
    suspected_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nghi bị lạm dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    window_start = models.DateTimeField(_("từ thời điểm"), null=True, blank=True)
    window_end = models.DateTimeField(_("đến thời điểm"), null=True, blank=True)
    estimated_subjects = models.PositiveIntegerField(
        _("số người có thể bị ảnh hưởng"), null=True, blank=True
    )
    status = models.CharField(max_length=20, choices=BreachStatus.choices, default=S.SUSPECTED)
    notify_due_at = models.DateTimeField(_("hạn thông báo"))
    notified_at = models.DateTimeField(_("thời điểm thông báo"), null=True, blank=True)
    notice_reference = models.CharField(_("số văn bản thông báo"), max_length=100, blank=True)
    late_reason = models.TextField(_("lý do thông báo chậm"), max_length=2000, blank=True)
    acknowledged_at = models.DateTimeField(_("thời điểm được xác nhận"), null=True, blank=True)
    acknowledgement_reference = models.CharField(
        _("số văn bản xác nhận"), max_length=100, blank=True
    )
    measures = models.TextField(_("biện pháp khắc phục"), max_length=4000, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vi phạm dữ liệu cá nhân")
        verbose_name_plural = _("vi phạm dữ liệu cá nhân")
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__isnull=True)
                | Q(window_start__isnull=True)
                | Q(window_end__gte=models.F("window_start")),
                name="privacy_breach_window_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[S.NOTIFIED, S.ACKNOWLEDGED, S.CLOSED])
                | (Q(notified_at__isnull=False) & ~Q(notice_reference="")),
                name="privacy_breach_notified_has_notice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.detected_at:%d/%m/%Y %H:%M} – {self.data_kinds}"

    @property
    def notice_overdue(self) -> bool:
        from django.utils import timezone

        return self.status in AWAITING_NOTICE and timezone.now() > self.notify_due_at


class DataBreachEvent(models.Model):
    """Every step of a breach's handling, with who took it and when."""

    breach = models.ForeignKey(DataBreach, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=BreachStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=BreachStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(max_length=4000, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.breach_id}: {self.from_status} → {self.to_status}"


# --- Data-subject requests (Law 91/2025 Art. 4; Decree 356/2025) -----------------------

# Decree 356/2025: the controller answers a request within 2 WORKING days and
# completes it within the term for the right invoked, in (calendar) days, extendable
# once by at most 15 days [S: the decree as summarised by law firms; check the text].
# A term ending on a day off ends on the next working day (Civil Code Art. 148(5)).
ANSWER_WITHIN_WORKING_DAYS = 2
EXTENSION_DAYS = 15


class Right(models.TextChoices):
    KNOW = "know", _("Được biết về hoạt động xử lý")
    ACCESS = "access", _("Được xem, trích xuất, nhận bản sao dữ liệu")
    CORRECT = "correct", _("Chỉnh sửa dữ liệu")
    DELETE = "delete", _("Xóa dữ liệu")
    RESTRICT = "restrict", _("Hạn chế xử lý dữ liệu")
    OBJECT = "object", _("Phản đối xử lý dữ liệu")
    WITHDRAW = "withdraw", _("Rút lại sự đồng ý")


# Days to complete, per right (the decree's 10–20 days): stopping a processing
# (withdrawn consent, restriction, objection) 15 days; deletion, which needs the
# processors and third parties to stop too, 20; the others 10.
COMPLETE_WITHIN_DAYS = {
    Right.KNOW: 10,
    Right.ACCESS: 10,
    Right.CORRECT: 10,
    Right.DELETE: 20,
    Right.RESTRICT: 15,
    Right.OBJECT: 15,
    Right.WITHDRAW: 15,
}


class Relation(models.TextChoices):
    SELF = "self", _("Chính chủ thể dữ liệu")
    PARENT = "parent", _("Cha, mẹ (người đại diện của trẻ em)")
    GUARDIAN = "guardian", _("Người giám hộ")
    AUTHORISED = "authorised", _("Người được ủy quyền")


class IdentityCheck(models.TextChoices):
    CCCD = "cccd", _("Đối chiếu thẻ CCCD/căn cước")
    VNEID = "vneid", _("Tài khoản định danh điện tử VNeID")
    BIRTH_CERTIFICATE = "birth_cert", _("Giấy khai sinh của trẻ và CCCD người đại diện")
    GUARDIANSHIP = "guardianship", _("Quyết định/giấy tờ giám hộ")
    POWER_OF_ATTORNEY = "attorney", _("Văn bản ủy quyền có chứng thực")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ANSWERED = "answered", _("Đã phản hồi, đang thực hiện")
    EXTENDED = "extended", _("Đã gia hạn")
    COMPLETED = "completed", _("Đã hoàn thành")
    REFUSED = "refused", _("Từ chối")


OPEN_REQUEST = (RequestStatus.RECEIVED, RequestStatus.ANSWERED, RequestStatus.EXTENDED)


class SubjectRequest(models.Model):
    """A person's (or their representative's) request about their data."""

    requester_name = models.CharField(_("người yêu cầu"), max_length=200)
    requester_contact = models.CharField(_("liên hệ người yêu cầu"), max_length=200, blank=True)
    relation = models.CharField(
        _("quan hệ với chủ thể dữ liệu"), max_length=12, choices=Relation.choices
    )
    identity_check = models.CharField(
        _("cách xác minh danh tính"), max_length=14, choices=IdentityCheck.choices
    )
    identity_note = models.CharField(_("ghi chú xác minh"), max_length=300, blank=True)
    # The person in the register the request is about (read through subjects.py).
    person_id = models.BigIntegerField(_("chủ thể dữ liệu"), db_index=True)
    person_label = models.CharField(_("chủ thể dữ liệu"), max_length=300)
    right = models.CharField(_("quyền yêu cầu"), max_length=10, choices=Right.choices)
    details = models.TextField(_("nội dung yêu cầu"), max_length=4000, blank=True)
    # Staff's judgement that the representative is the alleged abuser in a child-
    # protection case: those records stay out of anything given to them.
    requester_alleged_abuser = models.BooleanField(
        _("người yêu cầu là người bị nghi gây tổn hại cho trẻ"), default=False
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    answer_due = models.DateField(_("hạn phản hồi"))
    complete_due = models.DateField(_("hạn hoàn thành"))
    extended = models.BooleanField(_("đã gia hạn"), default=False)
    extension_reason = models.CharField(_("lý do gia hạn"), max_length=500, blank=True)
    answered_on = models.DateField(_("ngày phản hồi"), null=True, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=RequestStatus.choices,
        default=RequestStatus.RECEIVED,
    )
    outcome = models.TextField(_("kết quả"), max_length=4000, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), max_length=2000, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu của chủ thể dữ liệu")
        verbose_name_plural = _("yêu cầu của chủ thể dữ liệu")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="privacy_request_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(extended=False) | ~Q(extension_reason=""),
                name="privacy_request_extension_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%d/%m/%Y} {self.get_right_display()} – {self.person_label}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        today = timezone.localdate()
        if not self.is_open:
            return False
        if self.answered_on is None and today > self.answer_due:
            return True
        return today > self.complete_due
