"""Writes on users, tokens and the access log: every change goes through a function here."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from socialwork.history import records_actor

from .capabilities import require
from .models import AccessLog, ApiToken, Role, User, UserSession

# Letters and digits nobody confuses when reading them aloud or off a screen
# (no 0/o, 1/l/i): 12 of them give about 59 bits.
_READABLE = "abcdefghjkmnpqrstuvwxyz23456789"


def _check_may_manage(*, actor: User, user: User) -> None:
    """Department staff manage every login but administrators' and their own;
    administrators manage all but their own."""
    require(actor, "users.manage")
    if actor.pk == user.pk:
        raise PermissionDenied
    if user.is_superuser or user.role == Role.ADMIN:
        require(actor, "users.admins.manage")


def _end_sessions_and_tokens(user: User) -> None:
    UserSession.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()


@transaction.atomic
def user_password_changed(*, user: User, keep_session_key: str | None = None) -> User:
    """A new password ends every other session and every phone token: whoever
    knew the old one is signed out everywhere but in the tab that changed it."""
    UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or "").delete()
    ApiToken.objects.filter(user=user).delete()
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    return user


def temporary_password() -> str:
    """Three groups of four, easy to read out on the phone: 'k7mq-x3tn-4hpa'."""
    chars = "".join(secrets.choice(_READABLE) for _ in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


@records_actor
@transaction.atomic
def user_set_temporary_password(*, user: User, actor: User) -> str:
    """Give a user who forgot their password a temporary one, to be changed at
    the next login. Their open sessions and phone tokens end: whoever had the
    old credentials loses them. Returns the password, to be shown once."""
    _check_may_manage(actor=actor, user=user)
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    _end_sessions_and_tokens(user)
    return password


@records_actor
@transaction.atomic
def user_deactivate(*, user: User, actor: User) -> User:
    """A lost phone or a person who left: the login stops at once, every open
    session and every API token included."""
    _check_may_manage(actor=actor, user=user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    _end_sessions_and_tokens(user)
    return user


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for a phone. Only its hash is kept: the key is returned once."""
    key = ApiToken.new_key()
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
        name=name[:100],
        created_at=now,
        last_used_at=now,
    )
    return token, key


@transaction.atomic
def api_token_delete(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).delete()


def _client_ip(request: HttpRequest | None) -> str | None:
    # The same source django-axes reads (AXES_IPWARE_META_PRECEDENCE_ORDER):
    # behind a proxy, the deployment sets REMOTE_ADDR right.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


# The request AccessLogMiddleware is handling in this thread, if any.
current_request: ContextVar[HttpRequest | None] = ContextVar("access_log_request", default=None)

# How a record names the person it is about, for the models whose person is
# not a plain `beneficiary` field: apps register a function (obj -> person id).
_PERSON_OF: dict[str, Callable[[models.Model], int | None]] = {}


def register_person_of(label: str, person_of: Callable[[models.Model], int | None]) -> None:
    """`person_of(obj)` returns the id of the person a record is about without a
    query (from loaded fields), or None."""
    _PERSON_OF[label] = person_of


def _subject(obj: models.Model) -> tuple[int | None, int | None]:
    """The person and commune a loaded record is about, read from fields already
    loaded along the record's scope path (never a query: a log row costs one
    INSERT): a case's assessment names the case's person and commune."""
    from .scoping import _POLICIES  # scoping imports services: import late

    label = obj._meta.label_lower
    person = _PERSON_OF[label](obj) if label in _PERSON_OF else getattr(obj, "beneficiary_id", None)
    policy = _POLICIES.get(type(obj))
    commune = None
    if policy is not None and policy.commune:
        *hops, last = policy.commune.split("__")
        target = obj
        for hop in hops:
            loaded = target._state.fields_cache.get(hop)
            if loaded is None:
                break
            target = loaded
            if person is None:
                person = getattr(target, "beneficiary_id", None)
        else:
            commune = getattr(target, f"{last}_id", None)
    return person, commune


# Which entry stands for a request when it logged several: a refusal first, then
# a change made to a record (an attachment withdrawn), an export, one record, a list.
_PRECEDENCE = {
    AccessLog.Action.DENIED: 0,
    AccessLog.Action.ADMIN: 1,
    AccessLog.Action.EXPORT: 2,
    AccessLog.Action.VIEW: 3,
    AccessLog.Action.LIST: 4,
}


def log_access(
    *,
    request: HttpRequest | None,
    action: str,
    obj_or_type: models.Model | type[models.Model] | str,
    object_id: object = None,
    detail: str = "",
    user: User | None = None,
    row_count: int | None = None,
    person_id: int | None = None,
    commune_id: int | None = None,
) -> AccessLog:
    """Record that a sensitive record was viewed, a list read or exported (with
    its row count), or a lookup refused. `obj_or_type` is the record, its model
    or a label such as "cases.beneficiary"; `object_id` defaults to the record's
    pk, the person and commune to the record's own.

    Within a request that AccessLogMiddleware handles, the entry waits for the
    end of the request, which writes one row for it (outside any transaction
    the view rolled back); elsewhere (tasks, shells) it is written at once."""
    if isinstance(obj_or_type, str):
        object_type = obj_or_type
    else:
        object_type = obj_or_type._meta.label_lower
        if isinstance(obj_or_type, models.Model):
            if object_id is None:
                object_id = obj_or_type.pk
            person, commune = _subject(obj_or_type)
            person_id = person_id if person_id is not None else person
            commune_id = commune_id if commune_id is not None else commune
    if object_type == "cases.beneficiary" and person_id is None and object_id not in (None, ""):
        person_id = int(str(object_id)) if str(object_id).isdigit() else None
    if request is None:
        # A selector called without the request, inside one: still that request's entry.
        request = current_request.get()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    entry = AccessLog(
        user=user,
        action=action,
        object_type=object_type[:100],
        object_id="" if object_id is None else str(object_id)[:64],
        person_id=person_id,
        commune_id=commune_id,
        row_count=row_count,
        path=request.path[:500] if request is not None else "",
        ip_address=_client_ip(request),
        detail=detail[:500],
    )
    # DRF wraps Django's request: the middleware sees the inner one.
    holder = getattr(request, "_request", request)
    pending = getattr(holder, "access_log_pending", None)
    if pending is None:
        entry.save()
    else:
        pending.append(entry)
    return entry


def access_log_flush(request: HttpRequest) -> AccessLog | None:
    """The one row a request leaves: the entry that says most about it."""
    pending = getattr(request, "access_log_pending", None) or []
    if not pending:
        return None
    entry = min(pending, key=lambda e: _PRECEDENCE.get(e.action, 9))
    # A view that logs the record it already loaded, with more to say (what was
    # shown): the later entry about the same record wins.
    same = [
        e
        for e in pending
        if (e.action, e.object_type, e.object_id)
        == (entry.action, entry.object_type, entry.object_id)
    ]
    entry = same[-1]
    if entry.person_id is None or entry.commune_id is None:
        for e in same:
            entry.person_id = entry.person_id if entry.person_id is not None else e.person_id
            entry.commune_id = entry.commune_id if entry.commune_id is not None else e.commune_id
    # The request's own list: emptied, so a second flush writes nothing more.
    pending.clear()
    entry.save()
    return entry


def access_log_denied_logged(request: HttpRequest) -> bool:
    return any(
        e.action == AccessLog.Action.DENIED for e in getattr(request, "access_log_pending", [])
    )
