"""Writes on users: every change goes through a function here."""

from django.db import transaction

from .models import User


@transaction.atomic
def user_password_changed(*, user: User) -> User:
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    return user
