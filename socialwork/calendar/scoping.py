"""Public holidays are reference data: anyone signed in may read them."""

from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import PublicHoliday

register_scope(PublicHoliday, ScopePolicy(reference=True))
