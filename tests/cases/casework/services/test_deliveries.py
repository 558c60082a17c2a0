"""Services given on a case (cases/casework/services/deliveries.py)."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.casework.services.deliveries import service_record
from cases.models import ServiceDelivery
from facilities.models import ServiceType

pytestmark = pytest.mark.django_db


def test_service_recorded_once_per_key(case_a, collaborator_a):
    key = uuid.uuid4()
    kind = ServiceType.objects.get(code="tu_van")
    today = timezone.localdate()
    for _ in range(2):
        service_record(
            actor=collaborator_a,
            case=case_a,
            service_type=kind,
            delivered_on=today,
            client_uuid=key,
        )
    row = ServiceDelivery.objects.get()
    assert (row.delivered_by, row.beneficiary_id, row.commune_id) == (
        collaborator_a,
        case_a.beneficiary_id,
        case_a.commune_id,
    )


def test_service_in_the_future_is_refused(case_a, collaborator_a):
    with pytest.raises(ValidationError):
        service_record(
            actor=collaborator_a,
            case=case_a,
            service_type=ServiceType.objects.get(code="tu_van"),
            delivered_on=timezone.localdate() + datetime.timedelta(days=2),
        )
