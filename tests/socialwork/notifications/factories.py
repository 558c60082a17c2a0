import factory

from socialwork.notifications.models import Notification
from tests.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "test"
    title = factory.Sequence(lambda n: f"Thông báo {n}")
    channel = Notification.Channel.IN_APP
