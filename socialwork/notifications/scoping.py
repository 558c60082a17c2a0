"""Notifications are personal: each user reads only their own. The selectors
filter on the recipient; the policy keeps every role to its own rows too."""

from django.db.models import Q

from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import Notification


def _own(user) -> Q:
    return Q(recipient=user)


register_scope(
    Notification,
    ScopePolicy(
        commune="recipient__area", commune_extra=_own, facility=_own, public_to_leadership=True
    ),
)
