import datetime

import pytest
from django.core.exceptions import PermissionDenied

from socialwork.calendar import services
from socialwork.calendar.models import PublicHoliday
from tests.factories import CommuneOfficialFactory, UserFactory

from .factories import PublicHolidayFactory

pytestmark = pytest.mark.django_db


def test_department_edits_the_calendar(province):
    staff = UserFactory(area=province)
    holiday = services.holiday_create(
        actor=staff, date=datetime.date(2034, 1, 2), name="Nghỉ bù", kind="day_off"
    )
    services.holiday_update(actor=staff, holiday=holiday, name="Nghỉ bù Tết Dương lịch")
    assert PublicHoliday.objects.get(pk=holiday.pk).name == "Nghỉ bù Tết Dương lịch"
    services.holiday_delete(actor=staff, holiday=holiday)
    assert not PublicHoliday.objects.filter(pk=holiday.pk).exists()


def test_commune_official_may_not(province):
    official = CommuneOfficialFactory()
    with pytest.raises(PermissionDenied):
        services.holiday_create(actor=official, date=datetime.date(2034, 1, 2), name="X")
    with pytest.raises(PermissionDenied):
        services.holiday_delete(actor=official, holiday=PublicHolidayFactory())
