import random

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from collaborators import demo
from collaborators.models import Attendance, Collaborator
from socialwork.accounts.models import Role, User
from socialwork.demo.context import DemoContext
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(province):
    communes = [CommuneFactory(parent=province) for _i in range(8)]
    return DemoContext(province=province, communes=communes, rng=random.Random(7), scale=0.05)


def test_every_commune_has_collaborators_and_a_few_lost_theirs(ctx):
    demo.seed(ctx)
    counts = (
        Collaborator.objects.values_list("user__area")
        .annotate(total=Count("pk"), active=Count("pk", filter=Q(ended_on__isnull=True)))
        .order_by()
    )
    per_commune = {area: (total, active) for area, total, active in counts}
    assert set(per_commune) == {c.pk for c in ctx.communes}
    alone = [area for area, pair in per_commune.items() if pair == (1, 0)]
    assert len(alone) == 1
    assert Collaborator.objects.count() == round(830 * 0.05)


def test_about_a_third_trained_with_one_password_hash(ctx):
    demo.seed(ctx)
    total = Collaborator.objects.count()
    trained = Collaborator.objects.filter(attendances__completed=True).distinct().count()
    assert 0.15 <= trained / total <= 0.5
    hashes = set(User.objects.filter(role=Role.COLLABORATOR).values_list("password", flat=True))
    assert len(hashes) == 1
    assert not Attendance.objects.filter(course__starts_on__gt=timezone.localdate()).exists()
