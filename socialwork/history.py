"""Who did what: one key in the history context for every tracked write.

pghistory's HistoryMiddleware records the request's user under "user" (and
re-records it when DRF authenticates a token); services and worker jobs name
their actor the same way, so every history view reads one key. Outside a
request (a Celery job, a management command) the service's context is the only
one, so a job records the user who started it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import pghistory
from django.db.models import Model

ACTOR_KEY = "user"


def history_context(actor, **why: Any):
    """`with history_context(actor, job=7):` tags every tracked write inside it.
    `why` adds what the write belongs to (a job, an import); nested contexts merge."""
    if actor is not None:
        why[ACTOR_KEY] = getattr(actor, "pk", actor)
    return pghistory.context(**why)


def records_actor(service: Callable) -> Callable:
    """A service decorator: its keyword `actor` becomes the history actor."""

    @wraps(service)
    def wrapped(*args, **kwargs):
        with history_context(kwargs.get("actor")):
            return service(*args, **kwargs)

    return wrapped


def event_actor_id(event) -> int | None:
    """The actor of one history event (a pghistory event row), or None."""
    if not event.pgh_context_id:
        return None
    return (event.pgh_context.metadata or {}).get(ACTOR_KEY)


def event_model(model: type[Model]) -> Any:
    """The event model of a tracked model. pghistory makes it (its fields copied from the
    model's) and sets `pgh_event_model` on the class while the apps load, where no type
    stub can see either: Any."""
    return model.pgh_event_model  # type: ignore[attr-defined]  # set by pghistory at setup
