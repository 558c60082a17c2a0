"""What each role may do: one table per app, one engine that reads them.

Scoping (`scoping.py`) decides which rows a user may *see*; this module decides
what they may *do* with them. Each app lists its capabilities in its own
`permissions.py` with `define(...)`, so the table of an app sits beside its
services; everything else asks by name:

- services: `require(actor, "payment_list.lock", commune=commune_id)`;
- views: `@requires("referral.send")`;
- the API: `permission_classes = [Allows("referral.send")]`;
- templates: `{% if can.payment_list.lock %}` (the `can` context processor).

A capability names the roles that hold it and the unit it applies to: a
commune-level actor acts only in their own commune, facility staff only for
their own facility; province roles act anywhere. An unknown name raises, so a
typo cannot silently grant or refuse.

A plain table rather than `rules` (PyPI): the capabilities are data (role ×
action × unit) that the tests print and walk as a matrix and the help page can
list; predicates composed in code would hide that table and still need the
unit checks written here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Role

REFUSED = _("Bạn không có quyền thực hiện thao tác này.")
OTHER_COMMUNE = _("Bạn chỉ thao tác được với hồ sơ của xã mình.")
OTHER_FACILITY = _("Bạn chỉ thao tác được với hồ sơ của cơ sở mình.")

# Everyone who works with personal records: all roles but provincial
# leadership, who read aggregates only (DESIGN: dashboards without personal data).
CASEWORK = frozenset(r for r in Role if r != Role.LEADERSHIP)
PROVINCE = frozenset({Role.DEPARTMENT, Role.ADMIN})


@dataclass(frozen=True)
class Capability:
    name: str
    roles: frozenset[str]
    label: Promise | str
    # The message a refusal shows; the generic one when empty.
    refusal: Promise | str = ""
    # Held by the roles only: a superuser does not hold it by being one. A
    # signature is the signer's (the commune chairman signs the commune's
    # decisions, not the portal's administrator); an inbox is its staff's.
    personal: bool = False


_TABLE: dict[str, Capability] = {}
# "referral", "referral.send"…: the dotted prefixes a template may look up on its way.
_PREFIXES: set[str] = set()
# How to read a facility-staff user's own facility id: the facilities app
# registers it, since accounts (a platform app) knows nothing of facilities.
_facility_of: Callable[[object], int | None] = lambda user: None  # noqa: E731


def define(
    name: str,
    roles: Iterable[str],
    label: Promise | str,
    refusal: Promise | str = "",
    *,
    personal: bool = False,
) -> Capability:
    if name in _TABLE:
        raise ValueError(f"capability {name!r} is defined twice")
    roles = frozenset(roles)
    unknown = roles - set(Role.values)
    if unknown:
        raise ValueError(f"capability {name!r} names unknown roles {sorted(unknown)}")
    capability = Capability(name=name, roles=roles, label=label, refusal=refusal, personal=personal)
    _TABLE[name] = capability
    parts = name.split(".")
    _PREFIXES.update(".".join(parts[:n]) for n in range(1, len(parts)))
    return capability


def register_facility_resolver(resolver: Callable[[object], int | None]) -> None:
    global _facility_of
    _facility_of = resolver


def capability(name: str) -> Capability:
    try:
        return _TABLE[name]
    except KeyError:
        raise LookupError(f"no capability {name!r}: define it in an app's permissions.py") from None


def table() -> dict[str, Capability]:
    """The whole table, for the matrix tests and the help page."""
    return dict(sorted(_TABLE.items()))


def _pk(unit) -> int | None:
    return getattr(unit, "pk", unit)


def refusal(actor, name: str, *, commune=None, facility=None) -> Promise | str | None:
    """Why `actor` may not do `name` on that unit, or None when they may."""
    cap = capability(name)
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return cap.refusal or REFUSED
    if actor.is_superuser and not cap.personal:
        return None
    if actor.role not in cap.roles:
        return cap.refusal or REFUSED
    if commune is not None and actor.is_commune_level and actor.area_id != _pk(commune):
        return OTHER_COMMUNE
    if (
        facility is not None
        and actor.role == Role.FACILITY
        and _facility_of(actor) != _pk(facility)
    ):
        return OTHER_FACILITY
    return None


def can(actor, name: str, *, commune=None, facility=None) -> bool:
    return refusal(actor, name, commune=commune, facility=facility) is None


def require(actor, name: str, *, commune=None, facility=None) -> None:
    """Raise PermissionDenied, with the message to show, unless `actor` may."""
    why = refusal(actor, name, commune=commune, facility=facility)
    if why is not None:
        raise PermissionDenied(why)


def holders(name: str) -> frozenset[str]:
    """The roles holding a capability: for queries that list who may act."""
    return capability(name).roles


def requires(name: str):
    """View decorator: the role must hold `name` (the unit is checked by the
    service once the record is loaded)."""
    capability(name)  # fail at import on a typo

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, name)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def Allows(name: str, *, write: str | None = None):  # noqa: N802  (reads as a class in lists)
    """A DRF permission class: `name` for every request, or for reads only when
    `write` names the capability that unsafe methods need."""
    from rest_framework.permissions import SAFE_METHODS, BasePermission

    capability(name)
    if write is not None:
        capability(write)

    class _Allows(BasePermission):
        def has_permission(self, request, view) -> bool:
            needed = name if write is None or request.method in SAFE_METHODS else write
            why = refusal(request.user, needed)
            if why is not None:
                self.message = why
                return False
            return True

    _Allows.__name__ = f"Allows[{name}{'|' + write if write else ''}]"
    return _Allows


class _Can:
    """`can.referral.send` in a template: nested lookups spell the dotted name."""

    def __init__(self, user, prefix: str = ""):
        self._user = user
        self._prefix = prefix

    def __getitem__(self, part: str):
        name = f"{self._prefix}{part}"
        if name in _TABLE:
            return can(self._user, name)
        if name in _PREFIXES:
            return _Can(self._user, name + ".")
        raise LookupError(f"no capability {name!r}")

    def __bool__(self) -> bool:
        # A prefix alone (`{% if can.referral %}`) is a mistake: never true.
        return False


def context_processor(request) -> dict:
    return {"can": _Can(getattr(request, "user", None))}
