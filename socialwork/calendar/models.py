"""The working-day calendar: the days that differ from an ordinary week.

A day not in the table is a working day from Monday to Friday and a day off on
Saturday and Sunday. A row overrides that: a legal holiday or a compensatory
day off makes a weekday a day off; a swapped working day ("làm bù") makes a
Saturday a working day. The department edits the rows each year.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicHoliday(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Nghỉ lễ, Tết")
        DAY_OFF = "day_off", _("Nghỉ bù, hoán đổi")
        WORKING_DAY = "working_day", _("Ngày làm bù")

    # Kinds that take a day out of the working week.
    DAYS_OFF = frozenset({Kind.HOLIDAY, Kind.DAY_OFF})

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.HOLIDAY)
    # Seeded days the government had not announced yet are unconfirmed until
    # the department checks them against the year's official notice.
    confirmed = models.BooleanField(_("đã xác nhận theo thông báo chính thức"), default=True)
    note = models.CharField(_("ghi chú, căn cứ"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("ngày nghỉ lễ / làm bù")
        verbose_name_plural = _("ngày nghỉ lễ / làm bù")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"

    @property
    def is_day_off(self) -> bool:
        return self.kind in self.DAYS_OFF
