"""Breaches are the department's: placed in no commune or facility, so the
department and administrators see them, other roles none, leadership a 403."""

from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import DataBreach, DataBreachEvent

register_scope(DataBreach, ScopePolicy())
register_scope(DataBreachEvent, ScopePolicy())
