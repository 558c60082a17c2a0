"""What changed on a person or a case, old → new, in words (issue #17, item 5).

`record_history(*, actor, obj, show_sensitive, limit=30) -> list[HistoryEntry]`
reads the pghistory events of a Beneficiary or a Case (the record is already
in the actor's scope: the caller fetched it through its selector) and turns
each into an entry: when, who, what kind ("Tạo mới", "Cập nhật", "Gộp hồ
sơ"), and the changed fields by their verbose names with the old and new
values as a person reads them (choice labels, names of linked records, dates
dd/mm/yyyy, yes/no). Sensitive fields (DOMAIN §8) show "(hạn chế)" instead of
their values to those who may not see them. Events written in one request
(a merge touches the record twice) are one entry.

A fixed number of queries: the events, the users named, and one query per
kind of linked record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialwork.accounts.models import User

from .casework.scoping import may_see_reporter
from .models import Beneficiary, Case
from .scoping import can_view_sensitive

# Fields whose values only those with `can_view_sensitive` see (DOMAIN §8).
SENSITIVE_FIELDS = frozenset({"ethnicity", "disability_level", "health_notes"})
# Bookkeeping, not a change a person made.
IGNORED = frozenset({"updated_at", "version", "search_key", "client_uuid", "created_at"})
RESTRICTED = gettext_lazy("(hạn chế)")
EMPTY = "—"

LABELS = {
    "insert": gettext_lazy("Tạo mới"),
    "update": gettext_lazy("Cập nhật"),
    "delete": gettext_lazy("Xóa"),
    "merge": gettext_lazy("Gộp hồ sơ"),
}


@dataclass
class Change:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime.datetime
    kind: str
    who: str | None
    changes: list[Change] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(LABELS.get(self.kind, self.kind))


def _fields(model) -> list[models.Field]:
    return [
        f
        for f in model.pgh_event_model._meta.fields
        if not f.name.startswith("pgh_") and f.name not in IGNORED and f.name != "id"
    ]


def _linked_names(events, fields) -> dict[tuple[type, Any], str]:
    """Names of the records the events point at: one query per related model."""
    wanted: dict[type, set] = {}
    for f in fields:
        if f.is_relation and f.related_model is not None:
            ids = {getattr(e, f.attname) for e in events} - {None}
            if ids:
                wanted.setdefault(f.related_model, set()).update(ids)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=ids):
            names[(model, obj.pk)] = str(obj)
    return names


def _display(f: models.Field, value: Any, names) -> str:
    if value is None or value == "":
        return EMPTY
    if f.is_relation and f.related_model is not None:
        return names.get((f.related_model, value), f"#{value}")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list | dict):
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    return str(value)


def _user_of(event) -> int | None:
    if not event.pgh_context_id:
        return None
    return (event.pgh_context.metadata or {}).get("user")


REPORTER_FIELDS = frozenset({"reporter_name", "reporter_phone", "reporter_relation"})


def record_history(
    *,
    actor,
    obj: Beneficiary | Case,
    show_sensitive: bool,
    hidden: frozenset[str] = frozenset(),
    limit: int = 30,
) -> list[HistoryEntry]:
    """`hidden`: more fields to mask (a case's reporter, for those who may not
    know who reported: Decree 56 Art. 24)."""
    model = type(obj)
    events = list(
        model.pgh_event_model.objects.filter(pgh_obj_id=obj.pk)
        .select_related("pgh_context")
        .order_by("-pgh_created_at", "-pgh_id")[: limit + 1]
    )
    fields = _fields(model)
    names = _linked_names(events, fields)
    user_ids = {_user_of(e) for e in events} - {None}
    users = {u.pk: str(u) for u in User.objects.filter(pk__in=user_ids)}

    entries: list[HistoryEntry] = []
    previous_context = None
    # Newest first: each event against the one before it (the next in the list).
    pairs = list(zip(events, [*events[1:], None], strict=False))[:limit]
    for event, before in pairs:
        changes = []
        if before is not None:
            for f in fields:
                old, new = getattr(before, f.attname), getattr(event, f.attname)
                if old == new:
                    continue
                hide = f.name in hidden or (f.name in SENSITIVE_FIELDS and not show_sensitive)
                changes.append(
                    Change(
                        field=f.name,
                        label=str(f.verbose_name),
                        old=str(RESTRICTED) if hide else _display(f, old, names),
                        new=str(RESTRICTED) if hide else _display(f, new, names),
                    )
                )
        kind = event.pgh_label
        url = str((event.pgh_context.metadata or {}).get("url", "")) if event.pgh_context_id else ""
        if any(c.field == "merged_into" for c in changes) or "/merge" in url:
            kind = "merge"
        previous = entries[-1] if entries else None
        # One request, one entry: a merge writes the record more than once.
        if (
            previous is not None
            and event.pgh_context_id
            and previous_context == event.pgh_context_id
        ):
            seen = {c.field for c in previous.changes}
            previous.changes.extend(c for c in changes if c.field not in seen)
            if kind == "merge" or previous.kind == "merge":
                previous.kind = "merge"
            continue
        entries.append(
            HistoryEntry(
                at=event.pgh_created_at, kind=kind, who=users.get(_user_of(event)), changes=changes
            )
        )
        previous_context = event.pgh_context_id
    return entries


def person_history(*, actor, beneficiary: Beneficiary, limit: int = 30) -> list[HistoryEntry]:
    """A person's history as `actor` may read it (sensitive fields masked
    unless they may see them): the person page and the API."""
    return record_history(
        actor=actor,
        obj=beneficiary,
        show_sensitive=can_view_sensitive(actor, beneficiary),
        limit=limit,
    )


def case_history(*, actor, case: Case, limit: int = 30) -> list[HistoryEntry]:
    """A case's history as `actor` may read it: the person's sensitive fields
    and, for those who may not know who reported, the reporter masked."""
    return record_history(
        actor=actor,
        obj=case,
        show_sensitive=can_view_sensitive(actor, case.beneficiary),
        hidden=frozenset() if may_see_reporter(actor, case) else REPORTER_FIELDS,
        limit=limit,
    )
