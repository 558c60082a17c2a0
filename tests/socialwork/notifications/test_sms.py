"""The brandname-SMS gateway adapter against a real HTTP endpoint on 127.0.0.1."""

import datetime
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from socialwork.notifications import services
from socialwork.notifications.models import Notification
from socialwork.notifications.sms import HttpGatewayBackend, SmsError, get_backend, unaccented
from tests.factories import UserFactory
from tests.local_servers import sms_gateway


@pytest.fixture
def gateway(settings):
    with sms_gateway() as gateway:
        settings.SMS_BACKEND = "socialwork.notifications.sms.HttpGatewayBackend"
        settings.SMS_GATEWAY_URL = gateway.url
        settings.SMS_GATEWAY_API_KEY = "khoa-thu"
        settings.SMS_GATEWAY_BRANDNAME = "SOYTE-DLK"
        settings.SMS_GATEWAY_TIMEOUT = 0.5
        yield gateway


def test_posts_key_brandname_phone_and_message(gateway):
    get_backend().send(phone="0912345678", text="Quá hạn: chuyển gửi khẩn")
    (request,) = gateway.received
    assert request == {
        "api_key": "khoa-thu",
        "brandname": "SOYTE-DLK",
        "phone": "0912345678",
        "message": "Quá hạn: chuyển gửi khẩn",
        "_path": "/sms/send",
        "_answer": "ok",
    }


def test_unaccented_messages_when_the_brandname_template_wants_them(gateway, settings):
    settings.SMS_GATEWAY_UNACCENTED = True
    get_backend().send(phone="0912345678", text="Đắk Lắk: quá hạn trả lời")
    assert gateway.received[0]["message"] == "Dak Lak: qua han tra loi"
    assert unaccented("Nguyễn Thị Ánh Tuyết, ĐỨC") == "Nguyen Thi Anh Tuyet, DUC"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error", "gateway answered HTTP 500"),
        ("refuse", "gateway refused the message 99"),
        ("hang", "gateway did not answer within 0.5 s"),
    ],
)
def test_a_failure_says_why_without_the_number_or_text(gateway, mode, reason):
    gateway.mode = mode
    with pytest.raises(SmsError) as raised:
        get_backend().send(phone="0912345678", text="Quá hạn")
    assert str(raised.value) == reason
    assert "0912345678" not in str(raised.value)


def test_an_unreachable_gateway_is_a_failure_too(settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/sms"  # discard port: nothing listens
    settings.SMS_GATEWAY_TIMEOUT = 2
    with pytest.raises(SmsError, match="unreachable"):
        HttpGatewayBackend().send(phone="0912345678", text="x")


def test_a_gateway_without_an_address_is_refused_at_start(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(ImproperlyConfigured):
        HttpGatewayBackend()


@pytest.mark.django_db
def test_gateway_errors_keep_the_sms_pending_with_its_reason_until_it_goes(gateway, caplog):
    user = UserFactory(phone="0912345678", email="")
    services.notify(recipients=[user], kind="k", title="Chuyển gửi khẩn quá hạn", sms=True)
    sms = Notification.objects.get(channel="sms")

    gateway.mode = "error"
    with caplog.at_level(logging.WARNING, logger="socialwork.notifications"):
        assert services.deliver_pending() == 0
    sms.refresh_from_db()
    assert (sms.delivered_at, sms.attempts, sms.last_error) == (
        None,
        1,
        "gateway answered HTTP 500",
    )
    assert sms.next_attempt_at > timezone.now()
    assert "0912345678" not in caplog.text and "quá hạn" not in caplog.text

    gateway.mode = "hang"
    Notification.objects.filter(pk=sms.pk).update(next_attempt_at=timezone.now())
    assert services.deliver_pending() == 0
    sms.refresh_from_db()
    assert (sms.attempts, sms.last_error) == (2, "gateway did not answer within 0.5 s")

    # Not due yet: the back-off holds it back, even with the gateway back.
    gateway.mode = "ok"
    assert services.deliver_pending() == 0
    Notification.objects.filter(pk=sms.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert services.deliver_pending() == 1
    sms.refresh_from_db()
    assert sms.delivered_at is not None and sms.attempts == 3 and sms.last_error == ""
    assert len(gateway.accepted()) == 1
