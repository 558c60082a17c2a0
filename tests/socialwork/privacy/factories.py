import datetime

import factory
from django.utils import timezone

from socialwork.privacy.models import NOTIFY_WITHIN, DataBreach
from tests.factories import UserFactory


class DataBreachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataBreach

    detected_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=2))
    summary = "Một máy tính của phòng bị mất, còn đăng nhập sẵn."
    data_kinds = "họ tên, CCCD, hồ sơ trường hợp"
    notify_due_at = factory.LazyAttribute(lambda o: o.detected_at + NOTIFY_WITHIN)
    registered_by = factory.SubFactory(UserFactory)
