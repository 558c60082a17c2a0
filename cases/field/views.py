"""The field forms: one page a collaborator can open with no network.

It is the app shell of the outbox (static/js/outbox.js, field.js): the service
worker keeps it, so it must hold nothing of any user. It is rendered signed
out, from reference data only (target groups, services, the facility
register, which every signed-in role reads and which is public in law); what
the collaborator types waits sealed in the browser until it is sent through
the API as that collaborator.
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from facilities.models import Facility, ServiceType

from ..models import Category, ConsentBasis, IntakeSource, LegalBasis, Sex, Urgency


@require_GET
def shell(request):
    facilities = (
        Facility.objects.filter(is_active=True)
        .select_related("commune")
        .prefetch_related("services")
        .order_by("name")
    )
    response = render(
        request,
        "cases/field/shell.html",
        {
            "categories": Category.objects.filter(active=True),
            "services": ServiceType.objects.filter(is_active=True).order_by("name"),
            "facilities": [
                (f, " ".join(s.code for s in f.services.all() if s.is_active)) for f in facilities
            ],
            "sexes": Sex.choices,
            "sources": IntakeSource.choices,
            "urgencies": Urgency.choices,
            "consent_bases": ConsentBasis.choices,
            "legal_bases": LegalBasis.choices,
            "today": timezone.localdate(),
        },
    )
    # Public and the same for everyone; the service worker refreshes its copy.
    patch_cache_control(response, public=True, max_age=0)
    return response
