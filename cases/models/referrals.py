"""Referrals (chuyển gửi): a case sent from a commune or a facility to a
service provider of the network, and every step of its answer (DOMAIN §5.1
step 5). The allowed moves are `Referral.TRANSITIONS`; each move is a
ReferralTransition row with who and when. Writes: cases.referrals.services."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .casework import Urgency

__all__ = [
    "OPEN_REFERRAL_STATUSES",
    "AWAITING_ANSWER_STATUSES",
    "LegalBasis",
    "Referral",
    "ReferralStatus",
    "ReferralTransition",
]


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Đã gửi")
    RECEIVED = "received", _("Đã nhận")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    DECLINED = "declined", _("Từ chối")
    IN_SERVICE = "in_service", _("Đang cung cấp dịch vụ")
    COMPLETED = "completed", _("Hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")
    # A declined referral stays with the sender until one of these.
    REREFERRED = "rereferred", _("Đã chuyển gửi nơi khác")
    CLOSED = "closed", _("Đã kết thúc (không chuyển tiếp)")


class LegalBasis(models.TextChoices):
    # DOMAIN §8: sharing a person's data needs consent or a legal basis.
    CONSENT = "consent", _("Có sự đồng ý")
    EMERGENCY = "emergency", _("Tình huống khẩn cấp (bảo vệ tính mạng, sức khỏe)")
    STATUTORY = "statutory", _("Thực hiện nhiệm vụ theo quy định của pháp luật")


R = ReferralStatus
AWAITING_ANSWER_STATUSES = (R.SENT, R.RECEIVED)
# Still on someone's desk: the receiver's (sent → in service) or the sender's (declined).
OPEN_REFERRAL_STATUSES = (R.SENT, R.RECEIVED, R.ACCEPTED, R.IN_SERVICE, R.DECLINED)
# Statuses in which the provider holds the person's data for its work.
PROVIDER_STATUSES = (R.SENT, R.RECEIVED, R.ACCEPTED, R.IN_SERVICE, R.COMPLETED)
PRIORITY: dict[str, int] = {Urgency.EMERGENCY: 0, Urgency.URGENT: 1, Urgency.NORMAL: 2}


@pghistory.track(exclude=["updated_at"])
class Referral(models.Model):
    TRANSITIONS: dict[str, frozenset[str]] = {
        R.SENT: frozenset({R.RECEIVED, R.ACCEPTED, R.DECLINED, R.CANCELLED}),
        R.RECEIVED: frozenset({R.ACCEPTED, R.DECLINED, R.CANCELLED}),
        R.ACCEPTED: frozenset({R.IN_SERVICE, R.COMPLETED, R.CANCELLED}),
        R.IN_SERVICE: frozenset({R.COMPLETED}),
        R.DECLINED: frozenset({R.REREFERRED, R.CLOSED}),
        R.COMPLETED: frozenset(),
        R.CANCELLED: frozenset(),
        R.REREFERRED: frozenset(),
        R.CLOSED: frozenset(),
    }

    client_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("trường hợp"),
    )
    # Copied from the case when sent: scoping and lists read them without a join.
    beneficiary = models.ForeignKey(
        "cases.Beneficiary", on_delete=models.PROTECT, related_name="referrals"
    )
    commune = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("người gửi"),
    )
    sender_facility = models.ForeignKey(
        "facilities.Facility",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_sent",
        verbose_name=_("đơn vị gửi"),
    )
    to_facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("chuyển đến"),
    )
    service_type = models.ForeignKey(
        "facilities.ServiceType",
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("dịch vụ đề nghị"),
    )
    reason = models.TextField(_("lý do chuyển gửi"))
    urgency = models.CharField(
        _("mức độ khẩn"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    # 0 emergency, 1 urgent, 2 normal: the inbox sorts on it through an index.
    priority = models.PositiveSmallIntegerField(default=2, editable=False)
    child_emergency = models.BooleanField(_("trẻ em cần bảo vệ khẩn cấp"), default=False)
    legal_basis = models.CharField(
        _("căn cứ chia sẻ thông tin"), max_length=10, choices=LegalBasis.choices
    )
    consent = models.ForeignKey(
        "cases.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    legal_basis_note = models.CharField(_("ghi chú căn cứ"), max_length=300, blank=True)
    # The provider does not list this service: allowed, with the warning kept.
    service_not_offered = models.BooleanField(_("đơn vị không đăng ký dịch vụ này"), default=False)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ReferralStatus.choices, default=R.SENT
    )
    sent_at = models.DateTimeField(_("gửi lúc"))
    received_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    responded_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("báo quá hạn lúc"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The provider has no portal users: the sender entered its answer.
    answered_on_behalf = models.BooleanField(_("người gửi ghi thay đơn vị nhận"), default=False)
    decline_reason = models.TextField(_("lý do từ chối"), blank=True)
    feedback = models.TextField(_("phản hồi kết quả cho người gửi"), blank=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    cancel_reason = models.CharField(_("lý do hủy/kết thúc"), max_length=300, blank=True)
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_referral",
        verbose_name=_("chuyển gửi trước (bị từ chối)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chuyển gửi")
        verbose_name_plural = _("chuyển gửi")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sender_facility__isnull=True) | ~Q(sender_facility=F("to_facility")),
                name="cases_referral_not_to_own_facility",
                violation_error_message=_("Không chuyển gửi đến chính đơn vị của mình."),
            ),
            models.CheckConstraint(
                condition=~Q(legal_basis=LegalBasis.CONSENT) | Q(consent__isnull=False),
                name="cases_referral_consent_recorded",
                violation_error_message=_("Chưa có sự đồng ý được ghi nhận."),
            ),
            models.CheckConstraint(
                condition=~Q(status=R.DECLINED) | ~Q(decline_reason=""),
                name="cases_referral_declined_reason",
                violation_error_message=_("Từ chối phải nêu lý do."),
            ),
            models.CheckConstraint(
                condition=~Q(status=R.COMPLETED)
                | (~Q(feedback="") & Q(completed_at__isnull=False)),
                name="cases_referral_completed_feedback",
                violation_error_message=_("Hoàn thành phải có phản hồi cho người gửi."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[R.ACCEPTED, R.DECLINED, R.IN_SERVICE, R.COMPLETED])
                | Q(responded_at__isnull=False),
                name="cases_referral_answer_time",
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | Q(responded_at__gte=F("sent_at")),
                name="cases_referral_answer_after_sending",
            ),
        ]
        indexes = [
            # The facility inbox: urgent on top, new first, in the list's exact
            # order (id last), so any page's ids come from it alone (see
            # socialwork/paging.py). The network overview counts each unit's
            # open and overdue referrals from it too (index-only: the status
            # and the deadline ride along).
            models.Index(
                F("to_facility"),
                F("priority"),
                F("sent_at").desc(),
                F("id").desc(),
                name="cases_referral_inbox",
                condition=Q(status__in=[s.value for s in OPEN_REFERRAL_STATUSES]),
                include=["status", "response_due_at"],
            ),
            # The sender's list.
            models.Index(fields=["sender", "-sent_at"], name="cases_referral_sender"),
            # The collaborator's home: the sender's last few, newest first. Without
            # it, one who has sent none walks the whole primary key backwards.
            models.Index(fields=["sender", "-id"], name="cases_referral_sender_id"),
            # The department's list of the province's referrals, newest first
            # (without it: a sequential scan and a sort of every referral).
            models.Index(fields=["-sent_at", "-id"], name="cases_referral_sent"),
            models.Index(fields=["commune", "-sent_at"], name="cases_referral_commune"),
            models.Index(fields=["case", "-sent_at"], name="cases_referral_case"),
            models.Index(fields=["beneficiary", "status"], name="cases_referral_person"),
            # Unanswered urgent referrals: the escalation job and the overdue column.
            models.Index(
                fields=["response_due_at"],
                name="cases_referral_due",
                condition=Q(status__in=["sent", "received"], response_due_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return _("Chuyển gửi số %(id)s") % {"id": self.pk}

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def response_hours(self) -> float | None:
        """Hours from sending to the answer (the measured response time)."""
        if self.responded_at is None:
            return None
        return round((self.responded_at - self.sent_at).total_seconds() / 3600, 1)


class ReferralTransition(models.Model):
    """Who moved the referral, when, from what to what."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=ReferralStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ReferralStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("bước chuyển gửi")
        verbose_name_plural = _("bước chuyển gửi")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"], name="cases_reftransition_referral")]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status}→{self.to_status}"
