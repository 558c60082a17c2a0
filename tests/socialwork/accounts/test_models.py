import pytest
from django.db import IntegrityError, InternalError, transaction

from socialwork.accounts.models import AccessLog, Role, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_administrators_can_hold_staff_status(province):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.DEPARTMENT, is_staff=True)

    assert UserFactory(role=Role.ADMIN, is_staff=True).is_staff


def test_a_commune_role_needs_a_commune():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="khong-xa", role=Role.COLLABORATOR, area=None)


def test_a_phone_number_belongs_to_one_user(province):
    UserFactory(phone="0912345678")

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(phone="0912345678")


def test_access_log_refuses_update_and_delete_in_the_database(department_user):
    log = AccessLog.objects.create(user=department_user, action="view", object_type="x.y")

    with pytest.raises(InternalError), transaction.atomic():
        AccessLog.objects.filter(pk=log.pk).update(detail="sửa lén")
    with pytest.raises(InternalError), transaction.atomic():
        AccessLog.objects.filter(pk=log.pk).delete()

    assert AccessLog.objects.get(pk=log.pk).detail == ""


def test_user_history_catches_bulk_updates_but_keeps_no_password(department_user):
    User.objects.filter(pk=department_user.pk).update(phone="0911222333")
    department_user.refresh_from_db()
    department_user.set_password("mat-khau-khac-1")
    department_user.save()

    events = list(department_user.events.order_by("pgh_id"))

    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert events[-1].phone == "0911222333"
    assert not hasattr(events[-1], "password")
