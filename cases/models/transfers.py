"""A case handed to another commune when the family moves (issue #17).

Within the province, the receiving commune accepts (the case and its person
move there, status, plans and deadlines unchanged: a move is not a closure)
or declines with a reason (nothing moves). A family leaving the province is
recorded with the other province's name and gets a printed transfer dossier:
that province runs its own portal, so nothing is sent electronically.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["CaseTransfer", "TransferStatus"]


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ xã nhận trả lời")
    ACCEPTED = "accepted", _("Đã nhận")
    DECLINED = "declined", _("Từ chối nhận")
    CANCELLED = "cancelled", _("Đã hủy")
    # Out of the province: the dossier is printed and handed over.
    DOSSIER = "dossier", _("Chuyển ngoài tỉnh (hồ sơ giấy)")


class CaseTransfer(models.Model):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("trường hợp"), on_delete=models.CASCADE,
        related_name="transfers",
    )  # fmt: skip
    from_commune = models.ForeignKey(
        "areas.AdministrativeUnit", verbose_name=_("xã chuyển đi"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    # Empty when the family leaves the province (then `to_province` names it).
    to_commune = models.ForeignKey(
        "areas.AdministrativeUnit", verbose_name=_("xã nhận"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    to_province = models.CharField(_("tỉnh, thành phố chuyển đến"), max_length=100, blank=True)
    new_address = models.CharField(_("địa chỉ nơi ở mới"), max_length=300, blank=True)
    reason = models.TextField(_("lý do chuyển"))
    # Who agreed to the data following the person (Law 91/2025): the basis
    # recorded on the person, or the requester's confirmation.
    consent_basis = models.CharField(_("căn cứ đồng ý"), max_length=20, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=TransferStatus.choices,
        default=TransferStatus.REQUESTED,
    )  # fmt: skip
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    requested_at = models.DateTimeField(_("đề nghị lúc"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    decision_note = models.TextField(_("ý kiến của xã nhận"), blank=True)

    class Meta:
        verbose_name = _("chuyển trường hợp")
        verbose_name_plural = _("chuyển trường hợp")
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["to_commune", "status"], name="cases_transfer_inbox"),
        ]
        constraints = [
            # One open request per case at a time.
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="requested"), name="cases_transfer_one_open"
            ),
            models.CheckConstraint(
                condition=(Q(to_commune__isnull=False) & Q(to_province=""))
                | (Q(to_commune__isnull=True) & ~Q(to_province="") & Q(status="dossier")),
                name="cases_transfer_destination",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decision_note=""),
                name="cases_transfer_decline_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_commune_id} → {self.to_commune_id or self.to_province}"

    @property
    def is_open(self) -> bool:
        return self.status == TransferStatus.REQUESTED
