import datetime

import pytest
from django.urls import reverse

from socialwork.calendar.models import PublicHoliday
from tests.factories import (
    CollaboratorUserFactory,
    CommuneOfficialFactory,
    FacilityUserFactory,
    LeadershipUserFactory,
    UserFactory,
)

from .factories import PublicHolidayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(province):
    return UserFactory(area=province)


def test_department_sees_the_year(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("workcalendar:holidays"), {"year": 2026})
    page = response.content.decode()
    assert "16/02/2026" in page
    assert "Giỗ Tổ Hùng Vương" in page
    assert "chưa xác nhận" in page  # 1/9/2026 is not confirmed yet


def test_add_a_swapped_saturday(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("workcalendar:holiday_add"),
        {"date": "03/01/2032", "name": "Làm bù", "kind": "working_day", "confirmed": "on"},
    )
    assert response.status_code == 302
    holiday = PublicHoliday.objects.get(name="Làm bù")
    assert holiday.date == datetime.date(2032, 1, 3)  # day first


@pytest.mark.parametrize(
    ("date", "message"),
    [("31/02/2032", "Nhập một ngày hợp lệ"), ("01/01/2026", "Ngày này đã có trong lịch.")],
)
def test_bad_dates_are_explained(client, staff, date, message):
    client.force_login(staff)
    response = client.post(
        reverse("workcalendar:holiday_add"), {"date": date, "name": "X", "kind": "holiday"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


def test_edit_and_delete(client, staff):
    holiday = PublicHolidayFactory(date=datetime.date(2033, 5, 5))
    client.force_login(staff)
    response = client.post(
        reverse("workcalendar:holiday_edit", args=[holiday.pk]),
        {"date": "06/05/2033", "name": "Đổi", "kind": "day_off"},
    )
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert (holiday.date, holiday.kind, holiday.confirmed) == (
        datetime.date(2033, 5, 6),
        "day_off",
        False,
    )
    client.post(reverse("workcalendar:holiday_delete", args=[holiday.pk]))
    assert not PublicHoliday.objects.filter(pk=holiday.pk).exists()


@pytest.mark.parametrize(
    "factory",
    [CollaboratorUserFactory, CommuneOfficialFactory, LeadershipUserFactory, FacilityUserFactory],
)
def test_other_roles_are_403_everywhere(client, province, factory):
    holiday = PublicHolidayFactory()
    client.force_login(factory())
    for url in (
        reverse("workcalendar:holidays"),
        reverse("workcalendar:holiday_add"),
        reverse("workcalendar:holiday_edit", args=[holiday.pk]),
    ):
        assert client.get(url).status_code == 403
    assert client.post(reverse("workcalendar:holiday_delete", args=[holiday.pk])).status_code == 403
    assert PublicHoliday.objects.filter(pk=holiday.pk).exists()


def test_login_required(client):
    assert client.get(reverse("workcalendar:holidays")).status_code == 302
