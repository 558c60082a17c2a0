import copy

import pytest
from django.urls import reverse

from socialwork.notifications.models import Notification
from tests.factories import CollaboratorUserFactory, LeadershipUserFactory, UserFactory

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db
PROCESSOR = "socialwork.notifications.context_processors.unread"


@pytest.fixture
def with_processor(settings):
    # Assigned anew (not mutated) so Django rebuilds its template engines.
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append(PROCESSOR)
    settings.TEMPLATES = templates


def test_list_shows_own_unread_first(
    client, commune_a, with_processor, django_assert_max_num_queries
):
    user = CollaboratorUserFactory(area=commune_a)
    NotificationFactory(recipient=user, title="Cũ đã đọc", read_at="2025-01-01T00:00Z")
    NotificationFactory(recipient=user, title="Mới chưa đọc")
    NotificationFactory.create_batch(20, recipient=user)
    NotificationFactory(title="Của người khác")
    client.force_login(user)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("Mới chưa đọc") < page.index("Cũ đã đọc")
    assert "Của người khác" not in page
    assert '<span class="badge warn">21</span>' in page


def test_mark_read_and_open(client, province):
    user = UserFactory()
    notification = NotificationFactory(recipient=user, url="/cases/7/")
    client.force_login(user)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == "/cases/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_external_link_is_not_followed(client, province):
    user = UserFactory()
    notification = NotificationFactory(recipient=user, url="https://evil.example/")
    client.force_login(user)
    response = client.post(reverse("notifications:read", args=[notification.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")


def test_read_all(client, province):
    user = UserFactory()
    NotificationFactory.create_batch(3, recipient=user)
    other = NotificationFactory()
    client.force_login(user)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_someone_elses_notification_is_404(client, commune_a, commune_b):
    theirs = NotificationFactory(recipient=CollaboratorUserFactory(area=commune_b))
    for user in (CollaboratorUserFactory(area=commune_a), UserFactory(), LeadershipUserFactory()):
        client.force_login(user)
        assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
        assert client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
        assert client.post(f"/api/v1/notifications/{theirs.pk}/mark-read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_leadership_reads_their_own(client, province):
    user = LeadershipUserFactory()
    NotificationFactory(recipient=user, title="Báo cáo quý")
    client.force_login(user)
    assert "Báo cáo quý" in client.get(reverse("notifications:list")).content.decode()


def test_api_lists_own_and_marks_read(client, commune_a, django_assert_max_num_queries):
    user = CollaboratorUserFactory(area=commune_a)
    mine = NotificationFactory.create_batch(12, recipient=user)
    NotificationFactory(recipient=user, channel="sms")
    NotificationFactory()
    client.force_login(user)
    with django_assert_max_num_queries(6):
        data = client.get("/api/v1/notifications/", {"unread": "true"}).json()
    assert sorted(r["id"] for r in data["results"]) == sorted(n.pk for n in mine)
    response = client.post(f"/api/v1/notifications/{mine[0].pk}/mark-read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    assert len(client.get("/api/v1/notifications/", {"unread": "true"}).json()["results"]) == 11


def test_login_required(client):
    assert client.get(reverse("notifications:list")).status_code == 302
    assert client.get("/api/v1/notifications/").status_code in (401, 403)
