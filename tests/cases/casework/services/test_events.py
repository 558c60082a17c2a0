"""Events on an open case (cases/casework/services/events.py)."""

import pytest

from cases.casework.services.cases import case_update
from cases.casework.services.events import event_record
from cases.models import Case, EventKind

pytestmark = pytest.mark.django_db


def test_emergency_intervention_stops_the_12_hour_timer(case_a, collaborator_a):
    Case.objects.filter(pk=case_a.pk).update(
        is_child_protection=True, needs_emergency_protection=True
    )
    case_a.refresh_from_db()
    case_update(actor=collaborator_a, case=case_a, data={}, version=case_a.version)
    case_a.refresh_from_db()
    assert case_a.next_deadline_kind == "emergency"
    event_record(actor=collaborator_a, case=case_a, kind=EventKind.EMERGENCY_INTERVENTION)
    case_a.refresh_from_db()
    assert case_a.next_deadline is None
