"""Who sees which rows of the facility network (see accounts/scoping.py)."""

from django.db.models import Q

from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import (
    Admission,
    Facility,
    FacilityScopePeriod,
    ServiceType,
    StaffAssignment,
    StaffMember,
)
from .selectors import user_facility_id


def _own_facility(lookup: str):
    def rule(user) -> Q:
        facility_id = user_facility_id(user)
        if facility_id is None:
            return Q(pk__in=[])
        return Q(**{lookup: facility_id})

    return rule


# The network register is not personal: every signed-in role reads it (commune
# workers refer people to it), leadership included.
register_scope(Facility, ScopePolicy(reference=True, public_to_leadership=True))
register_scope(FacilityScopePeriod, ScopePolicy(reference=True, public_to_leadership=True))
register_scope(ServiceType, ScopePolicy(reference=True, public_to_leadership=True))
# Staff are people: the department sees all, a facility its own, no one else.
register_scope(StaffMember, ScopePolicy(facility=_own_facility("facility_id")))
register_scope(StaffAssignment, ScopePolicy(facility=_own_facility("staff__facility_id")))


def _admission_commune_extra(user) -> Q:
    # A collaborator does not see a resident whose case is confidential and not theirs.
    if user.role != "collaborator":
        return Q()
    return Q(case__isnull=True) | Q(case__confidential=False) | Q(case__assigned_worker=user.pk)


def register_admissions() -> None:
    """Residents: the facility its own, a commune its people (wherever they
    live now), the department all, leadership none."""

    register_scope(
        Admission,
        ScopePolicy(
            commune="beneficiary__commune",
            commune_extra=_admission_commune_extra,
            facility=_own_facility("facility_id"),
        ),
    )


register_admissions()
