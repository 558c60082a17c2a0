"""The one place that decides what a user may see.

Every view and API endpoint that reads records a user can name by id passes
its queryset through `scope_for(queryset, user)`. Each model says how it is
placed in the network with a `ScopePolicy` registered here; a model without
one is refused, so a new model cannot leak by being forgotten.

- administrators and department staff: the whole province;
- commune official, commune leader, collaborator: their commune;
- facility staff: what the model's `facility` rule gives them;
- leadership: nothing personal (PermissionDenied); dashboards read aggregates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import AccessLog, Role, User


@dataclass(frozen=True)
class ScopePolicy:
    # Lookup from the model to its current commune (an AdministrativeUnit), e.g.
    # "beneficiary__commune". None: the model is not placed in a commune.
    commune: str | None = None
    # Builds the facility staff's filter from the user; None: they see nothing.
    facility: Callable[[object], Q] | None = None
    # Extra rule applied for every commune-level user (confidential cases, say).
    commune_extra: Callable[[object], Q] | None = None
    # Leadership may list these (aggregate registers such as facilities).
    public_to_leadership: bool = False
    # Non-personal reference data everyone signed in may read (areas, categories).
    reference: bool = False
    # Province-wide records that only these roles see (all of them); every other
    # role sees none, leadership a 403. The data-protection unit's registers.
    only_roles: frozenset[str] | None = None
    # Rows that belong to records of other models (attachments): the filter, built
    # from the user with scope_for on those records, that every role below the
    # province gets, so such a row is seen exactly where its record is.
    through: Callable[[object], Q] | None = None


_POLICIES: dict[type[Model], ScopePolicy] = {}


def register_scope(model: type[Model], policy: ScopePolicy) -> None:
    _POLICIES[model] = policy


def policy_for(model: type[Model]) -> ScopePolicy:
    try:
        return _POLICIES[model]
    except KeyError:
        raise LookupError(f"{model.__name__} has no scope policy: register one") from None


def province_code() -> str:
    return settings.PORTAL_PROVINCE_CODE


def scope_for[M: Model](queryset: QuerySet[M], user) -> QuerySet[M]:
    """Narrow `queryset` to the rows `user` may see. Raises PermissionDenied
    where the user's role may see no row of this kind at all."""
    policy = policy_for(queryset.model)
    if not user or not user.is_authenticated or not user.is_active:
        return queryset.none()
    if policy.reference:
        return queryset
    role = user.role
    if policy.only_roles is not None:
        if user.is_superuser or role in policy.only_roles:
            return queryset
        if role == Role.LEADERSHIP:
            raise PermissionDenied
        return queryset.none()
    if role in (Role.ADMIN, Role.DEPARTMENT) or user.is_superuser:
        return queryset
    if policy.through is not None:
        return queryset.filter(policy.through(user))
    if role == Role.LEADERSHIP:
        if policy.public_to_leadership:
            return queryset
        raise PermissionDenied
    if role == Role.FACILITY:
        if policy.facility is None:
            return queryset.none()
        return queryset.filter(policy.facility(user))
    if user.is_commune_level:
        if policy.commune is None or user.area_id is None:
            return queryset.none()
        queryset = queryset.filter(**{f"{policy.commune}_id": user.area_id})
        if policy.commune_extra is not None:
            queryset = queryset.filter(policy.commune_extra(user))
        return queryset
    return queryset.none()


def get_scoped_or_404[M: Model](queryset: QuerySet[M], user, request=None, **lookup) -> M:
    """One record the user may see, or 404. Either way the access log gets its
    entry: the record viewed (personal models; reference data is not logged), or
    the miss, since an id from another commune is how a curious or stolen login
    probes the register. Leadership's PermissionDenied (403) passes through,
    logged as well."""
    from .services import log_access  # services import scoping: import late

    model = queryset.model
    object_id = ",".join(f"{value}" for value in lookup.values())
    try:
        scoped = scope_for(queryset, user)
    except PermissionDenied:
        log_access(
            request=request,
            user=user,
            action=AccessLog.Action.DENIED,
            obj_or_type=model,
            object_id=object_id,
            detail="role",
        )
        raise
    try:
        found = scoped.get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError, ValidationError) as miss:
        # A malformed id ("abc", "null") names no record: a 404 like any other miss.
        log_access(
            request=request,
            user=user,
            action=AccessLog.Action.DENIED,
            obj_or_type=model,
            object_id=object_id,
            detail="not found in scope" if isinstance(miss, model.DoesNotExist) else "malformed id",
        )
        raise Http404 from None
    if is_personal(model):
        log_access(request=request, user=user, action=AccessLog.Action.VIEW, obj_or_type=found)
    return found


def is_personal(model: type[Model]) -> bool:
    """Whether reads of this model are logged: everything but reference data."""
    policy = _POLICIES.get(model)
    return policy is not None and not policy.reference


def register_account_scopes() -> None:
    """Users: the department sees every login; a commune's roles see the logins
    of their commune (pages show them names only); leadership none."""

    register_scope(User, ScopePolicy(commune="area"))
