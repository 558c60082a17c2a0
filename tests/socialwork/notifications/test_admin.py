"""Administrators see outgoing SMS and e-mail, why one failed, and send it again."""

import pytest
from django.urls import reverse

from socialwork.accounts.models import AccessLog
from socialwork.notifications import services
from socialwork.notifications.models import Notification
from tests.factories import AdminUserFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(AdminUserFactory(username="quan.tri"))
    return client


@pytest.fixture
def given_up(province):
    services.notify(recipients=[UserFactory(phone="0912345678")], kind="k", title="T", sms=True)
    Notification.objects.filter(channel="sms").update(
        attempts=services.MAX_ATTEMPTS, last_error="gateway answered HTTP 500"
    )
    return Notification.objects.get(channel="sms")


def test_the_failed_filter_shows_the_reason_and_only_outgoing_messages(admin_client, given_up):
    url = reverse("admin:notifications_notification_changelist")
    response = admin_client.get(url, {"delivery": "failed"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [given_up]
    assert "gateway answered HTTP 500" in response.text
    pending = admin_client.get(url, {"delivery": "pending"})
    assert list(pending.context["cl"].result_list) == []


def test_send_again_gives_fresh_attempts_and_is_logged(admin_client, given_up):
    response = admin_client.post(
        reverse("admin:notifications_notification_changelist"),
        {"action": "send_again", "_selected_action": [given_up.pk]},
    )
    assert response.status_code == 302
    given_up.refresh_from_db()
    assert (given_up.attempts, given_up.next_attempt_at) == (0, None)
    assert services.deliver_pending() == 1
    log = AccessLog.objects.get(action=AccessLog.Action.ADMIN)
    assert (log.object_type, log.object_id) == ("notifications.notification", str(given_up.pk))
