"""The notification list's FilterSet through the API: each filter narrows, a
bad value is a 400 naming the parameter, and nobody sees another's."""

import pytest
from django.utils import timezone

from socialwork.notifications.models import Notification
from tests.cases.casework.test_filters import ids, refused

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/"


def test_notification_filters(client, collaborator_a, collaborator_b):
    def note(user, kind, read=False):
        return Notification.objects.create(
            recipient=user, kind=kind, title="Tin", read_at=timezone.now() if read else None
        )

    deadline = note(collaborator_a, "case.deadline")
    seen = note(collaborator_a, "referral.received", read=True)
    theirs = note(collaborator_b, "case.deadline")
    assert ids(client, collaborator_a, URL) == {deadline.pk, seen.pk}
    assert ids(client, collaborator_a, URL, kind="case.deadline") == {deadline.pk}
    assert ids(client, collaborator_a, URL, unread="true") == {deadline.pk}
    assert ids(client, collaborator_a, URL, unread="false") == {seen.pk}
    assert theirs.pk not in ids(client, collaborator_a, URL, kind="case.deadline")
    refused(client, collaborator_a, URL, unread="perhaps")
