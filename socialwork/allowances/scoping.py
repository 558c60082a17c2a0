"""Standard levels are public reference data (no personal data)."""

from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import StandardLevel

register_scope(StandardLevel, ScopePolicy(reference=True))
