"""Breaches are the department's: placed in no commune or facility, so the
department and administrators see them, other roles none, leadership a 403.
Data-subject requests are the data-protection unit's alone."""

from socialwork.accounts.models import Role
from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import DataBreach, DataBreachEvent, SubjectRequest

register_scope(DataBreach, ScopePolicy())
register_scope(DataBreachEvent, ScopePolicy())
register_scope(SubjectRequest, ScopePolicy(only_roles=frozenset({Role.DATA_PROTECTION})))
