"""The kinds of record papers hang on. This platform app knows nothing of the
domain (pyproject's import-linter contracts): each domain app registers its
record here (cases: a person and a case; facilities: an admission; allowances:
an application), with how to find its commune, facility, person and page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model
from django.http import Http404
from django.utils.functional import Promise


@dataclass(frozen=True)
class OwnerKind:
    # The slug stored on each attachment and spelled in its URLs: never rename.
    kind: str
    model: type[Model]
    label: Promise | str
    # Attribute paths on a loaded record ("beneficiary.commune_id"); None: not placed.
    commune: str | None
    person: str | None
    facility: str | None = None
    # The record's page, to come back to after an upload.
    url: Callable[[Model], str] | None = None
    # A lookup on the record's model true for the records a data-subject report
    # leaves out when the person asking is the alleged abuser (a child-protection
    # case, an admission made for one): Decree 56/2017 Art. 24.
    withheld: str | None = None
    # The record's own date field (a lookup), to date generated papers after it.
    dated: str | None = None

    @property
    def person_lookup(self) -> str | None:
        """`person` as a lookup on the record's model ("beneficiary_id", "pk")."""
        return self.person.replace(".", "__") if self.person else None

    def read(self, record: Model, path: str | None):
        if path is None:
            return None
        value = record
        for part in path.split("."):
            value = getattr(value, part, None)
            if value is None:
                return None
        return value


_KINDS: dict[str, OwnerKind] = {}


def register_owner(kind: OwnerKind) -> None:
    _KINDS[kind.kind] = kind


def owner_kinds() -> dict[str, OwnerKind]:
    return dict(_KINDS)


def kind_named(name: str) -> OwnerKind:
    """The registered kind, or 404: a URL naming no kind names no record."""
    try:
        return _KINDS[name]
    except KeyError:
        raise Http404 from None


def kind_of(record: Model) -> OwnerKind:
    for kind in _KINDS.values():
        if isinstance(record, kind.model):
            return kind
    raise LookupError(f"{type(record).__name__} takes no attachments: register it")
