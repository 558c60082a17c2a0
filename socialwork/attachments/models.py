"""A paper attached to a record: a scanned decision, a disability certificate,
a dossier page, a photo taken on a phone.

The record is named by its kind and id (owners.py), not by a foreign key per
kind: this platform app sits below cases, facilities and allowances, which
register their records with it. The bytes live in the database, sealed
(sealing.py): at a few hundred kilobytes a photo and a few megabytes a PDF they
travel with the database backup and its transactions, and no file name on a
disk says whose paper it is. The original file name is sealed as well."""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    DECISION = "decision", _("Quyết định")
    DISABILITY_CERTIFICATE = "disability_certificate", _("Giấy xác nhận khuyết tật")
    DOSSIER = "dossier", _("Giấy tờ trong hồ sơ")
    PHOTO = "photo", _("Ảnh chụp")
    OTHER = "other", _("Khác")


# History keeps who uploaded and who withdrew what, never the sealed bytes nor
# the sealed name: a copy in the event table would outlive their erasure.
@pghistory.track(exclude=["name_sealed", "content_sealed"])
class Attachment(models.Model):
    # Random: the associated data of the sealed bytes, tying them to this row.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner_kind = models.CharField(max_length=20)
    owner_id = models.BigIntegerField()
    document_type = models.CharField(
        _("Loại tài liệu"), max_length=30, choices=DocumentType.choices, default=DocumentType.OTHER
    )
    note = models.CharField(_("Ghi chú"), max_length=200, blank=True)
    # What is served: image/jpeg for every photo (re-encoded), application/pdf.
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    key_id = models.CharField(max_length=20)
    name_sealed = models.BinaryField()
    content_sealed = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    # A paper uploaded by mistake (another person's, the wrong file) is
    # withdrawn, not deleted: the row stays for the audit trail (who uploaded,
    # who withdrew, when, why), its sealed name and bytes are erased
    # (services.attachment_withdraw says why).
    withdrawn_at = models.DateTimeField(_("Gỡ bỏ lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("Lý do gỡ bỏ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Tài liệu đính kèm")
        verbose_name_plural = _("Tài liệu đính kèm")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["owner_kind", "owner_id"], name="attachment_owner_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="attachment_not_empty"),
            # Withdrawn: by someone, for a reason, bytes gone; live: none of that.
            models.CheckConstraint(
                condition=models.Q(
                    withdrawn_at__isnull=True, withdrawn_by__isnull=True, withdrawal_reason=""
                )
                | (
                    models.Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                    & ~models.Q(withdrawal_reason="")
                ),
                name="attachment_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()} #{self.pk}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
