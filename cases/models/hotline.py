"""The hotline call log of the Social Work Centre (DOMAIN §5.2–5.3).

Advice calls and reports of abuse or danger (thông báo, tố giác) are kept
apart: a report is the Decree 56 Mẫu 01 record, its 12-hour clock starts at
receipt, and the police notification and the answer to 111 are recorded.
Writes: cases.hotline.services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .casework import Urgency

__all__ = ["CallerType", "CallIssue", "CallKind", "CallOutcome", "HotlineCall"]


class CallKind(models.TextChoices):
    ADVICE = "advice", _("Tư vấn, hỏi đáp")
    REPORT = "report", _("Thông báo, tố giác xâm hại/nguy hiểm (Mẫu 01)")


class CallerType(models.TextChoices):
    CHILD = "child", _("Trẻ em")
    PARENT = "parent", _("Cha mẹ, người thân")
    NEIGHBOUR = "neighbour", _("Hàng xóm, người dân")
    TEACHER = "teacher", _("Giáo viên, nhà trường")
    HEALTH = "health", _("Nhân viên y tế")
    OFFICIAL = "official", _("Cán bộ xã, cơ quan")
    HOTLINE_111 = "hotline_111", _("Tổng đài 111 chuyển đến")
    ANONYMOUS = "anonymous", _("Giấu tên")
    OTHER = "other", _("Khác")


class CallIssue(models.TextChoices):
    ABUSE = "abuse", _("Xâm hại tình dục")
    VIOLENCE = "violence", _("Bạo lực")
    NEGLECT = "neglect", _("Bỏ rơi, sao nhãng")
    TRAFFICKING = "trafficking", _("Mua bán người")
    CHILD_LABOUR = "child_labour", _("Lao động trẻ em")
    BEGGING = "begging", _("Đi lang thang, xin ăn")
    MENTAL_HEALTH = "mental_health", _("Tâm lý, sức khỏe tâm thần")
    POLICY = "policy", _("Chính sách, trợ giúp xã hội")
    OTHER = "other", _("Khác")


class CallOutcome(models.TextChoices):
    ADVICE_GIVEN = "advice_given", _("Đã tư vấn")
    REFERRED = "referred", _("Đã chuyển gửi")
    CASE_OPENED = "case_opened", _("Đã mở trường hợp")
    PENDING = "pending", _("Đang xử lý")


class HotlineCall(models.Model):
    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="hotline_calls",
        verbose_name=_("đơn vị tiếp nhận"),
    )
    received_at = models.DateTimeField(_("thời điểm nhận cuộc gọi"))
    kind = models.CharField(_("loại cuộc gọi"), max_length=10, choices=CallKind.choices)
    caller_type = models.CharField(_("người gọi"), max_length=12, choices=CallerType.choices)
    issue = models.CharField(_("vấn đề"), max_length=15, choices=CallIssue.choices)
    urgency = models.CharField(
        _("mức độ khẩn"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    call_reference = models.CharField(_("số tham chiếu cuộc gọi"), max_length=50, blank=True)
    from_111 = models.BooleanField(_("do Tổng đài 111 chuyển đến"), default=False)
    # Decree 56 Art. 24: the reporter's identity is confidential.
    reporter_name = models.CharField(_("người báo tin"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("điện thoại người báo tin"), max_length=15, blank=True)
    summary = models.TextField(_("nội dung"))
    # The commune of the person concerned (a report always has one).
    commune = models.ForeignKey(
        "areas.AdministrativeUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("xã, phường của người được báo tin"),
    )
    outcome = models.CharField(
        _("kết quả"), max_length=15, choices=CallOutcome.choices, default=CallOutcome.PENDING
    )
    advice_note = models.TextField(_("nội dung tư vấn"), blank=True)
    response_due_at = models.DateTimeField(_("hạn xử lý (12 giờ)"), null=True, blank=True)
    possible_crime = models.BooleanField(_("có dấu hiệu tội phạm"), default=False)
    police_notified_at = models.DateTimeField(_("báo công an lúc"), null=True, blank=True)
    police_unit = models.CharField(_("đơn vị công an"), max_length=200, blank=True)
    reported_to_111_at = models.DateTimeField(_("báo lại Tổng đài 111 lúc"), null=True, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_calls",
        verbose_name=_("trường hợp"),
    )
    referral = models.ForeignKey(
        "cases.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cuộc gọi đường dây nóng")
        verbose_name_plural = _("nhật ký đường dây nóng")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=CallKind.REPORT)
                | (Q(commune__isnull=False) & Q(response_due_at__isnull=False)),
                name="cases_hotline_report_commune_clock",
                violation_error_message=_(
                    "Tin báo xâm hại, nguy hiểm phải ghi xã, phường của người được báo tin."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(outcome=CallOutcome.CASE_OPENED) | Q(case__isnull=False),
                name="cases_hotline_case_opened_has_case",
            ),
            models.CheckConstraint(
                condition=~Q(outcome=CallOutcome.REFERRED) | Q(referral__isnull=False),
                name="cases_hotline_referred_has_referral",
            ),
            models.CheckConstraint(
                condition=Q(police_notified_at__isnull=True) | ~Q(police_unit=""),
                name="cases_hotline_police_unit",
                violation_error_message=_("Hãy ghi đơn vị công an đã được báo."),
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "kind", "-received_at"], name="cases_hotline_log"),
            models.Index(fields=["commune", "-received_at"], name="cases_hotline_commune"),
        ]

    def __str__(self) -> str:
        return _("Cuộc gọi số %(id)s") % {"id": self.pk}

    @property
    def police_pending(self) -> bool:
        return self.possible_crime and self.police_notified_at is None

    @property
    def report_back_pending(self) -> bool:
        return self.from_111 and self.outcome != CallOutcome.PENDING and not self.reported_to_111_at
