"""Social assistance (trợ giúp xã hội).

`StandardLevel`: the social-assistance standard (mức chuẩn trợ giúp xã hội), a
dated table, never a constant: monthly allowance = standard × coefficient
(Decree 20/2021 Art. 6). The province's People's Council may set its own,
higher level (Art. 4(3)). Read it with `selectors.standard_level_on(date)`.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StandardLevel(models.Model):
    class Scope(models.TextChoices):
        NATIONAL = "national", _("Mức chuẩn quốc gia")
        PROVINCE = "province", _("Mức chuẩn riêng của tỉnh")

    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices)
    amount = models.PositiveIntegerField(_("mức chuẩn (đồng/tháng)"))
    valid_from = models.DateField(_("áp dụng từ ngày"))
    legal_basis = models.TextField(_("căn cứ pháp lý"))
    # A reported level not yet checked against the decree's text is kept as
    # data but never applied (DOMAIN.md errata 7: Decree 335/2026 is [U]).
    confirmed = models.BooleanField(_("đã xác nhận văn bản"), default=True)

    class Meta:
        verbose_name = _("mức chuẩn trợ giúp xã hội")
        verbose_name_plural = _("mức chuẩn trợ giúp xã hội")
        ordering = ["scope", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "valid_from"], name="allowances_standard_scope_from_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="allowances_standard_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.amount:,}đ từ {self.valid_from:%d/%m/%Y}".replace(
            ",", "."
        )
