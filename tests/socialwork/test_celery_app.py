"""A real worker and broker run the portal's tasks against the test database."""

import pytest

from socialwork.notifications.models import Notification
from socialwork.notifications.services import notify
from tests.celery_harness import broker, wait_for, worker
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_pending_sms(tmp_path):
    user = UserFactory(phone="0912345678")
    notify(recipients=[user], kind="test", title="Hạn xử lý", body="Sắp đến hạn", sms=True)
    pending = Notification.objects.filter(recipient=user, channel="sms")
    assert pending.filter(delivered_at__isnull=True).exists()

    from socialwork.notifications.tasks import deliver_pending

    with broker(tmp_path) as env, worker(env):
        deliver_pending.delay()
        wait_for(lambda: not pending.filter(delivered_at__isnull=True).exists(), timeout=90)
    assert pending.filter(delivered_at__isnull=False).count() == pending.count()
