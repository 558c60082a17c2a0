import logging

import pytest
from django.core import mail

from socialwork.notifications import services, tasks
from socialwork.notifications.models import Notification
from socialwork.notifications.sms import BaseBackend
from tests.factories import CollaboratorUserFactory, UserFactory

pytestmark = pytest.mark.django_db


class FailingBackend(BaseBackend):
    def send(self, *, phone, text):
        raise ConnectionError("gateway down")


def test_notify_writes_in_app_sms_and_email_rows(province):
    with_phone = CollaboratorUserFactory(phone="0912345678", email="")
    with_email = UserFactory(phone=None, email="lan@example.vn")
    created = services.notify(
        recipients=[with_phone, with_email],
        kind="case.deadline",
        title="Sắp đến hạn",
        url="/cases/1/",
        sms=True,
        email=True,
    )
    assert created == 2
    channels = sorted(Notification.objects.values_list("recipient__username", "channel"))
    assert channels == sorted(
        [
            (with_phone.username, "in_app"),
            (with_phone.username, "sms"),
            (with_email.username, "in_app"),
            (with_email.username, "email"),
        ]
    )
    assert Notification.objects.filter(channel="in_app", delivered_at__isnull=True).count() == 0


def test_dedupe_key_never_notifies_twice(province):
    users = [UserFactory(), UserFactory(phone="0987654321")]
    first = services.notify(recipients=users, kind="k", title="T", dedupe_key="case:1:d3", sms=True)
    again = services.notify(recipients=users, kind="k", title="T", dedupe_key="case:1:d3", sms=True)
    newcomer = services.notify(
        recipients=[*users, UserFactory()], kind="k", title="T", dedupe_key="case:1:d3"
    )
    assert (first, again, newcomer) == (2, 0, 1)
    assert Notification.objects.filter(channel="sms").count() == 1
    assert Notification.objects.count() == 4


def test_deliver_pending_sends_once_and_logs_no_phone(province, caplog):
    user = UserFactory(phone="0912345678", email="lan@example.vn", first_name="Lan")
    services.notify(recipients=[user], kind="k", title="Có chuyển gửi mới", sms=True, email=True)
    with caplog.at_level(logging.INFO, logger="socialwork.notifications"):
        assert tasks.deliver_pending() == 2
    assert tasks.deliver_pending() == 0
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert mail.outbox[0].subject == "Có chuyển gửi mới"
    assert "SMS not sent (logging backend)" in caplog.text
    assert "0912345678" not in caplog.text and "Lan" not in caplog.text
    assert not Notification.objects.filter(delivered_at__isnull=True).exists()


def test_failed_sms_is_retried_then_given_up(province, settings):
    settings.SMS_BACKEND = "tests.socialwork.notifications.test_services.FailingBackend"
    services.notify(recipients=[UserFactory(phone="0912345678")], kind="k", title="T", sms=True)
    for _ in range(services.MAX_ATTEMPTS + 2):
        assert services.deliver_pending() == 0
    sms = Notification.objects.get(channel="sms")
    assert (sms.attempts, sms.delivered_at) == (services.MAX_ATTEMPTS, None)


def test_mark_read_is_own_only(province):
    owner, other = UserFactory(), UserFactory()
    services.notify(recipients=[owner], kind="k", title="T")
    notification = Notification.objects.get()
    with pytest.raises(Notification.DoesNotExist):
        services.notification_mark_read(notification=notification, actor=other)
    services.notification_mark_read(notification=notification, actor=owner)
    assert Notification.objects.get().read_at is not None
