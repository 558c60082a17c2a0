"""Administrative units: the 2025 two-tier map and the units before it."""

from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils.translation import gettext_lazy as _


class CodeSet(models.TextChoices):
    # Old and new province codes collide (new 15 was old Yên Bái): a code
    # means nothing without the set it belongs to.
    LEGACY = "2008", _("Trước 01/07/2025 (3 cấp)")
    CURRENT = "2025-07", _("Từ 01/07/2025 (2 cấp)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh / thành phố")
    DISTRICT = "district", _("Huyện / quận / thị xã")
    COMMUNE = "commune", _("Xã / phường / đặc khu")


class AdministrativeUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(code_set=CodeSet.CURRENT)

    def communes(self):
        return self.filter(level=Level.COMMUNE)


class AdministrativeUnit(models.Model):
    code = models.CharField(_("mã ĐVHC"), max_length=5)
    code_set = models.CharField(_("bộ mã"), max_length=8, choices=CodeSet.choices)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    name = models.CharField(_("tên"), max_length=120)
    division_type = models.CharField(_("loại đơn vị"), max_length=40, blank=True)
    # Accent-free, lower-case name for search ("dak lak" finds "Đắk Lắk").
    search_name = models.CharField(max_length=120, editable=False, default="")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Tỉnh chứa đơn vị (chính nó nếu là tỉnh)."),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        symmetrical=False,
        related_name="predecessors",
    )

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code_set", "level", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_set", "level", "code"], name="areas_unit_code_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["province", "level"], name="areas_unit_province_level"),
            # Exact-name lookups (old commune names in imports): the trigram
            # index answers equality too, but some fifty times slower.
            models.Index(
                fields=["code_set", "level", "search_name"], name="areas_unit_level_search_name"
            ),
            GinIndex(
                fields=["search_name"], opclasses=["gin_trgm_ops"], name="areas_unit_search_trgm"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitSuccession(models.Model):
    """An old unit became (part of) a new one on 1 July 2025."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_out"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="succession_in"
    )
    # A partly merged old commune maps to several new ones: the user must choose.
    partial = models.BooleanField(_("sáp nhập một phần"), default=False)
    effective = models.DateField(_("ngày hiệu lực"))

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="areas_succession_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"
