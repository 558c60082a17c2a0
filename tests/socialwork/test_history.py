"""One history key: a write through a service names its actor, with or
without a request around it (socialwork/history.py)."""

import pytest

from cases import services as register
from cases.models import Household
from socialwork.history import event_actor_id, history_context

pytestmark = pytest.mark.django_db


def test_a_service_outside_a_request_records_its_actor(official_a, commune_a):
    # No request, no middleware: the service's own context names the actor.
    household, _created = register.household_create(
        actor=official_a, commune=commune_a, address="Thôn 2"
    )
    event = Household.pgh_event_model.objects.filter(pgh_obj=household).get()
    assert event_actor_id(event) == official_a.pk


def test_a_context_without_an_actor_keeps_the_outer_one(official_a, commune_a):
    with history_context(official_a), history_context(None, why="nested"):
        household, _created = register.household_create(
            actor=official_a, commune=commune_a, address="Thôn 3"
        )
    event = Household.pgh_event_model.objects.filter(pgh_obj=household).get()
    assert event_actor_id(event) == official_a.pk
    assert event.pgh_context.metadata["why"] == "nested"


def test_the_person_page_history_reads_the_one_key(client, department, commune_a):
    from django.urls import reverse

    from tests.cases.factories import BeneficiaryFactory

    person = BeneficiaryFactory(commune=commune_a)
    register.beneficiary_update(
        actor=department, beneficiary=person, data={"address": "Thôn 9"}, version=person.version
    )
    client.force_login(department)
    page = client.get(reverse("cases:beneficiary_detail", args=[person.pk])).content.decode()
    assert str(department) in page
