"""Who sees an import: its creator, and department staff / administrators.

Commune-level and facility users see only the jobs they uploaded themselves
(a colleague's file may hold other people's data); leadership sees none.
"""

from django.db.models import Q

from socialwork.accounts.scoping import ScopePolicy, register_scope

from .models import ExportJob, ImportJob, ImportRow


def _own_jobs(user) -> Q:
    return Q(created_by=user)


def _own_rows(user) -> Q:
    return Q(job__created_by=user)


register_scope(ImportJob, ScopePolicy(commune="area", commune_extra=_own_jobs, facility=_own_jobs))
register_scope(
    ImportRow, ScopePolicy(commune="job__area", commune_extra=_own_rows, facility=_own_rows)
)
# Exports: the selector narrows to the requester's own jobs for every role (a
# file holds what its requester may see, not what a colleague may); the policy
# only says who may reach the table at all (leadership exports reports).
register_scope(
    ExportJob, ScopePolicy(commune="area", facility=_own_jobs, public_to_leadership=True)
)
