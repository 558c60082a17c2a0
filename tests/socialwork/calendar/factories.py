import datetime

import factory

from socialwork.calendar.models import PublicHoliday


class PublicHolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicHoliday
        django_get_or_create = ("date",)

    date = factory.Sequence(lambda n: datetime.date(2030, 1, 1) + datetime.timedelta(days=n))
    name = "Ngày nghỉ thử"
    kind = PublicHoliday.Kind.HOLIDAY
