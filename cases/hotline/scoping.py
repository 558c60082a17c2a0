"""Who sees the hotline's call log: the department and the staff of the unit
that took the call (the Social Work Centre). Commune roles see the case a
call opened, never the log with the reporter's identity (Decree 56 Art. 24);
leadership gets 403.

Call `cases.hotline.scoping.register()` once (from CasesConfig.ready())."""

from __future__ import annotations

from django.db.models import Q

from facilities.selectors import user_facility_id
from socialwork.accounts.scoping import ScopePolicy, register_scope

from ..models import HotlineCall


def _own_calls(user) -> Q:
    facility_id = user_facility_id(user)
    if facility_id is None:
        return Q(pk__in=[])
    return Q(facility_id=facility_id)


def register() -> None:
    register_scope(HotlineCall, ScopePolicy(facility=_own_calls))
