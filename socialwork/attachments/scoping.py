"""An attachment is seen where its record is: the owner kind's own scope
policy decides (confidential cases, a facility's residents, a commune's people)."""

from django.db.models import Q

from socialwork.accounts.scoping import ScopePolicy, register_scope, scope_for

from .models import Attachment
from .owners import owner_kinds


def _through_owners(user) -> Q:
    rule = Q(pk__in=[])
    for kind in owner_kinds().values():
        # PermissionDenied (leadership) passes through: no one's papers for them.
        visible = scope_for(kind.model._default_manager.all(), user).values("pk")
        rule |= Q(owner_kind=kind.kind, owner_id__in=visible)
    return rule


register_scope(Attachment, ScopePolicy(through=_through_owners))
