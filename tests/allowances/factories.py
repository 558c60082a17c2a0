import datetime

import factory

from socialwork.allowances.models import StandardLevel


class StandardLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardLevel

    scope = StandardLevel.Scope.PROVINCE
    amount = 600_000
    valid_from = datetime.date(2025, 1, 1)
    legal_basis = "Nghị quyết HĐND tỉnh (thử)"
