"""Writes on users, tokens and the access log: every change goes through a function here."""

from __future__ import annotations

import secrets

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


def log_access(
    *,
    request: HttpRequest | None,
    action: str,
    obj_or_type: models.Model | type[models.Model] | str,
    object_id: object = None,
    detail: str = "",
    user: User | None = None,
) -> AccessLog:
    """Record that a sensitive record was viewed or exported, or that a lookup
    was refused. `obj_or_type` is the record, its model or a label such as
    "cases.beneficiary"; `object_id` defaults to the record's pk."""
    if isinstance(obj_or_type, str):
        object_type = obj_or_type
    else:
        object_type = obj_or_type._meta.label_lower
        if object_id is None and isinstance(obj_or_type, models.Model):
            object_id = obj_or_type.pk
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    if request is not None and action == AccessLog.Action.DENIED:
        # DenialLogMiddleware: one row per refusal (it sees Django's request under DRF's).
        getattr(request, "_request", request).access_denial_logged = True
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=object_type[:100],
        object_id="" if object_id is None else str(object_id)[:64],
        path=request.path[:500] if request is not None else "",
        ip_address=_client_ip(request),
        detail=detail[:500],
    )
