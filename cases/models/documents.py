"""The register of issued documents (Decree 30/2020/NĐ-CP Art. 15).

Each issuing agency (here the commune People's Committee) numbers its
documents from 01 on 1 January to 31 December, in one series for every kind
of document or, if its head so decides, one series per kind. A number is
taken by locking the year's counter row (SELECT … FOR UPDATE) in the same
transaction that issues the document; a number taken by an issuing that then
fails stays in the register as void, with its reason, so the register has no
silent gaps and the unique constraint makes duplicates impossible.
"""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DocumentKind",
    "IssuedDocument",
    "IssuedStatus",
    "NumberCounter",
    "RegisterPolicy",
    "SignedFile",
    "SignedPart",
    "SignedStage",
    "SignerCapacity",
    "SigningPreview",
]


class DocumentKind(models.TextChoices):
    # The value is the kind's abbreviation in the document's symbol (Annex III).
    DECISION = "QĐ", _("Quyết định")


class SignerCapacity(models.TextChoices):
    CHAIRMAN = "chairman", _("Chủ tịch")
    VICE_CHAIRMAN = "vice_chairman", _("Phó Chủ tịch (ký thay Chủ tịch)")


class IssuedStatus(models.TextChoices):
    ISSUED = "issued", _("Đã ban hành")
    VOID = "void", _("Số bị hủy")


class RegisterPolicy(models.Model):
    """How an agency numbers its documents; without a row, one series for all kinds."""

    agency = models.OneToOneField(
        "areas.AdministrativeUnit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    split_by_kind = models.BooleanField(_("đánh số riêng theo từng loại văn bản"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cách đánh số văn bản")
        verbose_name_plural = _("cách đánh số văn bản")

    def __str__(self) -> str:
        return f"{self.agency_id}: {'split' if self.split_by_kind else 'one series'}"


class NumberCounter(models.Model):
    """The last number taken in one series of one agency's register for one year."""

    agency = models.ForeignKey(
        "areas.AdministrativeUnit", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    # "" for the one series of every kind; a DocumentKind when split by kind.
    series = models.CharField(max_length=10, blank=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "series"], name="cases_numbercounter_one_per_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}/{self.series or '*'}: {self.last_number}"


class IssuedDocument(models.Model):
    """One number of the register: the document issued under it, or its void."""

    agency = models.ForeignKey(
        "areas.AdministrativeUnit",
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(max_length=10, blank=True)
    number = models.PositiveIntegerField(_("số"))
    kind = models.CharField(_("loại văn bản"), max_length=10, choices=DocumentKind.choices)
    symbol = models.CharField(_("ký hiệu"), max_length=40)
    form = models.CharField(_("biểu mẫu"), max_length=2, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=IssuedStatus.choices, default=IssuedStatus.ISSUED
    )
    issued_on = models.DateField(_("ngày ban hành"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_capacity = models.CharField(
        _("thẩm quyền ký"),
        max_length=20,
        choices=SignerCapacity.choices,
        default=SignerCapacity.CHAIRMAN,
    )
    plan = models.ForeignKey(
        "cases.CasePlan", null=True, blank=True, on_delete=models.PROTECT, related_name="issued"
    )
    event = models.ForeignKey(
        "cases.CaseEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="issued"
    )
    void_reason = models.TextField(_("lý do hủy số"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("sổ đăng ký văn bản")
        ordering = ["agency", "year", "series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "series", "number"],
                name="cases_issueddocument_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status=IssuedStatus.VOID) | ~Q(void_reason=""),
                name="cases_issueddocument_void_has_reason",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="cases_issueddocument_number"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """ "05/QĐ-UBND": numbers below 10 take a leading zero (Decree 30, Annex I)."""
        return f"{self.number:02d}/{self.symbol}"


class SignedStage(models.TextChoices):
    SIGNED = "signed", _("Người có thẩm quyền đã ký số")
    SEALED = "sealed", _("Văn thư đã ký số của cơ quan")
    SCAN = "scan", _("Bản quét văn bản giấy đã ký")


class SignedPart(models.TextChoices):
    DECISION = "decision", _("Văn bản")
    ATTACHMENT = "attachment", _("Phụ lục kèm theo (Mẫu số 04)")


class SigningPreview(models.Model):
    """The exact PDF a leader was shown before signing: the bytes signed are
    these bytes (their hash is posted with the signature)."""

    plan = models.ForeignKey(
        "cases.CasePlan", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    form = models.CharField(max_length=2)
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    # The plan's version the preview was rendered from: a later edit makes it stale.
    source_version = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["plan", "sha256"], name="cases_preview_plan_sha")]

    def __str__(self) -> str:
        return f"{self.form} {self.sha256[:12]}"


class SignedFile(models.Model):
    """A signed PDF (or the scan of a paper original), stored once and never
    changed: a later change to the case issues a new decision instead."""

    issued = models.ForeignKey(
        IssuedDocument, on_delete=models.PROTECT, related_name="files", verbose_name=_("văn bản")
    )
    stage = models.CharField(_("bước"), max_length=10, choices=SignedStage.choices)
    part = models.CharField(
        _("phần"), max_length=12, choices=SignedPart.choices, default=SignedPart.DECISION
    )
    content = models.BinaryField()
    content_type = models.CharField(max_length=60, default="application/pdf")
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    # For a signed stage, the hash of the preview the leader saw (the bytes signed).
    preview_sha256 = models.CharField(max_length=64, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp văn bản đã ký")
        verbose_name_plural = _("tệp văn bản đã ký")
        ordering = ["issued", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issued", "stage", "part"], name="cases_signedfile_one_per_stage"
            )
        ]
        triggers = [
            # Append-only in the database itself, whatever code runs.
            pgtrigger.Protect(
                name="signedfile_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issued_id} {self.stage} {self.part} {self.sha256[:12]}"
