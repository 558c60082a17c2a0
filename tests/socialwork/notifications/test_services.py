import datetime
import logging

import pytest
from django.core import mail
from django.utils import timezone

from socialwork.notifications import services, tasks
from socialwork.notifications.models import Notification
from socialwork.notifications.sms import BaseBackend
from tests.factories import CollaboratorUserFactory, UserFactory
from tests.local_servers import free_port, smtp_server

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


def _due_now():
    Notification.objects.update(next_attempt_at=timezone.now())


def test_failed_sms_is_retried_with_back_off_then_given_up_and_can_be_resent(
    province, settings, department
):
    settings.SMS_BACKEND = "tests.socialwork.notifications.test_services.FailingBackend"
    services.notify(recipients=[UserFactory(phone="0912345678")], kind="k", title="T", sms=True)
    assert services.deliver_pending() == 0
    sms = Notification.objects.get(channel="sms")
    assert (sms.attempts, sms.last_error) == (1, "ConnectionError")
    first_wait = sms.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=50) < first_wait <= datetime.timedelta(minutes=1)
    assert services.deliver_pending() == 0  # not due: nothing tried
    assert Notification.objects.get(channel="sms").attempts == 1
    for _ in range(services.MAX_ATTEMPTS + 2):
        _due_now()
        assert services.deliver_pending() == 0
    sms.refresh_from_db()
    assert (sms.attempts, sms.delivered_at) == (services.MAX_ATTEMPTS, None)
    assert sms.last_error == "ConnectionError"  # kept, with its reason

    settings.SMS_BACKEND = "socialwork.notifications.sms.LoggingBackend"
    assert services.notifications_retry(notification_ids=[sms.pk], actor=department) == 1
    assert services.deliver_pending() == 1
    sms.refresh_from_db()
    assert sms.delivered_at is not None and sms.last_error == ""


def test_back_off_doubles_up_to_an_hour():
    delays = [services.retry_delay(n).total_seconds() / 60 for n in range(1, 10)]
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_broken_channel_stops_this_run_and_charges_only_what_it_tried(province, settings):
    settings.SMS_BACKEND = "tests.socialwork.notifications.test_services.FailingBackend"
    users = [UserFactory(phone=f"091234567{i}", email=f"u{i}@example.vn") for i in range(6)]
    services.notify(recipients=users, kind="k", title="T", sms=True, email=True)
    assert services.deliver_pending() == 6  # every e-mail goes, whatever the gateway does
    sms = Notification.objects.filter(channel="sms")
    assert sorted(sms.values_list("attempts", flat=True)) == [0, 0, 0, 1, 1, 1]
    assert sms.filter(attempts=0, last_error="", next_attempt_at__isnull=True).count() == 3
    assert len(mail.outbox) == 6


# --- E-mail over SMTP, to a real server on 127.0.0.1 --------------------------------


@pytest.fixture
def smtp(settings):
    with smtp_server() as (mailbox, port):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
            }
        }
        settings.PORTAL_BASE_URL = "https://ctxh.example.gov.vn"
        yield mailbox


def test_email_goes_over_smtp_with_the_link(province, smtp):
    user = UserFactory(email="lan@example.vn")
    services.notify(
        recipients=[user],
        kind="case.deadline",
        title="Quá hạn: can thiệp khẩn cấp",
        body="Hạn: 10:30 21/11/2026",
        url="/cases/7/",
        email=True,
    )
    assert services.deliver_pending() == 1
    (message,) = smtp.messages
    assert message["X-Envelope-To"] == "lan@example.vn"
    assert message["Subject"] == "Quá hạn: can thiệp khẩn cấp"
    assert "https://ctxh.example.gov.vn/cases/7/" in message.get_content()
    assert Notification.objects.get(channel="email").delivered_at is not None


def test_a_refusing_mail_server_keeps_the_email_pending_with_its_reason(province, smtp, caplog):
    smtp.refuse = True
    services.notify(
        recipients=[UserFactory(email="lan@example.vn")], kind="k", title="T", email=True
    )
    assert services.deliver_pending() == 0
    email = Notification.objects.get(channel="email")
    assert (email.delivered_at, email.attempts) == (None, 1)
    assert email.last_error == "SMTPRecipientsRefused"
    ours = " ".join(r.getMessage() for r in caplog.records if r.name.startswith("socialwork"))
    assert "delivery failed: SMTPRecipientsRefused" in ours and "lan@example.vn" not in ours

    smtp.refuse = False
    _due_now()
    assert services.deliver_pending() == 1
    assert len(smtp.messages) == 1


def test_a_mail_server_that_is_down_is_retried(province, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    services.notify(
        recipients=[UserFactory(email="lan@example.vn")], kind="k", title="T", email=True
    )
    assert services.deliver_pending() == 0
    email = Notification.objects.get(channel="email")
    assert (email.attempts, email.last_error) == (1, "ConnectionRefusedError")


def test_mark_read_is_own_only(province):
    owner, other = UserFactory(), UserFactory()
    services.notify(recipients=[owner], kind="k", title="T")
    notification = Notification.objects.get()
    with pytest.raises(Notification.DoesNotExist):
        services.notification_mark_read(notification=notification, actor=other)
    services.notification_mark_read(notification=notification, actor=owner)
    assert Notification.objects.get().read_at is not None
