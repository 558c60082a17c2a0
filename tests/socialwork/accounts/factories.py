"""Factories of accounts tests, on top of tests/factories.py."""

from datetime import timedelta

import factory
from django.utils import timezone

from socialwork.accounts.models import ApiToken
from tests.factories import CollaboratorUserFactory


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    class Params:
        key = factory.Sequence(lambda n: f"test-token-{n:06d}-" + "x" * 24)
        idle_days = 0

    user = factory.SubFactory(CollaboratorUserFactory)
    key_hash = factory.LazyAttribute(lambda o: ApiToken.hash_key(o.key))
    prefix = factory.LazyAttribute(lambda o: o.key[:8])
    last_used_at = factory.LazyAttribute(lambda o: timezone.now() - timedelta(days=o.idle_days))
